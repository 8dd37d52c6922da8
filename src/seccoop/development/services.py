"""Every training and development write, and the reads that rank courses and judge standing.

One function per operation, each in a transaction, each checking permission
through the policy and validating with full_clean() before it writes.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from seccoop.analytics import recommendations as rec
from seccoop.analytics.mapping import Judgement
from seccoop.competencies.models import Competency, Framework
from seccoop.core.permissions import require
from seccoop.core.services import claim
from seccoop.development.models import (
    AREA_LEVELS,
    LEVEL_ORDER,
    ActivityKind,
    AreaOfConcentration,
    CertificationLevel,
    CertificationRecord,
    CertificationRequest,
    CertificationRequirement,
    Course,
    CourseCompetency,
    Decision,
    DevelopmentActivity,
    DevelopmentPlan,
    ExperiencePeriod,
    MappingDecision,
    ReviewStatus,
    level_covers,
)
from seccoop.partners.models import EvidenceKind
from seccoop.partners.services import write_evidence
from seccoop.workforce.gaps import gap_matrix, person_gaps, sub_competencies
from seccoop.workforce.models import OrgUnit, Person, Position

# The level of the proficiency scale a course at each certification level builds by default.
DEFAULT_BUILT_LEVEL = {
    CertificationLevel.BASIC: 2,
    CertificationLevel.INTERMEDIATE: 3,
    CertificationLevel.ADVANCED: 4,
    CertificationLevel.EXECUTIVE: 5,
}


def default_level_for(course: Course, framework: Framework) -> int:
    values = [value for value in framework.scale.values() if value > 0]
    wanted = DEFAULT_BUILT_LEVEL.get(course.level, 2)
    return min(wanted, max(values)) if values else wanted


# --- the course catalog -------------------------------------------------------------


@transaction.atomic
def set_course_mapping(
    *, user, course: Course, levels: dict[str, int | None], expected_version: int
) -> Course:
    """Set the level a course builds on each sub-competency: all of them, or none.

    `levels` maps a sub-competency code to a level; a code left out, or given
    no level, is removed from the mapping. An unknown code or a level off the
    scale is refused with an error naming the code, and nothing is written.
    """
    require(user, "change", course)
    fresh = claim(course, expected_version, user=user)
    framework = Framework.objects.default()
    subs = {sub.code: sub for sub in sub_competencies(framework)}
    existing = {line.competency.code: line for line in fresh.builds.select_related("competency")}
    errors: list[str] = []
    wanted: dict[str, int] = {}
    for code, level in levels.items():
        if code not in subs:
            errors.append(f"{code}: the {framework} has no sub-competency with this code.")
        elif level:
            wanted[code] = int(level)
    to_save = []
    for code, level in wanted.items():
        line = existing.get(code)
        if line is not None and line.level == level:
            continue
        if line is None:
            line = CourseCompetency(course=fresh, competency=subs[code], level=level)
        else:
            line.level = level
            line.version += 1
        try:
            line.full_clean(validate_unique=False)
        except ValidationError as exc:
            errors.extend(f"{code}: {m}" for ms in exc.message_dict.values() for m in ms)
        to_save.append(line)
    if errors:
        raise ValidationError(errors)
    for line in to_save:
        line._history_user = user
        line.save()
    for code, line in existing.items():
        if code not in wanted:
            line._history_user = user
            line.delete()
    fresh._history_user = user
    fresh.save(update_fields=["version", "updated_at"])
    course.version = fresh.version
    return course


@dataclass(frozen=True)
class Proposal:
    """A suggested sub-competency for a course, not yet decided."""

    competency: Competency
    score: float
    rank: int

    @property
    def percent(self) -> int:
        return round(max(self.score, 0.0) * 100)


def course_text(course: Course) -> str:
    """What the mapping reads of a course: its title and description."""
    return f"{course.title}. {course.description}".strip()


def mapping_judgements(framework: Framework) -> list[Judgement]:
    """People's decisions on suggested sub-competencies of the framework, as training data."""
    rows = (
        MappingDecision.objects.active()
        .filter(competency__framework=framework)
        .values_list("course__title", "course__description", "competency__code", "decision")
    )
    return [
        Judgement(f"{title}. {description}".strip(), code, decision == Decision.ACCEPTED)
        for title, description, code, decision in rows
    ]


