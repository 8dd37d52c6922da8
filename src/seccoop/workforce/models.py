"""The directorate and its workforce: org units, people, positions, templates and ratings."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from seccoop.competencies.models import Competency, Framework
from seccoop.core.models import DomainModel, DomainQuerySet
from seccoop.core.trees import MaterializedPathNode


class OrgUnitKind(models.TextChoices):
    DIRECTORATE = "directorate", "Directorate"
    DIVISION = "division", "Division"
    TEAM = "team", "Team"
    OFFICE = "office", "Office"


class OrgUnit(MaterializedPathNode, DomainModel):
    """A part of the organization: the directorate, its divisions and teams."""

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=50, blank=True)
    kind = models.CharField(max_length=20, choices=OrgUnitKind.choices, default=OrgUnitKind.TEAM)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["path"]
        verbose_name = "org unit"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("workforce:orgunit-detail", args=[self.pk])

    def clean(self):
        self.clean_tree()


class RoleType(DomainModel):
    """A kind of work the directorate's staff do, as seed 000 names them."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoleTemplate(DomainModel):
    """The proficiency a role type requires on each sub-competency of a framework."""

    role_type = models.ForeignKey(RoleType, on_delete=models.PROTECT, related_name="templates")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="templates")
    name = models.CharField(max_length=200)
    rationale = models.TextField(blank=True, help_text="Why the template asks for these levels.")

    class Meta:
        ordering = ["role_type__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["role_type", "framework"],
                name="role_template_one_per_role_type_and_framework",
                violation_error_message="A role type has one template per framework.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class RoleRequirement(DomainModel):
    """One line of a template: a sub-competency and the level it requires."""

    template = models.ForeignKey(
        RoleTemplate, on_delete=models.CASCADE, related_name="requirements"
    )
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["template", "competency__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "competency"],
                name="role_requirement_one_per_competency",
                violation_error_message="A template states one level per sub-competency.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} ≥ {self.level}"

    def clean(self):
        if self.template_id and self.competency_id:
            framework = self.template.framework
            if self.competency.framework_id != framework.pk:
                raise ValidationError(
                    {"competency": "The sub-competency is not in the template's framework."}
                )
            if self.level not in framework.scale.values():
                raise ValidationError(
                    {"level": f"Level {self.level} is not on the scale {framework.scale}."}
                )


class Person(DomainModel):
    """A member of the directorate's staff."""

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    grade = models.CharField(max_length=30, blank=True, help_text="Pay plan and grade, or rank.")
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        indexes = [
            # The people directory and its search sort and filter by name.
            models.Index(fields=["last_name", "first_name"], name="person_name_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("workforce:person-detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class PersonnelCategory(models.TextChoices):
    """Whether a billet is filled by a service member or a civilian employee."""

    MILITARY = "military", "Military"
    CIVILIAN = "civilian", "Civilian"


class Clearance(models.TextChoices):
    """The security clearance a billet requires.

    The three classification levels of Executive Order 13526, section 1.2,
    lowest first; "none" for a billet that needs no access to classified work.
    """

    NONE = "none", "None"
    CONFIDENTIAL = "confidential", "Confidential"
    SECRET = "secret", "Secret"
    TOP_SECRET = "top-secret", "Top Secret"


class Position(MaterializedPathNode, DomainModel):
    """A coded position of the directorate, held by at most one person.

    Positions form the supervisor chain: `reports_to` is the supervisor's
    position, so whoever holds it rates whoever holds this one.
    """

    TREE_PARENT = "reports_to"

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    title = models.CharField(max_length=200)
    role_type = models.ForeignKey(RoleType, on_delete=models.PROTECT, related_name="positions")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="positions")
    incumbent = models.OneToOneField(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="position"
    )
    reports_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="direct_reports"
    )
    # The billet's attributes, as manpower documents carry them. The security
    # cooperation code (key or not, area of concentration, certification level)
    # is the position's certification requirement, kept by the development app.
    grade = models.CharField(
        max_length=20, blank=True, help_text="The billet's grade, such as GS-13 or O-4."
    )
    personnel_category = models.CharField(
        "military or civilian",
        max_length=10,
        choices=PersonnelCategory.choices,
        blank=True,
        help_text="Whether the billet is for a service member or a civilian employee.",
    )
    required_clearance = models.CharField(
        max_length=20, choices=Clearance.choices, blank=True, help_text="Blank when not yet set."
    )
    funded = models.BooleanField(
        default=True, help_text="Whether the billet is funded; an unfunded billet is not filled."
    )

    class Meta:
        ordering = ["org_unit__path", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workforce:position-detail", args=[self.pk])

    @property
    def filled(self) -> bool:
        return self.incumbent_id is not None

    def clean(self):
        self.clean_tree()


class AssessmentCycle(DomainModel):
    """A period in which staff are rated against a framework, such as FY2026.

    The cycles follow the federal fiscal year (1 October to 30 September,
    31 U.S.C. 1102); the fiscal year's cycle is opened when the year starts
    (see workforce.cycles). A closed cycle takes no more ratings.
    """

    name = models.CharField(max_length=100)
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="cycles")
    opens_on = models.DateField()
    closes_on = models.DateField()
    closed_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the cycle was closed to ratings."
    )

    class Meta:
        ordering = ["-opens_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "name"],
                name="assessment_cycle_unique_name",
                violation_error_message="A framework has one cycle of that name.",
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="assessment_cycle_closes_after_it_opens",
                violation_error_message="A cycle closes on or after the day it opens.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class RatingSource(models.TextChoices):
    SELF = "self", "Self"
    SUPERVISOR = "supervisor", "Supervisor"
    VALIDATED = "validated", "Validated"


# The current level is the latest validated rating, else supervisor, else self.
SOURCE_PRECEDENCE = {RatingSource.SELF: 1, RatingSource.SUPERVISOR: 2, RatingSource.VALIDATED: 3}


class Rating(models.Model):
    """A person's proficiency on one sub-competency, as someone judged it on a day.

    Ratings are never changed or deleted: a new judgement is a new rating, and
    the person's current level is derived from the whole history. A rating
    recorded in error is withdrawn instead (`services.withdraw_rating`): it
    stays in the history with who withdrew it, when and why, and no longer
    counts toward the current level.
    """

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="ratings")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="ratings")
    level = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=20, choices=RatingSource.choices)
    rated_on = models.DateField()
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings_given",
    )
    evidence = models.TextField(blank=True)
    cycle = models.ForeignKey(
        AssessmentCycle, on_delete=models.PROTECT, null=True, blank=True, related_name="ratings"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="ratings_withdrawn",
    )
    # A database default too: the importer writes rows with plain SQL.
    withdrawal_reason = models.TextField(
        blank=True,
        default="",
        db_default="",
        editable=False,
        help_text="Why the rating no longer counts.",
    )

    class Meta:
        ordering = ["-rated_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawal_reason=""),
                name="rating_withdrawn_with_a_reason",
                violation_error_message="A withdrawn rating keeps the reason it was withdrawn.",
            ),
        ]
        indexes = [
            # A person's rating history on one sub-competency, newest first.
            models.Index(fields=["person", "competency", "-rated_on"], name="rating_history_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.competency.code} = {self.level} ({self.source})"

    def clean(self):
        errors = {}
        if self.competency_id:
            scale = self.competency.framework.scale
            if self.level not in scale.values():
                errors["level"] = (
                    f"Level {self.level} is not on the scale {scale} "
                    f"({', '.join(map(str, scale.values()))})."
                )
        if (
            self.cycle_id
            and self.competency_id
            and self.cycle.framework_id != self.competency.framework_id
        ):
            errors["cycle"] = "The cycle belongs to another framework."
        if self._state.adding and self.cycle_id and self.cycle.is_closed:
            errors["cycle"] = (
                f"The cycle {self.cycle} was closed on {self.cycle.closed_at:%d %b %Y}: "
                "it takes no more ratings."
            )
        # A rating dated ahead would outrank every real one until that day came.
        today = timezone.localdate()
        if self.rated_on and self.rated_on > today:
            errors["rated_on"] = (
                f"{self.rated_on.isoformat()} is after today ({today.isoformat()}): "
                "a rating records a judgement already made."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class RatingReview(models.Model):
    """A validator's answer to a supervisor rating that a validated rating holds back.

    The current level is the latest validated rating, else supervisor, else
    self; so a supervisor rating recorded after a validated one does not
    count until a validator confirms it (recording a validated rating at its
    level) or returns it to the supervisor with a reason. Either way it leaves
    the validation queue. Like ratings, a review is never changed.
    """

    class Outcome(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        RETURNED = "returned", "Returned"

    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="review")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rating_reviews"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True, help_text="Why the rating is returned, or a remark.")
    # The validated rating a confirmation recorded.
    validated_rating = models.OneToOneField(
        Rating, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="returned") | ~models.Q(note=""),
                name="rating_review_returned_with_a_reason",
                violation_error_message="A returned rating keeps the reason it was returned.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.rating}"


class CurrentLevel(models.Model):
    """The level that counts today for a person on a sub-competency.

    Derived from the ratings not withdrawn (latest validated, else supervisor,
    else self) and kept up to date by the rating services, so heatmaps and gap
    pages read one row per person and sub-competency instead of ranking the
    history.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="current_levels")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=20, choices=RatingSource.choices)
    rated_on = models.DateField()
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["person", "competency__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "competency"],
                name="current_level_one_per_person_and_competency",
            )
        ]
        indexes = [
            # Coverage: who is proficient on a sub-competency.
            models.Index(fields=["competency", "level"], name="current_level_coverage_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.competency.code} = {self.level}"


# --- assignments of staff to work records ----------------------------------------


class AssignmentQuerySet(DomainQuerySet):
    def open(self):
        """Assignments not yet released: the person's current workload."""
        return self.filter(released_on__isnull=True, archived_at__isnull=True)

    def of(self, record):
        return self.filter(
            source_type=ContentType.objects.get_for_model(type(record)), source_id=record.pk
        )


class Assignment(DomainModel):
    """A person assigned to a work record with a role on it.

    Any kind of work record (a case, an agreement, a program, a disclosure
    request, an initiative) can have people assigned: a case manager, a lead
    negotiator, a reviewer. An assignment counts toward the person's workload
    while it is open, and gives the person evidence of practice on the
    sub-competencies the record exercises.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assignments")
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    role = models.CharField(max_length=100, help_text="Such as case manager or lead negotiator.")
    assigned_on = models.DateField()
    released_on = models.DateField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assigned_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "source_type", "source_id", "role"],
                name="assignment_once_per_role",
                violation_error_message="This person already has this role on this record.",
            ),
            models.CheckConstraint(
                condition=models.Q(released_on__isnull=True)
                | models.Q(released_on__gte=models.F("assigned_on")),
                name="assignment_released_after_assigned",
                violation_error_message="An assignment is released on or after the day it began.",
            ),
        ]
        indexes = [
            # The people assigned to one record, on its page and in its policy.
            models.Index(fields=["source_type", "source_id"], name="assignment_source_idx"),
            # A person's open assignments: their workload in staffing rankings.
            models.Index(fields=["person", "released_on"], name="assignment_person_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} as {self.role}"

    def clean(self):
        if self.released_on and self.assigned_on and self.released_on < self.assigned_on:
            raise ValidationError(
                {"released_on": "An assignment is released on or after the day it began."}
            )


# --- gap figures summed ahead of time (see workforce.gap_figures) ---------------


class GapFigureChange(models.Model):
    """A write that changed the data behind the gap figures since they were last summed.

    Every write that can change a gap figure (a current level, a position, a
    person, an org unit, a template) adds a row inside its own transaction;
    a rebuild removes the rows it has seen. Stored figures are served only
    while there is none. Writers only ever add rows, so they never wait for
    one another or for a rebuild.
    """

    changed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"gap figures changed at {self.changed_at:%Y-%m-%d %H:%M:%S}"


class GapFigureQueue(models.Model):
    """One row: whether a rebuild of the gap figures is waiting on the task queue."""

    # Set when a rebuild is queued, so a burst of edits queues one.
    rebuild_queued = models.BooleanField(default=False)

    def __str__(self) -> str:
        return "rebuild queued" if self.rebuild_queued else "no rebuild queued"


class GapFigureBuild(models.Model):
    """The stored gap figures of one framework: when they were summed, and their columns."""

    framework = models.OneToOneField(
        Framework, on_delete=models.CASCADE, related_name="gap_figure_build"
    )
    # The sub-competency ids of the figures' columns, in column order.
    competency_ids = models.JSONField(default=list)
    built_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"gap figures of {self.framework}"


class UnitGapFigures(models.Model):
    """One org unit's gap figures per sub-competency: its own people, and its whole subtree.

    Each of `direct` and `subtree` holds the people counted and, per column of
    the build, the people required, meeting, proficient and the levels missing.
    """

    build = models.ForeignKey(GapFigureBuild, on_delete=models.CASCADE, related_name="units")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    direct = models.JSONField()
    subtree = models.JSONField()

    class Meta:
        constraints = [
            # Also the index the heatmap reads a parent and its sub-units by.
            models.UniqueConstraint(
                fields=["build", "org_unit"], name="unit_gap_figures_one_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"gap figures of {self.org_unit}"
