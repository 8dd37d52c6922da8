"""Partner nations and engagements through the API.

The same querysets, FilterSets, policy and services as the pages. A
counterpart's `contact` (email, phone, address) is present only for those
who may see it: the country's desk officers, their supervisor chain and
administrators.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from seccoop.core.api import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    DbId,
    ErrorOut,
    LimitOffset,
    apply_filters,
    filter_parameters,
    get_visible,
)
from seccoop.partners import policies, selectors, services
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
