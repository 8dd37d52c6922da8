"""Human rights vetting of the foreign units and individuals nominated for assistance."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from seccoop.core.models import DomainModel
from seccoop.partners.models import Country

__all__ = ["Assistance", "Nominee", "NomineeKind", "Vetting", "VettingResult"]


class NomineeKind(models.TextChoices):
    UNIT = "unit", "Unit"
    INDIVIDUAL = "individual", "Individual"


class Nominee(DomainModel):
    """A foreign security force unit or individual nominated for assistance.

    Assistance may go only to a nominee whose vetting approved them and has
    not expired; assistance recorded otherwise is flagged.
    """

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("6.D",)

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="vetting_nominees")
    kind = models.CharField(max_length=12, choices=NomineeKind.choices)
    name = models.CharField(max_length=300)
    unit = models.CharField(
        max_length=300, blank=True, help_text="For an individual, the unit they serve in."
    )
    nominated_on = models.DateField()
    assistance_proposed = models.TextField(blank=True, help_text="The assistance proposed.")

    class Meta:
        ordering = ["country__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "kind", "name"],
                name="vetting_nominee_once_per_country",
                violation_error_message="This unit or individual is already nominated.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("controls:nominee-detail", args=[self.pk])


class VettingResult(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    DENIED = "denied", "Denied"
    SUSPENDED = "suspended", "Suspended pending remediation"


class Vetting(DomainModel):
    """One vetting of a nominee: its result, when, until when it holds, and any remediation."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("6.D",)

    DEFAULT_VALIDITY = datetime.timedelta(days=365)

    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="vettings")
    requested_on = models.DateField()
    result = models.CharField(
        max_length=12, choices=VettingResult.choices, default=VettingResult.PENDING
    )
    vetted_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    findings = models.TextField(blank=True)
    remediation = models.TextField(
        blank=True, help_text="The steps the partner takes to remedy what the vetting found."
    )
    remediated_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["nominee", "-requested_on", "-pk"]
        indexes = [
            # Current approvals of a nominee (the vetting flags).
            models.Index(fields=["nominee", "result", "expires_on"], name="vetting_current_idx"),
        ]

    def __str__(self) -> str:
        return f"Vetting of {self.nominee}: {self.get_result_display()}"

    def clean(self):
        errors = {}
        if self.result != VettingResult.PENDING and not self.vetted_on:
            errors["vetted_on"] = "Give the day the result came back."
        if self.result == VettingResult.APPROVED and not self.expires_on:
            errors["expires_on"] = "An approval has the day it expires."
        if self.expires_on and self.vetted_on and self.expires_on <= self.vetted_on:
            errors["expires_on"] = "An approval expires after the day it was given."
        if self.result == VettingResult.SUSPENDED and not self.remediation.strip():
            errors["remediation"] = "Say what remediation is required."
        if errors:
            raise ValidationError(errors)

    def is_current(self, day: datetime.date) -> bool:
        return (
            self.result == VettingResult.APPROVED
            and self.vetted_on is not None
            and self.vetted_on <= day <= self.expires_on
        )


class Assistance(DomainModel):
    """Assistance given to a nominee on a day; flagged when no current approval covers it."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("6.D",)

    nominee = models.ForeignKey(Nominee, on_delete=models.PROTECT, related_name="assistance")
    provided_on = models.DateField()
    description = models.CharField(max_length=300)
    case = models.ForeignKey(
        "programs.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "bpc"},
        help_text="The BPC case the assistance is given under; vetting does not apply to "
        "sales (FMS or DCS).",
    )

    class Meta:
        ordering = ["-provided_on", "-pk"]
        verbose_name_plural = "assistance"

    def __str__(self) -> str:
        return f"{self.description} to {self.nominee} on {self.provided_on}"

    def clean(self):
        # Leahy vetting covers assistance funded by U.S. appropriations (10 U.S.C. 362
        # for DoD funds, 22 U.S.C. 2378d for State's); a sale the purchaser pays for,
        # FMS or DCS, is not assistance and carries no vetting flag.
        if self.case_id and self.case.kind != "bpc":
            raise ValidationError(
                {
                    "case": f"Vetting applies to BPC assistance; {self.case.identifier} is a "
                    f"{self.case.get_kind_display()} case."
                }
            )
