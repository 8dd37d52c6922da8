"""The editing pages, with errors and a refused stale save, pass axe-core's WCAG 2.1 AA rules."""

import pytest
from playwright.sync_api import expect

from seccoop.core.services import update_record

pytestmark = pytest.mark.browser


def test_the_position_form_with_a_stale_save_refused_passes_axe(sign_in, url, axe, directorate):
    d = directorate
    position = d.teammate.position
    page = sign_in(d.workforce_manager)
    page.goto(url("workforce:position-edit", position.pk))
    # Ada saves while Walter has the form open.
    update_record(
        user=d.administrator.user,
        record=position,
        changes={"title": "Senior Desk Officer (Tina)"},
        expected_version=position.version,
    )
    page.get_by_label("Title").fill("Lead Desk Officer (Tina)")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("body")).to_contain_text(
        "Someone else (Ada Administrator) changed this position"
    )
    axe(page)


def test_the_position_form_with_a_field_error_passes_axe(sign_in, url, axe, directorate):
    d = directorate
    page = sign_in(d.workforce_manager)
    page.goto(url("workforce:position-edit", d.alpha_lead.position.pk))
    page.get_by_label("Reports to").select_option(label="Desk Officer (Tina)")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("body")).to_contain_text("its own ancestor")
    axe(page)


def test_the_template_levels_form_and_the_role_types_pass_axe(sign_in, url, axe, directorate):
    d = directorate
    page = sign_in(d.workforce_manager)
    page.goto(url("workforce:roletype-list"))
    axe(page)
    page.goto(url("workforce:template-requirements", d.role_type.templates.get().pk))
    axe(page)


def test_the_detail_pages_with_edit_and_archive_buttons_pass_axe(sign_in, url, axe, directorate):
    d = directorate
    page = sign_in(d.workforce_manager)
    for address in (
        url("workforce:person-detail", d.teammate.pk),
        url("workforce:position-detail", d.teammate.position.pk),
        url("workforce:orgunit-detail", d.alpha.pk),
        url("workforce:orgunit-create"),
    ):
        page.goto(address)
        axe(page)
