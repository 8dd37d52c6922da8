"""Export of disclosure requests and end-use items, with the import's columns.

A user gets the rows the controls policy lets them see; the operator at
the command line (user=None) gets everything. A fixed number of queries per
table, whatever its size.
"""

from __future__ import annotations

from seccoop.controls import imports
from seccoop.controls.models import DisclosureRequest, EndUseItem
from seccoop.core import permissions
from seccoop.core.exports import Sheet
from seccoop.partners.exports import _links

KINDS = tuple(imports.IMPORTERS)


def _visible(user, queryset):
    queryset = queryset.active()
    return queryset if user is None else permissions.visible_to(user, queryset)


def _requests(user):
    rows = list(
        _visible(user, DisclosureRequest.objects.all())
        .order_by("submitted_on", "pk")
        .values_list(
            "pk", "external_id", "title", "category", "submitted_on", "description",
            "classification", "cui_categories", "case__identifier", "program__name",
            "agreement__title", "visit_description", "state",
        )
    )  # fmt: skip
    ids = [row[0] for row in rows]
    countries = _links(DisclosureRequest.countries, ids, "iso_code")
    releasable = _links(DisclosureRequest.releasable_to, ids, "iso_code")
    return [
        (
            external_id or f"DR-{pk}", title, category, countries.get(pk, ""), submitted_on,
            description, classification, cui, releasable.get(pk, ""), case or "", program or "",
            agreement or "", visit, state,
        )
        for pk, external_id, title, category, submitted_on, description, classification, cui,
        case, program, agreement, visit, state in rows
    ]  # fmt: skip


def _items(user):
    return [
        (external_id or f"EUI-{pk}", *values)
        for pk, external_id, *values in _visible(user, EndUseItem.objects.all())
        .order_by("case__identifier", "pk")
        .values_list(
            "pk",
            "external_id",
            "case__identifier",
            "case_line__number",
            "article__name",
            "description",
            "monitoring",
            "serial_number",
            "quantity",
            "arrived_on",
            "location",
            "disposed_on",
        )  # fmt: skip
    ]


TABLES = {"disclosure-requests": _requests, "end-use-items": _items}


def export_table(kind: str, *, user=None) -> Sheet:
    """One controls table, as the rows this user may see (everything for user=None)."""
    if kind not in TABLES:
        raise ValueError(f"Unknown table {kind!r}; choose one of {', '.join(TABLES)}.")
    headers = [column.name for column in imports.IMPORTERS[kind].columns]
    return Sheet(name=kind, headers=headers, rows=TABLES[kind](user), exported_by=user)
