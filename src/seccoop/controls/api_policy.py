"""Disclosure policy through the API: the ceiling table, policy restrictions, exceptions to
National Disclosure Policy and the approval of delegation letters.

The same policy and services as the pages (`seccoop.controls.disclosure_policy`).
"""

import datetime

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from seccoop.controls import disclosure_policy
from seccoop.controls.api import (
    GATED_LIST_ERRORS,
    MOVE_ERRORS,
    DelegationOut,
    DisclosureCriterionIn,
    DisclosureCriterionOut,
    _countries,
    _country,
    _letters,
    _requests,
)
from seccoop.controls.models import (
    DisclosureCeiling,
    PolicyException,
    PolicyRestriction,
)
from seccoop.controls.views.common import require_controls_reader
from seccoop.core import permissions
from seccoop.core.api import READ_ERRORS, WRITE_ERRORS, LimitOffset, get_visible, refused
from seccoop.core.services import ConcurrentEditError, create_record

router = Router(tags=["controls"])


# --- ceilings and restrictions -------------------------------------------------------------


class CeilingOut(Schema):
    id: int
    country: str
    category: str
    level: str = Field(description="0 (no classified disclosure), C, S or TS.")
    version_number: int
    effective_on: datetime.date
    superseded_on: datetime.date | None
    source_note: str

    @staticmethod
    def resolve_country(obj):
        return obj.country.iso_code


class CeilingIn(Schema):
    country: str = Field(description="ISO 3166 code.")
    category: str = Field(description="NDP category, 1 to 8.")
    level: str = Field(description="0 (no classified disclosure), C, S or TS.")
    effective_on: datetime.date
    source_note: str = Field(description="Where the value was entered from.")


@router.get(
    "/disclosure-ceilings",
    response={200: list[CeilingOut], **GATED_LIST_ERRORS},
    summary="Disclosure ceilings by country and NDP category, every version",
    description="Entered data, not the policy: what the foreign disclosure office entered "
    "from National Disclosure Policy (NDP-1).",
)
@paginate(LimitOffset)
def list_ceilings(request, country: str | None = None, current: bool = False):
    require_controls_reader(request.user)
    rows = DisclosureCeiling.objects.visible_to(request.user).active().select_related("country")
    if country:
        rows = rows.filter(country=_country(country))
    if current:
        rows = rows.filter(superseded_on__isnull=True)
    return rows


@router.post(
    "/disclosure-ceilings",
    response={201: CeilingOut, **WRITE_ERRORS},
    summary="Enter a ceiling; it supersedes the current one for its country and category",
)
def create_ceiling(request, payload: CeilingIn):
    permissions.require(request.user, "add", DisclosureCeiling())
    ceiling = disclosure_policy.record_ceiling(
        user=request.user,
        country=_country(payload.country),
        category=payload.category,
        level=payload.level,
        effective_on=payload.effective_on,
        source_note=payload.source_note,
    )
    return Status(201, ceiling)


class RestrictionOut(Schema):
    id: int
    country: str
    category: str
    title: str
    description: str
    authority: str
    effective_on: datetime.date
    lifted_on: datetime.date | None

    @staticmethod
    def resolve_country(obj):
        return obj.country.iso_code


class RestrictionIn(Schema):
    country: str = Field(description="ISO 3166 code.")
    category: str = Field("", description="NDP category; empty for every category.")
    title: str
    description: str = ""
    authority: str
    effective_on: datetime.date
    lifted_on: datetime.date | None = None


@router.get(
    "/policy-restrictions",
    response={200: list[RestrictionOut], **GATED_LIST_ERRORS},
    summary="Recorded restrictions on disclosure",
)
@paginate(LimitOffset)
def list_restrictions(request):
    require_controls_reader(request.user)
    return PolicyRestriction.objects.visible_to(request.user).active().select_related("country")


@router.post(
    "/policy-restrictions",
    response={201: RestrictionOut, **WRITE_ERRORS},
    summary="Record a restriction on disclosure",
)
def create_restriction(request, payload: RestrictionIn):
    permissions.require(request.user, "add", PolicyRestriction())
    data = payload.dict()
    data["country"] = _country(payload.country)
    return Status(201, create_record(user=request.user, model=PolicyRestriction, data=data))


# --- exceptions to national disclosure policy ---------------------------------------------------


class ExceptionOut(Schema):
    id: int
    request_id: int
    information: str
    countries: list[str]
    category: str
    level: str
    justification: str
    state: str
    version: int
    submitted_on: datetime.date | None
    decided_on: datetime.date | None
    decision_reference: str
    decision_conditions: str
    valid_until: datetime.date | None
    granted_countries: list[str] = Field(
        description="The countries the committee granted (ISO 3166 codes), once approved."
    )
    granted_level: str = Field(description="The highest level the committee granted.")
    criteria: list[DisclosureCriterionOut]
    transitions: list[str] = Field(description="What the signed-in user may do now.")

    @staticmethod
    def resolve_countries(obj):
        return [country.iso_code for country in obj.countries.all()]

    @staticmethod
    def resolve_granted_countries(obj):
        if not obj.is_granted:
            return []
        return [country.iso_code for country in obj.countries_granted()]

    @staticmethod
    def resolve_granted_level(obj):
        return obj.level_granted if obj.is_granted else ""

    @staticmethod
    def resolve_criteria(obj):
        return list(obj.criteria.active())

    @staticmethod
    def resolve_transitions(obj, context):
        user = context["request"].user
        return [t.name for t in disclosure_policy.EXCEPTION_WORKFLOW.available(user, obj)]


