"""Every write on sales and transfer cases, the FMS workflow, and the case reads.

One keyword-only function per operation, each in a transaction, each
checking permission through the policy and validating with full_clean()
before it writes. The workflow (states, transitions, guards) is declared
once here as `WORKFLOW`; pages and API move cases through `move_case`,
which fills in the dates a transition sets (the day of the offer and its
expiry, the day supply completed and when closure is due).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case as Choose
from django.db.models import (
    Count,
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from seccoop.core.permissions import can, require
from seccoop.core.services import _refresh, claim, require_in_reach, update_record
from seccoop.core.workflow import Transition, Workflow
from seccoop.partners import services as partner_services
from seccoop.partners.models import Engagement
from seccoop.programs.models import (
    NOTIFICATION_THRESHOLDS,
    OFFER_ADMINISTRATIVE_DAYS,
    Agreement,
    CancellationReason,
    Case,
    CaseKind,
    CaseLine,
    CaseMilestone,
    CaseReview,
    CaseState,
    CaseVersion,
    ClosureAction,
    LetterOfRequest,
    MilestoneKind,
    OfferDateGroup,
    OfferPeriod,
    Payment,
    Program,
    RequestedResponse,
)
from seccoop.programs.models.cases import (
    CLOSURE_STATES,
    OFFERED_OR_LATER,
    OPEN_STATES,
    RETIRED_STATES,
    aod_group_days,
)
from seccoop.workforce.models import Assignment, Person

ZERO = Decimal("0")
CASE_MANAGER = "case manager"
# The roles people take on a case, offered on its staffing form (Case.roles says
# which share of the case's sub-competencies each one exercises).
CASE_ROLES = tuple(Case.roles)
# Fields only the workflow sets; an edit of the case may not touch them.
WORKFLOW_FIELDS = frozenset(
    {
        "state",
        "state_changed_at",
        "acknowledged_on",
        "request_complete_on",
        "price_and_availability_on",
        "approved_on",
        "dsca_approved_on",
        "state_cleared_on",
        "congress_notified_on",
        "notification_reference",
        "offered_on",
        "offer_expires_on",
        "accepted_on",
        "signed_by",
        "implemented_on",
        "supply_complete_on",
        "closure_due_on",
        "interim_closed_on",
        "closed_on",
        "cancelled_on",
        "cancellation_reason",
    }
)
STATE_ORDER = {state: index for index, state in enumerate(CaseState.values)}


def at_or_after(case: Case, state: str) -> bool:
    """Whether the case has reached `state` on the main line (cancelled reaches nothing)."""
    if case.state == CaseState.CANCELLED:
        return False
    return STATE_ORDER[case.state] >= STATE_ORDER[state]


# --- reads used by the guards ---------------------------------------------------


def case_value(case: Case) -> Decimal:
    """The total value of the case's active lines."""
    total = ZERO
    for quantity, unit_value in case.lines.active().values_list("quantity", "unit_value"):
        total += unit_value * quantity
    return total


def value_of(case: Case) -> Decimal:
    """The case's value: as `with_value` read it with the case, else summed from its lines.

    Pages, the API and the clocks all take the value from here, so a list
    read `with_value` costs no query per case.
    """
    total = getattr(case, "total_value", None)
    return case_value(case) if total is None else Decimal(total)


def scheduled_total(case: Case) -> Decimal:
    return case.payments.active().aggregate(total=Sum("amount"))["total"] or ZERO


def _has_case_manager(case: Case) -> bool:
    return Assignment.objects.open().of(case).filter(role__iexact=CASE_MANAGER).exists()


# --- congressional notification (AECA 36(b)) -------------------------------------


@dataclass(frozen=True)
class Notification:
    """Whether a sale must be notified to Congress before it is offered, and for how long."""

    required: bool
    review_days: int | None
    reasons: tuple[str, ...]
    notified_on: datetime.date | None
    earliest_offer_on: datetime.date | None


def notification_for(case: Case, *, value: Decimal | None = None) -> Notification:
    """Work out the AECA 36(b) notification of a sale from its values and its purchaser.

    `value` is the case's value (its lines, or the price and availability
    estimate before it has lines). A BPC case or a direct commercial sale is not
    an FMS offer and is not notified under 36(b); the thresholds are
    NOTIFICATION_THRESHOLDS.
    """
    if case.kind not in (CaseKind.FMS, CaseKind.HYBRID):
        return Notification(False, None, (), case.congress_notified_on, None)
    if value is None:
        value = value_of(case) if case.pk else ZERO
    if not value and case.estimated_value is not None:
        value = case.estimated_value
    nato_plus_five = case.country.nato_plus_five
    measured = {"mde": case.mde_value or ZERO, "total": value or ZERO}
    reasons = []
    days = None
    for threshold in NOTIFICATION_THRESHOLDS:
        if threshold.nato_plus_five != nato_plus_five:
            continue
        if measured[threshold.measure] >= threshold.amount:
            what = "major defense equipment" if threshold.measure == "mde" else "the case value"
            reasons.append(
                f"{what} of ${measured[threshold.measure]:,.0f} reaches ${threshold.amount:,.0f}"
            )
            days = max(days or 0, threshold.review_days)
    required = bool(reasons)
    notified = case.congress_notified_on
    earliest = notified + datetime.timedelta(days=days) if required and notified else None
    return Notification(required, days if required else None, tuple(reasons), notified, earliest)


# --- guards: each says what is missing, or None ---------------------------------


def request_is_complete(case: Case) -> str | None:
    request = LetterOfRequest.objects.filter(case=case).first()
    if request is None:
        return "No letter of request is recorded."
    missing = request.missing_items()
    if missing:
        return "The request lacks " + "; ".join(missing) + "."
    return None


def price_and_availability_recorded(case: Case) -> str | None:
    missing = []
    if case.estimated_value is None:
        missing.append("the estimated value")
    if case.price_and_availability_on is None:
        missing.append("the day the data was provided")
    if missing:
        return "Price and availability data needs " + " and ".join(missing) + "."
    return None


def request_asks_for_an_offer(case: Case) -> str | None:
    request = LetterOfRequest.objects.filter(case=case).first()
    if request is None or request.requested_response != RequestedResponse.OFFER:
        return (
            "The request does not ask for a Letter of Offer and Acceptance; record the "
            "partner's request for an offer first."
        )
    return None


def agency_named(case: Case) -> str | None:
    if not case.implementing_agency:
        return "Name the implementing agency."
    return None


def has_lines(case: Case) -> str | None:
    if not case.lines.active().exists():
        return "Add at least one case line."
    return None


def case_manager_assigned(case: Case) -> str | None:
    if not _has_case_manager(case):
        return "Assign a case manager."
    return None


def offer_expiry_set(case: Case) -> str | None:
    if case.offer_expires_on is None:
        return "Set the offer expiration date."
    return None


