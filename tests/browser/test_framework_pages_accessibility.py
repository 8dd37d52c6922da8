"""The framework browser pages pass axe-core's WCAG 2.1 AA rules, and search works in a browser."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def sign_in(page, live_server, url):
    """Open a session for a persona directly; the sign-in page has tests of its own."""

    def sign_in_as(person):
        client = Client()
        client.force_login(person.user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
        return page

    return sign_in_as


def test_the_framework_list_with_the_import_form_passes_axe(sign_in, url, axe, directorate):
    page = sign_in(directorate.workforce_manager)
    page.goto(url("competencies:framework-list"))
    axe(page)


def test_an_import_error_passes_axe(sign_in, url, axe, directorate, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"CFDocument": {"title": "No identifier"}}')
    page = sign_in(directorate.administrator)
    page.goto(url("competencies:framework-list"))
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    page.get_by_text("The file was not imported").wait_for()
    axe(page)


def test_the_framework_page_passes_axe(sign_in, url, axe, directorate):
    page = sign_in(directorate.teammate)
    page.goto(url("competencies:framework-detail", "dod-security-cooperation"))
    axe(page)


def test_searching_a_framework_updates_the_results_in_place(sign_in, url, axe, directorate):
    page = sign_in(directorate.teammate)
    page.goto(url("competencies:framework-detail", "dod-security-cooperation"))
    page.get_by_label("Search code, title or text").fill("4.C")
    page.get_by_text("1 item matches your search").wait_for()
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    axe(page)


def test_the_competency_page_passes_axe(sign_in, url, axe, directorate):
    page = sign_in(directorate.teammate)
    page.goto(url("competencies:competency-detail", "dod-security-cooperation", "4.0"))
    axe(page)
