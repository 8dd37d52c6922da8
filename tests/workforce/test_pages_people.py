"""The people directory and a person's page: who sees what, and at what cost."""

import pytest
from django.urls import reverse

from seccoop.workforce.models import Rating, RatingSource
from seccoop.workforce.services import record_rating
from tests.factories import PersonFactory, PositionFactory


def person_page(person):
    return reverse("workforce:person-detail", args=[person.pk])


def rate(d, person, code, level, *, by=None, source=RatingSource.SUPERVISOR):
    record_rating(
        user=(by or d.alpha_lead).user,
        person=person,
        competency=d.framework.competencies.get(code=code),
        level=level,
        source=source,
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, directorate):
    for url in (reverse("workforce:person-list"), person_page(directorate.teammate)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_someone_without_a_role_sees_the_directory(client, directorate):
    client.force_login(directorate.outsider.user)
    page = client.get(reverse("workforce:person-list")).text
    assert "Teammate, Tina" in page
    assert "Desk Officer (Tina)" in page
    assert "Alpha Team" in page


def test_the_directory_searches_by_name(client, directorate):
    client.force_login(directorate.outsider.user)
    page = client.get(reverse("workforce:person-list"), {"q": "tina"}).text
    assert "Teammate, Tina" in page
    assert "Underling, Uma" not in page


def test_the_directory_filters_by_org_unit_and_below(client, directorate):
    d = directorate
    client.force_login(d.outsider.user)
    page = client.get(reverse("workforce:person-list"), {"org_unit": d.bravo.pk}).text
    assert "Bravo, Bob" in page
    assert "Teammate, Tina" not in page
    division = client.get(reverse("workforce:person-list"), {"org_unit": d.division.pk}).text
    assert "Bravo, Bob" in division and "Teammate, Tina" in division


def test_the_directory_filters_by_role_type(client, directorate):
    d = directorate
    client.force_login(d.outsider.user)
    page = client.get(reverse("workforce:person-list"), {"role_type": d.lead_type.pk}).text
    assert "Supervisor, Sam" in page
    assert "Teammate, Tina" not in page


def test_the_directory_shows_fifty_people_a_page(client, directorate):
    PersonFactory.create_batch(60)
    client.force_login(directorate.outsider.user)
    first = client.get(reverse("workforce:person-list")).text
    assert first.count('<th scope="row" data-label="Name">') == 50
    assert 'class="usa-pagination"' in first
    second = client.get(reverse("workforce:person-list"), {"page": 2}).text
    assert second.count('<th scope="row" data-label="Name">') == 60 + 9 - 50


def test_someone_without_a_role_cannot_see_a_colleagues_ratings(client, directorate):
    d = directorate
    rate(d, d.teammate, "1.A", 3)
    client.force_login(d.outsider.user)
    page = client.get(person_page(d.teammate)).text
    assert 'id="gap-table"' not in page
    assert "3 Intermediate" not in page
    assert "Ratings are visible only to the person, their supervisor chain" in page


def test_a_staff_member_sees_their_own_gaps(client, directorate):
    d = directorate
    rate(d, d.teammate, "1.A", 2)
    client.force_login(d.teammate.user)
    page = client.get(person_page(d.teammate)).text
    row = page[page.index('<th scope="row">1.A') :]
    row = row[: row.index("</tr>")]
    assert "3 Intermediate" in row  # required by the desk officer template
    assert "2 Basic" in row  # the current level
    assert "1 below" in row
    assert "Supervisor" in row


def test_the_gap_table_lists_every_sub_competency_under_its_competency(client, directorate):
    client.force_login(directorate.teammate.user)
    page = client.get(person_page(directorate.teammate)).text
    assert page.count('<th scope="rowgroup"') == 9
    gap_table = page[page.index('id="gap-table"') : page.index("Rating history")]
    assert gap_table.count('<th scope="row">') == 58


def test_a_workforce_manager_sees_everyones_ratings(client, directorate):
    d = directorate
    rate(d, d.bravo_member, "4.C", 4, by=d.bravo_lead)
    client.force_login(d.workforce_manager.user)
    for person in (d.teammate, d.bravo_member, d.alpha_lead):
        assert 'id="gap-table"' in client.get(person_page(person)).text
    assert "4 Advanced" in client.get(person_page(d.bravo_member)).text


def test_a_supervisor_cannot_see_the_ratings_of_another_team(client, directorate):
    client.force_login(directorate.alpha_lead.user)
    page = client.get(person_page(directorate.bravo_member)).text
    assert 'id="gap-table"' not in page
    assert "Rate this person" not in page


def test_the_rating_history_lists_every_rating_newest_first(client, directorate):
    d = directorate
    rate(d, d.teammate, "1.D", 2)
    rate(d, d.teammate, "1.D", 4, by=d.workforce_manager, source=RatingSource.VALIDATED)
    client.force_login(d.teammate.user)
    page = client.get(person_page(d.teammate)).text
    history = page[page.index("Rating history") :]
    assert history.index("4 Advanced") < history.index("2 Basic")
    assert "Walter Manager" in history and "Sam Supervisor" in history


def test_a_person_page_shows_supervisor_and_direct_reports(client, directorate):
    d = directorate
    client.force_login(d.outsider.user)
    page = client.get(person_page(d.alpha_lead)).text
    assert "Lee Leader" in page
    reports = page[page.index("Direct reports") : page.index("Proficiency and gaps")]
    assert "Tina Teammate" in reports and "Uma Underling" in reports
    assert "Bob Bravo" not in reports


def test_a_supervisor_is_offered_to_rate_a_team_member(client, directorate):
    client.force_login(directorate.alpha_lead.user)
    page = client.get(person_page(directorate.teammate)).text
    assert reverse("workforce:rate-person", args=[directorate.teammate.pk]) in page


def test_the_person_page_shows_the_change_history_after_an_edit(client, directorate):
    d = directorate
    person = d.teammate
    person.grade = "GS-13"
    person.save()
    person.grade = "GS-14"
    person._history_user = d.workforce_manager.user
    person.save()
    client.force_login(d.outsider.user)
    page = client.get(person_page(person)).text
    history = page[page.index("Change history") :]
    assert "Grade: from GS-13 to GS-14" in history
    assert "Walter Manager" in history


def test_the_change_history_names_the_org_unit_a_person_moved_to(client, directorate):
    d = directorate
    person = d.outsider
    person.org_unit = d.bravo
    person.save()
    client.force_login(d.outsider.user)
    page = client.get(person_page(person)).text
    assert "Org unit: from — to Bravo Team" in page


def crowd(d, size):
    """`size` more desk officers under Sam, each rated once and edited once."""
    for index in range(size):
        member = PersonFactory()
        PositionFactory(
            incumbent=member,
            role_type=d.role_type,
            org_unit=d.alpha,
            reports_to=d.alpha_lead.position,
        )
        Rating.objects.create(
            person=d.alpha_lead,
            competency=d.framework.competencies.get(code="1.A"),
            level=index % 6,
            source=RatingSource.SUPERVISOR,
            rated_on="2025-01-01",
            rater=d.leader.user,
        )
        d.alpha_lead.grade = f"GS-{index}"
        d.alpha_lead.save()


@pytest.mark.parametrize("size", [5, 30])
def test_the_directory_reads_a_fixed_number_of_queries(
    client, directorate, django_assert_max_num_queries, size
):
    crowd(directorate, size)
    client.force_login(directorate.outsider.user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("workforce:person-list"))
    assert response.text.count('data-label="Name"') == size + 9


@pytest.mark.parametrize("size", [5, 30])
def test_the_person_page_reads_a_fixed_number_of_queries(
    client, directorate, django_assert_max_num_queries, size
):
    d = directorate
    crowd(d, size)
    client.force_login(d.leader.user)
    with django_assert_max_num_queries(23):
        response = client.get(person_page(d.alpha_lead))
    assert response.text.count("Lee Leader") >= size
