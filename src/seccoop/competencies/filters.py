"""FilterSets shared by the framework browser and the API."""

import django_filters
from django.db.models import Q

from seccoop.competencies.models import Competency, CompetencyKind
from seccoop.core.filters import FilterSet


class CompetencyFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Search code, title or text")
    kind = django_filters.ChoiceFilter(choices=CompetencyKind.choices)

    class Meta:
        model = Competency
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        for term in value.split():
            queryset = queryset.filter(
                Q(code__iexact=term) | Q(title__icontains=term) | Q(description__icontains=term)
            )
        return queryset
