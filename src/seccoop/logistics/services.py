"""The writes and reads of the logistics app that go beyond one record.

Agreements, arrangements and orders are created and edited through
`seccoop.core.services.create_record` / `update_record`; what is here is the
settlement of an order (checked against its open balance, in one
transaction), and the balances and reconciliation clocks the pages, the API
and the panels read.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from seccoop.core.permissions import require
from seccoop.core.services import claim, require_in_reach
from seccoop.logistics.models import AcsaOrder, OrderSettlement

MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)


def _settled_subquery():
    return Subquery(
        OrderSettlement.objects.filter(order=OuterRef("pk"), archived_at__isnull=True)
        .order_by()
        .values("order")
        .annotate(total=Sum("amount"))
        .values("total"),
        output_field=MONEY,
    )


def with_balances(orders: models.QuerySet, today: datetime.date | None = None) -> models.QuerySet:
    """Orders annotated with `settled`, `open_balance` and `past_due`, in the same query.

    An order is past due when its reconciliation day has passed and some of
    its value is still open.
    """
    today = today or timezone.localdate()
    orders = orders.annotate(settled=Coalesce(_settled_subquery(), ZERO)).annotate(
        open_balance=ExpressionWrapper(F("amount") - F("settled"), output_field=MONEY)
    )
    return orders.annotate(
        past_due=Case(
            When(Q(reconcile_by__lt=today) & Q(open_balance__gt=0), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def open_orders(orders: models.QuerySet, today: datetime.date | None = None) -> models.QuerySet:
    """The orders with a balance still open, the one due first at the top."""
    return with_balances(orders, today).filter(open_balance__gt=0)


def past_due(orders: models.QuerySet, today: datetime.date | None = None) -> models.QuerySet:
    """The orders past their reconciliation day with a balance still open."""
    return with_balances(orders, today).filter(past_due=True)


def balance_of(order: AcsaOrder) -> Decimal:
    settled = order.settlements.filter(archived_at__isnull=True).aggregate(total=Sum("amount"))
    return order.amount - (settled["total"] or Decimal("0"))


@transaction.atomic
def settle_order(*, user, order: AcsaOrder, data: dict) -> OrderSettlement:
    """Record a payment, replacement or exchange against an order.

    Refused, naming the field, when it is more than the open balance, when the
    order's payment method does not take it (10 U.S.C. 2344(a)) or when it is
    dated before the order. The order is claimed first (its version raised),
    so two settlements made at once cannot both take the same balance.
    """
    settlement = OrderSettlement(order=order, **data)
    require(user, "add", settlement)
    settlement.full_clean()
    fresh = claim(order, None, user=user)
    open_balance = balance_of(fresh)
    if settlement.amount > open_balance:
        raise ValidationError(
            {
                "amount": f"The open balance of order {order.number} is ${open_balance:,.2f}; "
                f"a settlement of ${settlement.amount:,.2f} is more than that."
            }
        )
    settlement._history_user = user
    settlement.save()
    require_in_reach(user, settlement, "add")
    order.version = fresh.version
    return settlement
