"""The country page's logistics panel, My work, the API and the demo."""

import datetime
import json
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from seccoop.core.services import create_record
from seccoop.logistics import services
from seccoop.logistics.models import Acsa, AcsaOrder, SupplyArrangement
from tests.logistics.conftest import TODAY, order_data


def test_the_country_page_shows_the_countrys_acsa_and_its_open_orders(
    client, directorate, logistics
):
    client.force_login(directorate.teammate.user)
    html = client.get(reverse("partners:country-detail", args=[logistics.france.pk])).content
    html = html.decode()
    assert "ACSA-FR-01" in html
    assert "FR-26-0001" in html
    assert "Past its reconciliation day" in html


def test_the_country_page_leaves_out_orders_settled_in_full(client, directorate, logistics):
    services.settle_order(user=directorate.administrator.user, order=logistics.old_order, data={
        "settled_on": TODAY, "method": "payment", "amount": Decimal("10000.00")})  # fmt: skip
    client.force_login(directorate.teammate.user)
    html = client.get(reverse("partners:country-detail", args=[logistics.france.pk])).content
    assert "FR-26-0001" not in html.decode()


def test_the_country_page_shows_no_logistics_to_someone_who_sees_no_acsa(
    client, directorate, logistics
):
    client.force_login(directorate.outsider.user)
    html = client.get(reverse("partners:country-detail", args=[logistics.france.pk])).content
    assert "ACSA-FR-01" not in html.decode()


def test_the_country_page_with_many_orders_costs_a_fixed_number_of_queries(
    client, directorate, logistics, django_assert_max_num_queries
):
    for number in range(8):
        create_record(user=directorate.administrator.user, model=AcsaOrder,
                      data=order_data(logistics.french_acsa, f"FR-26-2{number:03d}"))  # fmt: skip
    client.force_login(directorate.teammate.user)
    # The country page's own bound (tests/partners) and the panel's second read.
    with django_assert_max_num_queries(25):
        client.get(reverse("partners:country-detail", args=[logistics.france.pk]))


def test_a_logistician_finds_past_due_orders_on_my_work(client, logistics):
    client.force_login(logistics.lena.user)
    html = client.get(reverse("dashboard")).content.decode()
    assert "ACSA orders past their reconciliation day" in html
    assert "FR-26-0001" in html


def test_the_api_gives_an_orders_open_balance_and_whether_it_is_past_due(api_as, logistics):
    response = api_as(logistics.lena).get(f"/api/v1/acsa-orders/{logistics.old_order.pk}")
    body = response.json()
    assert (body["open_balance"], body["past_due"]) == ("10000.00", True)


def test_the_api_refuses_a_settlement_above_the_open_balance_naming_the_amount(api_as, logistics):
    response = api_as(logistics.lena).post(
        f"/api/v1/acsa-orders/{logistics.old_order.pk}/settlements",
        data=json.dumps(
            {"settled_on": TODAY.isoformat(), "method": "payment", "amount": "20000.00"}
        ),  # fmt: skip
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "amount" in response.json()["errors"]


def test_the_api_lists_only_the_orders_past_due_when_asked(api_as, logistics):
    response = api_as(logistics.lena).get("/api/v1/acsa-orders", {"past_due": "true"})
    assert [item["number"] for item in response.json()["items"]] == ["FR-26-0001"]


def test_the_api_records_an_order_and_sets_its_reconciliation_day(api_as, settings, logistics):
    settings.SECCOOP_ACSA_RECONCILIATION_DAYS = {
        "reimbursement": 60, "replacement-in-kind": 365, "equal-value-exchange": 365}  # fmt: skip
    response = api_as(logistics.lena).post(
        f"/api/v1/acsas/{logistics.french_acsa.pk}/orders",
        data=json.dumps(
            {
                "number": "FR-26-0100",
                "direction": "received",
                "category": "billeting",
                "description": "Billeting at Istres",
                "payment_method": "reimbursement",
                "amount": "1200.00",
                "ordered_on": "2026-03-01",
            }
        ),  # fmt: skip
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["reconcile_by"] == str(datetime.date(2026, 4, 30))


def test_the_demo_has_agreements_orders_a_past_due_one_and_a_clssa(seed_framework):
    out = StringIO()
    call_command("load-demo", stdout=out)
    assert "cross-servicing agreements" in out.getvalue()
    assert Acsa.objects.filter(kind="acquisition-only").exists()
    assert Acsa.objects.filter(organization__kind="international", country=None).exists()
    assert services.past_due(AcsaOrder.objects.all()).exists()
    assert SupplyArrangement.objects.filter(kind="clssa", fmso_i_case__isnull=False).exists()
