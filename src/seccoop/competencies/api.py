"""The competency frameworks, read through the API: frameworks, scales, competencies."""

from uuid import UUID

from django.conf import settings
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from seccoop.competencies import mapping  # the model itself loads on first use
from seccoop.competencies.filters import CompetencyFilter
from seccoop.competencies.models import Competency, Framework
from seccoop.core.api import (
    LIST_ERRORS,
    READ_ERRORS,
    ErrorOut,
    LimitOffset,
    apply_filters,
    filter_parameters,
    get_visible,
)

router = Router(tags=["competencies"])


class LevelOut(Schema):
    value: int
    name: str
    descriptor: str


class ScaleOut(Schema):
    name: str
    proficient_value: int
    levels: list[LevelOut]

    @staticmethod
    def resolve_levels(obj):
        return list(obj.levels.all())


class FrameworkOut(Schema):
    slug: str
    title: str
    description: str
    version: str
    source: str
    identifier: UUID
    scale: ScaleOut


class CompetencyOut(Schema):
    code: str
    kind: str
    title: str
    description: str
    parent: str | None
    sort_order: int
    identifier: UUID

    @staticmethod
    def resolve_parent(obj):
        return obj.parent.code if obj.parent_id else None


class CompetencyDetailOut(CompetencyOut):
    framework: str
    children: list[str]

    @staticmethod
    def resolve_framework(obj):
        return obj.framework.slug

    @staticmethod
    def resolve_children(obj):
        return [child.code for child in obj.children.all()]


def _frameworks(user):
    return (
        Framework.objects.visible_to(user)
        .active()
        .select_related("scale")
        .prefetch_related("scale__levels")
    )


@router.get(
    "/frameworks",
    response={200: list[FrameworkOut], **LIST_ERRORS},
    summary="Competency frameworks",
)
@paginate(LimitOffset)
def list_frameworks(request):
    return _frameworks(request.user)


@router.get(
    "/frameworks/{slug}",
    response={200: FrameworkOut, **READ_ERRORS},
    summary="A framework and its proficiency scale",
)
def get_framework(request, slug: str):
    return get_visible(request.user, _frameworks(request.user), slug=slug)


CompetencyQuery = filter_parameters(CompetencyFilter)


@router.get(
    "/frameworks/{slug}/competencies",
    response={200: list[CompetencyOut], **READ_ERRORS, **LIST_ERRORS},
    summary="The competencies and sub-competencies of a framework",
)
@paginate(LimitOffset)
def list_competencies(request, slug: str, filters: Query[CompetencyQuery]):
    framework = get_visible(request.user, Framework.objects.active(), slug=slug)
    competencies = (
        Competency.objects.visible_to(request.user)
        .active()
        .filter(framework=framework)
        .select_related("parent")
        .order_by("sort_order", "code")
    )
    return apply_filters(CompetencyFilter, filters, competencies)


@router.get(
    "/frameworks/{slug}/competencies/{code}",
    response={200: CompetencyDetailOut, **READ_ERRORS},
    summary="One competency or sub-competency, by its code",
)
def get_competency(request, slug: str, code: str):
    framework = get_visible(request.user, Framework.objects.active(), slug=slug)
    return get_visible(
        request.user,
        Competency.objects.filter(framework=framework)
        .select_related("parent", "framework")
        .prefetch_related("children"),
        code=code,
    )


# --- text-to-competency mapping ----------------------------------------------------


class MappingIn(Schema):
    text: str = Field(..., min_length=1, max_length=4000, description="A description of work.")
    framework: str | None = Field(None, description="A framework slug (default: the default one).")
    top: int = Field(5, ge=1, le=20)


class MappingSuggestionOut(Schema):
    code: str
    score: float
    statement: str


class MappingOut(Schema):
    framework: str
    suggestions: list[MappingSuggestionOut]


@router.post(
    "/mapping/suggest",
    response={200: MappingOut, 400: ErrorOut, 503: ErrorOut, **READ_ERRORS, **LIST_ERRORS},
    summary="The sub-competencies a description of work most likely exercises",
)
def suggest_competencies(request, payload: MappingIn):
    slug = payload.framework or settings.SECCOOP_DEFAULT_FRAMEWORK
    framework = get_visible(request.user, Framework.objects.active(), slug=slug)
    try:
        found = mapping.suggest(framework, payload.text, top=payload.top)
    except mapping.MappingUnavailable as exc:
        raise HttpError(503, str(exc)) from exc
    return MappingOut(
        framework=framework.slug,
        suggestions=[
            MappingSuggestionOut(
                code=s.competency.code, score=s.score, statement=s.competency.label
            )
            for s in found
        ],
    )
