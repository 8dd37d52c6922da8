"""FilterSets of core records, shared by the pages, the API and the exports."""

import datetime

import django_filters
from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from seccoop.core.models import AuditAction, AuditEntry


def recorded_models() -> list[tuple[str, str]]:
    """The kinds of record whose changes the audit log holds (those that keep history)."""
    return sorted(
        (
            (model._meta.label_lower, str(model._meta.verbose_name).capitalize())
            for model in apps.get_models()
            if hasattr(model, "history") and not model.__name__.startswith("Historical")
        ),
        key=lambda choice: choice[1],
    )


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditEntryFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        field_name="actor_username",
        lookup_expr="iexact",
        label="User name",
        widget=forms.TextInput(attrs={"class": "usa-input"}),
    )
    action = django_filters.ChoiceFilter(
        choices=AuditAction.choices,
        empty_label="Any action",
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    model = django_filters.ChoiceFilter(
        choices=recorded_models,
        empty_label="Any kind of record",
        label="Kind of record",
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    # Whole days in the deployment's time zone, compared with the indexed
    # timestamp itself (not its date) so that the index on `at` serves them.
    since = django_filters.DateFilter(
        method="on_or_after",
        label="From (date)",
        widget=forms.DateInput(attrs={"class": "usa-input", "type": "date"}),
    )
    until = django_filters.DateFilter(
        method="on_or_before",
        label="To (date)",
        widget=forms.DateInput(attrs={"class": "usa-input", "type": "date"}),
    )
    q = django_filters.CharFilter(
        method="search",
        label="Text",
        widget=forms.TextInput(attrs={"class": "usa-input"}),
    )

    class Meta:
        model = AuditEntry
        fields = ["actor", "action", "model", "since", "until", "q"]

    def on_or_after(self, queryset, name, value):
        return queryset.filter(at__gte=_start_of(value))

    def on_or_before(self, queryset, name, value):
        return queryset.filter(at__lt=_start_of(value + datetime.timedelta(days=1)))

    def search(self, queryset, name, value):
        # No index serves a substring search; the other filters narrow it first.
        for term in value.split():
            queryset = queryset.filter(
                Q(object_label__icontains=term)
                | Q(actor_username__icontains=term)
                | Q(detail__icontains=term)
                | Q(path__icontains=term)
                | Q(file_name__icontains=term)
                | Q(kind__icontains=term)
                | Q(object_id=term)
            )
        return queryset