def suggestions_for(course: Course, *, top: int = 5) -> list[Proposal]:
    """Suggested sub-competencies for the course's description, leaving out decided ones.

    Raises competencies.mapping.MappingUnavailable when the model is not installed.
    """
    from seccoop.competencies import mapping

    text = course_text(course)
    decided = set(course.decisions.values_list("competency_id", flat=True))
    decided |= set(course.builds.values_list("competency_id", flat=True))
    found = mapping.suggest(Framework.objects.default(), text, top=top)
    return [
        Proposal(item.competency, float(item.score), rank)
        for rank, item in enumerate(found, start=1)
        if item.competency.pk not in decided
    ]


@transaction.atomic
def decide_suggestion(
    *,
    user,
    course: Course,
    competency: Competency,
    accept: bool,
    score: float,
    rank: int,
    level: int | None = None,
) -> MappingDecision:
    """Record whether a suggestion is right; an accepted one joins the course's mapping."""
    require(user, "change", course)
    if MappingDecision.objects.filter(course=course, competency=competency).exists():
        raise ValidationError(
            {"competency": f"{competency.code} was already decided for this course."}
        )
    decision = MappingDecision(
        course=course,
        competency=competency,
        decision=Decision.ACCEPTED if accept else Decision.REJECTED,
        score=score,
        rank=rank,
        decided_by=user,
        decided_at=timezone.now(),
    )
    decision.full_clean()
    decision._history_user = user
    decision.save()
    if accept and not course.builds.filter(competency=competency).exists():
        line = CourseCompetency(
            course=course,
            competency=competency,
            level=level or default_level_for(course, competency.framework),
        )
        line.full_clean()
        line._history_user = user
        line.save()
    return decision


@dataclass(frozen=True)
class Precision:
    """How often the suggestions people decided on were right."""

    accepted: int
    rejected: int
    top_accepted: int  # accepted among suggestions ranked first
    top_decided: int

    @property
    def decided(self) -> int:
        return self.accepted + self.rejected

    @property
    def precision(self) -> float | None:
        return self.accepted / self.decided if self.decided else None

    @property
    def precision_at_1(self) -> float | None:
        return self.top_accepted / self.top_decided if self.top_decided else None


def mapping_precision(decisions: QuerySet[MappingDecision] | None = None) -> Precision:
    """The share of decided suggestions people accepted, overall and for the first-ranked."""
    rows = (decisions if decisions is not None else MappingDecision.objects.active()).values_list(
        "decision", "rank"
    )
    accepted = rejected = top_accepted = top_decided = 0
    for decision, rank in rows:
        hit = decision == Decision.ACCEPTED
        accepted += hit
        rejected += not hit
        if rank == 1:
            top_decided += 1
            top_accepted += hit
    return Precision(accepted, rejected, top_accepted, top_decided)


# --- development plans ----------------------------------------------------------------


def plan_of(person: Person) -> DevelopmentPlan | None:
    return DevelopmentPlan.objects.filter(person=person).first()


def _plan_for(user, person: Person) -> DevelopmentPlan:
    plan = plan_of(person)
    if plan is None:
        plan = DevelopmentPlan(person=person)
        require(user, "add", plan)
        plan.full_clean()
        plan._history_user = user
        plan.save()
    require(user, "change", plan)
    return plan


@transaction.atomic
def set_objectives(*, user, person: Person, objectives: str) -> DevelopmentPlan:
    plan = _plan_for(user, person)
    plan.objectives = objectives.strip()
    plan.version += 1
    plan.full_clean()
    plan._history_user = user
    plan.save()
    return plan


def _add(user, activity: DevelopmentActivity, competencies=()) -> DevelopmentActivity:
    activity.full_clean()
    activity._history_user = user
    activity.save()
    if competencies:
        activity.competencies.set(competencies)
    return activity


@transaction.atomic
def add_course(*, user, person: Person, course: Course, due_on: datetime.date):
    """Put a course on a person's development plan (the plan is opened if need be)."""
    plan = _plan_for(user, person)
    if plan.activities.active().filter(course=course).exists():
        raise ValidationError({"course": f"“{course}” is already on the plan."})
    if course.is_archived:
        raise ValidationError({"course": f"“{course}” is no longer in the catalog."})
    return _add(
        user, DevelopmentActivity(plan=plan, kind=ActivityKind.COURSE, course=course, due_on=due_on)
    )


