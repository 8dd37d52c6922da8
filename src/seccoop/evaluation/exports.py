"""Export of objectives, indicators and measurements, with the import's columns.

Every signed-in member of staff reads these records, so an export holds every
active row; the operator at the command line (user=None) gets the same.
Each table costs a fixed number of queries, whatever its size.
"""

from __future__ import annotations

from seccoop.core import permissions
from seccoop.core.exports import Sheet
from seccoop.core.imports import export_key
from seccoop.evaluation import imports
from seccoop.evaluation.models import (
    GuidanceDocument,
    Indicator,
    Initiative,
    Measurement,
    Objective,
)

KINDS = tuple(imports.IMPORTERS)


def _visible(user, queryset):
    queryset = queryset.active()
    return queryset if user is None else permissions.visible_to(user, queryset)


def _objectives(user):
    rows = (
        _visible(user, Objective.objects.all())
        .order_by("priority", "code")
        .values_list(
            "code",
            "title",
            "level",
            "priority",
            "region__code",
            "country__iso_code",
            "supports__code",
            "document__external_id",
            "starts_on",
            "ends_on",
            "description",
            "document_id",
        )
    )
    for *values, document_id in rows.iterator(chunk_size=2000):
        values[7] = export_key(GuidanceDocument, values[7], document_id)
        yield values


def _indicators(user):
    rows = (
        _visible(user, Indicator.objects.all())
        .order_by("initiative__external_id", "name", "pk")
        .values_list(
            "external_id",
            "initiative__external_id",
            "name",
            "kind",
            "unit",
            "direction",
            "baseline_value",
            "baseline_on",
            "target_value",
            "target_on",
            "pk",
            "initiative_id",
        )
    )
    for external_id, initiative, *values, pk, initiative_id in rows.iterator(chunk_size=2000):
        yield (
            export_key(Indicator, external_id, pk),
            export_key(Initiative, initiative, initiative_id),
            *values,
        )


def _measurements(user):
    rows = (
        _visible(user, Measurement.objects.all())
        .order_by("indicator__external_id", "measured_on", "pk")
        .values_list("indicator__external_id", "measured_on", "value", "note", "indicator_id")
    )
    for indicator, *values, indicator_id in rows.iterator(chunk_size=2000):
        yield (export_key(Indicator, indicator, indicator_id), *values)


TABLES = {"objectives": _objectives, "indicators": _indicators, "measurements": _measurements}


def export_table(kind: str, *, user=None) -> Sheet:
    """One table, as the rows this user may see (everything for user=None)."""
    if kind not in TABLES:
        raise ValueError(f"Unknown table {kind!r}; choose one of {', '.join(TABLES)}.")
    headers = [column.name for column in imports.IMPORTERS[kind].columns]
    return Sheet(name=kind, headers=headers, rows=TABLES[kind](user), exported_by=user)