def lines_have_value(case: Case) -> str | None:
    lines = list(case.lines.active())
    if not lines:
        return "Add case lines with their value."
    without = [str(line.number) for line in lines if line.value <= ZERO]
    if without:
        return f"Give a value to line {', '.join(without)}."
    return None


def schedule_covers_value(case: Case) -> str | None:
    if case.kind == CaseKind.BPC:
        return None  # the partner pays nothing; the funds are checked by bpc_funds_recorded
    value, scheduled = case_value(case), scheduled_total(case)
    if value > ZERO and scheduled != value:
        return (
            f"The payment schedule totals ${scheduled:,.2f} but the case is worth "
            f"${value:,.2f}; make them agree."
        )
    return None


def bpc_funds_recorded(case: Case) -> str | None:
    if case.kind != CaseKind.BPC:
        return None
    names = {
        "fund_source": "the fund source",
        "fund_fiscal_year": "the fiscal year of the funds",
        "funds_obligate_by": "the last day the funds may be obligated",
        "funds_cancel_on": "the day the funds cancel",
    }
    missing = [label for name, label in names.items() if getattr(case, name) in (None, "")]
    if missing:
        return "A BPC case needs " + ", ".join(missing) + "."
    return None


def purchaser_eligible(case: Case) -> str | None:
    if case.kind in (CaseKind.FMS, CaseKind.HYBRID) and not case.country.fms_eligible:
        return f"{case.country.name} is not recorded as eligible for FMS (AECA section 3)."
    return None


def dsca_approved(case: Case) -> str | None:
    if case.dsca_approved_on is None:
        return "Record DSCA's approval of the offer."
    return None


def notification_period_run(case: Case) -> str | None:
    """An offer that Congress must be notified of waits for the review period to run."""
    notice = notification_for(case)
    if not notice.required:
        return None
    if case.state_cleared_on is None:
        return "The State Department has not cleared the notification."
    if notice.notified_on is None:
        return (
            f"Congress must be notified ({'; '.join(notice.reasons)}) and the "
            f"{notice.review_days}-day review must end before the offer (AECA 36(b)(1))."
        )
    if case.offered_on and case.offered_on < notice.earliest_offer_on:
        return (
            f"The {notice.review_days}-day congressional review runs until "
            f"{notice.earliest_offer_on:%d %b %Y}; the offer cannot be made before."
        )
    return None


def offer_made_before_expiry(case: Case) -> str | None:
    if case.offered_on and case.offer_expires_on and case.offered_on > case.offer_expires_on:
        return (
            f"The offer expired on {case.offer_expires_on:%d %b %Y} before it was made; "
            "restate the case."
        )
    return None


def notification_needed(case: Case) -> str | None:
    if not notification_for(case).required:
        return "This case does not reach a notification threshold."
    if case.state_cleared_on is None:
        return "The State Department clears the notification before it goes to Congress."
    if case.congress_notified_on and case.congress_notified_on < case.state_cleared_on:
        return "Congress is notified after the State Department's clearance."
    return None


def offer_extended_later(case: Case) -> str | None:
    current = Case.objects.filter(pk=case.pk).values_list("offer_expires_on", flat=True).get()
    if case.offer_expires_on is None or (current and case.offer_expires_on <= current):
        return "An extension sets an expiration date later than the current one."
    return None


def offer_still_stands(case: Case) -> str | None:
    current = Case.objects.filter(pk=case.pk).values_list("offer_expires_on", flat=True).get()
    if current and current < timezone.localdate():
        return f"The offer expired on {current:%d %b %Y}; an expired offer cannot be restated."
    return None


def offer_not_expired(case: Case) -> str | None:
    if case.offer_expires_on and case.accepted_on and case.accepted_on > case.offer_expires_on:
        return (
            f"The offer expired on {case.offer_expires_on:%d %b %Y}; it can no longer be accepted."
        )
    return None


def signed_by_official(case: Case) -> str | None:
    if not (case.signed_by or "").strip():
        return "Name the authorised official who signed the acceptance."
    return None


def initial_deposit_paid(case: Case) -> str | None:
    """The initial deposit is the first payment of the schedule, paid by the expiration date."""
    if case.kind == CaseKind.BPC:
        return None
    first = case.payments.active().order_by("due_on", "pk").first()
    if first is None or first.paid_on is None:
        return "Record the initial deposit as paid."
    if case.offer_expires_on and first.paid_on > case.offer_expires_on:
        return (
            f"The initial deposit was paid on {first.paid_on:%d %b %Y}, after the offer "
            f"expired on {case.offer_expires_on:%d %b %Y}."
        )
    return None


def bpc_funds_available(case: Case) -> str | None:
    if case.kind == CaseKind.BPC and case.funds_available_on is None:
        return "The case waits for its funds (BPCWAIT); record the day they became available."
    return None


def milestones_scheduled(case: Case) -> str | None:
    if not case.milestones.active().exists():
        return "Schedule the case's milestones and deliverables."
    return None


def deliverables_complete(case: Case) -> str | None:
    open_ = case.milestones.active().filter(
        kind=MilestoneKind.DELIVERABLE, completed_on__isnull=True
    )
    titles = list(open_.values_list("title", flat=True)[:5])
    if titles:
        return "Deliverables not yet complete: " + "; ".join(titles) + "."
    if case.closure_due_on is None:
        return "Set the day closure is due."
    return None


def closure_actions_agreed(case: Case) -> str | None:
    if not case.closure_actions.active().exists():
        return "Agree the closure actions with the stakeholders first."
    return None


def ready_to_close(case: Case) -> str | None:
    problems = []
    actions = case.closure_actions.active().filter(done_on__isnull=True).count()
    if actions:
        problems.append(f"{actions} closure action{'s' if actions != 1 else ''} still open")
    unpaid = case.payments.active().filter(paid_on__isnull=True).count()
    if unpaid:
        problems.append(f"{unpaid} payment{'s' if unpaid != 1 else ''} not yet received")
    if problems:
        return "The case cannot close: " + " and ".join(problems) + "."
    return None


def cancellation_reason_given(case: Case) -> str | None:
    if not case.cancellation_reason:
        return "Give the reason for the cancellation."
    if case.cancellation_reason == CancellationReason.OFFER_LAPSED and not (
        case.offer_expires_on and case.cancelled_on and case.cancelled_on > case.offer_expires_on
    ):
        return "An offer lapses only once its expiration date has passed."
    return None


