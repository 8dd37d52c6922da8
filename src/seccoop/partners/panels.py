"""What the partners app adds to the home page (core.panels.HOME) and to a person's page.

A desk officer, or anyone who owns follow-up actions or takes part in
engagements, sees their overdue and coming actions, their coming engagements
and their countries with what happened there lately. Each panel reads the
same selectors as the partner pages, so it shows nothing the pages would not.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from seccoop.core import panels
from seccoop.core.permissions import Role, has_role
from seccoop.partners import policies, selectors, services
from seccoop.partners.models import PracticeEvidence
from seccoop.workforce.models import Person

# How far ahead the home page looks for coming actions and engagements, and how far
# back for a country's recent engagements: a working fortnight and a month.
ACTIONS_AHEAD = datetime.timedelta(days=14)
ENGAGEMENTS_AHEAD = datetime.timedelta(days=30)
RECENT = datetime.timedelta(days=30)
SHOWN = 5


def _works_partners(user) -> bool:
    return has_role(user, Role.DESK_OFFICER)


def follow_up_actions(user, record=None) -> dict | None:
    """My follow-up actions: overdue first, then those due within a fortnight."""
    if policies.person_of(user) is None:
        return None
    today = timezone.localdate()
    mine = services.open_actions(selectors.my_actions(user))
    counts = mine.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        coming=Count("pk", filter=Q(due_on__gte=today, due_on__lte=today + ACTIONS_AHEAD)),
        open=Count("pk"),
    )
    if not counts["open"] and not _works_partners(user):
        return None
    actions = reverse("partners:action-list")
    shown = mine.filter(due_on__lte=today + ACTIONS_AHEAD).select_related("engagement")[:SHOWN]
    return panels.home_panel(
        "Follow-up actions",
        figures=[
            panels.figure(counts["overdue"], "overdue action", "overdue actions", actions),
            panels.figure(
                counts["coming"], "action due within 14 days", "actions due within 14 days", actions
            ),
        ],
        items=[
            {
                "title": action.description,
                "url": reverse("partners:engagement-detail", args=[action.engagement_id]),
                "detail": f"From {action.engagement.title}",
                "date": action.due_on,
                "tag": "Overdue" if action.due_on < today else "",
                "urgent": action.due_on < today,
            }
            for action in shown
        ],
        empty="No follow-up action of yours is overdue or due within 14 days.",
        more=("All my follow-up actions", actions),
    )


def coming_engagements(user, record=None) -> dict | None:
    """Engagements in the next month that I take part in or that touch my countries."""
    if policies.person_of(user) is None:
        return None
    today = timezone.localdate()
    coming = (
        selectors.engagements(user)
        .filter(in_portfolio=True, ends_on__gte=today, starts_on__lte=today + ENGAGEMENTS_AHEAD)
        .order_by("starts_on", "pk")
    )
    found = list(coming[: SHOWN + 1])
    if not found and not _works_partners(user):
        return None
    url = reverse("partners:engagement-list") + (
        f"?mine=true&after={today.isoformat()}&before={(today + ENGAGEMENTS_AHEAD).isoformat()}"
    )
    count = len(found) if len(found) <= SHOWN else coming.count()
    return panels.home_panel(
        "Coming engagements",
        figures=[
            panels.figure(
                count, "engagement in the next 30 days", "engagements in the next 30 days", url
            )
        ],
        items=[
            {
                "title": engagement.title,
                "url": engagement.get_absolute_url(),
                "detail": ", ".join(country.name for country in engagement.countries.all()),
                "date": engagement.starts_on,
                "date_label": "starts",
                "tag": engagement.engagement_type.name,
            }
            for engagement in found[:SHOWN]
        ],
        empty="Nothing is planned in the next 30 days for you or your countries.",
        more=("The engagement calendar", reverse("partners:engagement-calendar")),
    )


def _desk_detail(country, person) -> str:
    desk = (
        "Primary desk officer"
        if country.primary_desk_officer_id == person.pk
        else "Backup desk officer"
    )
    if not country.recent:
        return f"{desk}; no engagement in the last 30 days"
    noun = "engagement" if country.recent == 1 else "engagements"
    return f"{desk}; {country.recent} {noun} in the last 30 days"


def my_countries(user, record=None) -> dict | None:
    """The countries I am desk officer for, with their engagements of the last month."""
    if policies.person_of(user) is None:
        return None
    today = timezone.localdate()
    countries = list(
        selectors.countries(user)
        .filter(in_portfolio=True)
        .annotate(
            recent=Count(
                "engagements",
                filter=Q(
                    engagements__archived_at__isnull=True,
                    engagements__starts_on__gte=today - RECENT,
                    engagements__starts_on__lte=today,
                ),
                distinct=True,
            )
        )
    )
    if not countries and not _works_partners(user):
        return None
    url = reverse("partners:country-list") + "?mine=true"
    return panels.home_panel(
        "My countries",
        figures=[panels.figure(len(countries), "country on my desk", "countries on my desk", url)],
        items=[
            {
                "title": country.name,
                "url": country.get_absolute_url(),
                "detail": _desk_detail(country, user.person),
                "date": timezone.localtime(country.updated_at).date(),
                "date_label": "record changed",
            }
            for country in countries
        ],
        empty="No country is on your desk.",
        more=("All countries, mine first", reverse("partners:country-list")),
    )


panels.register(panels.HOME, panels.HOME_TEMPLATE, follow_up_actions, order=10)
panels.register(panels.HOME, panels.HOME_TEMPLATE, coming_engagements, order=15)
panels.register(panels.HOME, panels.HOME_TEMPLATE, my_countries, order=20)


def evidence_waiting(user, person) -> dict | None:
    """On a person's page: evidence of practice waiting for them or their chain to confirm.

    Shown only to those who may confirm or decline it (the person and their
    supervisor chain), and only when some is waiting.
    """
    if not Person.objects.filter(policies.may_decide_rule(user), pk=person.pk).exists():
        return None
    pending = PracticeEvidence.objects.pending().filter(person=person).count()
    if not pending:
        return None
    return {"person": person, "pending_count": pending}


panels.register(
    panels.PERSON, "partners/includes/person_evidence_panel.html", evidence_waiting, order=60
)
