"""Sales and transfer cases: FMS, BPC, DCS and hybrids, from request to closure.

A case starts from a Letter of Request (or, for Building Partner Capacity, a
Memorandum of Request) whose intake checklist says what a complete request
still lacks. It then follows the milestones of the Security Assistance
Management Manual (SAMM chapters 5, 6, 15 and 16), declared once as the
workflow of `seccoop.programs.services.cases`: request received, acknowledged
and complete, price and availability, development, written, reviewed,
proposed (the implementing agency's approval, MILAP, where DSCA's approval,
the State Department's clearance and any congressional notification happen),
offered, accepted, implemented, supply and services complete, interim and
final closure, or cancelled. The clocks that run on a case (the offer's
expiration, the notification's review period, the wait for BPC funds, closure
after supply completes) are computed once, in `services.cases.clocks`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from seccoop.competencies.exercises import EVERY_CODE
from seccoop.core.models import DomainModel
from seccoop.partners.models import Country, Engagement
from seccoop.workforce.models import OrgUnit

__all__ = [
    "BPC_OFFER_VALIDITY_DAYS",
    "CLOSURE_DUE_AFTER_MONTHS",
    "DEFAULT_OFFER_VALIDITY_DAYS",
    "NOTIFICATION_THRESHOLDS",
    "OFFER_ADMINISTRATIVE_DAYS",
    "CancellationReason",
    "Case",
    "CaseKind",
    "CaseLine",
    "CaseMilestone",
    "CaseReview",
    "CaseState",
    "ClosureAction",
    "FundingSource",
    "ImplementingAgency",
    "LegalAuthority",
    "LetterOfRequest",
    "MASL_CODE",
    "MilestoneKind",
    "NotificationThreshold",
    "OfferDateGroup",
    "OfferPeriod",
    "Payment",
    "RequestKind",
    "RequestedResponse",
    "ReviewKind",
]

# The offer expiration date (OED) counts from the implementing agency's approval
# (the MILAP milestone): 85 days for most purchasers, of which 25 are the U.S.
# Government's administrative processing; a BPC case's recommended OED is 30 days
# (25 administrative and 5 for DSCA's review). LOA Standardization Guide section 4
# "Offer Expiration Date", now SAMM Appendix 9; SAMM Figure C5.F6 paragraph 5.
DEFAULT_OFFER_VALIDITY_DAYS = 85
BPC_OFFER_VALIDITY_DAYS = 30
OFFER_ADMINISTRATIVE_DAYS = 25
# A case is closed 12 months after the supply/services complete milestone
# (SAMM chapter 16 as clarified by DSCA Policy Memorandum 25-100).
CLOSURE_DUE_AFTER_MONTHS = 12
MONEY = {"max_digits": 15, "decimal_places": 2}


class CaseKind(models.TextChoices):
    """The kinds of transfer. DCS stays for the cases kept before direct commercial sales
    became export licences (`seccoop.programs.models.licences`); no new one is opened."""

    FMS = "fms", "Foreign Military Sales"
    BPC = "bpc", "Building Partner Capacity"
    DCS = "dcs", "Direct Commercial Sales"
    HYBRID = "hybrid", "Hybrid (FMS and DCS)"


class CaseState(models.TextChoices):
    """The case milestones of SAMM chapters 5 (development), 6 (execution) and 16 (closure)."""

    REQUEST_RECEIVED = "request-received", "Request received"
    REQUEST_ACKNOWLEDGED = "request-acknowledged", "Request acknowledged"
    REQUEST_COMPLETE = "request-complete", "Request complete"
    PRICE_AND_AVAILABILITY = "pa-provided", "Price and availability provided"
    DEVELOPMENT = "case-development", "Case development"
    WRITTEN = "written", "Written"
    REVIEWED = "reviewed", "Reviewed"
    PROPOSED = "proposed", "Proposed"
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    IMPLEMENTED = "implemented", "Implemented"
    SUPPLY_COMPLETE = "supply-complete", "Supply and services complete"
    INTERIM_CLOSED = "interim-closed", "Interim closed"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


# States in which a case is still being worked; closed and cancelled ones are done.
OPEN_STATES = tuple(s for s in CaseState.values if s not in ("closed", "cancelled"))
# States at or after the offer, where lines and a payment schedule must exist.
OFFERED_OR_LATER = ("offered", "accepted", "implemented", "supply-complete")
CLOSURE_STATES = ("supply-complete", "interim-closed")
# States of earlier releases, so the state-change log written then still reads.
RETIRED_STATES = {
    "executing": "Executing",
    "closure-in-progress": "Closure in progress",
}


class CancellationReason(models.TextChoices):
    """Why a case was cancelled before final closure (SAMM C5.4 and C6.6)."""

    DISAPPROVED = "disapproved", "Request disapproved"
    WITHDRAWN = "withdrawn", "Request withdrawn by the purchaser"
    OFFER_LAPSED = "offer-lapsed", "Offer lapsed unaccepted"
    PURCHASER = "purchaser", "Cancelled by the purchaser"


class OfferPeriod(models.TextChoices):
    """LOA Standardization Guide section 4: standard, short and long offer expiration dates."""

    STANDARD = "standard", "Standard"
    SHORT = "short", "Short (a U.S. Government requirement, such as a contract award)"
    LONG = "long", "Long (asked by the purchaser and approved by the implementing agency)"


class OfferDateGroup(models.TextChoices):
    """The Anticipated Offer Date group the agency gives a case document in DSAMS (SAMM C5.4.2.1).

    The days from the request complete date to the anticipated offer date of
    each group are the SECCOOP_AOD_GROUP_DAYS setting (see `aod_group_days`).
    """

    A = "A", "Group A"
    B = "B", "Group B"
    C = "C", "Group C"


def aod_group_days() -> dict[str, int]:
    """Days from the request complete date to the anticipated offer date, by AOD group.

    SAMM C5.4.2 measures the time to offer from the day the request is complete
    (sufficiently detailed to begin LOA data development) to the offer, and
    C5.4.2.1 has the agency give each case document an AOD group, from which
    DSAMS derives its anticipated offer date. The table of days per group was
    not in the sources read for this work, so the days are a setting.
    """
    return dict(settings.SECCOOP_AOD_GROUP_DAYS)


class LegalAuthority(models.TextChoices):
    """The law under which the articles and services are transferred."""

    AECA_21 = "aeca-21", "AECA section 21 (sales from stock)"
    AECA_22 = "aeca-22", "AECA section 22 (procurement for cash sales)"
    AECA_38 = "aeca-38", "AECA section 38 (commercial export licence)"
    USC10_333 = "10-usc-333", "10 U.S.C. 333 (build the capacity of foreign security forces)"
    USC10_332 = "10-usc-332", "10 U.S.C. 332 (defense institution building)"
    FAA_PKO = "faa-551", "Foreign Assistance Act section 551 (peacekeeping operations)"


# Which authorities fit which kind of case: FMS under AECA 21 or 22 (SAMM C4.3),
# direct commercial sales under an AECA 38 export licence, BPC under a Title 10 or
# appropriation authority (SAMM Appendix 8); a hybrid combines an FMS case and a sale.
AUTHORITIES_OF_KIND = {
    "fms": {"aeca-21", "aeca-22"},
    "dcs": {"aeca-38"},
    "hybrid": {"aeca-21", "aeca-22", "aeca-38"},
    "bpc": {"10-usc-333", "10-usc-332", "faa-551"},
}


class ImplementingAgency(models.TextChoices):
    ARMY = "army", "Department of the Army"
    NAVY = "navy", "Department of the Navy"
    AIR_FORCE = "air-force", "Department of the Air Force"
    DSCA = "dsca", "Defense Security Cooperation Agency"
    DLA = "dla", "Defense Logistics Agency"
    OTHER = "other", "Other defense agency"


def agency_codes() -> dict[str, str]:
    """The letter of each implementing agency in a case identifier, by agency.

    No public source searched for this work gave the table of agency letters,
    so the letters are the SECCOOP_CASE_AGENCY_CODES setting (by default B for
    the Army, P for the Navy and D for the Air Force, the letters case
    identifiers are commonly read with); an agency without a letter there is
    not checked.
    """
    return dict(settings.SECCOOP_CASE_AGENCY_CODES)


IDENTIFIER = re.compile(
    r"^(?P<customer>[A-Z0-9]{2})-(?P<agency>[A-Z])-(?P<designator>[A-Z0-9]{3})$"
)


@dataclass(frozen=True)
class NotificationThreshold:
    """One value at or above which a sale must be notified to Congress, and the review period."""

    nato_plus_five: bool
    measure: str  # "mde" (major defense equipment) or "total" (defense articles and services)
    amount: Decimal
    review_days: int


# AECA section 36(b)(1) (22 U.S.C. 2776(b)(1)) and (b)(5)(C); SAMM C5.5, Table C5.T13;
# CRS report RL31675 "Arms Sales: Congressional Review Process" (2025).
NOTIFICATION_THRESHOLDS = (
    NotificationThreshold(False, "mde", Decimal("14000000"), 30),
    NotificationThreshold(False, "total", Decimal("50000000"), 30),
    NotificationThreshold(True, "mde", Decimal("25000000"), 15),
    NotificationThreshold(True, "total", Decimal("100000000"), 15),
)


class Case(DomainModel):
    """A sales or transfer case with one partner nation, from its request to its closure.

    The record the directorate keeps of a case is itself the use of an
    automated system to execute security cooperation (4.D); keeping its data
    complete and current is 4.J and 4.L.
    """

    exercises = ("4.C", "4.D", "4.F", "4.H", "4.I", "4.J", "4.L")
    # The roles people take on a case and the share of the work each does
    # (competencies.exercises): the case manager runs the case from request to
    # closure; the others do their part of it. The directorate's reading of the
    # competency model's statements, kept as data so it can be revised.
    roles = {
        "case manager": EVERY_CODE,
        # 4.F: helps the partner shape a valid request; 4.J: keeps the portfolio data.
        "country desk": ("4.F", "4.J"),
        # 4.C: prices (P&A, LOA data); 4.D: the financial systems; 4.L: accounting.
        "financial analyst": ("4.C", "4.D", "4.L"),
        # 4.H: delivers against the requirement; 4.D: the supply systems; 4.I: closure.
        "logistics manager": ("4.D", "4.H", "4.I"),
        # 4.H and 4.I: executes and closes the contracts behind the lines.
        "contracting officer": ("4.H", "4.I"),
        # 4.H: delivers the training the case buys.
        "training manager": ("4.H",),
    }

    identifier = models.CharField(
        max_length=30,
        unique=True,
        help_text="The SC customer code, the implementing agency's letter and a three-character "
        "designator, such as UK-P-QAA (SAMM C5.4).",
    )
    title = models.CharField(max_length=300)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cases")
    kind = models.CharField(max_length=10, choices=CaseKind.choices, default=CaseKind.FMS)
    legal_authority = models.CharField(
        max_length=20,
        choices=LegalAuthority.choices,
        blank=True,
        help_text="The law the transfer is made under; it must fit the kind of case.",
    )
    state = models.CharField(
        max_length=30, choices=CaseState.choices, default=CaseState.REQUEST_RECEIVED
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    description = models.TextField(blank=True)
    implementing_agency = models.CharField(
        max_length=20, choices=ImplementingAgency.choices, blank=True
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        help_text="The program team that manages the case.",
    )
    estimated_value = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="The price and availability estimate, in U.S. dollars.",
    )
    mde_value = models.DecimalField(
        "major defense equipment value",
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="The part of the case value that is major defense equipment, in U.S. dollars; "
        "it decides, with the total, whether Congress must be notified (AECA 36(b)).",
    )
    offer_period = models.CharField(
        max_length=10,
        choices=OfferPeriod.choices,
        default=OfferPeriod.STANDARD,
        help_text="Standard: 85 days from the implementing agency's approval (30 for BPC). "
        "Short and long periods need a reason (LOA Standardization Guide section 4).",
    )
    offer_validity_days = models.PositiveSmallIntegerField(
        default=DEFAULT_OFFER_VALIDITY_DAYS,
        validators=[MinValueValidator(1)],
        help_text="Days from the implementing agency's approval (MILAP) to the offer expiration "
        "date, of which 25 are administrative.",
    )
    offer_period_reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why the offer period is short or long: the U.S. requirement, or the "
        "purchaser's request and the agency's approval.",
    )
    aod_group = models.CharField(
        "anticipated offer date group",
        max_length=1,
        choices=OfferDateGroup.choices,
        blank=True,
        help_text="The AOD group the implementing agency gave the case (SAMM C5.4.2.1); the "
        "anticipated offer date counts from the day the request was complete.",
    )
    # The workflow's days, in the order the milestones come.
    acknowledged_on = models.DateField(
        null=True, blank=True, help_text="The day the request's receipt was acknowledged."
    )
    request_complete_on = models.DateField(
        "request complete on",
        null=True,
        blank=True,
        help_text="The day the request was found complete and actionable, from which the "
        "time to offer is measured (SAMM C5.4.2).",
    )
    price_and_availability_on = models.DateField(null=True, blank=True)
    approved_on = models.DateField(
        "agency approval (MILAP) on",
        null=True,
        blank=True,
        help_text="The implementing agency's approval of the LOA (the MILAP milestone), from "
        "which the offer expiration date counts.",
    )
    dsca_approved_on = models.DateField("DSCA approval on", null=True, blank=True)
    state_cleared_on = models.DateField("State Department clearance on", null=True, blank=True)
    congress_notified_on = models.DateField(
        "Congress notified on",
        null=True,
        blank=True,
        help_text="The day the formal AECA 36(b) notification reached Congress.",
    )
    notification_reference = models.CharField(
        max_length=30, blank=True, help_text="The transmittal number of the notification."
    )
    offered_on = models.DateField(null=True, blank=True)
    offer_expires_on = models.DateField("offer expiration date", null=True, blank=True)
    accepted_on = models.DateField(
        null=True, blank=True, help_text="The day the authorised official signed the acceptance."
    )
    signed_by = models.CharField(
        max_length=200,
        blank=True,
        help_text="The official who signed the acceptance, with their title: for FMS one "
        "authorised by the purchaser; a BPC case is not signed by the partner but by the U.S. "
        "requesting authority (SAMM C15).",
    )
    implemented_on = models.DateField(null=True, blank=True)
    supply_complete_on = models.DateField(null=True, blank=True)
    closure_due_on = models.DateField(null=True, blank=True)
    interim_closed_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    cancelled_on = models.DateField(null=True, blank=True)
    cancellation_reason = models.CharField(
        max_length=20, choices=CancellationReason.choices, blank=True
    )
    # Building Partner Capacity: funded by U.S. appropriations, not by the partner (SAMM C15).
    fund_source = models.CharField(
        max_length=200,
        blank=True,
        help_text="BPC only: the appropriation that funds the case, such as Operation and "
        "Maintenance, Defense-Wide, for section 333.",
    )
    fund_fiscal_year = models.PositiveSmallIntegerField(
        "funds' fiscal year", null=True, blank=True, help_text="BPC only."
    )
    funds_obligate_by = models.DateField(
        "funds to be obligated by",
        null=True,
        blank=True,
        help_text="BPC only: the last day the appropriation may be obligated.",
    )
    funds_cancel_on = models.DateField(
        "funds cancel on",
        null=True,
        blank=True,
        help_text="BPC only: the day the appropriation cancels (31 U.S.C. 1552).",
    )
    funds_available_on = models.DateField(
        "funds available on",
        null=True,
        blank=True,
        help_text="BPC only: the day the funds reached the case, ending the wait (BPCWAIT).",
    )
    engagements = models.ManyToManyField(
        Engagement,
        blank=True,
        related_name="cases",
        help_text="Industry advisory meetings, trade shows and reviews held about the case.",
    )
    programs = models.ManyToManyField(
        "programs.Program",
        blank=True,
        related_name="cases",
        help_text="The cooperation programs the case serves or depends on.",
    )
    agreements = models.ManyToManyField(
        "programs.Agreement",
        blank=True,
        related_name="cases",
        help_text="The international agreements the case depends on.",
    )

    class Meta:
        ordering = ["identifier"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(offer_expires_on__isnull=True)
                | models.Q(approved_on__isnull=True)
                | models.Q(offer_expires_on__gte=models.F("approved_on")),
                name="case_offer_expires_after_approval",
                violation_error_message="An offer expires on or after the agency's approval.",
            ),
        ]
        indexes = [
            # The pipeline and the list filtered by state, oldest in state first.
            models.Index(fields=["state", "state_changed_at"], name="case_state_idx"),
            # A country's cases on the list and in the visibility rule.
            models.Index(fields=["country", "state"], name="case_country_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("programs:case-detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        # What the identifier was checked against when loaded (see _check_identifier).
        record._loaded_identity = (
            record.__dict__.get("identifier"),
            record.__dict__.get("country_id"),
            record.__dict__.get("implementing_agency"),
        )
        record._loaded_kind = record.__dict__.get("kind")
        return record

    def clean(self):
        errors: dict[str, str] = {}
        if self.approved_on and self.offer_expires_on and self.offer_expires_on < self.approved_on:
            errors["offer_expires_on"] = "An offer expires on or after the agency's approval."
        self._check_direct_sale(errors)
        self._check_identifier(errors)
        self._check_offer_period(errors)
        self._check_authority(errors)
        self._check_funding(errors)
        if (
            self.mde_value is not None
            and self.estimated_value is not None
            and self.mde_value > self.estimated_value
        ):
            errors["mde_value"] = "The major defense equipment cannot be worth more than the case."
        if errors:
            raise ValidationError(errors)

    def _check_direct_sale(self, errors: dict) -> None:
        """A direct commercial sale is no government case: it is an export licence.

        The sale is a contract between a U.S. company and the buyer, authorised
        by a DDTC licence or agreement under AECA 38; there is no LOA, offer or
        payment to follow. Cases kept as DCS before this rule stay
        readable and editable; a new one, or a case turned into one, is refused.
        """
        if self.kind != CaseKind.DCS:
            return
        if self.pk is not None and getattr(self, "_loaded_kind", None) == CaseKind.DCS:
            return
        errors["kind"] = (
            "A direct commercial sale is not a government case and has no LOA: record the "
            "DDTC licence or agreement under Export licences instead. A hybrid case is an FMS "
            "case alongside a commercial sale."
        )

    def _check_identifier(self, errors: dict) -> None:
        """The identifier follows the SC customer code, the agency's letter and a designator.

        Checked when a case is opened or its identifier, country or agency
        change, so records kept before the rule can still move on.
        """
        identity = (self.identifier, self.country_id, self.implementing_agency)
        if getattr(self, "_loaded_identity", None) == identity:
            return
        match = IDENTIFIER.match(self.identifier or "")
        if match is None:
            errors["identifier"] = (
                "Write the identifier as the SC customer code, the implementing agency's letter "
                "and a three-character designator, such as UK-P-QAA."
            )
            return
        customer = self.country.sc_customer_code if self.country_id else ""
        if customer and match["customer"] != customer:
            errors["identifier"] = (
                f"A case of {self.country.name} starts with its SC customer code {customer}, "
                f"not {match['customer']}."
            )
        letter = agency_codes().get(self.implementing_agency or "")
        if letter and match["agency"] != letter:
            errors["identifier"] = (
                f"A case of the {self.get_implementing_agency_display()} carries the letter "
                f"{letter}, not {match['agency']}."
            )

    def standard_offer_days(self) -> int:
        return BPC_OFFER_VALIDITY_DAYS if self.kind == CaseKind.BPC else DEFAULT_OFFER_VALIDITY_DAYS

    def _check_offer_period(self, errors: dict) -> None:
        standard = self.standard_offer_days()
        days = self.offer_validity_days
        if days is None:
            return
        if self.offer_period == OfferPeriod.STANDARD and days != standard:
            errors["offer_validity_days"] = (
                f"A standard offer period is {standard} days; choose a short or long period "
                "to offer for another."
            )
        elif self.offer_period == OfferPeriod.SHORT and days >= standard:
            errors["offer_validity_days"] = f"A short offer period is under {standard} days."
        elif self.offer_period == OfferPeriod.LONG and days <= standard:
            errors["offer_validity_days"] = f"A long offer period is over {standard} days."
        elif days <= OFFER_ADMINISTRATIVE_DAYS and self.kind != CaseKind.BPC:
            errors["offer_validity_days"] = (
                f"The period must leave the purchaser time beyond the {OFFER_ADMINISTRATIVE_DAYS} "
                "administrative days."
            )
        if self.offer_period != OfferPeriod.STANDARD and not self.offer_period_reason.strip():
            errors["offer_period_reason"] = "Say why the offer period is short or long."

    def _check_authority(self, errors: dict) -> None:
        if self.legal_authority and self.legal_authority not in AUTHORITIES_OF_KIND.get(
            self.kind, set()
        ):
            errors["legal_authority"] = (
                f"{self.get_legal_authority_display()} is not an authority for a "
                f"{self.get_kind_display()} case."
            )

    def _check_funding(self, errors: dict) -> None:
        funding = ("fund_source", "fund_fiscal_year", "funds_obligate_by", "funds_cancel_on",
                   "funds_available_on")  # fmt: skip
        if self.kind != CaseKind.BPC:
            for name in funding:
                if getattr(self, name) not in (None, ""):
                    errors[name] = (
                        "Only a BPC case is funded by U.S. appropriations; the purchaser "
                        "pays for this one."
                    )
            return
        if (
            self.funds_obligate_by
            and self.funds_cancel_on
            and self.funds_cancel_on <= self.funds_obligate_by
        ):
            errors["funds_cancel_on"] = "Funds cancel after the last day they may be obligated."

    def exercised_codes(self) -> tuple[str, ...]:
        """A direct commercial sale is advised with industry (4.G), not priced by us (4.C)."""
        codes = list(self.exercises)
        if self.kind == CaseKind.DCS:
            codes.remove("4.C")
        if self.kind in (CaseKind.DCS, CaseKind.HYBRID):
            codes.append("4.G")
        return tuple(codes)

    # --- the clocks' dates (services.cases.clocks reads them all) -------------

    def expiry_for(self, approved_on: datetime.date) -> datetime.date:
        """The offer expiration date: the offer period counted from the agency's approval."""
        return approved_on + datetime.timedelta(days=self.offer_validity_days)

    @property
    def anticipated_offer_on(self) -> datetime.date | None:
        """The anticipated offer date: the AOD group's days after the request was complete."""
        if not self.aod_group or self.request_complete_on is None:
            return None
        days = aod_group_days().get(self.aod_group)
        if days is None:
            return None
        return self.request_complete_on + datetime.timedelta(days=days)

    @staticmethod
    def closure_due_for(supply_complete_on: datetime.date) -> datetime.date:
        return supply_complete_on + relativedelta(months=CLOSURE_DUE_AFTER_MONTHS)

    def offer_expired(self, today: datetime.date) -> bool:
        return (
            self.state in (CaseState.PROPOSED, CaseState.OFFERED)
            and self.offer_expires_on is not None
            and self.offer_expires_on < today
        )

    def closure_overdue(self, today: datetime.date) -> bool:
        return (
            self.state in CLOSURE_STATES
            and self.closure_due_on is not None
            and self.closure_due_on < today
        )

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class RequestKind(models.TextChoices):
    LETTER = "lor", "Letter of Request"
    MEMORANDUM = "mor", "Memorandum of Request"


