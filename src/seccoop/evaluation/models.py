"""Strategy, plans, and the assessment, monitoring and evaluation of the directorate's work.

Policies and guidance documents with their versions; the national security
and campaign plan objectives set per region and country, which engagements,
programs and cases serve; planned and sequenced activities with partners
along the doctrine-to-facilities lines, and the resources put against
objectives; initiatives (a program, a case line or a group of activities)
with their initial assessment and baseline, indicators and measurements,
evaluations, returns on investment, lessons learned and recommendations;
and the framework of criteria the directorate assesses success by.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from seccoop.core.models import DomainModel
from seccoop.partners.models import Country, Engagement, Marked, PartnerOrganization, Region
from seccoop.workforce.models import Person

# --- strategy and policy ---------------------------------------------------------


class DocumentKind(models.TextChoices):
    NATIONAL_STRATEGY = "national-strategy", "National security or defense strategy"
    POLICY = "policy", "Security cooperation policy"
    GUIDANCE = "guidance", "Guidance"
    CAMPAIGN_PLAN = "campaign-plan", "Theater campaign plan"
    COUNTRY_PLAN = "country-plan", "Country security cooperation plan"


class GuidanceDocument(Marked, DomainModel):
    """A policy, strategy, plan or guidance document the directorate writes or works to.

    Its text changes through numbered versions (`DocumentVersion`); the
    document itself holds what stays: its title, kind and who issues it.
    """

    exercises = ("2.A", "2.D", "6.B")

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    issuer = models.CharField(
        max_length=200, blank=True, help_text="Who issues it, such as OUSD(P) or the command."
    )
    summary = models.TextField(blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["title"]
        verbose_name = "policy or guidance document"

    def __str__(self) -> str:
        return self.title


class DocumentVersion(DomainModel):
    """One issued version of a policy or guidance document."""

    exercises = ("2.A",)

    document = models.ForeignKey(
        GuidanceDocument, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.CharField(max_length=20, help_text="Such as 1.0 or Change 2.")
    issued_on = models.DateField()
    changes = models.TextField(blank=True, help_text="What this version changed.")
    link = models.URLField(blank=True, help_text="Where the signed text is kept.")

    class Meta:
        ordering = ["document", "-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"],
                name="document_version_number_once",
                violation_error_message="This document already has a version with this number.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class ObjectiveLevel(models.TextChoices):
    NATIONAL = "national", "National security objective"
    THEATER = "theater", "Theater campaign plan objective"
    COUNTRY = "country", "Country objective"


class Objective(DomainModel):
    """An objective of a strategy or campaign plan that the directorate's work serves.

    National objectives are set without a place; theater campaign plan
    objectives for a region; country objectives for one country. Each may
    support a broader objective (`supports`). Engagements, programs and
    cases link to the objectives they serve; `priority` ranks objectives
    against each other (1 first) when activities and money are allocated.
    """

    exercises = ("4.A", "6.A", "2.D", "6.B")

    code = models.SlugField(max_length=50, unique=True, help_text="Such as TCP-EU-3.")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    level = models.CharField(max_length=20, choices=ObjectiveLevel.choices)
    priority = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text="1 is the highest priority.",
    )
    document = models.ForeignKey(
        GuidanceDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objectives",
        help_text="The strategy or plan the objective comes from.",
    )
    supports = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supported_by",
        help_text="The broader objective this one serves.",
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="objectives"
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="objectives"
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    # An engagement already has a text field named `objectives` (what it set out to do).
    engagements = models.ManyToManyField(Engagement, blank=True, related_name="served_objectives")
    programs = models.ManyToManyField("programs.Program", blank=True, related_name="objectives")
    cases = models.ManyToManyField("programs.Case", blank=True, related_name="objectives")

    class Meta:
        ordering = ["priority", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="objective_ends_after_it_starts",
                violation_error_message="An objective ends on or after the day it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(priority__gte=1, priority__lte=9),
                name="objective_priority_1_to_9",
                violation_error_message="Priority runs from 1 (highest) to 9.",
            ),
        ]
        indexes = [
            # The objectives of a country and of its region, on the country page.
            models.Index(fields=["country", "priority"], name="objective_country_idx"),
            models.Index(fields=["region", "priority"], name="objective_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self):
        errors = {}
        if self.level == ObjectiveLevel.THEATER and not self.region_id:
            errors["region"] = "A theater campaign plan objective names its region."
        if self.level == ObjectiveLevel.COUNTRY and not self.country_id:
            errors["country"] = "A country objective names its country."
        if self.level == ObjectiveLevel.NATIONAL and (self.region_id or self.country_id):
            errors["level"] = "A national objective has no region or country; choose another level."
        if self.supports_id:
            seen, current = {self.pk}, self.supports
            while current is not None:
                if current.pk in seen:
                    errors["supports"] = "An objective cannot support itself, even indirectly."
                    break
                seen.add(current.pk)
                current = current.supports
        if errors:
            raise ValidationError(errors)


# --- the framework of criteria ---------------------------------------------------


class Dimension(models.TextChoices):
    RELEVANCE = "relevance", "Relevance"
    EFFECTIVENESS = "effectiveness", "Effectiveness"
    SUPPORTABILITY = "supportability", "Supportability"
    SUSTAINABILITY = "sustainability", "Sustainability"


class AssessmentFramework(DomainModel):
    """The criteria and method an organization uses to judge the success of its initiatives."""

    exercises = ("2.E", "7.F")

    name = models.CharField(max_length=200, unique=True)
    organization = models.CharField(
        max_length=200, blank=True, help_text="The organization that uses it."
    )
    description = models.TextField(blank=True)
    methodology = models.TextField(
        blank=True, help_text="How evidence is gathered and ratings are given."
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "assessment framework"

    def __str__(self) -> str:
        return self.name


class Criterion(DomainModel):
    """One criterion of an assessment framework, under one of the four dimensions."""

    exercises = ("2.E", "7.F")

    framework = models.ForeignKey(
        AssessmentFramework, on_delete=models.CASCADE, related_name="criteria"
    )
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    name = models.CharField(max_length=200)
    definition = models.TextField(help_text="What success on this criterion means.")
    weight = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    class Meta:
        ordering = ["framework", "dimension", "name"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "name"],
                name="criterion_name_once_per_framework",
                violation_error_message="This framework already has a criterion with this name.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_dimension_display()})"


# --- activities and resources ----------------------------------------------------


class LineOfEffort(models.TextChoices):
    DOCTRINE = "doctrine", "Doctrine"
    ORGANIZATION = "organization", "Organization"
    TRAINING = "training", "Training"
    LEADERSHIP = "leadership-education", "Leadership and education"
    PERSONNEL = "personnel", "Personnel"
    FACILITIES = "facilities", "Facilities"


class ActivityKind(models.TextChoices):
    INSTITUTION_BUILDING = "institution-building", "Defense institution building"
    MIL_TO_MIL = "mil-to-mil", "Military-to-military"
    MIL_TO_CIV = "mil-to-civ", "Military-to-civilian"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    UNDER_WAY = "under-way", "Under way"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class Activity(DomainModel):
    """A planned activity with a partner: a seminar, a course, an advisory visit.

    Activities are sequenced: one may depend on others being done first
    (`depends_on`), and the dependencies never form a cycle. `priority` ranks
    it among the activities serving the same objectives (1 first).
    """

    # Class-wide; a record narrows it by kind (exercised_codes).
    exercises = ("2.C", "6.E", "6.G", "8.A", "8.B")

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(max_length=30, choices=ActivityKind.choices)
    line_of_effort = models.CharField(max_length=30, choices=LineOfEffort.choices)
    status = models.CharField(
        max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    priority = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text="1 is the highest priority.",
    )
    estimated_cost = models.DecimalField(
        max_digits=14, decimal_places=2, default=Decimal("0"), help_text="In U.S. dollars."
    )
    objectives = models.ManyToManyField(Objective, blank=True, related_name="activities")
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="enables",
        help_text="Activities that must be done first.",
    )

    class Meta:
        ordering = ["country", "starts_on", "priority", "pk"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_it_starts",
                violation_error_message="An activity ends on or after the day it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(estimated_cost__gte=0),
                name="activity_cost_not_negative",
                violation_error_message="The estimated cost cannot be negative.",
            ),
        ]
        indexes = [
            # A partner's plan: its activities in order.
            models.Index(fields=["country", "starts_on"], name="activity_country_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "An activity ends on or after the day it starts."})

    def exercised_codes(self) -> tuple[str, ...]:
        if self.kind == ActivityKind.INSTITUTION_BUILDING:
            return ("2.C", "6.G", "8.A", "8.B")
        return ("2.C", "6.E", "8.A", "8.B")


class ResourceKind(models.TextChoices):
    FUNDS = "funds", "Funds"
    PERSONNEL = "personnel", "Personnel (work-years)"


class ResourceAllocation(DomainModel):
    """Resources planned or programmed against an objective for a fiscal year.

    Money comes in U.S. dollars; personnel in work-years. The prioritization
    view adds them up by objective, country and year.
    """

    exercises = ("2.B", "2.C")

    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="resources")
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="resources"
    )
    initiative = models.ForeignKey(
        "evaluation.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(max_length=20, choices=ResourceKind.choices, default=ResourceKind.FUNDS)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    source = models.CharField(
        max_length=200, blank=True, help_text="The authority or appropriation, such as Section 333."
    )
    rank = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text="Its rank against the other resources of the objective; 1 first.",
    )

    class Meta:
        ordering = ["fiscal_year", "objective", "rank", "pk"]
        verbose_name = "resource allocation"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="resource_amount_not_negative",
                violation_error_message="An amount cannot be negative.",
            )
        ]
        indexes = [
            # The "where the money goes" view: sums by year and objective.
            models.Index(fields=["fiscal_year", "objective"], name="resource_year_objective_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"FY{self.fiscal_year} {self.objective.code}: {self.amount} {self.get_kind_display()}"
        )


# --- initiatives and their assessment, monitoring and evaluation ----------------


class Initiative(DomainModel):
    """What is assessed, monitored and evaluated: a program, a case line or some activities."""

    exercises = ("7.A", "7.B")

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    case_line = models.ForeignKey(
        "programs.CaseLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    activities = models.ManyToManyField(Activity, blank=True, related_name="initiatives")
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    objectives = models.ManyToManyField(Objective, blank=True, related_name="initiatives")
    framework = models.ForeignKey(
        AssessmentFramework,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        help_text="The criteria its evaluations follow.",
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(program__isnull=True) | models.Q(case_line__isnull=True),
                name="initiative_one_subject",
                violation_error_message="An initiative follows a program or a case line, not both.",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="initiative_ends_after_it_starts",
                violation_error_message="An initiative ends on or after the day it starts.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.program_id and self.case_line_id:
            raise ValidationError(
                {"case_line": "An initiative follows a program or a case line, not both."}
            )

    @property
    def subject(self) -> str:
        if self.program_id:
            return f"Program: {self.program}"
        if self.case_line_id:
            return f"Case line: {self.case_line}"
        return "A group of activities"


class InitialAssessment(DomainModel):
    """The assessment made at the start of an initiative, setting the baseline to track from."""

    exercises = ("7.A",)

    initiative = models.OneToOneField(
        Initiative, on_delete=models.CASCADE, related_name="initial_assessment"
    )
    assessed_on = models.DateField()
    findings = models.TextField(help_text="What the assessment found.")
    baseline = models.TextField(help_text="The situation progress will be measured from.")
    assessed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on"]

    def __str__(self) -> str:
        return f"Initial assessment of {self.initiative}"


class IndicatorKind(models.TextChoices):
    INPUT = "input", "Input"
    COST = "cost", "Cost"
    SCHEDULE = "schedule", "Schedule"
    PERFORMANCE = "performance", "Performance"


class Direction(models.TextChoices):
    INCREASE = "increase", "Higher is better"
    DECREASE = "decrease", "Lower is better"


class Indicator(DomainModel):
    """A measure of an initiative's progress, from its baseline to its target.

    Progress is expected to run straight from the baseline (on its day) to
    the target (on its day); a measurement at or beyond that line is on
    track, one short of it is behind.
    """

    exercises = ("7.B", "2.E")

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=IndicatorKind.choices)
    unit = models.CharField(max_length=50, help_text="Such as %, USD, days or units trained.")
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    baseline_value = models.DecimalField(max_digits=14, decimal_places=2)
    baseline_on = models.DateField()
    target_value = models.DecimalField(max_digits=14, decimal_places=2)
    target_on = models.DateField()

    class Meta:
        ordering = ["initiative", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_on__gt=models.F("baseline_on")),
                name="indicator_target_after_baseline",
                violation_error_message="The target's day comes after the baseline's.",
            ),
            models.UniqueConstraint(
                fields=["initiative", "name"],
                name="indicator_name_once_per_initiative",
                violation_error_message="This initiative already has an indicator with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.baseline_on and self.target_on and self.target_on <= self.baseline_on:
            errors["target_on"] = "The target's day comes after the baseline's."
        if self.baseline_value is not None and self.target_value is not None:
            if self.direction == Direction.INCREASE and self.target_value < self.baseline_value:
                errors["target_value"] = (
                    "Higher is better, so the target cannot be below the baseline."
                )
            if self.direction == Direction.DECREASE and self.target_value > self.baseline_value:
                errors["target_value"] = (
                    "Lower is better, so the target cannot be above the baseline."
                )
        if errors:
            raise ValidationError(errors)


class Measurement(DomainModel):
    """The value of an indicator on a day."""

    exercises = ("7.B", "4.J")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["indicator", "measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"],
                name="measurement_once_per_day",
                violation_error_message="This indicator already has a measurement on that day.",
            )
        ]
        indexes = [
            # An indicator's trend, oldest first.
            models.Index(fields=["indicator", "measured_on"], name="measurement_trend_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} on {self.measured_on}"


class Score(models.IntegerChoices):
    POOR = 1, "1 Poor"
    WEAK = 2, "2 Weak"
    ADEQUATE = 3, "3 Adequate"
    GOOD = 4, "4 Good"
    EXCELLENT = 5, "5 Excellent"


def _rating_field():
    return models.PositiveSmallIntegerField(
        choices=Score.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class Evaluation(DomainModel):
    """A judgment of an initiative against relevance, effectiveness, supportability and
    sustainability, each rated 1 to 5, with the findings behind the ratings."""

    exercises = ("7.C", "6.G")
    # Its evaluator practised them (partners.services.named_people).
    evidence_from = ("evaluator", "evaluated_on")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_on = models.DateField()
    evaluator = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    relevance = _rating_field()
    effectiveness = _rating_field()
    supportability = _rating_field()
    sustainability = _rating_field()
    findings = models.TextField()

    class Meta:
        ordering = ["initiative", "-evaluated_on"]

    def __str__(self) -> str:
        return f"Evaluation of {self.initiative} on {self.evaluated_on:%d %b %Y}"

    @property
    def average(self) -> float:
        values = [self.relevance, self.effectiveness, self.supportability, self.sustainability]
        return round(sum(values) / len(values), 1)


class InvestmentReturn(DomainModel):
    """What a security cooperation investment returned: its cost against the benefits counted."""

    exercises = ("7.D",)

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="investment_returns"
    )
    assessed_on = models.DateField()
    investment = models.DecimalField(
        max_digits=14, decimal_places=2, help_text="What was spent, in U.S. dollars."
    )
    benefit = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        help_text="The monetized benefit, in U.S. dollars (cost avoided, sales, capability).",
    )
    benefits_described = models.TextField(
        blank=True, help_text="Benefits that have no dollar value, in words."
    )

    class Meta:
        ordering = ["initiative", "-assessed_on"]
        verbose_name = "return on investment"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(investment__gt=0),
                name="investment_return_investment_positive",
                violation_error_message="The investment must be more than zero.",
            )
        ]

    def __str__(self) -> str:
        return f"Return on {self.initiative} as of {self.assessed_on:%d %b %Y}"

    @property
    def ratio(self) -> Decimal | None:
        if not self.investment:
            return None
        return (self.benefit / self.investment).quantize(Decimal("0.01"))


class LessonKind(models.TextChoices):
    LESSON = "lesson", "Lesson learned"
    PRACTICE = "practice", "Best practice"


class Lesson(DomainModel):
    """A lesson learned or a best practice, linked to the work it came from."""

    exercises = ("7.E",)

    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=LessonKind.choices)
    observation = models.TextField(help_text="What happened.")
    recommendation = models.TextField(blank=True, help_text="What to do next time.")
    initiative = models.ForeignKey(
        Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="lessons"
    )
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.SET_NULL, null=True, blank=True, related_name="lessons"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="lessons"
    )
    engagement = models.ForeignKey(
        Engagement, on_delete=models.SET_NULL, null=True, blank=True, related_name="lessons"
    )
    organization = models.ForeignKey(
        PartnerOrganization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_on = models.DateField()

    class Meta:
        ordering = ["-recorded_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def sources(self) -> list:
        """Where it came from, in the order a reader follows them."""
        found = [self.evaluation, self.initiative, self.activity, self.engagement]
        return [source for source in found if source is not None]


class RecommendationState(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    IMPLEMENTED = "implemented", "Implemented"
    REJECTED = "rejected", "Rejected"


class Recommendation(DomainModel):
    """An adjustment an evaluation recommends, and what was done about it.

    Proposed, then accepted or rejected (saying why); an accepted
    recommendation is implemented once the action taken is recorded.
    """

    exercises = ("7.G",)

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(help_text="The adjustment recommended.")
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    action_taken = models.TextField(blank=True, help_text="What was done about it.")
    state = models.CharField(
        max_length=20, choices=RecommendationState.choices, default=RecommendationState.PROPOSED
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["evaluation", "pk"]
        indexes = [
            # Open recommendations across evaluations, by state.
            models.Index(fields=["state", "due_on"], name="recommendation_state_idx"),
        ]

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 80 else self.text[:77] + "…"
        return text
