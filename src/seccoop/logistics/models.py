"""Multinational logistics: cross-servicing agreements, their orders, and supply arrangements.

The directorate's multinational logisticians keep three kinds of record:

- Acquisition and cross-servicing agreements (ACSAs) with partner nations,
  under 10 U.S.C. 2341-2350 (DoD Directive 2010.09, CJCSI 2120.01), with the
  implementing arrangements that set out how orders are placed under them;
- the orders placed under an ACSA for logistic support, supplies and
  services, each paid by reimbursement, replacement in kind or an exchange
  of equal value (10 U.S.C. 2344(a)), with what has been settled so far, the
  open balance, and the day by which the order is to be reconciled;
- cooperative logistics supply support arrangements (CLSSAs) and other
  cooperative logistics arrangements, through which a partner's common
  weapon systems are supported from DoD stocks (SAMM chapter 6, C6.4).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from seccoop.core.models import DomainModel
from seccoop.partners.models import Country, OrganizationKind, PartnerOrganization
from seccoop.programs.models import Case
from seccoop.workforce.models import OrgUnit

CENT = Decimal("0.01")


class AcsaKind(models.TextChoices):
    # 10 U.S.C. 2342 authorizes agreements under which the United States both
    # acquires and transfers; 10 U.S.C. 2341 authorizes acquisition alone.
    CROSS_SERVICING = (
        "cross-servicing",
        "Acquisition and cross-servicing agreement (10 U.S.C. 2342)",
    )
    ACQUISITION_ONLY = "acquisition-only", "Acquisition-only agreement (10 U.S.C. 2341)"


class AcsaStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    NEGOTIATING = "negotiating", "In negotiation"
    IN_FORCE = "in-force", "In force"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"


SIGNED_STATUSES = (AcsaStatus.IN_FORCE, AcsaStatus.EXPIRED, AcsaStatus.TERMINATED)


class Acsa(DomainModel):
    """An acquisition and cross-servicing agreement with a partner nation or an organisation.

    The agreement under which U.S. forces and the partner's forces acquire
    logistic support, supplies and services from one another (10 U.S.C.
    2341-2350; DoD Directive 2010.09; CJCSI 2120.01). Orders are placed under
    it, mostly through its implementing arrangements.

    The partner is a government or an international organisation: 10 U.S.C.
    2341(1) lets the Secretary acquire from NATO subsidiary bodies and from the
    United Nations Organization or any regional international organization of
    which the United States is a member, and 10 U.S.C. 2342(a) lets cross-servicing
    agreements be concluded with the same organisations (NATO subsidiary bodies
    as 10 U.S.C. 2350 defines them). An agreement with an organisation names the
    organisation instead of a country; its orders and balances work the same.
    """

    # Managing a cross-servicing arrangement after signature (3.H), within the
    # authorities that govern it (6.D), closes interoperability gaps in
    # sustainment (8.D): the multinational logistician's role template.
    exercises = ("3.H", "6.D", "8.D")

    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acsas",
        help_text="The partner nation; leave empty for an agreement with an international "
        "organization.",
    )
    organization = models.ForeignKey(
        PartnerOrganization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acsas",
        help_text="The international organization party to it instead of a nation, such as a "
        "NATO subsidiary body or a regional organization of which the United States is a "
        "member (10 U.S.C. 2341(1), 2342(a)).",
    )
    identifier = models.CharField(
        max_length=40,
        unique=True,
        help_text="The agreement's reference, such as ACSA-FR-01.",
    )
    title = models.CharField(max_length=300)
    kind = models.CharField(
        max_length=20,
        choices=AcsaKind.choices,
        default=AcsaKind.CROSS_SERVICING,
        help_text="An acquisition-only agreement (10 U.S.C. 2341) lets the United States "
        "acquire support but not transfer it; transfers need a cross-servicing agreement "
        "(10 U.S.C. 2342).",
    )
    status = models.CharField(max_length=20, choices=AcsaStatus.choices)
    signed_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acsas",
        help_text="The team that keeps the agreement.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["country__name", "organization__name", "identifier"]
        verbose_name = "acquisition and cross-servicing agreement"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(country__isnull=False, organization__isnull=True)
                | models.Q(country__isnull=True, organization__isnull=False),
                name="acsa_one_partner",
                violation_error_message="An agreement names its partner: a country or an "
                "international organization, not both.",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(signed_on__isnull=True)
                | models.Q(expires_on__gte=models.F("signed_on")),
                name="acsa_expires_after_signature",
                violation_error_message="An agreement expires after it is signed.",
            ),
        ]
        indexes = [models.Index(fields=["country", "status"], name="acsa_country_idx")]

    def __str__(self) -> str:
        return f"{self.identifier}: {self.title}"

    @property
    def partner(self):
        """The country or the international organization the agreement is with."""
        return self.country if self.country_id else self.organization

    def clean(self):
        if self.country_id and self.organization_id:
            raise ValidationError(
                {
                    "organization": "Name a country or an international organization, not both: "
                    "an agreement with an organization names no country."
                }
            )
        if not self.country_id and not self.organization_id:
            raise ValidationError(
                {"country": "Name the partner: a country or an international organization."}
            )
        if self.organization_id and self.organization.kind != OrganizationKind.INTERNATIONAL:
            raise ValidationError(
                {
                    "organization": f"“{self.organization}” is not an international "
                    "organization; an agreement with a nation names its country."
                }
            )
        if self.status in SIGNED_STATUSES and not self.signed_on:
            raise ValidationError({"signed_on": "A concluded agreement has the day it was signed."})
        if self.expires_on and self.signed_on and self.expires_on < self.signed_on:
            raise ValidationError({"expires_on": "An agreement expires after it is signed."})


class ImplementingArrangement(DomainModel):
    """An implementing arrangement under an ACSA.

    The arrangement between a U.S. command or service and a partner's
    counterpart that sets out the terms, points of contact and procedures
    under which orders are placed and settled (DoD Directive 2010.09).
    """

    exercises = ("1.E", "3.H")

    acsa = models.ForeignKey(Acsa, on_delete=models.PROTECT, related_name="arrangements")
    title = models.CharField(max_length=300)
    us_party = models.CharField(
        max_length=200, help_text="The U.S. command or service, such as U.S. European Command."
    )
    partner_party = models.CharField(max_length=200, help_text="The partner's command or service.")
    signed_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    reconciliation_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="The days within which an order under this arrangement is to be reconciled, "
        "if the arrangement sets them; otherwise the directorate's setting applies.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["acsa__identifier", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(signed_on__isnull=True)
                | models.Q(expires_on__gte=models.F("signed_on")),
                name="implementing_arrangement_expires_after_signature",
                violation_error_message="An arrangement expires after it is signed.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.expires_on and self.signed_on and self.expires_on < self.signed_on:
            raise ValidationError({"expires_on": "An arrangement expires after it is signed."})


class Direction(models.TextChoices):
    PROVIDED = "provided", "Provided by the United States (transfer)"
    RECEIVED = "received", "Received by the United States (acquisition)"


class SupportCategory(models.TextChoices):
    """The kinds of logistic support, supplies and services of 10 U.S.C. 2350(1)."""

    FOOD = "food", "Food"
    BILLETING = "billeting", "Billeting"
    TRANSPORTATION = "transportation", "Transportation (including airlift)"
    FUEL = "fuel", "Petroleum, oils and lubricants"
    CLOTHING = "clothing", "Clothing"
    COMMUNICATIONS = "communications", "Communications services"
    MEDICAL = "medical", "Medical services"
    AMMUNITION = "ammunition", "Ammunition"
    BASE_OPERATIONS = "base-operations", "Base operations support"
    STORAGE = "storage", "Storage services"
    FACILITIES = "facilities", "Use of facilities"
    TRAINING = "training", "Training services"
    SPARE_PARTS = "spare-parts", "Spare parts and components"
    REPAIR = "repair", "Repair and maintenance services"
    CALIBRATION = "calibration", "Calibration services"
    PORT = "port", "Port services"


class PaymentMethod(models.TextChoices):
    """How an order is paid for (10 U.S.C. 2344(a))."""

    REIMBURSEMENT = "reimbursement", "Reimbursement"
    REPLACEMENT_IN_KIND = "replacement-in-kind", "Replacement in kind"
    EQUAL_VALUE_EXCHANGE = "equal-value-exchange", "Equal value exchange"


def reconciliation_days(method: str, arrangement: ImplementingArrangement | None = None) -> int:
    """The days an order has to be reconciled in, from its delivery (or its order day).

    The implementing arrangement's own period when it sets one; otherwise the
    SECCOOP_ACSA_RECONCILIATION_DAYS setting for the payment method. No public
    text read for this work gave the period, so it is a setting.
    """
    if arrangement is not None and arrangement.reconciliation_days:
        return arrangement.reconciliation_days
    return int(settings.SECCOOP_ACSA_RECONCILIATION_DAYS[method])


class AcsaOrder(DomainModel):
    """An order for logistic support, supplies or services placed under an ACSA.

    It is settled by payments, replacement or exchange until nothing is owed;
    an order with a balance still open after its reconciliation day is past due.
    """

    # Executing support against what was agreed (4.H), keeping its accounts
    # and schedule accurate (4.L), within the ACSA authorities (6.D).
    exercises = ("4.H", "4.L", "6.D")

    acsa = models.ForeignKey(Acsa, on_delete=models.PROTECT, related_name="orders")
    arrangement = models.ForeignKey(
        ImplementingArrangement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        help_text="The implementing arrangement the order is placed under, if any.",
    )
    number = models.CharField(
        max_length=40, unique=True, help_text="The order's number, such as FR-25-0012."
    )
    direction = models.CharField(max_length=10, choices=Direction.choices)
    category = models.CharField(max_length=20, choices=SupportCategory.choices)
    description = models.TextField()
    payment_method = models.CharField(max_length=30, choices=PaymentMethod.choices)
    amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        help_text="The value of the order in U.S. dollars.",
    )
    ordered_on = models.DateField()
    delivered_on = models.DateField(null=True, blank=True)
    reconcile_by = models.DateField(
        null=True,
        blank=True,
        help_text="Left empty, it is set from the delivery day (or the order day) and the "
        "reconciliation period of the arrangement or of the directorate.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["reconcile_by", "number"]
        verbose_name = "ACSA order"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="acsa_order_amount_positive",
                violation_error_message="An order has a value above zero.",
            ),
            models.CheckConstraint(
                condition=models.Q(delivered_on__isnull=True)
                | models.Q(delivered_on__gte=models.F("ordered_on")),
                name="acsa_order_delivered_after_ordered",
                violation_error_message="An order is delivered on or after the day it is placed.",
            ),
        ]
        indexes = [
            models.Index(fields=["acsa", "reconcile_by"], name="acsa_order_clock_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    def clean(self):
        errors = {}
        acsa = self.acsa if self.acsa_id else None
        if acsa is not None and acsa.status != AcsaStatus.IN_FORCE:
            errors["acsa"] = "Orders are placed only under an agreement in force."
        if (
            acsa is not None
            and acsa.kind == AcsaKind.ACQUISITION_ONLY
            and self.direction == Direction.PROVIDED
        ):
            errors["direction"] = (
                "An acquisition-only agreement (10 U.S.C. 2341) does not let the United States "
                "transfer support; that needs a cross-servicing agreement (10 U.S.C. 2342)."
            )
        if self.arrangement_id and self.acsa_id and self.arrangement.acsa_id != self.acsa_id:
            errors["arrangement"] = "The implementing arrangement belongs to another agreement."
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = "An order has a value above zero."
        if self.delivered_on and self.ordered_on and self.delivered_on < self.ordered_on:
            errors["delivered_on"] = "An order is delivered on or after the day it is placed."
        if errors:
            raise ValidationError(errors)
        if self.reconcile_by is None and self.ordered_on and self.payment_method:
            start = self.delivered_on or self.ordered_on
            days = reconciliation_days(
                self.payment_method, self.arrangement if self.arrangement_id else None
            )
            self.reconcile_by = start + datetime.timedelta(days=days)
        if self.reconcile_by and self.ordered_on and self.reconcile_by < self.ordered_on:
            raise ValidationError(
                {"reconcile_by": "An order is reconciled on or after the day it is placed."}
            )


class SettlementMethod(models.TextChoices):
    PAYMENT = "payment", "Payment"
    REPLACEMENT = "replacement", "Replacement in kind"
    EXCHANGE = "exchange", "Exchange of equal value"


# The settlement each payment method takes (10 U.S.C. 2344(a)); a payment in
# money settles any order, as when a replacement or exchange is not made.
SETTLEMENTS_OF = {
    PaymentMethod.REIMBURSEMENT: {SettlementMethod.PAYMENT},
    PaymentMethod.REPLACEMENT_IN_KIND: {SettlementMethod.PAYMENT, SettlementMethod.REPLACEMENT},
    PaymentMethod.EQUAL_VALUE_EXCHANGE: {SettlementMethod.PAYMENT, SettlementMethod.EXCHANGE},
}


class OrderSettlement(DomainModel):
    """A payment, replacement or exchange that settles part or all of an ACSA order."""

    exercises = ("4.L",)

    order = models.ForeignKey(AcsaOrder, on_delete=models.PROTECT, related_name="settlements")
    settled_on = models.DateField()
    method = models.CharField(max_length=20, choices=SettlementMethod.choices)
    amount = models.DecimalField(
        max_digits=14, decimal_places=2, help_text="The value settled, in U.S. dollars."
    )
    reference = models.CharField(
        max_length=100, blank=True, help_text="The invoice, voucher or receipt."
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["order", "settled_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="order_settlement_amount_positive",
                violation_error_message="A settlement has a value above zero.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} of ${self.amount:,} on {self.settled_on:%d %b %Y}"

    def clean(self):
        errors = {}
        order = self.order if self.order_id else None
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = "A settlement has a value above zero."
        if order is not None:
            if self.method and self.method not in SETTLEMENTS_OF[order.payment_method]:
                errors["method"] = (
                    f"An order paid by {order.get_payment_method_display().lower()} is not "
                    f"settled by {self.get_method_display().lower()} (10 U.S.C. 2344(a))."
                )
            if self.settled_on and self.settled_on < order.ordered_on:
                errors["settled_on"] = "An order is settled on or after the day it is placed."
        if errors:
            raise ValidationError(errors)


class ArrangementKind(models.TextChoices):
    CLSSA = "clssa", "Cooperative logistics supply support arrangement (CLSSA)"
    COOPERATIVE = "cooperative-logistics", "Cooperative logistics arrangement"


class ArrangementStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    IN_FORCE = "in-force", "In force"
    TERMINATED = "terminated", "Terminated"


class SupplyArrangement(DomainModel):
    """A CLSSA or another cooperative logistics arrangement with a partner nation.

    A CLSSA lets a partner's common weapon systems be supported from DoD stocks
    on an equal basis with U.S. forces: an FMSO I case buys the partner's
    equity in the stocks, an FMSO II case carries its requisitions (SAMM
    chapter 6, C6.4, and the SAMM LOA note "Cooperative Logistics Supply
    Support Arrangement (CLSSA) - FMSO I Purpose").
    """

    # Supply support against agreed requirements (4.H), through the automated
    # systems (4.D), with its records and accounts kept (4.J, 4.L).
    exercises = ("4.D", "4.H", "4.J", "4.L")

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="supply_arrangements"
    )
    kind = models.CharField(max_length=30, choices=ArrangementKind.choices)
    title = models.CharField(max_length=300)
    implementing_agency = models.CharField(
        max_length=20,
        choices=[
            ("army", "Department of the Army"),
            ("navy", "Department of the Navy"),
            ("air-force", "Department of the Air Force"),
            ("dla", "Defense Logistics Agency"),
        ],
        help_text="The military department or agency that provides the support.",
    )
    status = models.CharField(max_length=20, choices=ArrangementStatus.choices)
    supported_systems = models.TextField(
        blank=True, help_text="The common weapon systems the arrangement supports."
    )
    fmso_i_case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="FMSO I case",
        help_text="The case that buys the partner's equity in DoD stocks.",
    )
    fmso_ii_case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="FMSO II case",
        help_text="The case the partner's requisitions are placed on.",
    )
    equity_value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The value of the FMSO I equity investment, in U.S. dollars.",
    )
    signed_on = models.DateField(null=True, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supply_arrangements",
        help_text="The team that keeps the arrangement.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["country__name", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(equity_value__isnull=True) | models.Q(equity_value__gte=0),
                name="supply_arrangement_equity_not_negative",
                violation_error_message="The equity value is not below zero.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        for name in ("fmso_i_case", "fmso_ii_case"):
            case = getattr(self, name) if getattr(self, f"{name}_id") else None
            if case is not None and self.country_id and case.country_id != self.country_id:
                errors[name] = "The case is with another country."
            if case is not None and self.kind != ArrangementKind.CLSSA:
                errors[name] = "Only a CLSSA has FMSO cases."
        if self.status == ArrangementStatus.IN_FORCE and not self.signed_on:
            errors["signed_on"] = "An arrangement in force has the day it was signed."
        if errors:
            raise ValidationError(errors)