class RequestedResponse(models.TextChoices):
    PRICE_AND_AVAILABILITY = "pa", "Price and availability data"
    OFFER = "loa", "Letter of Offer and Acceptance"


class FundingSource(models.TextChoices):
    NATIONAL = "national", "National funds"
    FMF = "fmf", "Foreign Military Financing"
    BPC = "bpc", "U.S. security cooperation authority (BPC)"
    MIXED = "mixed", "Mixed"


# The intake checklist: what a complete and actionable request states, after
# the DSCA Security Assistance Management Manual's LOR checklist (chapter 5).
# (field, what is missing when the item is not met)
CHECKLIST = (
    ("from_authorized_official", "signed by an official authorized to request for the purchaser"),
    (
        "through_proper_channels",
        "sent through the proper channels (DSCA and the implementing "
        "agency, copies to the security cooperation office and the combatant command)",
    ),  # fmt: skip
    ("items_described", "a description of the articles or services wanted, with quantities"),
    ("end_use_stated", "the intended end use and the capability it meets"),
    (
        "total_package_considered",
        "the total package: training, spares, support equipment and publications",
    ),  # fmt: skip
    ("point_of_contact", "a point of contact in the purchaser's government"),
)


class LetterOfRequest(DomainModel):
    """The partner's request that starts a case, and its intake checklist (4.F).

    The checklist flags what a complete request lacks, so the desk officer
    can help the partner make it valid and actionable before the case goes on.
    """

    exercises = ("4.F",)

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="request")
    kind = models.CharField(max_length=3, choices=RequestKind.choices, default=RequestKind.LETTER)
    reference = models.CharField(
        max_length=100, blank=True, help_text="The purchaser's reference of the request."
    )
    received_on = models.DateField(null=True, blank=True)
    requested_response = models.CharField(
        max_length=3, choices=RequestedResponse.choices, blank=True
    )
    funding_source = models.CharField(max_length=10, choices=FundingSource.choices, blank=True)
    desired_delivery_on = models.DateField(null=True, blank=True)
    major_defense_equipment = models.BooleanField(
        default=False,
        help_text="Significant military or major defense equipment, which needs a country team "
        "assessment.",
    )
    country_team_assessment = models.BooleanField(
        default=False, help_text="The country team assessment is attached."
    )
    from_authorized_official = models.BooleanField(default=False)
    through_proper_channels = models.BooleanField(default=False)
    items_described = models.BooleanField(default=False)
    end_use_stated = models.BooleanField(default=False)
    total_package_considered = models.BooleanField(default=False)
    point_of_contact = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["case"]
        verbose_name = "letter of request"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.case.identifier}"

    def clean(self):
        if not self.case_id:
            return
        # A BPC program starts from a Memorandum of Request of the U.S. requesting
        # authority, a sale from the purchaser's Letter of Request (SAMM C15.2, C5.1).
        bpc = self.case.kind == CaseKind.BPC
        errors = {}
        if bpc and self.kind != RequestKind.MEMORANDUM:
            errors["kind"] = "A BPC case starts from a Memorandum of Request."
        if not bpc and self.kind == RequestKind.MEMORANDUM:
            errors["kind"] = "A sale starts from the purchaser's Letter of Request."
        if bpc and self.funding_source not in ("", FundingSource.BPC):
            errors["funding_source"] = "A BPC case is funded by U.S. appropriations."
        if not bpc and self.funding_source == FundingSource.BPC:
            errors["funding_source"] = "Only a BPC case is funded by a U.S. BPC authority."
        if errors:
            raise ValidationError(errors)

    def missing_items(self) -> list[str]:
        """What a complete request needs and this one lacks, in checklist order."""
        missing = []
        if not self.received_on:
            missing.append("the day the request was received")
        if not self.requested_response:
            missing.append("whether price and availability data or an offer is requested")
        if not self.funding_source:
            missing.append("the source of funding")
        if not self.desired_delivery_on:
            missing.append("a desired delivery date")
        missing.extend(label for field, label in CHECKLIST if not getattr(self, field))
        if self.major_defense_equipment and not self.country_team_assessment:
            missing.append("the country team assessment required for major defense equipment")
        return missing

    @property
    def is_complete(self) -> bool:
        return not self.missing_items()


