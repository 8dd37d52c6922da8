"""The controls app through the API.

The same querysets, FilterSets, policy and services as the pages. Controls
records are open to foreign disclosure specialists, leadership,
administrators and the people assigned to them: anyone else is refused the
lists (403), and a record they may not see is reported missing (404).
A transition the workflow refuses answers 400, naming the state or what is
missing, with nothing changed.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from seccoop.controls import disclosure_policy, services
from seccoop.controls.filters import (
    ConstraintFilter,
    DelegationFilter,
    DisclosureRequestFilter,
    EndUseItemFilter,
    NomineeFilter,
    SecurityAgreementFilter,
)
from seccoop.controls.models import (
    Assistance,
    ConstraintKind,
    ConstraintStatus,
    DelegationOfDisclosureAuthority,
    DisclosureRequest,
    DisclosureReview,
    EeumArticle,
    EndUseItem,
    ExecutionConstraint,
    Nominee,
    SecurityAgreement,
    UseIncident,
)
from seccoop.controls.views.common import require_controls_reader
from seccoop.core import permissions
from seccoop.core.api import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    LimitOffset,
    apply_filters,
    filter_parameters,
    get_visible,
    refused,
)
from seccoop.core.services import ConcurrentEditError, create_record
from seccoop.partners.models import Country, Engagement
from seccoop.programs.models import Agreement, Case, CaseLine, Program
from seccoop.workforce.models import Person

router = Router(tags=["controls"])

GATED_LIST_ERRORS = {403: ErrorOut, **LIST_ERRORS}
MOVE_ERRORS = {**WRITE_ERRORS, 409: ErrorOut}


# --- helpers ---------------------------------------------------------------------


def _codes(queryset) -> list[str]:
    return [country.iso_code for country in queryset.all()]


def _countries(codes: list[str], field: str = "countries") -> list[Country]:
    wanted = list(dict.fromkeys(code.upper() for code in codes))
    found = {c.iso_code: c for c in Country.objects.filter(iso_code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise ValidationError({field: [f"Unknown ISO 3166 codes: {', '.join(unknown)}."]})
    return [found[code] for code in wanted]


def _one(model, pk, field: str, **lookup):
    if pk is None:
        return None
    found = model._default_manager.filter(pk=pk, **lookup).first()
    if found is None:
        raise ValidationError({field: [f"No {model._meta.verbose_name} {pk}."]})
    return found


def _country(code: str | None, field: str = "country") -> Country | None:
    return _countries([code], field)[0] if code else None


# --- disclosure requests -----------------------------------------------------------


class ControlsReviewOut(Schema):
    id: int
    kind: str
    outcome: str
    reviewer_id: int | None
    comments: str
    completed_on: datetime.date | None


class CountryDecisionOut(Schema):
    country: str
    outcome: str
    reasons: str
    conditions: str

    @staticmethod
    def resolve_country(obj):
        return obj.country.iso_code


class ReleaseOut(Schema):
    id: int
    request_id: int
    country: str
    released_on: datetime.date
    method: str
    level: str = Field(description="The highest level released, when below the request's.")
    description: str
    released_by_id: int | None

    @staticmethod
    def resolve_country(obj):
        return obj.country.iso_code


class DisclosureRequestOut(Schema):
    id: int
    external_id: str | None
    title: str
    description: str
    category: str
    classification: str
    cui_categories: str
    countries: list[str] = Field(description="ISO 3166 codes.")
    releasable_to: list[str]
    case_id: int | None
    program_id: int | None
    agreement_id: int | None
    visit_id: int | None
    visit_description: str
    submitted_on: datetime.date
    information_level: str = Field(description="U, CUI, C, S or TS.")
    delegation_id: int | None
    state: str
    version: int
    decision_reasons: str
    decision_conditions: str

    @staticmethod
    def resolve_countries(obj):
        return _codes(obj.countries)

    @staticmethod
    def resolve_releasable_to(obj):
        return _codes(obj.releasable_to)


class DisclosureCriterionOut(Schema):
    criterion: str
    finding: str
    rationale: str


class DisclosureRequestDetailOut(DisclosureRequestOut):
    reviews: list[ControlsReviewOut]
    country_decisions: list[CountryDecisionOut]
    criteria: list[DisclosureCriterionOut] = Field(
        description="The decision's finding on each criterion."
    )
    needs_exception: list[str] = Field(
        description="Why countries are beyond the recorded ceilings or restrictions; empty if none."
    )
    releases: list[ReleaseOut]
    transitions: list[str] = Field(description="What the signed-in user may do now.")

    @staticmethod
    def resolve_criteria(obj):
        return list(obj.criteria.active())

    @staticmethod
    def resolve_needs_exception(obj):
        conflicts = disclosure_policy.policy_conflicts(obj)
        return [line for lines in conflicts.values() for line in lines]

    @staticmethod
    def resolve_reviews(obj):
        return list(obj.reviews.active())

    @staticmethod
    def resolve_country_decisions(obj):
        return list(obj.country_decisions.active().select_related("country"))

    @staticmethod
    def resolve_releases(obj):
        return list(obj.releases.active().select_related("country"))

    @staticmethod
    def resolve_transitions(obj, context):
        user = context["request"].user
        return [t.name for t in services.DISCLOSURE_WORKFLOW.available(user, obj)]


class DisclosureRequestIn(Schema):
    external_id: str | None = None
    title: str
    description: str = ""
    category: str = Field(description="National Disclosure Policy category, 1 to 8.")
    classification: str = "U"
    cui_categories: str = ""
    countries: list[str] = Field(description="ISO 3166 codes.")
    releasable_to: list[str] = Field(default_factory=list)
    case: int | None = None
    program: int | None = None
    agreement: int | None = None
    visit: int | None = Field(None, description="The id of the engagement (a foreign visit).")
    visit_description: str = ""
    submitted_on: datetime.date | None = None
    reviews: list[str] = Field(default_factory=list, description="The kinds of review needed.")
    information_level: str = Field("U", description="U, CUI, C, S or TS.")
    delegation: int | None = Field(None, description="The id of an approved delegation letter.")


class CountryLineIn(Schema):
    country: str = Field(description="ISO 3166 code.")
    outcome: str = Field(description="approved, approved-with-limitations or denied.")
    reasons: str = ""
    conditions: str = ""


class DisclosureCriterionIn(Schema):
    criterion: str = Field(
        description="foreign-policy, military-security, protection, benefit or limited."
    )
    finding: str = Field(description="met, met-with-conditions or not-met.")
    rationale: str


class ControlsTransitionIn(Schema):
    transition: str = Field(
        description="start-review, approve, approve-with-limitations, deny or refer."
    )
    note: str = ""
    reasons: str = ""
    conditions: str = ""
    countries: list[CountryLineIn] = Field(
        default_factory=list, description="Per-country decisions; others follow the transition."
    )
    criteria: list[DisclosureCriterionIn] = Field(
        default_factory=list,
        description="A decision's finding on every disclosure criterion (DoDD 5230.11).",
    )
    version: int = Field(description="The version you read; a stale move answers 409.")


class AddReviewIn(Schema):
    kind: str
    reviewer: int | None = None


class CompleteReviewIn(Schema):
    outcome: str
    comments: str = ""
    completed_on: datetime.date | None = None


class ReleaseIn(Schema):
    country: str = Field(description="ISO 3166 code.")
    released_on: datetime.date
    method: str = Field("", description="oral, visual, documentary or materiel.")
    level: str = Field("", description="The highest level released, when below the request's.")
    description: str = ""


DisclosureQuery = filter_parameters(DisclosureRequestFilter)


def _requests(user):
    return DisclosureRequest.objects.visible_to(user).prefetch_related("countries", "releasable_to")


@router.get(
    "/disclosure-requests",
    response={200: list[DisclosureRequestOut], **GATED_LIST_ERRORS},
    summary="Disclosure requests, newest first",
)
@paginate(LimitOffset)
def list_disclosure_requests(request, filters: Query[DisclosureQuery]):
    require_controls_reader(request.user)
    return apply_filters(DisclosureRequestFilter, filters, _requests(request.user).active())


@router.get(
    "/disclosure-requests/{request_id}",
    response={200: DisclosureRequestDetailOut, **READ_ERRORS},
    summary="Disclosure request with its reviews, decisions and releases",
)
def get_disclosure_request(request, request_id: int):
    return get_visible(request.user, _requests(request.user), pk=request_id)


@router.post(
    "/disclosure-requests",
    response={201: DisclosureRequestDetailOut, **WRITE_ERRORS},
    summary="Submit a disclosure request",
    description="Give one purpose: a case, a program, an agreement or a foreign visit "
    "(an engagement or a description).",
)
def create_disclosure_request(request, payload: DisclosureRequestIn):
    # Refused before the references are looked up, so a refusal never reads as bad input.
    permissions.require(request.user, "add", DisclosureRequest())
    data = services.DisclosureData(
        title=payload.title,
        description=payload.description,
        category=payload.category,
        classification=payload.classification,
        cui_categories=payload.cui_categories,
        countries=_countries(payload.countries),
        releasable_to=_countries(payload.releasable_to, "releasable_to"),
        case=_one(Case, payload.case, "case"),
        program=_one(Program, payload.program, "program"),
        agreement=_one(Agreement, payload.agreement, "agreement"),
        visit=_one(Engagement, payload.visit, "visit"),
        visit_description=payload.visit_description,
        submitted_on=payload.submitted_on or timezone.localdate(),
        requested_by=getattr(request.user, "person", None),
        external_id=payload.external_id,
        reviews=payload.reviews,
        information_level=payload.information_level,
        delegation=_one(DelegationOfDisclosureAuthority, payload.delegation, "delegation"),
    )
    created = services.submit_disclosure_request(user=request.user, data=data)
    return Status(201, get_visible(request.user, _requests(request.user), pk=created.pk))


@router.post(
    "/disclosure-requests/{request_id}/transitions",
    response={200: DisclosureRequestDetailOut, **MOVE_ERRORS},
    summary="Move a disclosure request through its workflow",
    description="400, with nothing changed, when the transition may not be taken from the "
    "request's state or something it needs is missing (a pending review, the reasons, the "
    "limitations). 409 when `version` is stale.",
)
def move_disclosure_request(request, request_id: int, payload: ControlsTransitionIn):
    record = get_visible(request.user, _requests(request.user), pk=request_id)
    try:
        lines = [
            services.CountryLine(
                _country(line.country), line.outcome, line.reasons, line.conditions
            )  # fmt: skip
            for line in payload.countries
        ]
        services.move_disclosure_request(
            user=request.user,
            request=record,
            name=payload.transition,
            note=payload.note,
            reasons=payload.reasons,
            conditions=payload.conditions,
            countries=lines,
            criteria=[
                disclosure_policy.CriterionLine(c.criterion, c.finding, c.rationale)
                for c in payload.criteria
            ],
            expected_version=payload.version,
        )
    except ConcurrentEditError:
        raise
    except ValidationError as exc:
        return refused(exc)
    return get_visible(request.user, _requests(request.user), pk=request_id)


@router.post(
    "/disclosure-requests/{request_id}/reviews",
    response={201: ControlsReviewOut, **WRITE_ERRORS},
    summary="Name a review a disclosure request needs",
)
def add_review(request, request_id: int, payload: AddReviewIn):
    record = get_visible(request.user, _requests(request.user), pk=request_id)
    review = services.add_review(
        user=request.user,
        request=record,
        kind=payload.kind,
        reviewer=_one(Person, payload.reviewer, "reviewer"),
    )
    return Status(201, review)


@router.post(
    "/disclosure-reviews/{review_id}/complete",
    response={200: ControlsReviewOut, **WRITE_ERRORS},
    summary="Record what a reviewer found",
)
def complete_review(request, review_id: int, payload: CompleteReviewIn):
    review = get_visible(
        request.user, DisclosureReview.objects.select_related("request"), pk=review_id
    )
    return services.complete_review(
        user=request.user,
        review=review,
        outcome=payload.outcome,
        comments=payload.comments,
        completed_on=payload.completed_on,
    )


@router.get(
    "/disclosure-requests/{request_id}/releases",
    response={200: list[ReleaseOut], **READ_ERRORS},
    summary="Releases made under a disclosure request",
)
def list_releases(request, request_id: int):
    record = get_visible(request.user, _requests(request.user), pk=request_id)
    return list(record.releases.active().select_related("country"))


@router.post(
    "/disclosure-requests/{request_id}/releases",
    response={201: ReleaseOut, **WRITE_ERRORS},
    summary="Record a release",
    description="422, naming the country, when the decision did not approve a release to it.",
)
def create_release(request, request_id: int, payload: ReleaseIn):
    record = get_visible(request.user, _requests(request.user), pk=request_id)
    release = services.record_release(
        user=request.user,
        request=record,
        country=_country(payload.country),
        released_on=payload.released_on,
        method=payload.method,
        level=payload.level,
        description=payload.description,
        released_by=getattr(request.user, "person", None),
    )
    return Status(201, release)


# --- delegation of disclosure authority letters ----------------------------------------


class DelegationOut(Schema):
    id: int
    subject_kind: str
    program_id: int | None
    agreement_id: int | None
    subject_name: str
    version_number: int
    version: int
    title: str
    classification_ceiling: str
    disclosure_methods: list[str]
    categories: list[str]
    countries: list[str]
    scope: str
    may_disclose: str
    may_not_disclose: str
    procedures: str
    redelegation: str
    effective_on: datetime.date
    superseded_on: datetime.date | None
    approving_authority: str
    approved_on: datetime.date | None

    @staticmethod
    def resolve_countries(obj):
        return _codes(obj.countries)


class DelegationIn(Schema):
    subject_kind: str = Field(
        "program", description="program, agreement, liaison-officer, exchange or organization."
    )
    program: int | None = None
    agreement: int | None = None
    subject_name: str = ""
    title: str
    classification_ceiling: str
    disclosure_methods: list[str] = Field(description="oral, visual, documentary, materiel.")
    categories: list[str] = Field(description="NDP categories 1 to 8.")
    countries: list[str]
    scope: str = ""
    may_disclose: str
    may_not_disclose: str
    procedures: str = ""
    redelegation: str = ""
    effective_on: datetime.date


DelegationQuery = filter_parameters(DelegationFilter)


def _letters(user):
    return DelegationOfDisclosureAuthority.objects.visible_to(user).prefetch_related("countries")


@router.get(
    "/disclosure-delegations",
    response={200: list[DelegationOut], **GATED_LIST_ERRORS},
    summary="Delegation of disclosure authority letters, every version",
)
@paginate(LimitOffset)
def list_delegations(request, filters: Query[DelegationQuery]):
    require_controls_reader(request.user)
    return apply_filters(DelegationFilter, filters, _letters(request.user).active())


@router.get(
    "/disclosure-delegations/{letter_id}",
    response={200: DelegationOut, **READ_ERRORS},
    summary="Delegation of disclosure authority letter",
)
def get_delegation(request, letter_id: int):
    return get_visible(request.user, _letters(request.user), pk=letter_id)


@router.post(
    "/disclosure-delegations",
    response={201: DelegationOut, **WRITE_ERRORS},
    summary="Issue a letter as the next version; approved, it supersedes the current one",
)
def create_delegation(request, payload: DelegationIn):
    # Refused before the references are looked up, so a refusal never reads as bad input.
    permissions.require(request.user, "add", DelegationOfDisclosureAuthority())
    data = payload.dict(exclude={"program", "agreement", "countries"})
    data["program"] = _one(Program, payload.program, "program")
    data["agreement"] = _one(Agreement, payload.agreement, "agreement")
    letter = services.issue_delegation(
        user=request.user, data=data, countries=_countries(payload.countries)
    )
    return Status(201, get_visible(request.user, _letters(request.user), pk=letter.pk))


# --- security agreements --------------------------------------------------------------


class SecurityAgreementOut(Schema):
    id: int
    country: str
    kind: str
    title: str
    status: str
    signed_on: datetime.date | None
    in_force_on: datetime.date | None
    expires_on: datetime.date | None
    notes: str

    @staticmethod
    def resolve_country(obj):
        return obj.country.iso_code


class SecurityAgreementIn(Schema):
    country: str
    kind: str
    title: str
    status: str
    signed_on: datetime.date | None = None
    in_force_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    notes: str = ""


AgreementQuery = filter_parameters(SecurityAgreementFilter)


def _agreements(user):
    return SecurityAgreement.objects.visible_to(user).select_related("country")


@router.get(
    "/security-agreements",
    response={200: list[SecurityAgreementOut], **GATED_LIST_ERRORS},
    summary="Foundational security agreements",
)
@paginate(LimitOffset)
def list_security_agreements(request, filters: Query[AgreementQuery]):
    require_controls_reader(request.user)
    return apply_filters(SecurityAgreementFilter, filters, _agreements(request.user).active())


@router.get(
    "/security-agreements/{agreement_id}",
    response={200: SecurityAgreementOut, **READ_ERRORS},
    summary="Security agreement",
)
def get_security_agreement(request, agreement_id: int):
    return get_visible(request.user, _agreements(request.user), pk=agreement_id)


@router.post(
    "/security-agreements",
    response={201: SecurityAgreementOut, **WRITE_ERRORS},
    summary="Record a security agreement",
)
def create_security_agreement(request, payload: SecurityAgreementIn):
    # Refused before the references are looked up, so a refusal never reads as bad input.
    permissions.require(request.user, "add", SecurityAgreement())
    data = payload.dict()
    data["country"] = _country(payload.country)
    agreement = create_record(user=request.user, model=SecurityAgreement, data=data)
    return Status(201, agreement)


# --- end-use monitoring ------------------------------------------------------------------


class InventoryOut(Schema):
    id: int
    inventoried_on: datetime.date
    result: str
    performed_by_id: int | None
    notes: str


class IncidentOut(Schema):
    id: int
    item_id: int
    kind: str
    occurred_on: datetime.date | None
    discovered_on: datetime.date
    report_due: datetime.date
    reported_on: datetime.date | None
    description: str
    corrective_action: str


class EndUseItemOut(Schema):
    id: int
    external_id: str | None
    case_id: int
    case_line_id: int | None
    description: str
    monitoring: str
    serial_number: str
    quantity: int
    arrived_on: datetime.date | None
    location: str
    disposed_on: datetime.date | None
    last_inventory: datetime.date | None = None
    inventory_due: datetime.date | None = Field(
        None, description="90 days after arrival, then a year after the last inventory."
    )

    @staticmethod
    def resolve_inventory_due(obj):
        return obj.inventory_due(getattr(obj, "last_inventory", None))


class EndUseItemDetailOut(EndUseItemOut):
    inventories: list[InventoryOut]
    incidents: list[IncidentOut]

    @staticmethod
    def resolve_inventories(obj):
        return list(obj.inventories.active())

    @staticmethod
    def resolve_incidents(obj):
        return list(obj.incidents.active())


class EndUseItemIn(Schema):
    external_id: str | None = None
    case: int
    case_line: int | None = None
    article: int | None = Field(
        None, description="The EEUM-designated article the item is (SAMM C8.4), if one."
    )
    description: str
    monitoring: str | None = Field(
        None,
        description="Read from the designations (SAMM C8.4); if given, it must agree with them.",
    )
    serial_number: str = ""
    quantity: int = 1
    arrived_on: datetime.date | None = None
    location: str = ""
    disposed_on: datetime.date | None = None


class InventoryIn(Schema):
    inventoried_on: datetime.date
    result: str
    notes: str = ""


class IncidentIn(Schema):
    kind: str
    discovered_on: datetime.date
    description: str
    occurred_on: datetime.date | None = None
    reported_on: datetime.date | None = None
    corrective_action: str = ""


class ReportIn(Schema):
    reported_on: datetime.date | None = None


class DelinquenciesOut(Schema):
    inventories_overdue: list[EndUseItemOut]
    incident_reports_overdue: list[IncidentOut]


ItemQuery = filter_parameters(EndUseItemFilter)


def _items(user):
    return services.with_inventory_clock(EndUseItem.objects.visible_to(user))


@router.get(
    "/end-use-items",
    response={200: list[EndUseItemOut], **GATED_LIST_ERRORS},
    summary="Items under end-use monitoring",
)
@paginate(LimitOffset)
def list_end_use_items(request, filters: Query[ItemQuery]):
    require_controls_reader(request.user)
    return apply_filters(EndUseItemFilter, filters, _items(request.user).active())


@router.get(
    "/end-use-items/{item_id}",
    response={200: EndUseItemDetailOut, **READ_ERRORS},
    summary="End-use item with its inventories and incidents",
)
def get_end_use_item(request, item_id: int):
    return get_visible(request.user, _items(request.user), pk=item_id)


@router.post(
    "/end-use-items", response={201: EndUseItemDetailOut, **WRITE_ERRORS}, summary="Record an item"
)
def create_end_use_item(request, payload: EndUseItemIn):
    # Refused before the references are looked up, so a refusal never reads as bad input.
    permissions.require(request.user, "add", EndUseItem())
    data = payload.dict()
    data["case"] = _one(Case, payload.case, "case")
    data["case_line"] = _one(CaseLine, payload.case_line, "case_line")
    data["article"] = _one(EeumArticle, payload.article, "article")
    data["external_id"] = payload.external_id or None
    declared = data.pop("monitoring")
    derived = EndUseItem(case_line=data["case_line"], article=data["article"])
    if declared and declared != derived.designated_monitoring():
        raise ValidationError(
            {"monitoring": [f"“{declared}” disagrees with the designations: "
                            f"{derived.designation_source()}"]}
        )  # fmt: skip
    item = create_record(user=request.user, model=EndUseItem, data=data)
    return Status(201, get_visible(request.user, _items(request.user), pk=item.pk))


@router.post(
    "/end-use-items/{item_id}/inventories",
    response={201: InventoryOut, **WRITE_ERRORS},
    summary="Record an inventory",
)
def create_inventory(request, item_id: int, payload: InventoryIn):
    item = get_visible(request.user, EndUseItem.objects.all(), pk=item_id)
    return Status(201, services.record_inventory(user=request.user, item=item, **payload.dict()))


@router.post(
    "/end-use-items/{item_id}/incidents",
    response={201: IncidentOut, **WRITE_ERRORS},
    summary="Record a loss, theft, unauthorized access or transfer",
)
def create_incident(request, item_id: int, payload: IncidentIn):
    item = get_visible(request.user, EndUseItem.objects.all(), pk=item_id)
    return Status(201, services.record_incident(user=request.user, item=item, **payload.dict()))


@router.post(
    "/end-use-incidents/{incident_id}/report",
    response={200: IncidentOut, **WRITE_ERRORS},
    summary="Record the day an incident was reported",
)
def report_incident(request, incident_id: int, payload: ReportIn):
    incident = get_visible(request.user, UseIncident.objects.all(), pk=incident_id)
    return services.report_incident(
        user=request.user, incident=incident, reported_on=payload.reported_on
    )


@router.get(
    "/end-use-delinquencies",
    response={200: DelinquenciesOut, **GATED_LIST_ERRORS},
    summary="Inventories and incident reports overdue",
)
def delinquencies(request):
    user = request.user
    require_controls_reader(user)
    return DelinquenciesOut(
        inventories_overdue=list(services.overdue_inventories(EndUseItem.objects.visible_to(user))),
        incident_reports_overdue=list(
            services.overdue_incident_reports(UseIncident.objects.visible_to(user))
        ),
    )


# --- human rights vetting ------------------------------------------------------------------


class VettingOut(Schema):
    id: int
    requested_on: datetime.date
    result: str
    vetted_on: datetime.date | None
    expires_on: datetime.date | None
    findings: str
    remediation: str
    remediated_on: datetime.date | None


class AssistanceOut(Schema):
    id: int
    nominee_id: int
    provided_on: datetime.date
    description: str
    case_id: int | None
    flagged: bool = Field(description="True when no current vetting approval covered the day.")

    @staticmethod
    def resolve_flagged(obj):
        return not obj.covered


class NomineeOut(Schema):
    id: int
    country: str
    kind: str
    name: str
    unit: str
    nominated_on: datetime.date
    assistance_proposed: str

    @staticmethod
    def resolve_country(obj):
        return obj.country.iso_code


class NomineeDetailOut(NomineeOut):
    vettings: list[VettingOut]
    assistance: list[AssistanceOut]

    @staticmethod
    def resolve_vettings(obj):
        return list(obj.vettings.active())

    @staticmethod
    def resolve_assistance(obj):
        return list(services.with_cover(obj.assistance.active()))


class NomineeIn(Schema):
    country: str
    kind: str
    name: str
    unit: str = ""
    nominated_on: datetime.date
    assistance_proposed: str = ""


class VettingIn(Schema):
    requested_on: datetime.date
    result: str = "pending"
    vetted_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    findings: str = ""
    remediation: str = ""
    remediated_on: datetime.date | None = None


class AssistanceIn(Schema):
    provided_on: datetime.date
    description: str
    case: int | None = None


NomineeQuery = filter_parameters(NomineeFilter)


def _nominees(user):
    return Nominee.objects.visible_to(user).select_related("country")


@router.get(
    "/vetting-nominees",
    response={200: list[NomineeOut], **GATED_LIST_ERRORS},
    summary="Units and individuals nominated for assistance",
)
@paginate(LimitOffset)
def list_nominees(request, filters: Query[NomineeQuery]):
    require_controls_reader(request.user)
    return apply_filters(NomineeFilter, filters, _nominees(request.user).active())


@router.get(
    "/vetting-nominees/{nominee_id}",
    response={200: NomineeDetailOut, **READ_ERRORS},
    summary="Nominee with its vettings and the assistance given",
)
def get_nominee(request, nominee_id: int):
    return get_visible(request.user, _nominees(request.user), pk=nominee_id)


@router.post(
    "/vetting-nominees", response={201: NomineeOut, **WRITE_ERRORS}, summary="Nominate for vetting"
)
def create_nominee(request, payload: NomineeIn):
    # Refused before the references are looked up, so a refusal never reads as bad input.
    permissions.require(request.user, "add", Nominee())
    data = payload.dict()
    data["country"] = _country(payload.country)
    return Status(201, create_record(user=request.user, model=Nominee, data=data))


@router.post(
    "/vetting-nominees/{nominee_id}/vettings",
    response={201: VettingOut, **WRITE_ERRORS},
    summary="Record a vetting and its result",
)
def create_vetting(request, nominee_id: int, payload: VettingIn):
    nominee = get_visible(request.user, Nominee.objects.all(), pk=nominee_id)
    return Status(
        201, services.record_vetting(user=request.user, nominee=nominee, **payload.dict())
    )


@router.post(
    "/vetting-nominees/{nominee_id}/assistance",
    response={201: AssistanceOut, **WRITE_ERRORS},
    summary="Record assistance given; flagged without a current approval",
)
def create_assistance(request, nominee_id: int, payload: AssistanceIn):
    nominee = get_visible(request.user, Nominee.objects.all(), pk=nominee_id)
    assistance, flagged = services.record_assistance(
        user=request.user,
        nominee=nominee,
        provided_on=payload.provided_on,
        description=payload.description,
        case=_one(Case, payload.case, "case"),
    )
    assistance.covered = not flagged
    return Status(201, assistance)


@router.get(
    "/vetting-flags",
    response={200: list[AssistanceOut], **GATED_LIST_ERRORS},
    summary="Assistance given without a current vetting approval",
)
def list_vetting_flags(request):
    require_controls_reader(request.user)
    return list(services.vetting_flags(Assistance.objects.visible_to(request.user)))


# --- constraints and restraints -----------------------------------------------------------


class ConstraintOut(Schema):
    id: int
    kind: ConstraintKind
    title: str
    description: str
    plan_reference: str
    program_id: int | None
    case_id: int | None
    country: str | None
    identified_on: datetime.date
    status: ConstraintStatus
    mitigation: str
    resolved_on: datetime.date | None

    @staticmethod
    def resolve_country(obj):
        return obj.country.iso_code if obj.country_id else None


class ConstraintIn(Schema):
    kind: str
    title: str
    description: str = ""
    plan_reference: str = ""
    program: int | None = None
    case: int | None = None
    country: str | None = None
    identified_on: datetime.date
    status: str = "open"
    mitigation: str = ""
    resolved_on: datetime.date | None = None


ConstraintQuery = filter_parameters(ConstraintFilter)


def _constraints(user):
    return ExecutionConstraint.objects.visible_to(user).select_related("country")


@router.get(
    "/execution-constraints",
    response={200: list[ConstraintOut], **GATED_LIST_ERRORS},
    summary="Constraints and restraints on plans, programs and cases",
)
@paginate(LimitOffset)
def list_constraints(request, filters: Query[ConstraintQuery]):
    require_controls_reader(request.user)
    return apply_filters(ConstraintFilter, filters, _constraints(request.user).active())


@router.get(
    "/execution-constraints/{constraint_id}",
    response={200: ConstraintOut, **READ_ERRORS},
    summary="Constraint or restraint",
)
def get_constraint(request, constraint_id: int):
    return get_visible(request.user, _constraints(request.user), pk=constraint_id)


@router.post(
    "/execution-constraints",
    response={201: ConstraintOut, **WRITE_ERRORS},
    summary="Record a constraint or restraint",
)
def create_constraint(request, payload: ConstraintIn):
    # Refused before the references are looked up, so a refusal never reads as bad input.
    permissions.require(request.user, "add", ExecutionConstraint())
    data = payload.dict()
    data["program"] = _one(Program, payload.program, "program")
    data["case"] = _one(Case, payload.case, "case")
    data["country"] = _country(payload.country)
    return Status(201, create_record(user=request.user, model=ExecutionConstraint, data=data))
