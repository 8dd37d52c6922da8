"""Partner nations and engagements through the API.

The same querysets, FilterSets, policy and services as the pages. A
counterpart's `contact` (email, phone, address) is present only for those
who may see it: the country's desk officers, their supervisor chain and
administrators. Work records are ranked and staffed for whoever may staff
(the staffing pages' rule), as their pages rank them.
"""

import datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from seccoop.competencies.models import Framework
from seccoop.core import permissions
from seccoop.core.api import (
    LIST_ERRORS,
    MAX_PAGE_LIMIT,
    READ_ERRORS,
    WRITE_ERRORS,
    DbId,
    ErrorOut,
    LimitOffset,
    apply_filters,
    filter_parameters,
    get_visible,
)
from seccoop.partners import policies, selectors, services, staffing
from seccoop.partners.filters import (
    ActionFilter,
    CounterpartFilter,
    CountryFilter,
    EngagementFilter,
    OrganizationFilter,
)
from seccoop.partners.models import (
    Counterpart,
    Country,
    EngagementType,
    FollowUpAction,
    PartnerOrganization,
    PracticeEvidence,
    Region,
)
from seccoop.workforce import staffing as workforce_staffing
from seccoop.workforce.api import (
    STAFFING_ERRORS,
    RankedPersonOut,
    RankingOut,
    StaffingRequirementIn,
    ranked_out,
    ranking_out,
    require_staffing,
)
from seccoop.workforce.heatmaps import people_whose_ratings_are_visible
from seccoop.workforce.models import Person

router = Router(tags=["partners"])


# --- schemas -------------------------------------------------------------------


class PartnerPersonRef(Schema):
    id: int
    full_name: str


class RegionOut(Schema):
    code: str
    name: str
    description: str


class CountryOut(Schema):
    id: int
    iso_code: str
    iso_alpha3: str
    name: str
    region: str | None = Field(None, description="The region's code.")
    groupings: list[str]
    primary_desk_officer: PartnerPersonRef | None
    backup_desk_officer: PartnerPersonRef | None
    in_portfolio: bool = Field(False, description="True for the signed-in user's own desks.")

    @staticmethod
    def resolve_region(obj):
        return obj.region.code if obj.region_id else None

    @staticmethod
    def resolve_groupings(obj):
        return [grouping.code for grouping in obj.groupings.all()]


class OrganizationOut(Schema):
    id: int
    external_id: str | None
    name: str
    kind: str
    country: str | None = Field(None, description="The ISO 3166 code.")
    description: str

    @staticmethod
    def resolve_country(obj):
        return obj.country.iso_code if obj.country_id else None


class ContactOut(Schema):
    email: str
    phone: str
    address: str


class CounterpartOut(Schema):
    id: int
    first_name: str
    last_name: str
    role: str
    languages: str
    organization_id: int
    organization: str
    country: str | None = None
    contact: ContactOut | None = Field(
        None, description="Present only for those who may see the contact details."
    )

    @staticmethod
    def resolve_organization(obj):
        return obj.organization.name

    @staticmethod
    def resolve_country(obj):
        country = obj.organization.country
        return country.iso_code if country else None

    @staticmethod
    def resolve_contact(obj):
        if not getattr(obj, "contact_visible", False):
            return None
        return ContactOut(email=obj.email, phone=obj.phone, address=obj.address)


class ActionOut(Schema):
    id: int
    engagement_id: int
    description: str
    owner: PartnerPersonRef
    due_on: datetime.date
    done_on: datetime.date | None
    overdue: bool

    @staticmethod
    def resolve_overdue(obj):
        return obj.done_on is None and obj.due_on < timezone.localdate()


class EngagementOut(Schema):
    id: int
    external_id: str | None
    title: str
    type: str
    starts_on: datetime.date
    ends_on: datetime.date
    place: str
    countries: list[str] = Field(description="ISO 3166 codes.")
    participant_ids: list[int]
    counterpart_ids: list[int]
    organization_ids: list[int]
    objectives: str
    outcome: str

    @staticmethod
    def resolve_type(obj):
        return obj.engagement_type.slug

    @staticmethod
    def resolve_countries(obj):
        return [country.iso_code for country in obj.countries.all()]

    @staticmethod
    def resolve_participant_ids(obj):
        return [person.pk for person in obj.participants.all()]

    @staticmethod
    def resolve_counterpart_ids(obj):
        return [counterpart.pk for counterpart in obj.counterparts.all()]

    @staticmethod
    def resolve_organization_ids(obj):
        return [organization.pk for organization in obj.organizations.all()]


