"""The audit log pages: administrators and auditors read, filter and export it.

Who may read it is decided by the audit entry's policy (core/audit.py); the
filters are the AuditEntryFilter the API uses too; the export goes through
core/exports.py, which records it in the log like any other export.
"""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from seccoop.core import exports, permissions
from seccoop.core.audit import may_read_audit_log
from seccoop.core.filters import AuditEntryFilter
from seccoop.core.models import AuditEntry
from seccoop.core.pages import page_of

# (header, value) of each column of the export, in order.
EXPORT_COLUMNS = (
    ("at", "at"),
    ("action", "action"),
    ("user", "actor_username"),
    ("ip_address", "ip_address"),
    ("user_agent", "user_agent"),
    ("method", "method"),
    ("path", "path"),
    ("model", "model"),
    ("object_id", "object_id"),
    ("object", "object_label"),
    ("changes", "changes"),
    ("kind", "kind"),
    ("format", "file_format"),
    ("rows", "row_count"),
    ("file_name", "file_name"),
    ("detail", "detail"),
)


def _export_row(row: tuple) -> tuple:
    # Spreadsheets hold neither time zones nor nested values: the time is
    # written in ISO 8601 with its offset, the changes as JSON.
    at, *middle, changes, kind, file_format, rows, file_name, detail = row
    return (
        timezone.localtime(at).isoformat(),
        *middle,
        json.dumps(changes, ensure_ascii=False) if changes else "",
        kind,
        file_format,
        rows,
        file_name,
        detail,
    )


def _filtered_entries(request) -> AuditEntryFilter:
    if not may_read_audit_log(request.user):
        raise PermissionDenied("Only administrators and auditors may read the audit log.")
    entries = permissions.visible_to(request.user, AuditEntry.objects.all())
    return AuditEntryFilter(request.GET, queryset=entries)


@login_required
def entry_list(request):
    entries = _filtered_entries(request)
    page, page_range = page_of(request, entries.qs)
    return render(
        request,
        "core/audit/entry_list.html",
        {"filter": entries, "page": page, "page_range": page_range},
    )


@login_required
def entry_export(request):
    entries = _filtered_entries(request)
    file_format = request.GET.get("format", "csv")
    if file_format not in exports.FORMATS:
        raise Http404("No such export format.")
    values = entries.qs.values_list(*(field for _, field in EXPORT_COLUMNS))
    sheet = exports.Sheet(
        name="audit-log",
        headers=[header for header, _ in EXPORT_COLUMNS],
        rows=(_export_row(row) for row in values.iterator(chunk_size=2000)),
        exported_by=request.user,
    )
    response = HttpResponse(
        exports.render(sheet, file_format), content_type=exports.CONTENT_TYPES[file_format]
    )
    response["Content-Disposition"] = f'attachment; filename="{sheet.filename(file_format)}"'
    return response
