"""The validation queue, cycles, calendar feed and people chooser pages pass axe."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from seccoop.workforce.models import RatingSource
from seccoop.workforce.services import record_rating

pytestmark = pytest.mark.browser


@pytest.fixture
def sign_in(page, live_server, url):
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


@pytest.fixture
def held(directorate):
    """Walter validated Tina at 3 on 1.A a month ago; Sam has since rated her 4."""
    d = directorate
    competency = d.framework.competencies.get(code="1.A")
    record_rating(
        user=d.workforce_manager.user, person=d.teammate, competency=competency, level=3,
        source=RatingSource.VALIDATED,
        rated_on=timezone.localdate() - datetime.timedelta(days=30),
    )  # fmt: skip
    return record_rating(
        user=d.alpha_lead.user, person=d.teammate, competency=competency, level=4,
        source=RatingSource.SUPERVISOR, evidence="Led the staff talks alone",
    )  # fmt: skip


def test_the_validation_queue_and_the_return_page_pass_axe(sign_in, url, axe, directorate, held):
    page = sign_in(directorate.workforce_manager)
    page.goto(url("workforce:validation-queue"))
    axe(page)
    page.get_by_role("link", name="Return Tina Teammate's 1.A rating").click()
    page.get_by_role("heading", name="Return this rating to its supervisor?").wait_for()
    axe(page)
    page.get_by_label("Reason").fill("No record of the talks yet")
    page.get_by_role("button", name="Return the rating").click()
    page.get_by_text("No supervisor rating is waiting for validation.").wait_for()
    axe(page)


def test_the_cycles_page_and_its_form_pass_axe(sign_in, url, axe, directorate):
    page = sign_in(directorate.administrator)
    page.goto(url("workforce:cycle-list"))
    axe(page)
    page.goto(url("workforce:cycle-create"))
    axe(page)


def test_the_calendar_feed_page_with_a_new_address_passes_axe(sign_in, url, axe, directorate):
    page = sign_in(directorate.teammate)
    page.goto(url("calendar-feed-page"))
    axe(page)
    page.get_by_role("button", name="Create my feed address").click()
    page.get_by_text("Copy the address now").wait_for()
    axe(page)


def test_the_engagement_form_with_a_people_combo_box_passes_axe(sign_in, url, axe, directorate):
    page = sign_in(directorate.teammate)
    page.goto(url("partners:engagement-new"))
    # uswds.js turns the select into a text box with a list of matches.
    page.locator(".usa-combo-box__input").first.fill("Tin")
    axe(page)


def test_a_desk_officer_chooses_a_weekly_digest_with_the_keyboard_and_the_page_passes_axe(
    sign_in, url, axe, directorate
):
    page = sign_in(directorate.teammate)
    page.goto(url("digest-preferences"))
    axe(page)
    page.get_by_label("Once a week").check()
    page.get_by_label("Day of the weekly digest").select_option(label="Friday")
    page.get_by_role("button", name="Save my choice").press("Enter")
    page.get_by_text("Your e-mail digest choice is saved.").wait_for()
    assert page.get_by_label("Once a week").is_checked()
    axe(page)