class EngagementDetailOut(EngagementOut):
    actions: list[ActionOut]

    @staticmethod
    def resolve_actions(obj):
        return list(obj.actions.active().select_related("owner"))


class ActionIn(Schema):
    description: str
    owner: int = Field(description="The id of the person who owns the action.")
    due_on: datetime.date


class EngagementIn(Schema):
    title: str
    type: str = Field(description="The engagement type's slug, such as staff-talks.")
    starts_on: datetime.date
    ends_on: datetime.date
    place: str = ""
    countries: list[str] = Field(default_factory=list, description="ISO 3166 codes.")
    participants: list[int] = Field(default_factory=list, description="Person ids.")
    counterparts: list[int] = Field(default_factory=list)
    organizations: list[int] = Field(default_factory=list)
    objectives: str = ""
    outcome: str = ""
    actions: list[ActionIn] = Field(default_factory=list)


class CoverageOut(Schema):
    country: str
    name: str
    primary_desk_officer: PartnerPersonRef | None
    backup_desk_officer: PartnerPersonRef | None
    missing_codes: list[str] = Field(
        description="Of 1.A to 1.E, those no desk officer is proficient in."
    )
    covered: bool


# --- countries and regions ---------------------------------------------------------

CountryQuery = filter_parameters(CountryFilter)


@router.get("/regions", response={200: list[RegionOut], **LIST_ERRORS}, summary="Regions")
@paginate(LimitOffset)
def list_regions(request):
    return Region.objects.visible_to(request.user).active().order_by("code")


@router.get(
    "/countries",
    response={200: list[CountryOut], **LIST_ERRORS},
    summary="Countries, the signed-in desk officer's first",
)
@paginate(LimitOffset)
def list_countries(request, filters: Query[CountryQuery]):
    return apply_filters(CountryFilter, filters, selectors.countries(request.user))


@router.get("/countries/{country_id}", response={200: CountryOut, **READ_ERRORS}, summary="Country")
def get_country(request, country_id: int):
    return get_visible(request.user, selectors.countries(request.user), pk=country_id)


# --- organizations and counterparts ------------------------------------------------

OrganizationQuery = filter_parameters(OrganizationFilter)
CounterpartQuery = filter_parameters(CounterpartFilter)


@router.get(
    "/organizations",
    response={200: list[OrganizationOut], **LIST_ERRORS},
    summary="Partner organizations",
)
@paginate(LimitOffset)
def list_organizations(request, filters: Query[OrganizationQuery]):
    return apply_filters(OrganizationFilter, filters, selectors.organizations(request.user))


@router.get(
    "/organizations/{organization_id}",
    response={200: OrganizationOut, **READ_ERRORS},
    summary="Partner organization",
)
def get_organization(request, organization_id: int):
    return get_visible(
        request.user, PartnerOrganization.objects.select_related("country"), pk=organization_id
    )


@router.get(
    "/counterparts",
    response={200: list[CounterpartOut], **LIST_ERRORS},
    summary="Counterparts; contact details only where you may see them",
    exclude_none=True,
)
@paginate(LimitOffset)
def list_counterparts(request, filters: Query[CounterpartQuery]):
    return apply_filters(CounterpartFilter, filters, selectors.counterparts(request.user))


@router.get(
    "/counterparts/{counterpart_id}",
    response={200: CounterpartOut, **READ_ERRORS},
    summary="Counterpart; contact details only where you may see them",
    exclude_none=True,
)
def get_counterpart(request, counterpart_id: int):
    return get_visible(request.user, selectors.counterparts(request.user), pk=counterpart_id)


# --- engagements and actions --------------------------------------------------------

EngagementQuery = filter_parameters(EngagementFilter)
ActionQuery = filter_parameters(ActionFilter)