class ExceptionIn(Schema):
    information: str = Field(description="What would be disclosed, described by metadata.")
    countries: list[str] = Field(description="To whom: ISO 3166 codes.")
    justification: str = Field(description="Why.")
    criteria: list[DisclosureCriterionIn] = Field(
        description="A finding on every disclosure criterion."
    )


class ExceptionMoveIn(Schema):
    transition: str = Field(
        description="submit, approve, approve-with-conditions, deny or withdraw."
    )
    note: str = ""
    decided_on: datetime.date | None = None
    decision_reference: str = ""
    decision_conditions: str = ""
    valid_until: datetime.date | None = None
    granted_countries: list[str] = Field(
        default=[],
        description="Approving: the countries granted (ISO 3166); empty grants all requested.",
    )
    granted_level: str = Field(
        default="", description="Approving: the level granted; empty grants the level requested."
    )
    version: int = Field(description="The version you read; a stale move answers 409.")


def _exceptions(user):
    return PolicyException.objects.visible_to(user).prefetch_related(
        "countries", "granted_countries"
    )


@router.get(
    "/disclosure-requests/{request_id}/exceptions",
    response={200: list[ExceptionOut], **READ_ERRORS},
    summary="Exceptions to National Disclosure Policy requested for a disclosure request",
)
def list_exceptions(request, request_id: int):
    record = get_visible(request.user, _requests(request.user), pk=request_id)
    return list(_exceptions(request.user).active().filter(request=record))


@router.post(
    "/disclosure-requests/{request_id}/exceptions",
    response={201: ExceptionOut, **WRITE_ERRORS},
    summary="Prepare an exception to National Disclosure Policy",
    description="What, to whom, why, and a finding on every criterion of DoDD 5230.11.",
)
def create_exception(request, request_id: int, payload: ExceptionIn):
    record = get_visible(request.user, _requests(request.user), pk=request_id)
    exception = disclosure_policy.prepare_exception(
        user=request.user,
        request=record,
        information=payload.information,
        justification=payload.justification,
        countries=_countries(payload.countries),
        criteria=[
            disclosure_policy.CriterionLine(c.criterion, c.finding, c.rationale)
            for c in payload.criteria
        ],
    )
    return Status(201, get_visible(request.user, _exceptions(request.user), pk=exception.pk))


@router.get(
    "/disclosure-exceptions/{exception_id}",
    response={200: ExceptionOut, **READ_ERRORS},
    summary="Exception to National Disclosure Policy",
)
def get_exception(request, exception_id: int):
    return get_visible(request.user, _exceptions(request.user), pk=exception_id)


@router.post(
    "/disclosure-exceptions/{exception_id}/transitions",
    response={200: ExceptionOut, **MOVE_ERRORS},
    summary="Submit an exception, record the committee's decision, or withdraw it",
)
def move_exception(request, exception_id: int, payload: ExceptionMoveIn):
    exception = get_visible(request.user, _exceptions(request.user), pk=exception_id)
    values = payload.dict(exclude={"transition", "note", "version", "granted_countries"})
    if payload.transition not in disclosure_policy.GRANTING:
        values.pop("granted_level")
    if payload.transition in ("submit", "withdraw"):
        values = {}
    try:
        disclosure_policy.move_exception(
            user=request.user,
            exception=exception,
            name=payload.transition,
            note=payload.note,
            values=values,
            granted_countries=_countries(payload.granted_countries, "granted_countries"),
            expected_version=payload.version,
        )
    except ConcurrentEditError:
        raise
    except ValidationError as exc:
        return refused(exc)
    return get_visible(request.user, _exceptions(request.user), pk=exception_id)


# --- delegation letters -----------------------------------------------------------------------


class ApproveDelegationIn(Schema):
    approving_authority: str = Field(description="The designated disclosure authority, by title.")
    approved_on: datetime.date | None = None
    version: int = Field(description="The version you read; a stale approval answers 409.")


@router.post(
    "/disclosure-delegations/{letter_id}/approve",
    response={200: DelegationOut, **MOVE_ERRORS},
    summary="Record the designated disclosure authority's approval of a letter",
    description="It supersedes the letter's version in force. Nothing is released under a "
    "letter before its approval.",
)
def approve_delegation(request, letter_id: int, payload: ApproveDelegationIn):
    letter = get_visible(request.user, _letters(request.user), pk=letter_id)
    disclosure_policy.approve_delegation(
        user=request.user,
        letter=letter,
        approving_authority=payload.approving_authority,
        approved_on=payload.approved_on,
        expected_version=payload.version,
    )
    return get_visible(request.user, _letters(request.user), pk=letter_id)
