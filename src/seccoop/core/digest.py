"""The e-mail digest: the home page's "My work" panels, sent on the schedule a person chooses.

A digest holds what the home page shows that person on the day it is sent
(overdue and coming actions, cases with running clocks, disclosure requests
and ratings waiting on them, ...), read through the same panels and so the
same permission policy: it never tells anyone more than their home page
would. An empty digest is not sent.

`seccoop send-digests` sends the digests due today; run it once a day from
the scheduler (cron, a systemd timer) after the working day has started.
Mail goes through Django's e-mail backend (SECCOOP_EMAIL_* settings; the
console backend in development prints it instead).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from seccoop.core import audit
from seccoop.core.models import AuditAction, DigestFrequency, DigestPreference
from seccoop.core.panels import HOME, panels_for


@dataclass(frozen=True)
class Digest:
    subject: str
    body: str


def preference_of(user) -> DigestPreference:
    """The user's preference as stored, or the default (never) if they have not chosen one."""
    found = DigestPreference.objects.filter(user=user).first()
    return found if found is not None else DigestPreference(user=user)


def save_preference(*, user, frequency: str, weekday: int) -> DigestPreference:
    """Record the user's choice, with its change in the audit log."""
    with transaction.atomic():
        preference = DigestPreference.objects.select_for_update().filter(user=user).first()
        created = preference is None
        if created:
            preference = DigestPreference(user=user)
        before = {"frequency": preference.frequency, "weekday": preference.weekday}
        preference.frequency = frequency
        preference.weekday = weekday
        preference.full_clean()
        preference.save()
        after = {"frequency": preference.frequency, "weekday": preference.weekday}
        changes = {k: [before[k], after[k]] for k in after if created or before[k] != after[k]}
        if changes:
            audit.record(
                AuditAction.CREATE if created else AuditAction.UPDATE,
                actor=user,
                instance=preference,
                changes=changes,
            )
    return preference


def _sections(user, base_url: str) -> list[dict]:
    """The panels with something in them, their links made absolute for a mail reader."""
    sections = []
    for _template, panel in panels_for(HOME, user):
        figures = [
            {**f, "url": base_url + f["url"] if f.get("url") else ""}
            for f in panel.get("figures", [])
            if f.get("count")
        ]
        items = [
            {**item, "url": base_url + item["url"] if item.get("url") else ""}
            for item in panel.get("items", [])
        ]
        if figures or items:
            sections.append({"heading": panel["heading"], "figures": figures, "items": items})
    return sections


def compose(user, *, today: datetime.date | None = None, base_url: str | None = None):
    """The user's digest for `today`, or None when nothing is waiting on them or due."""
    today = today or timezone.localdate()
    base_url = (base_url if base_url is not None else settings.SECCOOP_SITE_URL).rstrip("/")
    sections = _sections(user, base_url)
    if not sections:
        return None
    context = {"user": user, "today": today, "sections": sections, "site_url": base_url}
    body = render_to_string("core/digest/email.txt", context)
    return Digest(subject=f"seccoop: your work on {today:%-d %b %Y}", body=body)


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)
    nothing_to_send: list[str] = field(default_factory=list)
    without_address: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def send_due(*, today: datetime.date | None = None, base_url: str | None = None) -> SendReport:
    """Send every digest due on `today`; each person's is sent and marked on its own.

    A person whose mail cannot be delivered is reported and tried again at the
    next run; the others still receive theirs.
    """
    today = today or timezone.localdate()
    report = SendReport()
    users = (
        get_user_model()
        .objects.filter(is_active=True, digest_preference__isnull=False)
        .exclude(digest_preference__frequency=DigestFrequency.NEVER)
    )
    for user in users.select_related("digest_preference").order_by("username"):
        preference = user.digest_preference
        if not preference.is_due(today):
            continue
        name = user.get_username()
        if not user.email:
            report.without_address.append(name)
            continue
        digest = compose(user, today=today, base_url=base_url)
        if digest is None:
            report.nothing_to_send.append(name)
            continue
        message = EmailMessage(digest.subject, digest.body, to=[user.email])
        try:
            message.send()
        except OSError as error:  # SMTP and socket errors
            report.failed.append((name, str(error)))
            continue
        DigestPreference.objects.filter(pk=preference.pk).update(last_sent_on=today)
        report.sent.append(name)
    return report
