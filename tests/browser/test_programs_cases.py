"""A desk officer takes an FMS case from the partner's request through its proposal, the
congressional notification and the offer, through the pages; every page visited passes axe-core."""

import datetime

import pytest
from playwright.sync_api import expect

from seccoop.partners.models import Country
from seccoop.programs.models import Case

pytestmark = pytest.mark.browser


@pytest.fixture
def france(directorate):
    """France, with Tina at the desk."""
    country = Country.objects.get(iso_code="FR")
    country.primary_desk_officer = directorate.teammate
    country.save()
    return country


def take(page, button: str) -> None:
    """Press a button of the case page and wait for the page it leads back to."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def test_a_desk_officer_takes_an_fms_case_from_request_received_through_notification_to_offered(
    sign_in, url, axe, directorate, france
):
    today = datetime.date.today()
    page = sign_in(directorate.teammate)

    page.goto(url("programs:case-list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sales and transfer cases")
    axe(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Open a case").click()
    page.wait_for_url("**/programs/cases/new/")
    axe(page)
    page.get_by_label("Identifier", exact=True).fill("FR-D-SAB")
    page.get_by_label("Title", exact=True).fill("KC-135 aerial refueling pods")
    page.get_by_label("Country", exact=True).select_option(label="France")
    page.get_by_label("Implementing agency", exact=True).select_option(
        label="Department of the Air Force"
    )
    page.get_by_label("Legal authority", exact=True).select_option(
        label="AECA section 22 (procurement for cash sales)"
    )
    # Above $25 million of major defense equipment, a sale to a NATO member is notified.
    page.get_by_label("Major defense equipment value", exact=True).fill("26000000")
    page.get_by_label("Received on", exact=True).fill(
        (today - datetime.timedelta(days=3)).isoformat()
    )
    page.get_by_label("Requested response", exact=True).select_option(
        label="Letter of Offer and Acceptance"
    )
    page.get_by_label("Funding source", exact=True).select_option(label="National funds")
    page.get_by_label("Desired delivery date", exact=True).fill("2028-06-30")
    for name in ("from_authorized_official", "through_proper_channels", "items_described",
                 "end_use_stated", "total_package_considered"):  # fmt: skip
        page.locator(f"label[for=id_request-{name}]").click()
    take(page, "Open the case")

    page.wait_for_url("**/programs/cases/*/")
    expect(page.get_by_text("The case FR-D-SAB was opened.")).to_be_visible()
    expect(page.get_by_text("Request received", exact=True).first).to_be_visible()
    lacks = page.get_by_role("list", name="What the request lacks")
    expect(lacks.get_by_text("a point of contact in the purchaser's government")).to_be_visible()
    axe(page)

    # The intake checklist stops the request until it is complete.
    take(page, "Mark the request complete")
    expect(page.get_by_text("The case was not moved")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Update the request and its checklist").click()
    axe(page)
    page.locator("label[for=id_request-point_of_contact]").click()
    take(page, "Save the request")
    expect(page.get_by_text("The intake checklist is complete.")).to_be_visible()

    take(page, "Mark the request complete")
    expect(page.get_by_text("FR-D-SAB is now request complete.")).to_be_visible()
    take(page, "Start case development")

    page.locator("#id_line-description").fill("Refueling pods")
    page.locator("#id_line-quantity").fill("4")
    page.locator("#id_line-unit_value").fill("7500000")
    take(page, "Add the line")
    take(page, "Mark the case written")
    expect(page.get_by_text("FR-D-SAB is now written.")).to_be_visible()

    page.get_by_label("Person to assign", exact=True).select_option(label="Tina Teammate")
    page.get_by_label("Role", exact=True).select_option(label="Case manager")
    take(page, "Assign")
    take(page, "Mark the case reviewed")

    page.get_by_label("Payment due on", exact=True).fill(
        (today + datetime.timedelta(days=30)).isoformat()
    )
    page.get_by_label("Amount (U.S. dollars)", exact=True).fill("30000000")
    page.locator("#id_payment-description").fill("Initial deposit")
    take(page, "Schedule the payment")

    # The implementing agency approves the offer (MILAP); its expiration counts from today.
    take(page, "Approve and propose the case (MILAP)")
    expect(page.get_by_text("FR-D-SAB is now proposed.")).to_be_visible()
    take(page, "Record DSCA's approval")
    # The notification is required and the offer waits for it.
    take(page, "Offer the case")
    expect(page.get_by_text("The case was not moved")).to_be_visible()
    clearance = page.get_by_role("form", name="Record the State Department's clearance")
    clearance.get_by_label("State Department clearance on", exact=True).fill(
        (today - datetime.timedelta(days=20)).isoformat()
    )
    take(page, "Record the State Department's clearance")
    notice = page.get_by_role("form", name="Record the notification to Congress")
    notice.get_by_label("Congress notified on", exact=True).fill(
        (today - datetime.timedelta(days=15)).isoformat()
    )
    notice.get_by_label("Notification reference", exact=True).fill("26-12")
    take(page, "Record the notification to Congress")
    review = page.get_by_role("region", name="Congressional review")
    expect(review.get_by_text("15-day review under AECA 36(b)(1)")).to_be_visible()
    axe(page)

    offer = page.get_by_role("form", name="Offer the case")
    offer.get_by_label("Note", exact=True).fill("Offer sent to the embassy.")
    take(page, "Offer the case")

    expect(page.get_by_text("FR-D-SAB is now offered.")).to_be_visible()
    expiry = today + datetime.timedelta(days=85)
    clock = page.get_by_role("region", name="Offer expiry")
    expect(clock.get_by_text(expiry.strftime("%-d %b %Y"))).to_be_visible()
    log = page.get_by_role(
        "table", name="Every move of FR-D-SAB through its workflow, oldest first"
    )
    expect(log.get_by_text("Offer sent to the embassy.")).to_be_visible()
    axe(page)
    case = Case.objects.get(identifier="FR-D-SAB")
    assert (case.state, case.offer_expires_on) == ("offered", expiry)


def test_the_case_portfolio_pages_pass_axe(sign_in, url, axe, directorate, france):
    page = sign_in(directorate.teammate)

    for name in ("case-pipeline", "case-data-quality", "case-export", "case-import"):
        page.goto(url(f"programs:{name}"))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe(page)


def test_a_desk_officer_amends_an_accepted_case_from_its_page_which_passes_axe(
    sign_in, url, axe, directorate, france
):
    from decimal import Decimal

    from seccoop.programs.services import cases as services

    case = services.open_case(
        user=directorate.administrator.user,
        case={"identifier": "FR-D-AMD", "title": "Refueling pods", "country": france},
        request={"received_on": datetime.date(2026, 1, 5)},
    )
    services.add_line(
        user=directorate.administrator.user,
        case=case,
        description="Refueling pods",
        unit_value=Decimal("1000000"),
    )
    Case.objects.filter(pk=case.pk).update(
        state="implemented", accepted_on=datetime.date(2026, 3, 1), signed_by="Gen. Martin"
    )
    page = sign_in(directorate.teammate)
    page.goto(url("programs:case-detail", case.pk))

    versions = page.get_by_role("region", name="Versions")
    versions.get_by_label("Kind of change").select_option("amendment")
    versions.get_by_label("Purpose and reason").fill("Adds a spare pod the purchaser asked for.")
    versions.get_by_label("Case value after the change (U.S. dollars)").fill("1400000")
    take(page, "Write the change")
    expect(versions.get_by_text("Amendment 1 (A01)").first).to_be_visible()
    take(page, "Approve and offer the amendment")

    expect(versions.get_by_role("cell", name="Offered", exact=True)).to_be_visible()
    expect(versions.get_by_text("Current version").first).to_be_visible()
    axe(page)
