"""The FMS workflow of a case: every transition, its guards, and what a refused move leaves."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from seccoop.core.models import StateChange
from seccoop.core.services import ConcurrentEditError
from seccoop.programs.models import Case, CaseState, MilestoneKind
from seccoop.programs.services import cases as services
from tests.programs.cases_fixtures import *  # noqa: F403 (the case fixtures)
from tests.programs.cases_fixtures import TODAY, request_of

pytestmark = pytest.mark.django_db


def move(case, name, user, **kwargs):
    kwargs.setdefault("today", TODAY)
    return services.move_case(user=user.user, case=case, name=name, **kwargs)


def refusal(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- the request and its intake checklist -------------------------------------------


def test_a_case_opens_as_request_received_with_its_letter_of_request(new_case, staff):
    case = new_case()

    assert case.state == CaseState.REQUEST_RECEIVED
    assert case.state_changed_at is not None
    assert request_of(case).reference == "MINARM/DGA/2026-114"


def test_the_intake_checklist_names_what_an_incomplete_request_lacks(new_case, incomplete_request):
    case = new_case(request=incomplete_request)

    missing = request_of(case).missing_items()

    assert "the source of funding" in missing
    assert "a description of the articles or services wanted, with quantities" in missing
    assert "the day the request was received" not in missing


def test_major_defense_equipment_needs_a_country_team_assessment(new_case, complete_request):
    case = new_case(request={**complete_request, "major_defense_equipment": True})

    assert request_of(case).missing_items() == [
        "the country team assessment required for major defense equipment"
    ]


def test_an_incomplete_request_cannot_be_marked_complete_and_nothing_is_written(
    new_case, incomplete_request, staff
):
    case = new_case(request=incomplete_request)

    with pytest.raises(ValidationError) as refused:
        move(case, "complete_request", staff.desk_officer)

    assert "The request lacks" in refusal(refused.value)
    assert "the source of funding" in refusal(refused.value)
    case.refresh_from_db()
    assert case.state == CaseState.REQUEST_RECEIVED
    assert case.version == 1
    assert not StateChange.objects.exists()


def test_a_complete_request_moves_on_and_the_move_is_logged_with_who_and_why(new_case, staff):
    case = new_case()

    move(case, "complete_request", staff.desk_officer, note="Checklist verified with the SCO.")

    assert case.state == CaseState.REQUEST_COMPLETE
    (change,) = services.WORKFLOW.log(case)
    assert (change.source, change.target) == ("request-received", "request-complete")
    assert change.actor == staff.desk_officer.user
    assert change.note == "Checklist verified with the SCO."


# --- price and availability, development, writing, review ---------------------------


def test_price_and_availability_needs_an_estimate(case_in, staff):
    case = case_in(CaseState.REQUEST_COMPLETE)

    with pytest.raises(ValidationError) as refused:
        move(case, "provide_price_and_availability", staff.desk_officer)

    assert "the estimated value" in refusal(refused.value)


def test_price_and_availability_records_the_estimate_and_the_day(case_in, staff):
    case = case_in(CaseState.REQUEST_COMPLETE)

    move(
        case,
        "provide_price_and_availability",
        staff.desk_officer,
        values={"estimated_value": Decimal("2900000")},
    )

    case.refresh_from_db()
    assert case.state == CaseState.PRICE_AND_AVAILABILITY
    assert case.estimated_value == Decimal("2900000")
    assert case.price_and_availability_on == TODAY


def test_development_may_start_straight_from_a_complete_request(case_in, staff):
    case = case_in(CaseState.REQUEST_COMPLETE)

    move(case, "start_development", staff.desk_officer)

    assert case.state == CaseState.DEVELOPMENT


def test_development_may_start_after_price_and_availability(case_in, staff):
    case = case_in(CaseState.PRICE_AND_AVAILABILITY)

    move(case, "start_development", staff.desk_officer)

    assert case.state == CaseState.DEVELOPMENT


def test_development_needs_the_partner_to_ask_for_an_offer(new_case, complete_request, staff):
    case = new_case(request={**complete_request, "requested_response": "pa"})
    move(case, "complete_request", staff.desk_officer)

    with pytest.raises(ValidationError) as refused:
        move(case, "start_development", staff.desk_officer)

    assert "does not ask for a Letter of Offer and Acceptance" in refusal(refused.value)


def test_a_case_is_written_only_with_an_implementing_agency_and_lines(case_in, staff):
    case = case_in(CaseState.DEVELOPMENT)

    with pytest.raises(ValidationError) as refused:
        move(case, "write", staff.desk_officer)

    assert refusal(refused.value) == "Name the implementing agency. Add at least one case line."


def test_a_written_case_is_reviewed_only_once_a_case_manager_is_assigned(case_in, staff):
    case = case_in(CaseState.WRITTEN)

    with pytest.raises(ValidationError) as refused:
        move(case, "review", staff.desk_officer)
    assert refusal(refused.value) == "Assign a case manager."

    services.assign_staff(
        user=staff.desk_officer.user,
        case=case,
        person=staff.program_member,
        role="case manager",
    )
    move(case, "review", staff.desk_officer)
    assert case.state == CaseState.REVIEWED


# --- the offer and its clock ----------------------------------------------------------


def test_an_offer_expires_85_days_after_it_is_made_by_default(case_in, staff):
    case = case_in(CaseState.REVIEWED)

    move(case, "offer", staff.desk_officer)

    case.refresh_from_db()
    assert case.state == CaseState.OFFERED
    assert case.offered_on == TODAY
    assert case.offer_expires_on == TODAY + datetime.timedelta(days=85)


def test_the_offer_validity_is_set_per_case(case_in, staff):
    case = case_in(CaseState.REVIEWED, offer_validity_days=30)

    move(case, "offer", staff.desk_officer)

    assert case.offer_expires_on == TODAY + datetime.timedelta(days=30)


def test_an_offer_needs_an_expiry_date(case_in, staff):
    case = case_in(CaseState.REVIEWED)

    with pytest.raises(ValidationError) as refused:
        move(case, "offer", staff.desk_officer, values={"offer_expires_on": None})

    assert refusal(refused.value) == "Set the offer expiry date."


def test_an_offer_needs_lines_with_value(case_in, staff):
    case = case_in(CaseState.REVIEWED)
    services.add_line(user=staff.desk_officer.user, case=case, description="Training, to price")

    with pytest.raises(ValidationError) as refused:
        move(case, "offer", staff.desk_officer)

    assert "Give a value to line 2." in refusal(refused.value)


def test_an_offer_needs_a_payment_schedule_that_matches_the_value(case_in, staff):
    case = case_in(CaseState.REVIEWED)
    services.add_line(
        user=staff.desk_officer.user,
        case=case,
        description="Publications",
        unit_value=Decimal("1000"),
    )

    with pytest.raises(ValidationError) as refused:
        move(case, "offer", staff.desk_officer)

    assert refusal(refused.value) == (
        "The payment schedule totals $3,000,000.00 but the case is worth $3,001,000.00; "
        "make them agree."
    )
    case.refresh_from_db()
    assert case.state == CaseState.REVIEWED


def test_an_offer_accepted_before_it_expires_is_accepted(case_in, staff):
    case = case_in(
        CaseState.OFFERED, offered_on=TODAY, offer_expires_on=TODAY + datetime.timedelta(days=85)
    )

    move(case, "accept", staff.desk_officer, values={"accepted_on": TODAY})

    assert case.state == CaseState.ACCEPTED
    assert case.accepted_on == TODAY


def test_an_expired_offer_cannot_be_accepted(case_in, staff):
    case = case_in(
        CaseState.OFFERED,
        offered_on=datetime.date(2026, 1, 5),
        offer_expires_on=datetime.date(2026, 3, 31),
    )

    with pytest.raises(ValidationError) as refused:
        move(case, "accept", staff.desk_officer)

    assert (
        refusal(refused.value) == "The offer expired on 31 Mar 2026; it can no longer be accepted."
    )


def test_an_offer_is_cancelled_only_with_a_reason(case_in, staff):
    case = case_in(CaseState.OFFERED, offered_on=TODAY, offer_expires_on=TODAY)

    with pytest.raises(ValidationError) as refused:
        move(case, "cancel", staff.desk_officer)
    assert refusal(refused.value) == "Say why, to “Cancel the case”."

    move(case, "cancel", staff.desk_officer, note="The partner chose another supplier.")
    assert case.state == CaseState.CANCELLED
    assert case.cancelled_on == TODAY


def test_a_case_cannot_be_cancelled_before_it_is_offered(case_in, staff):
    case = case_in(CaseState.DEVELOPMENT)

    with pytest.raises(ValidationError) as refused:
        move(case, "cancel", staff.desk_officer, note="Changed their mind.")

    assert refusal(refused.value) == (
        "“Cancel the case” cannot be taken from “Case development”; only from: Offered."
    )


# --- execution and closure --------------------------------------------------------------


def test_implementation_needs_the_initial_deposit_received(case_in, staff):
    case = case_in(CaseState.ACCEPTED, accepted_on=TODAY)

    with pytest.raises(ValidationError) as refused:
        move(case, "implement", staff.desk_officer)
    assert refusal(refused.value) == "Record the initial deposit as paid."

    services.record_payment(
        user=staff.desk_officer.user, payment=case.payments.get(), paid_on=TODAY
    )
    move(case, "implement", staff.desk_officer)
    assert case.state == CaseState.IMPLEMENTED


def test_execution_starts_once_milestones_are_scheduled(case_in, staff):
    case = case_in(CaseState.IMPLEMENTED)

    with pytest.raises(ValidationError) as refused:
        move(case, "start_execution", staff.desk_officer)
    assert refusal(refused.value) == "Schedule the case's milestones and deliverables."

    services.add_milestone(
        user=staff.desk_officer.user,
        case=case,
        title="First spares delivered",
        due_on=datetime.date(2026, 9, 1),
        kind=MilestoneKind.DELIVERABLE,
    )
    move(case, "start_execution", staff.desk_officer)
    assert case.state == CaseState.EXECUTING


def test_supply_completes_only_when_every_deliverable_is_complete(case_in, staff):
    case = case_in(CaseState.EXECUTING)
    services.add_milestone(
        user=staff.desk_officer.user,
        case=case,
        title="Repair services delivered",
        due_on=datetime.date(2026, 9, 1),
        kind=MilestoneKind.DELIVERABLE,
    )

    with pytest.raises(ValidationError) as refused:
        move(case, "complete_supply", staff.desk_officer)

    assert refusal(refused.value) == "Deliverables not yet complete: Repair services delivered."


def test_closure_is_due_12_months_after_supply_and_services_complete(case_in, staff):
    case = case_in(CaseState.EXECUTING)

    move(case, "complete_supply", staff.desk_officer, values={"supply_complete_on": TODAY})

    assert case.state == CaseState.SUPPLY_COMPLETE
    assert case.closure_due_on == datetime.date(2027, 6, 1)


def test_closure_starts_once_actions_are_agreed_with_the_stakeholders(case_in, staff):
    case = case_in(CaseState.SUPPLY_COMPLETE, closure_due_on=datetime.date(2027, 6, 1))

    with pytest.raises(ValidationError) as refused:
        move(case, "start_closure", staff.desk_officer)
    assert refusal(refused.value) == "Agree the closure actions with the stakeholders first."

    services.add_closure_action(
        user=staff.desk_officer.user,
        case=case,
        stakeholder="Defense Finance and Accounting Service",
        description="Final bill issued",
    )
    move(case, "start_closure", staff.desk_officer)
    assert case.state == CaseState.CLOSURE


def test_a_case_closes_only_when_its_actions_are_done_and_its_payments_received(case_in, staff):
    case = case_in(CaseState.CLOSURE, closure_due_on=datetime.date(2027, 6, 1))
    action = services.add_closure_action(
        user=staff.desk_officer.user,
        case=case,
        stakeholder="Contracting office",
        description="Contract closed out",
    )

    with pytest.raises(ValidationError) as refused:
        move(case, "close", staff.desk_officer)
    assert refusal(refused.value) == (
        "The case cannot close: 1 closure action still open and 1 payment not yet received."
    )

    services.complete_closure_action(user=staff.desk_officer.user, action=action)
    services.record_payment(user=staff.desk_officer.user, payment=case.payments.get())
    move(case, "close", staff.desk_officer)
    assert case.state == CaseState.CLOSED
    assert case.closed_on == TODAY


# --- refusals ---------------------------------------------------------------------------


def test_a_transition_from_the_wrong_state_names_the_states_and_writes_nothing(new_case, staff):
    case = new_case()

    with pytest.raises(ValidationError) as refused:
        move(case, "offer", staff.desk_officer)

    assert refusal(refused.value) == (
        "“Offer the case” cannot be taken from “Request received”; only from: Reviewed."
    )
    case.refresh_from_db()
    assert (case.state, case.version, case.offered_on) == ("request-received", 1, None)
    assert not StateChange.objects.exists()


def test_an_unknown_transition_is_refused_by_name(new_case, staff):
    with pytest.raises(ValidationError) as refused:
        move(new_case(), "approve", staff.desk_officer)

    assert refusal(refused.value) == "There is no transition named “approve”."


def test_a_move_against_a_version_someone_else_changed_is_refused(new_case, staff):
    case = new_case()
    stale = case.version
    services.update_case(
        user=staff.backup_desk_officer.user,
        case=Case.objects.get(pk=case.pk),
        changes={"title": "Maritime patrol aircraft spares"},
        expected_version=stale,
    )

    with pytest.raises(ConcurrentEditError):
        move(case, "complete_request", staff.desk_officer, expected_version=stale)


def test_someone_who_does_not_work_the_case_cannot_move_it(new_case, staff):
    case = new_case()

    with pytest.raises(PermissionDenied):
        move(case, "complete_request", staff.japan_desk_officer)


def test_the_workflow_dates_cannot_be_set_by_editing_the_case(new_case, staff):
    case = new_case()

    with pytest.raises(ValidationError) as refused:
        services.update_case(
            user=staff.desk_officer.user,
            case=case,
            changes={"state": "offered", "offer_expires_on": TODAY},
            expected_version=case.version,
        )

    assert set(refused.value.message_dict) == {"state", "offer_expires_on"}
    case.refresh_from_db()
    assert case.state == CaseState.REQUEST_RECEIVED


def test_the_transitions_offered_are_those_of_the_current_state(case_in, staff):
    case = case_in(CaseState.OFFERED, offered_on=TODAY, offer_expires_on=TODAY)

    names = [t.name for t in services.WORKFLOW.available(staff.desk_officer.user, case)]

    assert names == ["accept", "cancel"]
