"""Sales and transfer cases: FMS, BPC, DCS and hybrids, from request to closure.

A case starts from a Letter of Request (or, for Building Partner Capacity, a
Memorandum of Request) whose intake checklist says what a complete request
still lacks. It then follows the FMS workflow of `seccoop.programs.services.cases`
(request received ... offered, accepted ... closed), carrying its lines, its
payment schedule, its milestones and deliverables, the program and financial
management reviews held on it, and the closure actions agreed with its
stakeholders. Two clocks run on a case: the offer expires on a set day (85 days
after the offer unless the case says otherwise), and closure is due 12 months
after supply and services are complete.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from seccoop.core.models import DomainModel
from seccoop.partners.models import Country, Engagement
from seccoop.workforce.models import OrgUnit

__all__ = [
    "CLOSURE_DUE_AFTER_MONTHS",
    "DEFAULT_OFFER_VALIDITY_DAYS",
    "Case",
    "CaseKind",
    "CaseLine",
    "CaseMilestone",
    "CaseReview",
    "CaseState",
    "ClosureAction",
    "FundingSource",
    "ImplementingAgency",
    "LetterOfRequest",
    "MilestoneKind",
    "Payment",
    "RequestKind",
    "RequestedResponse",
    "ReviewKind",
]

DEFAULT_OFFER_VALIDITY_DAYS = 85
CLOSURE_DUE_AFTER_MONTHS = 12
MONEY = {"max_digits": 15, "decimal_places": 2}


class CaseKind(models.TextChoices):
    FMS = "fms", "Foreign Military Sales"
    BPC = "bpc", "Building Partner Capacity"
    DCS = "dcs", "Direct Commercial Sales"
    HYBRID = "hybrid", "Hybrid (FMS and DCS)"


class CaseState(models.TextChoices):
    REQUEST_RECEIVED = "request-received", "Request received"
    REQUEST_COMPLETE = "request-complete", "Request complete"
    PRICE_AND_AVAILABILITY = "pa-provided", "Price and availability provided"
    DEVELOPMENT = "case-development", "Case development"
    WRITTEN = "written", "Written"
    REVIEWED = "reviewed", "Reviewed"
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    IMPLEMENTED = "implemented", "Implemented"
    EXECUTING = "executing", "Executing"
    SUPPLY_COMPLETE = "supply-complete", "Supply and services complete"
    CLOSURE = "closure-in-progress", "Closure in progress"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


# States in which a case is still being worked; closed and cancelled ones are done.
OPEN_STATES = tuple(s for s in CaseState.values if s not in ("closed", "cancelled"))
# States at or after the offer, where lines and a payment schedule must exist.
OFFERED_OR_LATER = ("offered", "accepted", "implemented", "executing", "supply-complete")
CLOSURE_STATES = ("supply-complete", "closure-in-progress")


class ImplementingAgency(models.TextChoices):
    ARMY = "army", "Department of the Army"
    NAVY = "navy", "Department of the Navy"
    AIR_FORCE = "air-force", "Department of the Air Force"
    DSCA = "dsca", "Defense Security Cooperation Agency"
    DLA = "dla", "Defense Logistics Agency"
    OTHER = "other", "Other defense agency"


class Case(DomainModel):
    """A sales or transfer case with one partner nation, from its request to its closure.

    The record the directorate keeps of a case is itself the use of an
    automated system to execute security cooperation (4.D); keeping its data
    complete and current is 4.J and 4.L.
    """

    exercises = ("4.C", "4.D", "4.F", "4.H", "4.I", "4.J", "4.L")

    identifier = models.CharField(
        max_length=30, unique=True, help_text="The case identifier, such as FR-D-SAA."
    )
    title = models.CharField(max_length=300)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cases")
    kind = models.CharField(max_length=10, choices=CaseKind.choices, default=CaseKind.FMS)
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
    offer_validity_days = models.PositiveSmallIntegerField(
        default=DEFAULT_OFFER_VALIDITY_DAYS,
        validators=[MinValueValidator(1)],
        help_text="Days from the offer to its expiry.",
    )
    price_and_availability_on = models.DateField(null=True, blank=True)
    offered_on = models.DateField(null=True, blank=True)
    offer_expires_on = models.DateField(null=True, blank=True)
    accepted_on = models.DateField(null=True, blank=True)
    implemented_on = models.DateField(null=True, blank=True)
    supply_complete_on = models.DateField(null=True, blank=True)
    closure_due_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    cancelled_on = models.DateField(null=True, blank=True)
    engagements = models.ManyToManyField(
        Engagement,
        blank=True,
        related_name="cases",
        help_text="Industry advisory meetings, trade shows and reviews held about the case.",
    )

    class Meta:
        ordering = ["identifier"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(offer_expires_on__isnull=True)
                | models.Q(offered_on__isnull=True)
                | models.Q(offer_expires_on__gte=models.F("offered_on")),
                name="case_offer_expires_after_offer",
                violation_error_message="An offer expires on or after the day it is made.",
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

    def clean(self):
        if self.offered_on and self.offer_expires_on and self.offer_expires_on < self.offered_on:
            raise ValidationError(
                {"offer_expires_on": "An offer expires on or after the day it is made."}
            )

    def exercised_codes(self) -> tuple[str, ...]:
        """A direct commercial sale is advised with industry (4.G), not priced by us (4.C)."""
        codes = list(self.exercises)
        if self.kind == CaseKind.DCS:
            codes.remove("4.C")
        if self.kind in (CaseKind.DCS, CaseKind.HYBRID):
            codes.append("4.G")
        return tuple(codes)

    # --- the clocks ---------------------------------------------------------

    def expiry_for(self, offered_on: datetime.date) -> datetime.date:
        return offered_on + datetime.timedelta(days=self.offer_validity_days)

    @staticmethod
    def closure_due_for(supply_complete_on: datetime.date) -> datetime.date:
        return supply_complete_on + relativedelta(months=CLOSURE_DUE_AFTER_MONTHS)

    def offer_expired(self, today: datetime.date) -> bool:
        return (
            self.state == CaseState.OFFERED
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


class CaseLine(DomainModel):
    """One line of a case: an item or service with its quantity and value."""

    exercises = ("4.C",)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="lines")
    number = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    description = models.CharField(max_length=300)
    item_code = models.CharField(
        max_length=30, blank=True, help_text="The military articles and services list code."
    )
    quantity = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    unit_value = models.DecimalField(
        **MONEY, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
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

    @property
    def value(self) -> Decimal:
        return (self.unit_value or Decimal("0")) * (self.quantity or 0)


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