@transaction.atomic
def add_assignment(
    *, user, person: Person, title: str, competencies: list[Competency], due_on: datetime.date
):
    """Put an on-the-job assignment on a person's plan, with the sub-competencies it develops."""
    plan = _plan_for(user, person)
    if not competencies:
        raise ValidationError({"competencies": "Choose at least one sub-competency it develops."})
    activity = DevelopmentActivity(
        plan=plan, kind=ActivityKind.ON_THE_JOB, title=(title or "").strip(), due_on=due_on
    )
    return _add(user, activity, competencies)


def sync_activity_evidence(activities, *, recorded_by) -> None:
    """Make the evidence of these activities match what is completed.

    A completed course gives one piece of learning evidence per sub-competency
    it builds; a completed on-the-job assignment, one piece of practice
    evidence per sub-competency it develops; both dated the day of completion.
    Archived or reopened activities give none.
    """
    activities = list(activities)
    if not activities:
        return
    done = [a for a in activities if a.completed_on is not None and a.archived_at is None]
    by_course: dict[int, list[int]] = defaultdict(list)
    for course_id, competency_id in (
        CourseCompetency.objects.active()
        .filter(course_id__in={a.course_id for a in done if a.course_id})
        .values_list("course_id", "competency_id")
    ):
        by_course[course_id].append(competency_id)
    by_activity: dict[int, list[int]] = defaultdict(list)
    for activity_id, competency_id in DevelopmentActivity.competencies.through.objects.filter(
        developmentactivity_id__in=[a.pk for a in done if not a.course_id]
    ).values_list("developmentactivity_id", "competency_id"):
        by_activity[activity_id].append(competency_id)
    person_of = dict(
        DevelopmentPlan.objects.filter(pk__in={a.plan_id for a in done}).values_list(
            "pk", "person_id"
        )
    )
    wanted = {
        (person_of[a.plan_id], competency_id, a.pk): a.completed_on
        for a in done
        for competency_id in (by_course[a.course_id] if a.course_id else by_activity[a.pk])
    }
    # A course is learning; an on-the-job assignment is work done, so practice.
    for kind, evidence_kind in (
        (ActivityKind.COURSE, EvidenceKind.LEARNING),
        (ActivityKind.ON_THE_JOB, EvidenceKind.PRACTICE),
    ):
        of_kind = {a.pk for a in activities if a.kind == kind}
        if not of_kind:
            continue
        write_evidence(
            DevelopmentActivity,
            sorted(of_kind),
            {key: day for key, day in wanted.items() if key[2] in of_kind},
            recorded_by=recorded_by,
            kind=evidence_kind,
        )


@transaction.atomic
def complete_activity(
    *,
    user,
    activity: DevelopmentActivity,
    completed_on: datetime.date | None = None,
    expected_version: int | None = None,
) -> DevelopmentActivity:
    """Mark an activity done; the person gains evidence dated that day (learning for a course)."""
    require(user, "change", activity)
    fresh = claim(activity, expected_version, user=user)
    if fresh.completed_on is not None:
        raise ValidationError({"completed_on": f"“{fresh}” was already completed."})
    fresh.completed_on = completed_on or timezone.localdate()
    fresh.full_clean()
    fresh._history_user = user
    fresh.save()
    sync_activity_evidence([fresh], recorded_by=user)
    activity.completed_on, activity.version = fresh.completed_on, fresh.version
    return fresh


@transaction.atomic
def remove_activity(*, user, activity: DevelopmentActivity) -> None:
    """Take an activity off the plan (archived, history kept); its evidence goes with it."""
    require(user, "change", activity)
    fresh = claim(activity, None, user=user)
    fresh.archived_at = timezone.now()
    fresh._history_user = user
    fresh.save()
    sync_activity_evidence([fresh], recorded_by=user)


@dataclass(frozen=True)
class PlanGap:
    """A sub-competency of a person's gap, and how far the plan takes it."""

    competency: Competency
    required: int
    rated: int
    trained: int  # the highest level a completed course built
    planned: int  # the highest level a course still on the plan builds

    @property
    def reached(self) -> int:
        return max(self.rated, self.trained)

    @property
    def shortfall(self) -> int:
        return max(self.required - self.rated, 0)

    @property
    def remaining(self) -> int:
        return max(self.required - self.reached, 0)

    @property
    def remaining_after_plan(self) -> int:
        return max(self.required - max(self.reached, self.planned), 0)


