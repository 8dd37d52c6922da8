"""The import and export pages pass axe-core's WCAG 2.1 AA rules, errors shown included."""

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in(page, live_server, url, directorate):
    """Walter the workforce manager, with a session opened directly."""
    client = Client()
    client.force_login(directorate.workforce_manager.user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


def test_the_import_page_listing_errors_passes_axe(signed_in, url, axe, tmp_path):
    source = tmp_path / "units.csv"
    source.write_text("external_id,name,nickname\nA,,x\n", encoding="utf-8")
    page = signed_in
    page.goto(url("workforce:import"))
    page.get_by_label("Table").select_option("orgunits")
    page.locator("#id_file").set_input_files(str(source))
    page.get_by_role("button", name="Import").click()
    page.get_by_text("The file was not imported").wait_for()
    axe(page)


def test_the_export_page_passes_axe(signed_in, url, axe):
    page = signed_in
    page.goto(url("workforce:export"))
    axe(page)
