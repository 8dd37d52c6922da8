"""A supervisor follows a rating from the team rating page to the gap heatmap."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def heatmap_cell(page, row_header: str, code: str):
    """The cell of the heatmap in the row headed `row_header`, under the column `code`."""
    headers = [header.strip() for header in page.locator("table thead th").all_inner_texts()]
    row = page.locator("table tbody tr").filter(has=page.get_by_role("rowheader", name=row_header))
    return row.locator("th, td").nth(headers.index(code))


def alpha_cell(page, code: str):
    """The link in the Alpha Team row under a sub-competency; its text starts with the figure."""
    return heatmap_cell(page, "Alpha Team", code).locator("a")


def reads(figure: str) -> re.Pattern:
    """The text of a cell that a sighted user reads as `figure` (what follows is for others)."""
    return re.compile(rf"^\s*{re.escape(figure)}(?!\d)")


def test_a_supervisor_sees_the_heatmap_cell_change_after_rating_a_team_member(
    sign_in, url, directorate
):
    d = directorate
    page = sign_in(d.alpha_lead)
    page.goto(url("workforce:heatmap", unit=d.division.pk))
    # Nobody in the alpha team has been rated on 1.A yet.
    expect(alpha_cell(page, "1.A")).to_have_text(reads("0%"))

    page.goto(url("workforce:rate-team"))
    page.get_by_label("Sub-competency", exact=True).select_option("1.A")
    page.get_by_role("button", name="Show this sub-competency").click()
    page.get_by_label("Level for Tina Teammate").select_option("3")
    page.get_by_role("button", name="Record ratings").click()
    expect(page.get_by_text("Recorded 1 rating on 1.A.")).to_be_visible()

    page.goto(url("workforce:heatmap", unit=d.division.pk))
    # Tina now meets the requirement of 3; Uma does not: half the team.
    expect(alpha_cell(page, "1.A")).to_have_text(reads("50%"))
    page.screenshot(path="/tmp/heatmap.png", full_page=True)


def test_a_heatmap_cell_opens_the_units_people_with_its_column_highlighted(
    sign_in, url, directorate
):
    d = directorate
    page = sign_in(d.alpha_lead)
    page.goto(url("workforce:heatmap", unit=d.division.pk))
    heatmap_cell(page, "Alpha Team", "1.D").get_by_role("link").click()
    page.wait_for_url("**/workforce/heatmap/people/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("People of Alpha Team")
    expect(page.locator("th.seccoop-heat__chosen")).to_have_text(re.compile(r"^1\.D"))
