"""A case's clocks in the calendar feed of the people who work the case.

Tina is the case manager of the French cases `case_in` puts in a state; the
offer's expiry, the end of the congressional review and the closure's due
day are in her feed on their days, each linking to the case page. Uma is
assigned to one case in another role; Bob works none of them.
"""

import datetime
from decimal import Decimal

import icalendar
import pytest
from django.urls import reverse

from seccoop.core import calendar_feed
from seccoop.programs.calendar import my_case_deadlines
from seccoop.programs.models import Case, CaseState
from seccoop.programs.services import cases as services
from tests.programs.cases_fixtures import *  # noqa: F403 (the case fixtures)
from tests.programs.cases_fixtures import TODAY

pytestmark = pytest.mark.django_db


def feed_of(user) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(
        calendar_feed.render(user, base_url="https://x", today=TODAY)
    )
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def deadline(user, starts_with) -> icalendar.Event:
    found = [event for summary, event in feed_of(user).items() if summary.startswith(starts_with)]
    assert len(found) == 1, f"one event starting {starts_with!r} in {list(feed_of(user))}"
    return found[0]


@pytest.fixture
def offered(case_in):
    return case_in(
        CaseState.OFFERED,
        offered_on=datetime.date(2026, 5, 20),
        offer_expires_on=datetime.date(2026, 8, 13),
    )


def test_the_case_manager_finds_the_offer_expiry_in_her_feed_on_its_day(staff, offered):
    event = deadline(staff.desk_officer.user, f"Offer expires: {offered.identifier}")
    assert event.decoded("dtstart") == datetime.date(2026, 8, 13)
    assert event.decoded("dtend") == datetime.date(2026, 8, 14)


def test_a_case_deadline_in_the_feed_links_to_the_case_page(staff, offered):
    event = deadline(staff.desk_officer.user, "Offer expires")
    assert str(event["url"]) == "https://x" + reverse("programs:case-detail", args=[offered.pk])


def test_a_case_deadline_says_how_the_case_page_counts_it(staff, offered):
    event = deadline(staff.desk_officer.user, "Offer expires")
    clock = next(c for c in services.clocks(offered, today=TODAY) if c.name == "Offer expiry")
    assert clock.detail in str(event["description"])


def test_the_end_of_the_congressional_review_is_a_deadline_in_the_feed(staff, case_in):
    case = case_in(
        CaseState.PROPOSED,
        mde_value=Decimal("30000000.00"),
        congress_notified_on=datetime.date(2026, 5, 25),
    )
    review = services.notification_for(case)
    event = deadline(staff.desk_officer.user, f"Congressional review ends: {case.identifier}")
    assert event.decoded("dtstart") == review.earliest_offer_on


def test_the_closure_due_day_is_a_deadline_in_the_feed(staff, case_in):
    case_in(
        CaseState.SUPPLY_COMPLETE,
        supply_complete_on=datetime.date(2026, 3, 1),
        closure_due_on=datetime.date(2027, 3, 1),
    )
    event = deadline(staff.desk_officer.user, "Closure due")
    assert event.decoded("dtstart") == datetime.date(2027, 3, 1)


def test_someone_assigned_to_the_case_in_another_role_finds_its_deadline(staff, offered):
    services.assign_staff(
        user=staff.administrator.user,
        case=offered,
        person=staff.backup_desk_officer,
        role="logistics manager",
    )
    assert deadline(staff.backup_desk_officer.user, "Offer expires")


def test_someone_not_assigned_to_the_case_does_not_find_its_deadlines(staff, offered):
    summaries = feed_of(staff.leadership.user)
    assert not any(summary.startswith("Offer expires") for summary in summaries)


def test_a_closed_case_leaves_the_feed(staff, case_in):
    case = case_in(
        CaseState.SUPPLY_COMPLETE,
        supply_complete_on=datetime.date(2026, 3, 1),
        closure_due_on=datetime.date(2027, 3, 1),
    )
    Case.objects.filter(pk=case.pk).update(state=CaseState.CLOSED)
    summaries = feed_of(staff.desk_officer.user)
    assert not any(summary.startswith("Closure due") for summary in summaries)


@pytest.mark.parametrize("how_many", [1, 4])
def test_the_case_deadlines_are_read_in_a_fixed_number_of_queries(
    staff, case_in, django_assert_max_num_queries, how_many
):
    for day in range(how_many):
        case_in(
            CaseState.OFFERED,
            offered_on=datetime.date(2026, 5, 20),
            offer_expires_on=datetime.date(2026, 8, 10 + day),
        )
    user = type(staff.desk_officer.user).objects.get(pk=staff.desk_officer.user.pk)
    # The person, what the user may see, the case type and the cases, for one case or four.
    with django_assert_max_num_queries(4):
        found = my_case_deadlines(user, TODAY)
    assert len(found) == how_many
