"""The Django admin of the logistics records, for operators.

Settlements are read-only here: `services.settle_order` keeps their rule
(never more than the open balance of the order).
"""

from django.contrib import admin

from seccoop.core.admin import DomainAdmin
from seccoop.logistics.models import (
    Acsa,
    AcsaOrder,
    ImplementingArrangement,
    OrderSettlement,
    SupplyArrangement,
)


@admin.register(Acsa)
class AcsaAdmin(DomainAdmin):
    list_display = ["identifier", "title", "country", "kind", "status", "signed_on"]
    list_filter = ["kind", "status"]
    search_fields = ["identifier", "title", "country__name"]


@admin.register(ImplementingArrangement)
class ImplementingArrangementAdmin(DomainAdmin):
    list_display = ["title", "acsa", "us_party", "partner_party", "signed_on"]
    search_fields = ["title", "acsa__identifier"]


@admin.register(AcsaOrder)
class AcsaOrderAdmin(DomainAdmin):
    list_display = ["number", "acsa", "direction", "payment_method", "amount", "reconcile_by"]
    list_filter = ["direction", "payment_method", "category"]
    search_fields = ["number", "description", "acsa__identifier"]


@admin.register(OrderSettlement)
class OrderSettlementAdmin(DomainAdmin):
    list_display = ["order", "settled_on", "method", "amount", "reference"]
    list_filter = ["method"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SupplyArrangement)
class SupplyArrangementAdmin(DomainAdmin):
    list_display = ["title", "country", "kind", "implementing_agency", "status"]
    list_filter = ["kind", "status", "implementing_agency"]
    search_fields = ["title", "country__name"]
