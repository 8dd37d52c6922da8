"""A person's calendar feed: their engagements and deadlines as iCalendar (RFC 5545).

Calendar programs subscribe to a feed by its address and fetch it without
signing in, so the address holds a secret (a CalendarToken, stored as a
digest). Each app that has dated work registers a source here; a source
takes the user and returns the events that user may see, read through the
same permission policy as the pages, in a fixed number of queries::

    # in partners/calendar.py, imported by the app's ready()
    calendar_feed.register(my_engagements)

Dates are whole days (all-day events); an event's end is the day after its
last day, as RFC 5545 section 3.6.1 defines DTEND for a DATE value.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import icalendar
from django.db import transaction
from django.utils import timezone

from seccoop.core import audit
from seccoop.core.models import AuditAction, CalendarToken

PRODUCT_ID = "-//seccoop//calendar feed//EN"


@dataclass(frozen=True)
class FeedEvent:
    uid: str  # stable across fetches, so calendar programs update an event in place
    summary: str
    first_day: datetime.date
    last_day: datetime.date
    description: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()


_sources: list[Callable[..., list[FeedEvent]]] = []


def register(source: Callable[..., list[FeedEvent]]) -> None:
    """Add a source of events: `source(user, today)` returns the user's events."""
    name = f"{source.__module__}.{source.__qualname__}"
    if not any(f"{s.__module__}.{s.__qualname__}" == name for s in _sources):
        _sources.append(source)


def events_for(user, today: datetime.date | None = None) -> list[FeedEvent]:
    today = today or timezone.localdate()
    events = [event for source in _sources for event in source(user, today)]
    return sorted(events, key=lambda event: (event.first_day, event.summary, event.uid))


def render(user, *, base_url: str, today: datetime.date | None = None) -> bytes:
    """The user's feed as an iCalendar file."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "seccoop: my engagements and deadlines")
    stamp = timezone.now()
    for item in events_for(user, today):
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.summary)
        event.add("dtstart", item.first_day)
        event.add("dtend", item.last_day + datetime.timedelta(days=1))
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", base_url + item.url)
        if item.categories:
            event.add("categories", list(item.categories))
        calendar.add_component(event)
    return calendar.to_ical()


# --- tokens ---------------------------------------------------------------------


def issue(*, user) -> tuple[CalendarToken, str]:
    """A new feed secret for the user; any earlier one is revoked. The secret is never stored."""
    raw = "cal_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        now = timezone.now()
        for old in CalendarToken.objects.usable().filter(user=user):
            old.revoked_at = now
            old.save(update_fields=["revoked_at"])
            audit.record(AuditAction.UPDATE, actor=user, instance=old, detail="Revoked")
        token = CalendarToken.objects.create(
            user=user, prefix=raw[:10], digest=CalendarToken.digest_of(raw)
        )
        audit.record(AuditAction.CREATE, actor=user, instance=token)
    return token, raw


def revoke(*, user, token: CalendarToken) -> None:
    """Revoke the user's own feed token: the feed address stops working at once."""
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(AuditAction.UPDATE, actor=user, instance=token, detail="Revoked")


def user_of(raw: str):
    """The active user a feed secret belongs to, or None; the token's last use is noted."""
    if not raw or len(raw) > 100:
        return None
    token = (
        CalendarToken.objects.usable()
        .select_related("user")
        .filter(digest=CalendarToken.digest_of(raw))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    CalendarToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
