"""International armaments cooperation programs and projects with partner nations.

A program is the cooperative work itself (a co-development, a Coalition
Warfare Program project, a Defense Exportability Features project, a foreign
comparative test); the records around it are what the program team keeps to
plan and execute it: assessments, documents, critical program information,
technology release roadmaps, requirements harmonization, assessments of the
partners' own programs, risks, partner contributions and funding lines.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from seccoop.core.models import DomainModel
from seccoop.partners.models import Country, Marked
from seccoop.workforce.models import OrgUnit

__all__ = [
    "ContributionKind",
    "CriticalProgramInformation",
    "DocumentKind",
    "ProgramDocumentVersion",
    "FundingLine",
    "PartnerContribution",
    "PartnerProgramAssessment",
    "PpbePhase",
    "Program",
    "ProgramAssessment",
    "ProgramAssessmentKind",
    "ProgramDocument",
    "ProgramKind",
    "ProgramState",
    "RequirementsHarmonization",
    "Risk",
    "RiskLevel",
    "RiskStatus",
    "TechnologyReleaseRoadmap",
]

FISCAL_YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class ProgramKind(models.TextChoices):
    RDTE = "rdte", "Cooperative research, development, test and evaluation"
    PRODUCTION = "production", "Cooperative production"
    CWP = "cwp", "Coalition Warfare Program project"
    DEF = "def", "Defense Exportability Features project"
    FCT = "fct", "Foreign comparative testing"


class ProgramState(models.TextChoices):
    PLANNING = "planning", "Planning"
    CALL_FOR_NOMINATIONS = "call-for-nominations", "Call for nominations"
    QUAD_CHART = "quad-chart", "Quad chart submitted"
    FULL_NOMINATION = "full-nomination", "Full nomination submitted"
    REVIEW = "review", "In review"
    SELECTED = "selected", "Selected"
    NOT_SELECTED = "not-selected", "Not selected"
    FUNDED = "funded", "Funded"
    EXECUTING = "executing", "Executing"
    TRANSITIONED = "transitioned", "Transitioned"
    COMPLETE = "complete", "Complete"


# What doing each kind of program exercises, on top of what every program does.
COMMON_CODES = ("3.E", "4.H")
CODES_BY_KIND = {
    ProgramKind.RDTE: ("3.A", "3.C", "3.G"),
    ProgramKind.PRODUCTION: ("3.A", "3.G", "4.G"),
    ProgramKind.CWP: ("3.A", "3.C", "5.A"),
    ProgramKind.DEF: ("5.A", "5.B"),
    ProgramKind.FCT: ("3.I", "3.B"),
}


class Program(DomainModel):
    """A cooperative program or project with partner nations.

    The program team of `org_unit` runs it; its state follows the Coalition
    Warfare Program cycle for CWP projects (call for nominations to
    transitioned or complete) and goes from planning to executing to complete
    for the other kinds. A DEF project also records its candidate program,
    the differential capability and protection features and industry's share
    of the cost.
    """

    exercises = tuple(sorted({*COMMON_CODES, *[c for v in CODES_BY_KIND.values() for c in v]}))

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=ProgramKind.choices, default=ProgramKind.RDTE)
    description = models.TextField(blank=True)
    countries = models.ManyToManyField(Country, blank=True, related_name="programs")
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programs",
        help_text="The program team that runs it.",
    )
    fiscal_year = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=FISCAL_YEAR_VALIDATORS,
        help_text="The fiscal year it is nominated or funded for.",
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    state = models.CharField(
        max_length=30, choices=ProgramState.choices, default=ProgramState.PLANNING
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    # The Coalition Warfare Program nomination.
    quad_chart = models.TextField(
        blank=True, help_text="The quad chart's summary: need, approach, schedule and cost."
    )
    full_nomination = models.TextField(blank=True)
    # Defense Exportability Features.
    candidate_program = models.CharField(
        max_length=300,
        blank=True,
        help_text="The acquisition program whose exportability is designed in.",
    )
    differential_capability = models.TextField(
        blank=True, help_text="What an export version leaves out or changes."
    )
    protection_features = models.TextField(
        blank=True, help_text="Program protection features designed in for export."
    )
    industry_cost_share = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Industry's share of the cost, in percent.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="program_ends_after_it_starts",
                violation_error_message="A program ends on or after the day it starts.",
            )
        ]
        indexes = [
            # The pipeline and filtered lists: programs of a kind in a state.
            models.Index(fields=["kind", "state"], name="program_kind_state_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:program-detail", args=[self.pk])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "A program ends on or after the day it starts."})
        if self.industry_cost_share is not None and self.kind != ProgramKind.DEF:
            raise ValidationError(
                {"industry_cost_share": "Only a Defense Exportability Features project has one."}
            )

    def exercised_codes(self) -> tuple[str, ...]:
        return tuple(sorted({*COMMON_CODES, *CODES_BY_KIND.get(self.kind, ())}))

    @property
    def is_cwp(self) -> bool:
        return self.kind == ProgramKind.CWP

    @property
    def is_def(self) -> bool:
        return self.kind == ProgramKind.DEF


class ContributionKind(models.TextChoices):
    FINANCIAL = "financial", "Financial"
    IN_KIND = "in-kind", "In kind"


class PartnerContribution(DomainModel):
    """What one partner nation puts into a program: money or work, equipment and facilities."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="contributions")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=ContributionKind.choices)
    fiscal_year = models.PositiveIntegerField(validators=FISCAL_YEAR_VALIDATORS)
    amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="In U.S. dollars; for work in kind, its estimated value.",
    )
    description = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["program", "fiscal_year", "country__name"]

    def __str__(self) -> str:
        return f"{self.country} {self.get_kind_display().lower()} FY{self.fiscal_year}"

    def clean(self):
        if self.kind == ContributionKind.FINANCIAL and self.amount is None:
            raise ValidationError({"amount": "A financial contribution needs its amount."})
        if self.kind == ContributionKind.IN_KIND and not self.description:
            raise ValidationError({"description": "Say what the contribution in kind is."})


