"""FilterSets shared by the evaluation list pages, the API and the exports."""

import django_filters
from django.db.models import Q

from seccoop.core.filters import FilterSet
from seccoop.evaluation.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    AssessmentFramework,
    DocumentKind,
    Evaluation,
    GuidanceDocument,
    Indicator,
    IndicatorKind,
    Initiative,
    Lesson,
    LessonKind,
    LineOfEffort,
    Objective,
    ObjectiveLevel,
    Recommendation,
    RecommendationState,
    ResourceAllocation,
)


def _search(queryset, fields, value):
    for term in value.split():
        rule = Q()
        for name in fields:
            rule |= Q(**{f"{name}__icontains": term})
        queryset = queryset.filter(rule)
    return queryset


class SearchFilter(FilterSet):
    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        return _search(queryset, self.search_fields, value)


class ObjectiveFilter(SearchFilter):
    search_fields = ("code", "title", "description")
    q = django_filters.CharFilter(method="search", label="Code, title or description")
    level = django_filters.ChoiceFilter(choices=ObjectiveLevel.choices, label="Level")
    region = django_filters.CharFilter(field_name="region__code", label="Region (code)")
    country = django_filters.CharFilter(
        field_name="country__iso_code", lookup_expr="iexact", label="Country (ISO code)"
    )

    class Meta:
        model = Objective
        fields = ["q", "level", "region", "country"]


class DocumentFilter(SearchFilter):
    search_fields = ("title", "issuer", "summary")
    q = django_filters.CharFilter(method="search", label="Title, issuer or summary")
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, label="Kind")

    class Meta:
        model = GuidanceDocument
        fields = ["q", "kind"]


class ActivityFilter(SearchFilter):
    search_fields = ("title", "description")
    q = django_filters.CharFilter(method="search", label="Title or description")
    country = django_filters.CharFilter(
        field_name="country__iso_code", lookup_expr="iexact", label="Country (ISO code)"
    )
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices, label="Kind")
    line_of_effort = django_filters.ChoiceFilter(
        choices=LineOfEffort.choices, label="Line of effort"
    )
    status = django_filters.ChoiceFilter(choices=ActivityStatus.choices, label="Status")
    objective = django_filters.CharFilter(method="serving", label="Objective (code)")

    class Meta:
        model = Activity
        fields = ["q", "country", "kind", "line_of_effort", "status", "objective"]

    def serving(self, queryset, name, value):
        return queryset.filter(
            pk__in=Activity.objectives.through.objects.filter(objective__code=value).values(
                "activity_id"
            )
        )


class ResourceFilter(FilterSet):
    objective = django_filters.CharFilter(field_name="objective__code", label="Objective (code)")
    fiscal_year = django_filters.NumberFilter(label="Fiscal year")

    class Meta:
        model = ResourceAllocation
        fields = ["objective", "fiscal_year"]


class InitiativeFilter(SearchFilter):
    search_fields = ("title", "description")
    q = django_filters.CharFilter(method="search", label="Title or description")
    country = django_filters.CharFilter(
        field_name="country__iso_code", lookup_expr="iexact", label="Country (ISO code)"
    )

    class Meta:
        model = Initiative
        fields = ["q", "country"]


class IndicatorFilter(SearchFilter):
    search_fields = ("name",)
    q = django_filters.CharFilter(method="search", label="Name")
    kind = django_filters.ChoiceFilter(choices=IndicatorKind.choices, label="Kind")
    initiative = django_filters.NumberFilter(field_name="initiative_id", label="Initiative (id)")

    class Meta:
        model = Indicator
        fields = ["q", "kind", "initiative"]


class EvaluationFilter(FilterSet):
    initiative = django_filters.NumberFilter(field_name="initiative_id", label="Initiative (id)")

    class Meta:
        model = Evaluation
        fields = ["initiative"]


class RecommendationFilter(SearchFilter):
    search_fields = ("text", "action_taken")
    q = django_filters.CharFilter(method="search", label="Text")
    state = django_filters.ChoiceFilter(choices=RecommendationState.choices, label="State")

    class Meta:
        model = Recommendation
        fields = ["q", "state"]


class LessonFilter(SearchFilter):
    # Lessons are searched in everything they say, and in the names of where they came from.
    search_fields = (
        "title",
        "observation",
        "recommendation",
        "initiative__title",
        "activity__title",
        "engagement__title",
    )
    q = django_filters.CharFilter(method="search", label="Words in the lesson or its source")
    kind = django_filters.ChoiceFilter(choices=LessonKind.choices, label="Kind")

    class Meta:
        model = Lesson
        fields = ["q", "kind"]


class FrameworkFilter(SearchFilter):
    search_fields = ("name", "organization", "description")
    q = django_filters.CharFilter(method="search", label="Name or organization")

    class Meta:
        model = AssessmentFramework
        fields = ["q"]
