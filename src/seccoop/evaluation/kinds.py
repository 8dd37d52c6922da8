"""The kinds of evaluation record, described once for the pages, the forms and the API.

Each kind names its model, the URL segment of its pages and API paths, the
fields people edit (plain fields, then many-to-many links), the columns of
its list and, for a record that belongs to another (an indicator to an
initiative), the field naming its parent. Pages and API endpoints are built
from these descriptions, so every kind gets the same list, detail, create,
edit and assignment behaviour, and the same permission checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from seccoop.evaluation import filters
from seccoop.evaluation.models import (
    Activity,
    AssessmentFramework,
    Criterion,
    DocumentVersion,
    Evaluation,
    GuidanceDocument,
    Indicator,
    InitialAssessment,
    Initiative,
    InvestmentReturn,
    Lesson,
    Measurement,
    Objective,
    Recommendation,
    ResourceAllocation,
)


@dataclass(frozen=True)
class Kind:
    model: type[models.Model]
    slug: str  # URL segment: /evaluation/<slug>/ and /api/v1/evaluation/<slug>
    plural: str
    fields: tuple[str, ...]  # editable fields, in form order
    links: tuple[str, ...] = ()  # editable many-to-many fields
    columns: tuple[str, ...] = ()  # list columns after the first (the record itself)
    parent: str | None = None  # the field naming the record it belongs to
    select: tuple[str, ...] = ()  # select_related for lists and pages
    filterset: type | None = None
    # Shown in the top navigation of the area (kinds that belong to another are reached from it).
    listed: bool = True
    # Fields a workflow sets; the edit form leaves them out.
    workflow_fields: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def label(self) -> str:
        return self.name[:1].upper() + self.name[1:]


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in (
        Kind(
            Objective,
            "objectives",
            "Objectives",
            fields=(
                "code",
                "title",
                "level",
                "priority",
                "description",
                "document",
                "supports",
                "region",
                "country",
                "starts_on",
                "ends_on",
            ),
            links=("engagements", "programs", "cases"),
            columns=("level", "priority", "region", "country"),
            select=("region", "country", "document", "supports"),
            filterset=filters.ObjectiveFilter,
        ),
        Kind(
            GuidanceDocument,
            "documents",
            "Policies and guidance",
            fields=(
                "title",
                "kind",
                "issuer",
                "region",
                "summary",
                "external_id",
                "classification",
                "cui_categories",
            ),
            links=("releasable_to",),
            columns=("kind", "issuer", "region"),
            select=("region",),
            filterset=filters.DocumentFilter,
        ),
        Kind(
            DocumentVersion,
            "document-versions",
            "Document versions",
            fields=("document", "number", "issued_on", "changes", "link"),
            columns=("issued_on",),
            parent="document",
            select=("document",),
            listed=False,
        ),
        Kind(
            Activity,
            "activities",
            "Activities",
            fields=(
                "title",
                "country",
                "kind",
                "line_of_effort",
                "status",
                "starts_on",
                "ends_on",
                "priority",
                "estimated_cost",
                "description",
                "external_id",
            ),
            links=("objectives", "depends_on"),
            columns=("country", "line_of_effort", "starts_on", "status", "priority"),
            select=("country",),
            filterset=filters.ActivityFilter,
        ),
        Kind(
            ResourceAllocation,
            "resources",
            "Resources",
            fields=(
                "objective",
                "fiscal_year",
                "kind",
                "amount",
                "rank",
                "country",
                "activity",
                "initiative",
                "source",
            ),
            columns=("fiscal_year", "kind", "amount", "rank", "country"),
            parent="objective",
            select=("objective", "country", "activity", "initiative"),
            filterset=filters.ResourceFilter,
        ),
        Kind(
            Initiative,
            "initiatives",
            "Initiatives",
            fields=(
                "title",
                "description",
                "program",
                "case_line",
                "country",
                "framework",
                "starts_on",
                "ends_on",
                "external_id",
            ),
            links=("activities", "objectives"),
            columns=("country", "starts_on", "framework"),
            select=("country", "framework", "program", "case_line", "case_line__case"),
            filterset=filters.InitiativeFilter,
        ),
        Kind(
            InitialAssessment,
            "initial-assessments",
            "Initial assessments",
            fields=("initiative", "assessed_on", "assessed_by", "findings", "baseline"),
            columns=("assessed_on",),
            parent="initiative",
            select=("initiative", "assessed_by"),
            listed=False,
        ),
        Kind(
            Indicator,
            "indicators",
            "Indicators",
            fields=(
                "initiative",
                "name",
                "kind",
                "unit",
                "direction",
                "baseline_value",
                "baseline_on",
                "target_value",
                "target_on",
                "external_id",
            ),
            columns=("kind", "unit", "baseline_value", "target_value", "target_on"),
            parent="initiative",
            select=("initiative",),
            filterset=filters.IndicatorFilter,
        ),
        Kind(
            Measurement,
            "measurements",
            "Measurements",
            fields=("indicator", "measured_on", "value", "note"),
            columns=("measured_on", "value"),
            parent="indicator",
            select=("indicator", "indicator__initiative"),
            listed=False,
        ),
        Kind(
            Evaluation,
            "evaluations",
            "Evaluations",
            fields=(
                "initiative",
                "evaluated_on",
                "evaluator",
                "relevance",
                "effectiveness",
                "supportability",
                "sustainability",
                "findings",
            ),
            columns=(
                "evaluated_on",
                "relevance",
                "effectiveness",
                "supportability",
                "sustainability",
            ),
            parent="initiative",
            select=("initiative", "evaluator"),
            filterset=filters.EvaluationFilter,
        ),
        Kind(
            InvestmentReturn,
            "returns",
            "Returns on investment",
            fields=("initiative", "assessed_on", "investment", "benefit", "benefits_described"),
            columns=("assessed_on", "investment", "benefit"),
            parent="initiative",
            select=("initiative",),
            listed=False,
        ),
        Kind(
            Recommendation,
            "recommendations",
            "Recommendations",
            fields=("evaluation", "text", "owner", "due_on", "action_taken"),
            columns=("state", "owner", "due_on"),
            parent="evaluation",
            select=("evaluation", "evaluation__initiative", "owner"),
            filterset=filters.RecommendationFilter,
            workflow_fields=("state",),
        ),
        Kind(
            Lesson,
            "lessons",
            "Lessons and best practices",
            fields=(
                "title",
                "kind",
                "recorded_on",
                "observation",
                "recommendation",
                "initiative",
                "evaluation",
                "activity",
                "engagement",
                "organization",
            ),
            columns=("kind", "recorded_on", "initiative"),
            select=("initiative", "evaluation", "activity", "engagement", "organization"),
            filterset=filters.LessonFilter,
        ),
        Kind(
            AssessmentFramework,
            "frameworks",
            "Assessment frameworks",
            fields=("name", "organization", "description", "methodology"),
            columns=("organization",),
            filterset=filters.FrameworkFilter,
        ),
        Kind(
            Criterion,
            "criteria",
            "Criteria",
            fields=("framework", "dimension", "name", "definition", "weight"),
            columns=("dimension", "weight"),
            parent="framework",
            select=("framework",),
            listed=False,
        ),
    )
}

KIND_OF_MODEL: dict[type[models.Model], Kind] = {kind.model: kind for kind in KINDS.values()}


# The records shown on a record's page under it: (heading, kind slug, the field pointing back).
CHILDREN: dict[str, list[tuple[str, str, str]]] = {
    "documents": [("Versions", "document-versions", "document")],
    "objectives": [("Resources", "resources", "objective")],
    "initiatives": [
        ("Initial assessment", "initial-assessments", "initiative"),
        ("Indicators", "indicators", "initiative"),
        ("Evaluations", "evaluations", "initiative"),
        ("Returns on investment", "returns", "initiative"),
        ("Lessons and best practices", "lessons", "initiative"),
        ("Resources", "resources", "initiative"),
    ],
    "indicators": [("Measurements", "measurements", "indicator")],
    "evaluations": [
        ("Recommendations", "recommendations", "evaluation"),
        ("Lessons and best practices", "lessons", "evaluation"),
    ],
    "frameworks": [("Criteria", "criteria", "framework")],
    "activities": [
        ("Resources", "resources", "activity"),
        ("Lessons and best practices", "lessons", "activity"),
    ],
}
