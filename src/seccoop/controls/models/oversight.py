"""End-use oversight: what enhanced monitoring covers, compliance assessment visits,
requests to transfer, re-purpose or dispose of articles, and potential violations.

- Enhanced end-use monitoring (EEUM) is decided per defense article by the
  designation process of SAMM C8.4 (DSCA policy 23-44 added its recurring
  review and the way out for articles no longer requiring it) and written
  into the LOA lines that provide those articles. An item's monitoring level
  is read from those designations, never typed in.
- Compliance assessment visits check a country's end-use compliance and
  record findings and the corrective actions that answer them (SAMM C8.5).
- A third-party transfer, a change of end use or a disposal needs the prior
  consent of the U.S. Government (AECA sec. 3(a)(2), 22 U.S.C. 2753; SAMM C8.7).
- A potential unauthorized end use, transfer or security violation is
  reported through Department of State channels and forwarded to DSCA's
  Golden Sentry program, the combatant command and the military department
  (SAMM C8.1.1, C8.6); each of them acknowledges it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from seccoop.core.models import DomainModel
from seccoop.partners.models import Country
from seccoop.workforce.models import Person

__all__ = [
    "CaseLineDesignation",
    "ComplianceFinding",
    "ComplianceVisit",
    "EeumArticle",
    "EndUseRequest",
    "EndUseRequestKind",
    "EndUseRequestOutcome",
    "NotifiedParty",
    "PotentialViolation",
    "ViolationNotice",
]


class EeumArticle(DomainModel):
    """A defense article designated for enhanced end-use monitoring (SAMM C8.4)."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("6.F",)

    name = models.CharField(max_length=200, unique=True)
    designation_reference = models.CharField(
        max_length=300,
        help_text="Where the designation is recorded (SAMM C8.4 table or DSCA memorandum).",
    )
    designated_on = models.DateField()
    withdrawn_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the article stopped requiring enhanced monitoring (DSCA policy 23-44).",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "EEUM-designated article"

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.withdrawn_on and self.designated_on and self.withdrawn_on < self.designated_on:
            raise ValidationError({"withdrawn_on": "A designation is withdrawn after it is made."})

    @property
    def is_designated(self) -> bool:
        return self.withdrawn_on is None


class CaseLineDesignation(DomainModel):
    """A case line designated for enhanced end-use monitoring by its LOA note (SAMM C8.4)."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("6.F",)

    case_line = models.OneToOneField(
        "programs.CaseLine", on_delete=models.PROTECT, related_name="eeum_designation"
    )
    article = models.ForeignKey(
        EeumArticle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_lines",
        help_text="The designated article the line provides, if recorded.",
    )
    loa_note = models.CharField(
        max_length=300, help_text="The LOA note that designates the line for enhanced monitoring."
    )
    designated_on = models.DateField()

    class Meta:
        ordering = ["case_line__case", "case_line__number"]
        verbose_name = "EEUM designation of a case line"

    def __str__(self) -> str:
        return f"EEUM designation of {self.case_line}"


class ComplianceVisit(DomainModel):
    """A compliance assessment visit to a country's end-use monitoring (SAMM C8.5)."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("6.F", "9.D")

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="compliance_visits")
    starts_on = models.DateField()
    ends_on = models.DateField()
    team_lead = models.CharField(max_length=200)
    scope = models.TextField(help_text="What the visit assesses: sites, articles, procedures.")
    summary = models.TextField(blank=True, help_text="The visit's overall assessment.")

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = "compliance assessment visit"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="compliance_visit_ends_after_start",
                violation_error_message="A visit ends on or after the day it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"Compliance assessment visit to {self.country}, {self.starts_on:%b %Y}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "A visit ends on or after the day it starts."})


