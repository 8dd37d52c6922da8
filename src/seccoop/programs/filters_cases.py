"""The FilterSet of cases, shared by the case list, the API and the export."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from seccoop.core.filters import FilterSet
from seccoop.programs.models import Case, CaseKind, CaseState, ImplementingAgency
from seccoop.programs.models.cases import CLOSURE_STATES, OPEN_STATES
from seccoop.workforce.models import Assignment


class CaseFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Identifier or title")
    kind = django_filters.ChoiceFilter(choices=CaseKind.choices, label="Kind of case")
    state = django_filters.ChoiceFilter(choices=CaseState.choices, label="State")
    country = django_filters.CharFilter(
        field_name="country__iso_code", lookup_expr="iexact", label="Country (ISO code)"
    )
    implementing_agency = django_filters.ChoiceFilter(
        choices=ImplementingAgency.choices, label="Implementing agency"
    )
    open = django_filters.BooleanFilter(method="only_open", label="Open cases only")
    overdue = django_filters.BooleanFilter(method="only_overdue", label="Overdue clocks only")
    assignee = django_filters.NumberFilter(
        method="assigned_to", label="Assigned to (person id)", min_value=1
    )

    class Meta:
        model = Case
        fields = [
            "q",
            "kind",
            "state",
            "country",
            "implementing_agency",
            "open",
            "overdue",
            "assignee",
        ]

    def assigned_to(self, queryset, name, value):
        return queryset.filter(
            pk__in=Assignment.objects.open()
            .filter(person_id=value, source_type=ContentType.objects.get_for_model(Case))
            .values("source_id")
        )

    def search(self, queryset, name, value):
        for term in value.split():
            queryset = queryset.filter(Q(identifier__icontains=term) | Q(title__icontains=term))
        return queryset

    def only_open(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(state__in=OPEN_STATES)
            if value
            else queryset.exclude(state__in=OPEN_STATES)
        )

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        return queryset.filter(
            Q(state__in=(CaseState.PROPOSED, CaseState.OFFERED), offer_expires_on__lt=today)
            | Q(state__in=CLOSURE_STATES, closure_due_on__lt=today)
        )
