"""Locking out repeated failed sign-ins, with django-axes.

An account locks after AXES_FAILURE_LIMIT failed sign-ins on its user name,
wherever they come from. A client address locks as well, after the much
higher SECCOOP_LOCKOUT_ADDRESS_FAILURES failures on any accounts, but only
when the address is the client's own: the one the trusted proxy header
carries, or the connection's when no proxy header is configured. Behind the
proxy every request arrives from the proxy's address, so counting that
address would let five wrong passwords from anyone lock everyone out.

django-axes compares one failure count (the largest over its lockout
parameters) with one limit, so it cannot hold two thresholds. The account
lockout is axes' own (`AXES_LOCKOUT_PARAMETERS = ["username"]`); the
per-address one is a small check of ours on the attempt records axes keeps,
made by `LockoutHandler`, which axes loads through AXES_HANDLER.
"""

from __future__ import annotations

import datetime
import ipaddress
import math

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from seccoop.core.audit import client_ip


def _proxy_header_address(request) -> str | None:
    """The last address of the trusted proxy header, if one is configured and came valid."""
    header = getattr(settings, "SECCOOP_TRUSTED_PROXY_HEADER", "")
    if not header:
        return None
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    try:
        return str(ipaddress.ip_address(value.split(",")[-1].strip())) if value else None
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The address axes records for a sign-in: the same one the audit log names."""
    return client_ip(request)


def address_is_the_clients(request) -> bool:
    """Whether the recorded address is the client's own, not a proxy's shared one.

    With a proxy header configured, only an address read from that header is
    the client's; without one, the connection comes straight from the client.
    """
    if not getattr(settings, "SECCOOP_TRUSTED_PROXY_HEADER", ""):
        return True
    return _proxy_header_address(request) is not None


def _recent_address_attempts(request):
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    if not address or not address_is_the_clients(request):
        return AccessAttempt.objects.none()
    return AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    )


def address_locked(request) -> bool:
    """Whether the client's own address made too many failed sign-ins, on any accounts."""
    failures = _recent_address_attempts(request).aggregate(total=Sum("failures_since_start"))
    return (failures["total"] or 0) >= settings.SECCOOP_LOCKOUT_ADDRESS_FAILURES


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, plus the per-address threshold described above."""

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if settings.AXES_ENABLED and address_locked(request):
            # The failure that reaches the limit is answered with the lockout, as for an account.
            request.axes_locked_out = True
            request.axes_credentials = credentials


def in_words(delta: datetime.timedelta) -> str:
    """A wait as people say it: "1 hour", "12 minutes", "1 hour and 5 minutes"."""
    minutes = max(1, math.ceil(delta.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " and ".join(parts)


def time_left(request, credentials=None) -> datetime.timedelta:
    """How long until the lockout of this sign-in lifts: the newest counted failure ages out.

    Each attempt record counts while its last failure is younger than the
    cool-off, so the lockout lasts at most until the newest one ages out.
    """
    cool_off = get_cool_off(request)
    threshold = get_cool_off_threshold(request)
    username = get_client_username(request, credentials)
    newest = [
        AccessAttempt.objects.filter(username=username, attempt_time__gte=threshold).aggregate(
            newest=Max("attempt_time")
        )["newest"],
        _recent_address_attempts(request).aggregate(newest=Max("attempt_time"))["newest"],
    ]
    newest = [moment for moment in newest if moment is not None]
    if not newest:
        return cool_off
    return max(newest) + cool_off - timezone.now()


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets (AXES_LOCKOUT_CALLABLE): how long is left, in words."""
    context = {
        "time_left": in_words(time_left(request, credentials)),
        "address_locked": address_locked(request),
    }
    return render(
        request,
        "registration/locked_out.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
