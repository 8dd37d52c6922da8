"""A foreign disclosure specialist decides a disclosure request country by country, then sees a
release to the country the decision denied refused; every page passes axe-core."""

import pytest
from playwright.sync_api import expect

from tests.controls.builders import build_records, disclosure_specialist

CRITERIA = [
    "Consistent with U.S. foreign policy and national security",
    "Consistent with U.S. military and security objectives",
    "Protected by the recipient substantially as by the United States",
    "Benefit to the United States at least equal to the value disclosed",
    "Limited to the information the purpose needs",
]


def fill_criteria(page, prefix=""):
    """Give the finding "Met" and a reason on every disclosure criterion of the form."""
    for criterion in CRITERIA:
        page.get_by_label(f"Finding: {criterion}", exact=True).select_option(label="Met")
        page.get_by_label(f"Why: {criterion}", exact=True).fill("Assessed against the request.")


pytestmark = pytest.mark.browser


def test_a_specialist_records_a_decision_and_sees_a_refused_release(sign_in, url, axe, directorate):
    dana = disclosure_specialist()
    request = build_records(dana)["request"]
    page = sign_in(dana.person)

    page.goto(url("controls:index"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Foreign disclosure and end-use controls"
    )
    axe(page)
    page.get_by_role("link", name="Disclosure requests").first.click()
    page.get_by_role("link", name="Radar performance data").click()
    page.wait_for_url(f"**/controls/disclosure/{request.pk}/")
    axe(page)

    page.get_by_label("Reasons").fill("France is a co-developer.")
    page.get_by_label("Conditions and limitations").fill("Interface data only.")
    page.get_by_label("Decision for Japan").select_option(label="Denied")
    fill_criteria(page)
    page.get_by_role("button", name="Approve with limitations").click()
    page.wait_for_url(f"**/controls/disclosure/{request.pk}/")
    expect(page.get_by_text("The request is now “Approved with limitations”.")).to_be_visible()
    decisions = page.get_by_role("table", name="The decision for each country")
    expect(decisions.get_by_role("row", name="Japan Denied")).to_be_visible()
    expect(decisions.get_by_role("row", name="France Approved with limitations")).to_be_visible()
    axe(page)

    page.get_by_label("Released to").select_option(label="Japan")
    page.get_by_role("button", name="Record the release").click()
    alert = page.get_by_role("alert").filter(has_text="Nothing was saved")
    expect(alert.get_by_text("did not approve a release to Japan (denied)")).to_be_visible()
    releases = page.get_by_role("table", name="What was released under this request")
    expect(releases.get_by_text("Nothing was released yet.")).to_be_visible()
    axe(page)

    page.get_by_label("Released to").select_option(label="France")
    page.get_by_role("button", name="Record the release").click()
    expect(page.get_by_text("The release was recorded.")).to_be_visible()
    expect(releases.get_by_role("rowheader", name="France")).to_be_visible()
    axe(page)
