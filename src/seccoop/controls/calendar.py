"""What the controls app puts in a person's calendar feed (core.calendar_feed).

The foreign visits a person hosts, escorts or is assigned to, from a month
back onward, unless denied: the days the visitors are in the building.
Read through the same permission policy as the visit pages, in one query.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse

from seccoop.controls.models import VisitRequest, VisitState
from seccoop.controls.policies import assigned_ids
from seccoop.core import calendar_feed
from seccoop.core.calendar_feed import FeedEvent

# Past visits stay in the feed for a month, as past engagements do.
KEPT_FOR = datetime.timedelta(days=30)


def my_visits(user, today: datetime.date) -> list[FeedEvent]:
    person = getattr(user, "person", None)
    if person is None:
        return []
    mine = Q(host=person) | Q(escort=person) | Q(pk__in=assigned_ids(user, VisitRequest))
    visits = (
        VisitRequest.objects.visible_to(user)
        .active()
        .filter(mine, ends_on__gte=today - KEPT_FOR)
        .exclude(state=VisitState.DENIED)
        .select_related("country")
        .order_by("starts_on", "pk")
    )
    return [
        FeedEvent(
            uid=f"visit-{visit.pk}@seccoop",
            summary=f"Visit: {visit.country.name} to {visit.host_organization}",
            first_day=visit.starts_on,
            last_day=visit.ends_on,
            description=(
                f"{visit.get_state_display()}. {visit.get_kind_display()}. Purpose: {visit.purpose}"
            ),
            url=reverse("controls:visit-detail", args=[visit.pk]),
            categories=("Visit",),
        )
        for visit in visits
    ]


calendar_feed.register(my_visits)
