"""What the logistics app adds to other pages: the country page and "My work".

The country page shows the country's cross-servicing agreements and the
orders still open under them, past-due ones flagged, to whoever the
logistics policy lets see them; nobody else gets the panel. The home page
shows a multinational logistician (a program-team member) or an
administrator the orders they see that are past their reconciliation day.
Each answers in a fixed number of queries.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from seccoop.core import panels
from seccoop.core.permissions import Role, has_role, is_administrator
from seccoop.logistics import services
from seccoop.logistics.models import Acsa, AcsaOrder

SHOWN = 5


def country_logistics(user, country) -> dict | None:
    """The country's ACSAs and open orders (two queries), or None when the user sees none."""
    acsas = list(
        Acsa.objects.visible_to(user)
        .active()
        .filter(country=country)
        .annotate(order_count=Count("orders", filter=Q(orders__archived_at__isnull=True)))
    )
    if not acsas:
        return None
    orders = list(
        services.open_orders(
            AcsaOrder.objects.visible_to(user).active().filter(acsa__in=[a.pk for a in acsas])
        )
        .select_related("acsa")
        .order_by("reconcile_by", "number")
    )
    return {"country": country, "acsas": acsas, "orders": orders}


def orders_to_reconcile(user, record=None) -> dict | None:
    """Orders past their reconciliation day, for logisticians and administrators."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not (is_administrator(user) or has_role(user, Role.PROGRAM_TEAM)):
        return None
    today = timezone.localdate()
    late = services.past_due(AcsaOrder.objects.visible_to(user).active(), today)
    shown = list(
        late.select_related("acsa__country", "acsa__organization").order_by(
            "reconcile_by", "number"
        )[:SHOWN]
    )
    if not shown:
        return None
    listed = reverse("logistics:order-list")
    return panels.home_panel(
        "ACSA orders past their reconciliation day",
        figures=[
            panels.figure(
                late.count(),
                "order past its reconciliation day",
                "orders past their reconciliation day",
                f"{listed}?past_due=true",
            )
        ],
        items=[
            {
                "title": f"{order.number}: {order.acsa.country.name}",
                "url": reverse("logistics:order-detail", args=[order.pk]),
                "detail": f"${order.open_balance:,.2f} open, {order.get_payment_method_display()}",
                "date": order.reconcile_by,
                "date_label": "to reconcile by",
                "tag": "Past due",
                "urgent": True,
            }
            for order in shown
        ],
        empty="No ACSA order is past its reconciliation day.",
        more=("All ACSA orders", listed),
    )
