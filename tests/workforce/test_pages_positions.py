"""Position and org unit pages: what a position requires, and the shape of the organization."""

import pytest
from django.urls import reverse

from seccoop.workforce.models import Clearance, PersonnelCategory, Position
from tests.factories import OrgUnitFactory, PersonFactory, PositionFactory


def test_a_position_page_shows_its_place_and_its_template(client, directorate):
    d = directorate
    d.role_type.templates.update(rationale="Desk officers brief partners on their region.")
    client.force_login(d.outsider.user)
    page = client.get(reverse("workforce:position-detail", args=[d.teammate.position.pk])).text
    assert "Desk Officer (Tina)" in page
    assert "Country desk officer" in page
    assert "Alpha Team" in page
    assert "Tina Teammate" in page
    assert "Alpha Team Lead" in page and "(Sam Supervisor)" in page
    assert "Desk officers brief partners on their region." in page
    requirements = page[page.index("What the position requires") : page.index("Change history")]
    assert requirements.count('<th scope="row">') == 3
    assert "4 Advanced" in requirements  # 1.D


def test_a_position_page_shows_the_billets_grade_category_clearance_and_funding(
    client, directorate
):
    d = directorate
    Position.objects.filter(pk=d.teammate.position.pk).update(
        grade="GS-13",
        personnel_category=PersonnelCategory.CIVILIAN,
        required_clearance=Clearance.SECRET,
        funded=True,
    )
    client.force_login(d.outsider.user)
    page = client.get(reverse("workforce:position-detail", args=[d.teammate.position.pk])).text
    assert "GS-13" in page and "Civilian" in page and "Secret" in page
    assert "Funded, filled" in page


def test_a_position_without_billet_attributes_says_they_are_not_set(client, directorate):
    d = directorate
    client.force_login(d.outsider.user)
    page = client.get(reverse("workforce:position-detail", args=[d.teammate.position.pk])).text
    assert page.count("Not set") == 3


def test_a_position_without_a_template_says_so(client, directorate):
    d = directorate
    client.force_login(d.outsider.user)
    page = client.get(reverse("workforce:position-detail", args=[d.alpha_lead.position.pk])).text
    assert "has no requirement template" in page


def test_the_position_list_filters_vacant_positions(client, directorate):
    d = directorate
    PositionFactory(title="Vacant Analyst", role_type=d.role_type, org_unit=d.bravo)
    client.force_login(d.outsider.user)
    page = client.get(reverse("workforce:position-list"), {"vacant": "true"}).text
    assert "Vacant Analyst" in page
    assert "Desk Officer (Tina)" not in page


def test_the_org_unit_tree_nests_teams_under_their_division(client, directorate):
    client.force_login(directorate.outsider.user)
    page = client.get(reverse("workforce:orgunit-list")).text
    division = page.index("Armaments Cooperation Division")
    nested = page[division : page.index("</li>", page.index("Bravo Team"))]
    assert nested.count('<ul class="usa-list">') == 1
    assert "Alpha Team" in nested and "Bravo Team" in nested


def test_an_org_unit_page_shows_sub_units_positions_and_people(client, directorate):
    d = directorate
    client.force_login(d.outsider.user)
    division = client.get(reverse("workforce:orgunit-detail", args=[d.division.pk])).text
    assert "Alpha Team" in division and "Bravo Team" in division
    assert "Division Chief" in division
    alpha = client.get(reverse("workforce:orgunit-detail", args=[d.alpha.pk])).text
    assert "Armaments Cooperation Division" in alpha  # the breadcrumb
    assert "Teammate, Tina" in alpha and "Underling, Uma" in alpha
    assert "Bravo, Bob" not in alpha


def test_anonymous_visitors_are_sent_to_sign_in_from_org_units(client, directorate):
    response = client.get(reverse("workforce:orgunit-list"))
    assert response.status_code == 302


def staff_unit(d, size):
    """A team of `size` desk officers, its position edited `size` times."""
    unit = OrgUnitFactory(name="Charlie Team", parent=d.division)
    for _ in range(size):
        PositionFactory(incumbent=PersonFactory(), role_type=d.role_type, org_unit=unit)
        OrgUnitFactory(parent=unit)
    position = d.teammate.position
    for index in range(size):
        position.title = f"Desk Officer {index}"
        position.org_unit = d.bravo if index % 2 else d.alpha
        position.save()
    return unit


@pytest.mark.parametrize("size", [5, 30])
def test_the_org_unit_page_reads_a_fixed_number_of_queries(
    client, directorate, django_assert_max_num_queries, size
):
    unit = staff_unit(directorate, size)
    client.force_login(directorate.outsider.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workforce:orgunit-detail", args=[unit.pk]))
    assert response.text.count('data-label="Incumbent"') == size


@pytest.mark.parametrize("size", [5, 30])
def test_the_position_page_reads_a_fixed_number_of_queries(
    client, directorate, django_assert_max_num_queries, size
):
    staff_unit(directorate, size)
    client.force_login(directorate.outsider.user)
    with django_assert_max_num_queries(16):
        response = client.get(
            reverse("workforce:position-detail", args=[directorate.teammate.position.pk])
        )
    assert response.text.count("Title: from") == size


@pytest.mark.parametrize("size", [5, 30])
def test_the_org_unit_tree_reads_a_fixed_number_of_queries(
    client, directorate, django_assert_max_num_queries, size
):
    staff_unit(directorate, size)
    client.force_login(directorate.outsider.user)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("workforce:orgunit-list"))
    assert response.text.count("(Team)") >= size
