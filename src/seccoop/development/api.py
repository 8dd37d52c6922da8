"""Training, development plans and certification through the API.

The same querysets, FilterSets, policy and services as the pages: a plan is
seen by the person, their supervisor chain and workforce managers; anyone
else is told it does not exist.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from seccoop.competencies.models import Competency, Framework
from seccoop.core.api import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    LimitOffset,
    apply_filters,
    filter_parameters,
    get_visible,
)
from seccoop.core.lookups import hidden
from seccoop.core.services import create_record
from seccoop.development import services
from seccoop.development.filters import ActivityFilter, CourseFilter, DecisionFilter
from seccoop.development.models import (
    ActivityKind,
    AreaOfConcentration,
    CertificationLevel,
    CertificationRecord,
    CertificationRequirement,
    Course,
    Delivery,
    DevelopmentActivity,
    MappingDecision,
)
from seccoop.development.policies import may_manage_catalog, may_see_person, visible_people
from seccoop.workforce.models import OrgUnit, Person, Position

router = Router(tags=["development"])


# --- schemas -------------------------------------------------------------------


class BuildOut(Schema):
    code: str
    level: int

    @staticmethod
    def resolve_code(obj):
        return obj.competency.code


class CourseOut(Schema):
    id: int
    external_id: str | None
    title: str
    provider: str
    level: str
    hours: int
    delivery: str
    description: str
    required_for_certification: bool
    builds: list[BuildOut]
    version: int

    @staticmethod
    def resolve_builds(obj):
        return [line for line in obj.builds.all() if line.archived_at is None]


class CourseIn(Schema):
    title: str
    provider: str
    level: CertificationLevel = CertificationLevel.BASIC
    hours: int
    delivery: Delivery = Delivery.ONLINE
    description: str = ""
    required_for_certification: bool = False
    external_id: str | None = None


class DevelopmentMappingIn(Schema):
    levels: dict[str, int] = Field(
        description="Sub-competency code -> level the course builds; codes left out are removed."
    )
    version: int = Field(description="The course's version you read (409 if it moved).")


class DecisionOut(Schema):
    id: int
    course_id: int
    code: str
    decision: str
    score: float
    rank: int
    decided_by: str
    decided_at: datetime.datetime

    @staticmethod
    def resolve_code(obj):
        return obj.competency.code

    @staticmethod
    def resolve_decided_by(obj):
        return obj.decided_by.get_username()


class DecisionIn(Schema):
    code: str
    accept: bool
    score: float = Field(ge=-1, le=1)
    rank: int = Field(ge=1, le=100)
    level: int | None = Field(None, description="For an accepted one; else the course's level.")


class PrecisionOut(Schema):
    accepted: int
    rejected: int
    precision: float | None
    precision_at_1: float | None


class PlanActivityOut(Schema):
    id: int
    person_id: int
    kind: str
    course_id: int | None
    name: str
    codes: list[str]
    due_on: datetime.date
    completed_on: datetime.date | None
    version: int

    @staticmethod
    def resolve_person_id(obj):
        return obj.plan.person_id

    @staticmethod
    def resolve_codes(obj):
        return [competency.code for competency in obj.competencies.all()]


class PlanActivityIn(Schema):
    kind: ActivityKind
    course_id: int | None = None
    title: str = ""
    codes: list[str] = Field(default_factory=list, description="For an on-the-job assignment.")
    due_on: datetime.date


class CompleteIn(Schema):
    completed_on: datetime.date | None = None


class DevelopmentGapOut(Schema):
    code: str
    required: int
    rated: int
    trained: int
    planned: int
    remaining: int


class PlanOut(Schema):
    person_id: int
    objectives: str
    gap_levels: int
    remaining_levels: int
    remaining_after_plan: int
    gaps: list[DevelopmentGapOut]
    activities: list[PlanActivityOut]


class DevelopmentLineOut(Schema):
    code: str
    required: int
    current: int
    weight: int
    builds: int
    closed: int
    value: int


class RecommendedOut(Schema):
    course_id: int
    title: str
    value: int
    lines: list[DevelopmentLineOut]


class CourseRecommendationOut(Schema):
    value: int
    gap: int
    exact: bool
    courses: list[RecommendedOut]


class SeatOut(Schema):
    course_id: int
    title: str
    value: int
    levels: int
    seats: int
    person_ids: list[int]


class DevelopmentRequirementOut(Schema):
    position_id: int
    level: str
    key: bool
    area: str | None = Field(description="The area of concentration's code.")

    @staticmethod
    def resolve_area(obj):
        return obj.area.code if obj.area_id else None


class RequirementIn(Schema):
    level: CertificationLevel
    key: bool = False
    area: str | None = Field(
        None, description="The area of concentration's code; needed for Intermediate and Advanced."
    )


class RecordOut(Schema):
    person_id: int
    entered_position_on: datetime.date | None
    certified_level: str = Field(description="Approved by the certification authority.")
    certified_area: str | None
    certified_on: datetime.date | None

    @staticmethod
    def resolve_certified_area(obj):
        return obj.certified_area.code if obj.certified_area_id else None


class StandingOut(Schema):
    person_id: int
    position_id: int
    required_level: str
    required_area: str | None
    key: bool
    certified_level: str
    status: str
    at_risk: bool
    days_left: int | None
    missing_course_ids: list[int]
    in_good_standing: bool
    courses_done: int
    courses_needed: int
    experience_months: int
    experience_needed: int
    deadline: datetime.date | None
    reasons: list[str]


# --- the catalog ------------------------------------------------------------------

CourseQuery = filter_parameters(CourseFilter)
DecisionQuery = filter_parameters(DecisionFilter)
ActivityQuery = filter_parameters(ActivityFilter)


def _courses(user):
    return (
        Course.objects.visible_to(user)
        .active()
        .prefetch_related("builds__competency")
        .order_by("title", "pk")
    )


@router.get("/courses", response={200: list[CourseOut], **LIST_ERRORS}, summary="Courses")
@paginate(LimitOffset)
def list_courses(request, filters: Query[CourseQuery]):
    return apply_filters(CourseFilter, filters, _courses(request.user))


@router.get("/courses/{course_id}", response={200: CourseOut, **READ_ERRORS}, summary="Course")
def get_course(request, course_id: int):
    return get_visible(request.user, _courses(request.user), pk=course_id)


@router.post(
    "/courses",
    response={201: CourseOut, **WRITE_ERRORS},
    summary="Add a course (workforce managers)",
)
def create_course(request, payload: CourseIn):
    data = payload.dict()
    data["level"], data["delivery"] = str(payload.level), str(payload.delivery)
    course = create_record(user=request.user, model=Course, data=data)
    return Status(201, get_visible(request.user, _courses(request.user), pk=course.pk))


@router.put(
    "/courses/{course_id}/mapping",
    response={200: CourseOut, 409: ErrorOut, **WRITE_ERRORS},
    summary="Set what a course builds",
)
def set_mapping(request, course_id: int, payload: DevelopmentMappingIn):
    course = get_visible(request.user, Course.objects.all(), pk=course_id)
    services.set_course_mapping(
        user=request.user, course=course, levels=payload.levels, expected_version=payload.version
    )
    return get_visible(request.user, _courses(request.user), pk=course_id)


@router.get(
    "/mapping-decisions",
    response={200: list[DecisionOut], **LIST_ERRORS},
    summary="Accepted and rejected suggestions",
)
@paginate(LimitOffset)
def list_decisions(request, filters: Query[DecisionQuery]):
    decisions = (
        MappingDecision.objects.visible_to(request.user)
        .active()
        .select_related("competency", "decided_by")
    )
    return apply_filters(DecisionFilter, filters, decisions)


@router.get(
    "/mapping-decisions/precision",
    response={200: PrecisionOut, **LIST_ERRORS},
    summary="The share of decided suggestions that were accepted",
)
def decision_precision(request):
    found = services.mapping_precision(MappingDecision.objects.visible_to(request.user).active())
    return PrecisionOut(
        accepted=found.accepted,
        rejected=found.rejected,
        precision=found.precision,
        precision_at_1=found.precision_at_1,
    )


@router.post(
    "/courses/{course_id}/decisions",
    response={201: DecisionOut, **WRITE_ERRORS},
    summary="Accept or reject a suggested sub-competency for a course",
    description="An accepted suggestion joins the course's mapping; every decision is kept.",
)
def decide(request, course_id: int, payload: DecisionIn):
    course = get_visible(request.user, Course.objects.all(), pk=course_id)
    competency = Competency.objects.filter(
        framework=Framework.objects.default(), code=payload.code
    ).first()
    if competency is None:
        raise ValidationError({"code": [f"No sub-competency {payload.code!r}."]})
    decision = services.decide_suggestion(
        user=request.user,
        course=course,
        competency=competency,
        accept=payload.accept,
        score=payload.score,
        rank=payload.rank,
        level=payload.level,
    )
    return Status(201, decision)


# --- development plans ------------------------------------------------------------------


def _person(user, person_id: int) -> Person:
    person = Person.objects.filter(pk=person_id).select_related("position").first()
    if person is None:
        raise Http404("No development plan matches the given query.")
    if not may_see_person(user, person):
        raise hidden(person, "No development plan matches the given query.")
    return person


def _activities(user):
    return (
        DevelopmentActivity.objects.visible_to(user)
        .active()
        .select_related("plan")
        .prefetch_related("competencies")
    )


@router.get(
    "/development-plans/{person_id}",
    response={200: PlanOut, **READ_ERRORS},
    summary="A person's development plan, with the gap it closes",
)
def get_plan(request, person_id: int):
    person = _person(request.user, person_id)
    view = services.plan_view(person)
    return PlanOut(
        person_id=person.pk,
        objectives=view.plan.objectives if view.plan else "",
        gap_levels=view.gap_levels,
        remaining_levels=view.remaining_levels,
        remaining_after_plan=view.remaining_after_plan,
        gaps=[
            DevelopmentGapOut(
                code=line.competency.code,
                required=line.required,
                rated=line.rated,
                trained=line.trained,
                planned=line.planned,
                remaining=line.remaining,
            )
            for line in view.gaps
        ],
        activities=list(_activities(request.user).filter(plan__person=person)),
    )


@router.get(
    "/development-plans/{person_id}/recommendations",
    response={200: CourseRecommendationOut, **READ_ERRORS},
    summary="The courses that close the most of a person's gap, explained",
)
def person_recommendations(request, person_id: int, top: int = Query(3, ge=1, le=10)):
    person = _person(request.user, person_id)
    found = services.recommend_for_person(person, top=top)
    return CourseRecommendationOut(
        value=found.value,
        gap=found.gap,
        exact=found.exact,
        courses=[
            RecommendedOut(
                course_id=item.course.pk,
                title=item.course.title,
                value=item.value,
                lines=[
                    DevelopmentLineOut(
                        code=explained.competency.code,
                        required=explained.line.required,
                        current=explained.line.current,
                        weight=explained.line.weight,
                        builds=explained.line.builds,
                        closed=explained.line.closed,
                        value=explained.line.value,
                    )
                    for explained in item.lines
                ],
            )
            for item in found.courses
        ],
    )


@router.get(
    "/development-activities",
    response={200: list[PlanActivityOut], **LIST_ERRORS},
    summary="Activities of the development plans you may see",
)
@paginate(LimitOffset)
def list_activities(request, filters: Query[ActivityQuery]):
    return apply_filters(ActivityFilter, filters, _activities(request.user))


@router.post(
    "/development-plans/{person_id}/activities",
    response={201: PlanActivityOut, **WRITE_ERRORS},
    summary="Put a course or an on-the-job assignment on a person's plan",
)
def add_activity(request, person_id: int, payload: PlanActivityIn):
    user = request.user
    person = _person(user, person_id)
    if payload.kind == ActivityKind.COURSE:
        course = Course.objects.active().filter(pk=payload.course_id).first()
        if course is None:
            raise ValidationError({"course_id": ["Name a course of the catalog."]})
        activity = services.add_course(
            user=user, person=person, course=course, due_on=payload.due_on
        )
    else:
        codes = list(dict.fromkeys(payload.codes))
        found = {
            c.code: c
            for c in Competency.objects.filter(
                framework=Framework.objects.default(), code__in=codes
            )
        }
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise ValidationError({"codes": [f"Unknown: {', '.join(unknown)}."]})
        activity = services.add_assignment(
            user=user,
            person=person,
            title=payload.title,
            competencies=[found[code] for code in codes],
            due_on=payload.due_on,
        )
    return Status(201, _activities(user).get(pk=activity.pk))


@router.post(
    "/development-activities/{activity_id}/complete",
    response={200: PlanActivityOut, **WRITE_ERRORS},
    summary="Complete an activity; the person gains evidence of practice",
)
def complete_activity(request, activity_id: int, payload: CompleteIn):
    activity = get_visible(request.user, _activities(request.user), pk=activity_id)
    services.complete_activity(
        user=request.user, activity=activity, completed_on=payload.completed_on
    )
    return _activities(request.user).get(pk=activity_id)


@router.get(
    "/training-seats",
    response={200: list[SeatOut], 403: ErrorOut, 404: ErrorOut, **LIST_ERRORS},
    summary="Courses closing the most gap across a unit's people",
)
def training_seats(request, unit: int, top: int = Query(10, ge=1, le=50)):
    org_unit = get_object_or_404(OrgUnit.objects.active(), pk=unit)
    scope = Person.objects.active().filter(position__org_unit__path__startswith=org_unit.path)
    if visible_people(request.user, scope).count() != scope.count():
        raise PermissionDenied("Training seats read everyone's gaps: your own chain only.")
    return [
        SeatOut(
            course_id=item.course.pk,
            title=item.course.title,
            value=item.value,
            levels=item.levels,
            seats=item.seats,
            person_ids=[person.pk for person in item.people],
        )
        for item in services.recommend_for_unit(org_unit, top=top)
    ]


# --- certification ----------------------------------------------------------------------


@router.get(
    "/certification-requirements",
    response={200: list[DevelopmentRequirementOut], **LIST_ERRORS},
    summary="Positions' required certification levels",
)
@paginate(LimitOffset)
def list_requirements(request):
    return (
        CertificationRequirement.objects.visible_to(request.user)
        .active()
        .select_related("area")
        .order_by("position_id")
    )


@router.put(
    "/certification-requirements/{position_id}",
    response={200: DevelopmentRequirementOut, **WRITE_ERRORS},
    summary="Set a position's required certification level",
)
def put_requirement(request, position_id: int, payload: RequirementIn):
    if not may_manage_catalog(request.user):
        raise PermissionDenied("Workforce managers and administrators set certification levels.")
    position = get_object_or_404(Position.objects.active(), pk=position_id)
    area = None
    if payload.area:
        area = AreaOfConcentration.objects.active().filter(code=payload.area).first()
        if area is None:
            raise ValidationError(
                {"area": f"No area of concentration has the code {payload.area!r}."}
            )
    return services.set_requirement(
        user=request.user, position=position, level=str(payload.level), area=area, key=payload.key
    )


class RemovedOut(Schema):
    position_id: int
    removed: bool = Field(description="False when the position required nothing already.")


@router.delete(
    "/certification-requirements/{position_id}",
    response={200: RemovedOut, **WRITE_ERRORS},
    summary="Remove a position's required certification",
)
def delete_requirement(request, position_id: int):
    if not may_manage_catalog(request.user):
        raise PermissionDenied("Workforce managers and administrators set certification levels.")
    position = get_object_or_404(Position.objects.active(), pk=position_id)
    existed = CertificationRequirement.objects.filter(position=position).exists()
    services.set_requirement(user=request.user, position=position, level="")
    return RemovedOut(position_id=position.pk, removed=existed)


@router.get(
    "/certification-records",
    response={200: list[RecordOut], **LIST_ERRORS},
    summary="Certification records you may see",
)
@paginate(LimitOffset)
def list_records(request):
    return (
        CertificationRecord.objects.visible_to(request.user)
        .active()
        .select_related("certified_area")
        .order_by("person_id")
    )


@router.get(
    "/certification-standing",
    response={200: list[StandingOut], **LIST_ERRORS},
    summary="Certification standing of the people you may see",
)
def standing(request, good: bool | None = None):
    rows = services.standings(visible_people(request.user, Person.objects.all()))
    return [
        StandingOut(
            person_id=row.person.pk,
            position_id=row.position.pk,
            required_level=row.required_level,
            required_area=row.required_area.code if row.required_area else None,
            key=row.requirement.key,
            certified_level=row.record.certified_level if row.record else "",
            status=row.status,
            at_risk=row.at_risk,
            days_left=row.days_left,
            missing_course_ids=[course.pk for course in row.missing_courses],
            in_good_standing=row.in_good_standing,
            courses_done=len(row.courses_done),
            courses_needed=len(row.courses_needed),
            experience_months=row.experience_months,
            experience_needed=row.experience_needed,
            deadline=row.deadline,
            reasons=row.reasons,
        )
        for row in rows
        if good is None or row.in_good_standing == good
    ]
