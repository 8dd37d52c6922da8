"""FilterSets of core records, shared by the pages, the API and the exports."""

import datetime

import django_filters
from django import forms
from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_filters.utils import get_model_field

from seccoop.core.models import AuditAction, AuditEntry

# The whole numbers both databases store (SQLite fails on anything wider).
SMALLEST_INTEGER, LARGEST_INTEGER = -(2**63), 2**63 - 1


def _whole_number_field(model, field_name: str) -> bool:
    field = get_model_field(model, field_name) if model is not None else None
    if field is not None and field.is_relation:
        field = field.target_field
    return isinstance(field, models.IntegerField | models.AutoField)


class FilterSet(django_filters.FilterSet):
    """The base of every FilterSet of the pages and the API.

    A number filter takes numbers within the range both databases store, and
    one on a whole-number field (an id, a year) takes whole numbers only; so
    `?person=99999999999999999999` is refused naming the parameter, as any
    other bad value is, instead of failing in the database.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if not isinstance(filter_, django_filters.NumberFilter):
                continue
            if _whole_number_field(self._meta.model, filter_.field_name):
                filter_.field_class = forms.IntegerField
            filter_.extra.update(min_value=SMALLEST_INTEGER, max_value=LARGEST_INTEGER)
            # The form field is built on first use; drop one built before the change.
            filter_.__dict__.pop("_field", None)


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


class AuditEntryFilterForm(forms.Form):
    """The audit log's filters; a date range that ends before it starts is refused."""

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error(
                "until",
                f"{until:%d %b %Y} is before the start of the range ({since:%d %b %Y}).",
            )
        return cleaned


class AuditEntryFilter(FilterSet):
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

    object_id = django_filters.CharFilter(
        label="Record number",
        help_text="With a kind of record: the entries of that one record.",
        widget=forms.TextInput(attrs={"class": "usa-input", "inputmode": "numeric"}),
    )

    class Meta:
        model = AuditEntry
        form = AuditEntryFilterForm
        fields = ["actor", "action", "model", "object_id", "since", "until", "q"]

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
