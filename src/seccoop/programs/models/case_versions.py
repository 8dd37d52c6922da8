"""Versions of a case: the basic case as accepted, then its amendments and modifications.

SAMM C6.7 "Amendments and Modifications": an accepted case changes over its
life by an Amendment, which changes its scope and must be accepted by the
purchaser like the basic case, or by a Modification, a unilateral U.S.
change (estimated costs, delivery or payment schedule, administrative
corrections, preparation for closure) that needs no acceptance. Each states
its purpose and the reason for the change (SAMM C6.7 introduction; DSCA
Policy 08-42 on scope; DSCA Policy 24-08). The DSCA Foreign Customer Guide
(chapter 7, "After Acceptance") says the same to the purchaser.

The basic case is version 0; amendments and modifications are numbered in
their own order, Amendment 1 (A01), Modification 1 (M01), as case documents
are named in DSAMS. A version once in force is never rewritten: the basic case
stays as it was accepted, whatever the amendments after it change. The
workflow of a version lives in `seccoop.programs.services.case_versions`.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from seccoop.core.models import DomainModel
from seccoop.programs.models.cases import MONEY, Case

__all__ = [
    "CaseVersion",
    "ModificationGrounds",
    "VersionKind",
    "VersionState",
]


class VersionKind(models.TextChoices):
    BASIC = "basic", "Basic case"
    AMENDMENT = "amendment", "Amendment"
    MODIFICATION = "modification", "Modification"


class VersionState(models.TextChoices):
    """Where a version stands: an amendment is offered and accepted, a modification issued."""

    WRITTEN = "written", "Written"
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    ISSUED = "issued", "Issued"
    LAPSED = "lapsed", "Lapsed unaccepted"
    CANCELLED = "cancelled", "Cancelled"


# The states in which a version is in force and gives the case its value.
IN_FORCE = (VersionState.ACCEPTED, VersionState.ISSUED)
# States in which a version is still being worked.
IN_WORK = (VersionState.WRITTEN, VersionState.OFFERED)


class ModificationGrounds(models.TextChoices):
    """The unilateral changes a Modification makes (DSCA Foreign Customer Guide ch. 7;
    DSCA Policy 08-42: price changes, closure adjustments and other U.S. decisions)."""

    PRICE = "price", "Estimated costs (price increase or decrease)"
    DELIVERY = "delivery", "Delivery schedule"
    PAYMENT = "payment", "Payment schedule"
    ADMINISTRATIVE = "administrative", "Administrative correction"
    CLOSURE = "closure", "Preparation for closure"


PREFIX = {VersionKind.AMENDMENT: "A", VersionKind.MODIFICATION: "M"}


class CaseVersion(DomainModel):
    """One version of a case's Letter of Offer and Acceptance: the basic case, or a change to it.

    Keeping the versions apart, each with its value, its purpose and who
    accepted it, is keeping the case's record complete and current (4.J, 4.L).
    """

    exercises = ("4.J", "4.L")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="versions")
    kind = models.CharField(max_length=12, choices=VersionKind.choices)
    number = models.PositiveSmallIntegerField(
        help_text="0 for the basic case; amendments and modifications are numbered each in "
        "their own order from 1."
    )
    state = models.CharField(
        max_length=12, choices=VersionState.choices, default=VersionState.WRITTEN
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    description = models.TextField(
        help_text="The purpose of the change and why it is made, such as “increases the "
        "estimated costs of line 002 for additional requirements the purchaser asked for” "
        "(SAMM C6.7: a bare “increases funds” is not enough)."
    )
    grounds = models.CharField(
        max_length=20,
        choices=ModificationGrounds.choices,
        blank=True,
        help_text="Modifications only: the unilateral change it makes.",
    )
    value = models.DecimalField(
        **MONEY,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="The case's value once this version is in force, in U.S. dollars.",
    )
    previous_value = models.DecimalField(
        **MONEY,
        default=Decimal("0"),
        help_text="The case's value before this version, as it stood when the version was "
        "written or came into force.",
    )
    lines_count = models.PositiveIntegerField(
        default=0, help_text="The number of the case's lines when the version came into force."
    )
    lines_summary = models.CharField(max_length=500, blank=True)
    approved_on = models.DateField(
        "agency approval (MILAP) on",
        null=True,
        blank=True,
        help_text="Amendments: the agency's approval, from which the offer expires.",
    )
    offered_on = models.DateField(null=True, blank=True)
    offer_expires_on = models.DateField("offer expiration date", null=True, blank=True)
    accepted_on = models.DateField(null=True, blank=True)
    signed_by = models.CharField(
        max_length=200,
        blank=True,
        help_text="The authorised official who signed the acceptance, with their title.",
    )
    issued_on = models.DateField(
        null=True, blank=True, help_text="Modifications: the day it was issued and took effect."
    )
    ended_on = models.DateField(
        null=True, blank=True, help_text="The day it lapsed unaccepted or was cancelled."
    )

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = "case version"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "number"],
                name="case_version_numbered_once",
                violation_error_message="The case already has a version with this number.",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="basic") & models.Q(number=0))
                | (~models.Q(kind="basic") & models.Q(number__gte=1)),
                name="case_version_basic_is_zero",
                violation_error_message="The basic case is version 0; changes count from 1.",
            ),
        ]
        indexes = [
            # The versions of one case, in order, on its page and in the API.
            models.Index(fields=["case", "state"], name="case_version_case_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case.identifier} {self.label}"

    @property
    def code(self) -> str:
        """How DSAMS names the document: Basic, A01, M02."""
        if self.kind == VersionKind.BASIC:
            return "Basic"
        return f"{PREFIX[self.kind]}{self.number:02d}"

    @property
    def label(self) -> str:
        if self.kind == VersionKind.BASIC:
            return "Basic case"
        return f"{self.get_kind_display()} {self.number} ({self.code})"

    @property
    def change(self) -> Decimal:
        return (self.value or Decimal("0")) - (self.previous_value or Decimal("0"))

    @property
    def in_force(self) -> bool:
        return self.state in IN_FORCE

    @property
    def effective_on(self):
        return self.accepted_on if self.kind != VersionKind.MODIFICATION else self.issued_on

    def clean(self):
        errors = {}
        if not (self.description or "").strip():
            errors["description"] = "State the purpose of the change and why it is made."
        if self.kind == VersionKind.MODIFICATION and not self.grounds:
            errors["grounds"] = "Say which unilateral change the modification makes."
        if self.kind != VersionKind.MODIFICATION and self.grounds:
            errors["grounds"] = (
                "Only a modification is a unilateral change; an amendment changes the scope."
            )
        if self.kind == VersionKind.MODIFICATION and (self.offered_on or self.accepted_on):
            errors["accepted_on"] = "A modification is issued, not offered or accepted."
        if self.approved_on and self.offer_expires_on and self.offer_expires_on < self.approved_on:
            errors["offer_expires_on"] = "An offer expires on or after the agency's approval."
        if errors:
            raise ValidationError(errors)
