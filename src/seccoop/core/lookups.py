"""Finding the one record a page or an API operation names: `visible_or_404`.

A record the user may not see answers 404, exactly like one that does not
exist: the status and the message are the same, so neither tells an
outsider that it exists. Asking for it is still worth knowing about: when the
record does exist, the request is marked as a probe, and the audit middleware
(`seccoop.core.audit.RefusalAuditMiddleware`) records one entry naming the
record when the 404 goes out, the same entry for every page and API route.
The extra query that tells a probe from a missing record runs on the 404
path only.
"""

from __future__ import annotations

from django.db import models
from django.http import Http404

from seccoop.core import permissions

# The request attribute holding the hidden record a request asked for.
PROBE_NOTE = "_seccoop_probe"


def note_probe(request, record: models.Model) -> None:
    """Mark a request as having asked for a record hidden from its user."""
    if request is not None:
        setattr(request, PROBE_NOTE, record)


def probed_record(request) -> models.Model | None:
    return getattr(request, PROBE_NOTE, None)


def not_found(model: type[models.Model]) -> Http404:
    """The one answer for a record that is missing or hidden, whichever it is."""
    return Http404(f"No {model._meta.verbose_name} matches the given query.")


def hidden(record: models.Model, message: str = "") -> Http404:
    """The 404 for a record that exists but is hidden from the user; the request is a probe.

    For lookups the policy's `visible_to` cannot express (a plan seen through
    its person): `raise hidden(person, "No development plan ...")`.
    """
    from seccoop.core.audit import current_request

    note_probe(current_request(), record)
    return Http404(message) if message else not_found(type(record))


def visible_or_404(user, queryset: models.QuerySet, **lookup) -> models.Model:
    """The record of `queryset` matching `lookup` that the user may see, else Http404.

    The policy's `visible_to` is applied to `queryset` here (applying it to
    a queryset already restricted changes nothing). A record that exists but
    is hidden from the user raises the same Http404 and marks the request
    being served as a probe; one that exists and is visible but left out by
    `queryset` (an archived record on a page of active ones) is merely missing.
    """
    found = permissions.visible_to(user, queryset).filter(**lookup).first()
    if found is not None:
        return found
    candidates = queryset.model._default_manager.filter(**lookup)
    seen = permissions.visible_to(user, candidates).values("pk")
    probed = candidates.exclude(pk__in=seen).first()
    if probed is not None:
        raise hidden(probed)
    raise not_found(queryset.model)
