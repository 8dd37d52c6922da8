"""Who may see and change the records of the logistics app.

They follow the rule of every work record of the programs app
(`seccoop.programs.policies_cooperation.work_record_rule`):

- administrators and leadership see every agreement, order and arrangement;
- anyone else sees one when they are assigned to it, hold the desk (primary
  or backup) of its country or sit above such a desk officer in the
  supervisor chain, or, as a program-team member (the demo's multinational
  logisticians), when their own org unit keeps it.

A record is changed (and staffed) by the people assigned to it, its
country's desk officers, the program team of the unit that keeps it and
administrators. Desk officers record agreements and arrangements for their
own countries, program-team members for their own unit. Only administrators
archive. Implementing arrangements, orders and settlements follow their
agreement; someone assigned to an order also sees it and its settlements.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from seccoop.core.permissions import Policy, Role, has_role, is_administrator, register
from seccoop.logistics.models import (
    Acsa,
    AcsaOrder,
    ImplementingArrangement,
    OrderSettlement,
    SupplyArrangement,
)
from seccoop.partners.models import Country
from seccoop.partners.policies import person_of, portfolio_rule
from seccoop.programs.policies_cooperation import may_change_record, work_record_rule
from seccoop.workforce.models import Assignment
from seccoop.workforce.staffing import unit_of


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def may_record(user) -> bool:
    """Desk officers, program-team members and administrators record logistics work."""
    return _signed_in(user) and (
        is_administrator(user) or has_role(user, Role.DESK_OFFICER, Role.PROGRAM_TEAM)
    )


def may_add(user, record) -> bool:
    """A desk officer for their own countries, a program-team member for their own unit.

    Asked about an empty record (no country, no unit), it answers whether the
    user records logistics work at all, for the "add" links of the pages.
    """
    if not may_record(user):
        return False
    if is_administrator(user):
        return True
    # An agreement with an international organization has no desk: its unit keeps it.
    if (
        record.country_id is None
        and record.org_unit_id is None
        and not getattr(record, "organization_id", None)
    ):
        return True
    if (
        record.country_id
        and Country.objects.filter(portfolio_rule(user), pk=record.country_id).exists()
    ):
        return True
    person = person_of(user)
    if not has_role(user, Role.PROGRAM_TEAM) or person is None or record.org_unit_id is None:
        return False
    unit = unit_of(person)
    return unit is not None and unit.pk == record.org_unit_id


def rule(user, model, prefix: str = "") -> Q | None:
    """The rows this user sees of `model` (reached through `prefix`); None means all."""
    return work_record_rule(user, model, countries="country", prefix=prefix)


def _filtered(queryset, found: Q | None):
    return queryset if found is None else queryset.filter(found)


class TopRecordPolicy(Policy):
    """An ACSA or a supply arrangement."""

    def visible(self, user, queryset):
        return _filtered(queryset, rule(user, queryset.model))

    def can(self, user, action, obj):
        if not _signed_in(user):
            return False
        if action == "view":
            return obj.pk is not None and super().can(user, action, obj)
        if action == "add":
            return may_add(user, obj)
        if action in ("change", "staff"):
            return may_change_record(user, obj, countries="country")
        return is_administrator(user)


register(Acsa)(type("AcsaPolicy", (TopRecordPolicy,), {}))
register(SupplyArrangement)(type("SupplyArrangementPolicy", (TopRecordPolicy,), {}))


def _assigned_orders(user):
    person = person_of(user)
    if person is None:
        return None
    return (
        Assignment.objects.open()
        .filter(person=person, source_type=ContentType.objects.get_for_model(AcsaOrder))
        .values("source_id")
    )


def order_rule(user, prefix: str = "") -> Q | None:
    """The orders this user sees: through their agreement, or assigned to the order."""
    found = rule(user, Acsa, prefix=f"{prefix}acsa__")
    if found is None:
        return None
    assigned = _assigned_orders(user)
    if assigned is not None:
        found |= Q(**{f"{prefix}pk__in": assigned})
    return found


def _may_change_through_acsa(user, acsa) -> bool:
    return may_change_record(user, acsa, countries="country")


@register(ImplementingArrangement)
class ArrangementPolicy(Policy):
    """An implementing arrangement follows its agreement."""

    def visible(self, user, queryset):
        return _filtered(queryset, rule(user, Acsa, prefix="acsa__"))

    def can(self, user, action, obj):
        if not _signed_in(user) or obj.acsa_id is None:
            return is_administrator(user)
        if action == "view":
            return Acsa.objects.visible_to(user).filter(pk=obj.acsa_id).exists()
        if action in ("add", "change"):
            return _may_change_through_acsa(user, obj.acsa)
        return is_administrator(user)


def _assigned_to(user, order) -> bool:
    assigned = _assigned_orders(user)
    return (
        order.pk is not None
        and assigned is not None
        and assigned.filter(source_id=order.pk).exists()
    )


@register(AcsaOrder)
class OrderPolicy(Policy):
    """An order follows its agreement; the people assigned to it see and work it too."""

    def visible(self, user, queryset):
        return _filtered(queryset, order_rule(user))

    def can(self, user, action, obj):
        if not _signed_in(user) or obj.acsa_id is None:
            return is_administrator(user)
        if action == "view":
            return obj.pk is not None and super().can(user, action, obj)
        if action == "add":
            return _may_change_through_acsa(user, obj.acsa)
        if action in ("change", "staff", "settle"):
            return _may_change_through_acsa(user, obj.acsa) or _assigned_to(user, obj)
        return is_administrator(user)


@register(OrderSettlement)
class SettlementPolicy(Policy):
    """A settlement follows its order."""

    def visible(self, user, queryset):
        return _filtered(queryset, order_rule(user, prefix="order__"))

    def can(self, user, action, obj):
        if not _signed_in(user) or obj.order_id is None:
            return is_administrator(user)
        if action == "view":
            return OrderPolicy().can(user, "view", obj.order)
        if action in ("add", "change"):
            return OrderPolicy().can(user, "settle", obj.order)
        return is_administrator(user)
