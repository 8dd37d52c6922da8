"""A visit's host and escort: they read the visit and find its days in their calendar feed.

Dana, the disclosure specialist, records a visit of French engineers to the
radar laboratory with Tina (a desk officer, no controls role) as its host
and Uma as its escort. Bob is neither.
"""

import datetime

import icalendar
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from seccoop.controls import visit_services
from seccoop.controls.models import VisitRequest
from seccoop.core import calendar_feed
from seccoop.core.services import create_record


@pytest.fixture
def visit(controls, dana, directorate):
    start = timezone.localdate() + datetime.timedelta(days=10)
    return create_record(
        user=dana,
        model=VisitRequest,
        data={
            "country": controls.france,
            "kind": "one-time",
            "visitors": "Lt Col A. Marchand",
            "host_organization": "Radar integration laboratory",
            "purpose": "Interface review.",
            "starts_on": start,
            "ends_on": start + datetime.timedelta(days=2),
            "information": "Interface control document.",
            "host": directorate.teammate,
            "escort": directorate.underling,
        },
    )


def feed_of(user) -> dict[str, icalendar.Event]:
    _, secret = calendar_feed.issue(user=user)
    calendar = icalendar.Calendar.from_ical(calendar_feed.render(user, base_url="https://x"))
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


SUMMARY = "Visit: France to Radar integration laboratory"


def test_the_host_of_a_visit_may_read_its_page(client, directorate, visit):
    client.force_login(directorate.teammate.user)
    response = client.get(reverse("controls:visit-detail", args=[visit.pk]))
    assert response.status_code == 200


def test_the_escort_of_a_visit_finds_it_in_the_visit_list(client, directorate, visit):
    client.force_login(directorate.underling.user)
    page = client.get(reverse("controls:visit-list")).content.decode()
    assert "Radar integration laboratory" in page


def test_someone_neither_hosting_nor_escorting_may_not_read_the_visit(client, directorate, visit):
    client.force_login(directorate.bravo_member.user)
    response = client.get(reverse("controls:visit-detail", args=[visit.pk]))
    assert response.status_code == 404


def test_the_host_may_read_but_not_decide_the_visit(directorate, visit):
    with pytest.raises(PermissionDenied):
        visit_services.move_visit(user=directorate.teammate.user, visit=visit, name="approve")


def test_the_host_s_calendar_feed_holds_the_visit_days(directorate, visit):
    event = feed_of(directorate.teammate.user)[SUMMARY]
    assert event.decoded("dtstart") == visit.starts_on
    assert event.decoded("dtend") == visit.ends_on + datetime.timedelta(days=1)


def test_the_escort_s_calendar_feed_links_to_the_visit(directorate, visit):
    event = feed_of(directorate.underling.user)[SUMMARY]
    assert str(event["url"]) == "https://x" + reverse("controls:visit-detail", args=[visit.pk])


def test_a_denied_visit_leaves_the_calendar_feed(directorate, visit):
    VisitRequest.objects.filter(pk=visit.pk).update(state="denied")
    assert SUMMARY not in feed_of(directorate.teammate.user)


def test_the_visit_is_not_in_the_feed_of_someone_who_does_not_host_it(directorate, visit):
    assert SUMMARY not in feed_of(directorate.bravo_member.user)
