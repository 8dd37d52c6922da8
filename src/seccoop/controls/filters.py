"""FilterSets shared by the controls pages, the API and the exports."""

import django_filters
from django.db.models import Q

from seccoop.controls.models import (
    AgreementKind,
    AgreementStatus,
    ConstraintKind,
    ConstraintStatus,
    DelegationOfDisclosureAuthority,
    DisclosureCategory,
    DisclosureRequest,
    DisclosureReview,
    DisclosureState,
    EndUseItem,
    ExecutionConstraint,
    MonitoringLevel,
    Nominee,
    NomineeKind,
    SecurityAgreement,
)
from seccoop.core.filters import FilterSet


def _search(queryset, fields, value):
    for term in value.split():
        rule = Q()
        for name in fields:
            rule |= Q(**{f"{name}__icontains": term})
        queryset = queryset.filter(rule)
    return queryset


class DisclosureRequestFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Title or description")
    state = django_filters.ChoiceFilter(choices=DisclosureState.choices, label="State")
    category = django_filters.ChoiceFilter(choices=DisclosureCategory.choices, label="Category")
    country = django_filters.CharFilter(
        field_name="countries__iso_code", label="Country (ISO code)", distinct=True
    )
    reviewer = django_filters.NumberFilter(
        method="reviewed_by", label="With an open review by (person id)", min_value=1
    )

    class Meta:
        model = DisclosureRequest
        fields = ["q", "state", "category", "country", "reviewer"]

    def reviewed_by(self, queryset, name, value):
        return queryset.filter(
            pk__in=DisclosureReview.objects.filter(
                reviewer_id=value, completed_on__isnull=True, archived_at__isnull=True
            ).values("request_id")
        )

    def search(self, queryset, name, value):
        return _search(queryset, ("title", "description", "external_id"), value)


class DelegationFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Title or program")
    current = django_filters.BooleanFilter(
        field_name="superseded_on", lookup_expr="isnull", label="Current versions only"
    )

    class Meta:
        model = DelegationOfDisclosureAuthority
        fields = ["q", "current"]

    def search(self, queryset, name, value):
        return _search(queryset, ("title", "program__name"), value)


class SecurityAgreementFilter(FilterSet):
    country = django_filters.CharFilter(field_name="country__iso_code", label="Country (ISO code)")
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices, label="Kind")
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices, label="Status")

    class Meta:
        model = SecurityAgreement
        fields = ["country", "kind", "status"]


class EndUseItemFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Description or serial number")
    monitoring = django_filters.ChoiceFilter(choices=MonitoringLevel.choices, label="Monitoring")
    case = django_filters.CharFilter(field_name="case__identifier", label="Case identifier")
    country = django_filters.CharFilter(
        field_name="case__country__iso_code", label="Country (ISO code)"
    )

    class Meta:
        model = EndUseItem
        fields = ["q", "monitoring", "case", "country"]

    def search(self, queryset, name, value):
        return _search(queryset, ("description", "serial_number", "external_id"), value)


class NomineeFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or unit")
    kind = django_filters.ChoiceFilter(choices=NomineeKind.choices, label="Kind")
    country = django_filters.CharFilter(field_name="country__iso_code", label="Country (ISO code)")

    class Meta:
        model = Nominee
        fields = ["q", "kind", "country"]

    def search(self, queryset, name, value):
        return _search(queryset, ("name", "unit"), value)


class ConstraintFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Title or plan")
    kind = django_filters.ChoiceFilter(choices=ConstraintKind.choices, label="Kind")
    status = django_filters.ChoiceFilter(choices=ConstraintStatus.choices, label="Status")

    class Meta:
        model = ExecutionConstraint
        fields = ["q", "kind", "status"]

    def search(self, queryset, name, value):
        return _search(queryset, ("title", "description", "plan_reference"), value)
