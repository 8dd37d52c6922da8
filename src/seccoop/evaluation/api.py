"""The evaluation app through the API.

Every kind of record (`evaluation.kinds`) gets the same five operations:
list (filtered with the pages' FilterSet, `{count, items}`), read, create,
change (PATCH with the `version` read, 409 if someone changed it since) and
archive; records people are assigned to also take assignments. The
recommendation workflow has one path per transition, and an indicator's
trend against its target has its own. Related records are named by id;
many-to-many links as lists of ids. Writes go through the same services
and policy as the pages.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import create_model

from seccoop.core import permissions
from seccoop.core import services as core_services
from seccoop.core.api import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ArchiveIn,
    DbId,
    DbInt,
    ErrorOut,
    PageQuery,
    apply_filters,
    filter_parameters,
    get_visible,
)
from seccoop.evaluation import services
from seccoop.evaluation.kinds import KINDS, Kind
from seccoop.evaluation.models import Indicator, Recommendation
from seccoop.workforce.models import Person

router = Router(tags=["evaluation"])

CONFLICT_ERRORS = {**WRITE_ERRORS, 409: ErrorOut}


# --- schemas built from the kinds --------------------------------------------------


def _python_type(model_field: models.Field):
    if isinstance(model_field, models.ManyToManyField):
        return list[DbId]
    if isinstance(model_field, models.ForeignKey):
        return DbId
    if isinstance(model_field, models.DateTimeField):
        return datetime.datetime
    if isinstance(model_field, models.DateField):
        return datetime.date
    if isinstance(model_field, models.DecimalField):
        return Decimal
    if isinstance(model_field, models.IntegerField):
        return DbInt
    if isinstance(model_field, models.BooleanField):
        return bool
    return str


def _describe(model_field: models.Field) -> str:
    text = str(model_field.help_text or model_field.verbose_name).strip()
    if model_field.choices:
        values = ", ".join(str(value) for value, _ in model_field.flatchoices)
        text += f" One of: {values}."
    if isinstance(model_field, models.ForeignKey | models.ManyToManyField):
        noun = model_field.related_model._meta.verbose_name
        text += f" ({noun} id{'s' if model_field.many_to_many else ''})"
    return text


def _required(model_field: models.Field) -> bool:
    if model_field.many_to_many:
        return False
    return not (model_field.blank or model_field.null or model_field.has_default())


def _out_schema(kind: Kind) -> type[Schema]:
    fields: dict[str, Any] = {
        "id": (int, ...),
        "version": (int, ...),
        "label": (str, Field(..., description="How the record reads in lists.")),
        "archived": (bool, ...),
    }
    for name in (*kind.fields, *kind.links, *kind.workflow_fields):
        model_field = kind.model._meta.get_field(name)
        python_type = _python_type(model_field)
        if not model_field.many_to_many:
            python_type = python_type | None
        fields[name] = (python_type, Field(..., description=_describe(model_field)))
    return create_model(f"{kind.model.__name__}Out", __base__=Schema, **fields)


def _in_schema(kind: Kind, *, partial: bool) -> type[Schema]:
    fields: dict[str, Any] = {}
    if partial:
        fields["version"] = (
            int,
            Field(..., description="The version read; a change made since is refused with 409."),
        )
    for name in (*kind.fields, *kind.links):
        model_field = kind.model._meta.get_field(name)
        python_type = _python_type(model_field)
        description = _describe(model_field)
        if _required(model_field) and not partial:
            fields[name] = (python_type, Field(..., description=description))
        else:
            fields[name] = (python_type | None, Field(None, description=description))
    suffix = "Change" if partial else "In"
    return create_model(f"{kind.model.__name__}{suffix}", __base__=Schema, **fields)


def serialize(kind: Kind, record) -> dict:
    data = {
        "id": record.pk,
        "version": record.version,
        "label": str(record),
        "archived": record.archived_at is not None,
    }
    for name in (*kind.fields, *kind.workflow_fields):
        model_field = kind.model._meta.get_field(name)
        data[name] = getattr(record, model_field.attname)
    for name in kind.links:
        data[name] = [other.pk for other in getattr(record, name).all()]
    return data


def _values(kind: Kind, user, payload: Schema) -> tuple[dict, dict]:
    """The payload's fields and links as model values; unknown ids are a 422 naming the field."""
    given = payload.dict(exclude_unset=True)
    given.pop("version", None)
    data, links, errors = {}, {}, {}
    for name, value in given.items():
        model_field = kind.model._meta.get_field(name)
        if model_field.many_to_many:
            ids = list(dict.fromkeys(value or []))
            found = {
                other.pk: other
                for other in permissions.visible_to(
                    user, model_field.related_model._default_manager.filter(pk__in=ids)
                )
            }
            unknown = [str(pk) for pk in ids if pk not in found]
            if unknown:
                errors[name] = [f"Unknown: {', '.join(unknown)}."]
            links[name] = [found[pk] for pk in ids if pk in found]
        elif isinstance(model_field, models.ForeignKey):
            if value is None:
                data[name] = None
                continue
            target = permissions.visible_to(
                user, model_field.related_model._default_manager.filter(pk=value)
            ).first()
            if target is None:
                errors[name] = [f"No {model_field.related_model._meta.verbose_name} {value}."]
            data[name] = target
        else:
            if value is None and not model_field.null:
                value = (
                    "" if isinstance(model_field, models.CharField | models.TextField) else value
                )
            data[name] = value
    if errors:
        raise ValidationError(errors)
    return data, links