@dataclass
class PlanView:
    person: Person
    plan: DevelopmentPlan | None
    activities: list[DevelopmentActivity]
    gaps: list[PlanGap]
    framework: Framework

    @property
    def open_gaps(self) -> list[PlanGap]:
        return [line for line in self.gaps if line.shortfall > 0]

    @property
    def gap_levels(self) -> int:
        return sum(line.shortfall for line in self.gaps)

    @property
    def remaining_levels(self) -> int:
        return sum(line.remaining for line in self.gaps)

    @property
    def remaining_after_plan(self) -> int:
        return sum(line.remaining_after_plan for line in self.gaps)


def _built_levels(course_ids) -> dict[int, dict[int, int]]:
    """{course id: {competency id: level}} for these courses, in one query."""
    built: dict[int, dict[int, int]] = defaultdict(dict)
    for course_id, competency_id, level in (
        CourseCompetency.objects.active()
        .filter(course_id__in=list(course_ids))
        .values_list("course_id", "competency_id", "level")
    ):
        built[course_id][competency_id] = level
    return built


def plan_view(person: Person, framework: Framework | None = None) -> PlanView:
    """A person's gaps against their position, with what completed and planned courses build."""
    framework = framework or Framework.objects.default()
    plan = plan_of(person)
    activities = (
        list(
            plan.activities.active()
            .select_related("course")
            .prefetch_related("competencies")
            .order_by("completed_on", "due_on", "pk")
        )
        if plan
        else []
    )
    built = _built_levels({a.course_id for a in activities if a.course_id})
    trained: dict[int, int] = defaultdict(int)
    planned: dict[int, int] = defaultdict(int)
    for activity in activities:
        if not activity.course_id:
            continue
        target = trained if activity.is_done else planned
        for competency_id, level in built[activity.course_id].items():
            target[competency_id] = max(target[competency_id], level)
    gaps = [
        PlanGap(
            competency=line.competency,
            required=line.required,
            rated=line.current,
            trained=trained[line.competency.pk],
            planned=planned[line.competency.pk],
        )
        for line in person_gaps(person, framework)
        if line.required > 0
    ]
    return PlanView(person, plan, activities, gaps, framework)


# --- recommendations -------------------------------------------------------------------


@dataclass(frozen=True)
class ExplainedLine:
    competency: Competency
    line: rec.Line


@dataclass
class Recommended:
    course: Course
    value: int
    lines: list[ExplainedLine]


@dataclass
class PersonRecommendation:
    courses: list[Recommended]
    value: int
    gap: int
    exact: bool

    @property
    def share(self) -> int:
        return round(100 * self.value / self.gap) if self.gap else 0


@dataclass
class Catalog:
    """The active courses as a matrix: courses x the framework's sub-competencies."""

    courses: list[Course]
    competencies: list[Competency]
    builds: np.ndarray
    hours: np.ndarray


def catalog_matrix(framework: Framework, exclude: set[int] = frozenset()) -> Catalog:
    competencies = sub_competencies(framework)
    column = {c.pk: i for i, c in enumerate(competencies)}
    courses = [c for c in Course.objects.active().order_by("pk") if c.pk not in exclude]
    row = {c.pk: i for i, c in enumerate(courses)}
    builds = np.zeros((len(courses), len(competencies)), dtype=np.int16)
    for course_id, competency_id, level in (
        CourseCompetency.objects.active()
        .filter(course__archived_at__isnull=True)
        .order_by()
        .values_list("course_id", "competency_id", "level")
    ):
        if course_id in row and competency_id in column:
            builds[row[course_id], column[competency_id]] = level
    hours = np.array([c.hours for c in courses], dtype=float)
    return Catalog(courses, competencies, builds, hours)


def recommend_for_person(person: Person, *, top: int = 3, view: PlanView | None = None):
    """The few courses not yet on the plan that close the most of the person's weighted gap.

    The person's level counts what completed courses built, so a course
    already taken does not make another on the same thing look useful.
    """
    view = view or plan_view(person)
    on_plan = {a.course_id for a in view.activities if a.course_id}
    catalog = catalog_matrix(view.framework, exclude=on_plan)
    column = {c.pk: i for i, c in enumerate(catalog.competencies)}
    required = np.zeros(len(catalog.competencies), dtype=np.int16)
    current = np.zeros_like(required)
    for line in view.gaps:
        index = column.get(line.competency.pk)
        if index is not None:
            required[index], current[index] = line.required, line.reached
    selection = rec.best_courses(required, current, catalog.builds, top=top, hours=catalog.hours)
    return PersonRecommendation(
        courses=[
            Recommended(
                course=catalog.courses[index],
                value=selection.value_of(index),
                lines=[
                    ExplainedLine(catalog.competencies[line.column], line)
                    for line in selection.lines_of(index)
                ],
            )
            for index in selection.courses
        ],
        value=selection.value,
        gap=selection.gap,
        exact=selection.exact,
    )