S = CaseState
# Cancellation is open from any state before final closure (SAMM C5.4, C6.6).
BEFORE_FINAL_CLOSURE = tuple(s for s in CaseState.values if s not in (S.CLOSED, S.CANCELLED))
WORKFLOW = Workflow(
    model=Case,
    states=CaseState,
    retired_states=RETIRED_STATES,
    transitions=[
        Transition(
            "acknowledge_request",
            "Acknowledge the request",
            (S.REQUEST_RECEIVED,),
            S.REQUEST_ACKNOWLEDGED,
            fields=("acknowledged_on",),
        ),
        Transition(
            # Found complete on receipt, a request is acknowledged in the same reply.
            "complete_request",
            "Mark the request complete",
            (S.REQUEST_RECEIVED, S.REQUEST_ACKNOWLEDGED),
            S.REQUEST_COMPLETE,
            guards=(request_is_complete,),
            fields=("acknowledged_on", "request_complete_on"),
        ),
        Transition(
            "provide_price_and_availability",
            "Provide price and availability data",
            (S.REQUEST_COMPLETE,),
            S.PRICE_AND_AVAILABILITY,
            guards=(price_and_availability_recorded,),
            fields=("price_and_availability_on", "estimated_value"),
        ),
        Transition(
            "start_development",
            "Start case development",
            (S.REQUEST_COMPLETE, S.PRICE_AND_AVAILABILITY),
            S.DEVELOPMENT,
            guards=(request_asks_for_an_offer,),
        ),
        Transition(
            "write",
            "Mark the case written",
            (S.DEVELOPMENT,),
            S.WRITTEN,
            guards=(agency_named, has_lines),
        ),
        Transition(
            "review",
            "Mark the case reviewed",
            (S.WRITTEN,),
            S.REVIEWED,
            guards=(case_manager_assigned, lines_have_value),
        ),
        Transition(
            "propose",
            "Approve and propose the case (MILAP)",
            (S.REVIEWED,),
            S.PROPOSED,
            guards=(lines_have_value, schedule_covers_value, bpc_funds_recorded, offer_expiry_set),
            fields=("approved_on", "offer_expires_on"),
        ),
        Transition(
            "record_dsca_approval",
            "Record DSCA's approval",
            (S.PROPOSED,),
            S.PROPOSED,
            fields=("dsca_approved_on",),
        ),
        Transition(
            "record_state_clearance",
            "Record the State Department's clearance",
            (S.PROPOSED,),
            S.PROPOSED,
            fields=("state_cleared_on",),
        ),
        Transition(
            "notify_congress",
            "Record the notification to Congress",
            (S.PROPOSED,),
            S.PROPOSED,
            guards=(notification_needed,),
            fields=("congress_notified_on", "notification_reference"),
        ),
        Transition(
            "offer",
            "Offer the case",
            (S.PROPOSED,),
            S.OFFERED,
            guards=(
                purchaser_eligible,
                dsca_approved,
                notification_period_run,
                lines_have_value,
                schedule_covers_value,
                offer_made_before_expiry,
            ),
            fields=("offered_on",),
        ),
        Transition(
            "extend_offer",
            "Extend the offer",
            (S.OFFERED,),
            S.OFFERED,
            guards=(offer_extended_later,),
            fields=("offer_expires_on",),
            note_required=True,
        ),
        Transition(
            # A restated offer goes back for its major changes and is approved again
            # (DSCA Policy 12-08: only while offered, unaccepted and unexpired).
            "restate",
            "Restate the offer",
            (S.OFFERED,),
            S.DEVELOPMENT,
            guards=(offer_still_stands,),
            fields=("approved_on", "offer_expires_on", "offered_on", "dsca_approved_on"),
            note_required=True,
        ),
        Transition(
            "accept",
            "Record the acceptance",
            (S.OFFERED,),
            S.ACCEPTED,
            guards=(signed_by_official, offer_not_expired, initial_deposit_paid),
            fields=("accepted_on", "signed_by"),
        ),
        Transition(
            "implement",
            "Mark the case implemented",
            (S.ACCEPTED,),
            S.IMPLEMENTED,
            guards=(bpc_funds_available,),
            fields=("implemented_on",),
        ),
        Transition(
            "complete_supply",
            "Mark supply and services complete",
            (S.IMPLEMENTED,),
            S.SUPPLY_COMPLETE,
            guards=(milestones_scheduled, deliverables_complete),
            fields=("supply_complete_on", "closure_due_on"),
        ),
        Transition(
            "close_interim",
            "Close the case on an interim basis",
            (S.SUPPLY_COMPLETE,),
            S.INTERIM_CLOSED,
            guards=(closure_actions_agreed,),
            fields=("interim_closed_on",),
        ),
        Transition(
            "close",
            "Close the case",
            (S.SUPPLY_COMPLETE, S.INTERIM_CLOSED),
            S.CLOSED,
            guards=(closure_actions_agreed, ready_to_close),
            fields=("closed_on",),
        ),
        Transition(
            "cancel",
            "Cancel the case",
            BEFORE_FINAL_CLOSURE,
            S.CANCELLED,
            guards=(cancellation_reason_given,),
            fields=("cancelled_on", "cancellation_reason"),
            note_required=True,
        ),
    ],
)

# The day a transition records, when the caller does not give it.
DAY_OF = {
    "acknowledge_request": "acknowledged_on",
    "complete_request": "request_complete_on",
    "provide_price_and_availability": "price_and_availability_on",
    "propose": "approved_on",
    "record_dsca_approval": "dsca_approved_on",
    "record_state_clearance": "state_cleared_on",
    "notify_congress": "congress_notified_on",
    "offer": "offered_on",
    "accept": "accepted_on",
    "cancel": "cancelled_on",
    "implement": "implemented_on",
    "complete_supply": "supply_complete_on",
    "close_interim": "interim_closed_on",
    "close": "closed_on",
}


def move_case(
    *,
    user,
    case: Case,
    name: str,
    note: str = "",
    values: dict | None = None,
    expected_version: int | None = None,
    today: datetime.date | None = None,
    at: datetime.datetime | None = None,
):
    """Take transition `name` on the case; return the StateChange written.

    The day the transition records defaults to today; the offer expires
    `offer_validity_days` after the agency's approval (MILAP) and closure is
    due 12 months after supply completes, unless `values` says otherwise. A
    restatement clears the approval, the offer and its expiry, to be given
    again. Refused moves raise ValidationError or PermissionDenied and write
    nothing.
    """
    WORKFLOW.transition(name)  # an unknown name is refused before anything else
    values = dict(values or {})
    day = today or (timezone.localdate(at) if at else timezone.localdate())
    day_field = DAY_OF.get(name)
    if day_field and values.get(day_field) is None:
        values[day_field] = day
    if name == "complete_request" and case.acknowledged_on is None:
        values.setdefault("acknowledged_on", day)
    elif name == "complete_request":
        values.pop("acknowledged_on", None)
    if name == "propose" and values.get("offer_expires_on") is None:
        values["offer_expires_on"] = case.expiry_for(values["approved_on"])
    if name == "restate":
        values.update(approved_on=None, offer_expires_on=None, offered_on=None,
                      dsca_approved_on=None)  # fmt: skip
    if name == "complete_supply" and "closure_due_on" not in values:
        values["closure_due_on"] = Case.closure_due_for(values["supply_complete_on"])
    return WORKFLOW.move(
        user=user,
        record=case,
        name=name,
        note=note,
        values=values,
        expected_version=expected_version,
        at=at,
    )


