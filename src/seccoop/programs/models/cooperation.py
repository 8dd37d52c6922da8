"""International armaments cooperation programs and projects with partner nations.

A program is the cooperative work itself (a co-development, a Coalition
Warfare Program project, a Defense Exportability Features project, a foreign
comparative test); the records around it are what the program team keeps to
plan and execute it: assessments, documents, critical program information,
technology release roadmaps, requirements harmonization, assessments of the
partners' own programs, risks, partner contributions and funding lines.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from seccoop.core.models import DomainModel
from seccoop.partners.models import Country, Marked
from seccoop.workforce.models import OrgUnit

__all__ = [
    "ContributionKind",
    "CwpResourcePlan",
    "DefDeliverable",
    "ExecutionReport",
    "NominationScore",
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
# Technology readiness levels run from 1 (basic principles observed) to 9 (system
# proven in operations): DoD Technology Readiness Assessment Guidebook (2023), table 1.
TRL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(9)]
TRL_HELP = "Technology readiness level, 1 to 9 (DoD Technology Readiness Assessment Guidebook)."
# A Defense Exportability Features contract is paid half by industry unless the
# Secretary authorises a different share: FY2011 NDAA section 243 (Pub. L. 111-383)
# as amended by the FY2015 NDAA, made permanent by the FY2019 NDAA (DAU Acquipedia,
# "Defense Exportability Features Initiative" and "International Acquisition -
# Defense Exportability Features Program").
DEF_INDUSTRY_HALF = 50


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
        help_text=(
            "Industry's share of the cost, in percent. Half unless the Secretary authorises "
            "a different share (FY2011 NDAA section 243, as amended by the FY2015 NDAA)."
        ),
    )
    cost_share_authorised_by = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who authorised an industry share below half (name and office).",
    )
    cost_share_authorised_on = models.DateField(null=True, blank=True)
    cost_share_authorisation_reason = models.TextField(
        blank=True, help_text="Why a share below half was authorised."
    )
    # The Coalition Warfare Program nomination's content: nominations come from DoD
    # organisations with a nomination advocate and combatant command advocacy, state
    # technology readiness and partner equitability (https://www.acq.osd.mil/ic/cwp.html
    # and its Frequently Asked Questions).
    nominating_organisation = models.CharField(
        max_length=300, blank=True, help_text="The DoD organisation that nominates the project."
    )
    advocate = models.CharField(
        max_length=200,
        blank=True,
        help_text="The project's advocate in the nominating organisation.",
    )
    endorsing_command = models.CharField(
        max_length=200,
        blank=True,
        help_text="The combatant command that endorses the nomination's coalition need.",
    )
    endorsed_on = models.DateField(null=True, blank=True)
    trl_at_entry = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=TRL_VALIDATORS, help_text=TRL_HELP
    )
    trl_at_exit = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=TRL_VALIDATORS, help_text=TRL_HELP
    )
    partner_equitability = models.TextField(
        blank=True,
        help_text=(
            "How the partners' contributions, financial or in kind, make the project equitable."
        ),
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
        if self.endorsed_on and not self.endorsing_command:
            raise ValidationError(
                {"endorsing_command": "Say which combatant command endorsed it on that day."}
            )
        if (
            self.trl_at_entry is not None
            and self.trl_at_exit is not None
            and self.trl_at_exit < self.trl_at_entry
        ):
            raise ValidationError(
                {"trl_at_exit": "The readiness at exit is not below the readiness at entry."}
            )

    def missing_cost_share_authorisation(self) -> list[str]:
        """What is missing before a DEF study with an industry share below half is approved."""
        share = self.industry_cost_share
        if self.kind != ProgramKind.DEF or share is None or share >= DEF_INDUSTRY_HALF:
            return []
        return [
            label
            for label, value in (
                ("who authorised it", self.cost_share_authorised_by.strip()),
                ("when", self.cost_share_authorised_on),
                ("why", self.cost_share_authorisation_reason.strip()),
            )
            if not value
        ]

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
    program_element = models.CharField(
        max_length=20,
        blank=True,
        help_text="The program element (PE) number it is budgeted in, such as 0603790D8Z.",
    )
    budget_line_item = models.CharField(
        max_length=100,
        blank=True,
        help_text="The budget line item (BLI) or project number within the program element.",
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
    QUAD_CHART = "quad-chart", "CWP quad chart"
    NOMINATION_FORM = "nomination-form", "CWP nomination form"
    DEF_STUDY = "def-study", "DEF study report"
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


# --- Coalition Warfare Program -------------------------------------------------------


def _only(program, kind: str, what: str):
    if program is not None and program.kind != kind:
        raise ValidationError({"program": f"Only a {ProgramKind(kind).label} has {what}."})


class CwpResourcePlan(DomainModel):
    """One fiscal year of a CWP nomination's resource plan: CWP funds asked, partner funds offered.

    A nomination package is Annex A (quad chart), Annex B (nomination form) and
    Annex C (resource plan) (https://www.acq.osd.mil/ic/cwp.html); the resource
    plan states what CWP would fund and what the partners put in each year.
    """

    exercises = ("2.B", "3.C")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="resource_plan")
    fiscal_year = models.PositiveIntegerField(validators=FISCAL_YEAR_VALIDATORS)
    cwp_funds = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        verbose_name="CWP funds",
        help_text="U.S. dollars asked of the Coalition Warfare Program.",
    )
    partner_funds = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="U.S. dollars, or the value of work in kind, the partners put in.",
    )

    class Meta:
        ordering = ["program", "fiscal_year"]
        verbose_name = "CWP resource plan year"
        constraints = [
            models.UniqueConstraint(
                fields=["program", "fiscal_year"],
                name="cwp_resource_plan_once_per_year",
                violation_error_message="The resource plan already has this fiscal year.",
            )
        ]

    def __str__(self) -> str:
        return f"FY{self.fiscal_year} resource plan"

    def clean(self):
        _only(getattr(self, "program", None), ProgramKind.CWP, "a CWP resource plan")


class NominationScore(DomainModel):
    """A selection panel's score of a CWP nomination on one criterion.

    The nominations of one fiscal year form the cycle they are ranked in. The
    criteria, their weights and the scale are settings
    (SECCOOP_CWP_SELECTION_CRITERIA, SECCOOP_CWP_SCORE_MAX): no public source
    gives them.
    """

    exercises = ("3.C",)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(max_length=100, help_text="One of the selection criteria.")
    score = models.PositiveSmallIntegerField()
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["program", "criterion"]
        verbose_name = "CWP nomination score"
        constraints = [
            models.UniqueConstraint(
                fields=["program", "criterion"],
                name="nomination_scored_once_per_criterion",
                violation_error_message="This nomination already has a score on this criterion.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"

    def clean(self):
        _only(getattr(self, "program", None), ProgramKind.CWP, "selection scores")
        criteria = settings.SECCOOP_CWP_SELECTION_CRITERIA
        if self.criterion not in criteria:
            raise ValidationError(
                {"criterion": "Score one of the criteria: " + ", ".join(criteria) + "."}
            )
        top = settings.SECCOOP_CWP_SCORE_MAX
        if self.score is not None and self.score > top:
            raise ValidationError({"score": f"A score runs from 0 to {top}."})


# --- Defense Exportability Features ---------------------------------------------------


class DefDeliverable(DomainModel):
    """A deliverable of a Defense Exportability Features study, tracked to its due date.

    The study assesses, designs and incorporates the technology protection
    an export version needs (DAU Acquipedia, "International Acquisition -
    Defense Exportability Features Program").
    """

    exercises = ("5.A", "5.B")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="deliverables")
    title = models.CharField(max_length=300)
    due_on = models.DateField()
    delivered_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["program", "due_on", "title"]
        verbose_name = "DEF study deliverable"

    def __str__(self) -> str:
        return self.title

    def clean(self):
        _only(getattr(self, "program", None), ProgramKind.DEF, "study deliverables")

    def is_late(self, today) -> bool:
        return self.delivered_on is None and self.due_on < today


# --- execution of the funding ----------------------------------------------------------


class ExecutionReport(DomainModel):
    """One month's commitments, obligations and expenditures against a funding line.

    CWP asks its funded projects for monthly financial reports of commitments,
    obligations and expenditures (CWP Frequently Asked Questions, linked from
    https://www.acq.osd.mil/ic/cwp.html); other programs report the same way.
    Amounts are the fiscal year's running totals at the end of the month. A
    commitment reserves funds for an obligation, and an expenditure pays an
    obligation (DoD Financial Management Regulation 7000.14-R, volume 3,
    chapter 8), so a month's totals never show more obligated than committed
    or more spent than obligated.
    """

    exercises = ("2.B",)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="execution")
    funding_line = models.ForeignKey(
        FundingLine, on_delete=models.CASCADE, related_name="execution_reports"
    )
    month = models.DateField(help_text="The first day of the month reported.")
    planned_obligations = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="What the spend plan had obligated by the end of the month (U.S. dollars).",
    )
    committed = models.DecimalField(
        max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    obligated = models.DecimalField(
        max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    expended = models.DecimalField(
        max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["program", "month", "funding_line"]
        constraints = [
            models.UniqueConstraint(
                fields=["funding_line", "month"],
                name="execution_reported_once_a_month",
                violation_error_message="This funding line already has a report for this month.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.funding_line} {self.month:%B %Y}"

    def clean(self):
        errors = {}
        line = self.funding_line if self.funding_line_id else None
        if line is not None and self.program_id and line.program_id != self.program_id:
            errors["funding_line"] = "The funding line is another program's."
        if self.month and self.month.day != 1:
            errors["month"] = "Give the first day of the month reported."
        committed, obligated, expended = self.committed, self.obligated, self.expended
        if committed is not None and obligated is not None and obligated > committed:
            errors["obligated"] = "More is obligated than committed."
        if obligated is not None and expended is not None and expended > obligated:
            errors["expended"] = "More is spent than obligated."
        if errors:
            raise ValidationError(errors)
