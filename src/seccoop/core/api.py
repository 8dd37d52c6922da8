"""What every API router shares: the error and page envelopes, filtering, lookups, /me.

Lists are filtered with the same django-filter FilterSets as the pages, so a
query string that works on a page works on the API, and an invalid value is
refused with a 422 naming the field instead of being silently ignored.
"""

import datetime
from functools import cache
from typing import Annotated, Literal

import django_filters
from django.core.exceptions import ValidationError
from django.db import models
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination
from ninja.responses import Status
from pydantic import create_model

from seccoop.core import permissions
from seccoop.core.lookups import visible_or_404

# --- envelopes -----------------------------------------------------------------


class ArchiveIn(Schema):
    """The body of archiving or restoring a record: the version read, as in every edit."""

    version: int = Field(description="The version you read; a stale one answers 409.")


class ErrorOut(Schema):
    """Every error the API returns: a sentence, and the messages per field if any."""

    detail: str
    errors: dict[str, list[str]] = Field(
        default_factory=dict, description="Messages per input field, for 422 responses."
    )


# Error responses each kind of operation may return, for the OpenAPI document.
# A path or query parameter of the wrong type (`/people/abc`) is a 422 too.
READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
LIST_ERRORS = {401: ErrorOut, 422: ErrorOut}
# 400: a body that is not JSON at all.
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


MAX_PAGE_LIMIT = 500

# A record id in a payload: positive and within every backend's integer range, so
# an id out of range is a 422 naming the field rather than a database error.
DbId = Annotated[int, Field(ge=1, le=2**63 - 1)]
# Any whole number a model stores, within the 64-bit range of both databases.
DbInt = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
# Far beyond any list, and within every backend's integer range (SQLite fails past 2**63).
MAX_PAGE_OFFSET = 1_000_000_000


class PageQuery(Schema):
    limit: int = Field(
        50, ge=1, le=MAX_PAGE_LIMIT, description=f"At most {MAX_PAGE_LIMIT} items a page."
    )
    offset: int = Field(0, ge=0, le=MAX_PAGE_OFFSET)


class LimitOffset(LimitOffsetPagination):
    """`?limit=&offset=` pages wrapped as {count, items}; a limit above the maximum is a 422."""

    Input = PageQuery

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_PAGE_LIMIT, **kwargs)


def error_map(exc: ValidationError) -> dict[str, list[str]]:
    """A refused write's messages per field; one not tied to a field is under "__all__"."""
    if hasattr(exc, "error_dict"):
        return {field: list(messages) for field, messages in exc.message_dict.items()}
    return {"__all__": list(exc.messages)}


def refused(exc: ValidationError, what: str = "") -> Status:
    """The 400 answer to a write the rules refused, nothing changed: what, and why per field."""
    reasons = " ".join(exc.messages)
    detail = f"{what}: {reasons}" if what else reasons
    return Status(400, ErrorOut(detail=detail, errors=error_map(exc)))


# --- workflows -----------------------------------------------------------------
# Every record that moves by a workflow (core/workflow.py) answers the same three
# questions in the API: which moves may I take now and what blocks each, take one,
# and what moves were taken. Routers declare the paths; these build the answers.


class WorkflowTransitionOut(Schema):
    name: str
    label: str
    target: str
    fields: list[str] = Field(description="The values this transition may set.")
    note_required: bool
    blockers: list[str] = Field(description="What must be done first; empty when it may go.")


class WorkflowStateChangeOut(Schema):
    transition: str
    source: str
    target: str
    at: datetime.datetime
    actor: str | None
    note: str

    @staticmethod
    def resolve_actor(obj):
        return obj.actor.get_username() if obj.actor_id else None


def available_transitions(user, workflow, record) -> list[dict]:
    """The transitions the user may take from the record's state, with what blocks each."""
    return [
        {
            "name": transition.name,
            "label": transition.label,
            "target": transition.target,
            "fields": list(transition.fields),
            "note_required": transition.note_required,
            "blockers": workflow.blockers(record, transition),
        }
        for transition in workflow.available(user, record)
    ]


# --- filtering -----------------------------------------------------------------


def _parameter_type(filter_: django_filters.Filter):
    """A fixed choice is documented as its values; anything else as a string."""
    choices = filter_.extra.get("choices")
    if isinstance(filter_, django_filters.ChoiceFilter) and isinstance(choices, list | tuple):
        return Literal[tuple(str(value) for value, _ in choices)] | None
    return str | None


@cache
def filter_parameters(filterset_class: type[django_filters.FilterSet]) -> type[Schema]:
    """The query parameters of a FilterSet, as a schema for the OpenAPI document.

    Every parameter is an optional string here (one of its values for a fixed
    choice); the FilterSet itself converts and validates the values, exactly
    as it does for the pages.
    """
    fields = {
        name: (
            _parameter_type(filter_),
            Field(None, description=str(filter_.label or name.replace("_", " ").capitalize())),
        )
        for name, filter_ in filterset_class.base_filters.items()
    }
    name = filterset_class.__name__.removesuffix("Filter") + "Query"
    return create_model(name, __base__=Schema, **fields)


def apply_filters(
    filterset_class: type[django_filters.FilterSet], params: Schema, queryset: models.QuerySet
) -> models.QuerySet:
    """Filter a queryset with a page's FilterSet; raise ValidationError (422) on bad values."""
    data = {key: value for key, value in params.dict().items() if value not in (None, "")}
    filterset = filterset_class(data=data, queryset=queryset)
    if not filterset.is_valid():
        raise ValidationError(
            {
                field: [str(message) for message in messages]
                for field, messages in filterset.errors.items()
            }
        )
    return filterset.qs


# --- lookups -------------------------------------------------------------------


def get_visible(user, queryset: models.QuerySet, **lookup):
    """The one record matching `lookup` that the user may see, else 404.

    A record the user may not see is reported as missing, so the API does not
    reveal that it exists; the attempt is audited (`seccoop.core.lookups`).
    """
    return visible_or_404(user, queryset, **lookup)


# --- /me -------------------------------------------------------------------------

router = Router(tags=["me"])


class MeOut(Schema):
    username: str
    full_name: str
    person_id: int | None = Field(None, description="The staff record of this user, if any.")
    roles: list[str]


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="The signed-in user")
def me(request):
    user = request.user
    person = getattr(user, "person", None)
    return MeOut(
        username=user.get_username(),
        full_name=user.get_full_name() or user.get_username(),
        person_id=person.pk if person else None,
        roles=sorted(permissions.roles_of(user)),
    )
