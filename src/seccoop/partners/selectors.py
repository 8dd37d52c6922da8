"""Reads shared by the partner pages, the API and the exports.

Every list puts the signed-in desk officer's own countries first (their
portfolio), then sorts as usual.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from seccoop.partners import policies
from seccoop.partners.models import (
    Counterpart,
    Country,
    Engagement,
    EvidenceKind,
    FollowUpAction,
    PartnerOrganization,
    PracticeEvidence,
)


def _in_portfolio(user, prefix: str = ""):
    rule = policies.portfolio_rule(user, prefix)
    if rule == policies.NOTHING:
        return Value(False, output_field=BooleanField())
    return Case(When(rule, then=Value(True)), default=Value(False), output_field=BooleanField())


def countries(user) -> QuerySet[Country]:
    """Countries the user may see, their own portfolio first, then by name."""
    return (
        Country.objects.visible_to(user)
        .active()
        .select_related("region", "primary_desk_officer", "backup_desk_officer")
        .prefetch_related("groupings")
        .annotate(in_portfolio=_in_portfolio(user))
        .order_by("-in_portfolio", "name")
    )


def organizations(user) -> QuerySet[PartnerOrganization]:
    return (
        PartnerOrganization.objects.visible_to(user)
        .active()
        .select_related("country")
        .annotate(in_portfolio=_in_portfolio(user, "country__"))
        .order_by("-in_portfolio", "name", "pk")
    )


def counterparts(user) -> QuerySet[Counterpart]:
    """Counterparts, each annotated with `contact_visible` for this user."""
    found = (
        Counterpart.objects.visible_to(user)
        .active()
        .select_related("organization", "organization__country")
        .annotate(in_portfolio=_in_portfolio(user, "organization__country__"))
        .order_by("-in_portfolio", "last_name", "first_name", "pk")
    )
    return policies.with_contact_permission(user, found)


def engagements(user) -> QuerySet[Engagement]:
    """Engagements, those touching the user's portfolio or taking the user first, newest first."""
    person = policies.person_of(user)
    mine = Exists(Country.objects.filter(policies.portfolio_rule(user), engagements=OuterRef("pk")))
    if person is not None:
        mine = mine | Exists(
            Engagement.participants.through.objects.filter(
                engagement_id=OuterRef("pk"), person_id=person.pk
            )
        )
    return (
        Engagement.objects.visible_to(user)
        .active()
        .select_related("engagement_type")
        .prefetch_related(Prefetch("countries", queryset=Country.objects.only("pk", "name")))
        .annotate(in_portfolio=mine)
        .order_by("-in_portfolio", "-starts_on", "title", "pk")
    )


def actions(user) -> QuerySet[FollowUpAction]:
    return (
        FollowUpAction.objects.visible_to(user)
        .active()
        .select_related("owner", "engagement")
        .order_by("due_on", "pk")
    )


def my_actions(user) -> QuerySet[FollowUpAction]:
    person = policies.person_of(user)
    if person is None:
        return FollowUpAction.objects.none()
    return actions(user).filter(owner=person)


# --- the engagement calendar -----------------------------------------------------


@dataclass
class CalendarDay:
    day: datetime.date
    in_month: bool
    engagements: list[Engagement]


@dataclass
class CalendarMonth:
    first: datetime.date
    weeks: list[list[CalendarDay]]

    @property
    def previous(self) -> datetime.date:
        return (self.first - datetime.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> datetime.date:
        return (self.first + datetime.timedelta(days=32)).replace(day=1)


def calendar_month(user, first: datetime.date) -> CalendarMonth:
    """The weeks of a month (Monday first), each day with the engagements under way on it."""
    first = first.replace(day=1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1]
    under_way = list(
        Engagement.objects.visible_to(user)
        .active()
        .filter(Q(starts_on__lte=end) & Q(ends_on__gte=start))
        .select_related("engagement_type")
        .order_by("starts_on", "title")
    )
    return CalendarMonth(
        first=first,
        weeks=[
            [
                CalendarDay(
                    day=day,
                    in_month=day.month == first.month,
                    engagements=[e for e in under_way if e.starts_on <= day <= e.ends_on],
                )
                for day in week
            ]
            for week in weeks
        ],
    )


# --- evidence of practice ------------------------------------------------------


def evidence_to_decide(user) -> QuerySet[PracticeEvidence]:
    """Pending evidence this user may confirm or decline: their own and their reports'."""
    return (
        PracticeEvidence.objects.pending()
        .filter(policies.may_decide_rule(user, "person__"))
        .select_related("person", "competency", "recorded_by")
        .order_by("person__last_name", "person__first_name", "-practiced_on", "pk")
    )


def confirmed_practice(people: QuerySet, competency_ids: list[int]):
    """(person id, sub-competency id, records practised on) from confirmed practice alone.

    Staffing reads it (`seccoop.workforce.staffing.read_practice_with`);
    pending and declined evidence never count, nor does learning (completed
    training), which is not practice.
    """
    return (
        PracticeEvidence.objects.confirmed()
        .filter(kind=EvidenceKind.PRACTICE)
        .filter(person__in=people.values("pk"), competency_id__in=competency_ids)
        .order_by()
        .values("person_id", "competency_id")
        .annotate(records=Count("pk"))
        .values_list("person_id", "competency_id", "records")
    )
