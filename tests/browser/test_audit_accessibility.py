"""The audit log page passes axe-core's WCAG 2.1 AA rules, with entries of every shape."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_audit_log_passes_axe(sign_in, url, axe, directorate):
    page = sign_in(directorate.administrator)
    # The records of the directorate (with their values) and this sign-in fill the log.
    page.goto(url("audit-list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    axe(page)