class PpbePhase(models.TextChoices):
    PLANNING = "planning", "Planning"
    PROGRAMMING = "programming", "Programming"
    BUDGETING = "budgeting", "Budgeting"
    EXECUTION = "execution", "Execution"


class FundingLine(DomainModel):
    """U.S. funding of a program for one fiscal year, and where it stands in PPBE (2.B)."""

    exercises = ("2.B",)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="funding_lines")
    fiscal_year = models.PositiveIntegerField(validators=FISCAL_YEAR_VALIDATORS)
    phase = models.CharField(max_length=20, choices=PpbePhase.choices, default=PpbePhase.PLANNING)
    appropriation = models.CharField(
        max_length=100, blank=True, help_text="Such as RDT&E or Procurement."
    )
    amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="U.S. dollars.",
    )

    class Meta:
        ordering = ["program", "fiscal_year", "appropriation"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "fiscal_year", "appropriation"],
                name="funding_line_once_per_year_and_appropriation",
                violation_error_message=(
                    "This program already has a line for this year and appropriation."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"FY{self.fiscal_year} {self.appropriation or 'funding'}"


class ProgramAssessmentKind(models.TextChoices):
    IAE = "iae", "International acquisition and exportability (IA&E) assessment"
    OPPORTUNITY = "opportunity", "International acquisition opportunity"


class ProgramAssessment(DomainModel):
    """An assessment of a program's international acquisition and exportability (5.A, 5.B)."""

    exercises = ("5.A", "5.B")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(
        max_length=20, choices=ProgramAssessmentKind.choices, default=ProgramAssessmentKind.IAE
    )
    assessed_on = models.DateField()
    findings = models.TextField()
    recommendation = models.TextField(blank=True)

    class Meta:
        ordering = ["program", "-assessed_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.assessed_on}"


class DocumentKind(models.TextChoices):
    SCG = "scg", "Security classification guide"
    PSI = "psi", "Program security instruction"
    PPP = "ppp", "Program protection plan"
    TACP = "ta-cp", "Technology assessment/control plan"
    AGREEMENT_TEXT = "agreement-text", "Agreement text"
    ANNEX = "annex", "Annex"
    SECURITY_ANNEX = "security-annex", "Security annex"
    OTHER = "other", "Other"


class ProgramDocument(Marked, DomainModel):
    """A program or agreement document (SCG, PSI, PPP, TA/CP, agreement text; 5.C, 3.G).

    It carries its markings: a document releasable to some countries only
    may not be attached to the program or agreement of another country.
    """

    exercises = ("5.C", "3.G")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    agreement = models.ForeignKey(
        "programs.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(program__isnull=False) & models.Q(agreement__isnull=True))
                | (models.Q(program__isnull=True) & models.Q(agreement__isnull=False)),
                name="program_document_of_one_record",
                violation_error_message="A document belongs to a program or to an agreement.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self):
        return self.program if self.program_id else self.agreement


class ProgramDocumentVersion(DomainModel):
    """One version of a document: its number, date and what changed."""

    document = models.ForeignKey(ProgramDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    dated_on = models.DateField()
    summary = models.CharField(max_length=500, blank=True, help_text="What changed.")
    reference = models.CharField(
        max_length=300, blank=True, help_text="Where the file is kept (records system or URL)."
    )

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"],
                name="program_document_version_once",
                violation_error_message="This document already has a version with this number.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class CriticalProgramInformation(DomainModel):
    """An element of critical program information and how it is protected (5.D)."""

    exercises = ("5.D",)

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="critical_information"
    )
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    countermeasures = models.TextField(blank=True)
    identified_on = models.DateField()

    class Meta:
        ordering = ["program", "name"]
        verbose_name = "critical program information"
        verbose_name_plural = "critical program information"

    def __str__(self) -> str:
        return self.name


class TechnologyReleaseRoadmap(DomainModel):
    """A planned release of a sensitive or classified capability to partners (5.E)."""

    exercises = ("5.E",)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="roadmaps")
    technology = models.CharField(max_length=300)
    countries = models.ManyToManyField(Country, blank=True, related_name="+")
    planned_release_on = models.DateField()
    decision_needed = models.CharField(
        max_length=300, blank=True, help_text="The release decision it waits on."
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["program", "planned_release_on"]

    def __str__(self) -> str:
        return self.technology


class HarmonizationStatus(models.TextChoices):
    OPEN = "open", "Open"
    HARMONIZED = "harmonized", "Harmonized"
    DIVERGENT = "divergent", "Divergent"


class RequirementsHarmonization(DomainModel):
    """A requirement compared with a partner's: where it agrees and where it differs (3.A)."""

    exercises = ("3.A",)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="harmonizations")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    requirement = models.CharField(max_length=300)
    us_position = models.TextField(blank=True, verbose_name="U.S. position")
    partner_position = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=HarmonizationStatus.choices, default=HarmonizationStatus.OPEN
    )

    class Meta:
        ordering = ["program", "requirement"]
        verbose_name = "requirements harmonization"

    def __str__(self) -> str:
        return self.requirement


class PartnerProgramAssessment(DomainModel):
    """An assessment of a partner nation's acquisition program for its benefit to the U.S. (3.B)."""

    exercises = ("3.B",)

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="partner_program_assessments"
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    partner_program = models.CharField(max_length=300)
    assessed_on = models.DateField()
    potential_benefit = models.TextField()
    recommendation = models.TextField(blank=True)

    class Meta:
        ordering = ["program", "-assessed_on"]

    def __str__(self) -> str:
        return self.partner_program


class RiskLevel(models.IntegerChoices):
    LOW = 1, "Low"
    MODERATE = 2, "Moderate"
    HIGH = 3, "High"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    MITIGATED = "mitigated", "Mitigated"
    CLOSED = "closed", "Closed"


class Risk(DomainModel):
    """A risk to a program and its mitigation (4.E)."""

    exercises = ("4.E",)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(max_length=300)
    likelihood = models.PositiveSmallIntegerField(
        choices=RiskLevel.choices, default=RiskLevel.MODERATE
    )
    impact = models.PositiveSmallIntegerField(choices=RiskLevel.choices, default=RiskLevel.MODERATE)
    mitigation = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=RiskStatus.choices, default=RiskStatus.OPEN)

    class Meta:
        ordering = ["program", "-impact", "-likelihood", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.status == RiskStatus.MITIGATED and not self.mitigation:
            raise ValidationError({"mitigation": "Say how a mitigated risk was mitigated."})
