"""FilterSets of the foreign visit, exchange and end-use oversight lists."""

import django_filters

from seccoop.controls.filters import _search
from seccoop.controls.models import (
    ComplianceVisit,
    EndUseRequest,
    EndUseRequestKind,
    EndUseRequestOutcome,
    ForeignRepresentative,
    PotentialViolation,
    RepresentativeKind,
    VisitKind,
    VisitRequest,
    VisitState,
)
from seccoop.core.filters import FilterSet


class VisitRequestFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Visitors, host or purpose")
    state = django_filters.ChoiceFilter(choices=VisitState.choices, label="State")
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices, label="Kind")
    country = django_filters.CharFilter(field_name="country__iso_code", label="Country (ISO code)")

    class Meta:
        model = VisitRequest
        fields = ["q", "state", "kind", "country"]

    def search(self, queryset, name, value):
        return _search(queryset, ("visitors", "host_organization", "purpose", "reference"), value)


class RepresentativeFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Name, position or host")
    kind = django_filters.ChoiceFilter(choices=RepresentativeKind.choices, label="Kind")
    country = django_filters.CharFilter(field_name="country__iso_code", label="Country (ISO code)")

    class Meta:
        model = ForeignRepresentative
        fields = ["q", "kind", "country"]

    def search(self, queryset, name, value):
        return _search(queryset, ("name", "position", "host_organization"), value)


class ComplianceVisitFilter(FilterSet):
    country = django_filters.CharFilter(field_name="country__iso_code", label="Country (ISO code)")

    class Meta:
        model = ComplianceVisit
        fields = ["country"]


class EndUseRequestFilter(FilterSet):
    kind = django_filters.ChoiceFilter(choices=EndUseRequestKind.choices, label="Kind")
    outcome = django_filters.ChoiceFilter(choices=EndUseRequestOutcome.choices, label="Decision")

    class Meta:
        model = EndUseRequest
        fields = ["kind", "outcome"]


class ViolationFilter(FilterSet):
    country = django_filters.CharFilter(
        field_name="item__case__country__iso_code", label="Country (ISO code)"
    )

    class Meta:
        model = PotentialViolation
        fields = ["country"]
