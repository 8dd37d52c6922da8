"""The workforce, read and rated through the API.

The directory (org units, people, positions, role types and templates) is
open to every signed-in member of staff; ratings, gaps and heatmaps follow
the ratings policy, through the same querysets, FilterSets and services as
the pages. Staffing (ranking against hand-entered requirements) and coverage
answer as their pages do, from `workforce.staffing`.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
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
    ArchiveIn,
    DbId,
    ErrorOut,
    LimitOffset,
    apply_filters,
    filter_parameters,
    get_visible,
)
from seccoop.core.services import archive, create_record, restore, update_record
from seccoop.workforce import heatmaps, selectors, staffing
from seccoop.workforce.filters import OrgUnitFilter, PersonFilter, PositionFilter, RatingFilter
from seccoop.workforce.gaps import person_gaps
from seccoop.workforce.models import (
    OrgUnit,
    OrgUnitKind,
    Person,
    Position,
    Rating,
    RatingSource,
    RoleRequirement,
    RoleTemplate,
    RoleType,
)
from seccoop.workforce.services import (
    load_starting_set,
    record_rating,
    set_template_requirements,
    withdraw_rating,
)

router = Router(tags=["workforce"])


# --- schemas -------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    name: str


class RoleTypeRef(Schema):
    slug: str
    name: str


class PersonRef(Schema):
    id: int
    full_name: str


class OrgUnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    depth: int
    version: int = Field(description="Send it back with an edit; a stale one is a 409.")


class PositionRef(Schema):
    id: int
    title: str
    role_type: RoleTypeRef
    org_unit: UnitRef


class PersonOut(Schema):
    id: int
    first_name: str
    last_name: str
    full_name: str
    email: str
    grade: str
    org_unit: UnitRef | None
    position: PositionRef | None
    version: int = Field(description="Send it back with an edit; a stale one is a 409.")

    @staticmethod
    def resolve_position(obj):
        # A person without a position has no reverse one-to-one row.
        return getattr(obj, "position", None)


class PositionOut(Schema):
    id: int
    title: str
    role_type: RoleTypeRef
    org_unit: UnitRef
    incumbent: PersonRef | None
    reports_to_id: int | None
    grade: str
    personnel_category: str = Field(description="military, civilian, or blank when not set.")
    required_clearance: str = Field(
        description="none, confidential, secret, top-secret, or blank when not set."
    )
    funded: bool
    filled: bool
    version: int = Field(description="Send it back with an edit; a stale one is a 409.")


class TemplateRef(Schema):
    id: int
    name: str
    framework: str

    @staticmethod
    def resolve_framework(obj):
        return obj.framework.slug


class RoleTypeOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    templates: list[TemplateRef]
    archived_at: datetime.datetime | None
    version: int = Field(description="Send it back with an edit; a stale one is a 409.")

    @staticmethod
    def resolve_templates(obj):
        return list(obj.templates.all())


class RequirementOut(Schema):
    code: str
    level: int

    @staticmethod
    def resolve_code(obj):
        return obj.competency.code


class RoleTemplateOut(Schema):
    id: int
    name: str
    rationale: str
    role_type: RoleTypeRef
    framework: str
    requirements: list[RequirementOut]
    archived_at: datetime.datetime | None
    version: int = Field(description="Send it back with an edit; a stale one is a 409.")

    @staticmethod
    def resolve_framework(obj):
        return obj.framework.slug

    @staticmethod
    def resolve_requirements(obj):
        return list(obj.requirements.all())


class RatingOut(Schema):
    id: int
    person: PersonRef
    code: str
    framework: str
    level: int
    source: RatingSource
    rated_on: datetime.date
    rater: str | None
    evidence: str
    cycle_id: int | None
    created_at: datetime.datetime
    withdrawn_at: datetime.datetime | None = Field(
        None, description="When the rating was withdrawn; a withdrawn rating no longer counts."
    )
    withdrawn_by: str | None = None
    withdrawal_reason: str = ""

    @staticmethod
    def resolve_code(obj):
        return obj.competency.code

    @staticmethod
    def resolve_withdrawn_by(obj):
        if obj.withdrawn_by is None:
            return None
        return obj.withdrawn_by.get_full_name() or obj.withdrawn_by.get_username()

    @staticmethod
    def resolve_framework(obj):
        return obj.competency.framework.slug

    @staticmethod
    def resolve_rater(obj):
        if obj.rater is None:
            return None
        return obj.rater.get_full_name() or obj.rater.get_username()


class RatingIn(Schema):
    person: int = Field(description="The id of the person rated.")
    code: str = Field(description="The sub-competency code, such as 4.C.")
    framework: str | None = Field(None, description="The framework slug; the default if omitted.")
    level: int
    source: RatingSource
    rated_on: datetime.date | None = Field(None, description="Today if omitted.")
    evidence: str = ""


class RatingWithdrawalIn(Schema):
    reason: str = Field(description="Why the rating no longer counts; kept with it.")


class GapOut(Schema):
    code: str
    required: int
    current: int
    shortfall: int
    source: RatingSource | None
    rated_on: datetime.date | None


class PersonGapsOut(Schema):
    person: PersonRef
    framework: str
    gaps: list[GapOut]


class HeatmapRowOut(Schema):
    unit: UnitRef | None = Field(
        description="The row's unit; in `total`, the chosen unit, or None for the top units."
    )
    people: int = Field(description="People with a position counted in this row.")
    direct_only: bool = Field(description="True for the chosen unit's own row.")
    people_short: int = Field(
        description="People short of a requirement, summed over the sub-competencies "
        '(the page\'s "People short" column and its sort).'
    )
    required: list[int] = Field(description="Per sub-competency, people required to hold it.")
    meeting: list[int]
    share_meeting: list[float | None] = Field(description="None where nobody is required.")
    mean_shortfall: list[float | None]
    percent_meeting: list[int | None] = Field(
        description=(
            "The share as the page prints it: a whole percent that never rounds a gap away "
            "(99, not 100, when anyone falls short). None where nobody is required."
        )
    )
    shortfall_shown: list[float | None] = Field(
        description="The mean shortfall as the page prints it, to one decimal; a gap never 0.0."
    )
    nobody_proficient: list[bool] = Field(
        description=(
            "True where the sub-competency is required but nobody counted in the row is at "
            "the framework's proficient level or above (the page's flag)."
        )
    )


def _heatmap_row(row) -> HeatmapRowOut:
    """One row of the heatmap with every figure the page prints for it."""
    return HeatmapRowOut(
        unit=row.unit,
        people=row.people,
        direct_only=row.direct_only,
        people_short=row.short,
        required=[cell.required for cell in row.cells],
        meeting=[cell.meeting for cell in row.cells],
        share_meeting=[cell.share_meeting for cell in row.cells],
        mean_shortfall=[cell.mean_shortfall for cell in row.cells],
        percent_meeting=[cell.percent for cell in row.cells],
        shortfall_shown=[cell.shortfall for cell in row.cells],
        nobody_proficient=[cell.is_required and cell.nobody_proficient for cell in row.cells],
    )


class HeatmapOut(Schema):
    framework: str
    proficient_level: int = Field(
        description="The level from which a person counts as proficient (nobody_proficient)."
    )
    unit: UnitRef | None
    codes: list[str] = Field(description="The sub-competencies, in the order of every row.")
    rows: list[HeatmapRowOut]
    total: HeatmapRowOut | None = Field(
        None, description="Every row together (the page's total row), when there is more than one."
    )


# --- lookups -------------------------------------------------------------------


def _framework(user, slug: str | None, *, field: str | None = None) -> Framework:
    """The framework of that slug (or the default); a 404, or a 422 naming `field`."""
    slug = slug or settings.SECCOOP_DEFAULT_FRAMEWORK
    found = Framework.objects.visible_to(user).active().filter(slug=slug).first()
    if found is None:
        if field:
            raise ValidationError({field: [f"No framework {slug!r}."]})
        raise Http404(f"No framework {slug!r}.")
    return found


# --- org units -------------------------------------------------------------------

OrgUnitQuery = filter_parameters(OrgUnitFilter)


@router.get("/org-units", response={200: list[OrgUnitOut], **LIST_ERRORS}, summary="Org units")
@paginate(LimitOffset)
def list_org_units(request, filters: Query[OrgUnitQuery]):
    units = OrgUnit.objects.visible_to(request.user).active().order_by("path")
    return apply_filters(OrgUnitFilter, filters, units)


@router.get("/org-units/{unit_id}", response={200: OrgUnitOut, **READ_ERRORS}, summary="Org unit")
def get_org_unit(request, unit_id: int):
    return get_visible(request.user, OrgUnit.objects.all(), pk=unit_id)


# --- people ----------------------------------------------------------------------

PersonQuery = filter_parameters(PersonFilter)


def _people(user):
    return selectors.directory(user).select_related("position__role_type")


@router.get("/people", response={200: list[PersonOut], **LIST_ERRORS}, summary="The directory")
@paginate(LimitOffset)
def list_people(request, filters: Query[PersonQuery]):
    return apply_filters(PersonFilter, filters, _people(request.user))


@router.get("/people/{person_id}", response={200: PersonOut, **READ_ERRORS}, summary="Person")
def get_person(request, person_id: int):
    return get_visible(
        request.user,
        Person.objects.select_related(
            "org_unit", "position", "position__org_unit", "position__role_type"
        ),
        pk=person_id,
    )


@router.get(
    "/people/{person_id}/gaps",
    response={200: PersonGapsOut, 403: ErrorOut, **READ_ERRORS},
    summary="A person against their position's template",
)
def get_person_gaps(request, person_id: int, framework: str | None = None):
    person = get_visible(request.user, Person.objects.all(), pk=person_id)
    permissions.require(request.user, "view_ratings", person)
    chosen = _framework(request.user, framework)
    return PersonGapsOut(
        person=person,
        framework=chosen.slug,
        gaps=[
            GapOut(
                code=gap.competency.code,
                required=gap.required,
                current=gap.current,
                shortfall=gap.shortfall,
                source=gap.source,
                rated_on=gap.rated_on,
            )
            for gap in person_gaps(person, chosen)
        ],
    )


# --- positions -------------------------------------------------------------------

PositionQuery = filter_parameters(PositionFilter)


@router.get("/positions", response={200: list[PositionOut], **LIST_ERRORS}, summary="Positions")
@paginate(LimitOffset)
def list_positions(request, filters: Query[PositionQuery]):
    return apply_filters(PositionFilter, filters, selectors.positions(request.user))


@router.get(
    "/positions/{position_id}", response={200: PositionOut, **READ_ERRORS}, summary="Position"
)
def get_position(request, position_id: int):
    return get_visible(
        request.user,
        Position.objects.select_related("role_type", "org_unit", "incumbent"),
        pk=position_id,
    )


# --- role types and templates ----------------------------------------------------


@router.get(
    "/role-types",
    response={200: list[RoleTypeOut], **LIST_ERRORS},
    summary="Role types, with their requirement templates",
)
@paginate(LimitOffset)
def list_role_types(request):
    templates = RoleTemplate.objects.active().select_related("framework")
    return (
        RoleType.objects.visible_to(request.user)
        .active()
        .prefetch_related(Prefetch("templates", queryset=templates))
    )


@router.get(
    "/role-templates/{template_id}",
    response={200: RoleTemplateOut, **READ_ERRORS},
    summary="A requirement template with its levels per sub-competency",
)
def get_role_template(request, template_id: int):
    return _template(request.user, template_id)


def _role_type(user, pk):
    templates = RoleTemplate.objects.select_related("framework")
    return get_visible(
        user,
        RoleType.objects.prefetch_related(Prefetch("templates", queryset=templates)),
        pk=pk,
    )


def _template(user, pk):
    requirements = RoleRequirement.objects.active().select_related("competency")
    return get_visible(
        user,
        RoleTemplate.objects.select_related("role_type", "framework").prefetch_related(
            Prefetch("requirements", queryset=requirements)
        ),
        pk=pk,
    )


# --- ratings ---------------------------------------------------------------------

RatingQuery = filter_parameters(RatingFilter)


@router.get(
    "/ratings",
    response={200: list[RatingOut], **LIST_ERRORS},
    summary="Ratings the signed-in user may see, newest first",
)
@paginate(LimitOffset)
def list_ratings(request, filters: Query[RatingQuery]):
    ratings = permissions.visible_to(
        request.user,
        Rating.objects.select_related(
            "person", "competency", "competency__framework", "rater"
        ).order_by("-rated_on", "-created_at", "-id"),
    )
    return apply_filters(RatingFilter, filters, ratings)


@router.post(
    "/ratings",
    response={201: RatingOut, **WRITE_ERRORS},
    summary="Record a rating",
    description=(
        "The person's current level follows if the new rating outranks the old one "
        "(validated over supervisor over self). 403 if you may not record this source "
        "for this person; 422, with nothing written, if a value is invalid."
    ),
)
def create_rating(request, payload: RatingIn):
    user = request.user
    person = permissions.visible_to(user, Person.objects.filter(pk=payload.person)).first()
    if person is None:
        raise ValidationError({"person": [f"No person with id {payload.person}."]})
    permissions.require(user, "rate", person)
    framework = _framework(user, payload.framework, field="framework")
    competency = framework.competencies.filter(code=payload.code).first()
    if competency is None:
        raise ValidationError({"code": [f"No sub-competency {payload.code} in {framework.slug}."]})
    rated_on = payload.rated_on or timezone.localdate()
    # The record's own validation (the scale, the fields) names the field at fault;
    # record_rating validates again inside its transaction.
    Rating(
        person=person,
        competency=competency,
        level=payload.level,
        source=payload.source,
        rated_on=rated_on,
        evidence=payload.evidence,
    ).full_clean(exclude=["rater", "cycle"])
    rating = record_rating(
        user=user,
        person=person,
        competency=competency,
        level=payload.level,
        source=payload.source,
        rated_on=rated_on,
        evidence=payload.evidence,
    )
    return Status(201, rating)


@router.post(
    "/ratings/{rating_id}/withdraw",
    response={200: RatingOut, **WRITE_ERRORS},
    summary="Withdraw a rating",
    description=(
        "The rating stays in the history with the reason, and the person's current level "
        "is worked out again from the ratings left. Its rater, a workforce manager or an "
        "administrator may withdraw it: 403 for anyone else, 404 for a rating you may not "
        "see, 422 without a reason or for a rating already withdrawn."
    ),
)
def withdraw_a_rating(request, rating_id: int, payload: RatingWithdrawalIn):
    rating = get_visible(
        request.user,
        Rating.objects.select_related(
            "person", "competency", "competency__framework", "rater", "withdrawn_by"
        ),
        pk=rating_id,
    )
    return withdraw_rating(user=request.user, rating=rating, reason=payload.reason)


# --- heatmap ---------------------------------------------------------------------


@router.get(
    "/heatmap",
    response={200: HeatmapOut, **READ_ERRORS},
    summary="Org units x sub-competencies: how far people meet their requirements",
    description=(
        "The units directly below `unit` (and `unit` itself, counting only the people placed "
        "directly in it: `direct_only`), or the top units. Only people whose ratings you may "
        "see are counted; a unit in which you may see nobody is left out. Every figure the "
        "heatmap page prints is here: `percent_meeting` and `shortfall_shown` as printed, "
        "`nobody_proficient` as the page's flag."
    ),
)
def get_heatmap(request, unit: int | None = None, framework: str | None = None):
    parent = (
        get_visible(request.user, OrgUnit.objects.active(), pk=unit) if unit is not None else None
    )
    chosen = _framework(request.user, framework)
    heatmap = heatmaps.unit_heatmap_for(request.user, chosen, parent)
    return HeatmapOut(
        framework=chosen.slug,
        proficient_level=chosen.scale.proficient_value,
        unit=parent,
        codes=[competency.code for competency in heatmap.competencies],
        rows=[_heatmap_row(row) for row in heatmap.rows],
        total=_heatmap_row(heatmap.total) if heatmap.total else None,
    )


# --- editing the directory -------------------------------------------------------
#
# Creates and edits go through core.services, as the pages do: the policy,
# full_clean() and the version check live there. An edit carries the `version`
# the client read; if someone saved the record since, the answer is 409 with
# who and when, and nothing is written.


class OrgUnitIn(Schema):
    name: str
    short_name: str = ""
    kind: OrgUnitKind = OrgUnitKind.TEAM
    parent: int | None = Field(None, description="The id of the org unit it is part of.")


class OrgUnitChanges(Schema):
    version: int = Field(description="The version you read; a stale one is refused with 409.")
    name: str | None = None
    short_name: str | None = None
    kind: OrgUnitKind | None = None
    parent: int | None = Field(None, description="The id of the org unit it is part of.")


class PersonIn(Schema):
    first_name: str
    last_name: str
    email: str = ""
    grade: str = ""
    org_unit: int | None = Field(None, description="For someone without a position.")


class PersonChanges(Schema):
    version: int = Field(description="The version you read; a stale one is refused with 409.")
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    grade: str | None = None
    org_unit: int | None = Field(None, description="For someone without a position.")


class PositionIn(Schema):
    title: str
    role_type: str = Field(description="The slug of the role type.")
    org_unit: int
    incumbent: int | None = Field(None, description="The id of the person holding it.")
    reports_to: int | None = Field(None, description="The id of the supervisor's position.")
    grade: str = ""
    personnel_category: str = Field("", description="military or civilian.")
    required_clearance: str = Field("", description="none, confidential, secret or top-secret.")
    funded: bool = True


class PositionChanges(Schema):
    version: int = Field(description="The version you read; a stale one is refused with 409.")
    title: str | None = None
    role_type: str | None = Field(None, description="The slug of the role type.")
    org_unit: int | None = None
    incumbent: int | None = Field(None, description="The id of the person holding it.")
    reports_to: int | None = Field(None, description="The id of the supervisor's position.")
    grade: str | None = None
    personnel_category: str | None = Field(None, description="military or civilian.")
    required_clearance: str | None = Field(
        None, description="none, confidential, secret or top-secret."
    )
    funded: bool | None = None


EDIT_ERRORS = {**WRITE_ERRORS, 409: ErrorOut}

# Input fields naming another record: (the records it may name, the lookup).
UNIT_REFERENCES = {"parent": (OrgUnit.objects.active(), "pk")}
PERSON_REFERENCES = {"org_unit": (OrgUnit.objects.active(), "pk")}
POSITION_REFERENCES = {
    "role_type": (RoleType.objects.active(), "slug"),
    "org_unit": (OrgUnit.objects.active(), "pk"),
    "incumbent": (Person.objects.active(), "pk"),
    "reports_to": (Position.objects.active(), "pk"),
}


def _resolved(user, values: dict, references: dict) -> dict:
    """The input with ids and slugs replaced by the records they name; 422 for unknown ones."""
    data, errors = {}, {}
    for name, value in values.items():
        if name in references and value is not None:
            queryset, lookup = references[name]
            found = permissions.visible_to(user, queryset).filter(**{lookup: value}).first()
            if found is None:
                errors[name] = [f"No active {queryset.model._meta.verbose_name} {value!r}."]
            data[name] = found
        else:
            data[name] = value
    if errors:
        raise ValidationError(errors)
    return data


def _create(request, model, payload, references):
    permissions.require(request.user, "add", model())
    data = _resolved(request.user, payload.dict(), references)
    return create_record(user=request.user, model=model, data=data).pk


def _update(request, record, payload, references) -> None:
    permissions.require(request.user, "change", record)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    update_record(
        user=request.user,
        record=record,
        changes=_resolved(request.user, changes, references),
        expected_version=version,
    )


def _unit(user, pk):
    return get_visible(user, OrgUnit.objects.all(), pk=pk)


def _person(user, pk):
    return get_visible(
        user,
        Person.objects.select_related(
            "org_unit", "position", "position__org_unit", "position__role_type"
        ),
        pk=pk,
    )


def _position(user, pk):
    return get_visible(
        user, Position.objects.select_related("role_type", "org_unit", "incumbent"), pk=pk
    )


@router.post("/org-units", response={201: OrgUnitOut, **EDIT_ERRORS}, summary="Create an org unit")
def create_org_unit(request, payload: OrgUnitIn):
    pk = _create(request, OrgUnit, payload, UNIT_REFERENCES)
    return Status(201, _unit(request.user, pk))


@router.patch(
    "/org-units/{unit_id}", response={200: OrgUnitOut, **EDIT_ERRORS}, summary="Edit an org unit"
)
def update_org_unit(request, unit_id: int, payload: OrgUnitChanges):
    _update(request, _unit(request.user, unit_id), payload, UNIT_REFERENCES)
    return _unit(request.user, unit_id)


@router.post(
    "/org-units/{unit_id}/archive",
    response={200: OrgUnitOut, **EDIT_ERRORS},
    summary="Archive an org unit",
)
def archive_org_unit(request, unit_id: int, payload: ArchiveIn):
    archive(
        user=request.user, record=_unit(request.user, unit_id), expected_version=payload.version
    )
    return _unit(request.user, unit_id)


@router.post(
    "/org-units/{unit_id}/restore",
    response={200: OrgUnitOut, **EDIT_ERRORS},
    summary="Restore an archived org unit",
)
def restore_org_unit(request, unit_id: int, payload: ArchiveIn):
    restore(
        user=request.user, record=_unit(request.user, unit_id), expected_version=payload.version
    )
    return _unit(request.user, unit_id)


@router.post("/people", response={201: PersonOut, **EDIT_ERRORS}, summary="Add a person")
def create_person(request, payload: PersonIn):
    pk = _create(request, Person, payload, PERSON_REFERENCES)
    return Status(201, _person(request.user, pk))


@router.patch(
    "/people/{person_id}", response={200: PersonOut, **EDIT_ERRORS}, summary="Edit a person"
)
def update_person(request, person_id: int, payload: PersonChanges):
    _update(request, _person(request.user, person_id), payload, PERSON_REFERENCES)
    return _person(request.user, person_id)


@router.post(
    "/people/{person_id}/archive",
    response={200: PersonOut, **EDIT_ERRORS},
    summary="Archive a person",
)
def archive_person(request, person_id: int, payload: ArchiveIn):
    archive(
        user=request.user, record=_person(request.user, person_id), expected_version=payload.version
    )
    return _person(request.user, person_id)


@router.post(
    "/people/{person_id}/restore",
    response={200: PersonOut, **EDIT_ERRORS},
    summary="Restore an archived person",
)
def restore_person(request, person_id: int, payload: ArchiveIn):
    restore(
        user=request.user, record=_person(request.user, person_id), expected_version=payload.version
    )
    return _person(request.user, person_id)


@router.post("/positions", response={201: PositionOut, **EDIT_ERRORS}, summary="Create a position")
def create_position(request, payload: PositionIn):
    pk = _create(request, Position, payload, POSITION_REFERENCES)
    return Status(201, _position(request.user, pk))


@router.patch(
    "/positions/{position_id}",
    response={200: PositionOut, **EDIT_ERRORS},
    summary="Edit a position",
)
def update_position(request, position_id: int, payload: PositionChanges):
    _update(request, _position(request.user, position_id), payload, POSITION_REFERENCES)
    return _position(request.user, position_id)


@router.post(
    "/positions/{position_id}/archive",
    response={200: PositionOut, **EDIT_ERRORS},
    summary="Archive a position",
)
def archive_position(request, position_id: int, payload: ArchiveIn):
    record = _position(request.user, position_id)
    archive(user=request.user, record=record, expected_version=payload.version)
    return _position(request.user, position_id)


@router.post(
    "/positions/{position_id}/restore",
    response={200: PositionOut, **EDIT_ERRORS},
    summary="Restore an archived position",
)
def restore_position(request, position_id: int, payload: ArchiveIn):
    record = _position(request.user, position_id)
    restore(user=request.user, record=record, expected_version=payload.version)
    return _position(request.user, position_id)


# --- staffing and coverage -------------------------------------------------------
#
# The figures, the words and who may see them come from `workforce.staffing`,
# as on the staffing and coverage pages: only the people whose ratings you may
# see are ranked or counted, and someone who may see nobody's ratings but their
# own is refused with 403.


class StaffingRequirementIn(Schema):
    code: str = Field(description="A sub-competency of the framework, such as 4.C.")
    level: int = Field(description="The lowest level wanted: a level of the framework's scale.")


class RankingIn(Schema):
    framework: str | None = Field(None, description="The framework slug; the default if omitted.")
    requirements: list[StaffingRequirementIn] = Field(
        description="What the work needs, each sub-competency once, at least one.",
        max_length=100,
    )
    limit: int = Field(
        staffing.RANKING_SHOWN,
        ge=1,
        le=MAX_PAGE_LIMIT,
        description="How many of the best are explained; the rest are only counted.",
    )


class FitLineOut(Schema):
    requirement: str = Field(
        description="The sub-competency code, or the qualification (such as the desk of a "
        "record's country)."
    )
    wanted: int = Field(description="The lowest level wanted; 1 for a qualification.")
    level: int = Field(description="The person's current level; 1 or 0 for a qualification.")
    met: float = Field(description="Share of the minimum reached, 0 to 1.")
    practised: int = Field(
        description="Work records with confirmed evidence of practice on the sub-competency."
    )
    words: str = Field(description="This line in plain words, as the page shows it.")


class RankedPersonOut(Schema):
    rank: int
    person: PersonRef
    unit: UnitRef | None = Field(description="The unit of the person's position, else their own.")
    score: float = Field(description="The fit: `base` less `penalty`.")
    percent: int = Field(description="The fit in percent, as the page shows it.")
    base: float = Field(description="Mean share of each minimum reached, 0 to 1.")
    penalty: float = Field(description="Fit lost for the open assignments already carried.")
    open_assignments: int
    explanation: str = Field(description="Why, in the page's words.")
    lines: list[FitLineOut]


class RankingOut(Schema):
    framework: str
    considered: int = Field(description="Everyone whose ratings you may see.")
    truncated: bool = Field(description="True when fewer people are listed than considered.")
    people: list[RankedPersonOut] = Field(description="Best fit first.")


def fit_lines(ranked) -> list[FitLineOut]:
    lines = []
    for line in ranked.lines:
        if isinstance(line, staffing.RequirementFit):
            requirement, wanted = line.requirement.competency.code, line.requirement.level
            level, practised = line.level, line.practised
        else:
            requirement, wanted, level, practised = line.qualification.label, 1, int(line.met), 0
        lines.append(
            FitLineOut(
                requirement=requirement,
                wanted=wanted,
                level=level,
                met=line.met,
                practised=practised,
                words=line.words,
            )
        )
    return lines


def ranked_out(ranked) -> RankedPersonOut:
    """One explained person of a ranking or an assignment."""
    return RankedPersonOut(
        rank=ranked.rank,
        person=ranked.person,
        unit=ranked.unit,
        score=ranked.score,
        percent=ranked.percent,
        base=ranked.base,
        penalty=ranked.penalty,
        open_assignments=ranked.open_assignments,
        explanation=ranked.explanation,
        lines=fit_lines(ranked),
    )


def ranking_out(framework: Framework, ranking) -> RankingOut:
    return RankingOut(
        framework=framework.slug,
        considered=ranking.considered,
        truncated=ranking.truncated,
        people=[ranked_out(ranked) for ranked in ranking],
    )


def require_staffing(user) -> None:
    """The staffing pages' rule: 403 for whoever may see nobody's ratings but their own."""
    if not staffing.may_staff(user):
        raise PermissionDenied(staffing.STAFFING_REFUSED)


STAFFING_ERRORS = {403: ErrorOut, **READ_ERRORS}


@router.post(
    "/staffing/ranking",
    response={200: RankingOut, 400: ErrorOut, **STAFFING_ERRORS},
    summary="Rank people against hand-entered requirements",
    description=(
        "The staffing page's ranking: everyone whose ratings you may see, by the mean share "
        "of each lowest level wanted they reach (exceeding one never makes up for another), "
        "less a penalty per open assignment; between equal fits, the more practised first. "
        "403 for someone who may see nobody's ratings but their own; 422, naming the row "
        "(`requirements[1].code`), for a sub-competency not in the framework, a level off its "
        "scale or a sub-competency given twice."
    ),
)
def rank_for_requirements(request, payload: RankingIn):
    require_staffing(request.user)
    framework = _framework(request.user, payload.framework, field="framework")
    requirements = staffing.requirements_from(
        framework, [(row.code, row.level) for row in payload.requirements]
    )
    ranking = staffing.rank_people(request.user, framework, requirements, limit=payload.limit)
    return ranking_out(framework, ranking)


class CoverageLineOut(Schema):
    code: str
    label: str
    proficient: int = Field(description="People proficient on it (at the scale's level or above).")
    by_unit: list[int] = Field(description="Proficient people per unit, in the order of `units`.")
    sole_holder: PersonRef | None = Field(
        description="The only proficient person, when there is exactly one."
    )
    lost: bool = Field(description="Nobody proficient any more without the chosen person.")
    newly_single: bool = Field(description="One proficient person left without the chosen person.")


class StaffingCoverageOut(Schema):
    framework: str
    proficient_level: int
    people: int = Field(description="The people counted: those whose ratings you may see.")
    units: list[UnitRef] = Field(description="Their units, in tree order.")
    without: PersonRef | None = Field(description="The person supposed gone, if one was chosen.")
    what_if: list[str] = Field(
        description="What that departure would change, in the page's words; empty without one."
    )
    single_points_of_failure: list[str] = Field(
        description="Sub-competencies with exactly one proficient person."
    )
    rows: list[CoverageLineOut] = Field(description="Every sub-competency, in framework order.")


@router.get(
    "/staffing/coverage",
    response={200: StaffingCoverageOut, **STAFFING_ERRORS},
    summary="Proficient people per sub-competency and unit, with a what-if",
    description=(
        "The coverage page: among the people whose ratings you may see, how many are "
        "proficient on each sub-competency, per unit, and the single points of failure. "
        "With `without`, the figures as they would be if that person left. 403 for someone "
        "who may see nobody's ratings but their own; 422 naming `without` for anyone else "
        "than the people whose ratings you may see."
    ),
)
def get_staffing_coverage(
    request, framework: str | None = None, without: DbId | None = None
) -> StaffingCoverageOut:
    require_staffing(request.user)
    chosen = _framework(request.user, framework)
    leaving = None
    if without is not None:
        leaving = staffing.among_visible(request.user, without)
        if leaving is None:
            raise ValidationError({"without": [staffing.CHOOSE_VISIBLE]})
    view = staffing.coverage_for(request.user, chosen, without=leaving)
    return StaffingCoverageOut(
        framework=chosen.slug,
        proficient_level=view.proficient_level,
        people=len(view.people),
        units=view.units,
        without=leaving,
        what_if=view.what_if,
        single_points_of_failure=[row.competency.code for row in view.single_points_of_failure],
        rows=[
            CoverageLineOut(
                code=row.competency.code,
                label=row.competency.label,
                proficient=row.proficient,
                by_unit=row.by_unit,
                sole_holder=row.sole_holder,
                lost=row.lost,
                newly_single=row.newly_single,
            )
            for row in view.rows
        ],
    )


# --- setting up role types and templates -----------------------------------------


class RoleTypeIn(Schema):
    slug: str = Field(description="A short name for addresses and files: letters, digits, -.")
    name: str
    description: str = ""


class RoleTypeChanges(Schema):
    version: int = Field(description="The version you read; a stale one is refused with 409.")
    slug: str | None = None
    name: str | None = None
    description: str | None = None


class RoleTemplateIn(Schema):
    role_type: str = Field(description="The slug of the role type.")
    framework: str = Field(description="The slug of the competency framework.")
    name: str
    rationale: str = Field("", description="Why the template asks for these levels.")


class RoleTemplateChanges(Schema):
    version: int = Field(description="The version you read; a stale one is refused with 409.")
    name: str | None = None
    rationale: str | None = None


class RequirementLevelsIn(Schema):
    version: int = Field(description="The template's version you read; a stale one is a 409.")
    levels: dict[str, int] = Field(
        description=(
            'The required level per sub-competency code, such as {"1.A": 3}. Every code '
            "left out, or given level 0, is not required: the levels sent replace all of them."
        )
    )


class StartingSetOut(Schema):
    role_types_created: int
    templates_created: int
    note: str = Field(description="What the starting set is, and what it is not.")


TEMPLATE_REFERENCES = {
    "role_type": (RoleType.objects.active(), "slug"),
    "framework": (Framework.objects.active(), "slug"),
}


@router.post(
    "/role-types", response={201: RoleTypeOut, **EDIT_ERRORS}, summary="Create a role type"
)
def create_role_type(request, payload: RoleTypeIn):
    pk = _create(request, RoleType, payload, {})
    return Status(201, _role_type(request.user, pk))


@router.post(
    "/role-types/starting-set",
    response={200: StartingSetOut, **EDIT_ERRORS},
    summary="Load the directorate's unofficial starting set of role types and templates",
)
def load_role_types_starting_set(request):
    loaded = load_starting_set(user=request.user)
    return StartingSetOut(
        role_types_created=loaded.role_types_created,
        templates_created=loaded.templates_created,
        note=(
            "The directorate's own unofficial starting set, not an official standard; "
            "existing role types and templates were left as they are."
        ),
    )


@router.patch(
    "/role-types/{role_type_id}",
    response={200: RoleTypeOut, **EDIT_ERRORS},
    summary="Edit a role type",
)
def update_role_type(request, role_type_id: int, payload: RoleTypeChanges):
    _update(request, _role_type(request.user, role_type_id), payload, {})
    return _role_type(request.user, role_type_id)


@router.post(
    "/role-types/{role_type_id}/archive",
    response={200: RoleTypeOut, **EDIT_ERRORS},
    summary="Archive a role type",
)
def archive_role_type(request, role_type_id: int, payload: ArchiveIn):
    record = _role_type(request.user, role_type_id)
    archive(user=request.user, record=record, expected_version=payload.version)
    return _role_type(request.user, role_type_id)


@router.post(
    "/role-types/{role_type_id}/restore",
    response={200: RoleTypeOut, **EDIT_ERRORS},
    summary="Restore an archived role type",
)
def restore_role_type(request, role_type_id: int, payload: ArchiveIn):
    record = _role_type(request.user, role_type_id)
    restore(user=request.user, record=record, expected_version=payload.version)
    return _role_type(request.user, role_type_id)


@router.post(
    "/role-templates",
    response={201: RoleTemplateOut, **EDIT_ERRORS},
    summary="Create a role template (its levels are set with PUT .../requirements)",
)
def create_role_template(request, payload: RoleTemplateIn):
    pk = _create(request, RoleTemplate, payload, TEMPLATE_REFERENCES)
    return Status(201, _template(request.user, pk))


@router.patch(
    "/role-templates/{template_id}",
    response={200: RoleTemplateOut, **EDIT_ERRORS},
    summary="Rename a role template or change its rationale",
)
def update_role_template(request, template_id: int, payload: RoleTemplateChanges):
    _update(request, _template(request.user, template_id), payload, {})
    return _template(request.user, template_id)


@router.put(
    "/role-templates/{template_id}/requirements",
    response={200: RoleTemplateOut, **EDIT_ERRORS},
    summary="Set the level a role template requires on every sub-competency",
)
def set_role_template_requirements(request, template_id: int, payload: RequirementLevelsIn):
    set_template_requirements(
        user=request.user,
        template=_template(request.user, template_id),
        levels=payload.levels,
        expected_version=payload.version,
    )
    return _template(request.user, template_id)


@router.post(
    "/role-templates/{template_id}/archive",
    response={200: RoleTemplateOut, **EDIT_ERRORS},
    summary="Archive a role template",
)
def archive_role_template(request, template_id: int, payload: ArchiveIn):
    record = _template(request.user, template_id)
    archive(user=request.user, record=record, expected_version=payload.version)
    return _template(request.user, template_id)


@router.post(
    "/role-templates/{template_id}/restore",
    response={200: RoleTemplateOut, **EDIT_ERRORS},
    summary="Restore an archived role template",
)
def restore_role_template(request, template_id: int, payload: ArchiveIn):
    record = _template(request.user, template_id)
    restore(user=request.user, record=record, expected_version=payload.version)
    return _template(request.user, template_id)
