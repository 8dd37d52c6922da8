"""FilterSets shared by the logistics pages and the API."""

import django_filters
from django.db.models import Q

from seccoop.core.filters import FilterSet
from seccoop.logistics.models import (
    Acsa,
    AcsaKind,
    AcsaOrder,
    AcsaStatus,
    ArrangementKind,
    ArrangementStatus,
    Direction,
    PaymentMethod,
    SupplyArrangement,
    SupportCategory,
)


class AcsaFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Reference or title")
    country = django_filters.CharFilter(field_name="country__iso_code", label="Country (ISO code)")
    kind = django_filters.ChoiceFilter(choices=AcsaKind.choices, label="Kind")
    status = django_filters.ChoiceFilter(choices=AcsaStatus.choices, label="Status")

    class Meta:
        model = Acsa
        fields = ["q", "country", "kind", "status"]

    def search(self, queryset, name, value):
        for term in value.split():
            queryset = queryset.filter(Q(identifier__icontains=term) | Q(title__icontains=term))
        return queryset


class AcsaOrderFilter(FilterSet):
    """Filters orders annotated by `services.with_balances` (for `past_due` and `open`)."""

    q = django_filters.CharFilter(method="search", label="Number or description")
    country = django_filters.CharFilter(
        field_name="acsa__country__iso_code", label="Country (ISO code)"
    )
    direction = django_filters.ChoiceFilter(choices=Direction.choices, label="Direction")
    category = django_filters.ChoiceFilter(choices=SupportCategory.choices, label="Category")
    payment_method = django_filters.ChoiceFilter(
        choices=PaymentMethod.choices, label="Payment method"
    )
    open = django_filters.BooleanFilter(method="is_open", label="With a balance still open")
    past_due = django_filters.BooleanFilter(
        field_name="past_due", label="Past its reconciliation day"
    )

    class Meta:
        model = AcsaOrder
        fields = ["q", "country", "direction", "category", "payment_method", "open", "past_due"]

    def search(self, queryset, name, value):
        for term in value.split():
            queryset = queryset.filter(Q(number__icontains=term) | Q(description__icontains=term))
        return queryset

    def is_open(self, queryset, name, value):
        return queryset.filter(open_balance__gt=0) if value else queryset.filter(open_balance=0)


class SupplyArrangementFilter(FilterSet):
    country = django_filters.CharFilter(field_name="country__iso_code", label="Country (ISO code)")
    kind = django_filters.ChoiceFilter(choices=ArrangementKind.choices, label="Kind")
    status = django_filters.ChoiceFilter(choices=ArrangementStatus.choices, label="Status")

    class Meta:
        model = SupplyArrangement
        fields = ["country", "kind", "status"]
