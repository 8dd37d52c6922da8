"""Cases through the API: opening, editing, every record type, and transitions."""

import datetime

import pytest

from seccoop.core.models import StateChange
from seccoop.programs.models import CaseState
from seccoop.programs.services import cases as services
from tests.clients import token_client
from tests.programs.cases_fixtures import *  # noqa: F403 (the case fixtures)
from tests.programs.cases_fixtures import COMPLETE_REQUEST

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(staff):
    """A client of Tina, France's desk officer."""
    return token_client(staff.desk_officer)


def post(client, url, data=None):
    return client.post(url, data=data or {}, content_type="application/json")


def test_a_case_opened_through_the_api_starts_with_its_request(api):
    request = {key: str(value) if isinstance(value, datetime.date) else value
               for key, value in COMPLETE_REQUEST.items()}  # fmt: skip

    response = post(
        api,
        "/api/v1/cases",
        {"identifier": "FR-D-API", "title": "Rafale weapons integration", "country": "fr",
         "request": request},
    )  # fmt: skip

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["identifier"], body["state"], body["country"]) == (
        "FR-D-API",
        "request-received",
        "FR",
    )
    assert api.get(f"/api/v1/cases/{body['id']}/request").json()["missing"] == []


def test_an_unknown_country_is_refused_naming_the_field(api):
    response = post(api, "/api/v1/cases", {"identifier": "XX-1", "title": "T", "country": "ZZ"})

    assert response.status_code == 422
    assert "country" in response.json()["errors"]


def test_an_illegal_transition_answers_400_with_the_reason_and_changes_nothing(api, new_case):
    case = new_case()

    response = post(api, f"/api/v1/cases/{case.pk}/transitions/offer", {"version": case.version})

    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["state"] == [
        "“Offer the case” cannot be taken from “Request received”; only from: Proposed."
    ]
    case.refresh_from_db()
    assert (case.state, case.version) == ("request-received", 1)
    assert not StateChange.objects.exists()


def test_an_unmet_guard_answers_400_naming_what_is_missing(api, case_in):
    case = case_in(CaseState.DEVELOPMENT)

    response = post(api, f"/api/v1/cases/{case.pk}/transitions/write", {"version": case.version})

    assert response.status_code == 400
    assert response.json()["errors"]["state"] == [
        "Name the implementing agency.",
        "Add at least one case line.",
    ]


def test_a_value_the_transition_does_not_set_answers_400(api, new_case):
    case = new_case()

    response = post(
        api,
        f"/api/v1/cases/{case.pk}/transitions/complete_request",
        {"offer_expires_on": "2026-12-31", "version": case.version},
    )

    assert response.status_code == 400
    assert "offer_expires_on" in response.json()["errors"]


