"""The people, position, org unit and rating pages pass axe-core's WCAG 2.1 AA rules."""

import pytest
from django.conf import settings
from django.test import Client

from seccoop.workforce.models import RatingSource
from seccoop.workforce.services import record_rating

pytestmark = pytest.mark.browser


@pytest.fixture
def sign_in(page, live_server, url):
    """Open a session for a persona directly; the sign-in page has tests of its own."""

    def sign_in_as(person):
        client = Client()
        client.force_login(person.user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
        page.goto(url("dashboard"))
        return page

    return sign_in_as


def test_the_people_directory_passes_axe(sign_in, url, axe, directorate):
    page = sign_in(directorate.outsider)
    page.goto(url("workforce:person-list"))
    axe(page)


def test_a_person_page_with_gaps_and_history_passes_axe(sign_in, url, axe, directorate):
    d = directorate
    record_rating(
        user=d.alpha_lead.user,
        person=d.teammate,
        competency=d.framework.competencies.get(code="1.A"),
        level=2,
        source=RatingSource.SUPERVISOR,
    )
    d.teammate.grade = "GS-13"
    d.teammate.save()
    page = sign_in(d.alpha_lead)
    page.goto(url("workforce:person-detail", d.teammate.pk))
    axe(page)


def test_the_position_and_org_unit_pages_pass_axe(sign_in, url, axe, directorate):
    d = directorate
    page = sign_in(d.outsider)
    for address in (
        url("workforce:position-list"),
        url("workforce:position-detail", d.teammate.position.pk),
        url("workforce:orgunit-list"),
        url("workforce:orgunit-detail", d.alpha.pk),
    ):
        page.goto(address)
        axe(page)


def test_the_team_rating_page_with_an_error_passes_axe(sign_in, url, axe, directorate):
    d = directorate
    page = sign_in(d.alpha_lead)
    page.goto(url("workforce:rate-team", competency="4.C"))
    page.get_by_label("Evidence for Tina Teammate").fill("Led the staff talks")
    page.get_by_role("button", name="Record ratings").click()
    page.get_by_text("choose a level to go with the evidence").first.wait_for()
    axe(page)


def test_the_person_rating_page_passes_axe(sign_in, url, axe, directorate):
    page = sign_in(directorate.administrator)
    page.goto(url("workforce:rate-person", directorate.teammate.pk))
    axe(page)


def test_a_supervisor_rates_the_team_from_the_keyboard(sign_in, url, directorate):
    d = directorate
    page = sign_in(d.alpha_lead)
    page.goto(url("workforce:rate-team", competency="1.A"))
    page.get_by_label("Level for Tina Teammate").focus()
    page.keyboard.type("3")  # picks "3 Intermediate"
    page.keyboard.press("Tab")
    page.keyboard.type("Briefed the country team")
    for _ in range(3):  # past Uma's level and evidence to the submit button
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("Recorded 1 rating on 1.A.").wait_for()
    assert d.teammate.current_levels.get(competency__code="1.A").level == 3
