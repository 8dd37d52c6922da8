"""Programs and agreements through the API: records, transitions, refusals."""

import pytest

from seccoop.core.models import StateChange
from seccoop.programs.models import Program, ProgramState
from tests.clients import token_client as _api


def test_a_program_is_created_through_the_api(staff):
    response = _api(staff.desk_officer).post(
        "/api/v1/programs",
        {"name": "Coalition C2", "kind": "cwp", "countries": ["fr"]},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["state"], body["countries"]) == (ProgramState.CALL_FOR_NOMINATIONS, ["FR"])
    assert {t["name"] for t in body["transitions"]} == {"submit-quad-chart"}


def test_an_unknown_country_is_named(staff):
    response = _api(staff.desk_officer).post(
        "/api/v1/programs",
        {"name": "Coalition C2", "countries": ["XX"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "XX" in response.json()["errors"]["countries"][0]


def test_a_transition_is_taken_through_the_api(staff, make_program):
    program = make_program()
    response = _api(staff.desk_officer).post(
        f"/api/v1/programs/{program.pk}/transitions/submit-quad-chart",
        {"note": "Sent.", "values": {"quad_chart": "Need: X."}, "version": program.version},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["state_changes"][-1]["note"] == "Sent."


def test_an_illegal_transition_answers_400_and_changes_nothing(staff, make_program):
    program = make_program()
    response = _api(staff.administrator).post(
        f"/api/v1/programs/{program.pk}/transitions/fund",
        {"version": program.version},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "cannot be taken from “Call for nominations”" in response.json()["errors"]["state"][0]
    program.refresh_from_db()
    assert (program.state, program.version, StateChange.objects.count()) == (
        ProgramState.CALL_FOR_NOMINATIONS,
        1,
        0,
    )


def test_a_failed_guard_answers_400_naming_what_is_missing(staff, make_program):
    program = make_program()
    response = _api(staff.administrator).post(
        f"/api/v1/programs/{program.pk}/transitions/submit-quad-chart",
        {"version": program.version},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["state"] == ["The quad chart is missing."]


def test_an_unknown_transition_answers_400(staff, make_program):
    program = make_program()
    response = _api(staff.administrator).post(
        f"/api/v1/programs/{program.pk}/transitions/launch",
        {"version": program.version},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "no transition named “launch”" in response.json()["errors"]["transition"][0]


def test_a_transition_refused_by_role_answers_403(staff, make_program):
    program = make_program(quad_chart="Need.", full_nomination="Full.")
    Program.objects.filter(pk=program.pk).update(state=ProgramState.REVIEW)
    response = _api(staff.desk_officer).post(
        f"/api/v1/programs/{program.pk}/transitions/select",
        {"version": program.version},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_a_risk_is_added_and_listed_through_the_api(staff, make_program):
    program = make_program()
    client = _api(staff.desk_officer)
    created = client.post(
        f"/api/v1/programs/{program.pk}/risks",
        {"title": "Late radios", "likelihood": 2, "impact": 3, "status": "open", "mitigation": ""},
        content_type="application/json",
    )
    assert created.status_code == 201
    listed = client.get(f"/api/v1/programs/{program.pk}/risks").json()
    assert [risk["title"] for risk in listed] == ["Late radios"]


def test_a_document_not_releasable_is_refused_through_the_api(staff, make_program):
    program = make_program(countries=[staff.france, staff.japan])
    response = _api(staff.desk_officer).post(
        f"/api/v1/programs/{program.pk}/documents",
        {"kind": "scg", "title": "SCG", "releasable_to": ["FR"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "not releasable to Japan" in response.json()["errors"]["countries"][0]
    assert not program.documents.exists()


def test_an_agreement_is_moved_through_the_api(staff, make_agreement):
    agreement = make_agreement()
    client = _api(staff.desk_officer)
    response = client.post(
        f"/api/v1/agreements/{agreement.pk}/transitions/request-authority",
        {"values": {"statement_of_intent": "Joint research."}, "version": agreement.version},
        content_type="application/json",
    )
    assert response.json()["state"] == "authority-requested"
    refused = client.post(
        f"/api/v1/agreements/{agreement.pk}/transitions/start-negotiation",
        {"version": response.json()["version"]},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "authority to develop" in refused.json()["errors"]["state"][0]


def test_a_bad_date_for_a_transition_is_named(staff, make_agreement):
    agreement = make_agreement(statement_of_intent="Research.")
    response = _api(staff.administrator).post(
        f"/api/v1/agreements/{agreement.pk}/transitions/request-authority",
        {"values": {"authority_to_develop_on": "soon"}, "version": agreement.version},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "authority_to_develop_on" in response.json()["errors"]


def test_assigning_through_the_api_gives_evidence(staff, make_agreement):
    agreement = make_agreement()
    response = _api(staff.desk_officer).post(
        f"/api/v1/agreements/{agreement.pk}/assignments",
        {"person_id": staff.program_member.pk, "role": "Lead negotiator"},
        content_type="application/json",
    )
    assert response.status_code == 201
    codes = set(staff.program_member.practice_evidence.values_list("competency__code", flat=True))
    assert codes == {"3.D", "3.F", "3.G"}


@pytest.mark.parametrize("path", ["/api/v1/agreements", "/api/v1/agreements/expiring"])
def test_an_outsider_lists_no_agreement(staff, make_agreement, path):
    make_agreement()
    body = _api(staff.outsider).get(path).json()
    items = body["items"] if isinstance(body, dict) else body
    assert items == []
