"""ACSA orders: open balances, settlements and the reconciliation clock."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from seccoop.core.services import ConcurrentEditError, create_record, update_record
from seccoop.logistics import services
from seccoop.logistics.models import Acsa, AcsaOrder, OrderSettlement
from tests.logistics.conftest import TODAY, order_data


def flagged(order) -> bool:
    return services.with_balances(AcsaOrder.objects.filter(pk=order.pk)).get().past_due


def test_an_acsa_order_past_its_reconciliation_date_is_flagged(logistics):
    assert flagged(logistics.old_order)


def test_an_acsa_order_before_its_reconciliation_date_is_not_flagged(logistics):
    assert not flagged(logistics.new_order)


def test_the_order_list_flags_the_order_past_its_reconciliation_date(client, logistics):
    client.force_login(logistics.lena.user)
    html = client.get(reverse("logistics:order-list"), {"past_due": "true"}).content.decode()
    assert "FR-26-0001" in html
    assert "Past its reconciliation day" in html
    assert "FR-26-0002" not in html


def test_an_order_settled_in_full_is_not_flagged_after_its_reconciliation_date(
    directorate, logistics
):
    order = logistics.old_order
    services.settle_order(user=directorate.administrator.user, order=order, data={
        "settled_on": TODAY, "method": "payment", "amount": Decimal("10000.00")})  # fmt: skip
    assert not flagged(order)


def test_a_partial_settlement_leaves_the_rest_as_the_open_balance(directorate, logistics):
    order = logistics.old_order
    services.settle_order(user=directorate.administrator.user, order=order, data={
        "settled_on": TODAY, "method": "payment", "amount": Decimal("2500.00")})  # fmt: skip
    annotated = services.with_balances(AcsaOrder.objects.filter(pk=order.pk)).get()
    assert annotated.open_balance == Decimal("7500.00")


def test_a_settlement_above_the_open_balance_is_refused_naming_the_amount(directorate, logistics):
    with pytest.raises(ValidationError) as refused:
        services.settle_order(user=directorate.administrator.user, order=logistics.old_order,
                              data={"settled_on": TODAY, "method": "payment",
                                    "amount": Decimal("10000.01")})  # fmt: skip
    assert (
        "open balance of order FR-26-0001 is $10,000.00" in refused.value.message_dict["amount"][0]
    )
    assert not OrderSettlement.objects.exists()


def test_a_reimbursement_order_is_not_settled_by_replacement_in_kind(directorate, logistics):
    with pytest.raises(ValidationError) as refused:
        services.settle_order(user=directorate.administrator.user, order=logistics.old_order,
                              data={"settled_on": TODAY, "method": "replacement",
                                    "amount": Decimal("100.00")})  # fmt: skip
    assert "method" in refused.value.message_dict


def test_a_replacement_in_kind_order_may_be_settled_in_money(directorate, logistics):
    admin = directorate.administrator.user
    order = create_record(user=admin, model=AcsaOrder, data=order_data(
        logistics.french_acsa, "FR-26-0003", payment_method="replacement-in-kind"))  # fmt: skip
    services.settle_order(user=admin, order=order, data={
        "settled_on": TODAY, "method": "payment", "amount": Decimal("10000.00")})  # fmt: skip
    assert not flagged(order)


def test_an_order_takes_its_reconciliation_day_from_the_setting_for_its_payment_method(
    settings, directorate, logistics
):
    settings.SECCOOP_ACSA_RECONCILIATION_DAYS = {
        "reimbursement": 30, "replacement-in-kind": 200, "equal-value-exchange": 200}  # fmt: skip
    delivered = datetime.date(2026, 1, 10)
    order = create_record(user=directorate.administrator.user, model=AcsaOrder, data=order_data(
        logistics.japanese_acsa, "JP-26-0001", payment_method="replacement-in-kind",
        ordered_on=datetime.date(2026, 1, 5), delivered_on=delivered))  # fmt: skip
    assert order.reconcile_by == delivered + datetime.timedelta(days=200)


def test_an_implementing_arrangement_sets_its_own_reconciliation_period(directorate, logistics):
    admin = directorate.administrator.user
    update_record(user=admin, record=logistics.arrangement, changes={"reconciliation_days": 45},
                  expected_version=logistics.arrangement.version)  # fmt: skip
    order = create_record(user=admin, model=AcsaOrder, data=order_data(
        logistics.french_acsa, "FR-26-0004", arrangement=logistics.arrangement,
        ordered_on=datetime.date(2026, 2, 1), delivered_on=None))  # fmt: skip
    assert order.reconcile_by == datetime.date(2026, 3, 18)


def test_an_order_is_placed_only_under_an_agreement_in_force(directorate, logistics):
    admin = directorate.administrator.user
    acsa = create_record(user=admin, model=Acsa, data={
        "country": logistics.japan, "identifier": "ACSA-JP-02", "title": "Draft",
        "status": "negotiating"})  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        create_record(user=admin, model=AcsaOrder, data=order_data(acsa, "JP-26-0009"))
    assert refused.value.message_dict["acsa"] == [
        "Orders are placed only under an agreement in force."
    ]


def test_an_acquisition_only_agreement_takes_no_transfer_orders(directorate, logistics):
    admin = directorate.administrator.user
    acsa = create_record(user=admin, model=Acsa, data={
        "country": logistics.japan, "identifier": "ACSA-JP-03", "title": "Acquisition only",
        "kind": "acquisition-only", "status": "in-force", "signed_on": TODAY})  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        create_record(user=admin, model=AcsaOrder, data=order_data(acsa, "JP-26-0010"))
    assert "10 U.S.C. 2341" in refused.value.message_dict["direction"][0]


def test_an_order_with_no_value_is_refused_naming_the_amount(directorate, logistics):
    with pytest.raises(ValidationError) as refused:
        create_record(user=directorate.administrator.user, model=AcsaOrder, data=order_data(
            logistics.french_acsa, "FR-26-0011", amount=Decimal("0")))  # fmt: skip
    assert "amount" in refused.value.message_dict
    assert not AcsaOrder.objects.filter(number="FR-26-0011").exists()


def test_an_order_edited_against_a_stale_version_is_refused(directorate, logistics):
    admin = directorate.administrator.user
    order = logistics.new_order
    stale = order.version
    update_record(user=admin, record=order, changes={"notes": "First"}, expected_version=stale)
    with pytest.raises(ConcurrentEditError):
        update_record(user=admin, record=order, changes={"notes": "Second"},
                      expected_version=stale)  # fmt: skip


def test_every_change_to_an_order_is_kept_in_its_history(directorate, logistics):
    order = logistics.new_order
    update_record(user=logistics.lena.user, record=order, changes={"notes": "Invoice sent"},
                  expected_version=order.version)  # fmt: skip
    latest = order.history.order_by("-history_id").first()
    assert latest.notes == "Invoice sent"
    assert latest.history_user == logistics.lena.user


def test_a_settlement_is_recorded_from_the_order_page(client, logistics):
    client.force_login(logistics.lena.user)
    client.post(reverse("logistics:settlement-new", args=[logistics.old_order.pk]), {
        "settled_on": TODAY.isoformat(), "method": "payment", "amount": "4000.00",
        "reference": "INV-1"})  # fmt: skip
    page = client.get(reverse("logistics:order-detail", args=[logistics.old_order.pk]))
    assert page.context["order"].open_balance == Decimal("6000.00")
    assert "INV-1" in page.content.decode()


def test_the_order_list_costs_a_fixed_number_of_queries(
    client, directorate, logistics, django_assert_max_num_queries
):
    admin = directorate.administrator.user
    for number in range(10):
        create_record(user=admin, model=AcsaOrder,
                      data=order_data(logistics.french_acsa, f"FR-26-1{number:03d}"))  # fmt: skip
    client.force_login(logistics.lena.user)
    # Session, user, roles, person, position and unit, count, the page of orders, session save.
    with django_assert_max_num_queries(12):
        client.get(reverse("logistics:order-list"))