# --- opening and editing cases ------------------------------------------------------


@transaction.atomic
def open_case(*, user, case: dict, request: dict | None = None) -> Case:
    """Open a case from a partner's letter (or memorandum) of request.

    `case` holds the case's fields, `request` those of its request and
    intake checklist. A program-team member opening a case without a team
    gets their own.
    """
    case, links = _split_links(case)
    record = Case(**{k: v for k, v in case.items() if k not in WORKFLOW_FIELDS and v is not None})
    _standard_period(record)
    person = getattr(user, "person", None)
    if record.org_unit_id is None and person is not None:
        from seccoop.core.permissions import Role, has_role

        if has_role(user, Role.PROGRAM_TEAM):
            position = getattr(person, "position", None)
            record.org_unit_id = position.org_unit_id if position else person.org_unit_id
    record.state = CaseState.REQUEST_RECEIVED
    record.state_changed_at = timezone.now()
    require(user, "add", record)
    record.full_clean()
    record._history_user = user
    record.save()
    letter = LetterOfRequest(case=record, **(request or {}))
    letter.full_clean()
    letter._history_user = user
    letter.save()
    _links_in_reach(user, links)
    for name, records in links.items():
        if records:
            getattr(record, name).set(records)
    require_in_reach(user, record, "add")
    return record


def _standard_period(record: Case) -> bool:
    """A standard offer period is the standard number of days for the kind of case."""
    if record.offer_period == OfferPeriod.STANDARD:
        record.offer_validity_days = record.standard_offer_days()
        return True
    return False


# The case's links a form or the API may set with its fields (their history is kept).
CASE_LINKS = ("programs", "agreements")


def _split_links(values: dict) -> tuple[dict, dict]:
    fields = {k: v for k, v in values.items() if k not in CASE_LINKS}
    links = {k: v for k, v in values.items() if k in CASE_LINKS}
    return fields, links


def _links_in_reach(user, links: dict) -> None:
    """A case is linked only to programs and agreements its editor may see."""
    for name, records in links.items():
        hidden = [str(r) for r in records or () if not can(user, "view", r)]
        if hidden:
            raise ValidationError({name: [f"You cannot see {', '.join(hidden)}."]})


def update_case(*, user, case: Case, changes: dict, expected_version: int) -> Case:
    """Edit a case's fields (not its state or workflow dates), against the version opened.

    `changes` may hold the case's programs and agreements, set with its fields.
    """
    changes, links = _split_links(changes)
    managed = sorted(set(changes) & WORKFLOW_FIELDS)
    if managed:
        raise ValidationError(
            {name: ["Only the case's workflow sets this; take a transition."] for name in managed}
        )
    kind_before = case.kind
    changes = dict(changes)
    if {"kind", "offer_period"} & set(changes):
        probe = Case(
            kind=changes.get("kind", case.kind),
            offer_period=changes.get("offer_period", case.offer_period),
        )
        if _standard_period(probe):
            changes["offer_validity_days"] = probe.offer_validity_days
    with transaction.atomic():
        _links_in_reach(user, links)
        update_record(
            user=user,
            record=case,
            changes=changes,
            expected_version=expected_version,
            links=links,
        )
        if case.kind != kind_before:
            # What the case exercises depends on its kind; the staff's evidence follows.
            partner_services.sync_assignment_evidence([case], recorded_by=user)
    return case


def update_request(
    *, user, request: LetterOfRequest, changes: dict, expected_version: int
) -> LetterOfRequest:
    """Edit the letter of request and its intake checklist."""
    changes = {key: value for key, value in changes.items() if key != "case"}
    return update_record(
        user=user, record=request, changes=changes, expected_version=expected_version
    )


def _add(user, record):
    require(user, "add", record)
    record.full_clean()
    record._history_user = user
    record.save()
    return record


@transaction.atomic
def add_line(
    *,
    user,
    case: Case,
    description: str,
    quantity: int = 1,
    unit_value: Decimal = ZERO,
    item_code: str = "",
    number: int | None = None,
    significant_military_equipment: bool = False,
    major_defense_equipment: bool = False,
    enhanced_monitoring: bool = False,
) -> CaseLine:
    """Add a line to a case, numbered after the last one unless a number is given."""
    if number is None:
        last = case.lines.aggregate(last=Max("number"))["last"] or 0
        number = last + 1
    return _add(
        user,
        CaseLine(
            case=case,
            number=number,
            description=(description or "").strip(),
            quantity=quantity,
            unit_value=unit_value,
            item_code=" ".join((item_code or "").upper().split()),
            significant_military_equipment=significant_military_equipment,
            major_defense_equipment=major_defense_equipment,
            enhanced_monitoring=enhanced_monitoring,
        ),
    )


# A line is delivered once the case is carried out: from acceptance to supply complete.
DELIVERY_STATES = (CaseState.ACCEPTED, CaseState.IMPLEMENTED, CaseState.SUPPLY_COMPLETE)


def serial_numbers_from(text: str) -> list[str]:
    """The serial numbers typed in a box, one a line (or separated by commas)."""
    return [part.strip() for part in text.replace(",", "\n").splitlines() if part.strip()]


def record_delivery(
    *,
    user,
    line: CaseLine,
    quantity: int,
    delivered_on: datetime.date | None = None,
    serial_numbers: list[str] | tuple[str, ...] = (),
    expected_version: int | None = None,
) -> CaseLine:
    """Record that `quantity` more of the line's articles were delivered on a day.

    The line keeps the quantity delivered so far and the day of its latest
    delivery, with its history. A line designated for enhanced end-use
    monitoring (SAMM C8.4) is delivered with one serial number per article:
    the apps that monitor end use make their records of them as the delivery
    is saved (`signals.line_delivered`), and any of them refusing refuses the
    whole delivery.
    """
    from seccoop.programs.signals import line_delivered

    require(user, "change", line)
    serials = [" ".join(str(s).split()) for s in serial_numbers if str(s).strip()]
    errors: dict[str, list[str]] = {}
    if quantity is None or quantity < 1:
        errors["quantity"] = ["Deliver at least one article."]
    elif quantity > line.undelivered:
        errors["quantity"] = [
            f"Line {line.number} has {line.undelivered} of {line.quantity} left to deliver."
        ]
    if line.case.state not in DELIVERY_STATES:
        errors["line"] = [
            f"A line is delivered once the case is accepted; {line.case.identifier} is "
            f"{line.case.get_state_display().lower()}."
        ]
    if line.enhanced_monitoring and quantity and len(serials) != quantity:
        errors["serial_numbers"] = [
            f"Line {line.number} is designated for enhanced end-use monitoring (SAMM C8.4): "
            f"give one serial number for each of the {quantity} articles delivered, not "
            f"{len(serials)}."
        ]
    repeated = sorted({s for s in serials if serials.count(s) > 1})
    if repeated:
        errors["serial_numbers"] = [f"Serial number {', '.join(repeated)} is given twice."]
    if errors:
        raise ValidationError(errors)
    day = delivered_on or timezone.localdate()
    with transaction.atomic():
        fresh = claim(line, expected_version, user=user)
        if fresh.delivered_quantity + quantity > fresh.quantity:
            raise ValidationError(
                {"quantity": [f"Line {line.number} has {fresh.undelivered} left to deliver."]}
            )
        fresh.delivered_quantity += quantity
        fresh.delivered_on = max(day, fresh.delivered_on) if fresh.delivered_on else day
        fresh.full_clean()
        fresh._history_user = user
        fresh.save()
        line_delivered.send(
            sender=CaseLine,
            line=fresh,
            quantity=quantity,
            delivered_on=day,
            serial_numbers=serials,
            user=user,
        )
    _refresh(line, fresh)
    return line


