"""Amendments and modifications as versions of a case (SAMM C6.7)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from seccoop.core.models import StateChange
from seccoop.core.services import ConcurrentEditError
from seccoop.programs.models import Case, CaseState, CaseVersion, VersionKind, VersionState
from seccoop.programs.services import case_versions as versions
from tests.programs.cases_fixtures import *  # noqa: F403 (the case fixtures)
from tests.programs.cases_fixtures import TODAY

pytestmark = pytest.mark.django_db

ACCEPTED = {
    "approved_on": datetime.date(2026, 3, 1),
    "offered_on": datetime.date(2026, 3, 10),
    "offer_expires_on": datetime.date(2026, 5, 25),
    "accepted_on": datetime.date(2026, 4, 20),
    "signed_by": "Gen. Martin, Director, DGA",
}


@pytest.fixture
def accepted_case(case_in):
    return case_in(CaseState.IMPLEMENTED, implemented_on=datetime.date(2026, 5, 1), **ACCEPTED)


def write(case, staff, kind=VersionKind.AMENDMENT, value="3600000", **kwargs):
    kwargs.setdefault("description", "Adds two spare engines the purchaser asked for.")
    if kind == VersionKind.MODIFICATION:
        kwargs.setdefault("grounds", "price")
    return versions.write_version(
        user=staff.desk_officer.user, case=case, kind=kind, value=Decimal(value), **kwargs
    )


def move(version, name, staff, **kwargs):
    kwargs.setdefault("today", TODAY)
    return versions.move_version(user=staff.desk_officer.user, version=version, name=name, **kwargs)


def offered_amendment(case, staff):
    amendment = write(case, staff)
    move(amendment, "offer", staff, values={"approved_on": TODAY})
    return amendment


def test_an_amendment_leaves_the_accepted_version_intact(accepted_case, staff):
    amendment = offered_amendment(accepted_case, staff)
    move(
        amendment,
        "accept",
        staff,
        values={"signed_by": "Col. Durand, DGA", "accepted_on": TODAY + datetime.timedelta(days=5)},
    )

    basic = CaseVersion.objects.get(case=accepted_case, kind=VersionKind.BASIC)
    accepted_case.refresh_from_db()
    assert (basic.value, basic.accepted_on, basic.signed_by) == (
        Decimal("3000000.00"),
        datetime.date(2026, 4, 20),
        "Gen. Martin, Director, DGA",
    )
    assert basic.state == VersionState.ACCEPTED
    assert basic.lines_count == 1
    assert basic.history.count() == 1  # never written again
    assert accepted_case.signed_by == "Gen. Martin, Director, DGA"
    assert accepted_case.accepted_on == datetime.date(2026, 4, 20)


def test_the_case_value_is_that_of_the_latest_version_in_force(accepted_case, staff):
    amendment = offered_amendment(accepted_case, staff)
    assert versions.current_value(accepted_case) == Decimal("3000000.00")

    move(amendment, "accept", staff, values={"signed_by": "Col. Durand, DGA"})
    modification = write(accepted_case, staff, kind=VersionKind.MODIFICATION, value="3700000")
    move(modification, "issue", staff)

    assert versions.current_value(accepted_case) == Decimal("3700000")
    modification.refresh_from_db()
    assert (modification.previous_value, modification.change) == (
        Decimal("3600000.00"),
        Decimal("100000.00"),
    )


def test_amendments_and_modifications_are_numbered_each_in_their_own_order(accepted_case, staff):
    first = write(accepted_case, staff)
    modification = write(accepted_case, staff, kind=VersionKind.MODIFICATION)
    second = write(accepted_case, staff)

    assert [first.code, modification.code, second.code] == ["A01", "M01", "A02"]
    assert second.label == "Amendment 2 (A02)"
    assert CaseVersion.objects.get(case=accepted_case, number=0).code == "Basic"


def test_an_amendment_is_offered_with_its_own_expiration_date_after_the_agency_approval(
    accepted_case, staff
):
    amendment = write(accepted_case, staff)

    move(amendment, "offer", staff, values={"approved_on": datetime.date(2026, 6, 2)})

    amendment.refresh_from_db()
    assert amendment.state == VersionState.OFFERED
    assert amendment.offered_on == TODAY
    assert amendment.offer_expires_on == datetime.date(2026, 8, 26)  # 85 days after approval


def test_acceptance_of_an_amendment_after_its_expiration_date_is_refused(accepted_case, staff):
    amendment = offered_amendment(accepted_case, staff)
    late = amendment.offer_expires_on + datetime.timedelta(days=1)

    with pytest.raises(ValidationError, match="can no longer be accepted"):
        move(amendment, "accept", staff, values={"signed_by": "Col. Durand", "accepted_on": late})

    amendment.refresh_from_db()
    assert amendment.state == VersionState.OFFERED
    assert amendment.accepted_on is None


def test_an_amendment_is_accepted_only_with_the_signature_of_an_official(accepted_case, staff):
    amendment = offered_amendment(accepted_case, staff)

    with pytest.raises(ValidationError, match="authorised official"):
        move(amendment, "accept", staff)


def test_an_unaccepted_amendment_lapses_only_after_its_expiration_date(accepted_case, staff):
    amendment = offered_amendment(accepted_case, staff)

    with pytest.raises(ValidationError, match="lapses only once"):
        move(amendment, "lapse", staff, values={"ended_on": amendment.offer_expires_on})
    move(amendment, "lapse", staff, values={"ended_on": datetime.date(2026, 12, 1)})

    amendment.refresh_from_db()
    assert amendment.state == VersionState.LAPSED
    assert versions.current_value(accepted_case) == Decimal("3000000.00")


def test_a_modification_takes_effect_when_issued_without_the_purchasers_acceptance(
    accepted_case, staff
):
    modification = write(
        accepted_case, staff, kind=VersionKind.MODIFICATION, value="2900000", grounds="delivery"
    )

    move(modification, "issue", staff)

    modification.refresh_from_db()
    assert (modification.state, modification.issued_on, modification.signed_by) == (
        VersionState.ISSUED,
        TODAY,
        "",
    )
    assert versions.current_value(accepted_case) == Decimal("2900000")


def test_a_modification_cannot_be_offered_to_the_purchaser(accepted_case, staff):
    modification = write(accepted_case, staff, kind=VersionKind.MODIFICATION)

    with pytest.raises(ValidationError, match="cannot"):
        move(modification, "offer", staff)


def test_a_modification_names_the_unilateral_change_it_makes(accepted_case, staff):
    with pytest.raises(ValidationError) as refused:
        write(accepted_case, staff, kind=VersionKind.MODIFICATION, grounds="")

    assert "grounds" in refused.value.message_dict
    assert not CaseVersion.objects.filter(case=accepted_case).exists()


def test_a_change_states_its_purpose(accepted_case, staff):
    with pytest.raises(ValidationError) as refused:
        write(accepted_case, staff, description="  ")

    assert "description" in refused.value.message_dict


def test_a_case_not_yet_accepted_cannot_be_amended(case_in, staff):
    case = case_in(CaseState.OFFERED)

    with pytest.raises(ValidationError, match="this case is offered"):
        write(case, staff)

    assert not CaseVersion.objects.filter(case=case).exists()


def test_a_case_whose_supply_is_complete_may_be_modified_for_closure_but_not_amended(
    case_in, staff
):
    case = case_in(CaseState.SUPPLY_COMPLETE, **ACCEPTED)

    with pytest.raises(ValidationError):
        write(case, staff)
    modification = write(case, staff, kind=VersionKind.MODIFICATION, grounds="closure")

    assert modification.state == VersionState.WRITTEN


def test_a_move_against_a_version_someone_changed_since_is_refused(accepted_case, staff):
    amendment = write(accepted_case, staff)
    opened = amendment.version
    move(amendment, "cancel", staff, note="Replaced by a new request.")

    fresh = CaseVersion.objects.get(pk=amendment.pk)
    with pytest.raises(ConcurrentEditError):
        move(fresh, "offer", staff, expected_version=opened)


def test_every_move_of_a_version_is_logged_with_who_made_it(accepted_case, staff):
    amendment = write(accepted_case, staff)
    move(amendment, "cancel", staff, note="The purchaser withdrew the request.")

    change = StateChange.objects.get(object_id=amendment.pk, transition="cancel")
    assert (change.actor, change.note) == (
        staff.desk_officer.user,
        "The purchaser withdrew the request.",
    )
    assert amendment.history.count() == 2


def test_a_supervisor_who_sees_the_case_may_not_amend_it(accepted_case, staff):
    with pytest.raises(PermissionDenied):
        versions.write_version(
            user=staff.alpha_lead.user,
            case=accepted_case,
            kind=VersionKind.AMENDMENT,
            description="Adds spares.",
            value=Decimal("1"),
        )


def test_the_case_page_shows_the_current_version_and_every_earlier_one(
    accepted_case, staff, client
):
    amendment = offered_amendment(accepted_case, staff)
    move(amendment, "accept", staff, values={"signed_by": "Col. Durand, DGA"})
    write(accepted_case, staff, kind=VersionKind.MODIFICATION, value="3650000")
    client.force_login(staff.desk_officer.user)

    page = client.get(reverse("programs:case-detail", args=[accepted_case.pk])).content.decode()

    assert 'id="versions"' in page
    assert "Basic case" in page and "Amendment 1 (A01)" in page and "Modification 1 (M01)" in page
    assert "Current version" in page
    assert "$3,600,000.00" in page


def test_an_amendment_is_written_and_offered_from_the_case_page(accepted_case, staff, client):
    client.force_login(staff.desk_officer.user)
    url = reverse("programs:case-version-new", args=[accepted_case.pk])

    client.post(
        url,
        {
            "version-kind": "amendment",
            "version-description": "Adds a training package.",
            "version-value": "3400000",
        },
    )
    amendment = CaseVersion.objects.get(case=accepted_case, kind=VersionKind.AMENDMENT)
    client.post(
        reverse("programs:case-version-move", args=[amendment.pk, "offer"]),
        {
            "version": amendment.version,
            "offer-approved_on": "2026-06-02",
            "offer-offered_on": "2026-06-03",
        },
    )

    amendment.refresh_from_db()
    assert amendment.state == VersionState.OFFERED
    assert amendment.offer_expires_on == datetime.date(2026, 8, 26)


def test_a_refused_version_form_names_the_field_and_writes_nothing(accepted_case, staff, client):
    client.force_login(staff.desk_officer.user)

    response = client.post(
        reverse("programs:case-version-new", args=[accepted_case.pk]),
        {"version-kind": "modification", "version-description": "Price", "version-value": "1"},
        follow=True,
    )

    assert "Say which unilateral change" in response.content.decode()
    assert not CaseVersion.objects.filter(case=accepted_case).exists()


def test_the_api_lists_writes_and_moves_versions(accepted_case, staff, client):
    client.force_login(staff.desk_officer.user)
    base = f"/api/v1/cases/{accepted_case.pk}/versions"

    created = client.post(
        base,
        {"kind": "modification", "grounds": "payment", "description": "Moves the second "
         "payment to June.", "value": "3000000"},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    moved = client.post(
        f"/api/v1/case-versions/{body['id']}/transitions/issue",
        {"version": body["version"]},
        content_type="application/json",
    )
    listed = client.get(base).json()

    assert moved.status_code == 200, moved.content
    assert [(v["code"], v["state"]) for v in listed] == [("Basic", "accepted"), ("M01", "issued")]


def test_the_api_refuses_a_late_acceptance_with_400_and_changes_nothing(
    accepted_case, staff, client
):
    amendment = offered_amendment(accepted_case, staff)
    client.force_login(staff.desk_officer.user)

    response = client.post(
        f"/api/v1/case-versions/{amendment.pk}/transitions/accept",
        {"version": amendment.version, "signed_by": "Col. Durand", "accepted_on": "2027-01-01"},
        content_type="application/json",
    )

    assert response.status_code == 400
    amendment.refresh_from_db()
    assert amendment.state == VersionState.OFFERED


def test_the_demo_shows_an_amended_and_modified_case_and_an_amendment_on_offer(seed_framework):
    from tests.programs.test_cases_demo import load_demo

    load_demo()

    shown = {
        (version.case.identifier, version.code, version.state)
        for version in CaseVersion.objects.select_related("case")
    }
    assert {
        ("UK-P-QAA", "Basic", "accepted"),
        ("UK-P-QAA", "A01", "accepted"),
        ("UK-P-QAA", "M01", "issued"),
        ("PL-B-ZAD", "A01", "offered"),
    } <= shown
    assert not Case.objects.filter(state__in=["written", "reviewed"], aod_group="").exists()
