"""Training and development: the course catalog, development plans and certification."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from seccoop.competencies.models import Competency, CompetencyKind
from seccoop.core.models import DomainModel
from seccoop.workforce.models import Person, Position


class CertificationLevel(models.TextChoices):
    """The levels of the Security Cooperation Workforce Certification Program.

    DoDI 5132.15, "Implementation of the Security Cooperation Workforce
    Certification Program" (7 May 2021), removed the Expert level and set two
    types of certification: standard (Basic, Intermediate, Advanced) and
    Executive, a separate track for senior leaders (DSCU, Requirements and
    Guidance, https://www.dscu.edu/certification-4).
    """

    BASIC = "basic", "Basic"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"
    EXECUTIVE = "executive", "Executive"


# The standard track, lower to higher: a higher standard certification includes
# the lower ones. Executive stands apart and includes none of them.
STANDARD_TRACK = (
    CertificationLevel.BASIC,
    CertificationLevel.INTERMEDIATE,
    CertificationLevel.ADVANCED,
)
LEVEL_ORDER = {level: rank for rank, level in enumerate(STANDARD_TRACK, start=1)}
LEVEL_ORDER[CertificationLevel.EXECUTIVE] = len(STANDARD_TRACK) + 1
# Intermediate and Advanced focus on one area of concentration; Basic is general
# knowledge of security cooperation, and Executive a broad understanding of it
# (DSCU, Requirements and Guidance).
AREA_LEVELS = (CertificationLevel.INTERMEDIATE, CertificationLevel.ADVANCED)


def level_covers(attained: str, required: str) -> bool:
    """True when a certification at `attained` meets a requirement at `required`."""
    if CertificationLevel.EXECUTIVE in (attained, required):
        return attained == required
    return LEVEL_ORDER[attained] >= LEVEL_ORDER[required]


class AreaOfConcentration(DomainModel):
    """A security cooperation area of concentration, in which a billet is coded.

    DSCU organises certification training by area of concentration (and, in
    Certification 2.0, by functional area, one letter of the SC code). The
    areas are data: the certification authority adds and renames them in the
    admin as DSCU publishes them.
    """

    code = models.CharField(
        max_length=10, unique=True, help_text="The short code, such as the SC code's letter."
    )
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "area of concentration"
        verbose_name_plural = "areas of concentration"

    def __str__(self) -> str:
        return self.name


class Delivery(models.TextChoices):
    IN_RESIDENCE = "in-residence", "In residence"
    ONLINE = "online", "Online, self-paced"
    VIRTUAL = "virtual", "Virtual, instructor-led"
    BLENDED = "blended", "Blended"


def validate_sub_competency(competency_id) -> None:
    kind = Competency.objects.filter(pk=competency_id).values_list("kind", flat=True).first()
    if kind is not None and kind != CompetencyKind.SUB_COMPETENCY:
        raise ValidationError("Courses and plans name sub-competencies, not competencies.")


def _check_level(competency: Competency, level: int) -> None:
    scale = competency.framework.scale
    if level not in scale.values() or level == 0:
        raise ValidationError(
            {"level": f"Level {level} is not a level a course can build on the scale {scale}."}
        )


class Course(DomainModel):
    """A course of the training catalog, such as a DSCU course, and the level it is taught at.

    Its mapping (`builds`) says which sub-competencies it develops and to
    which level; recommendations and development plans read it.
    """

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    title = models.CharField(max_length=300)
    provider = models.CharField(max_length=200, help_text="Who teaches it, such as DSCU.")
    level = models.CharField(
        max_length=20,
        choices=CertificationLevel.choices,
        default=CertificationLevel.BASIC,
        help_text="The certification level the course is taught at.",
    )
    area = models.ForeignKey(
        AreaOfConcentration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        help_text="The area of concentration it serves; blank when it serves every area.",
    )
    hours = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
        help_text="Hours of instruction.",
    )
    delivery = models.CharField(max_length=20, choices=Delivery.choices, default=Delivery.ONLINE)
    description = models.TextField(blank=True)
    required_for_certification = models.BooleanField(
        default=False,
        help_text="Required training for certification at the course's level and above.",
    )

    class Meta:
        ordering = ["title", "pk"]
        indexes = [
            # The catalog's filters: by level, and by provider.
            models.Index(fields=["level", "title"], name="course_level_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("development:course-detail", args=[self.pk])


class CourseCompetency(DomainModel):
    """One line of a course's mapping: a sub-competency it builds, and to which level."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="builds")
    competency = models.ForeignKey(
        Competency,
        on_delete=models.PROTECT,
        related_name="+",
        validators=[validate_sub_competency],
    )
    level = models.PositiveSmallIntegerField(help_text="The level the course builds it to.")

    class Meta:
        ordering = ["course", "competency__sort_order"]
        verbose_name = "course mapping"
        constraints = [
            models.UniqueConstraint(
                fields=["course", "competency"],
                name="course_competency_once",
                violation_error_message="The course already builds this sub-competency.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} builds {self.competency.code} to {self.level}"

    def clean(self):
        if self.competency_id and self.level is not None:
            _check_level(self.competency, self.level)


class Decision(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class MappingDecision(DomainModel):
    """What someone decided about a suggested sub-competency for a course.

    Every decision is kept, so the suggestions' precision (the share accepted)
    can be reported; an accepted one also became a line of the course's mapping.
    """

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="decisions")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    score = models.FloatField(help_text="The suggestion's score when it was decided.")
    rank = models.PositiveSmallIntegerField(help_text="Its place among the suggestions, from 1.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "competency"],
                name="mapping_decision_once",
                violation_error_message="This suggestion was already decided for this course.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} for {self.course}: {self.get_decision_display()}"


class DevelopmentPlan(DomainModel):
    """A person's individual development plan: what they will do to close their gaps."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="development_plan")
    objectives = models.TextField(blank=True, help_text="What the person and supervisor aim for.")

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        verbose_name = "development plan"

    def __str__(self) -> str:
        return f"Development plan of {self.person}"


class ActivityKind(models.TextChoices):
    COURSE = "course", "Course"
    ON_THE_JOB = "on-the-job", "On-the-job assignment"


class DevelopmentActivity(DomainModel):
    """A line of a development plan: a course to take or an on-the-job assignment, due by a day.

    Completing it gives the person evidence on the sub-competencies it builds:
    learning for a course (its mapping), practice for an on-the-job assignment
    (its chosen sub-competencies).
    """

    # An on-the-job assignment exercises what it targets; a course exercises nothing by itself.
    exercises: tuple[str, ...] = ()

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, null=True, blank=True, related_name="activities"
    )
    title = models.CharField(
        max_length=300, blank=True, help_text="What the on-the-job assignment is."
    )
    competencies = models.ManyToManyField(
        Competency,
        blank=True,
        related_name="+",
        help_text="The sub-competencies an on-the-job assignment develops.",
    )
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["completed_on", "due_on", "pk"]
        verbose_name = "development activity"
        verbose_name_plural = "development activities"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="course") & models.Q(course__isnull=False))
                | (models.Q(kind="on-the-job") & models.Q(course__isnull=True)),
                name="activity_course_iff_kind_course",
                violation_error_message="A course activity names a course; an assignment does not.",
            ),
            models.UniqueConstraint(
                fields=["plan", "course"],
                condition=models.Q(course__isnull=False, archived_at__isnull=True),
                name="activity_course_once_per_plan",
                violation_error_message="This course is already on the plan.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.course.title if self.course_id else self.title

    @property
    def is_done(self) -> bool:
        return self.completed_on is not None

    def is_overdue(self, today: datetime.date) -> bool:
        return self.completed_on is None and self.due_on < today

    def exercised_codes(self) -> tuple[str, ...]:
        if self.kind != ActivityKind.ON_THE_JOB or self.pk is None:
            return ()
        return tuple(self.competencies.values_list("code", flat=True))

    def clean(self):
        if self.kind == ActivityKind.COURSE and not self.course_id:
            raise ValidationError({"course": "Choose the course to take."})
        if self.kind == ActivityKind.ON_THE_JOB:
            if self.course_id:
                raise ValidationError({"course": "An on-the-job assignment names no course."})
            if not self.title.strip():
                raise ValidationError({"title": "Say what the assignment is."})
        if self.completed_on and self.completed_on > timezone.localdate():
            raise ValidationError(
                {"completed_on": "An activity cannot be completed in the future."}
            )


class CertificationRequirement(DomainModel):
    """A billet's security cooperation (SC) code: what certification its holder needs.

    The SC code names whether the billet is key, its area of concentration and
    the certification level it requires (DSCU course catalog,
    https://dscu.edu/course-catalog: "Billet/Position", "Functional Area",
    "Proficiency Level"). Key billets are those the component nominates and the
    Defense Security Cooperation Program director approves (DSCU, Certification
    FAQs, https://www.dscu.edu/certification-3).
    """

    position = models.OneToOneField(
        Position, on_delete=models.CASCADE, related_name="certification_requirement"
    )
    key = models.BooleanField(
        default=False, help_text="A key billet, as approved for the security cooperation workforce."
    )
    area = models.ForeignKey(
        AreaOfConcentration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requirements",
        help_text="Needed for Intermediate and Advanced, which focus on one area.",
    )
    level = models.CharField(max_length=20, choices=CertificationLevel.choices)

    class Meta:
        ordering = ["position__org_unit__path", "position__title"]
        verbose_name = "certification requirement"

    def __str__(self) -> str:
        return f"{self.position}: {self.sc_code}"

    @property
    def sc_code(self) -> str:
        """The code in words: key or not, area, level."""
        parts = ["Key" if self.key else "Non-key"]
        if self.area_id:
            parts.append(self.area.name)
        parts.append(self.get_level_display())
        return ", ".join(parts)

    def clean(self):
        if self.level in AREA_LEVELS and not self.area_id:
            raise ValidationError(
                {"area": f"A billet at {self.get_level_display()} names its area of concentration."}
            )


class CertificationRecord(DomainModel):
    """A person's security cooperation certification: when the clock started, what is attained.

    The deadline to certify runs from the day the person was assigned to a
    position that requires certification. The attained level is written only
    when the certification authority approves a request (CertificationRequest).
    """

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="certification_record"
    )
    entered_position_on = models.DateField(
        null=True, blank=True, help_text="The day the person entered a certification position."
    )
    certified_level = models.CharField(
        max_length=20, choices=CertificationLevel.choices, blank=True
    )
    certified_area = models.ForeignKey(
        AreaOfConcentration, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    certified_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        verbose_name = "certification record"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(certified_level="", certified_on__isnull=True)
                | (~models.Q(certified_level="") & models.Q(certified_on__isnull=False)),
                name="certification_level_with_date",
                violation_error_message="A certification has both a level and a date.",
            )
        ]

    def __str__(self) -> str:
        return f"Certification of {self.person}"

    def clean(self):
        if bool(self.certified_level) != bool(self.certified_on):
            raise ValidationError({"certified_on": "A certification has both a level and a date."})

    def covers(self, level: str, area_id: int | None) -> bool:
        """True when the approved certification meets a billet's level and area."""
        if not self.certified_level or not level_covers(self.certified_level, level):
            return False
        return level not in AREA_LEVELS or area_id is None or self.certified_area_id == area_id


class ExperiencePeriod(DomainModel):
    """A stretch of security cooperation work in one area of concentration, at one level.

    Certification asks for one year of experience "in the appropriate AoC at
    the appropriate level" (DSCU, Requirements and Guidance). A period with no
    area was recorded before areas were kept; it counts only for a billet with
    no area.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="sc_experience")
    area = models.ForeignKey(
        AreaOfConcentration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Blank only for periods recorded before areas were kept.",
    )
    level = models.CharField(max_length=20, choices=CertificationLevel.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True, help_text="Blank while it goes on.")

    class Meta:
        ordering = ["person", "started_on", "pk"]
        verbose_name = "experience period"
        indexes = [
            # standings() reads the periods of a page of people at once.
            models.Index(fields=["person", "started_on"], name="experience_person_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="experience_ends_after_it_starts",
                violation_error_message="A period of experience ends on or after it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_level_display()} from {self.started_on}"

    def clean(self):
        today = timezone.localdate()
        if self.started_on and self.started_on > today:
            raise ValidationError({"started_on": "Experience cannot start in the future."})
        if self.ended_on and self.ended_on > today:
            raise ValidationError({"ended_on": "Experience cannot end in the future."})
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError(
                {"ended_on": "A period of experience ends on or after it starts."}
            )


class ReviewStatus(models.TextChoices):
    REQUESTED = "requested", "Awaiting the certification authority"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned"


class CertificationRequest(DomainModel):
    """A request to certify a person at a level, and the certification authority's decision.

    The Component Certification Authority reviews each request (DSCU, SCW
    Certification Program Information and FAQs, "Certification process", step 4,
    "Component Certification Authority (CCA) Review"); only an approved request
    makes the person certified.
    """

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="certification_requests"
    )
    level = models.CharField(max_length=20, choices=CertificationLevel.choices)
    area = models.ForeignKey(
        AreaOfConcentration, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="Why it was returned, or a remark.")

    class Meta:
        ordering = ["-requested_on", "-pk"]
        verbose_name = "certification request"
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="requested"),
                name="certification_request_one_open",
                violation_error_message="This person already has a request awaiting review.",
            ),
            models.CheckConstraint(
                condition=models.Q(status="requested", decided_on__isnull=True)
                | (~models.Q(status="requested") & models.Q(decided_on__isnull=False)),
                name="certification_request_decided_with_date",
                violation_error_message="A decided request has a decision date, an open one none.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_level_display()} ({self.get_status_display()})"
