"""FilterSets shared by the development pages, the API and the exports."""

import django_filters
from django.db.models import Q

from seccoop.competencies.models import Competency, CompetencyKind
from seccoop.core.filters import FilterSet
from seccoop.development.models import (
    CertificationLevel,
    Course,
    Decision,
    Delivery,
    DevelopmentActivity,
    MappingDecision,
)


class CourseFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Title, provider or description")
    level = django_filters.ChoiceFilter(choices=CertificationLevel.choices, label="Level")
    delivery = django_filters.ChoiceFilter(choices=Delivery.choices, label="Delivery")
    competency = django_filters.ModelChoiceFilter(
        field_name="builds__competency",
        queryset=Competency.objects.filter(kind=CompetencyKind.SUB_COMPETENCY),
        to_field_name="code",
        label="Builds (sub-competency code)",
        method="builds",
    )
    unmapped = django_filters.BooleanFilter(
        field_name="builds", lookup_expr="isnull", label="Without a mapping", distinct=True
    )

    class Meta:
        model = Course
        fields = ["q", "level", "delivery", "competency", "unmapped"]

    def search(self, queryset, name, value):
        for term in value.split():
            queryset = queryset.filter(
                Q(title__icontains=term)
                | Q(provider__icontains=term)
                | Q(description__icontains=term)
            )
        return queryset

    def builds(self, queryset, name, value):
        return queryset.filter(builds__competency=value, builds__archived_at__isnull=True)


class ActivityFilter(FilterSet):
    person = django_filters.NumberFilter(field_name="plan__person", label="Person (id)")
    done = django_filters.BooleanFilter(
        field_name="completed_on", lookup_expr="isnull", exclude=True, label="Completed"
    )

    class Meta:
        model = DevelopmentActivity
        fields = ["person", "done"]


class DecisionFilter(FilterSet):
    course = django_filters.NumberFilter(field_name="course", label="Course (id)")
    decision = django_filters.ChoiceFilter(choices=Decision.choices, label="Decision")

    class Meta:
        model = MappingDecision
        fields = ["course", "decision"]