def _engagements(user):
    return selectors.engagements(user).prefetch_related(
        "participants", "counterparts", "organizations"
    )


@router.get(
    "/engagements",
    response={200: list[EngagementOut], **LIST_ERRORS},
    summary="Engagements, yours and your desk's first, newest first",
)
@paginate(LimitOffset)
def list_engagements(request, filters: Query[EngagementQuery]):
    return apply_filters(EngagementFilter, filters, _engagements(request.user))


@router.get(
    "/engagements/{engagement_id}",
    response={200: EngagementDetailOut, **READ_ERRORS},
    summary="Engagement with its follow-up actions",
)
def get_engagement(request, engagement_id: int):
    return get_visible(request.user, _engagements(request.user), pk=engagement_id)


def _pick(queryset, keys, field: str, key_name: str = "pk") -> list:
    """The records named by `keys`, or a 422 naming the field and the unknown keys."""
    keys = list(dict.fromkeys(keys))
    found = {
        getattr(record, key_name): record for record in queryset.filter(**{f"{key_name}__in": keys})
    }
    unknown = [str(key) for key in keys if key not in found]
    if unknown:
        raise ValidationError({field: [f"Unknown: {', '.join(unknown)}."]})
    return [found[key] for key in keys]


@router.post(
    "/engagements",
    response={201: EngagementDetailOut, **WRITE_ERRORS},
    summary="Log an engagement",
    description=(
        "Participants gain evidence of practice on the sub-competencies the engagement type "
        "exercises. 422, with nothing written, if a value is invalid."
    ),
)
def create_engagement(request, payload: EngagementIn):
    user = request.user
    if not policies.may_log_engagements(user):
        raise PermissionDenied("Only members of staff log engagements.")
    kind = EngagementType.objects.active().filter(slug=payload.type).first()
    if kind is None:
        raise ValidationError({"type": [f"No engagement type {payload.type!r}."]})
    people = Person.objects.visible_to(user).active()
    owners = _pick(people, [action.owner for action in payload.actions], "actions.owner")
    owner_of = {owner.pk: owner for owner in owners}
    data = services.EngagementData(
        title=payload.title,
        engagement_type=kind,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        place=payload.place,
        objectives=payload.objectives,
        outcome=payload.outcome,
        countries=_pick(
            Country.objects.active(),
            [c.upper() for c in payload.countries],
            "countries",
            "iso_code",
        ),
        participants=_pick(people, payload.participants, "participants"),
        counterparts=_pick(
            Counterpart.objects.visible_to(user).active(), payload.counterparts, "counterparts"
        ),
        organizations=_pick(
            PartnerOrganization.objects.visible_to(user).active(),
            payload.organizations,
            "organizations",
        ),
    )
    engagement = services.record_engagement(
        user=user,
        data=data,
        actions=[
            services.ActionData(
                description=action.description, owner=owner_of[action.owner], due_on=action.due_on
            )
            for action in payload.actions
        ],
    )
    return Status(201, get_visible(user, _engagements(user), pk=engagement.pk))


@router.get(
    "/actions",
    response={200: list[ActionOut], **LIST_ERRORS},
    summary="Follow-up actions, by due date",
)
@paginate(LimitOffset)
def list_actions(request, filters: Query[ActionQuery], overdue: bool = False, mine: bool = False):
    actions = selectors.my_actions(request.user) if mine else selectors.actions(request.user)
    if overdue:
        actions = services.overdue_actions(actions)
    return apply_filters(ActionFilter, filters, actions)


@router.post(
    "/actions/{action_id}/done",
    response={200: ActionOut, **WRITE_ERRORS},
    summary="Mark a follow-up action done today",
)
def complete_action(request, action_id: int):
    action = get_visible(
        request.user, FollowUpAction.objects.select_related("owner", "engagement"), pk=action_id
    )
    return services.complete_action(user=request.user, action=action)


# --- evidence of practice ---------------------------------------------------------


