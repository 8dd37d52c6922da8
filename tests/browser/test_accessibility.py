"""Every page of the dashboard, heatmap and rating area passes axe-core's WCAG 2.1 AA rules."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_sign_in_page_passes_axe(page, url, axe, db):
    page.goto(url("login"))
    axe(page)


def test_the_dashboard_of_a_supervisor_passes_axe(sign_in, axe, directorate):
    axe(sign_in(directorate.alpha_lead))


def test_the_dashboard_of_someone_with_no_team_passes_axe(sign_in, axe, directorate):
    axe(sign_in(directorate.teammate))


def test_the_directorate_dashboard_passes_axe(sign_in, axe, directorate):
    axe(sign_in(directorate.workforce_manager))


@pytest.mark.parametrize("measure", ["share", "shortfall"])
def test_the_unit_heatmap_passes_axe(sign_in, url, axe, directorate, measure):
    page = sign_in(directorate.leader)
    page.goto(url("workforce:heatmap", unit=directorate.division.pk, measure=measure))
    axe(page)


def test_the_people_heatmap_passes_axe(sign_in, url, axe, directorate):
    page = sign_in(directorate.alpha_lead)
    page.goto(url("workforce:heatmap-people", unit=directorate.alpha.pk, competency="1.A"))
    axe(page)


def test_the_team_rating_page_passes_axe(sign_in, url, axe, directorate):
    page = sign_in(directorate.alpha_lead)
    page.goto(url("workforce:rate-team", competency="1.A"))
    axe(page)


def test_the_accessibility_check_reports_a_violation(page, url, axe, db):
    page.goto(url("login"))
    page.evaluate("() => document.querySelector('#id_username').removeAttribute('id')")
    with pytest.raises(pytest.fail.Exception, match="label"):
        axe(page)


def test_a_navigation_menu_opens_from_the_keyboard_and_passes_axe_open(sign_in, axe, directorate):
    page = sign_in(directorate.workforce_manager)
    work = page.get_by_role("button", name="Work", exact=True)
    expect(work).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Countries", exact=True)).to_be_hidden()
    work.focus()
    page.keyboard.press("Enter")
    expect(work).to_have_attribute("aria-expanded", "true")
    axe(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Countries")
    expect(work).to_have_class(re.compile(r"(^|\s)usa-current(\s|$)"))
