"""The logistics app through the API.

The same querysets, FilterSets, policy and services as the pages: lists show
only what the logistics policy lets the user see, a record hidden from them
answers 404 like a missing one, and a write the policy refuses answers 403
with nothing written.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from seccoop.core import permissions
from seccoop.core.api import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    DbId,
    LimitOffset,
    apply_filters,
    filter_parameters,
    get_visible,
)
from seccoop.core.services import create_record
from seccoop.logistics import services
from seccoop.logistics.filters import AcsaFilter, AcsaOrderFilter, SupplyArrangementFilter
from seccoop.logistics.models import (
    Acsa,
    AcsaOrder,
    ImplementingArrangement,
    OrderSettlement,
    SupplyArrangement,
)
from seccoop.partners.models import Country, PartnerOrganization
from seccoop.programs.models import Case
from seccoop.workforce.models import OrgUnit

router = Router(tags=["logistics"])
CENT = Decimal("0.01")

Money = Field(..., gt=0, max_digits=14, decimal_places=2)


def _country(code: str, field: str = "country") -> Country:
    found = Country.objects.filter(iso_code=(code or "").upper()).first()
    if found is None:
        raise ValidationError({field: [f"Unknown ISO 3166 code: {code}."]})
    return found


def _one(model, pk, field: str, queryset=None):
    if pk is None:
        return None
    found = (queryset if queryset is not None else model._default_manager).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [f"No {model._meta.verbose_name} {pk}."]})
    return found


# --- agreements ---------------------------------------------------------------------


class ArrangementOut(Schema):
    id: int
    acsa_id: int
    title: str
    us_party: str
    partner_party: str
    signed_on: datetime.date | None
    expires_on: datetime.date | None
    reconciliation_days: int | None


class AcsaOut(Schema):
    id: int
    identifier: str
    country: str | None = Field(description="ISO 3166 code; null for an organization.")
    organization_id: int | None = Field(
        description="The international organization party to it instead of a nation."
    )
    organization: str | None = Field(description="The organization's name.")
    title: str
    kind: str
    status: str
    signed_on: datetime.date | None
    expires_on: datetime.date | None
    org_unit_id: int | None
    notes: str
    version: int
    exercises: list[str] = Field(description="The sub-competencies keeping it exercises.")

    @staticmethod
    def resolve_country(obj):
        return obj.country.iso_code if obj.country_id else None

    @staticmethod
    def resolve_organization(obj):
        return obj.organization.name if obj.organization_id else None

    @staticmethod
    def resolve_exercises(obj):
        return list(obj.exercises)


class AcsaIn(Schema):
    country: str = Field("", description="ISO 3166 code of the partner nation.")
    organization: DbId | None = Field(
        None, description="Or the international organization (instead of a country)."
    )
    identifier: str
    title: str
    kind: str = "cross-servicing"
    status: str
    signed_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    org_unit: DbId | None = None
    notes: str = ""


class ArrangementIn(Schema):
    title: str
    us_party: str
    partner_party: str
    signed_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    reconciliation_days: int | None = Field(None, ge=1, le=3650)
    notes: str = ""


AcsaQuery = filter_parameters(AcsaFilter)


def _acsas(user):
    return Acsa.objects.visible_to(user).select_related("country", "organization")


@router.get(
    "/acsas",
    response={200: list[AcsaOut], **LIST_ERRORS},
    summary="Acquisition and cross-servicing agreements",
)
@paginate(LimitOffset)
def list_acsas(request, filters: Query[AcsaQuery]):
    return apply_filters(AcsaFilter, filters, _acsas(request.user).active())


@router.get(
    "/acsas/{acsa_id}",
    response={200: AcsaOut, **READ_ERRORS},
    summary="Acquisition and cross-servicing agreement",
)
def get_acsa(request, acsa_id: int):
    return get_visible(request.user, _acsas(request.user), pk=acsa_id)


@router.post(
    "/acsas",
    response={201: AcsaOut, **WRITE_ERRORS},
    summary="Record an acquisition and cross-servicing agreement",
    description="Desk officers for their own countries, program-team members for their own "
    "unit, and administrators.",
)
def create_acsa(request, payload: AcsaIn):
    # Refused before the references are looked up, so a refusal never reads as bad input.
    permissions.require(request.user, "add", Acsa())
    data = payload.dict()
    data["country"] = _country(payload.country) if payload.country else None
    data["organization"] = _one(PartnerOrganization, payload.organization, "organization")
    data["org_unit"] = _one(OrgUnit, payload.org_unit, "org_unit")
    return Status(201, create_record(user=request.user, model=Acsa, data=data))


@router.get(
    "/acsas/{acsa_id}/arrangements",
    response={200: list[ArrangementOut], **READ_ERRORS},
    summary="The implementing arrangements of an agreement",
)
def list_arrangements(request, acsa_id: int):
    acsa = get_visible(request.user, _acsas(request.user), pk=acsa_id)
    return list(acsa.arrangements.active().order_by("title"))


@router.post(
    "/acsas/{acsa_id}/arrangements",
    response={201: ArrangementOut, **WRITE_ERRORS},
    summary="Record an implementing arrangement under an agreement",
)
def create_arrangement(request, acsa_id: int, payload: ArrangementIn):
    acsa = get_visible(request.user, _acsas(request.user), pk=acsa_id)
    data = {**payload.dict(), "acsa": acsa}
    return Status(201, create_record(user=request.user, model=ImplementingArrangement, data=data))


# --- orders ----------------------------------------------------------------------------


class SettlementOut(Schema):
    id: int
    order_id: int
    settled_on: datetime.date
    method: str
    amount: Decimal
    reference: str


class OrderOut(Schema):
    id: int
    number: str
    acsa_id: int
    country: str | None = Field(
        description="ISO 3166 code of the agreement's country; null for an organization."
    )
    arrangement_id: int | None
    direction: str
    category: str
    description: str
    payment_method: str
    amount: Decimal
    settled: Decimal
    open_balance: Decimal
    ordered_on: datetime.date
    delivered_on: datetime.date | None
    reconcile_by: datetime.date | None
    past_due: bool = Field(description="Past its reconciliation day with a balance still open.")
    version: int

    @staticmethod
    def resolve_country(obj):
        return obj.acsa.country.iso_code if obj.acsa.country_id else None

    # Sums computed in the database come back with the backend's own scale; cents always.
    @staticmethod
    def resolve_settled(obj):
        return Decimal(obj.settled).quantize(CENT)

    @staticmethod
    def resolve_open_balance(obj):
        return Decimal(obj.open_balance).quantize(CENT)


class OrderIn(Schema):
    number: str
    arrangement: DbId | None = None
    direction: str
    category: str
    description: str
    payment_method: str
    amount: Decimal = Money
    ordered_on: datetime.date
    delivered_on: datetime.date | None = None
    reconcile_by: datetime.date | None = Field(
        None, description="Left out, it is set from the delivery (or order) day and the period."
    )
    notes: str = ""


class SettlementIn(Schema):
    settled_on: datetime.date
    method: str
    amount: Decimal = Money
    reference: str = ""
    notes: str = ""


OrderQuery = filter_parameters(AcsaOrderFilter)


def _orders(user):
    return services.with_balances(
        AcsaOrder.objects.visible_to(user).select_related("acsa__country", "acsa__organization"),
        timezone.localdate(),
    )


@router.get(
    "/acsa-orders",
    response={200: list[OrderOut], **LIST_ERRORS},
    summary="Orders under acquisition and cross-servicing agreements",
)
@paginate(LimitOffset)
def list_orders(request, filters: Query[OrderQuery]):
    return apply_filters(AcsaOrderFilter, filters, _orders(request.user).active())


@router.get(
    "/acsa-orders/{order_id}", response={200: OrderOut, **READ_ERRORS}, summary="ACSA order"
)
def get_order(request, order_id: int):
    return get_visible(request.user, _orders(request.user), pk=order_id)


@router.post(
    "/acsas/{acsa_id}/orders",
    response={201: OrderOut, **WRITE_ERRORS},
    summary="Record an order under an agreement",
)
def create_order(request, acsa_id: int, payload: OrderIn):
    acsa = get_visible(request.user, _acsas(request.user), pk=acsa_id)
    permissions.require(request.user, "add", AcsaOrder(acsa=acsa))
    data = {**payload.dict(), "acsa": acsa}
    data["arrangement"] = _one(
        ImplementingArrangement, payload.arrangement, "arrangement", acsa.arrangements.all()
    )
    order = create_record(user=request.user, model=AcsaOrder, data=data)
    return Status(201, get_visible(request.user, _orders(request.user), pk=order.pk))


@router.get(
    "/acsa-orders/{order_id}/settlements",
    response={200: list[SettlementOut], **READ_ERRORS},
    summary="The settlements of an order",
)
def list_settlements(request, order_id: int):
    order = get_visible(request.user, _orders(request.user), pk=order_id)
    return list(OrderSettlement.objects.active().filter(order=order).order_by("settled_on", "pk"))


@router.post(
    "/acsa-orders/{order_id}/settlements",
    response={201: SettlementOut, **WRITE_ERRORS},
    summary="Record a payment, replacement or exchange against an order",
    description="Refused (422) above the order's open balance or by a method the order's "
    "payment method does not take.",
)
def settle_order(request, order_id: int, payload: SettlementIn):
    order = get_visible(request.user, _orders(request.user), pk=order_id)
    settlement = services.settle_order(user=request.user, order=order, data=payload.dict())
    return Status(201, settlement)


# --- supply arrangements --------------------------------------------------------------


class SupplyArrangementOut(Schema):
    id: int
    country: str
    kind: str
    title: str
    implementing_agency: str
    status: str
    supported_systems: str
    fmso_i_case_id: int | None
    fmso_ii_case_id: int | None
    equity_value: Decimal | None
    signed_on: datetime.date | None
    org_unit_id: int | None
    notes: str
    version: int

    @staticmethod
    def resolve_country(obj):
        return obj.country.iso_code


class SupplyArrangementIn(Schema):
    country: str
    kind: str
    title: str
    implementing_agency: str
    status: str
    supported_systems: str = ""
    fmso_i_case: DbId | None = None
    fmso_ii_case: DbId | None = None
    equity_value: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    signed_on: datetime.date | None = None
    org_unit: DbId | None = None
    notes: str = ""


SupplyQuery = filter_parameters(SupplyArrangementFilter)


def _supply(user):
    return SupplyArrangement.objects.visible_to(user).select_related("country")


@router.get(
    "/supply-arrangements",
    response={200: list[SupplyArrangementOut], **LIST_ERRORS},
    summary="Supply support and cooperative logistics arrangements",
)
@paginate(LimitOffset)
def list_supply_arrangements(request, filters: Query[SupplyQuery]):
    return apply_filters(SupplyArrangementFilter, filters, _supply(request.user).active())


@router.get(
    "/supply-arrangements/{arrangement_id}",
    response={200: SupplyArrangementOut, **READ_ERRORS},
    summary="Supply support arrangement",
)
def get_supply_arrangement(request, arrangement_id: int):
    return get_visible(request.user, _supply(request.user), pk=arrangement_id)


@router.post(
    "/supply-arrangements",
    response={201: SupplyArrangementOut, **WRITE_ERRORS},
    summary="Record a supply support arrangement",
)
def create_supply_arrangement(request, payload: SupplyArrangementIn):
    permissions.require(request.user, "add", SupplyArrangement())
    data = payload.dict()
    data["country"] = _country(payload.country)
    data["org_unit"] = _one(OrgUnit, payload.org_unit, "org_unit")
    # Only a case the user may see can be named; any other reads as missing.
    cases = Case.objects.visible_to(request.user)
    data["fmso_i_case"] = _one(Case, payload.fmso_i_case, "fmso_i_case", cases)
    data["fmso_ii_case"] = _one(Case, payload.fmso_ii_case, "fmso_ii_case", cases)
    return Status(201, create_record(user=request.user, model=SupplyArrangement, data=data))
