"""A desk officer opens France's case portfolio from the country page and records the
delivery of a line designated for enhanced end-use monitoring; every page passes axe-core."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from seccoop.controls.models import EndUseItem
from seccoop.partners.models import Country
from seccoop.programs.models import Case, CaseState
from seccoop.programs.services import cases as services

pytestmark = pytest.mark.browser


@pytest.fixture
def france(directorate):
    """France, with Tina at the desk."""
    country = Country.objects.get(iso_code="FR")
    country.primary_desk_officer = directorate.teammate
    country.save()
    return country


@pytest.fixture
def accepted_case(directorate, france):
    """An accepted French case with a line of two missiles designated for EEUM."""
    user = directorate.teammate.user
    case = services.open_case(
        user=user,
        case={
            "identifier": f"{france.sc_customer_code or 'FR'}-D-EEU",
            "title": "Air-to-air missiles",
            "country": france,
            "description": "Missiles and their support.",
        },
    )
    services.add_line(
        user=user,
        case=case,
        description="Air-to-air missiles",
        item_code="F1K 1005-00-056-6753",
        quantity=2,
        unit_value=Decimal("1000000"),
        significant_military_equipment=True,
        major_defense_equipment=True,
        enhanced_monitoring=True,
    )
    Case.objects.filter(pk=case.pk).update(
        state=CaseState.ACCEPTED, accepted_on=datetime.date.today()
    )
    return case


def test_a_desk_officer_opens_the_country_portfolio_and_delivers_an_eeum_line(
    sign_in, url, axe, directorate, france, accepted_case
):
    page = sign_in(directorate.teammate)

    page.goto(url("partners:country-detail", france.pk))
    with page.expect_navigation():
        page.get_by_role("link", name="The case portfolio of France", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases of France")
    table = page.get_by_role("table", name="Each case with its stage")
    expect(table.get_by_role("link", name=accepted_case.identifier, exact=True)).to_be_visible()
    expect(table.get_by_text("Accepted", exact=True)).to_be_visible()
    axe(page)

    with page.expect_navigation():
        table.get_by_role("link", name=accepted_case.identifier, exact=True).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Record a delivery of line 1", exact=True).click()
    axe(page)
    page.get_by_label("Articles delivered", exact=True).fill("2")
    page.get_by_label("Serial numbers", exact=True).fill("AIM-0001\nAIM-0002")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the delivery", exact=True).click()

    expect(page.get_by_text("2 of 2 delivered.")).to_be_visible()
    assert EndUseItem.objects.filter(case=accepted_case, monitoring="enhanced").count() == 2
