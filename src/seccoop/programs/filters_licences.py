"""The FilterSet of export licences, shared by the licence list and the API."""

import django_filters
from django.db.models import Q

from seccoop.core.filters import FilterSet
from seccoop.programs.models import ExportLicence, LicenceKind, LicenceState
from seccoop.programs.models.licences import OPEN_LICENCE_STATES


class LicenceFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Reference, commodity or applicant")
    kind = django_filters.ChoiceFilter(choices=LicenceKind.choices, label="Kind of licence")
    state = django_filters.ChoiceFilter(choices=LicenceState.choices, label="State")
    country = django_filters.CharFilter(
        field_name="country__iso_code", lookup_expr="iexact", label="Country (ISO code)"
    )
    open = django_filters.BooleanFilter(method="only_open", label="Open licences only")

    class Meta:
        model = ExportLicence
        fields = ["q", "kind", "state", "country", "open"]

    def search(self, queryset, name, value):
        for term in value.split():
            queryset = queryset.filter(
                Q(reference__icontains=term)
                | Q(commodity__icontains=term)
                | Q(applicant__icontains=term)
            )
        return queryset

    def only_open(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(state__in=OPEN_LICENCE_STATES)
        return queryset.exclude(state__in=OPEN_LICENCE_STATES)
