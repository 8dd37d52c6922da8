"""Each persona signs in, finds their work on My work and follows one link from each panel."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from seccoop.partners.services import ActionData
from tests.core.test_my_work import (
    disclosure,
    disclosure_specialist,
    offered_case,
    put_on_desk,
    talks,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def france(directorate):
    return put_on_desk(directorate.teammate)


@pytest.fixture
def dana(directorate):
    return disclosure_specialist()


def panel(page, heading):
    return page.locator(".seccoop-home-panel").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )


def test_a_desk_officer_follows_their_overdue_action_and_their_country(
    sign_in, url, directorate, france, today, axe
):
    d = directorate
    due = today - datetime.timedelta(days=3)
    talks(
        d, france, today, starts_in=-10, actions=[ActionData("Send the minutes", d.teammate, due)]
    )
    page = sign_in(d.teammate)
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    axe(page)
    panel(page, "Follow-up actions").get_by_role("link", name="1 overdue action").click()
    page.wait_for_url(url("partners:action-list"))
    expect(page.get_by_text("Send the minutes").first).to_be_visible()
    page.goto(url("dashboard"))
    panel(page, "My countries").get_by_role("link", name="France").click()
    page.wait_for_url(url("partners:country-detail", france.pk))


def test_a_case_manager_follows_their_case_from_my_work(
    sign_in, url, directorate, france, today, axe
):
    case = offered_case(directorate.underling, france, today, 7, expires_in=5)
    page = sign_in(directorate.underling)
    cases = panel(page, "My cases")
    expect(cases.get_by_text("offer expires")).to_be_visible()
    cases.get_by_role("link", name="FR-D-007 Sustainment 7").click()
    page.wait_for_url(url("programs:case-detail", case.pk))


def test_a_supervisor_goes_from_my_work_to_rating_their_team(sign_in, url, directorate, axe):
    page = sign_in(directorate.alpha_lead)
    expect(page.get_by_role("heading", name="My team")).to_be_visible()
    page.get_by_role("link", name="Rate my team").last.click()
    page.wait_for_url(url("workforce:rate-team"))


def test_a_workforce_manager_goes_from_the_biggest_gaps_to_the_heatmap(
    sign_in, url, directorate, axe
):
    page = sign_in(directorate.workforce_manager)
    expect(page.get_by_role("heading", name="The directorate's workforce")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Open the gap heatmap").click()
    page.wait_for_url("**/workforce/heatmap/**")


def test_a_disclosure_specialist_opens_a_request_waiting_for_a_decision(
    sign_in, url, directorate, france, today, dana, axe
):
    request = disclosure(dana, france, today, 1)
    page = sign_in(dana.person)
    waiting = panel(page, "Disclosure requests waiting")
    axe(page)
    waiting.get_by_role("link", name="Radar data 1").click()
    page.wait_for_url(url("controls:disclosure-detail", request.pk))


def test_a_refused_page_and_a_missing_page_are_accessible(sign_in, url, directorate, axe):
    page = sign_in(directorate.outsider)
    page.goto(url("workforce:staffing"))
    expect(page.get_by_role("heading", name="This page is not open to you")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="My work").last.click()
    page.wait_for_url(url("dashboard"))
    page.goto(url("dashboard") + "no-such-page/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    axe(page)
