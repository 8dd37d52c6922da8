"""An edit is judged on the record it leaves behind, not only on the record as stored.

Each test takes a persona who may change a record and tries to move it where
they could no longer see or change it (another country, another team), on a
page and through the API. The answer is 403 on both, and the record, its
links and its history are as they were.
"""

import pytest
from django.test import Client
from django.urls import reverse

from seccoop.programs.models import Agreement, Case, Program
from tests.clients import token_client as api_client
from tests.programs.cases_fixtures import *  # noqa: F403 (the case fixtures)

pytestmark = pytest.mark.django_db


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def as_stored(record) -> tuple:
    """What a refused edit must leave untouched: the row, its links and its history."""
    fresh = type(record).objects.get(pk=record.pk)
    countries = (
        sorted(fresh.countries.values_list("iso_code", flat=True))
        if hasattr(fresh, "countries")
        else None
    )
    row = {field.attname: getattr(fresh, field.attname) for field in fresh._meta.concrete_fields}
    return row, countries, fresh.history.count()


def case_form(case, **changes) -> dict:
    data = {
        "case-identifier": case.identifier,
        "case-title": case.title,
        "case-country": case.country_id,
        "case-kind": case.kind,
        "case-implementing_agency": case.implementing_agency,
        "case-org_unit": case.org_unit_id or "",
        "case-description": case.description,
        "case-offer_validity_days": case.offer_validity_days,
        "case-version": case.version,
    }
    data.update({f"case-{name}": value for name, value in changes.items()})
    return data


# --- cases: country and program team ----------------------------------------------


def test_a_desk_officer_cannot_move_their_case_to_a_country_they_do_not_hold_on_the_case_page(
    new_case, staff
):
    case = new_case(staff.desk_officer)
    before = as_stored(case)

    response = signed_in(staff.desk_officer).post(
        reverse("programs:case-edit", args=[case.pk]),
        case_form(case, country=staff.japan.pk, identifier="JA-D-MOV"),
    )

    assert response.status_code == 403
    assert as_stored(case) == before


def test_a_desk_officer_still_moves_a_case_between_two_countries_they_hold(new_case, staff):
    # The re-check refuses only what leaves the editor's reach.
    staff.japan.backup_desk_officer = staff.desk_officer
    staff.japan.save()
    case = new_case(staff.desk_officer)

    response = signed_in(staff.desk_officer).post(
        reverse("programs:case-edit", args=[case.pk]),
        case_form(case, country=staff.japan.pk, identifier="JA-D-MOV"),
    )

    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).country == staff.japan


def test_a_program_team_member_cannot_hand_their_case_to_another_team_through_the_api(
    new_case, staff
):
    # Pat sees this Japanese case only because it belongs to his team.
    case = new_case(staff.program_member, country=staff.japan, identifier="JA-D-PAT")
    bravo = staff.other_program_member.position.org_unit
    before = as_stored(case)

    response = api_client(staff.program_member).patch(
        f"/api/v1/cases/{case.pk}",
        {"version": case.version, "org_unit_id": bravo.pk},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert as_stored(case) == before


def test_a_program_team_member_cannot_hand_their_case_to_another_team_on_the_case_page(
    new_case, staff
):
    case = new_case(staff.program_member, country=staff.japan, identifier="JA-D-PAT")
    bravo = staff.other_program_member.position.org_unit
    before = as_stored(case)

    response = signed_in(staff.program_member).post(
        reverse("programs:case-edit", args=[case.pk]), case_form(case, org_unit=bravo.pk)
    )

    assert response.status_code == 403
    assert as_stored(case) == before


# --- programs and agreements: their countries (many-to-many) ------------------------


def program_form(program, **changes) -> dict:
    data = {
        "name": program.name,
        "kind": program.kind,
        "description": program.description,
        "countries": [country.pk for country in program.countries.all()],
        "org_unit": program.org_unit_id or "",
        "fiscal_year": program.fiscal_year or "",
        "version": program.version,
    }
    data.update(changes)
    return data


def test_a_desk_officer_cannot_move_a_program_to_countries_they_do_not_hold_through_the_api(
    make_program, staff
):
    program = make_program()
    before = as_stored(program)

    response = api_client(staff.desk_officer).patch(
        f"/api/v1/programs/{program.pk}",
        {"version": program.version, "countries": ["JP"]},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert as_stored(program) == before


def test_a_desk_officer_cannot_move_a_program_to_countries_they_do_not_hold_on_its_page(
    make_program, staff
):
    program = make_program()
    before = as_stored(program)

    response = signed_in(staff.desk_officer).post(
        reverse("programs:program-edit", args=[program.pk]),
        program_form(program, countries=[staff.japan.pk]),
    )

    assert response.status_code == 403
    assert as_stored(program) == before


def test_a_desk_officer_cannot_add_a_program_they_would_not_see(staff):
    count = Program.objects.count()

    response = api_client(staff.desk_officer).post(
        "/api/v1/programs",
        {"name": "Coalition C2", "kind": "cwp", "countries": ["JP"]},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert Program.objects.count() == count


def test_a_desk_officer_cannot_move_an_agreement_to_countries_they_do_not_hold(
    make_agreement, staff
):
    agreement = make_agreement()
    before = as_stored(agreement)

    response = api_client(staff.desk_officer).patch(
        f"/api/v1/agreements/{agreement.pk}",
        {"version": agreement.version, "countries": ["JP"]},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert as_stored(agreement) == before
    assert Agreement.objects.get(pk=agreement.pk).countries.get().iso_code == "FR"


def test_the_refusal_is_recorded_in_the_audit_log(make_program, staff):
    from seccoop.core.models import AuditAction, AuditEntry

    program = make_program()

    api_client(staff.desk_officer).patch(
        f"/api/v1/programs/{program.pk}",
        {"version": program.version, "countries": ["JP"]},
        content_type="application/json",
    )

    entry = AuditEntry.objects.filter(action=AuditAction.REFUSED).get()
    assert entry.actor == staff.desk_officer.user
    assert "could no longer see or change it" in entry.detail


def test_a_case_edit_without_the_version_opened_is_refused_naming_it(new_case, staff):
    case = new_case(staff.desk_officer)
    before = as_stored(case)
    data = case_form(case, title="Renamed")
    del data["case-version"]

    response = signed_in(staff.desk_officer).post(
        reverse("programs:case-edit", args=[case.pk]), data
    )

    assert response.status_code == 400
    assert "version" in response.context["case_form"].errors
    assert as_stored(case) == before


def test_a_case_move_without_the_version_opened_is_refused_and_changes_nothing(new_case, staff):
    case = new_case(staff.desk_officer)
    before = as_stored(case)

    response = signed_in(staff.desk_officer).post(
        reverse("programs:case-move", args=[case.pk, "complete_request"]), {}, follow=True
    )

    assert "The version you opened is missing" in response.text
    assert as_stored(case) == before