@dataclass
class UnitRecommended:
    course: Course
    value: int
    levels: int
    seats: int
    people: list[Person] = field(default_factory=list)


def recommend_for_unit(unit: OrgUnit, *, top: int = 10) -> list[UnitRecommended]:
    """Courses ranked by the weighted gap they close across everyone in a unit and below it."""
    framework = Framework.objects.default()
    people = Person.objects.active().filter(position__org_unit__path__startswith=unit.path)
    matrix = gap_matrix(framework, people)
    catalog = catalog_matrix(framework)
    ranked = rec.rank_for_unit(
        matrix.required, matrix.current, catalog.builds, top=top, hours=catalog.hours
    )
    wanted = {int(matrix.person_ids[p]) for item in ranked for p in item.people}
    by_pk = Person.objects.in_bulk(list(wanted))
    return [
        UnitRecommended(
            course=catalog.courses[item.course],
            value=item.value,
            levels=item.levels,
            seats=item.seats,
            people=[by_pk[int(matrix.person_ids[p])] for p in item.people],
        )
        for item in ranked
    ]


# --- certification ----------------------------------------------------------------------


@dataclass(frozen=True)
class Standard:
    """What certification at a level asks: the time allowed and the experience."""

    deadline_months: int
    experience_months: int


# DoDI 5132.15 (7 May 2021), as DSCU states it in "Requirements and Guidance"
# (https://www.dscu.edu/certification-4): from the day a member is assigned to
# the billet, one year for Basic; three years in total for Intermediate (one
# for Basic, two more); five in total for Advanced (three, then two more); three
# years for Executive. One year of experience in the billet's area of
# concentration at the level, at every level.
STANDARDS = {
    CertificationLevel.BASIC: Standard(deadline_months=12, experience_months=12),
    CertificationLevel.INTERMEDIATE: Standard(deadline_months=36, experience_months=12),
    CertificationLevel.ADVANCED: Standard(deadline_months=60, experience_months=12),
    CertificationLevel.EXECUTIVE: Standard(deadline_months=36, experience_months=12),
}


def continuous_learning_hours() -> int:
    """Hours of training that keep a certification in good standing (a setting: no official
    figure was found)."""
    return settings.SECCOOP_CONTINUOUS_LEARNING_HOURS


def continuous_learning_months() -> int:
    return settings.SECCOOP_CONTINUOUS_LEARNING_MONTHS


def at_risk_days() -> int:
    """How close a deadline puts someone not ready on the at-risk list (a setting)."""
    return settings.SECCOOP_CERTIFICATION_AT_RISK_DAYS


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def months_between(start: datetime.date, end: datetime.date) -> int:
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (end.day < start.day)


def experience_months(
    periods: list[ExperiencePeriod],
    *,
    level: str,
    area_id: int | None,
    on: datetime.date,
) -> int:
    """Whole months of experience, up to `on`, that count toward a billet's level and area.

    A period counts when its level meets the billet's (experience at Advanced
    counts toward an Intermediate billet) and it was in the billet's area; a
    billet with no area takes experience in any area. Overlapping periods are
    counted once.
    """
    spans = sorted(
        (period.started_on, min(period.ended_on or on, on))
        for period in periods
        if level_covers(period.level, level)
        and (area_id is None or period.area_id == area_id)
        and period.started_on <= on
    )
    total = 0
    current: tuple[datetime.date, datetime.date] | None = None
    for start, end in spans:
        if current is not None and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current is not None:
            total += (current[1] - current[0]).days
        current = (start, end)
    if current is not None:
        total += (current[1] - current[0]).days
    # Whole months on the mean Gregorian month, so periods add up exactly.
    return int(total * 12 / 365.2425)


