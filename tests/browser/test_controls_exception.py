"""A foreign disclosure specialist takes a request above a country's ceiling through an
exception to National Disclosure Policy to its release; every page passes axe-core."""

import datetime

import pytest

from seccoop.controls import disclosure_policy, services
from seccoop.controls.models import ReviewKind
from seccoop.partners.models import Country
from seccoop.programs.models import Program
from tests.browser.test_controls_disclosure import fill_criteria
from tests.controls.builders import TODAY, disclosure_specialist, submitter

pytestmark = pytest.mark.browser


def _secret_request_for_japan(dana):
    japan = Country.objects.get(iso_code="JP")
    disclosure_policy.record_ceiling(
        user=dana,
        country=japan,
        category="3",
        level="C",
        effective_on=datetime.date(2026, 1, 1),
        source_note="Entered for the test",
    )
    request = services.submit_disclosure_request(
        user=submitter(),
        data=services.DisclosureData(
            title="Radar cross-section summary",
            category="3",
            information_level="S",
            submitted_on=TODAY,
            countries=[japan],
            program=Program.objects.create(name="Coalition radar"),
            reviews=[ReviewKind.TECHNOLOGY_SECURITY],
        ),
    )
    services.move_disclosure_request(user=dana, request=request, name="start-review")
    services.complete_review(
        user=dana, review=request.reviews.get(), outcome="concur", completed_on=TODAY
    )
    return request


def test_a_specialist_takes_a_request_above_the_ceiling_through_an_exception_to_release(
    sign_in, url, axe, directorate
):
    dana = disclosure_specialist()
    request = _secret_request_for_japan(dana)
    page = sign_in(dana.person)

    page.goto(url("controls:disclosure-detail", request.pk))
    flag = page.get_by_role("region", name="Needs an exception")
    assert flag.get_by_text("SECRET exceeds the category 3 ceiling of CONFIDENTIAL").is_visible()
    axe(page)

    # Approval is refused while no exception covers Japan.
    page.get_by_label("Reasons").fill("Japan co-develops the antenna.")
    fill_criteria(page)
    page.get_by_role("button", name="Approve", exact=True).click()
    assert page.get_by_text("Japan needs an approved exception").first.is_visible()
    axe(page)

    page.goto(url("controls:disclosure-detail", request.pk))
    page.get_by_role("link", name="Prepare an exception").click()
    page.get_by_label("What", exact=True).fill("Summary radar cross-section tables, SECRET.")
    page.get_by_label("Why", exact=True).fill(
        "Japan co-develops the antenna; the tables set its limits."
    )
    fill_criteria(page)
    axe(page)
    page.get_by_role("button", name="Prepare the exception").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Exception to National Disclosure Policy"
    )
    axe(page)

    page.get_by_role("button", name="Submit to the committee").click()
    assert page.get_by_text("The exception is now “Submitted to the committee”.").is_visible()
    page.get_by_label("Committee decision reference").fill("NDPC 26-014")
    page.get_by_label("Conditions set by the committee").fill("Visual disclosure only.")
    page.get_by_role("button", name="Record approval with conditions").click()
    assert page.get_by_text("The exception is now “Approved with conditions”.").is_visible()
    axe(page)

    page.get_by_role("link", name="Radar cross-section summary").click()
    page.get_by_label("Reasons").fill("Under the approved exception.")
    fill_criteria(page)
    page.get_by_role("button", name="Approve", exact=True).click()
    assert page.get_by_text("The request is now “Approved”.").is_visible()
    decisions = page.get_by_role("table", name="The decision for each country")
    assert decisions.get_by_text("Exception conditions: Visual disclosure only.").is_visible()
    axe(page)

    page.get_by_label("Released to").select_option(label="Japan")
    page.get_by_label("Disclosure method").select_option(label="Visual")
    page.get_by_role("button", name="Record the release").click()
    assert page.get_by_text("The release was recorded.").is_visible()
    releases = page.get_by_role("table", name="What was released under this request")
    assert releases.get_by_role("rowheader", name="Japan").is_visible()
    axe(page)
