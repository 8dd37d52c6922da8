"""What the programs app adds to the home page (core.panels.HOME): my cases and their clocks.

The case manager, and anyone else with an open assignment on a case, sees
their open cases with the clock each runs against (the offer's expiry, the
closure's due day), the days in the current stage and the milestones past
due. The clocks are computed by programs.services.cases, as on the case pages.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from seccoop.core import panels
from seccoop.core.permissions import Role, has_role
from seccoop.programs.models import Case
from seccoop.programs.services import cases as services

SHOWN = 5


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def my_cases(user, record=None) -> dict | None:
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return None
    today = timezone.localdate()
    visible = Case.objects.visible_to(user).active()
    mine = services.my_open_cases(visible, person, today=today)
    counts = {
        "open": mine.count(),
        "overdue": services.overdue(services.assigned_to(visible, person), today=today).count(),
    }
    if not counts["open"] and not has_role(user, Role.PROGRAM_TEAM):
        return None
    listed = reverse("programs:case-list") + f"?assignee={person.pk}&open=true"
    items = []
    for case in mine[:SHOWN]:
        clock = services.running_clock(case, today=today)
        facts = [case.get_state_display()]
        if case.state_changed_at:
            days = (today - timezone.localtime(case.state_changed_at).date()).days
            facts.append(f"{_plural(days, 'day', 'days')} in this stage")
        if case.milestones_past_due:
            facts.append(
                _plural(case.milestones_past_due, "milestone past due", "milestones past due")
            )
        items.append(
            {
                "title": f"{case.identifier} {case.title}",
                "url": case.get_absolute_url(),
                "detail": f"{case.country.name}. " + "; ".join(facts) + ".",
                "date": clock.day if clock else None,
                "date_label": clock.label if clock else "",
                "tag": "Overdue" if clock and clock.overdue else "",
                "urgent": bool(clock and clock.overdue),
            }
        )
    return panels.home_panel(
        "My cases",
        figures=[
            panels.figure(counts["open"], "open case", "open cases", listed),
            panels.figure(
                counts["overdue"],
                "case with an overdue clock",
                "cases with an overdue clock",
                listed + "&overdue=true",
            ),
        ],
        items=items,
        empty="No open case is assigned to you.",
        more=("All my open cases", listed),
    )


panels.register(panels.HOME, panels.HOME_TEMPLATE, my_cases, order=30)


def country_cases(user, country) -> dict | None:
    """The country page's panel: how many of its cases the user sees, and its case portfolio."""
    cases = Case.objects.visible_to(user).active().filter(country=country)
    counts = cases.aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(state__in=services.OPEN_STATES))
    )
    if not counts["total"]:
        return None
    return {"country": country, **counts}


panels.register(
    panels.COUNTRY, "programs/cases/includes/country_cases.html", country_cases, order=60
)
