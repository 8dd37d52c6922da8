"""The controls API: the same rules as the pages, 400 for an illegal transition."""

import json

import pytest

from seccoop.controls.models import DisclosureState, EndUseItem, Release
from tests.controls.conftest import ALL_MET

BASE = "/api/v1"


def version_of(record) -> int:
    """The version a client reading the record now would send back."""
    return type(record).objects.get(pk=record.pk).version


def post(client, path, body):
    return client.post(BASE + path, json.dumps(body), content_type="application/json")


LISTS = [
    "/disclosure-requests",
    "/disclosure-delegations",
    "/disclosure-ceilings",
    "/policy-restrictions",
    "/security-agreements",
    "/end-use-items",
    "/end-use-delinquencies",
    "/vetting-nominees",
    "/vetting-flags",
    "/execution-constraints",
]
DETAILS = {
    "/disclosure-requests/{}": "DisclosureRequest",
    "/disclosure-delegations/{}": "DelegationOfDisclosureAuthority",
    "/security-agreements/{}": "SecurityAgreement",
    "/end-use-items/{}": "EndUseItem",
    "/vetting-nominees/{}": "Nominee",
    "/execution-constraints/{}": "ExecutionConstraint",
}


@pytest.mark.parametrize("path", LISTS)
def test_a_desk_officer_is_refused_every_controls_list(client, one_of_each, directorate, path):
    client.force_login(directorate.teammate.user)
    assert client.get(BASE + path).status_code == 403


@pytest.mark.parametrize(("path", "kind"), DETAILS.items())
def test_a_record_is_missing_for_someone_who_may_not_see_it(
    client, one_of_each, directorate, path, kind
):
    client.force_login(directorate.outsider.user)
    assert client.get(BASE + path.format(one_of_each[kind].pk)).status_code == 404


@pytest.mark.parametrize(("path", "kind"), DETAILS.items())
def test_a_specialist_reads_every_record(client, one_of_each, dana, path, kind):
    client.force_login(dana)
    response = client.get(BASE + path.format(one_of_each[kind].pk))
    assert response.status_code == 200
    assert response.json()["id"] == one_of_each[kind].pk


