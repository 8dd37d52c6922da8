"""International agreements: MOUs, project arrangements, loans and annexes."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from seccoop.core.models import DomainModel
from seccoop.partners.models import Country, Engagement
from seccoop.workforce.models import OrgUnit

__all__ = [
    "DEFAULT_WARNING_DAYS",
    "Agreement",
    "AgreementInteraction",
    "AgreementState",
    "AgreementType",
    "InteractionKind",
]

# How long before its expiry an agreement starts warning, unless it says otherwise.
DEFAULT_WARNING_DAYS = 180


class AgreementType(DomainModel):
    """A kind of international agreement, such as a memorandum of understanding.

    The usual kinds are seeded; administrators add others.
    """

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgreementState(models.TextChoices):
    OPPORTUNITY = "opportunity", "Opportunity identified"
    AUTHORITY_REQUESTED = "authority-requested", "Request for authority to develop"
    NEGOTIATION = "negotiation", "In negotiation"
    FINAL_APPROVAL_REQUESTED = "final-approval-requested", "Request for final approval"
    SIGNED = "signed", "Signed"
    IN_FORCE = "in-force", "In force"
    AMENDED = "amended", "Amended"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"


# States in which an agreement binds its parties (and so can run out).
BINDING_STATES = (AgreementState.SIGNED, AgreementState.IN_FORCE, AgreementState.AMENDED)


class Agreement(DomainModel):
    """An international agreement with one or more partner nations.

    It goes from an identified opportunity through a request for authority to
    develop (with a summary statement of intent), negotiation, a request for
    final approval and signature to being in force, and later amended,
    expired or terminated. Negotiation rounds are partner engagements.
    """

    exercises = ("3.D", "3.F", "3.G")

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    title = models.CharField(max_length=300)
    agreement_type = models.ForeignKey(
        AgreementType, on_delete=models.PROTECT, null=True, blank=True, related_name="agreements"
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="agreements", help_text="The parties besides the U.S."
    )
    legal_authority = models.CharField(
        max_length=300, blank=True, help_text="Such as 22 U.S.C. 2767 or 10 U.S.C. 2350a."
    )
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        help_text="The team that negotiates and manages it.",
    )
    state = models.CharField(
        max_length=30, choices=AgreementState.choices, default=AgreementState.OPPORTUNITY
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    statement_of_intent = models.TextField(
        blank=True, help_text="The summary statement of intent sent with the request for authority."
    )
    authority_to_develop_on = models.DateField(
        null=True, blank=True, help_text="When authority to develop was granted."
    )
    final_approval_on = models.DateField(null=True, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    in_force_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    warning_days = models.PositiveIntegerField(
        default=DEFAULT_WARNING_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="How many days before its expiry it starts warning.",
    )
    negotiation_rounds = models.ManyToManyField(
        Engagement, blank=True, related_name="agreements", help_text="Negotiation rounds held."
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(signed_on__isnull=True)
                | models.Q(expires_on__gt=models.F("signed_on")),
                name="agreement_expires_after_signature",
                violation_error_message="An agreement expires after the day it is signed.",
            )
        ]
        indexes = [
            # The pipeline: agreements by state; the expiring list: by expiry date.
            models.Index(fields=["state", "state_changed_at"], name="agreement_state_idx"),
            models.Index(fields=["expires_on"], name="agreement_expiry_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:agreement-detail", args=[self.pk])

    def clean(self):
        if self.signed_on and self.expires_on and self.expires_on <= self.signed_on:
            raise ValidationError(
                {"expires_on": "An agreement expires after the day it is signed."}
            )

    # --- the expiry clock ---------------------------------------------------------

    @property
    def is_binding(self) -> bool:
        return self.state in BINDING_STATES

    def warns_from(self) -> datetime.date | None:
        if self.expires_on is None:
            return None
        return self.expires_on - datetime.timedelta(days=self.warning_days)

    def expiry_status(self, today: datetime.date) -> str:
        """ "expired", "expiring" (within its warning period) or "" for a binding agreement."""
        if not self.is_binding or self.expires_on is None:
            return ""
        if self.expires_on < today:
            return "expired"
        if today >= self.warns_from():
            return "expiring"
        return ""

    def days_to_expiry(self, today: datetime.date) -> int | None:
        return (self.expires_on - today).days if self.expires_on else None


class InteractionKind(models.TextChoices):
    STEERING_COMMITTEE = "steering-committee", "Steering committee meeting"
    AMENDMENT_DISCUSSION = "amendment-discussion", "Amendment discussion"
    INFORMATION_EXCHANGE = "information-exchange", "Information exchange"
    DISPUTE = "dispute", "Dispute or issue resolution"
    REPORT = "report", "Report or notice"
    OTHER = "other", "Other"


class AgreementInteraction(DomainModel):
    """Something done with the partners under an agreement once it is signed (3.H)."""

    exercises = ("3.H",)

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(max_length=30, choices=InteractionKind.choices)
    occurred_on = models.DateField()
    summary = models.TextField()
    engagement = models.ForeignKey(
        Engagement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "-occurred_on"]
        verbose_name = "post-agreement interaction"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"