@transaction.atomic
def add_payment(
    *, user, case: Case, due_on: datetime.date, amount: Decimal, description: str = ""
) -> Payment:
    return _add(
        user,
        Payment(case=case, due_on=due_on, amount=amount, description=(description or "").strip()),
    )


@transaction.atomic
def record_payment(*, user, payment: Payment, paid_on: datetime.date | None = None) -> Payment:
    """Record that a payment was received (today unless a day is given)."""
    require(user, "change", payment)
    payment.paid_on = paid_on or timezone.localdate()
    payment.full_clean()
    payment.version += 1
    payment._history_user = user
    payment.save()
    return payment


@transaction.atomic
def add_milestone(
    *,
    user,
    case: Case,
    title: str,
    due_on: datetime.date,
    kind: str = MilestoneKind.MILESTONE,
    line: CaseLine | None = None,
) -> CaseMilestone:
    return _add(
        user,
        CaseMilestone(case=case, title=(title or "").strip(), due_on=due_on, kind=kind, line=line),
    )


@transaction.atomic
def complete_milestone(
    *, user, milestone: CaseMilestone, completed_on: datetime.date | None = None
) -> CaseMilestone:
    require(user, "change", milestone)
    milestone.completed_on = completed_on or timezone.localdate()
    milestone.full_clean()
    milestone.version += 1
    milestone._history_user = user
    milestone.save()
    return milestone


@transaction.atomic
def record_review(
    *,
    user,
    case: Case,
    kind: str,
    held_on: datetime.date,
    summary: str = "",
    engagement: Engagement | None = None,
) -> CaseReview:
    """Record a program or financial management review held on the case (4.B)."""
    review = _add(
        user,
        CaseReview(
            case=case,
            kind=kind,
            held_on=held_on,
            summary=(summary or "").strip(),
            engagement=engagement,
        ),
    )
    if engagement is not None:
        case.engagements.add(engagement)
    return review


@transaction.atomic
def add_closure_action(
    *,
    user,
    case: Case,
    stakeholder: str,
    description: str,
    due_on: datetime.date | None = None,
) -> ClosureAction:
    return _add(
        user,
        ClosureAction(
            case=case,
            stakeholder=(stakeholder or "").strip(),
            description=(description or "").strip(),
            due_on=due_on,
        ),
    )


@transaction.atomic
def complete_closure_action(
    *, user, action: ClosureAction, done_on: datetime.date | None = None
) -> ClosureAction:
    require(user, "change", action)
    action.done_on = done_on or timezone.localdate()
    action.full_clean()
    action.version += 1
    action._history_user = user
    action.save()
    return action


@transaction.atomic
def link_engagement(*, user, case: Case, engagement: Engagement) -> None:
    """Link an industry advisory meeting, a trade show or a review engagement to the case."""
    require(user, "change", case)
    require(user, "view", engagement)
    case.engagements.add(engagement)


@transaction.atomic
def unlink_engagement(*, user, case: Case, engagement: Engagement) -> None:
    require(user, "change", case)
    case.engagements.remove(engagement)


def assign_staff(
    *, user, case: Case, person: Person, role: str, assigned_on: datetime.date | None = None
) -> Assignment:
    """Assign someone to the case with a role; they gain evidence of practice from it."""
    require(user, "staff", case)
    return partner_services.assign(
        user=user, record=case, person=person, role=role, assigned_on=assigned_on
    )


# --- lists, clocks and the pipeline ---------------------------------------------------


