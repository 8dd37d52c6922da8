"""No page scrolls sideways at 1366 px, for any demo persona; the heatmap workspace passes axe.

Each persona of the demo directorate (`seccoop load-demo`) signs in, opens
every page their navigation offers that no earlier persona opened, and from
each the first record it links to (a person, a country, a case...): the page
itself must fit the window's width. Each address is checked once, which keeps
the test to minutes. Wide tables scroll inside their own box instead
(`usa-table-container--scrollable`).
"""

import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WIDTH = 1366
# A record's own page: its address ends in its number.
DETAIL = re.compile(r"/\d+/$")
# Addresses that download, sign out or change something when opened.
NOT_PAGES = re.compile(r"(export|download|\.ics|\.csv|\.xlsx|logout|/admin/)")

SCROLLS_SIDEWAYS = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const wide = [...document.querySelectorAll("main *")]
    .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1)
    .filter(el => !el.closest(".usa-table-container--scrollable, [hidden]"))
    .slice(0, 3)
    .map(el => el.tagName.toLowerCase() + "." + String(el.className).split(" ").join("."));
  return root.scrollWidth + " px wide; widest: " + wide.join(", ");
}"""


ACCOUNT = re.compile(r"^  (\S+)\s+(\S+)\s{2,}(.+)$", re.MULTILINE)


@pytest.fixture
def demo(seed_framework) -> list[tuple[str, str]]:
    """The demo's accounts as `load-demo` prints them: (username, password)."""
    out = StringIO()
    call_command("load-demo", stdout=out)
    return [(username, password) for username, password, _ in ACCOUNT.findall(out.getvalue())]


def sign_in_as(page, url, username, password):
    page.context.clear_cookies()
    page.goto(url("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.locator("label[for=id_consent]").click()
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(url("dashboard"))


def navigation_links(page) -> list[str]:
    hrefs = page.locator("nav[aria-label='Primary navigation'] a[href]").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    return list(dict.fromkeys(href for href in hrefs if not NOT_PAGES.search(href)))


def first_record(page) -> str | None:
    hrefs = page.locator("main a[href]").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    for href in hrefs:
        path = urlsplit(href).path
        if href.startswith("/") and DETAIL.search(path) and not NOT_PAGES.search(href):
            return path
    return None


def too_wide(page, address) -> str | None:
    response = page.goto(address)
    if response is None or response.status >= 400:
        return f"{address} answered {response.status if response else 'nothing'}"
    problem = page.evaluate(SCROLLS_SIDEWAYS)
    return f"{address}: {problem}" if problem else None


def test_no_page_a_demo_persona_reaches_scrolls_sideways_at_1366_px(page, live_server, url, demo):
    page.set_viewport_size({"width": WIDTH, "height": 900})
    problems = []
    assert len(demo) >= 6, demo
    # Each page is checked once, for the first persona who reaches it: the
    # administrator first, who reaches the most and sees the most data.
    seen = set()
    for username, password in sorted(demo, key=lambda account: account[0] != "admin"):
        sign_in_as(page, url, username, password)
        for link in navigation_links(page):
            if link in seen:
                continue
            seen.add(link)
            if (problem := too_wide(page, live_server.url + link)) is not None:
                problems.append(f"{username}: {problem}")
            record = first_record(page)
            if record and record not in seen:
                seen.add(record)
                if (problem := too_wide(page, live_server.url + record)) is not None:
                    problems.append(f"{username}: {problem}")
    assert not problems, "Pages wider than the window:\n" + "\n".join(problems)


def test_the_heatmap_workspace_is_accessible_sorted_and_with_its_top_gaps(
    sign_in, url, directorate, axe
):
    page = sign_in(directorate.leader)
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto(url("workforce:heatmap", unit=directorate.division.pk))
    page.get_by_role("link", name="People short").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"sort=gap"))
    expect(page.get_by_role("columnheader", name="People short")).to_have_attribute(
        "aria-sort", "descending"
    )
    expect(
        page.get_by_role("heading", name="Top gaps in Armaments Cooperation Division")
    ).to_be_visible()
    assert page.evaluate(SCROLLS_SIDEWAYS) is None
    axe(page)
