"""The audit log: `record(...)` and the few hooks that call it.

One entry, one INSERT, per event: a sign-in, a failed sign-in, a sign-out, a
refused request (403), an export, an import, and every change to a domain
record. Who and from where come from the request being served, which
django-simple-history's middleware already keeps for its own change history;
at the command line there is no request, and the actor is the system operator.

Changes are taken from the history django-simple-history writes: one
receiver of `post_create_historical_record` covers every domain record, in
the transaction of the change itself, and one receiver of `links_changed`
(core/history.py) covers the links of every many-to-many field.
"""

from __future__ import annotations

import datetime
import decimal
import ipaddress
import uuid

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record

from seccoop.core import permissions
from seccoop.core.history import links_changed
from seccoop.core.models import AuditAction, AuditEntry
from seccoop.core.permissions import Policy, Role

# Kept by every history entry but not worth an audit line: they change on every save.
BOOKKEEPING_FIELDS = {"id", "created_at", "updated_at", "version"}


def may_read_audit_log(user) -> bool:
    """Administrators and auditors read the audit log; nobody else."""
    return permissions.is_administrator(user) or permissions.has_role(user, Role.AUDITOR)


@permissions.register(AuditEntry)
class AuditEntryPolicy(Policy):
    """Read by administrators and auditors; written by the application only."""

    def visible(self, user, queryset):
        return queryset if may_read_audit_log(user) else queryset.none()

    def can(self, user, action: str, obj) -> bool:
        return action == "view" and may_read_audit_log(user)


# --- where a request comes from --------------------------------------------------


