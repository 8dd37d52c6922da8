"""Assessment cycles follow the federal fiscal year.

The fiscal year of the Treasury begins on 1 October and ends on 30 September
of the following year (31 U.S.C. 1102); FY2027 began on 1 October 2026. The
cycle of the fiscal year under way exists from its first day: it is opened
whenever a rating is recorded, the cycles page is read or `seccoop
open-cycle` runs (a daily scheduled run keeps it on time), whichever comes
first. Administrators may add, rename, re-date or close cycles on the cycles
page; a closed cycle takes no more ratings.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from seccoop.competencies.models import Framework
from seccoop.core.permissions import require
from seccoop.core.services import claim
from seccoop.workforce.models import AssessmentCycle

# 31 U.S.C. 1102: the fiscal year begins on October 1.
FISCAL_YEAR_FIRST_MONTH = 10


def fiscal_year(day: datetime.date) -> int:
    """The U.S. federal fiscal year of a day: FY2027 runs 1 October 2026 to 30 September 2027."""
    return day.year + 1 if day.month >= FISCAL_YEAR_FIRST_MONTH else day.year


def fiscal_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a fiscal year."""
    return datetime.date(year - 1, FISCAL_YEAR_FIRST_MONTH, 1), datetime.date(year, 9, 30)


def covering(framework_id: int, day: datetime.date) -> AssessmentCycle | None:
    """The framework's cycle whose dates hold the day (the latest opened, if several do)."""
    return (
        AssessmentCycle.objects.filter(
            framework_id=framework_id,
            opens_on__lte=day,
            closes_on__gte=day,
            archived_at__isnull=True,
        )
        .order_by("-opens_on", "-pk")
        .first()
    )


def open_fiscal_year_cycle(
    framework: Framework, today: datetime.date | None = None
) -> AssessmentCycle:
    """The cycle of the fiscal year under way, created if no cycle of the framework holds today.

    Named FY<year> and dated from 1 October to 30 September. Safe to call from
    two places at once: the second finds the first's cycle.
    """
    today = today or timezone.localdate()
    found = covering(framework.pk, today)
    if found is not None:
        return found
    year = fiscal_year(today)
    opens_on, closes_on = fiscal_year_bounds(year)
    try:
        with transaction.atomic():
            cycle, _ = AssessmentCycle.objects.get_or_create(
                framework=framework,
                name=f"FY{year}",
                defaults={"opens_on": opens_on, "closes_on": closes_on},
            )
    except IntegrityError:
        cycle = AssessmentCycle.objects.get(framework=framework, name=f"FY{year}")
    return cycle


def cycle_for_rating(framework_id: int, rated_on: datetime.date) -> AssessmentCycle | None:
    """The open cycle a new rating is filed under, or None.

    A rating dated in the fiscal year under way opens that year's cycle if
    needed; an older one goes to the cycle that held its day, if any. A closed
    cycle takes no more ratings, so a rating of its days is filed under none.
    """
    today = timezone.localdate()
    if fiscal_year(rated_on) == fiscal_year(today):
        cycle = open_fiscal_year_cycle(Framework.objects.get(pk=framework_id), rated_on)
    else:
        cycle = covering(framework_id, rated_on)
    if cycle is None or cycle.is_closed:
        return None
    return cycle


def close_cycle(*, user, cycle: AssessmentCycle, expected_version: int) -> AssessmentCycle:
    """Close a cycle to new ratings; its ratings stay as they are. A cycle closes once."""
    require(user, "change", cycle)
    with transaction.atomic():
        fresh = claim(cycle, expected_version, user=user)
        if fresh.is_closed:
            raise ValidationError(
                f"The cycle {fresh} was already closed on {fresh.closed_at:%d %b %Y}."
            )
        fresh.closed_at = timezone.now()
        fresh._history_user = user
        fresh.save(update_fields=["closed_at", "updated_at", "version"])
    cycle.closed_at, cycle.version = fresh.closed_at, fresh.version
    return fresh
