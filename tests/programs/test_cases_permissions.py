"""Who sees and works which case: desks, the chain above them, program teams, assignees."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from seccoop.programs.models import Case
from seccoop.programs.services import cases as services
from seccoop.programs.transfer_cases import export_table
from tests.clients import token_client as api_client
from tests.programs.cases_fixtures import *  # noqa: F403 (the case fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_and_japanese_cases(new_case, staff):
    french = new_case(staff.desk_officer, identifier="FR-D-AAA", title="French maritime case")
    japanese = new_case(
        staff.japan_desk_officer,
        country=staff.japan,
        identifier="JA-D-BBB",
        title="Japanese air defense case",
    )
    return french, japanese


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def visible_identifiers(person):
    return set(Case.objects.visible_to(person.user).values_list("identifier", flat=True))


def test_a_desk_officer_sees_the_cases_of_their_own_countries_only(
    french_and_japanese_cases, staff
):
    assert visible_identifiers(staff.desk_officer) == {"FR-D-AAA"}
    assert visible_identifiers(staff.japan_desk_officer) == {"JA-D-BBB"}


def test_a_desk_officer_cannot_open_another_desks_case_page_by_id(french_and_japanese_cases, staff):
    _, japanese = french_and_japanese_cases

    response = signed_in(staff.desk_officer).get(
        reverse("programs:case-detail", args=[japanese.pk])
    )

    assert response.status_code == 404


def test_a_desk_officer_does_not_find_another_desks_case_in_the_list(
    french_and_japanese_cases, staff
):
    response = signed_in(staff.desk_officer).get(reverse("programs:case-list"))

    assert "FR-D-AAA" in response.text
    assert "JA-D-BBB" not in response.text


def test_a_desk_officer_does_not_export_another_desks_cases(french_and_japanese_cases, staff):
    response = signed_in(staff.desk_officer).get(
        reverse("programs:case-export"), {"kind": "cases", "format": "csv"}
    )

    text = response.content.decode("utf-8-sig")
    assert "FR-D-AAA" in text
    assert "JA-D-BBB" not in text


def test_a_desk_officer_does_not_export_another_desks_case_lines(french_and_japanese_cases, staff):
    _, japanese = french_and_japanese_cases
    services.add_line(user=staff.japan_desk_officer.user, case=japanese, description="Radars")

    rows = list(export_table("case-lines", user=staff.desk_officer.user).rows)

    assert rows == []


def test_a_desk_officer_gets_a_404_for_another_desks_case_in_the_api(
    french_and_japanese_cases, staff
):
    _, japanese = french_and_japanese_cases
    client = api_client(staff.desk_officer)

    assert client.get(f"/api/v1/cases/{japanese.pk}").status_code == 404
    listed = client.get("/api/v1/cases").json()
    assert [item["identifier"] for item in listed["items"]] == ["FR-D-AAA"]


def test_a_desk_officer_cannot_move_another_desks_case_through_the_api(
    french_and_japanese_cases, staff
):
    _, japanese = french_and_japanese_cases

    response = api_client(staff.desk_officer).post(
        f"/api/v1/cases/{japanese.pk}/transitions/complete_request",
        data={"version": japanese.version},
        content_type="application/json",
    )

    assert response.status_code == 404
    japanese.refresh_from_db()
    assert japanese.state == "request-received"


def test_the_backup_desk_officer_sees_the_countrys_cases(french_and_japanese_cases, staff):
    assert visible_identifiers(staff.backup_desk_officer) == {"FR-D-AAA"}


def test_a_supervisor_sees_the_cases_of_the_desks_below_them(french_and_japanese_cases, staff):
    assert visible_identifiers(staff.alpha_lead) == {"FR-D-AAA"}
    assert visible_identifiers(staff.bravo_lead) == {"JA-D-BBB"}


def test_leadership_and_administrators_see_every_case(french_and_japanese_cases, staff):
    assert visible_identifiers(staff.leadership) == {"FR-D-AAA", "JA-D-BBB"}
    assert visible_identifiers(staff.administrator) == {"FR-D-AAA", "JA-D-BBB"}


def test_someone_with_no_role_sees_no_case(french_and_japanese_cases, staff):
    assert visible_identifiers(staff.outsider) == set()


def test_a_program_team_member_sees_the_cases_of_their_own_unit(french_and_japanese_cases, staff):
    french, _ = french_and_japanese_cases
    Case.objects.filter(pk=french.pk).update(org_unit=staff.directorate.alpha)

    assert visible_identifiers(staff.program_member) == {"FR-D-AAA"}
    assert visible_identifiers(staff.other_program_member) == set()


def test_a_person_assigned_to_a_case_sees_it(french_and_japanese_cases, staff):
    _, japanese = french_and_japanese_cases
    services.assign_staff(
        user=staff.japan_desk_officer.user,
        case=japanese,
        person=staff.other_program_member,
        role="financial analyst",
    )

    assert visible_identifiers(staff.other_program_member) == {"JA-D-BBB"}


def test_a_desk_officer_cannot_open_a_case_for_a_country_they_do_not_cover(new_case, staff):
    with pytest.raises(PermissionDenied):
        new_case(staff.desk_officer, country=staff.japan)

    assert not Case.objects.exists()


def test_a_program_team_member_opens_a_case_for_their_own_unit(new_case, staff):
    case = new_case(staff.program_member, country=staff.japan)

    assert case.org_unit == staff.directorate.alpha
    assert visible_identifiers(staff.program_member) == {case.identifier}


def test_someone_with_no_role_cannot_open_a_case_page(staff):
    response = signed_in(staff.outsider).get(reverse("programs:case-new"))

    assert response.status_code == 403


def test_only_administrators_archive_a_case(french_and_japanese_cases, staff):
    from seccoop.core.permissions import can

    french, _ = french_and_japanese_cases

    assert not can(staff.desk_officer.user, "archive", french)
    assert can(staff.administrator.user, "archive", french)