def _queryset(kind: Kind, user):
    return (
        kind.model.objects.visible_to(user)
        .select_related(*kind.select)
        .prefetch_related(*kind.links)
    )


# --- the five operations of every kind ----------------------------------------------


def _register(kind: Kind) -> None:
    out = _out_schema(kind)
    page = create_model(
        f"{kind.model.__name__}Page", __base__=Schema, count=(int, ...), items=(list[out], ...)
    )
    create_in = _in_schema(kind, partial=False)
    change_in = _in_schema(kind, partial=True)
    filter_schema = filter_parameters(kind.filterset) if kind.filterset else None
    base = f"/evaluation/{kind.slug}"
    item = base + "/{record_id}"
    noun = kind.name
    operation = kind.slug.replace("-", "_")

    if filter_schema is not None:

        def list_records(request, page_query: Query[PageQuery], filters: Query[filter_schema]):
            found = apply_filters(kind.filterset, filters, _queryset(kind, request.user).active())
            return _page(kind, found, page_query)

    else:

        def list_records(request, page_query: Query[PageQuery]):
            return _page(kind, _queryset(kind, request.user).active(), page_query)

    router.get(
        base,
        response={200: page, **LIST_ERRORS},
        summary=f"{kind.plural}",
        operation_id=f"seccoop_evaluation_list_{operation}",
    )(list_records)

    def get_record(request, record_id: int):
        return serialize(
            kind, get_visible(request.user, _queryset(kind, request.user), pk=record_id)
        )

    router.get(
        item, response={200: out, **READ_ERRORS}, summary=f"One {noun}",
        operation_id=f"seccoop_evaluation_get_{operation}",
    )(get_record)  # fmt: skip

    def create(request, payload: create_in):
        data, links = _values(kind, request.user, payload)
        record = services.save_record(user=request.user, model=kind.model, data=data, links=links)
        return Status(201, serialize(kind, _queryset(kind, request.user).get(pk=record.pk)))

    router.post(
        base,
        response={201: out, **WRITE_ERRORS},
        summary=f"Create a {noun}",
        description="Leadership and administrators; for a record that belongs to another, "
        "also the people assigned to it. 422, with nothing written, if a value is invalid.",
        operation_id=f"seccoop_evaluation_create_{operation}",
    )(create)

    def change(request, record_id: int, payload: change_in):
        record = get_visible(request.user, _queryset(kind, request.user), pk=record_id)
        data, links = _values(kind, request.user, payload)
        services.save_record(
            user=request.user,
            model=kind.model,
            record=record,
            data=data,
            links=links,
            expected_version=payload.version,
        )
        return serialize(kind, _queryset(kind, request.user).get(pk=record.pk))

    router.patch(
        item,
        response={200: out, **CONFLICT_ERRORS},
        summary=f"Change a {noun}",
        description="Only the fields given change. 409 if the record changed since `version`.",
        operation_id=f"seccoop_evaluation_change_{operation}",
    )(change)

    def archive(request, record_id: int, payload: ArchiveIn):
        record = get_visible(request.user, _queryset(kind, request.user), pk=record_id)
        core_services.archive(user=request.user, record=record, expected_version=payload.version)
        return serialize(kind, record)

    router.post(
        item + "/archive",
        response={200: out, **CONFLICT_ERRORS},
        summary=f"Archive a {noun}",
        operation_id=f"seccoop_evaluation_archive_{operation}",
    )(archive)

    if kind.model in services.ASSIGNABLE:

        def assign(request, record_id: int, payload: EvaluationAssignmentIn):
            record = get_visible(request.user, _queryset(kind, request.user), pk=record_id)
            person = get_visible(request.user, Person.objects.active(), pk=payload.person)
            assignment = services.assign(
                user=request.user,
                record=record,
                person=person,
                role=payload.role,
                assigned_on=payload.assigned_on,
            )
            return Status(201, EvaluationAssignmentOut.from_assignment(assignment))

        router.post(
            item + "/assignments",
            response={201: EvaluationAssignmentOut, **WRITE_ERRORS},
            summary=f"Assign someone to a {noun}",
            description="They gain evidence of practice on the sub-competencies it exercises.",
            operation_id=f"seccoop_evaluation_assign_{operation}",
        )(assign)