def test_a_legal_transition_moves_the_case_and_returns_the_logged_change(api, new_case, staff):
    case = new_case()

    response = post(
        api,
        f"/api/v1/cases/{case.pk}/transitions/complete_request",
        {"note": "Verified.", "version": case.version},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["case"]["state"] == "request-complete"
    assert body["change"] == {
        "transition": "complete_request",
        "source": "request-received",
        "target": "request-complete",
        "at": body["change"]["at"],
        "actor": "tina",
        "note": "Verified.",
    }


def test_a_move_without_the_version_read_is_refused_naming_the_field(api, new_case):
    case = new_case()

    response = post(api, f"/api/v1/cases/{case.pk}/transitions/complete_request", {})

    assert response.status_code == 422
    assert "version" in response.json()["errors"]
    case.refresh_from_db()
    assert (case.state, case.version) == ("request-received", 1)


def test_a_move_against_a_stale_version_answers_409(api, new_case):
    case = new_case()

    response = post(api, f"/api/v1/cases/{case.pk}/transitions/complete_request", {"version": 7})

    assert response.status_code == 409


def test_a_proposal_through_the_api_sets_the_offer_expiry_from_the_approval(api, case_in):
    case = case_in(CaseState.REVIEWED, offer_period="short", offer_validity_days=60,
                   offer_period_reason="The contract option lapses.")  # fmt: skip

    response = post(
        api,
        f"/api/v1/cases/{case.pk}/transitions/propose",
        {"approved_on": "2026-06-01", "version": case.version},
    )

    assert response.status_code == 200, response.content
    assert response.json()["case"]["offer_expires_on"] == "2026-07-31"
    assert response.json()["case"]["clocks"][0]["name"] == "Offer expiry"


def test_the_available_transitions_list_what_blocks_each(api, new_case, staff):
    case = new_case(request={"received_on": "2026-05-04"})

    transitions = {t["name"]: t for t in api.get(f"/api/v1/cases/{case.pk}/transitions").json()}

    assert set(transitions) == {"acknowledge_request", "complete_request", "cancel"}
    assert transitions["complete_request"]["blockers"][0].startswith("The request lacks")


def test_the_request_checklist_is_updated_with_its_version(api, new_case):
    case = new_case(request={"received_on": "2026-05-04"})
    current = api.get(f"/api/v1/cases/{case.pk}/request").json()
    changes = {key: value for key, value in COMPLETE_REQUEST.items() if key != "reference"}
    changes = {k: str(v) if isinstance(v, datetime.date) else v for k, v in changes.items()}

    response = api.patch(
        f"/api/v1/cases/{case.pk}/request",
        data={**changes, "version": current["version"]},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["missing"] == []


def test_lines_payments_milestones_reviews_and_closure_actions_are_added(api, new_case):
    case = new_case()
    base = f"/api/v1/cases/{case.pk}"

    line = post(api, f"{base}/lines", {"description": "Spares", "quantity": 4,
                                       "unit_value": "2500.00"})  # fmt: skip
    payment = post(api, f"{base}/payments", {"due_on": "2026-08-01", "amount": "10000"})
    milestone = post(api, f"{base}/milestones", {"title": "Delivery", "due_on": "2026-09-01",
                                                 "kind": "deliverable"})  # fmt: skip
    review = post(api, f"{base}/reviews", {"kind": "financial", "held_on": "2026-05-20"})
    action = post(api, f"{base}/closure-actions", {"stakeholder": "DFAS",
                                                   "description": "Final bill"})  # fmt: skip

    assert [r.status_code for r in (line, payment, milestone, review, action)] == [201] * 5
    assert line.json()["value"] == "10000.00"
    assert api.get(f"{base}").json()["total_value"] == "10000.00"
    paid = post(api, f"/api/v1/case-payments/{payment.json()['id']}/received",
                {"on": "2026-08-02"})  # fmt: skip
    assert paid.json()["paid_on"] == "2026-08-02"
    done = post(api, f"/api/v1/case-milestones/{milestone.json()['id']}/done")
    assert done.json()["completed_on"] is not None
    closed = post(api, f"/api/v1/case-closure-actions/{action.json()['id']}/done")
    assert closed.json()["done_on"] is not None


def test_an_invalid_line_is_refused_naming_the_field_and_nothing_is_written(api, new_case):
    case = new_case()

    response = post(api, f"/api/v1/cases/{case.pk}/lines", {"description": "", "quantity": 1})

    assert response.status_code == 422
    assert "description" in response.json()["errors"]
    assert not case.lines.exists()


def test_staff_are_assigned_through_the_api(api, new_case, staff):
    case = new_case()

    response = post(
        api,
        f"/api/v1/cases/{case.pk}/assignments",
        {"person_id": staff.program_member.pk, "role": "financial analyst"},
    )

    assert response.status_code == 201
    listed = api.get(f"/api/v1/cases/{case.pk}/assignments").json()
    assert [(a["person"], a["role"]) for a in listed] == [("Pat Program", "financial analyst")]


def test_the_workflow_fields_cannot_be_patched(api, new_case):
    case = new_case()

    response = api.patch(
        f"/api/v1/cases/{case.pk}",
        data={"version": case.version, "title": "Renamed"},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["title"] == "Renamed"
    assert response.json()["state"] == "request-received"


def test_the_pipeline_and_the_overdue_list_are_served(api, case_in):
    case_in(
        CaseState.OFFERED,
        offered_on=datetime.date(2025, 1, 1),
        offer_expires_on=datetime.date(2025, 3, 27),
    )

    pipeline = {row["state"]: row for row in api.get("/api/v1/cases/pipeline").json()}
    overdue = api.get("/api/v1/cases/overdue").json()

    assert pipeline["offered"]["count"] == 1
    assert pipeline["offered"]["overdue"] == 1
    assert [case["offer_expired"] for case in overdue] == [True]


def test_the_data_quality_of_a_case_is_served(api, new_case):
    case = new_case(request={"received_on": "2026-05-04"})

    flags = api.get(f"/api/v1/cases/{case.pk}/data-quality").json()

    assert {"field": "assignments", "message": "No case manager is assigned."} in flags
    assert any(flag["message"].startswith("The request lacks") for flag in flags)


def test_the_log_lists_every_move(api, case_in, staff):
    case = case_in(CaseState.REQUEST_COMPLETE)
    services.move_case(user=staff.desk_officer.user, case=case, name="start_development")

    log = api.get(f"/api/v1/cases/{case.pk}/log").json()

    assert [(entry["source"], entry["target"]) for entry in log] == [
        ("request-complete", "case-development")
    ]