# A person's certification status.
CERTIFIED = "certified"
REQUESTED = "requested"
ELIGIBLE = "eligible"
IN_PROGRESS = "in-progress"
OVERDUE = "overdue"
LAPSED = "lapsed"
NO_RECORD = "no-record"
STATUS_LABELS = {
    CERTIFIED: "Certified",
    REQUESTED: "Awaiting the certification authority",
    ELIGIBLE: "Ready to certify",
    IN_PROGRESS: "In progress",
    OVERDUE: "Past the deadline",
    LAPSED: "Continuous learning short",
    NO_RECORD: "No assignment date recorded",
}
GOOD = {CERTIFIED, REQUESTED, ELIGIBLE, IN_PROGRESS}


@dataclass
class Standing:
    """A person's progress toward the certification their billet's SC code requires."""

    person: Person
    position: Position
    requirement: CertificationRequirement
    record: CertificationRecord | None
    courses_needed: list[Course]
    courses_done: list[Course]
    experience_months: int
    experience_needed: int
    recent_hours: int
    deadline: datetime.date | None
    status: str
    today: datetime.date
    open_request: CertificationRequest | None = None

    @property
    def required_level(self) -> str:
        return self.requirement.level

    @property
    def required_area(self) -> AreaOfConcentration | None:
        return self.requirement.area

    @property
    def missing_courses(self) -> list[Course]:
        done = {course.pk for course in self.courses_done}
        return [course for course in self.courses_needed if course.pk not in done]

    @property
    def required_label(self) -> str:
        return CertificationLevel(self.required_level).label

    @property
    def attained_label(self) -> str:
        if self.record is None or not self.record.certified_level:
            return "None"
        label = self.record.get_certified_level_display()
        if self.record.certified_area_id:
            label += f", {self.record.certified_area.name}"
        return label

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def in_good_standing(self) -> bool:
        return self.status in GOOD

    @property
    def days_left(self) -> int | None:
        return None if self.deadline is None else (self.deadline - self.today).days

    @property
    def at_risk(self) -> bool:
        """Not ready, and the deadline falls within the at-risk window."""
        return self.status == IN_PROGRESS and self.days_left <= at_risk_days()

    @property
    def reasons(self) -> list[str]:
        """Why the person is where they are, in sentences a supervisor reads."""
        found = []
        missing = self.missing_courses
        if self.status == NO_RECORD:
            found.append("The day they were assigned to the billet is not recorded.")
        if self.status in (IN_PROGRESS, OVERDUE, NO_RECORD):
            if missing:
                found.append(
                    f"{len(missing)} required course{'s' if len(missing) != 1 else ''} "
                    f"to complete: {', '.join(course.title for course in missing)}."
                )
            if self.experience_months < self.experience_needed:
                where = f" in {self.required_area.name}" if self.required_area else ""
                found.append(
                    f"{self.experience_months} of {self.experience_needed} months of "
                    f"experience{where} at {self.required_label} level."
                )
        if self.status == OVERDUE:
            found.append(f"The deadline was {self.deadline:%d %b %Y}.")
        if self.status == LAPSED:
            found.append(
                f"{self.recent_hours} of {continuous_learning_hours()} hours of training in "
                f"the last {continuous_learning_months()} months."
            )
        return found


def required_courses(
    level: str, courses: list[Course] | None = None, *, area_id: int | None = None
) -> list[Course]:
    """Required training for a level and area.

    On the standard track, the required courses at the level and below; for
    Executive, the required Executive courses. A course tied to an area counts
    only for billets in that area.
    """
    courses = (
        courses
        if courses is not None
        else list(Course.objects.active().filter(required_for_certification=True))
    )
    return [
        c
        for c in sorted(courses, key=lambda c: (LEVEL_ORDER[c.level], c.title))
        if c.required_for_certification
        and level_covers(level, c.level)
        and (c.area_id is None or c.area_id == area_id)
    ]