class ComplianceFinding(DomainModel):
    """A finding of a compliance assessment visit and the corrective action that answers it."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("6.F", "9.D")

    visit = models.ForeignKey(ComplianceVisit, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(
        "controls.EndUseItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        help_text="The item it concerns, if one.",
    )
    description = models.TextField()
    corrective_action = models.TextField(blank=True)
    action_due_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["visit", "pk"]

    def __str__(self) -> str:
        return f"Finding of {self.visit}: {self.description[:60]}"

    def clean(self):
        errors = {}
        if self.closed_on and not self.corrective_action.strip():
            errors["corrective_action"] = "A finding is closed by a corrective action: give it."
        if self.closed_on and self.visit_id and self.closed_on < self.visit.starts_on:
            errors["closed_on"] = "A finding is closed after the visit that found it."
        if self.item_id and self.visit_id and self.item.case.country_id != self.visit.country_id:
            errors["item"] = "The item belongs to another country's case."
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class EndUseRequestKind(models.TextChoices):
    """What the partner asks consent for (AECA sec. 3(a)(2); SAMM C8.7)."""

    THIRD_PARTY_TRANSFER = "third-party-transfer", "Third-party transfer"
    CHANGE_OF_END_USE = "change-of-end-use", "Change of end use"
    DISPOSAL = "disposal", "Disposal"


class EndUseRequestOutcome(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Consent given"
    DENIED = "denied", "Consent refused"


class EndUseRequest(DomainModel):
    """A partner's request for consent to transfer, re-purpose or dispose of an article."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("6.F", "9.D")

    kind = models.CharField(max_length=30, choices=EndUseRequestKind.choices)
    item = models.ForeignKey(
        "controls.EndUseItem", on_delete=models.PROTECT, related_name="end_use_requests"
    )
    received_on = models.DateField()
    description = models.TextField(help_text="What the partner asks for, and why.")
    recipient = models.CharField(
        max_length=200,
        blank=True,
        help_text="For a third-party transfer: the government or body it would go to.",
    )
    outcome = models.CharField(
        max_length=20, choices=EndUseRequestOutcome.choices, default=EndUseRequestOutcome.PENDING
    )
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who decided (the Department of State decides transfers, SAMM C8.7).",
    )
    reasons = models.TextField(blank=True)
    conditions = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_on", "pk"]
        verbose_name = "request for consent"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.item}"

    def clean(self):
        errors = {}
        if self.kind == EndUseRequestKind.THIRD_PARTY_TRANSFER and not self.recipient.strip():
            errors["recipient"] = "A third-party transfer names who would receive the article."
        if self.outcome != EndUseRequestOutcome.PENDING:
            if not self.decided_on:
                errors["decided_on"] = "Give the day of the decision."
            if not self.decided_by.strip():
                errors["decided_by"] = "Say who decided."
        if self.outcome == EndUseRequestOutcome.DENIED and not self.reasons.strip():
            errors["reasons"] = "A refusal says why."
        if self.decided_on and self.received_on and self.decided_on < self.received_on:
            errors["decided_on"] = "A request is decided on or after the day it is received."
        if errors:
            raise ValidationError(errors)


class PotentialViolation(DomainModel):
    """A potential unauthorized end use, transfer or security violation (SAMM C8.6)."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("6.F", "9.D")

    item = models.ForeignKey(
        "controls.EndUseItem", on_delete=models.PROTECT, related_name="potential_violations"
    )
    incident = models.ForeignKey(
        "controls.UseIncident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="potential_violations",
        help_text="The incident it arises from, if one is recorded.",
    )
    discovered_on = models.DateField()
    description = models.TextField()
    recorded_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-discovered_on", "pk"]

    def __str__(self) -> str:
        return f"Potential violation: {self.item} ({self.discovered_on:%d %b %Y})"

    def clean(self):
        if self.incident_id and self.item_id and self.incident.item_id != self.item_id:
            raise ValidationError({"incident": "The incident concerns another item."})


class NotifiedParty(models.TextChoices):
    """Who hears of a potential violation (SAMM C8.1.1, C8.6)."""

    STATE = "state", "Department of State (through State channels)"
    GOLDEN_SENTRY = "dsca-golden-sentry", "DSCA Golden Sentry program"
    COMBATANT_COMMAND = "combatant-command", "The combatant command"
    MILITARY_DEPARTMENT = "military-department", "The military department"


class ViolationNotice(DomainModel):
    """The routing of a potential violation to one party, and that party's acknowledgement."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("6.F", "9.D")

    violation = models.ForeignKey(
        PotentialViolation, on_delete=models.CASCADE, related_name="notices"
    )
    party = models.CharField(max_length=30, choices=NotifiedParty.choices)
    sent_on = models.DateField(null=True, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    acknowledged_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["violation", "party"]
        constraints = [
            models.UniqueConstraint(
                fields=["violation", "party"],
                name="violation_notice_once_per_party",
                violation_error_message="This party is already notified of this violation.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.violation}"

    def clean(self):
        errors = {}
        if self.acknowledged_on and not self.sent_on:
            errors["acknowledged_on"] = "A notice is acknowledged after it is sent."
        elif self.acknowledged_on and self.acknowledged_on < self.sent_on:
            errors["acknowledged_on"] = "A notice is acknowledged on or after the day it is sent."
        if self.acknowledged_on and not self.acknowledged_by.strip():
            errors["acknowledged_by"] = "Say who acknowledged it."
        if errors:
            raise ValidationError(errors)
