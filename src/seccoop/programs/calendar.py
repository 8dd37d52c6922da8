"""What the programs app puts in a person's calendar feed (core.calendar_feed).

The deadlines of the open cases the person holds an open assignment on (the
case manager, and anyone else assigned): the day the offer expires (the
offer expiration date, SAMM Appendix 9 and Figure C5.F6), the day the
congressional review ends (AECA 36(b)(1), 22 U.S.C. 2776(b)(1)) and the day
closure is due (SAMM chapter 16, DSCA Policy Memorandum 25-100). The days
are the case's clocks as `services.cases.clocks` works them out for the case
page; they are not worked out again here. Read through the same permission
policy as the case pages, in one query.
"""

from __future__ import annotations

import datetime

from seccoop.core import calendar_feed
from seccoop.core.calendar_feed import FeedEvent
from seccoop.programs.models import Case
from seccoop.programs.models.cases import OPEN_STATES
from seccoop.programs.services import cases as services

# The clocks that become deadlines in the feed, with the word each event starts with.
DEADLINES = {
    "Offer expiry": "Offer expires",
    "Congressional review": "Congressional review ends",
    "Closure due": "Closure due",
}


def my_case_deadlines(user, today: datetime.date) -> list[FeedEvent]:
    person = getattr(user, "person", None)
    if person is None:
        return []
    visible = Case.objects.visible_to(user).active().filter(state__in=OPEN_STATES)
    cases = services.with_value(services.assigned_to(visible, person)).select_related("country")
    events = []
    for case in cases.order_by("identifier", "pk"):
        for clock in services.clocks(case, today=today):
            if clock.name not in DEADLINES:
                continue
            events.append(
                FeedEvent(
                    uid=f"case-{case.pk}-{clock.name.lower().replace(' ', '-')}@seccoop",
                    summary=f"{DEADLINES[clock.name]}: {case.identifier} {case.title}",
                    first_day=clock.day,
                    last_day=clock.day,
                    description=" ".join(
                        part
                        for part in (
                            f"{case.country.name}, {case.get_state_display().lower()}.",
                            f"{clock.verb} {clock.day:%-d %b %Y}.",
                            clock.detail,
                        )
                        if part
                    ),
                    url=case.get_absolute_url(),
                    categories=("Deadline", "Case"),
                )
            )
    return events


calendar_feed.register(my_case_deadlines)