def standings(people: QuerySet[Person], *, today: datetime.date | None = None) -> list[Standing]:
    """The certification standing of these people whose billets carry an SC code.

    A fixed number of queries, whatever the number of people.
    """
    today = today or timezone.localdate()
    rows = list(
        people.active()
        .filter(
            position__certification_requirement__isnull=False,
            position__certification_requirement__archived_at__isnull=True,
        )
        .select_related(
            "position",
            "position__org_unit",
            "position__certification_requirement",
            "position__certification_requirement__area",
            "certification_record",
            "certification_record__certified_area",
        )
        .order_by("last_name", "first_name", "pk")
    )
    ids = [person.pk for person in rows]
    required = list(
        Course.objects.active().filter(required_for_certification=True).select_related("area")
    )
    since = add_months(today, -continuous_learning_months())
    done: dict[int, dict[int, datetime.date]] = defaultdict(dict)
    recent_hours: dict[int, int] = defaultdict(int)
    for person_id, course_id, hours, completed_on in (
        DevelopmentActivity.objects.active()
        .filter(plan__person__in=ids, course__isnull=False, completed_on__isnull=False)
        .values_list("plan__person_id", "course_id", "course__hours", "completed_on")
    ):
        done[person_id][course_id] = completed_on
        if completed_on >= since:
            recent_hours[person_id] += hours
    periods: dict[int, list[ExperiencePeriod]] = defaultdict(list)
    for period in ExperiencePeriod.objects.active().filter(person__in=ids):
        periods[period.person_id].append(period)
    open_requests = {
        request.person_id: request
        for request in CertificationRequest.objects.active().filter(
            person__in=ids, status=ReviewStatus.REQUESTED
        )
    }
    found = []
    for person in rows:
        requirement = person.position.certification_requirement
        level, area_id = requirement.level, requirement.area_id
        record = getattr(person, "certification_record", None)
        needed = required_courses(level, required, area_id=area_id)
        completed = [course for course in needed if course.pk in done[person.pk]]
        standard = STANDARDS[CertificationLevel(level)]
        experience = experience_months(periods[person.pk], level=level, area_id=area_id, on=today)
        deadline = (
            add_months(record.entered_position_on, standard.deadline_months)
            if record and record.entered_position_on
            else None
        )
        ready = len(completed) == len(needed) and experience >= standard.experience_months
        if record is not None and record.covers(level, area_id):
            lapsed = (
                record.certified_on <= since
                and recent_hours[person.pk] < continuous_learning_hours()
            )
            status = LAPSED if lapsed else CERTIFIED
        elif person.pk in open_requests:
            status = REQUESTED
        elif ready:
            status = ELIGIBLE
        elif deadline is None:
            status = NO_RECORD
        elif today > deadline:
            status = OVERDUE
        else:
            status = IN_PROGRESS
        found.append(
            Standing(
                person=person,
                position=person.position,
                requirement=requirement,
                record=record,
                courses_needed=needed,
                courses_done=completed,
                experience_months=experience,
                experience_needed=standard.experience_months,
                recent_hours=recent_hours[person.pk],
                deadline=deadline,
                status=status,
                today=today,
                open_request=open_requests.get(person.pk),
            )
        )
    return found


@transaction.atomic
def set_requirement(
    *,
    user,
    position: Position,
    level: str,
    area: AreaOfConcentration | None = None,
    key: bool = False,
) -> CertificationRequirement | None:
    """Set a billet's SC code (key, area, level); a blank level removes it."""
    current = CertificationRequirement.objects.filter(position=position).first()
    if not level:
        if current is not None:
            require(user, "change", current)
            current._history_user = user
            current.delete()
        return None
    requirement = current or CertificationRequirement(position=position)
    require(user, "change" if current else "add", requirement)
    requirement.level = level
    requirement.area = area
    requirement.key = key
    if current is not None:
        requirement.version += 1
    requirement.full_clean()
    requirement._history_user = user
    requirement.save()
    return requirement


@transaction.atomic
def record_certification_dates(
    *, user, person: Person, entered_position_on: datetime.date | None
) -> CertificationRecord:
    """Record the day a person was assigned to their certification billet."""
    record = CertificationRecord.objects.filter(person=person).first()
    creating = record is None
    record = record or CertificationRecord(person=person)
    require(user, "add" if creating else "change", record)
    record.entered_position_on = entered_position_on
    if not creating:
        record.version += 1
    record.full_clean()
    record._history_user = user
    record.save()
    return record


@transaction.atomic
def record_experience(
    *,
    user,
    person: Person,
    area: AreaOfConcentration | None,
    level: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
) -> ExperiencePeriod:
    """Record a period of security cooperation work in an area, at a level."""
    period = ExperiencePeriod(
        person=person, area=area, level=level, started_on=started_on, ended_on=ended_on
    )
    require(user, "add", period)
    if area is None:
        raise ValidationError({"area": "Name the area of concentration the work was in."})
    period.full_clean()
    period._history_user = user
    period.save()
    return period


