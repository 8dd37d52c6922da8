"""Constraints and restraints on the execution of security cooperation plans and cases."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from seccoop.core.models import DomainModel
from seccoop.partners.models import Country

__all__ = ["ConstraintKind", "ConstraintStatus", "ExecutionConstraint"]


class ConstraintKind(models.TextChoices):
    AUTHORITIES = "authorities", "Deficit in authorities"
    RESOURCES = "resources", "Deficit in resources"
    PARTNER_CAPABILITY = "partner-capability", "Deficit in partner capabilities"


class ConstraintStatus(models.TextChoices):
    OPEN = "open", "Open"
    MITIGATED = "mitigated", "Mitigated"
    ACCEPTED = "accepted", "Accepted"
    RESOLVED = "resolved", "Resolved"


class ExecutionConstraint(DomainModel):
    """A constraint or restraint on carrying out a plan or a case, and what is done about it."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("6.C",)

    kind = models.CharField(max_length=20, choices=ConstraintKind.choices)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    plan_reference = models.CharField(
        max_length=300, blank=True, help_text="The plan it bears on, such as a campaign plan line."
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        "programs.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    identified_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=ConstraintStatus.choices, default=ConstraintStatus.OPEN
    )
    mitigation = models.TextField(blank=True, help_text="What is done to address it.")
    resolved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["status", "-identified_on", "-pk"]
        verbose_name = "constraint or restraint"
        verbose_name_plural = "constraints and restraints"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("controls:constraint-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if not (self.plan_reference.strip() or self.program_id or self.case_id):
            errors["plan_reference"] = "Say which plan, program or case it constrains."
        if self.status == ConstraintStatus.RESOLVED and not self.resolved_on:
            errors["resolved_on"] = "Give the day it was resolved."
        if self.resolved_on and self.identified_on and self.resolved_on < self.identified_on:
            errors["resolved_on"] = "It is resolved on or after the day it was identified."
        if errors:
            raise ValidationError(errors)
