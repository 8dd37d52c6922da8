"""A desk officer logs an engagement with a follow-up action and follows it to the country page
and, once the action is past due, to their overdue list; every page passes axe-core."""

import datetime

import pytest
from playwright.sync_api import expect

from seccoop.partners.models import Counterpart, Country, OrganizationKind, PartnerOrganization

pytestmark = pytest.mark.browser


@pytest.fixture
def france(directorate):
    """France, with Tina at the desk and Uma as backup, and a counterpart at the ministry."""
    country = Country.objects.get(iso_code="FR")
    country.primary_desk_officer = directorate.teammate
    country.backup_desk_officer = directorate.underling
    country.save()
    ministry = PartnerOrganization.objects.create(
        name="Ministère des Armées", kind=OrganizationKind.MINISTRY, country=country
    )
    Counterpart.objects.create(
        organization=ministry,
        first_name="Claire",
        last_name="Dubois",
        role="Director of International Relations",
        email="claire.dubois@defense.gouv.example",
    )
    return country


def test_a_desk_officer_logs_an_engagement_and_finds_its_overdue_action(
    sign_in, url, axe, directorate, france
):
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    page = sign_in(directorate.teammate)

    page.goto(url("partners:country-detail", france.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text("France")
    expect(page.get_by_text("claire.dubois@defense.gouv.example")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Log an engagement").first.click()
    page.wait_for_url("**/partners/engagements/new/**")
    axe(page)
    page.get_by_label("Title").fill("Franco-American staff talks")
    page.get_by_label("Type").select_option(label="Staff talks")
    page.get_by_label("Starts on").fill(yesterday)
    page.get_by_label("Ends on", exact=True).fill(yesterday)
    page.get_by_label("Place").fill("Paris")
    counterparts = page.get_by_label("Counterparts")
    # Each is named with their organization and its country, to tell namesakes apart.
    claire = counterparts.locator("option", has_text="Claire Dubois")
    expect(claire).to_contain_text("(France)")
    counterparts.select_option(value=claire.get_attribute("value"))
    page.get_by_label("Follow-up action (optional)").fill("Send the record of the talks")
    page.get_by_label("Action due on").fill(yesterday)
    page.get_by_role("button", name="Log the engagement").click()

    page.wait_for_url("**/partners/engagements/*/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Franco-American staff talks")
    expect(
        page.get_by_text("The engagement “Franco-American staff talks” was logged.")
    ).to_be_visible()
    axe(page)

    page.goto(url("partners:country-detail", france.pk))
    actions = page.get_by_role("table", name="Open follow-up actions of engagements with France")
    expect(actions.get_by_text("Send the record of the talks")).to_be_visible()
    expect(actions.get_by_text("Overdue")).to_be_visible()
    engagements = page.get_by_role("region", name="Engagements")
    expect(engagements.get_by_role("link", name="Franco-American staff talks")).to_be_visible()
    axe(page)

    page.get_by_role("button", name="Work", exact=True).click()
    page.get_by_role("link", name="Engagements", exact=True).click()
    page.get_by_role("link", name="My actions").click()
    overdue = page.get_by_role("table", name="My follow-up actions past their due date")
    expect(overdue.get_by_role("rowheader", name="Send the record of the talks")).to_be_visible()
    axe(page)

    page.goto(url("partners:person-work", directorate.teammate.pk))
    expect(page.get_by_role("cell", name="6.A").first).to_be_visible()
    axe(page)