def _valid_ip(text: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the trusted proxy's header when one is configured.

    The header is honored only when SECCOOP_TRUSTED_PROXY_HEADER names it,
    because without a proxy in front anyone can send it. Its last address is
    the one the trusted proxy saw; earlier ones came from the client and may
    be forged.
    """
    meta = getattr(request, "META", {})
    header = getattr(settings, "SECCOOP_TRUSTED_PROXY_HEADER", "")
    if header:
        value = meta.get("HTTP_" + header.upper().replace("-", "_"), "")
        forwarded = _valid_ip(value.split(",")[-1]) if value else None
        if forwarded:
            return forwarded
    return _valid_ip(meta.get("REMOTE_ADDR"))


def current_request():
    """The request being served on this thread, if any (set by simple-history's middleware)."""
    return getattr(HistoricalRecords.context, "request", None)


# --- recording -------------------------------------------------------------------


def _jsonable(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return str(value)


def record(
    action: str,
    *,
    request=None,
    actor=None,
    actor_username: str = "",
    instance=None,
    changes: dict | None = None,
    kind: str = "",
    file_format: str = "",
    row_count: int | None = None,
    file_name: str = "",
    detail: str = "",
) -> AuditEntry:
    """Append one entry to the audit log.

    `request` defaults to the request being served; `actor` to its user.
    `instance` names the record concerned (its model, id and name as it is now).
    """
    request = request if request is not None else current_request()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False):
            actor = user
    if not getattr(actor, "is_authenticated", False):
        actor = None
    meta = getattr(request, "META", {}) if request is not None else {}
    entry = AuditEntry(
        action=action,
        actor=actor,
        actor_username=(actor.get_username() if actor is not None else actor_username)[:150],
        ip_address=client_ip(request) if request is not None else None,
        user_agent=meta.get("HTTP_USER_AGENT", "")[:500],
        method=(getattr(request, "method", "") or "")[:10] if request is not None else "",
        path=(getattr(request, "path", "") or "")[:500] if request is not None else "",
        changes=changes or {},
        kind=kind[:100],
        file_format=file_format[:20],
        row_count=row_count,
        file_name=file_name[:255],
        detail=detail[:500],
    )
    if instance is not None:
        entry.model = instance._meta.label_lower
        entry.object_id = str(instance.pk)[:64]
        entry.object_label = str(instance)[:300]
    entry.save(force_insert=True)
    return entry


# --- sign-in, sign-out -------------------------------------------------------------
# Django's own signals only: django-axes sends its own as well, and listening to
# both would count every failure twice.


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def _signed_in(sender, request, user, **kwargs):
    record(AuditAction.SIGN_IN, request=request, actor=user)


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def _signed_out(sender, request, user, **kwargs):
    record(AuditAction.SIGN_OUT, request=request, actor=user)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    locked = getattr(request, "axes_locked_out", False)
    record(
        AuditAction.SIGN_IN_FAILED,
        request=request,
        actor_username=str(credentials.get("username", "")),
        detail="The account is locked after repeated failures."
        if locked
        else "Wrong user name or password.",
    )


# --- refusals ----------------------------------------------------------------------

REFUSAL_NOTE = "_seccoop_refusal"


def note_refusal(request, reason: str) -> None:
    """Keep why a request was refused, for the entry written when its 403 goes out."""
    setattr(request, REFUSAL_NOTE, reason)


class RefusalAuditMiddleware:
    """Record every 403 response, and every 404 that answered a hidden record, of pages and API.

    Only those responses cost anything; every other request passes through
    untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            reason = getattr(request, REFUSAL_NOTE, "") or getattr(response, "reason_phrase", "")
            record(AuditAction.REFUSED, request=request, detail=reason)
        elif response.status_code == 404:
            # A record hidden from the user answers 404 like a missing one
            # (seccoop.core.lookups); the attempt is recorded all the same.
            from seccoop.core.lookups import probed_record

            hidden = probed_record(request)
            if hidden is not None:
                record(
                    AuditAction.REFUSED,
                    request=request,
                    instance=hidden,
                    detail=f"Asked for a {hidden._meta.verbose_name} hidden from them; "
                    "answered 404 Not Found.",
                )
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            note_refusal(request, str(exception))
        # Django turns the exception into the 403 page, as before.


# --- changes to domain records -------------------------------------------------------


def _changes(history_instance, previous) -> dict:
    changes = {}
    for field in history_instance.tracked_fields:
        if field.name in BOOKKEEPING_FIELDS:
            continue
        new = getattr(history_instance, field.attname)
        old = getattr(previous, field.attname) if previous is not None else None
        if previous is None or old != new:
            changes[field.name] = {"old": _jsonable(old), "new": _jsonable(new)}
    return changes


@receiver(post_create_historical_record, dispatch_uid="audit_record_change")
def _record_changed(sender, instance, history_instance, history_user=None, **kwargs):
    history_type = history_instance.history_type
    if history_type == "+":
        action, changes = AuditAction.CREATE, _changes(history_instance, None)
    elif history_type == "-":
        action, changes = AuditAction.DELETE, {}
    else:
        # The one extra read of a change: the record as it was, to name what changed.
        changes = _changes(history_instance, history_instance.prev_record)
        if not changes:
            return  # saved without changing anything worth an entry
        archived = changes.get("archived_at", {"old": None, "new": None})
        if archived["old"] is None and archived["new"] is not None:
            action = AuditAction.ARCHIVE
        elif archived["old"] is not None and archived["new"] is None:
            action = AuditAction.RESTORE
        else:
            action = AuditAction.UPDATE
    record(action, actor=history_user, instance=instance, changes=changes)


@receiver(links_changed, dispatch_uid="audit_links_changed")
def _links_changed(sender, instance, field, added, removed, history_user=None, **kwargs):
    """One entry per record whose links changed, naming the links added and removed.

    The linked records are named as they read now, in one query, so the entry
    stays readable after they are renamed or archived.
    """
    names = {
        pk: str(linked)
        for pk, linked in field.related_model._default_manager.in_bulk(added | removed).items()
    }

    def named(ids):
        return sorted(names.get(pk, f"#{pk}") for pk in ids)

    change = {}
    if added:
        change["added"] = named(added)
    if removed:
        change["removed"] = named(removed)
    record(AuditAction.UPDATE, actor=history_user, instance=instance, changes={field.name: change})