def with_value(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate each case with `total_value`, the value of its active lines (a subquery)."""
    money = DecimalField(max_digits=20, decimal_places=2)
    lines = (
        CaseLine.objects.filter(case=OuterRef("pk"), archived_at__isnull=True)
        .values("case")
        .annotate(total=Sum(ExpressionWrapper(F("quantity") * F("unit_value"), output_field=money)))
        .values("total")
    )
    return cases.annotate(total_value=Coalesce(Subquery(lines, output_field=money), Value(ZERO)))


# The offer's expiration runs from the agency's approval: proposed, then offered.
OFFER_CLOCK_STATES = (CaseState.PROPOSED, CaseState.OFFERED)


def offers_expired(cases: QuerySet[Case], *, today: datetime.date) -> QuerySet[Case]:
    return cases.filter(state__in=OFFER_CLOCK_STATES, offer_expires_on__lt=today)


def closures_overdue(cases: QuerySet[Case], *, today: datetime.date) -> QuerySet[Case]:
    return cases.filter(state__in=CLOSURE_STATES, closure_due_on__lt=today)


def overdue(cases: QuerySet[Case], *, today: datetime.date) -> QuerySet[Case]:
    """Cases whose offer expired unanswered or whose closure is past due, most overdue first."""
    return (offers_expired(cases, today=today) | closures_overdue(cases, today=today)).order_by(
        Coalesce("offer_expires_on", "closure_due_on"), "identifier"
    )


@dataclass
class PipelineRow:
    state: str
    label: str
    count: int
    oldest_days: int | None
    average_days: int | None
    overdue: int
    share: int  # percent of the largest state's count, for the bar


def pipeline(cases: QuerySet[Case], *, today: datetime.date) -> list[PipelineRow]:
    """Each state with its number of cases, their age in state and the overdue clocks."""
    now = timezone.now()
    counts: dict[str, int] = defaultdict(int)
    ages: dict[str, list[int]] = defaultdict(list)
    late: dict[str, int] = defaultdict(int)
    rows = cases.active().values_list(
        "state", "state_changed_at", "offer_expires_on", "closure_due_on"
    )
    for state, changed_at, expires_on, due_on in rows:
        counts[state] += 1
        if changed_at is not None:
            ages[state].append(max((now - changed_at).days, 0))
        if state in OFFER_CLOCK_STATES and expires_on and expires_on < today:
            late[state] += 1
        if state in CLOSURE_STATES and due_on and due_on < today:
            late[state] += 1
    largest = max(counts.values(), default=0)
    return [
        PipelineRow(
            state=state,
            label=label,
            count=counts[state],
            oldest_days=max(ages[state]) if ages[state] else None,
            average_days=round(sum(ages[state]) / len(ages[state])) if ages[state] else None,
            overdue=late[state],
            share=round(100 * counts[state] / largest) if largest else 0,
        )
        for state, label in CaseState.choices
    ]


# States between the complete request and the offer, while the anticipated offer date runs.
BEFORE_OFFER = tuple(
    state
    for state in CaseState.values
    if STATE_ORDER[S.REQUEST_COMPLETE] <= STATE_ORDER[state] < STATE_ORDER[S.OFFERED]
)


@dataclass(frozen=True)
class OfferDateShare:
    """How many offers of one AOD group were made by their anticipated offer date."""

    group: str
    label: str
    days: int
    offered: int
    on_time: int
    waiting_past: int  # not yet offered and already past the anticipated date
    goal: int  # percent

    @property
    def share(self) -> int | None:
        """Percent of the offers made by the anticipated offer date; None before any offer."""
        return round(100 * self.on_time / self.offered) if self.offered else None

    @property
    def meets_goal(self) -> bool | None:
        return None if self.share is None else self.share >= self.goal


def offer_date_shares(cases: QuerySet[Case], *, today: datetime.date) -> list[OfferDateShare]:
    """Per AOD group, the share of offers made by the anticipated offer date, against the goal.

    One query, whatever the number of cases: the dates are read as a list and
    counted here. A case counts once offered; one still in development past its
    anticipated date is counted apart, as waiting. The days per group and the
    goal are the SECCOOP_AOD_GROUP_DAYS and SECCOOP_AOD_ON_TIME_GOAL settings.
    """
    days = aod_group_days()
    offered: dict[str, int] = defaultdict(int)
    on_time: dict[str, int] = defaultdict(int)
    waiting: dict[str, int] = defaultdict(int)
    rows = (
        cases.active()
        .exclude(aod_group="")
        .filter(request_complete_on__isnull=False)
        .values_list("aod_group", "request_complete_on", "offered_on", "state")
    )
    for group, complete_on, offered_on, state in rows:
        if group not in days:
            continue
        anticipated = complete_on + datetime.timedelta(days=days[group])
        if offered_on is not None:
            offered[group] += 1
            on_time[group] += offered_on <= anticipated
        elif state in BEFORE_OFFER and anticipated < today:
            waiting[group] += 1
    goal = settings.SECCOOP_AOD_ON_TIME_GOAL
    return [
        OfferDateShare(
            group=group,
            label=label,
            days=days.get(group, 0),
            offered=offered[group],
            on_time=on_time[group],
            waiting_past=waiting[group],
            goal=goal,
        )
        for group, label in OfferDateGroup.choices
        if group in days
    ]


# --- the clocks: computed here once, for the page, the API and the export ----------


@dataclass(frozen=True)
class Clock:
    """One dated clock of a case: what falls due, on which day, and how far away it is."""

    name: str  # such as "Offer expiry": the region's name on the page
    verb: str  # such as "The offer expires on"
    day: datetime.date
    days: int  # days from today; negative once passed
    overdue: bool
    detail: str = ""
    late: str = ""  # what the list says once it is overdue, such as "Offer expired"

    @property
    def late_days(self) -> int:
        return -self.days

    @property
    def when(self) -> str:
        """How far the day is, as the case page says it: "in 3 days", "overdue by 2 days"."""
        if self.overdue:
            return f"overdue by {_days(self.late_days)}"
        if self.days < 0:
            return f"passed {_days(self.late_days)} ago"
        if self.days == 0:
            return "today"
        return f"in {_days(self.days)}"

    @property
    def urgent(self) -> bool:
        """Overdue or due today: the page puts it in bold."""
        return self.overdue or self.days == 0

    @property
    def label(self) -> str:
        """The clock's name in a list: what went wrong once it is overdue."""
        return self.late if self.overdue and self.late else self.name


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


LATE = {
    "Anticipated offer": "Past the anticipated offer date",
    "Offer expiry": "Offer expired",
    "Funds": "Funds past their obligation date",
    "Closure due": "Closure overdue",
}


def _clock(name, verb, day, today, *, detail="", overdue=True) -> Clock:
    days = (day - today).days
    return Clock(name, verb, day, days, overdue and day < today, detail, LATE.get(name, ""))


def clocks(case: Case, *, today: datetime.date) -> list[Clock]:
    """Every clock running on the case today, in the order the case meets them.

    The one place the clocks are worked out: the case page, the case list, the
    pipeline's overdue list, the home panel and the API all show these.
    """
    found = []
    state = case.state
    anticipated = case.anticipated_offer_on
    if anticipated and state in BEFORE_OFFER:
        found.append(
            _clock(
                "Anticipated offer",
                "The offer is anticipated by",
                anticipated,
                today,
                detail=f"{case.get_aod_group_display()}: {aod_group_days()[case.aod_group]} days "
                f"from the request found complete on {case.request_complete_on:%d %b %Y} "
                "(SAMM C5.4.2).",
            )
        )
    if state in (S.REVIEWED, S.PROPOSED):
        notice = notification_for(case)
        if notice.required and notice.earliest_offer_on:
            found.append(
                _clock(
                    "Congressional review",
                    "The review period ends on",
                    notice.earliest_offer_on,
                    today,
                    detail=f"{notice.review_days}-day review under AECA 36(b)(1): "
                    + "; ".join(notice.reasons)
                    + ".",
                    overdue=False,
                )
            )
    if state in (S.PROPOSED, S.OFFERED) and case.offer_expires_on:
        purchaser_days = max(case.offer_validity_days - OFFER_ADMINISTRATIVE_DAYS, 0)
        found.append(
            _clock(
                "Offer expiry",
                "The offer expires on",
                case.offer_expires_on,
                today,
                detail=f"{case.get_offer_period_display().split(' (')[0]} period of "
                f"{case.offer_validity_days} days from the agency's approval"
                + (f" on {case.approved_on:%d %b %Y}" if case.approved_on else "")
                + f", about {OFFER_ADMINISTRATIVE_DAYS} administrative and {purchaser_days} "
                "for the purchaser.",
            )
        )
    if case.kind == CaseKind.BPC and case.funds_obligate_by and case.is_open:
        waiting = state == S.ACCEPTED and case.funds_available_on is None
        found.append(
            _clock(
                "Funds",
                "The funds must be obligated by",
                case.funds_obligate_by,
                today,
                detail=("Waiting for funds (BPCWAIT). " if waiting else "")
                + (f"They cancel on {case.funds_cancel_on:%d %b %Y}." if case.funds_cancel_on
                   else ""),
            )
        )  # fmt: skip
    if state in CLOSURE_STATES and case.closure_due_on:
        found.append(_clock("Closure due", "Closure is due on", case.closure_due_on, today))
    return found


# --- data quality ---------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    """A required field or date a case lacks, or a schedule that is not current."""

    field: str
    message: str


@dataclass
class CaseData:
    """What the data-quality check reads about one case, loaded in bulk for a portfolio."""

    request: LetterOfRequest | None = None
    lines: list[CaseLine] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    milestones: list[CaseMilestone] = field(default_factory=list)
    reviews: list[CaseReview] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


def flags_for(case: Case, data: CaseData, *, today: datetime.date) -> list[Flag]:
    """What a case lacks: required fields and dates, and schedules gone stale (4.J, 4.L)."""
    flags: list[Flag] = []
    request = data.request
    if request is None:
        flags.append(Flag("request", "No letter of request is recorded."))
    else:
        if request.received_on is None:
            flags.append(Flag("request", "The day the request was received is missing."))
        if case.state == CaseState.REQUEST_RECEIVED and request.missing_items():
            flags.append(Flag("request", request_is_complete_text(request)))
    if not case.description:
        flags.append(Flag("description", "The case has no description."))
    if case.org_unit_id is None:
        flags.append(Flag("org_unit", "No program team manages the case."))
    if case.is_open and not any(role.lower() == CASE_MANAGER for role in data.roles):
        flags.append(Flag("assignments", "No case manager is assigned."))
    if at_or_after(case, CaseState.REQUEST_COMPLETE) and not case.implementing_agency:
        flags.append(Flag("implementing_agency", "The implementing agency is missing."))
    if case.state == CaseState.PRICE_AND_AVAILABILITY and case.estimated_value is None:
        flags.append(Flag("estimated_value", "The price and availability estimate is missing."))
    if at_or_after(case, CaseState.WRITTEN):
        if not data.lines:
            flags.append(Flag("lines", "The case has no lines."))
        without = [str(line.number) for line in data.lines if line.value <= ZERO]
        if without:
            flags.append(Flag("lines", f"Line {', '.join(without)} has no value."))
    if case.state in OFFERED_OR_LATER or case.state in CLOSURE_STATES:
        value = sum((line.value for line in data.lines), ZERO)
        scheduled = sum((payment.amount for payment in data.payments), ZERO)
        if scheduled != value:
            flags.append(
                Flag(
                    "payments",
                    f"The payment schedule (${scheduled:,.2f}) does not match the case value "
                    f"(${value:,.2f}).",
                )
            )
    if at_or_after(case, CaseState.OFFERED):
        if case.offered_on is None:
            flags.append(Flag("offered_on", "The day of the offer is missing."))
        if case.offer_expires_on is None and case.state == CaseState.OFFERED:
            flags.append(Flag("offer_expires_on", "The offer expiry date is missing."))
    if case.offer_expired(today):
        flags.append(
            Flag("offer_expires_on", f"The offer expired on {case.offer_expires_on:%d %b %Y}.")
        )
    if at_or_after(case, CaseState.ACCEPTED) and case.accepted_on is None:
        flags.append(Flag("accepted_on", "The day of acceptance is missing."))
    if at_or_after(case, CaseState.SUPPLY_COMPLETE):
        if case.supply_complete_on is None:
            flags.append(Flag("supply_complete_on", "The day supply completed is missing."))
        if case.closure_due_on is None and case.state != CaseState.CLOSED:
            flags.append(Flag("closure_due_on", "The closure due date is missing."))
    if case.closure_overdue(today):
        flags.append(Flag("closure_due_on", f"Closure was due on {case.closure_due_on:%d %b %Y}."))
    if case.is_open:
        late = [m.title for m in data.milestones if m.completed_on is None and m.due_on < today]
        if late:
            flags.append(Flag("milestones", "Past due and not complete: " + "; ".join(late) + "."))
        unpaid = [p for p in data.payments if p.paid_on is None and p.due_on < today]
        if unpaid:
            flags.append(
                Flag(
                    "payments", f"{len(unpaid)} payment{'s' if len(unpaid) != 1 else ''} past due."
                )
            )
    if case.state == CaseState.IMPLEMENTED:
        year_ago = today - datetime.timedelta(days=365)
        if not any(review.held_on >= year_ago for review in data.reviews):
            flags.append(Flag("reviews", "No program or financial review in the past year."))
    return flags


def request_is_complete_text(request: LetterOfRequest) -> str:
    return "The request lacks " + "; ".join(request.missing_items()) + "."


def case_data(cases: list[Case]) -> dict[int, CaseData]:
    """Everything the data-quality check reads about these cases, in six queries."""
    ids = [case.pk for case in cases]
    found = {pk: CaseData() for pk in ids}
    for request in LetterOfRequest.objects.active().filter(case_id__in=ids):
        found[request.case_id].request = request
    for line in CaseLine.objects.active().filter(case_id__in=ids):
        found[line.case_id].lines.append(line)
    for payment in Payment.objects.active().filter(case_id__in=ids):
        found[payment.case_id].payments.append(payment)
    for milestone in CaseMilestone.objects.active().filter(case_id__in=ids):
        found[milestone.case_id].milestones.append(milestone)
    for review in CaseReview.objects.active().filter(case_id__in=ids):
        found[review.case_id].reviews.append(review)
    for case_id, role in (
        Assignment.objects.open()
        .filter(source_type=ContentType.objects.get_for_model(Case), source_id__in=ids)
        .values_list("source_id", "role")
    ):
        found[case_id].roles.append(role)
    return found


def data_quality(case: Case, *, today: datetime.date | None = None) -> list[Flag]:
    today = today or timezone.localdate()
    return flags_for(case, case_data([case])[case.pk], today=today)


def portfolio_quality(
    cases: QuerySet[Case], *, today: datetime.date | None = None
) -> list[tuple[Case, list[Flag]]]:
    """Every case of the portfolio that lacks something, with what it lacks."""
    today = today or timezone.localdate()
    cases = list(cases.select_related("country"))
    data = case_data(cases)
    report = [(case, flags_for(case, data[case.pk], today=today)) for case in cases]
    return [(case, flags) for case, flags in report if flags]


# --- the portfolio of a country or a program ------------------------------------------


def stage_standard_days(case: Case) -> int | None:
    """The standard days for the case's current stage, or None where none is set.

    An offered case is measured against its own offer period and a case whose
    supply is complete against the months to closure (both sourced, see
    models.cases); every other stage against SECCOOP_CASE_STAGE_STANDARD_DAYS,
    the directorate's own targets, as no public source gives them.
    """
    if case.state == CaseState.OFFERED:
        return case.offer_validity_days
    if case.state == CaseState.SUPPLY_COMPLETE and case.supply_complete_on:
        due = case.closure_due_on or Case.closure_due_for(case.supply_complete_on)
        return (due - case.supply_complete_on).days
    return settings.SECCOOP_CASE_STAGE_STANDARD_DAYS.get(case.state)


@dataclass
class PortfolioRow:
    """One case of a portfolio: its stage against the standard, its clocks, what blocks it."""

    case: Case
    days_in_stage: int | None
    standard_days: int | None
    clocks: list[Clock]
    blockers: list[str]
    programs: list = field(default_factory=list)
    agreements: list = field(default_factory=list)
    # Its amendments and modifications (SAMM C6.7), oldest first; the basic case is left out.
    changes: list = field(default_factory=list)

    @property
    def changes_in_work(self) -> list:
        """Amendments and modifications written or offered, not yet in force."""
        return [version for version in self.changes if version.state in ("written", "offered")]

    @property
    def over_standard(self) -> bool:
        return (
            self.days_in_stage is not None
            and self.standard_days is not None
            and self.days_in_stage > self.standard_days
        )

    @property
    def days_over(self) -> int:
        return self.days_in_stage - self.standard_days if self.over_standard else 0


@dataclass
class Portfolio:
    """The cases touching a partner nation or a cooperation program, as one user may see them.

    `subject` is the country or the program; other apps add what the cases
    depend on (the controls app, the disclosure requests) by a panel on the
    portfolio page, reading `subject` and `case_ids`.
    """

    kind: str  # "country" or "program"
    subject: object
    rows: list[PortfolioRow]
    agreements: list

    @property
    def case_ids(self) -> list[int]:
        return [row.case.pk for row in self.rows]

    @property
    def open_rows(self) -> list[PortfolioRow]:
        return [row for row in self.rows if row.case.is_open]


def portfolio_cases(user, *, country=None, program=None) -> QuerySet[Case]:
    """The active cases of a country, or linked to a program, that the user may see."""
    cases = Case.objects.visible_to(user).active()
    if country is not None:
        cases = cases.filter(country=country)
    if program is not None:
        cases = cases.filter(programs=program)
    return (
        with_value(cases)
        .select_related("country")
        .prefetch_related(
            Prefetch("programs", queryset=Program.objects.visible_to(user).active()),
            Prefetch("agreements", queryset=Agreement.objects.visible_to(user).active()),
            Prefetch(
                "versions",
                queryset=CaseVersion.objects.active().exclude(kind="basic").order_by("pk"),
                to_attr="changes",
            ),
        )
        .order_by(
            Choose(When(state__in=OPEN_STATES, then=Value(0)), default=Value(1)),
            "state_changed_at",
            "identifier",
        )
    )


def portfolio(user, *, country=None, program=None, today: datetime.date | None = None) -> Portfolio:
    """The portfolio of a country or of a program, in a fixed number of queries.

    Each case with its stage and days there against the standard
    (`stage_standard_days`), the clocks running on it (`clocks`: the offer's
    expiry, the congressional review, BPC funds, closure due), and what blocks
    it: the flags of the data-quality check (`flags_for`), read in bulk.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    cases = list(portfolio_cases(user, country=country, program=program))
    data = case_data(cases)
    rows = []
    for case in cases:
        changed = case.state_changed_at
        rows.append(
            PortfolioRow(
                case=case,
                days_in_stage=max((now - changed).days, 0) if changed else None,
                standard_days=stage_standard_days(case) if case.is_open else None,
                clocks=clocks(case, today=today),
                blockers=[flag.message for flag in flags_for(case, data[case.pk], today=today)]
                if case.is_open
                else [],
                programs=list(case.programs.all()),
                agreements=list(case.agreements.all()),
                changes=case.changes,
            )
        )
    agreements = Agreement.objects.visible_to(user).active()
    if country is not None:
        agreements = agreements.filter(countries=country)
        subject, kind = country, "country"
    else:
        agreements = agreements.filter(Q(program=program) | Q(cases__programs=program))
        subject, kind = program, "program"
    return Portfolio(
        kind=kind,
        subject=subject,
        rows=rows,
        agreements=list(agreements.distinct().order_by("title")),
    )


# --- the work of one person ------------------------------------------------------------


@dataclass
class CaseClock:
    """The clock a case is running against: the offer's expiry, or the closure's due day."""

    label: str
    day: datetime.date
    overdue: bool


RUNNING_LABEL = {
    "Anticipated offer": "offer anticipated by",
    "Congressional review": "review ends",
    "Offer expiry": "offer expires",
    "Funds": "funds to be obligated by",
    "Closure due": "closure due",
}


# The clocks `overdue` lists a case for: the offer's expiry and the closure's due day.
OVERDUE_LISTED = ("Offer expiry", "Closure due")


def overdue_clock(case: Case, *, today: datetime.date) -> Clock | None:
    """The clock that puts the case on the overdue list (see `overdue`), as `clocks` gives it."""
    return next(
        (c for c in clocks(case, today=today) if c.overdue and c.name in OVERDUE_LISTED), None
    )


def running_clock(case: Case, *, today: datetime.date) -> CaseClock | None:
    """The first of the case's clocks (see `clocks`), for a one-line summary."""
    found = clocks(case, today=today)
    if not found:
        return None
    first = found[0]
    return CaseClock(RUNNING_LABEL[first.name], first.day, first.overdue)


def assigned_to(cases: QuerySet[Case], person: Person) -> QuerySet[Case]:
    """The cases among `cases` that `person` holds an open assignment on."""
    return cases.filter(
        pk__in=Assignment.objects.open()
        .filter(person=person, source_type=ContentType.objects.get_for_model(Case))
        .values("source_id")
    )


def my_open_cases(cases: QuerySet[Case], person: Person, *, today: datetime.date) -> QuerySet[Case]:
    """Open cases assigned to `person`, each annotated with `milestones_past_due`.

    The clocks run out first: overdue clocks, then the nearest, then the
    cases with no clock running, longest in their stage first.
    """
    return (
        assigned_to(cases, person)
        .filter(state__in=OPEN_STATES)
        .annotate(
            milestones_past_due=Count(
                "milestones",
                filter=Q(
                    milestones__completed_on__isnull=True,
                    milestones__archived_at__isnull=True,
                    milestones__due_on__lt=today,
                ),
            )
        )
        .annotate(
            clock_day=Choose(
                When(state__in=OFFER_CLOCK_STATES, then="offer_expires_on"),
                When(state__in=CLOSURE_STATES, then="closure_due_on"),
                output_field=DateField(),
            )
        )
        .select_related("country")
        .order_by(F("clock_day").asc(nulls_last=True), "state_changed_at", "identifier")
    )
