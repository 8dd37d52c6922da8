"""FilterSets shared by the workforce pages, the API and the exports."""

import django_filters
from django.db.models import Q

from seccoop.core.filters import FilterSet
from seccoop.workforce.models import OrgUnit, Person, Position, Rating, RatingSource, RoleType


class PersonFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or email")
    org_unit = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.active(), method="in_unit", label="Org unit (and below)"
    )
    role_type = django_filters.ModelChoiceFilter(
        field_name="position__role_type", queryset=RoleType.objects.active(), label="Role type"
    )

    class Meta:
        model = Person
        fields = ["q", "org_unit", "role_type"]

    def search(self, queryset, name, value):
        terms = value.split()
        for term in terms:
            queryset = queryset.filter(
                Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
                | Q(email__icontains=term)
            )
        return queryset

    def in_unit(self, queryset, name, value):
        return queryset.filter(
            Q(position__org_unit__path__startswith=value.path)
            | Q(org_unit__path__startswith=value.path)
        ).distinct()


class PositionFilter(FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Title")
    org_unit = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.active(), method="in_unit", label="Org unit (and below)"
    )
    role_type = django_filters.ModelChoiceFilter(queryset=RoleType.objects.active())
    vacant = django_filters.BooleanFilter(field_name="incumbent", lookup_expr="isnull")

    class Meta:
        model = Position
        fields = ["q", "org_unit", "role_type", "vacant"]

    def in_unit(self, queryset, name, value):
        return queryset.filter(org_unit__path__startswith=value.path)


class OrgUnitFilter(FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name")
    parent = django_filters.ModelChoiceFilter(queryset=OrgUnit.objects.active())

    class Meta:
        model = OrgUnit
        fields = ["q", "parent", "kind"]


class RatingFilter(FilterSet):
    person = django_filters.NumberFilter(field_name="person_id")
    competency = django_filters.CharFilter(field_name="competency__code", label="Code")
    source = django_filters.ChoiceFilter(choices=RatingSource.choices)
    rated_after = django_filters.DateFilter(field_name="rated_on", lookup_expr="gte")
    rated_before = django_filters.DateFilter(field_name="rated_on", lookup_expr="lte")

    class Meta:
        model = Rating
        fields = ["person", "competency", "source", "cycle", "rated_after", "rated_before"]
