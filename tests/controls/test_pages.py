"""Controls pages: who gets them, what they show, and what they cost in queries."""

import datetime

import pytest
from django.urls import reverse

from seccoop.controls import services
from seccoop.controls.models import CountryOutcome, DisclosureCeiling, DisclosureState, Release
from seccoop.partners.services import assign
from tests.controls.conftest import ALL_MET, TODAY

# The decision form's finding and rationale on every disclosure criterion.
CRITERIA_MET = {
    key: value
    for line in ALL_MET
    for key, value in (
        (f"finding_{line.criterion}", line.finding),
        (f"rationale_{line.criterion}", line.rationale),
    )
}

LISTS = [
    "controls:index",
    "controls:disclosure-list",
    "controls:delegation-list",
    "controls:ceiling-list",
    "controls:agreement-list",
    "controls:item-list",
    "controls:delinquencies",
    "controls:nominee-list",
    "controls:vetting-flags",
    "controls:constraint-list",
    "controls:export",
]
DETAILS = {
    "controls:disclosure-detail": "DisclosureRequest",
    "controls:delegation-detail": "DelegationOfDisclosureAuthority",
    "controls:agreement-detail": "SecurityAgreement",
    "controls:item-detail": "EndUseItem",
    "controls:nominee-detail": "Nominee",
    "controls:constraint-detail": "ExecutionConstraint",
}


@pytest.mark.parametrize("name", LISTS)
def test_a_disclosure_specialist_opens_every_controls_page(client, one_of_each, dana, name):
    client.force_login(dana)
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", LISTS)
def test_a_desk_officer_is_refused_every_controls_page(client, one_of_each, directorate, name):
    client.force_login(directorate.teammate.user)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize(("name", "kind"), DETAILS.items())
def test_someone_without_a_role_finds_no_record_page_and_the_probe_is_audited(
    client, one_of_each, directorate, name, kind
):
    # A hidden record is reported missing, as in the API; the attempt is still recorded.
    from seccoop.core.models import AuditAction, AuditEntry

    record = one_of_each[kind]
    client.force_login(directorate.outsider.user)
    assert client.get(reverse(name, args=[record.pk])).status_code == 404
    entry = AuditEntry.objects.get(action=AuditAction.REFUSED)
    assert (entry.actor, entry.model, entry.object_id) == (
        directorate.outsider.user,
        record._meta.label_lower,
        str(record.pk),
    )


@pytest.mark.parametrize(("name", "kind"), DETAILS.items())
def test_leadership_opens_every_record_page_with_its_staffing_ranking(
    client, one_of_each, directorate, name, kind, django_assert_max_num_queries
):
    client.force_login(directorate.leader.user)
    with django_assert_max_num_queries(60):
        response = client.get(reverse(name, args=[one_of_each[kind].pk]))
    assert response.status_code == 200
    assert "Who could take this" in response.content.decode()
    assert "Change history" in response.content.decode()


def test_someone_assigned_opens_the_record_and_the_controls_home(
    client, one_of_each, dana, directorate
):
    item = one_of_each["EndUseItem"]
    assign(user=dana, record=item, person=directorate.teammate, role="EEUM monitor")
    client.force_login(directorate.teammate.user)
    assert client.get(reverse("controls:item-detail", args=[item.pk])).status_code == 200
    assert client.get(reverse("controls:index")).status_code == 200
    other = one_of_each["Nominee"]
    assert client.get(reverse("controls:nominee-detail", args=[other.pk])).status_code == 404


def test_the_disclosure_list_costs_the_same_queries_for_many_requests(
    client, make_request, dana, django_assert_max_num_queries
):
    for number in range(30):
        make_request(title=f"Radar data {number}")
    client.force_login(dana)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("controls:disclosure-list"))
    assert "30 disclosure requests" in response.content.decode()


def test_the_item_list_and_delinquencies_cost_the_same_queries_for_many_items(
    client, make_item, dana, django_assert_max_num_queries
):
    for number in range(25):
        make_item(serial_number=f"NV-{number:04}", arrived_on=datetime.date(2020, 1, 1))
    client.force_login(dana)
    with django_assert_max_num_queries(12):
        listed = client.get(reverse("controls:item-list"))
    with django_assert_max_num_queries(10):
        overdue = client.get(reverse("controls:delinquencies"))
    assert "25 items under monitoring" in listed.content.decode()
    assert "25 inventories overdue" in overdue.content.decode()


def test_a_specialist_records_a_decision_on_the_request_page(client, reviewed_request, dana):
    client.force_login(dana)
    japan = reviewed_request.countries.get(iso_code="JP")
    response = client.post(
        reverse("controls:disclosure-move", args=[reviewed_request.pk]),
        {
            "transition": "approve-with-limitations",
            "reasons": "Co-developer.",
            "conditions": "No source code.",
            f"outcome_{japan.pk}": CountryOutcome.DENIED,
            "version": reviewed_request.version,
            **CRITERIA_MET,
        },
    )
    assert response.status_code == 302
    reviewed_request.refresh_from_db()
    assert reviewed_request.state == DisclosureState.LIMITED


