"""The navigation offers each tool to the roles that may use it, and to nobody else."""

from django.urls import reverse

from tests.factories import UserFactory

HOME = reverse("dashboard")


def nav(client, person):
    client.force_login(person.user)
    html = client.get(HOME).content.decode()
    return html[html.index('aria-label="Primary navigation"') : html.index("</nav>")]


def test_a_supervisor_is_offered_staffing_and_coverage(client, directorate):
    menu = nav(client, directorate.alpha_lead)
    assert reverse("workforce:staffing") in menu
    assert reverse("workforce:coverage") in menu


def test_someone_who_sees_no_ones_ratings_is_not_offered_staffing(client, directorate):
    menu = nav(client, directorate.outsider)
    assert reverse("workforce:staffing") not in menu
    assert reverse("workforce:coverage") not in menu


def test_a_workforce_manager_is_offered_desk_coverage(client, directorate):
    assert reverse("partners:coverage") in nav(client, directorate.workforce_manager)


def test_a_supervisor_is_not_offered_desk_coverage_they_would_be_refused(client, directorate):
    menu = nav(client, directorate.alpha_lead)
    assert reverse("partners:coverage") not in menu
    assert client.get(reverse("partners:coverage")).status_code == 403


def test_everyone_signed_in_is_offered_mapping_and_the_workforce_export(client, directorate):
    menu = nav(client, directorate.outsider)
    assert reverse("competencies:mapping") in menu
    assert reverse("workforce:export") in menu
    assert client.get(reverse("competencies:mapping")).status_code == 200
    assert client.get(reverse("workforce:export")).status_code == 200


def test_a_workforce_manager_is_offered_the_import_page_for_every_table(client, directorate):
    menu = nav(client, directorate.workforce_manager)
    assert reverse("data-import") in menu
    assert client.get(reverse("data-import")).status_code == 200


def test_an_account_that_may_import_nothing_is_not_offered_the_import_page(client, directorate):
    # An account with no role and no staff record: no area's policy lets it import.
    account = UserFactory(username="visitor")
    client.force_login(account)
    html = client.get(HOME).content.decode()
    menu = html[html.index('aria-label="Primary navigation"') : html.index("</nav>")]
    assert reverse("data-import") not in menu
    assert client.get(reverse("data-import")).status_code == 403


def test_everyone_signed_in_is_offered_the_export_page_for_every_table(client, directorate):
    menu = nav(client, directorate.outsider)
    assert reverse("data-export") in menu
    assert client.get(reverse("data-export")).status_code == 200


def test_a_desk_officer_with_no_controls_work_is_not_offered_the_controls_pages(
    client, directorate
):
    menu = nav(client, directorate.teammate)
    assert reverse("controls:index") not in menu
    assert client.get(reverse("controls:index")).status_code == 403


def test_leadership_is_offered_the_controls_pages(client, directorate):
    menu = nav(client, directorate.leader)
    assert reverse("controls:index") in menu
    assert client.get(reverse("controls:index")).status_code == 200
