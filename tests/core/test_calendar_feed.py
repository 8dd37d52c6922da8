"""My calendar feed: engagements and deadlines as iCalendar, behind a revocable address.

Tina is France's desk officer; she takes part in staff talks with a follow-up
action due. Bob (another desk, another team) has nothing in France. The feed
is fetched the way a calendar program fetches it: without signing in.
"""

import datetime
import re

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seccoop.core.models import AuditEntry, CalendarToken
from seccoop.partners.models import Country, EngagementType
from seccoop.partners.services import ActionData, EngagementData, record_engagement

PAGE = reverse("calendar-feed-page")
ADDRESS = re.compile(r'value="http://testserver/calendar/feed/(cal_[^"]+)\.ics"')


@pytest.fixture
def france(directorate):
    country = Country.objects.get(iso_code="FR")
    country.primary_desk_officer = directorate.teammate
    country.save()
    return country


def talks(directorate, france, *, number=1, action_due_in=None):
    today = timezone.localdate()
    actions = []
    if action_due_in is not None:
        actions = [
            ActionData(
                f"Send the minutes {number}",
                directorate.teammate,
                today + datetime.timedelta(days=action_due_in),
            )
        ]
    return record_engagement(
        user=directorate.teammate.user,
        data=EngagementData(
            title=f"Staff talks {number}",
            engagement_type=EngagementType.objects.get(slug="staff-talks"),
            starts_on=today + datetime.timedelta(days=7),
            ends_on=today + datetime.timedelta(days=8),
            countries=[france],
            participants=[directorate.teammate],
            place="Paris",
        ),
        actions=actions,
    )


def new_address(client, user) -> str:
    client.force_login(user)
    response = client.post(reverse("calendar-feed-create"))
    return ADDRESS.search(response.content.decode()).group(1)


def fetch(secret):
    # A calendar program has no session: a fresh client.
    return Client().get(reverse("calendar-feed", args=[secret]))


def events(response) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_tina_creates_her_feed_address_and_it_is_shown_once(client, directorate):
    secret = new_address(client, directorate.teammate.user)
    assert secret.startswith("cal_")
    assert secret not in client.get(PAGE).content.decode()
    assert CalendarToken.objects.get(user=directorate.teammate.user).prefix == secret[:10]


def test_the_feed_holds_her_engagement_as_whole_days_with_its_countries(
    client, directorate, france
):
    engagement = talks(directorate, france)
    response = fetch(new_address(client, directorate.teammate.user))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    event = events(response)["Staff talks 1"]
    assert event.decoded("dtstart") == engagement.starts_on
    # DTEND of a whole-day event is the day after the last (RFC 5545, 3.6.1).
    assert event.decoded("dtend") == engagement.ends_on + datetime.timedelta(days=1)
    assert "France" in str(event["description"])
    assert str(event["url"]).endswith(f"/partners/engagements/{engagement.pk}/")


def test_the_feed_holds_her_open_follow_up_action_on_its_due_day(client, directorate, france):
    talks(directorate, france, action_due_in=3)
    event = events(fetch(new_address(client, directorate.teammate.user)))["Due: Send the minutes 1"]
    assert event.decoded("dtstart") == timezone.localdate() + datetime.timedelta(days=3)


def test_someone_elses_feed_does_not_hold_her_work(client, directorate, france):
    talks(directorate, france, action_due_in=3)
    assert events(fetch(new_address(client, directorate.bravo_member.user))) == {}


def test_a_revoked_address_answers_404(client, directorate, france):
    secret = new_address(client, directorate.teammate.user)
    response = client.post(reverse("calendar-feed-revoke"), follow=True)
    assert "Your calendar feed address is revoked and no longer works." in response.text
    assert fetch(secret).status_code == 404


def test_a_new_address_revokes_the_old_one(client, directorate):
    first = new_address(client, directorate.teammate.user)
    second = new_address(client, directorate.teammate.user)
    assert fetch(first).status_code == 404
    assert fetch(second).status_code == 200


def test_an_unknown_address_answers_404(directorate):
    assert fetch("cal_not-a-real-address").status_code == 404


def test_reading_the_feed_notes_when_it_was_last_read(client, directorate):
    fetch(new_address(client, directorate.teammate.user))
    assert CalendarToken.objects.get(user=directorate.teammate.user).last_used_at is not None


def test_creating_and_revoking_the_address_are_in_the_audit_log(client, directorate):
    new_address(client, directorate.teammate.user)
    client.post(reverse("calendar-feed-revoke"))
    actions = list(
        AuditEntry.objects.filter(model="core.calendartoken", actor_username="tina")
        .order_by("at", "pk")
        .values_list("action", "detail")
    )
    assert actions == [("create", ""), ("update", "Revoked")]


@pytest.mark.parametrize("engagements", [1, 10])
def test_the_feed_makes_a_fixed_number_of_queries(
    client, directorate, france, django_assert_max_num_queries, engagements
):
    for number in range(engagements):
        talks(directorate, france, number=number, action_due_in=number)
    secret = new_address(client, directorate.teammate.user)
    with django_assert_max_num_queries(10):
        response = fetch(secret)
    assert len(events(response)) == 2 * engagements