class EvidenceOut(Schema):
    id: int
    person: PartnerPersonRef
    competency: str = Field(description="The sub-competency's code.")
    source_type: str = Field(description="The kind of work record, such as engagement or case.")
    source_id: int
    source_name: str = Field(description="The work record's name, such as an engagement's title.")
    practiced_on: datetime.date
    status: str = Field(description="pending, confirmed or declined; only confirmed counts.")
    recorded_by: str | None = Field(None, description="Who recorded the work, by username.")
    decided_by: str | None = Field(None, description="Who confirmed or declined it.")
    decided_at: datetime.datetime | None = None

    @staticmethod
    def resolve_competency(obj):
        return obj.competency.code

    @staticmethod
    def resolve_source_type(obj):
        return obj.source_type.model

    @staticmethod
    def resolve_source_name(obj):
        return str(obj.source) if obj.source is not None else ""

    @staticmethod
    def resolve_recorded_by(obj):
        return obj.recorded_by.username if obj.recorded_by_id else None

    @staticmethod
    def resolve_decided_by(obj):
        return obj.decided_by.username if obj.decided_by_id else None


def _evidence(request, evidence_id: int) -> PracticeEvidence:
    return get_visible(
        request.user,
        PracticeEvidence.objects.select_related(
            "person", "competency", "source_type", "recorded_by", "decided_by"
        ).prefetch_related("source"),
        pk=evidence_id,
    )


@router.get(
    "/evidence/pending",
    response={200: list[EvidenceOut], **LIST_ERRORS},
    summary="Evidence of practice waiting for you to confirm or decline",
    description="Evidence someone else recorded for you or for the people below you in the "
    "supervisor chain. It counts nowhere until confirmed. `person` narrows it to one person.",
)
@paginate(LimitOffset)
def list_pending_evidence(request, person: DbId | None = None):
    pending = selectors.evidence_to_decide(request.user).select_related("source_type", "decided_by")
    return pending.filter(person_id=person) if person is not None else pending


@router.post(
    "/evidence/{evidence_id}/confirm",
    response={200: EvidenceOut, **WRITE_ERRORS},
    summary="Confirm evidence of practice; from now on it counts",
    description="The person or someone above them in the supervisor chain. Recorded in the "
    "evidence's history.",
)
def confirm_evidence(request, evidence_id: int):
    evidence = _evidence(request, evidence_id)
    services.confirm_evidence(user=request.user, evidence=evidence)
    return _evidence(request, evidence_id)


@router.post(
    "/evidence/{evidence_id}/decline",
    response={200: EvidenceOut, **WRITE_ERRORS},
    summary="Decline evidence of practice; it never counts",
    description="The person or someone above them in the supervisor chain, for pending or "
    "confirmed evidence. Recorded in the evidence's history.",
)
def decline_evidence(request, evidence_id: int):
    evidence = _evidence(request, evidence_id)
    services.decline_evidence(user=request.user, evidence=evidence)
    return _evidence(request, evidence_id)


# --- coverage ----------------------------------------------------------------------


@router.get(
    "/coverage",
    response={200: list[CoverageOut], 403: ErrorOut, **LIST_ERRORS},
    summary="Desk coverage of every partner nation",
    description="Leadership, workforce managers and administrators: it reads desk officers' "
    "proficiency.",
)
def coverage(request):
    if not policies.may_see_coverage(request.user):
        raise PermissionDenied("Leadership, workforce managers and administrators see coverage.")
    return [
        CoverageOut(
            country=line.country.iso_code,
            name=line.country.name,
            primary_desk_officer=line.country.primary_desk_officer,
            backup_desk_officer=line.country.backup_desk_officer,
            missing_codes=line.missing_codes,
            covered=line.covered,
        )
        for line in services.country_coverage()
    ]


# --- staffing work records ---------------------------------------------------------
#
# A work record is ranked and staffed exactly as its page ranks it
# (`partners.staffing`): its sub-competencies at the proficient level, and the
# desk of one of its countries.


def _kind(slug: str, field: str) -> staffing.StaffableKind:
    kind = staffing.staffable_kinds().get(slug)
    if kind is None:
        known = ", ".join(staffing.staffable_kinds())
        raise ValidationError({field: [f"No kind of work record {slug!r}; one of {known}."]})
    return kind


class StaffingNeedOut(Schema):
    code: str
    level: int = Field(description="The lowest level wanted: the scale's proficient level.")