# A line's item code as the Military Articles and Services List (MASL) writes it: the
# three-character generic code, then the thirteen-character MASL number, a National
# Stock Number where the article has one (hyphens as in an NSN allowed), written with
# the digits 0 and 1, never the letters O and I (SAMM Figure C5.F24, "MASL Number").
MASL_CODE = re.compile(r"^(?P<generic>[A-Z0-9]{3}) (?P<number>[A-Z0-9-]{13,16})$")


def masl_code_error(code: str) -> str | None:
    """Why `code` is not a generic code and MASL number, or None when it is one."""
    match = MASL_CODE.match(code)
    number = match["number"].replace("-", "") if match else ""
    if match is None or len(number) != 13:
        return (
            "Write the item code as the three-character generic code, a space and the "
            "thirteen-character MASL number, such as F1K 1005-00-056-6753 (SAMM Figure C5.F24)."
        )
    if "O" in number or "I" in number:
        return "A MASL number uses the digits 0 and 1, never the letters O and I."
    return None


class CaseLine(DomainModel):
    """One line of a case: an item or service with its quantity and value, and its delivery.

    A line says what kind of article it provides: significant military
    equipment, major defense equipment, and whether its LOA note designates it
    for enhanced end-use monitoring. Delivering a designated line makes the
    serialized items the end-use monitors inventory (the controls app listens
    for `signals.line_delivered`).
    """

    exercises = ("4.C",)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="lines")
    number = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    description = models.CharField(max_length=300)
    item_code = models.CharField(
        max_length=30,
        blank=True,
        help_text="The generic code and the MASL number, such as F1K 1005-00-056-6753 "
        "(SAMM Figure C5.F24).",
    )
    quantity = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    unit_value = models.DecimalField(
        **MONEY, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )
    significant_military_equipment = models.BooleanField(
        default=False,
        help_text="Articles for which special export controls are warranted because of their "
        "capacity for substantial military utility or capability, marked SME on the U.S. "
        "Munitions List (ITAR, 22 CFR 120.36).",
    )
    major_defense_equipment = models.BooleanField(
        default=False,
        help_text="Significant military equipment with a nonrecurring research and development "
        "cost over $50 million or a total production cost over $200 million (AECA section "
        "47(6), 22 U.S.C. 2794(6)).",
    )
    enhanced_monitoring = models.BooleanField(
        "designated for enhanced end-use monitoring",
        default=False,
        help_text="The line's LOA note designates its articles for enhanced end-use monitoring "
        "(EEUM, SAMM C8.4): each delivered article is serialized and inventoried.",
    )
    delivered_quantity = models.PositiveIntegerField(
        default=0, help_text="How many of the line's articles have been delivered."
    )
    delivered_on = models.DateField(
        null=True, blank=True, help_text="The day of the line's latest delivery."
    )

    class Meta:
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "number"],
                name="case_line_number_once_per_case",
                violation_error_message="The case already has a line with this number.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.identifier} line {self.number}"

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        # The code as loaded: a code kept before the MASL check can still be saved.
        record._loaded_item_code = record.__dict__.get("item_code")
        return record

    def clean(self):
        errors = {}
        code = self.item_code or ""
        if code and code != getattr(self, "_loaded_item_code", None):
            error = masl_code_error(code)
            if error:
                errors["item_code"] = error
        # Major defense equipment is significant military equipment by definition (AECA 47(6)).
        if self.major_defense_equipment and not self.significant_military_equipment:
            errors["significant_military_equipment"] = (
                "Major defense equipment is significant military equipment (AECA section 47(6)); "
                "mark the line as both."
            )
        if (self.delivered_quantity or 0) > (self.quantity or 0):
            errors["delivered_quantity"] = (
                f"Only {self.quantity} can be delivered on this line, "
                f"not {self.delivered_quantity}."
            )
        if self.delivered_quantity and self.delivered_on is None:
            errors["delivered_on"] = "Give the day of the delivery."
        if errors:
            raise ValidationError(errors)

    @property
    def value(self) -> Decimal:
        return (self.unit_value or Decimal("0")) * (self.quantity or 0)

    @property
    def undelivered(self) -> int:
        return max((self.quantity or 0) - (self.delivered_quantity or 0), 0)