def test_a_specialist_submits_a_request_through_the_api(client, dana, controls):
    client.force_login(dana)
    response = post(
        client,
        "/disclosure-requests",
        {
            "title": "Interface control document",
            "category": "3",
            "countries": ["fr"],
            "program": controls.program.pk,
            "reviews": ["technology-security"],
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["countries"] == ["FR"]
    assert response.json()["state"] == "submitted"


def test_an_illegal_transition_answers_400_and_changes_nothing(client, make_request, dana):
    request = make_request()
    client.force_login(dana)
    response = post(
        client,
        f"/disclosure-requests/{request.pk}/transitions",
        {"transition": "approve", "version": request.version},
    )
    assert response.status_code == 400
    assert "cannot be taken from “Submitted”" in response.json()["detail"]
    assert "state" in response.json()["errors"]
    request.refresh_from_db()
    assert request.state == DisclosureState.SUBMITTED


def test_every_transition_is_taken_through_the_api(client, make_request, dana):
    request = make_request()
    client.force_login(dana)
    moved = post(
        client,
        f"/disclosure-requests/{request.pk}/transitions",
        {"transition": "start-review", "version": version_of(request)},
    )
    assert moved.json()["transitions"] == ["approve", "approve-with-limitations", "deny", "refer"]
    review = moved.json()["reviews"][0]["id"]
    post(client, f"/disclosure-reviews/{review}/complete", {"outcome": "concur"})
    referred = post(
        client,
        f"/disclosure-requests/{request.pk}/transitions",
        {"transition": "refer", "note": "Needs an exception.", "version": version_of(request)},
    )
    assert referred.json()["state"] == "referred"
    decided = post(
        client,
        f"/disclosure-requests/{request.pk}/transitions",
        {
            "transition": "approve-with-limitations",
            "version": version_of(request),
            "reasons": "Exception granted for France.",
            "conditions": "Form, fit and function only.",
            "countries": [{"country": "JP", "outcome": "denied", "reasons": "No exception."}],
            "criteria": CRITERIA,
        },
    )
    assert decided.status_code == 200, decided.content
    outcomes = {d["country"]: d["outcome"] for d in decided.json()["country_decisions"]}
    assert outcomes == {"FR": "approved-with-limitations", "JP": "denied"}


def test_a_release_to_a_denied_country_is_refused_naming_the_country(
    client, reviewed_request, dana
):
    client.force_login(dana)
    post(
        client,
        f"/disclosure-requests/{reviewed_request.pk}/transitions",
        {
            "transition": "deny",
            "reasons": "Outside policy.",
            "version": version_of(reviewed_request),
            "criteria": CRITERIA,
        },
    )
    response = post(
        client,
        f"/disclosure-requests/{reviewed_request.pk}/releases",
        {"country": "FR", "released_on": "2026-06-02"},
    )
    assert response.status_code == 422
    assert "is denied, not approved" in response.json()["errors"]["country"][0]
    assert not Release.objects.exists()


def test_an_enhanced_item_shows_its_inventory_clock(client, dana, controls):
    client.force_login(dana)
    response = post(
        client,
        "/end-use-items",
        {
            "case": controls.case.pk,
            "description": "Javelin command launch unit",
            "article": controls.goggles.pk,
            "monitoring": "enhanced",
            "serial_number": "CLU-77",
            "arrived_on": "2026-01-10",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["inventory_due"] == "2026-04-10"
    item = response.json()["id"]
    post(client, f"/end-use-items/{item}/inventories", {"inventoried_on": "2026-03-01",
                                                        "result": "accounted-for"})  # fmt: skip
    assert client.get(f"{BASE}/end-use-items/{item}").json()["inventory_due"] == "2027-03-01"


def test_an_enhanced_item_without_a_serial_number_is_refused(client, dana, controls):
    client.force_login(dana)
    response = post(
        client,
        "/end-use-items",
        {"case": controls.case.pk, "description": "Javelin", "article": controls.goggles.pk},
    )
    assert response.status_code == 422
    assert "serial_number" in response.json()["errors"]


def test_an_item_said_to_be_enhanced_without_a_designation_is_refused(client, dana, controls):
    client.force_login(dana)
    response = post(
        client,
        "/end-use-items",
        {"case": controls.case.pk, "description": "Rifle scopes", "monitoring": "enhanced"},
    )
    assert response.status_code == 422
    assert "disagrees with the designations" in response.json()["errors"]["monitoring"][0]
    assert not EndUseItem.objects.exists()


def test_assistance_recorded_through_the_api_says_it_is_flagged(client, one_of_each, dana):
    client.force_login(dana)
    nominee = one_of_each["Nominee"]
    response = post(
        client,
        f"/vetting-nominees/{nominee.pk}/assistance",
        {"provided_on": "2019-01-01", "description": "Before any vetting"},
    )
    assert response.json()["flagged"] is True
    flags = client.get(BASE + "/vetting-flags").json()
    assert [flag["description"] for flag in flags] == ["Before any vetting"]


def test_a_desk_officer_cannot_record_a_constraint(client, controls, directorate):
    client.force_login(directorate.teammate.user)
    response = post(
        client,
        "/execution-constraints",
        {"kind": "resources", "title": "No funds", "plan_reference": "TCP", "identified_on":
         "2026-01-01"},
    )  # fmt: skip
    assert response.status_code == 403


def test_a_transition_against_a_stale_version_answers_409(client, make_request, dana):
    request = make_request()
    client.force_login(dana)
    response = post(
        client,
        f"/disclosure-requests/{request.pk}/transitions",
        {"transition": "start-review", "version": request.version - 1 or 99},
    )
    assert response.status_code == 409
    request.refresh_from_db()
    assert request.state == DisclosureState.SUBMITTED


def test_an_unknown_transition_answers_400_naming_it(client, make_request, dana):
    request = make_request()
    client.force_login(dana)
    response = post(
        client, f"/disclosure-requests/{request.pk}/transitions", {"transition": "x", "version": 1}
    )
    assert response.status_code == 400
    assert response.json()["errors"]["transition"] == ["There is no transition named “x”."]


CRITERIA = [
    {"criterion": line.criterion, "finding": line.finding, "rationale": line.rationale}
    for line in ALL_MET
]


def test_a_decision_through_the_api_records_its_finding_on_every_criterion(
    client, reviewed_request, dana
):
    client.force_login(dana)
    decided = post(
        client,
        f"/disclosure-requests/{reviewed_request.pk}/transitions",
        {
            "transition": "approve",
            "reasons": "Within policy.",
            "version": version_of(reviewed_request),
            "criteria": CRITERIA,
        },
    )
    assert decided.status_code == 200, decided.content
    assert [c["finding"] for c in decided.json()["criteria"]] == ["met"] * 5


def test_a_request_above_the_ceiling_is_flagged_in_the_api(client, make_request, dana):
    request = make_request(information_level="S")
    client.force_login(dana)
    response = client.get(f"{BASE}/disclosure-requests/{request.pk}")
    assert response.json()["needs_exception"] == [
        "France: no ceiling is recorded in category 3, so SECRET exceeds it.",
        "Japan: no ceiling is recorded in category 3, so SECRET exceeds it.",
    ]


def test_an_exception_is_prepared_and_decided_through_the_api(client, make_request, dana):
    request = make_request(information_level="S")
    client.force_login(dana)
    prepared = post(
        client,
        f"/disclosure-requests/{request.pk}/exceptions",
        {
            "information": "Radar cross-section data.",
            "countries": ["JP"],
            "justification": "Co-development.",
            "criteria": CRITERIA,
        },
    )
    assert prepared.status_code == 201, prepared.content
    exception = prepared.json()
    submitted = post(
        client,
        f"/disclosure-exceptions/{exception['id']}/transitions",
        {"transition": "submit", "version": exception["version"]},
    )
    decided = post(
        client,
        f"/disclosure-exceptions/{exception['id']}/transitions",
        {
            "transition": "approve-with-conditions",
            "decided_on": "2026-06-10",
            "decision_conditions": "Visual disclosure only.",
            "version": submitted.json()["version"],
        },
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["state"] == "approved-with-conditions"