class RecordRankingOut(RankingOut):
    kind: str
    record_id: int
    record: str = Field(description="The record's name.")
    requirements: list[StaffingNeedOut] = Field(
        description="The sub-competencies the record exercises."
    )
    qualifications: list[str] = Field(
        description="Yes/no requirements, such as holding the desk of one of its countries."
    )


@router.get(
    "/staffing/records/{kind}/{record_id}",
    response={200: RecordRankingOut, **STAFFING_ERRORS},
    summary="Who could take a work record",
    description=(
        "The ranking the record's page shows, with the same reasons: everyone whose ratings "
        "you may see, against the sub-competencies the record exercises at the proficient "
        "level and the desk of one of its countries, less a penalty per open assignment. "
        "`kind` is one of the kinds whose pages rank people, named as in their API paths "
        "(cases, agreements, programs, disclosure-requests, evaluation-objectives...). "
        "`limit` defaults to the number the page shows. 404 for a record you may not see; "
        "403 for someone who may see nobody's ratings but their own; 422 naming `kind` for "
        "an unknown kind."
    ),
)
def rank_for_a_record(
    request,
    kind: str,
    record_id: DbId,
    limit: Annotated[int, Field(ge=1, le=MAX_PAGE_LIMIT)] | None = None,
):
    found = _kind(kind, "kind")
    record = get_visible(request.user, found.model.objects.all(), pk=record_id)
    require_staffing(request.user)
    framework = staffing.record_framework()
    opening = staffing.opening_for(record, framework=framework)
    ranking = staffing.rank_for_record(
        request.user, record, limit=found.shown if limit is None else limit
    )
    return RecordRankingOut(
        **ranking_out(framework, ranking).dict(),
        kind=found.slug,
        record_id=record.pk,
        record=opening.label,
        requirements=[
            StaffingNeedOut(code=r.competency.code, level=r.level) for r in opening.requirements
        ],
        qualifications=[q.label for q in opening.qualifications],
    )


class StaffingRecordIn(Schema):
    kind: str | None = Field(
        None, description="A kind of work record, as in /staffing/records/{kind}/{id}; with `id`."
    )
    id: DbId | None = Field(None, description="The work record's id; with `kind`.")
    label: str | None = Field(
        None, max_length=200, description="A name for hand-entered `requirements`."
    )
    requirements: list[StaffingRequirementIn] | None = Field(
        None,
        max_length=100,
        description="Hand-entered requirements, instead of `kind` and `id`.",
    )


class StaffingAssignmentIn(Schema):
    framework: str | None = Field(
        None,
        description="The framework of hand-entered requirements; work records are staffed on "
        "the default one, as on their pages.",
    )
    records: list[StaffingRecordIn] = Field(
        min_length=1, max_length=200, description="The records to staff, each given once."
    )
    people: list[DbId] | None = Field(
        None,
        max_length=MAX_PAGE_LIMIT,
        description="The candidates' ids; everyone whose ratings you may see if omitted.",
    )
    capacity: int = Field(1, ge=1, le=50, description="How many of the records one person takes.")


class PlacementOut(Schema):
    record: str = Field(description="The record's name, or the label given.")
    kind: str | None
    id: int | None
    person: RankedPersonOut | None = Field(
        description="Who takes it, with the reasons; `rank` is their place in the record's own "
        "ranking. None when nobody is given it."
    )
    words: str = Field(description="The choice in plain words.")


class StaffingAssignmentOut(Schema):
    framework: str
    considered: int = Field(description="The candidates.")
    total_fit: float = Field(description="The sum of the fits of the people given records.")
    placements: list[PlacementOut] = Field(description="One per record, in the order sent.")