def test_an_illegal_move_on_the_page_shows_why_and_changes_nothing(client, make_request, dana):
    request = make_request()
    client.force_login(dana)
    response = client.post(
        reverse("controls:disclosure-move", args=[request.pk]),
        {"transition": "approve", "reasons": "Fine.", "version": request.version},
    )
    assert response.status_code == 400
    assert "cannot be taken from “Submitted”" in response.content.decode()
    request.refresh_from_db()
    assert request.state == DisclosureState.SUBMITTED


def test_a_refused_release_is_shown_on_the_request_page(client, reviewed_request, dana, controls):
    services.move_disclosure_request(
        user=dana,
        request=reviewed_request,
        name="approve-with-limitations",
        reasons="Co-developer.",
        conditions="France only.",
        criteria=ALL_MET,
        countries=[services.CountryLine(controls.japan, CountryOutcome.DENIED)],
    )
    client.force_login(dana)
    response = client.post(
        reverse("controls:release-new", args=[reviewed_request.pk]),
        {"country": controls.japan.pk, "released_on": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert "did not approve a release to Japan" in response.content.decode()
    assert not Release.objects.exists()


def test_assistance_without_approval_is_flagged_on_the_flags_page(client, one_of_each, dana):
    nominee = one_of_each["Nominee"]
    client.force_login(dana)
    client.post(
        reverse("controls:assistance-new", args=[nominee.pk]),
        {"assistance-provided_on": "2020-01-01", "assistance-description": "Early training"},
    )
    response = client.get(reverse("controls:vetting-flags"))
    assert "1 flagged assistance record" in response.content.decode()
    assert "Early training" in response.content.decode()


def test_the_country_page_shows_its_security_agreements_to_a_specialist(
    client, one_of_each, dana, controls
):
    client.force_login(dana)
    response = client.get(reverse("partners:country-detail", args=[controls.france.pk]))
    page = response.content.decode()
    assert "Foundational security agreements" in page
    assert "U.S.–France GSOMIA" in page


def test_the_country_page_hides_security_agreements_from_a_desk_officer(
    client, one_of_each, directorate, controls
):
    client.force_login(directorate.teammate.user)
    response = client.get(reverse("partners:country-detail", args=[controls.france.pk]))
    assert "Foundational security agreements" not in response.content.decode()


def test_a_specialist_records_a_security_agreement_through_the_form(client, dana, controls):
    client.force_login(dana)
    response = client.post(
        reverse("controls:agreement-new"),
        {
            "country": controls.japan.pk,
            "kind": "gsomia",
            "title": "U.S.–Japan GSOMIA",
            "status": "in-force",
            "signed_on": "2007-08-10",
        },
    )
    assert response.status_code == 200
    assert "An agreement in force has the day it entered into force." in response.content.decode()


# --- ceilings, exceptions and letters ----------------------------------------------------------


def test_a_specialist_enters_a_ceiling_and_the_table_says_it_is_entered_data(
    client, dana, controls, django_assert_max_num_queries
):
    client.force_login(dana)
    response = client.post(
        reverse("controls:ceiling-new"),
        {
            "country": controls.japan.pk,
            "category": "3",
            "level": "C",
            "effective_on": "2026-01-01",
            "source_note": "Chart of 1 Dec 2025 as held by the office",
        },
    )
    assert response.status_code == 302
    with django_assert_max_num_queries(10):
        page = client.get(reverse("controls:ceiling-list")).content.decode()
    assert "Entered data, not the policy" in page
    assert "CONFIDENTIAL" in page


def test_a_ceiling_entered_without_its_source_names_the_field(client, dana, controls):
    client.force_login(dana)
    response = client.post(
        reverse("controls:ceiling-new"),
        {"country": controls.japan.pk, "category": "3", "level": "C", "effective_on": "2026-01-01"},
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not DisclosureCeiling.objects.exists()


def test_the_request_page_flags_a_request_above_the_ceiling(client, make_request, dana):
    request = make_request(information_level="S")
    client.force_login(dana)
    page = client.get(reverse("controls:disclosure-detail", args=[request.pk])).content.decode()
    assert "Needs an exception to National Disclosure Policy" in page
    assert "France: no ceiling is recorded in category 3, so SECRET exceeds it." in page


def test_a_specialist_prepares_an_exception_on_its_page(client, make_request, dana, controls):
    request = make_request(information_level="S")
    client.force_login(dana)
    response = client.post(
        reverse("controls:exception-new", args=[request.pk]),
        {
            "information": "Radar cross-section data.",
            "countries": [controls.japan.pk],
            "justification": "Co-development of the signal processor.",
            **CRITERIA_MET,
        },
    )
    exception = request.policy_exceptions.get()
    assert response.status_code == 302
    assert client.get(reverse("controls:exception-detail", args=[exception.pk])).status_code == 200


def test_the_submitter_is_not_offered_the_decision(client, make_request, dana, controls):
    request = make_request(user=dana)
    services.move_disclosure_request(user=dana, request=request, name="start-review")
    client.force_login(dana)
    page = client.get(reverse("controls:disclosure-detail", args=[request.pk])).content.decode()
    assert "separation of duties" in page
    assert 'value="approve"' not in page