class Payment(DomainModel):
    """One payment of a case's schedule: the amount due on a day, and when it was paid."""

    exercises = ("4.L",)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="payments")
    due_on = models.DateField()
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    description = models.CharField(max_length=200, blank=True, help_text="Such as initial deposit.")
    paid_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["case", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case.identifier} payment due {self.due_on}"

    def clean(self):
        # BPC is funded by U.S. appropriations: the partner pays nothing, not even a
        # deposit (SAMM C15.1).
        if self.case_id and self.case.kind == CaseKind.BPC:
            raise ValidationError(
                {
                    "case": "A BPC case is funded by U.S. appropriations; the partner makes no "
                    "payment and no deposit."
                }
            )


class MilestoneKind(models.TextChoices):
    MILESTONE = "milestone", "Milestone"
    DELIVERABLE = "deliverable", "Deliverable"


class CaseMilestone(DomainModel):
    """A milestone or deliverable of a case, due on a day (4.H)."""

    exercises = ("4.H",)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(
        max_length=12, choices=MilestoneKind.choices, default=MilestoneKind.MILESTONE
    )
    title = models.CharField(max_length=300)
    line = models.ForeignKey(
        CaseLine, on_delete=models.SET_NULL, null=True, blank=True, related_name="milestones"
    )
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["case", "due_on", "pk"]
        verbose_name = "case milestone"

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.line_id and self.case_id and self.line.case_id != self.case_id:
            raise ValidationError({"line": "The line belongs to another case."})


class ReviewKind(models.TextChoices):
    PROGRAM = "program", "Program management review"
    FINANCIAL = "financial", "Financial management review"
    RECONCILIATION = "reconciliation", "Case reconciliation review"


class CaseReview(DomainModel):
    """A program or financial management review held on a case with the partner (4.B)."""

    exercises = ("4.B",)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    held_on = models.DateField()
    summary = models.TextField(blank=True)
    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_reviews",
        help_text="The program management review engagement, where one was logged.",
    )

    class Meta:
        ordering = ["case", "-held_on"]
        verbose_name = "case review"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.case.identifier} on {self.held_on}"


class ClosureAction(DomainModel):
    """Something a stakeholder must do so the case can close (4.I): a final bill, a report."""

    exercises = ("4.I",)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="closure_actions")
    stakeholder = models.CharField(
        max_length=200, help_text="Such as the contracting office or the finance center."
    )
    description = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["case", "due_on", "pk"]
        verbose_name = "closure action"

    def __str__(self) -> str:
        return self.description
