"""Foundational security agreements with partner nations."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from seccoop.core.models import DomainModel
from seccoop.partners.models import Country

__all__ = ["AgreementKind", "AgreementStatus", "SecurityAgreement"]


class AgreementKind(models.TextChoices):
    GSOIA = "gsoia", "General Security of Information Agreement (GSOIA)"
    GSOMIA = "gsomia", "General Security of Military Information Agreement (GSOMIA)"
    COMSEC = "comsec", "Communications security agreement"
    INDUSTRIAL = "industrial-annex", "Industrial security annex"


class AgreementStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    NEGOTIATING = "negotiating", "In negotiation"
    SIGNED = "signed", "Signed"
    IN_FORCE = "in-force", "In force"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"


class SecurityAgreement(DomainModel):
    """A foundational security agreement with a country, which enables sharing and transfers.

    General security of (military) information agreements, communications
    security agreements and industrial security annexes, with where they
    stand and the days that matter.
    """

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("9.B",)

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="security_agreements"
    )
    kind = models.CharField(max_length=20, choices=AgreementKind.choices)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=AgreementStatus.choices)
    signed_on = models.DateField(null=True, blank=True)
    in_force_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["country__name", "kind", "-signed_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(signed_on__isnull=True)
                | models.Q(expires_on__gte=models.F("signed_on")),
                name="security_agreement_expires_after_signature",
                violation_error_message="An agreement expires after it is signed.",
            )
        ]
        indexes = [
            # The agreements of one country on its page.
            models.Index(fields=["country", "kind"], name="security_agreement_country_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("controls:agreement-detail", args=[self.pk])

    def clean(self):
        signed = {AgreementStatus.SIGNED, AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED}
        if self.status in signed and not self.signed_on:
            raise ValidationError({"signed_on": "A signed agreement has the day it was signed."})
        if self.status == AgreementStatus.IN_FORCE and not self.in_force_on:
            raise ValidationError(
                {"in_force_on": "An agreement in force has the day it entered into force."}
            )
        if self.expires_on and self.signed_on and self.expires_on < self.signed_on:
            raise ValidationError({"expires_on": "An agreement expires after it is signed."})
