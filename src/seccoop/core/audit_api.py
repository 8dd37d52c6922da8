"""GET /api/v1/audit: the audit log for administrators and auditors, read-only.

The same AuditEntryFilter as the page filters it. There is no write
endpoint: entries are appended by the application itself, never by callers.
"""

import datetime

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from seccoop.core import permissions
from seccoop.core.api import LIST_ERRORS, ErrorOut, LimitOffset, apply_filters, filter_parameters
from seccoop.core.audit import may_read_audit_log
from seccoop.core.filters import AuditEntryFilter
from seccoop.core.models import AuditEntry

router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    id: int
    at: datetime.datetime
    action: str
    actor: str = Field(..., description="The user name; empty for the system (command line).")
    ip_address: str | None
    user_agent: str
    method: str
    path: str
    model: str = Field(..., description="The kind of record, as app_label.model_name.")
    object_id: str
    object_label: str
    changes: dict = Field(
        ...,
        description='{field: {"old": ..., "new": ...}} for changes; '
        '{field: {"added": [...], "removed": [...]}} for the links of a many-to-many field.',
    )
    kind: str
    file_format: str
    row_count: int | None
    file_name: str
    detail: str

    @staticmethod
    def resolve_actor(entry: AuditEntry) -> str:
        return entry.actor_username


AuditEntryQuery = filter_parameters(AuditEntryFilter)


@router.get(
    "/audit",
    response={200: list[AuditEntryOut], 403: ErrorOut, **LIST_ERRORS},
    summary="The audit log (administrators and auditors)",
)
@paginate(LimitOffset)
def list_audit_entries(request, filters: Query[AuditEntryQuery]):
    if not may_read_audit_log(request.user):
        raise PermissionDenied("Only administrators and auditors may read the audit log.")
    entries = permissions.visible_to(request.user, AuditEntry.objects.all())
    return apply_filters(AuditEntryFilter, filters, entries)