def _readiness_problems(
    person: Person, level: str, area_id: int | None, on: datetime.date
) -> list[str]:
    needed = required_courses(level, area_id=area_id)
    done = set(
        DevelopmentActivity.objects.active()
        .filter(plan__person=person, completed_on__isnull=False, completed_on__lte=on)
        .values_list("course_id", flat=True)
    )
    missing = [course.title for course in needed if course.pk not in done]
    problems = []
    if missing:
        problems.append(f"Required courses not completed: {', '.join(missing)}.")
    standard = STANDARDS[CertificationLevel(level)]
    experience = experience_months(
        list(ExperiencePeriod.objects.active().filter(person=person)),
        level=level,
        area_id=area_id,
        on=on,
    )
    if experience < standard.experience_months:
        problems.append(
            f"{experience} of {standard.experience_months} months of experience in the area "
            "at the level."
        )
    return problems


@transaction.atomic
def request_certification(
    *,
    user,
    person: Person,
    level: str,
    area: AreaOfConcentration | None = None,
    requested_on: datetime.date | None = None,
) -> CertificationRequest:
    """Ask the certification authority to certify a person, once they have the training and
    experience.

    Refused, naming what is missing, when a required course is not completed
    or the experience in the area at the level is short; refused too while
    another request waits for review.
    """
    requested_on = requested_on or timezone.localdate()
    request = CertificationRequest(
        person=person,
        level=level,
        area=area,
        requested_by=user,
        requested_on=requested_on,
    )
    require(user, "add", request)
    if level not in CertificationLevel.values:
        raise ValidationError({"level": f"“{level}” is not a certification level."})
    if level in AREA_LEVELS and area is None:
        raise ValidationError({"area": "Name the area of concentration to certify in."})
    if level not in AREA_LEVELS:
        request.area = None
    record = CertificationRecord.objects.filter(person=person).first()
    if record is not None and record.covers(level, request.area_id):
        raise ValidationError(
            {"level": f"{person} already holds a certification that meets this level."}
        )
    problems = _readiness_problems(person, level, request.area_id, requested_on)
    if problems:
        raise ValidationError({"level": problems})
    request.full_clean()
    request._history_user = user
    request.save()
    return request


def _require_authority_over(user, request: CertificationRequest) -> None:
    require(user, "approve", request)
    if getattr(getattr(user, "person", None), "pk", None) == request.person_id:
        raise PermissionDenied("No one approves or returns their own certification.")


def _open_request(request: CertificationRequest) -> CertificationRequest:
    fresh = CertificationRequest.objects.select_for_update().get(pk=request.pk)
    if fresh.status != ReviewStatus.REQUESTED:
        raise ValidationError(
            {"status": f"This request was already decided: {fresh.get_status_display()}."}
        )
    return fresh


@transaction.atomic
def approve_certification(
    *, user, request: CertificationRequest, decided_on: datetime.date | None = None
) -> CertificationRecord:
    """The certification authority approves a request: the person is certified from that day."""
    _require_authority_over(user, request)
    fresh = _open_request(request)
    decided_on = decided_on or timezone.localdate()
    fresh.status = ReviewStatus.APPROVED
    fresh.decided_by = user
    fresh.decided_on = decided_on
    fresh.version += 1
    fresh.full_clean()
    fresh._history_user = user
    fresh.save()
    record = CertificationRecord.objects.filter(person=fresh.person).first()
    creating = record is None
    record = record or CertificationRecord(person=fresh.person)
    record.certified_level = fresh.level
    record.certified_area = fresh.area
    record.certified_on = decided_on
    if not creating:
        record.version += 1
    record.full_clean()
    record._history_user = user
    record.save()
    return record


@transaction.atomic
def return_certification(
    *, user, request: CertificationRequest, note: str, decided_on: datetime.date | None = None
) -> CertificationRequest:
    """The certification authority returns a request, saying why; nothing is certified."""
    _require_authority_over(user, request)
    if not note.strip():
        raise ValidationError({"note": "Say why the request is returned."})
    fresh = _open_request(request)
    fresh.status = ReviewStatus.RETURNED
    fresh.decided_by = user
    fresh.decided_on = decided_on or timezone.localdate()
    fresh.note = note.strip()
    fresh.version += 1
    fresh.full_clean()
    fresh._history_user = user
    fresh.save()
    return fresh
