"""Every controls page, as a foreign disclosure specialist sees it, passes axe-core."""

import pytest
from playwright.sync_api import expect

from tests.controls.builders import build_records, disclosure_specialist

pytestmark = pytest.mark.browser


def test_every_controls_page_passes_axe(sign_in, url, axe, directorate):
    dana = disclosure_specialist()
    records = build_records(dana)
    page = sign_in(dana.person)
    pages = [
        url("controls:index"),
        url("controls:disclosure-list"),
        url("controls:disclosure-new"),
        url("controls:delegation-list"),
        url("controls:delegation-new"),
        url("controls:delegation-detail", records["letter"].pk),
        url("controls:agreement-list"),
        url("controls:agreement-new"),
        url("controls:agreement-detail", records["agreement"].pk),
        url("controls:agreement-edit", records["agreement"].pk),
        url("controls:item-list"),
        url("controls:item-new"),
        url("controls:item-detail", records["item"].pk),
        url("controls:item-edit", records["item"].pk),
        url("controls:delinquencies"),
        url("controls:nominee-list"),
        url("controls:nominee-new"),
        url("controls:nominee-detail", records["nominee"].pk),
        url("controls:vetting-flags"),
        url("controls:constraint-list"),
        url("controls:constraint-new"),
        url("controls:constraint-detail", records["constraint"].pk),
        url("controls:constraint-edit", records["constraint"].pk),
        url("controls:import"),
        url("controls:export"),
        url("partners:country-detail", records["france"].pk),
    ]
    for address in pages:
        response = page.goto(address)
        assert response.status == 200, address
        axe(page)
    page.goto(url("controls:delinquencies"))
    overdue = page.get_by_role("table", name="1 inventory overdue, the longest overdue first")
    expect(overdue.get_by_role("link", name="Night vision goggles s/n NV-1")).to_be_visible()
    page.goto(url("partners:country-detail", records["france"].pk))
    panel = page.get_by_role("region", name="Foundational security agreements")
    expect(panel.get_by_role("link", name="U.S.–France GSOMIA")).to_be_visible()