def _openings(user, payload: StaffingAssignmentIn):
    """The records of an assignment, checked; a 422 names the first field of each bad row."""
    default = staffing.record_framework()
    framework = _framework_of(user, payload.framework, default)
    openings, sources, errors = [], [], {}
    catalog = None
    for i, row in enumerate(payload.records):
        where = f"records[{i}]"
        if row.requirements is not None:
            if row.kind is not None or row.id is not None:
                errors[where] = ["Give either `kind` and `id`, or `requirements`, not both."]
                continue
            catalog = catalog or workforce_staffing.requirement_catalog(framework)
            try:
                requirements = workforce_staffing.requirements_from(
                    catalog,
                    [(r.code, r.level) for r in row.requirements],
                    field=f"{where}.requirements",
                )
            except ValidationError as exc:
                errors.update(exc.message_dict)
                continue
            label = (row.label or "").strip() or f"Record {i + 1}"
            openings.append(workforce_staffing.Opening(label, requirements))
            sources.append((None, None))
            continue
        if row.kind is None or row.id is None:
            errors[where] = ["Give either `kind` and `id`, or `requirements`."]
            continue
        if framework != default:
            errors["framework"] = [f"Work records are staffed on {default.slug}."]
            continue
        kind = staffing.staffable_kinds().get(row.kind)
        if kind is None:
            errors[f"{where}.kind"] = [
                f"No kind of work record {row.kind!r}; one of "
                f"{', '.join(staffing.staffable_kinds())}."
            ]
            continue
        record = permissions.visible_to(user, kind.model.objects.filter(pk=row.id)).first()
        if record is None:
            errors[f"{where}.id"] = [f"No {kind.model._meta.verbose_name} with id {row.id}."]
            continue
        if (kind.slug, record.pk) in sources:
            errors[f"{where}.id"] = ["This record is given twice."]
            continue
        openings.append(staffing.opening_for(record, framework=framework))
        sources.append((kind.slug, record.pk))
    if errors:
        raise ValidationError(errors)
    return framework, openings, sources


def _framework_of(user, slug, default):
    if slug is None or slug == default.slug:
        return default
    found = Framework.objects.visible_to(user).active().filter(slug=slug).first()
    if found is None:
        raise ValidationError({"framework": [f"No framework {slug!r}."]})
    return found


def placement_words(placement) -> str:
    chosen = placement.chosen
    if chosen is None:
        return "Nobody: every candidate is given other records or would lower the total fit."
    place = "the best fit" if chosen.rank == 1 else f"number {chosen.rank} in its ranking"
    return f"{chosen.person.full_name}, {place}: {chosen.explanation}"


@router.post(
    "/staffing/assignment",
    response={200: StaffingAssignmentOut, 400: ErrorOut, **STAFFING_ERRORS},
    summary="The best assignment of people to a set of records",
    description=(
        "Gives each record at most one person and each person at most `capacity` records, "
        "so that the total fit is the highest possible (found exactly, not greedily). A "
        "person's fit to a record is their fit in the record's ranking: its page's for a work "
        "record (`kind` and `id`), the staffing page's for hand-entered `requirements`. A "
        "record is left to nobody only when every candidate still free would lower the total. "
        "The candidates are `people`, or everyone whose ratings you may see. 403 for someone "
        "who may see nobody's ratings but their own; 422 naming the field (`records[2].id`, "
        "`people[0]`) for a record or person you may not see, or a bad requirement."
    ),
)
def assign_people(request, payload: StaffingAssignmentIn):
    require_staffing(request.user)
    framework, openings, sources = _openings(request.user, payload)
    visible = people_whose_ratings_are_visible(request.user)
    candidates = visible
    if payload.people is not None:
        found = set(visible.filter(pk__in=payload.people).values_list("pk", flat=True))
        wrong = {
            f"people[{i}]": [workforce_staffing.CHOOSE_VISIBLE]
            for i, pk in enumerate(payload.people)
            if pk not in found
        }
        if wrong:
            raise ValidationError(wrong)
        candidates = visible.filter(pk__in=found)
    plan = workforce_staffing.assign_people(
        framework, openings, candidates, capacity=payload.capacity
    )
    return StaffingAssignmentOut(
        framework=framework.slug,
        considered=plan.considered,
        total_fit=plan.total_fit,
        placements=[
            PlacementOut(
                record=placement.opening.label,
                kind=kind,
                id=pk,
                person=ranked_out(placement.chosen) if placement.chosen else None,
                words=placement_words(placement),
            )
            for placement, (kind, pk) in zip(plan.placements, sources, strict=True)
        ],
    )
