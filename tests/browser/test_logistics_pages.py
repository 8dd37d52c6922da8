"""Every logistics page, as a multinational logistician sees it, passes axe-core."""

import pytest

from seccoop.core.services import create_record
from seccoop.logistics.models import SupplyArrangement
from tests.logistics.conftest import build_logistics

pytestmark = pytest.mark.browser


@pytest.fixture
def logistics(directorate):
    return build_logistics(directorate)


def test_every_logistics_page_passes_axe(sign_in, url, axe, directorate, logistics):
    lena = logistics.lena
    supply = create_record(user=lena.user, model=SupplyArrangement, data={
        "country": logistics.france, "kind": "clssa", "title": "France common-item CLSSA",
        "implementing_agency": "air-force", "status": "proposed",
        "org_unit": logistics.team})  # fmt: skip
    page = sign_in(lena)
    acsa, order = logistics.french_acsa.pk, logistics.old_order.pk
    pages = [
        url("logistics:acsa-list"),
        url("logistics:acsa-new"),
        url("logistics:acsa-detail", acsa),
        url("logistics:acsa-edit", acsa),
        url("logistics:arrangement-new", acsa),
        url("logistics:order-new", acsa),
        url("logistics:order-list"),
        url("logistics:order-detail", order),
        url("logistics:order-edit", order),
        url("logistics:supply-list"),
        url("logistics:supply-new"),
        url("logistics:supply-detail", supply.pk),
        url("logistics:supply-edit", supply.pk),
        url("dashboard"),
    ]
    for address in pages:
        response = page.goto(address)
        assert response.status == 200, address
        axe(page)


def test_a_logistician_records_a_settlement_and_the_order_leaves_the_past_due_list(
    sign_in, url, directorate, logistics
):
    page = sign_in(logistics.lena)
    page.goto(url("logistics:order-detail", logistics.old_order.pk))
    assert page.get_by_text("This order is past its reconciliation day").is_visible()
    form = page.get_by_role("group", name="Record a settlement")
    form.get_by_label("Method").select_option("payment")
    form.get_by_label("Amount").fill("10000.00")
    form.get_by_label("Reference").fill("INV-FR-1")
    page.get_by_role("button", name="Record the settlement").click()
    assert page.get_by_role("cell", name="INV-FR-1").is_visible()
    page.goto(url("logistics:order-list", past_due="true"))
    assert page.get_by_text("No order you may see matches these filters.").is_visible()