def _page(kind: Kind, queryset, page_query: PageQuery) -> dict:
    count = queryset.count()
    rows = queryset[page_query.offset : page_query.offset + page_query.limit]
    return {"count": count, "items": [serialize(kind, record) for record in rows]}


class EvaluationAssignmentIn(Schema):
    person: int = Field(description="The id of the person assigned.")
    role: str = Field(description="Such as evaluator or activity lead.")
    assigned_on: datetime.date | None = Field(None, description="Today if not given.")


class EvaluationAssignmentOut(Schema):
    id: int
    person: int
    role: str
    assigned_on: datetime.date

    @classmethod
    def from_assignment(cls, assignment):
        return cls(
            id=assignment.pk,
            person=assignment.person_id,
            role=assignment.role,
            assigned_on=assignment.assigned_on,
        )


for _kind in KINDS.values():
    _register(_kind)


# --- the recommendation workflow ---------------------------------------------------


class MoveIn(Schema):
    version: int = Field(description="The version read; 409 if it moved since.")
    note: str = Field("", description="Why; required to reject.")
    action_taken: str | None = Field(None, description="What was done; to mark it implemented.")


RecommendationOut = _out_schema(KINDS["recommendations"])


def _transition(name: str):
    def move(request, record_id: int, payload: MoveIn):
        recommendation = get_visible(
            request.user,
            Recommendation.objects.select_related("evaluation__initiative"),
            pk=record_id,
        )
        values = {}
        if payload.action_taken is not None and name == "implement":
            values["action_taken"] = payload.action_taken
        services.move_recommendation(
            user=request.user,
            recommendation=recommendation,
            name=name,
            note=payload.note,
            values=values,
            expected_version=payload.version,
        )
        return serialize(KINDS["recommendations"], recommendation)

    return move


for _transition_spec in services.RECOMMENDATION_WORKFLOW.transitions:
    router.post(
        "/evaluation/recommendations/{record_id}/" + _transition_spec.name,
        response={200: RecommendationOut, **CONFLICT_ERRORS},
        summary=f"{_transition_spec.label} a recommendation",
        description=f"From: {', '.join(_transition_spec.sources)}; 422 naming the state otherwise.",
        operation_id=f"seccoop_evaluation_{_transition_spec.name}_recommendation",
    )(_transition(_transition_spec.name))


# --- an indicator's trend ------------------------------------------------------


class PointOut(Schema):
    measured_on: datetime.date
    value: Decimal
    expected: Decimal = Field(
        description="What the straight course from baseline to target expects."
    )
    standing: str = Field(description="target-met, on-track or behind.")


class TrendOut(Schema):
    indicator: int
    baseline_value: Decimal
    baseline_on: datetime.date
    target_value: Decimal
    target_on: datetime.date
    standing: str = Field(description="Of the latest measurement; not-measured if none.")
    percent_of_target: int | None
    points: list[PointOut]


@router.get(
    "/evaluation/indicators/{record_id}/trend",
    response={200: TrendOut, **READ_ERRORS},
    summary="An indicator's measurements against its planned course",
)
def indicator_trend(request, record_id: int):
    indicator = get_visible(request.user, Indicator.objects.all(), pk=record_id)
    trend = services.trend(indicator)
    return TrendOut(
        indicator=indicator.pk,
        baseline_value=indicator.baseline_value,
        baseline_on=indicator.baseline_on,
        target_value=indicator.target_value,
        target_on=indicator.target_on,
        standing=str(trend.standing),
        percent_of_target=trend.percent_of_target,
        points=[
            PointOut(
                measured_on=p.measured_on,
                value=p.value,
                expected=p.expected,
                standing=str(p.standing),
            )
            for p in trend.points
        ],
    )
