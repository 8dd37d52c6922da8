"""FilterSets of programs and agreements, shared by the pages, the API and the exports."""

import django_filters
from django.db.models import Q

from seccoop.core.filters import FilterSet
from seccoop.programs.models import (
    Agreement,
    AgreementState,
    AgreementType,
    Program,
    ProgramKind,
    ProgramState,
)


def _search(queryset, fields, value):
    for term in value.split():
        rule = Q()
        for name in fields:
            rule |= Q(**{f"{name}__icontains": term})
        queryset = queryset.filter(rule)
    return queryset


def _in_country(queryset, value):
    model = queryset.model
    return queryset.filter(
        pk__in=model.countries.through.objects.filter(country__iso_code__iexact=value).values(
            f"{model._meta.model_name}_id"
        )
    )


class ProgramFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or description")
    kind = django_filters.ChoiceFilter(choices=ProgramKind.choices, label="Kind")
    state = django_filters.ChoiceFilter(choices=ProgramState.choices, label="State")
    country = django_filters.CharFilter(method="in_country", label="Country (ISO code)")
    fiscal_year = django_filters.NumberFilter(label="Fiscal year")

    class Meta:
        model = Program
        fields = ["q", "kind", "state", "country", "fiscal_year"]

    def search(self, queryset, name, value):
        return _search(queryset, ("name", "description", "external_id"), value)

    def in_country(self, queryset, name, value):
        return _in_country(queryset, value)


class AgreementFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Title or legal authority")
    agreement_type = django_filters.ModelChoiceFilter(
        queryset=AgreementType.objects.active(), to_field_name="slug", label="Type"
    )
    state = django_filters.ChoiceFilter(choices=AgreementState.choices, label="State")
    country = django_filters.CharFilter(method="in_country", label="Country (ISO code)")
    program = django_filters.NumberFilter(field_name="program_id", label="Program (id)")
    expires_before = django_filters.DateFilter(
        field_name="expires_on", lookup_expr="lte", label="Expires on or before"
    )

    class Meta:
        model = Agreement
        fields = ["q", "agreement_type", "state", "country", "program", "expires_before"]

    def search(self, queryset, name, value):
        return _search(
            queryset, ("title", "authority__citation", "authority_note", "external_id"), value
        )

    def in_country(self, queryset, name, value):
        return _in_country(queryset, value)
