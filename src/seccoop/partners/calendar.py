"""What the partners app puts in a person's calendar feed (core.calendar_feed).

The engagements they take part in or that touch their countries, from a
month back onward, and their open follow-up actions on the day each is due.
Read through the same selectors as the pages, in three queries.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from seccoop.core import calendar_feed
from seccoop.core.calendar_feed import FeedEvent
from seccoop.partners import policies, selectors, services

# Past engagements stay in the feed for a month, so the last weeks still show.
KEPT_FOR = datetime.timedelta(days=30)


def my_engagements(user, today: datetime.date) -> list[FeedEvent]:
    if policies.person_of(user) is None:
        return []
    found = selectors.engagements(user).filter(in_portfolio=True, ends_on__gte=today - KEPT_FOR)
    return [
        FeedEvent(
            uid=f"engagement-{engagement.pk}@seccoop",
            summary=engagement.title,
            first_day=engagement.starts_on,
            last_day=engagement.ends_on,
            description="; ".join(
                part
                for part in (
                    engagement.engagement_type.name,
                    ", ".join(country.name for country in engagement.countries.all()),
                    engagement.place,
                )
                if part
            ),
            url=reverse("partners:engagement-detail", args=[engagement.pk]),
            categories=("Engagement",),
        )
        for engagement in found.order_by("starts_on", "pk")
    ]


def my_action_deadlines(user, today: datetime.date) -> list[FeedEvent]:
    if policies.person_of(user) is None:
        return []
    actions = services.open_actions(selectors.my_actions(user)).select_related("engagement")
    return [
        FeedEvent(
            uid=f"follow-up-action-{action.pk}@seccoop",
            summary=f"Due: {action.description}",
            first_day=action.due_on,
            last_day=action.due_on,
            description=f"Follow-up action from {action.engagement.title}.",
            url=reverse("partners:engagement-detail", args=[action.engagement_id]),
            categories=("Deadline",),
        )
        for action in actions.order_by("due_on", "pk")
    ]


calendar_feed.register(my_engagements)
calendar_feed.register(my_action_deadlines)
