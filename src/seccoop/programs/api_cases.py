"""Sales and transfer cases through the API.

The same querysets, FilterSet, policy and services as the pages. Every
transition of the FMS workflow is one endpoint,
`POST /cases/{id}/transitions/{name}`: a transition that cannot be taken
(from the case's state, or with a guard unmet) answers 400 naming what
stands in the way, and changes nothing.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from seccoop.core.api import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    LimitOffset,
    WorkflowStateChangeOut,
    WorkflowTransitionOut,
    apply_filters,
    available_transitions,
    filter_parameters,
    get_visible,
    refused,
)
from seccoop.core.services import ConcurrentEditError
from seccoop.partners.models import Country, Engagement
from seccoop.programs import policies_cases as policies
from seccoop.programs.filters_cases import CaseFilter
from seccoop.programs.models import (
    Agreement,
    Case,
    CaseLine,
    CaseMilestone,
    CaseVersion,
    ClosureAction,
    LetterOfRequest,
    Payment,
    Program,
)
from seccoop.programs.services import case_versions
from seccoop.programs.services import cases as services
from seccoop.workforce.models import Assignment, OrgUnit, Person

router = Router(tags=["cases"])

# 400: a transition refused (wrong state, unmet guard); 409: the case changed meanwhile.
MOVE_ERRORS = {**WRITE_ERRORS, 409: ErrorOut}


# --- schemas -------------------------------------------------------------------------


class ClockOut(Schema):
    name: str
    day: datetime.date
    days: int = Field(description="Days from today; negative once passed.")
    overdue: bool
    detail: str


class CaseOut(Schema):
    id: int
    identifier: str
    title: str
    country: str = Field(description="The ISO 3166 code.")
    kind: str
    state: str
    state_label: str
    state_changed_at: datetime.datetime | None
    implementing_agency: str
    org_unit_id: int | None = Field(None, description="The program team managing the case.")
    description: str
    estimated_value: Decimal | None
    total_value: Decimal = Field(description="The value of the case's lines.")
    offer_validity_days: int
    price_and_availability_on: datetime.date | None
    offered_on: datetime.date | None
    offer_expires_on: datetime.date | None
    accepted_on: datetime.date | None
    implemented_on: datetime.date | None
    supply_complete_on: datetime.date | None
    closure_due_on: datetime.date | None
    closed_on: datetime.date | None
    cancelled_on: datetime.date | None
    legal_authority: str
    mde_value: Decimal | None
    aod_group: str = Field(description="The anticipated offer date group (SAMM C5.4.2.1).")
    request_complete_on: datetime.date | None
    anticipated_offer_on: datetime.date | None = Field(
        description="The AOD group's days after the request was complete."
    )
    current_value: Decimal = Field(
        description="The value of the latest version in force (amendment or modification), "
        "else that of the lines."
    )
    offer_period: str
    offer_period_reason: str
    acknowledged_on: datetime.date | None
    approved_on: datetime.date | None = Field(
        description="The implementing agency's approval (MILAP), from which the offer expires."
    )
    dsca_approved_on: datetime.date | None
    state_cleared_on: datetime.date | None
    congress_notified_on: datetime.date | None
    notification_reference: str
    signed_by: str
    interim_closed_on: datetime.date | None
    cancellation_reason: str
    fund_source: str
    fund_fiscal_year: int | None
    funds_obligate_by: datetime.date | None
    funds_cancel_on: datetime.date | None
    funds_available_on: datetime.date | None
    notification_required: bool = Field(description="Whether AECA 36(b) notification applies.")
    notification_review_days: int | None
    offer_expired: bool
    closure_overdue: bool
    clocks: list[ClockOut] = Field(description="The clocks running on the case today.")
    engagement_ids: list[int]
    program_ids: list[int] = Field(description="The cooperation programs the case serves.")
    agreement_ids: list[int] = Field(description="The international agreements it depends on.")
    version: int

    @staticmethod
    def resolve_country(obj):
        return obj.country.iso_code

    @staticmethod
    def resolve_state_label(obj):
        return obj.get_state_display()

    @staticmethod
    def resolve_total_value(obj):
        return services.value_of(obj).quantize(Decimal("0.01"))

    @staticmethod
    def resolve_current_value(obj):
        return case_versions.current_value(obj)

    @staticmethod
    def resolve_notification_required(obj):
        return services.notification_for(obj).required

    @staticmethod
    def resolve_notification_review_days(obj):
        return services.notification_for(obj).review_days

    @staticmethod
    def resolve_clocks(obj):
        return services.clocks(obj, today=timezone.localdate())

    @staticmethod
    def resolve_offer_expired(obj):
        return obj.offer_expired(timezone.localdate())

    @staticmethod
    def resolve_closure_overdue(obj):
        return obj.closure_overdue(timezone.localdate())

    @staticmethod
    def resolve_engagement_ids(obj):
        return [engagement.pk for engagement in obj.engagements.all()]

    @staticmethod
    def resolve_program_ids(obj):
        return [program.pk for program in obj.programs.all()]

    @staticmethod
    def resolve_agreement_ids(obj):
        return [agreement.pk for agreement in obj.agreements.all()]


class RequestOut(Schema):
    id: int
    kind: str
    reference: str
    received_on: datetime.date | None
    requested_response: str
    funding_source: str
    desired_delivery_on: datetime.date | None
    major_defense_equipment: bool
    country_team_assessment: bool
    from_authorized_official: bool
    through_proper_channels: bool
    items_described: bool
    end_use_stated: bool
    total_package_considered: bool
    point_of_contact: bool
    notes: str
    missing: list[str] = Field(description="What a complete request needs and this one lacks.")
    version: int

    @staticmethod
    def resolve_missing(obj):
        return obj.missing_items()


class RequestIn(Schema):
    kind: str = "lor"
    reference: str = ""
    received_on: datetime.date | None = None
    requested_response: str = ""
    funding_source: str = ""
    desired_delivery_on: datetime.date | None = None
    major_defense_equipment: bool = False
    country_team_assessment: bool = False
    from_authorized_official: bool = False
    through_proper_channels: bool = False
    items_described: bool = False
    end_use_stated: bool = False
    total_package_considered: bool = False
    point_of_contact: bool = False
    notes: str = ""


class RequestPatch(Schema):
    version: int = Field(description="The version you read; a stale edit answers 409.")
    kind: str | None = None
    reference: str | None = None
    received_on: datetime.date | None = None
    requested_response: str | None = None
    funding_source: str | None = None
    desired_delivery_on: datetime.date | None = None
    major_defense_equipment: bool | None = None
    country_team_assessment: bool | None = None
    from_authorized_official: bool | None = None
    through_proper_channels: bool | None = None
    items_described: bool | None = None
    end_use_stated: bool | None = None
    total_package_considered: bool | None = None
    point_of_contact: bool | None = None
    notes: str | None = None


class CaseIn(Schema):
    identifier: str
    title: str
    country: str = Field(description="The ISO 3166 code.")
    kind: str = "fms"
    implementing_agency: str = ""
    aod_group: str = ""
    org_unit_id: int | None = None
    description: str = ""
    offer_validity_days: int | None = Field(
        None, description="Only for a short or long period; a standard one is 85 days (30 BPC)."
    )
    offer_period: str = "standard"
    offer_period_reason: str = ""
    legal_authority: str = ""
    estimated_value: Decimal | None = None
    mde_value: Decimal | None = None
    fund_source: str = ""
    fund_fiscal_year: int | None = None
    funds_obligate_by: datetime.date | None = None
    funds_cancel_on: datetime.date | None = None
    request: RequestIn = Field(default_factory=RequestIn)


class CasePatch(Schema):
    version: int = Field(description="The version you read; a stale edit answers 409.")
    title: str | None = None
    kind: str | None = None
    implementing_agency: str | None = None
    aod_group: str | None = None
    org_unit_id: int | None = None
    description: str | None = None
    offer_validity_days: int | None = None
    offer_period: str | None = None
    offer_period_reason: str | None = None
    legal_authority: str | None = None
    estimated_value: Decimal | None = None
    mde_value: Decimal | None = None
    fund_source: str | None = None
    fund_fiscal_year: int | None = None
    funds_obligate_by: datetime.date | None = None
    funds_cancel_on: datetime.date | None = None
    funds_available_on: datetime.date | None = None
    program_ids: list[int] | None = Field(None, description="Replaces the case's programs.")
    agreement_ids: list[int] | None = Field(None, description="Replaces the case's agreements.")


class FlagOut(Schema):
    field: str
    message: str


class CaseTransitionIn(Schema):
    note: str = ""
    version: int = Field(description="The version you read; a stale move is 409.")
    price_and_availability_on: datetime.date | None = None
    estimated_value: Decimal | None = None
    acknowledged_on: datetime.date | None = None
    request_complete_on: datetime.date | None = None
    approved_on: datetime.date | None = None
    dsca_approved_on: datetime.date | None = None
    state_cleared_on: datetime.date | None = None
    congress_notified_on: datetime.date | None = None
    notification_reference: str | None = None
    offered_on: datetime.date | None = None
    offer_expires_on: datetime.date | None = None
    accepted_on: datetime.date | None = None
    signed_by: str | None = None
    cancelled_on: datetime.date | None = None
    cancellation_reason: str | None = None
    implemented_on: datetime.date | None = None
    supply_complete_on: datetime.date | None = None
    closure_due_on: datetime.date | None = None
    interim_closed_on: datetime.date | None = None
    closed_on: datetime.date | None = None


class MoveOut(Schema):
    case: CaseOut
    change: WorkflowStateChangeOut


class CaseLineOut(Schema):
    id: int
    number: int
    description: str
    item_code: str = Field(description="The generic code and the MASL number (SAMM C5.F24).")
    quantity: int
    unit_value: Decimal
    value: Decimal
    significant_military_equipment: bool = Field(description="SME (22 CFR 120.36).")
    major_defense_equipment: bool = Field(description="MDE (AECA section 47(6)).")
    enhanced_monitoring: bool = Field(
        description="Designated for enhanced end-use monitoring (SAMM C8.4)."
    )
    delivered_quantity: int
    delivered_on: datetime.date | None
    version: int


class LineIn(Schema):
    description: str
    item_code: str = ""
    quantity: int = 1
    unit_value: Decimal = Decimal("0")
    number: int | None = None
    significant_military_equipment: bool = False
    major_defense_equipment: bool = False
    enhanced_monitoring: bool = False


class DeliveryIn(Schema):
    version: int = Field(description="The line's version you read; a stale delivery answers 409.")
    quantity: int = Field(description="How many of the line's articles were delivered now.")
    delivered_on: datetime.date | None = Field(None, description="Today when left out.")
    serial_numbers: list[str] = Field(
        default_factory=list,
        description="One per article delivered, for a line designated for enhanced end-use "
        "monitoring; each becomes an end-use item to inventory.",
    )


class PaymentOut(Schema):
    id: int
    due_on: datetime.date
    amount: Decimal
    description: str
    paid_on: datetime.date | None


class PaymentIn(Schema):
    due_on: datetime.date
    amount: Decimal
    description: str = ""


class MilestoneOut(Schema):
    id: int
    kind: str
    title: str
    line_id: int | None
    due_on: datetime.date
    completed_on: datetime.date | None


class MilestoneIn(Schema):
    title: str
    due_on: datetime.date
    kind: str = "milestone"
    line_id: int | None = None


class CaseReviewOut(Schema):
    id: int
    kind: str
    held_on: datetime.date
    summary: str
    engagement_id: int | None


class ReviewIn(Schema):
    kind: str
    held_on: datetime.date
    summary: str = ""
    engagement_id: int | None = Field(None, description="A program review engagement.")


class ClosureActionOut(Schema):
    id: int
    stakeholder: str
    description: str
    due_on: datetime.date | None
    done_on: datetime.date | None


class ClosureActionIn(Schema):
    stakeholder: str
    description: str
    due_on: datetime.date | None = None


class DoneIn(Schema):
    on: datetime.date | None = Field(None, description="The day; today if left out.")


class CaseAssignmentOut(Schema):
    id: int
    person_id: int
    person: str
    role: str
    assigned_on: datetime.date
    released_on: datetime.date | None

    @staticmethod
    def resolve_person(obj):
        return str(obj.person)


class CaseAssignmentIn(Schema):
    person_id: int
    role: str
    assigned_on: datetime.date | None = None


class EngagementLinkIn(Schema):
    engagement_id: int


class PipelineOut(Schema):
    state: str
    label: str
    count: int
    average_days: int | None
    oldest_days: int | None
    overdue: int


class PortfolioChangeOut(Schema):
    code: str = Field(description="As DSAMS names the document: A01, M02.")
    kind: str
    state: str


class PortfolioCaseOut(Schema):
    id: int
    identifier: str
    title: str
    country: str = Field(description="The ISO 3166 code.")
    kind: str
    state: str
    state_label: str
    days_in_stage: int | None = Field(description="Days since the case entered its state.")
    standard_days: int | None = Field(
        description="The standard days for the stage: the offer period when offered, the "
        "months to closure when supply is complete, else SECCOOP_CASE_STAGE_STANDARD_DAYS."
    )
    over_standard: bool
    clocks: list[ClockOut] = Field(description="The offer, notification, funds, closure clocks.")
    changes: list[PortfolioChangeOut] = Field(
        description="Its amendments and modifications (SAMM C6.7), oldest first."
    )
    closure_due_on: datetime.date | None
    blockers: list[str] = Field(description="What the case lacks to go on (data quality).")
    program_ids: list[int]
    agreement_ids: list[int]


class PortfolioAgreementOut(Schema):
    id: int
    title: str
    state: str


class PortfolioOut(Schema):
    kind: str = Field(description="country or program")
    subject_id: int
    subject: str
    cases: list[PortfolioCaseOut]
    agreements: list[PortfolioAgreementOut]


def _portfolio_out(found) -> PortfolioOut:
    return PortfolioOut(
        kind=found.kind,
        subject_id=found.subject.pk,
        subject=found.subject.name,
        cases=[
            PortfolioCaseOut(
                id=row.case.pk,
                identifier=row.case.identifier,
                title=row.case.title,
                country=row.case.country.iso_code,
                kind=row.case.kind,
                state=row.case.state,
                state_label=row.case.get_state_display(),
                days_in_stage=row.days_in_stage,
                standard_days=row.standard_days,
                over_standard=row.over_standard,
                clocks=[
                    ClockOut(
                        name=c.name, day=c.day, days=c.days, overdue=c.overdue, detail=c.detail
                    )
                    for c in row.clocks
                ],
                changes=[
                    PortfolioChangeOut(code=v.code, kind=v.kind, state=v.state) for v in row.changes
                ],
                closure_due_on=row.case.closure_due_on,
                blockers=row.blockers,
                program_ids=[program.pk for program in row.programs],
                agreement_ids=[agreement.pk for agreement in row.agreements],
            )
            for row in found.rows
        ],
        agreements=[
            PortfolioAgreementOut(id=a.pk, title=a.title, state=a.state) for a in found.agreements
        ],
    )


class OfferDateShareOut(Schema):
    group: str
    label: str
    days: int = Field(description="Days from the request complete date to the anticipated offer.")
    offered: int
    on_time: int = Field(description="Offers made by their anticipated offer date.")
    share: int | None = Field(description="Percent of offers made on time; null before any.")
    goal: int = Field(description="The on-time goal, in percent.")
    meets_goal: bool | None
    waiting_past: int = Field(description="Cases not yet offered and past their date.")


class CaseVersionOut(Schema):
    id: int
    kind: str
    number: int
    code: str = Field(description="Basic, A01 (amendment 1), M01 (modification 1).")
    label: str
    state: str
    description: str
    grounds: str
    value: Decimal
    previous_value: Decimal
    change: Decimal
    lines_count: int
    lines_summary: str
    approved_on: datetime.date | None
    offered_on: datetime.date | None
    offer_expires_on: datetime.date | None
    accepted_on: datetime.date | None
    signed_by: str
    issued_on: datetime.date | None
    ended_on: datetime.date | None
    version: int


class CaseVersionIn(Schema):
    kind: str = Field(description="amendment or modification")
    description: str = Field(description="The purpose of the change and why it is made.")
    grounds: str = Field("", description="Modifications: price, delivery, payment, "
                         "administrative or closure.")  # fmt: skip
    value: Decimal = Field(description="The case's value once the change is in force.")


class CaseVersionMoveIn(Schema):
    note: str = ""
    version: int = Field(description="The version you read; a stale move is 409.")
    approved_on: datetime.date | None = None
    offered_on: datetime.date | None = None
    accepted_on: datetime.date | None = None
    signed_by: str | None = None
    issued_on: datetime.date | None = None
    ended_on: datetime.date | None = None


# --- cases ------------------------------------------------------------------------------

CaseQuery = filter_parameters(CaseFilter)


def _cases(user):
    return services.with_value(
        Case.objects.visible_to(user).active().select_related("country")
    ).prefetch_related("engagements", "programs", "agreements", "versions")


def _case(user, case_id: int) -> Case:
    return get_visible(user, _cases(user), pk=case_id)


@router.get(
    "/cases",
    response={200: list[CaseOut], **LIST_ERRORS},
    summary="Sales and transfer cases you work or oversee",
)
@paginate(LimitOffset)
def list_cases(request, filters: Query[CaseQuery]):
    return apply_filters(CaseFilter, filters, _cases(request.user))


@router.get(
    "/cases/pipeline",
    response={200: list[PipelineOut], **LIST_ERRORS},
    summary="Cases by state, with their age in state and overdue clocks",
)
def case_pipeline(request):
    cases = Case.objects.visible_to(request.user).active()
    return services.pipeline(cases, today=timezone.localdate())


@router.get(
    "/cases/portfolio/country/{country_id}",
    response={200: PortfolioOut, **READ_ERRORS},
    summary="The cases of a partner nation: stage, days in stage, clocks, what blocks each",
)
def country_portfolio(request, country_id: int):
    country = get_visible(request.user, Country.objects.all(), pk=country_id)
    return _portfolio_out(services.portfolio(request.user, country=country))


@router.get(
    "/cases/portfolio/program/{program_id}",
    response={200: PortfolioOut, **READ_ERRORS},
    summary="The cases linked to a cooperation program: stage, clocks, what blocks each",
)
def program_portfolio(request, program_id: int):
    program = get_visible(request.user, Program.objects.all(), pk=program_id)
    return _portfolio_out(services.portfolio(request.user, program=program))


@router.get(
    "/cases/offer-dates",
    response={200: list[OfferDateShareOut], **LIST_ERRORS},
    summary="Per AOD group, the share of offers made by their anticipated offer date",
)
def case_offer_dates(request):
    cases = Case.objects.visible_to(request.user)
    return services.offer_date_shares(cases, today=timezone.localdate())


@router.get(
    "/cases/overdue",
    response={200: list[CaseOut], **LIST_ERRORS},
    summary="Cases whose offer expired or whose closure is past due",
)
def overdue_cases(request):
    return services.overdue(_cases(request.user), today=timezone.localdate())


@router.post(
    "/cases",
    response={201: CaseOut, **WRITE_ERRORS},
    summary="Open a case from a letter of request",
    description="The case starts as “request received”; 422 with nothing written if a value "
    "is invalid.",
)
def create_case(request, payload: CaseIn):
    user = request.user
    if not policies.may_open_cases(user):
        raise PermissionDenied("Desk officers, program teams and leadership open cases.")
    country = Country.objects.filter(iso_code=payload.country.upper()).first()
    if country is None:
        raise ValidationError({"country": [f"No country has the ISO code {payload.country!r}."]})
    values = payload.dict(exclude={"request", "country"})
    if (
        values["org_unit_id"] is not None
        and not OrgUnit.objects.filter(pk=values["org_unit_id"]).exists()
    ):
        raise ValidationError({"org_unit_id": ["No such org unit."]})
    case = services.open_case(
        user=user, case={**values, "country": country}, request=payload.request.dict()
    )
    return Status(201, _case(user, case.pk))


@router.get("/cases/{case_id}", response={200: CaseOut, **READ_ERRORS}, summary="Case")
def get_case(request, case_id: int):
    return _case(request.user, case_id)


@router.patch(
    "/cases/{case_id}",
    response={200: CaseOut, 409: ErrorOut, **WRITE_ERRORS},
    summary="Edit a case (its state moves only by transitions)",
)
def update_case(request, case_id: int, payload: CasePatch):
    case = _case(request.user, case_id)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    for name, model in (("programs", Program), ("agreements", Agreement)):
        ids = changes.pop(f"{name[:-1]}_ids", None)
        if ids is not None:
            found = list(model.objects.filter(pk__in=ids))
            if len(found) != len(set(ids)):
                raise ValidationError({f"{name[:-1]}_ids": [f"No such {name[:-1]}."]})
            changes[name] = found
    services.update_case(
        user=request.user, case=case, changes=changes, expected_version=payload.version
    )
    return _case(request.user, case_id)


@router.get(
    "/cases/{case_id}/request",
    response={200: RequestOut, **READ_ERRORS},
    summary="The case's letter of request and what its intake checklist finds missing",
)
def get_request(request, case_id: int):
    case = _case(request.user, case_id)
    return get_object_or_404(LetterOfRequest, case=case)


@router.patch(
    "/cases/{case_id}/request",
    response={200: RequestOut, 409: ErrorOut, **WRITE_ERRORS},
    summary="Update the letter of request and its intake checklist",
)
def update_request(request, case_id: int, payload: RequestPatch):
    case = _case(request.user, case_id)
    letter = get_object_or_404(LetterOfRequest, case=case)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    return services.update_request(
        user=request.user, request=letter, changes=changes, expected_version=payload.version
    )


@router.get(
    "/cases/{case_id}/data-quality",
    response={200: list[FlagOut], **READ_ERRORS},
    summary="The required fields and dates the case lacks",
)
def case_data_quality(request, case_id: int):
    return services.data_quality(_case(request.user, case_id))


# --- the workflow ---------------------------------------------------------------------------


@router.get(
    "/cases/{case_id}/transitions",
    response={200: list[WorkflowTransitionOut], **READ_ERRORS},
    summary="The transitions you may take from the case's state, with what blocks each",
)
def case_transitions(request, case_id: int):
    case = _case(request.user, case_id)
    return available_transitions(request.user, services.WORKFLOW, case)


@router.post(
    "/cases/{case_id}/transitions/{name}",
    response={200: MoveOut, **MOVE_ERRORS},
    summary="Move a case: take one transition of the FMS workflow",
    description=(
        "Transitions: "
        + ", ".join(t.name for t in services.WORKFLOW.transitions)
        + ". 400, with nothing changed, when the transition cannot be taken from the case's "
        "state or a guard is unmet; the errors name what is missing."
    ),
)
def move_case(request, case_id: int, name: str, payload: CaseTransitionIn):
    case = _case(request.user, case_id)
    values = payload.dict(exclude_unset=True, exclude={"note", "version"})
    try:
        change = services.move_case(
            user=request.user,
            case=case,
            name=name,
            note=payload.note,
            values=values,
            expected_version=payload.version,
        )
    except ConcurrentEditError:
        raise
    except ValidationError as exc:
        return refused(exc, "The case was not moved")
    return MoveOut(case=_case(request.user, case_id), change=change)


@router.get(
    "/cases/{case_id}/log",
    response={200: list[WorkflowStateChangeOut], **READ_ERRORS},
    summary="Every move of the case, oldest first",
)
def case_log(request, case_id: int):
    return list(services.WORKFLOW.log(_case(request.user, case_id)))


# --- the case's records --------------------------------------------------------------------


@router.get(
    "/cases/{case_id}/lines", response={200: list[CaseLineOut], **READ_ERRORS}, summary="Lines"
)
def list_lines(request, case_id: int):
    return list(_case(request.user, case_id).lines.active())


@router.post(
    "/cases/{case_id}/lines", response={201: CaseLineOut, **WRITE_ERRORS}, summary="Add a line"
)
def create_line(request, case_id: int, payload: LineIn):
    case = _case(request.user, case_id)
    return Status(201, services.add_line(user=request.user, case=case, **payload.dict()))


@router.post(
    "/case-lines/{line_id}/deliveries",
    response={200: CaseLineOut, **MOVE_ERRORS},
    summary="Record a delivery of a line's articles",
)
def deliver_line(request, line_id: int, payload: DeliveryIn):
    line = get_visible(request.user, CaseLine.objects.select_related("case"), pk=line_id)
    return services.record_delivery(
        user=request.user,
        line=line,
        quantity=payload.quantity,
        delivered_on=payload.delivered_on,
        serial_numbers=payload.serial_numbers,
        expected_version=payload.version,
    )


@router.get(
    "/cases/{case_id}/payments",
    response={200: list[PaymentOut], **READ_ERRORS},
    summary="Payment schedule",
)
def list_payments(request, case_id: int):
    return list(_case(request.user, case_id).payments.active())


@router.post(
    "/cases/{case_id}/payments",
    response={201: PaymentOut, **WRITE_ERRORS},
    summary="Schedule a payment",
)
def create_payment(request, case_id: int, payload: PaymentIn):
    case = _case(request.user, case_id)
    return Status(201, services.add_payment(user=request.user, case=case, **payload.dict()))


@router.post(
    "/case-payments/{payment_id}/received",
    response={200: PaymentOut, **WRITE_ERRORS},
    summary="Record a payment as received",
)
def payment_received(request, payment_id: int, payload: DoneIn):
    payment = get_visible(request.user, Payment.objects.select_related("case"), pk=payment_id)
    return services.record_payment(user=request.user, payment=payment, paid_on=payload.on)


@router.get(
    "/cases/{case_id}/milestones",
    response={200: list[MilestoneOut], **READ_ERRORS},
    summary="Milestones and deliverables",
)
def list_milestones(request, case_id: int):
    return list(_case(request.user, case_id).milestones.active())


@router.post(
    "/cases/{case_id}/milestones",
    response={201: MilestoneOut, **WRITE_ERRORS},
    summary="Schedule a milestone or deliverable",
)
def create_milestone(request, case_id: int, payload: MilestoneIn):
    case = _case(request.user, case_id)
    data = payload.dict()
    line_id = data.pop("line_id")
    line = case.lines.filter(pk=line_id).first() if line_id else None
    if line_id and line is None:
        raise ValidationError({"line_id": ["The case has no such line."]})
    return Status(201, services.add_milestone(user=request.user, case=case, line=line, **data))


@router.post(
    "/case-milestones/{milestone_id}/done",
    response={200: MilestoneOut, **WRITE_ERRORS},
    summary="Mark a milestone or deliverable complete",
)
def milestone_done(request, milestone_id: int, payload: DoneIn):
    milestone = get_visible(
        request.user, CaseMilestone.objects.select_related("case"), pk=milestone_id
    )
    return services.complete_milestone(
        user=request.user, milestone=milestone, completed_on=payload.on
    )


@router.get(
    "/cases/{case_id}/reviews",
    response={200: list[CaseReviewOut], **READ_ERRORS},
    summary="Program and financial management reviews",
)
def list_reviews(request, case_id: int):
    return list(_case(request.user, case_id).reviews.active())


@router.post(
    "/cases/{case_id}/reviews",
    response={201: CaseReviewOut, **WRITE_ERRORS},
    summary="Record a review held with the partner",
)
def create_review(request, case_id: int, payload: ReviewIn):
    case = _case(request.user, case_id)
    data = payload.dict()
    engagement_id = data.pop("engagement_id")
    engagement = None
    if engagement_id is not None:
        engagement = Engagement.objects.visible_to(request.user).filter(pk=engagement_id).first()
        if engagement is None:
            raise ValidationError({"engagement_id": ["No such engagement."]})
    return Status(
        201,
        services.record_review(user=request.user, case=case, engagement=engagement, **data),
    )


@router.get(
    "/cases/{case_id}/closure-actions",
    response={200: list[ClosureActionOut], **READ_ERRORS},
    summary="Closure actions agreed with the stakeholders",
)
def list_closure_actions(request, case_id: int):
    return list(_case(request.user, case_id).closure_actions.active())


@router.post(
    "/cases/{case_id}/closure-actions",
    response={201: ClosureActionOut, **WRITE_ERRORS},
    summary="Agree a closure action with a stakeholder",
)
def create_closure_action(request, case_id: int, payload: ClosureActionIn):
    case = _case(request.user, case_id)
    return Status(201, services.add_closure_action(user=request.user, case=case, **payload.dict()))


@router.post(
    "/case-closure-actions/{action_id}/done",
    response={200: ClosureActionOut, **WRITE_ERRORS},
    summary="Mark a closure action done",
)
def closure_action_done(request, action_id: int, payload: DoneIn):
    action = get_visible(request.user, ClosureAction.objects.select_related("case"), pk=action_id)
    return services.complete_closure_action(user=request.user, action=action, done_on=payload.on)


@router.get(
    "/cases/{case_id}/assignments",
    response={200: list[CaseAssignmentOut], **READ_ERRORS},
    summary="The staff assigned to the case",
)
def list_assignments(request, case_id: int):
    case = _case(request.user, case_id)
    return list(Assignment.objects.open().of(case).select_related("person"))


@router.post(
    "/cases/{case_id}/assignments",
    response={201: CaseAssignmentOut, **WRITE_ERRORS},
    summary="Assign someone to the case with a role",
    description="They gain evidence of practice on the sub-competencies the case exercises.",
)
def create_assignment(request, case_id: int, payload: CaseAssignmentIn):
    case = _case(request.user, case_id)
    person = Person.objects.visible_to(request.user).active().filter(pk=payload.person_id).first()
    if person is None:
        raise ValidationError({"person_id": ["No such person."]})
    assignment = services.assign_staff(
        user=request.user,
        case=case,
        person=person,
        role=payload.role,
        assigned_on=payload.assigned_on,
    )
    return Status(201, assignment)


@router.post(
    "/cases/{case_id}/engagements",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Link an industry advisory meeting, a trade show or a review engagement",
)
def link_engagement(request, case_id: int, payload: EngagementLinkIn):
    case = _case(request.user, case_id)
    engagement = (
        Engagement.objects.visible_to(request.user).filter(pk=payload.engagement_id).first()
    )
    if engagement is None:
        raise ValidationError({"engagement_id": ["No such engagement."]})
    services.link_engagement(user=request.user, case=case, engagement=engagement)
    return _case(request.user, case_id)


# --- amendments and modifications -------------------------------------------------------


@router.get(
    "/cases/{case_id}/versions",
    response={200: list[CaseVersionOut], **READ_ERRORS},
    summary="The basic case, its amendments and modifications, in the order written",
)
def list_versions(request, case_id: int):
    return case_versions.versions_of(_case(request.user, case_id))


@router.post(
    "/cases/{case_id}/versions",
    response={201: CaseVersionOut, **WRITE_ERRORS},
    summary="Write an amendment or a modification of an accepted case (SAMM C6.7)",
)
def create_version(request, case_id: int, payload: CaseVersionIn):
    case = _case(request.user, case_id)
    return Status(201, case_versions.write_version(user=request.user, case=case, **payload.dict()))


@router.post(
    "/case-versions/{version_id}/transitions/{name}",
    response={200: CaseVersionOut, **MOVE_ERRORS},
    summary="Move an amendment (offer, accept, lapse, cancel) or a modification (issue, cancel)",
    description="400, with nothing changed, when the move cannot be taken; an acceptance after "
    "the amendment's offer expiration date is refused.",
)
def move_version(request, version_id: int, name: str, payload: CaseVersionMoveIn):
    version = get_visible(
        request.user, CaseVersion.objects.active().select_related("case"), pk=version_id
    )
    values = payload.dict(exclude_unset=True, exclude={"note", "version"})
    try:
        case_versions.move_version(
            user=request.user,
            version=version,
            name=name,
            note=payload.note,
            values=values,
            expected_version=payload.version,
        )
    except ConcurrentEditError:
        raise
    except ValidationError as exc:
        return refused(exc, f"{version.label} was not moved")
    return version
