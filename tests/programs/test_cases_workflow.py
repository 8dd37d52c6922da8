"""The FMS workflow of a case: every transition, its guards, and what a refused move leaves."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from seccoop.core.models import StateChange
from seccoop.core.services import ConcurrentEditError
from seccoop.partners.models import Country
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


# --- the proposal (MILAP), the notification and the offer ------------------------------


def proposed(case_in, staff, **fields):
    """A case approved by its agency on TODAY and approved by DSCA, ready to offer."""
    case = case_in(CaseState.REVIEWED, **fields)
    move(case, "propose", staff.desk_officer)
    move(case, "record_dsca_approval", staff.desk_officer)
    return case


def big_sale(case_in, staff, *, country=None, mde=Decimal("30000000")):
    """A reviewed case whose major defense equipment reaches the AECA 36(b) thresholds."""
    user = staff.administrator if country else None
    return case_in(CaseState.REVIEWED, user=user, country=country, mde_value=mde)


def test_the_offer_expires_85_days_after_the_agency_approves_it_by_default(case_in, staff):
    case = case_in(CaseState.REVIEWED)

    move(case, "propose", staff.desk_officer)

    case.refresh_from_db()
    assert case.state == CaseState.PROPOSED
    assert case.approved_on == TODAY
    assert case.offer_expires_on == TODAY + datetime.timedelta(days=85)


def test_a_short_offer_period_counts_its_own_days_from_the_approval(case_in, staff):
    case = case_in(
        CaseState.REVIEWED,
        offer_period="short",
        offer_validity_days=60,
        offer_period_reason="The contract option lapses in August.",
    )

    move(case, "propose", staff.desk_officer)

    assert case.offer_expires_on == TODAY + datetime.timedelta(days=60)


def test_a_short_offer_period_without_a_reason_is_refused(new_case, staff):
    case = new_case()

    with pytest.raises(ValidationError) as refused:
        services.update_case(
            user=staff.desk_officer.user,
            case=case,
            changes={"offer_period": "short", "offer_validity_days": 60},
            expected_version=case.version,
        )

    assert refused.value.message_dict["offer_period_reason"] == [
        "Say why the offer period is short or long."
    ]


def test_a_standard_offer_period_of_another_length_is_refused(new_case, staff):
    case = new_case()

    with pytest.raises(ValidationError) as refused:
        services.update_case(
            user=staff.desk_officer.user,
            case=case,
            changes={"offer_validity_days": 60},
            expected_version=case.version,
        )

    assert "A standard offer period is 85 days" in refusal(refused.value)


def test_an_offer_needs_lines_with_value(case_in, staff):
    case = case_in(CaseState.REVIEWED)
    services.add_line(user=staff.desk_officer.user, case=case, description="Training, to price")

    with pytest.raises(ValidationError) as refused:
        move(case, "propose", staff.desk_officer)

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
        move(case, "propose", staff.desk_officer)

    assert refusal(refused.value) == (
        "The payment schedule totals $3,000,000.00 but the case is worth $3,001,000.00; "
        "make them agree."
    )
    case.refresh_from_db()
    assert case.state == CaseState.REVIEWED


def test_an_offer_waits_for_dsca_approval(case_in, staff):
    case = case_in(CaseState.REVIEWED)
    move(case, "propose", staff.desk_officer)

    with pytest.raises(ValidationError) as refused:
        move(case, "offer", staff.desk_officer)

    assert refusal(refused.value) == "Record DSCA's approval of the offer."


def test_an_offer_below_the_thresholds_needs_no_notification(case_in, staff):
    case = proposed(case_in, staff)

    move(case, "offer", staff.desk_officer)

    assert case.state == CaseState.OFFERED
    assert services.notification_for(case).required is False


def test_a_sale_to_a_country_outside_nato_plus_five_above_14_million_of_mde_is_notified_for_30_days(
    case_in, staff
):
    india = Country.objects.get(iso_code="IN")
    case = big_sale(case_in, staff, country=india, mde=Decimal("14000000"))

    notice = services.notification_for(case)

    assert (notice.required, notice.review_days) == (True, 30)


def test_a_sale_to_nato_is_notified_for_15_days_and_only_from_25_million_of_mde(case_in, staff):
    below = services.notification_for(big_sale(case_in, staff, mde=Decimal("20000000")))
    above = services.notification_for(big_sale(case_in, staff, mde=Decimal("25000000")))

    assert below.required is False
    assert (above.required, above.review_days) == (True, 15)


def test_an_fms_offer_above_the_threshold_cannot_be_made_before_the_notification_period_ends(
    case_in, staff
):
    case = big_sale(case_in, staff)
    move(case, "propose", staff.desk_officer)
    move(case, "record_dsca_approval", staff.desk_officer)
    move(case, "record_state_clearance", staff.desk_officer)
    move(case, "notify_congress", staff.desk_officer, values={"notification_reference": "26-31"})

    with pytest.raises(ValidationError) as refused:
        move(case, "offer", staff.desk_officer, today=TODAY + datetime.timedelta(days=14))

    assert refusal(refused.value) == (
        "The 15-day congressional review runs until 16 Jun 2026; the offer cannot be made before."
    )
    case.refresh_from_db()
    assert (case.state, case.offered_on) == (CaseState.PROPOSED, None)
    move(case, "offer", staff.desk_officer, today=TODAY + datetime.timedelta(days=15))
    assert case.state == CaseState.OFFERED


def test_an_fms_offer_above_the_threshold_cannot_be_made_without_notifying_congress(case_in, staff):
    case = big_sale(case_in, staff)
    move(case, "propose", staff.desk_officer)
    move(case, "record_dsca_approval", staff.desk_officer)
    move(case, "record_state_clearance", staff.desk_officer)

    with pytest.raises(ValidationError) as refused:
        move(case, "offer", staff.desk_officer)

    assert "Congress must be notified" in refusal(refused.value)


def test_congress_is_notified_only_after_the_state_department_clears_it(case_in, staff):
    case = big_sale(case_in, staff)
    move(case, "propose", staff.desk_officer)

    with pytest.raises(ValidationError) as refused:
        move(case, "notify_congress", staff.desk_officer)

    assert refusal(refused.value) == (
        "The State Department clears the notification before it goes to Congress."
    )


def test_an_offer_to_a_country_not_eligible_for_fms_is_refused(case_in, staff):
    france = Country.objects.get(iso_code="FR")
    france.fms_eligible = False
    france.save()
    case = proposed(case_in, staff)

    with pytest.raises(ValidationError) as refused:
        move(case, "offer", staff.desk_officer)

    assert refusal(refused.value) == "France is not recorded as eligible for FMS (AECA section 3)."


def offered(case_in, staff):
    case = proposed(case_in, staff)
    move(case, "offer", staff.desk_officer)
    return case


def test_an_offer_is_extended_to_a_later_day_with_a_reason(case_in, staff):
    case = offered(case_in, staff)
    later = TODAY + datetime.timedelta(days=120)

    move(case, "extend_offer", staff.desk_officer, values={"offer_expires_on": later},
         note="The purchaser's parliament sits in September.")  # fmt: skip

    assert (case.state, case.offer_expires_on) == (CaseState.OFFERED, later)


def test_an_offer_cannot_be_extended_to_an_earlier_day(case_in, staff):
    case = offered(case_in, staff)

    with pytest.raises(ValidationError) as refused:
        move(case, "extend_offer", staff.desk_officer, values={"offer_expires_on": TODAY},
             note="Shorter.")  # fmt: skip

    assert refusal(refused.value) == (
        "An extension sets an expiration date later than the current one."
    )


def test_a_restated_offer_goes_back_to_development_and_loses_its_approval(case_in, staff):
    case = offered(case_in, staff)
    case.offer_expires_on = datetime.date.today() + datetime.timedelta(days=30)
    Case.objects.filter(pk=case.pk).update(offer_expires_on=case.offer_expires_on)

    move(case, "restate", staff.desk_officer, note="The partner doubled the quantity.")

    assert case.state == CaseState.DEVELOPMENT
    assert (case.approved_on, case.offer_expires_on, case.offered_on) == (None, None, None)


# --- acceptance -------------------------------------------------------------------------


def accepted_values(**values):
    return {"signed_by": "Général Martin, Direction générale de l'armement", **values}


def test_an_offer_signed_and_paid_before_it_expires_is_accepted(case_in, staff):
    case = case_in(
        CaseState.OFFERED, offered_on=TODAY, offer_expires_on=TODAY + datetime.timedelta(days=85)
    )
    services.record_payment(
        user=staff.desk_officer.user, payment=case.payments.get(), paid_on=TODAY
    )

    move(case, "accept", staff.desk_officer, values=accepted_values(accepted_on=TODAY))

    assert case.state == CaseState.ACCEPTED
    assert (case.accepted_on, case.signed_by) == (TODAY, accepted_values()["signed_by"])


def test_acceptance_after_the_expiration_date_is_refused(case_in, staff):
    case = case_in(
        CaseState.OFFERED,
        offered_on=datetime.date(2026, 1, 5),
        offer_expires_on=datetime.date(2026, 3, 31),
    )
    services.record_payment(user=staff.desk_officer.user, payment=case.payments.get(),
                            paid_on=datetime.date(2026, 3, 1))  # fmt: skip

    with pytest.raises(ValidationError) as refused:
        move(case, "accept", staff.desk_officer, values=accepted_values())

    assert (
        refusal(refused.value) == "The offer expired on 31 Mar 2026; it can no longer be accepted."
    )
    case.refresh_from_db()
    assert (case.state, case.accepted_on) == (CaseState.OFFERED, None)


def test_acceptance_needs_the_initial_deposit_paid_by_the_expiration_date(case_in, staff):
    case = case_in(
        CaseState.OFFERED, offered_on=TODAY, offer_expires_on=TODAY + datetime.timedelta(days=5)
    )
    services.record_payment(user=staff.desk_officer.user, payment=case.payments.get(),
                            paid_on=TODAY + datetime.timedelta(days=6))  # fmt: skip

    with pytest.raises(ValidationError) as refused:
        move(case, "accept", staff.desk_officer, values=accepted_values())

    assert refusal(refused.value) == (
        "The initial deposit was paid on 07 Jun 2026, after the offer expired on 06 Jun 2026."
    )


def test_acceptance_needs_the_authorised_official_who_signed(case_in, staff):
    case = case_in(
        CaseState.OFFERED, offered_on=TODAY, offer_expires_on=TODAY + datetime.timedelta(days=85)
    )
    services.record_payment(
        user=staff.desk_officer.user, payment=case.payments.get(), paid_on=TODAY
    )

    with pytest.raises(ValidationError) as refused:
        move(case, "accept", staff.desk_officer)

    assert refusal(refused.value) == "Name the authorised official who signed the acceptance."


# --- cancellation -----------------------------------------------------------------------


def test_a_case_is_cancelled_only_with_a_reason(case_in, staff):
    case = case_in(CaseState.DEVELOPMENT)

    with pytest.raises(ValidationError) as refused:
        move(case, "cancel", staff.desk_officer, note="Changed their mind.")
    assert refusal(refused.value) == "Give the reason for the cancellation."

    move(case, "cancel", staff.desk_officer, note="Changed their mind.",
         values={"cancellation_reason": "withdrawn"})  # fmt: skip
    assert (case.state, case.cancelled_on) == (CaseState.CANCELLED, TODAY)


def test_a_case_may_be_cancelled_from_any_state_before_final_closure(case_in, staff):
    case = case_in(CaseState.IMPLEMENTED)

    move(case, "cancel", staff.desk_officer, note="Purchaser's budget was cut.",
         values={"cancellation_reason": "purchaser"})  # fmt: skip

    assert case.state == CaseState.CANCELLED
    closed = case_in(CaseState.CLOSED)
    with pytest.raises(ValidationError):
        move(closed, "cancel", staff.desk_officer, note="Too late.",
             values={"cancellation_reason": "purchaser"})  # fmt: skip


def test_an_offer_lapses_only_after_its_expiration_date(case_in, staff):
    case = case_in(CaseState.OFFERED, offered_on=TODAY, offer_expires_on=TODAY)

    with pytest.raises(ValidationError) as refused:
        move(case, "cancel", staff.desk_officer, note="No answer.",
             values={"cancellation_reason": "offer-lapsed"})  # fmt: skip

    assert refusal(refused.value) == "An offer lapses only once its expiration date has passed."


# --- execution and closure --------------------------------------------------------------


def test_supply_completes_only_once_milestones_are_scheduled(case_in, staff):
    case = case_in(CaseState.IMPLEMENTED)

    with pytest.raises(ValidationError) as refused:
        move(case, "complete_supply", staff.desk_officer)

    assert "Schedule the case's milestones and deliverables." in refusal(refused.value)


def test_supply_completes_only_when_every_deliverable_is_complete(case_in, staff):
    case = case_in(CaseState.IMPLEMENTED)
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
    case = case_in(CaseState.IMPLEMENTED)
    services.add_milestone(user=staff.desk_officer.user, case=case, title="Requisitions released",
                           due_on=TODAY)  # fmt: skip

    move(case, "complete_supply", staff.desk_officer, values={"supply_complete_on": TODAY})

    assert case.state == CaseState.SUPPLY_COMPLETE
    assert case.closure_due_on == datetime.date(2027, 6, 1)


def test_interim_closure_needs_actions_agreed_with_the_stakeholders(case_in, staff):
    case = case_in(CaseState.SUPPLY_COMPLETE, closure_due_on=datetime.date(2027, 6, 1))

    with pytest.raises(ValidationError) as refused:
        move(case, "close_interim", staff.desk_officer)
    assert refusal(refused.value) == "Agree the closure actions with the stakeholders first."

    services.add_closure_action(
        user=staff.desk_officer.user,
        case=case,
        stakeholder="Defense Finance and Accounting Service",
        description="Final bill issued",
    )
    move(case, "close_interim", staff.desk_officer)
    assert (case.state, case.interim_closed_on) == (CaseState.INTERIM_CLOSED, TODAY)


def test_a_case_closes_only_when_its_actions_are_done_and_its_payments_received(case_in, staff):
    case = case_in(CaseState.INTERIM_CLOSED, closure_due_on=datetime.date(2027, 6, 1))
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
        "“Offer the case” cannot be taken from “Request received”; only from: Proposed."
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

    assert names == ["extend_offer", "restate", "accept", "cancel"]
