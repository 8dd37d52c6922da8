"""Every evaluation write that touches more than one row, the recommendation workflow,
and the analyses the pages and the API share.

Records are created and changed through `save_record`, which goes through
`seccoop.core.services` (policy, full_clean, version check) and sets the
record's many-to-many links in the same transaction, refusing dependencies
between activities that would form a cycle.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear

from seccoop.core import services as records
from seccoop.core.workflow import Transition, Workflow
from seccoop.evaluation.models import (
    Activity,
    AssessmentFramework,
    Direction,
    GuidanceDocument,
    Indicator,
    Initiative,
    Lesson,
    Measurement,
    Objective,
    Recommendation,
    RecommendationState,
    ResourceAllocation,
    ResourceKind,
)
from seccoop.partners import services as partner_services

# --- writing records ---------------------------------------------------------------


def check_dependencies(activity: Activity, prerequisites: Iterable[Activity]) -> None:
    """Refuse prerequisites that would make an activity wait, at last, on itself.

    The dependency graph is read in one query; each new prerequisite is
    followed through its own prerequisites, and reaching `activity` again
    is a cycle, named step by step.
    """
    prerequisites = list(prerequisites)
    if activity.pk is None or not prerequisites:
        return
    graph: dict[int, set[int]] = defaultdict(set)
    for from_id, to_id in Activity.depends_on.through.objects.exclude(
        from_activity_id=activity.pk
    ).values_list("from_activity_id", "to_activity_id"):
        graph[from_id].add(to_id)
    graph[activity.pk] = {prerequisite.pk for prerequisite in prerequisites}
    # Depth-first from the activity, keeping the path to name the cycle.
    path: list[int] = [activity.pk]
    done: set[int] = set()

    def visit(node: int) -> list[int] | None:
        for following in sorted(graph.get(node, ())):
            if following == activity.pk:
                return [*path, following]
            if following in done or following in path:
                continue
            path.append(following)
            found = visit(following)
            if found:
                return found
            path.pop()
            done.add(following)
        return None

    cycle = visit(activity.pk)
    if cycle:
        titles = dict(Activity.objects.filter(pk__in=cycle).values_list("pk", "title"))
        steps = " → ".join(f"“{titles.get(pk, activity.title)}”" for pk in cycle)
        raise ValidationError(
            {
                "depends_on": [
                    f"These dependencies would form a cycle: {steps}. An activity cannot "
                    "wait, even indirectly, on itself."
                ]
            }
        )


def save_record(
    *,
    user,
    model: type[models.Model],
    data: dict,
    links: dict[str, list] | None = None,
    record: models.Model | None = None,
    expected_version: int | None = None,
):
    """Create a record (record=None) or change it, with its many-to-many links, all or nothing.

    Raises PermissionDenied, ValidationError naming the fields, or
    ConcurrentEditError; nothing is written then.
    """
    links = links or {}
    if record is not None and record.pk is not None and expected_version is None:
        expected_version = record.version
    editing = record is not None and record.pk is not None
    with transaction.atomic():
        if editing and isinstance(record, Activity) and "depends_on" in links:
            # A new activity cannot be part of a cycle: nothing depends on it yet.
            if any(other.pk == record.pk for other in links["depends_on"]):
                raise ValidationError({"depends_on": ["An activity cannot depend on itself."]})
            check_dependencies(record, links["depends_on"])
        # The links are set inside create_record/update_record, before the
        # policy is asked again about the record as saved.
        if not editing:
            record = records.create_record(user=user, model=model, data=data, links=links)
        else:
            records.update_record(
                user=user,
                record=record,
                changes=data,
                expected_version=expected_version,
                links=links,
            )
        if record.pk and type(record) in ASSIGNABLE:
            # The evidence of assigned staff follows what the record exercises (an
            # activity's kind may have changed).
            partner_services.sync_assignment_evidence([record], recorded_by=user)
    return record


def set_dependencies(*, user, activity: Activity, prerequisites: Iterable[Activity]) -> Activity:
    """Make `prerequisites` the activities that must be done before `activity`."""
    return save_record(
        user=user,
        model=Activity,
        record=activity,
        data={},
        links={"depends_on": list(prerequisites)},
    )


# Records people are assigned to; their child records follow the assignment.
ASSIGNABLE = (GuidanceDocument, Objective, AssessmentFramework, Activity, Initiative, Lesson)


def staffing_countries(record) -> list:
    """The countries whose desk a record's staffing ranking asks for: its own country,
    else its initiative's."""
    country = getattr(record, "country", None)
    if country is not None:
        return [country]
    initiative = getattr(record, "initiative", None)
    if isinstance(initiative, Initiative) and initiative.country_id:
        return [initiative.country]
    return []


assign = partner_services.assign
release = partner_services.release
unassign = partner_services.unassign


# --- the recommendation workflow ----------------------------------------------------


def _action_recorded(record: Recommendation) -> str | None:
    if not (record.action_taken or "").strip():
        return "Record the action taken before marking the recommendation implemented."
    return None


RECOMMENDATION_WORKFLOW = Workflow(
    model=Recommendation,
    states=RecommendationState,
    transitions=[
        Transition(
            name="accept",
            label="Accept",
            sources=(RecommendationState.PROPOSED,),
            target=RecommendationState.ACCEPTED,
            fields=("owner", "due_on"),
        ),
        Transition(
            name="reject",
            label="Reject",
            sources=(RecommendationState.PROPOSED, RecommendationState.ACCEPTED),
            target=RecommendationState.REJECTED,
            note_required=True,
        ),
        Transition(
            name="implement",
            label="Mark implemented",
            sources=(RecommendationState.ACCEPTED,),
            target=RecommendationState.IMPLEMENTED,
            guards=(_action_recorded,),
            fields=("action_taken",),
        ),
    ],
)


def move_recommendation(
    *,
    user,
    recommendation: Recommendation,
    name: str,
    note: str = "",
    values: dict | None = None,
    expected_version: int | None = None,
):
    """Take a transition of the recommendation workflow; see core.workflow.Workflow.move."""
    return RECOMMENDATION_WORKFLOW.move(
        user=user,
        record=recommendation,
        name=name,
        note=note,
        values=values,
        expected_version=expected_version,
    )


# --- indicators against their targets ----------------------------------------------


class Standing(models.TextChoices):
    NOT_MEASURED = "not-measured", "Not measured yet"
    BEHIND = "behind", "Behind the planned course"
    ON_TRACK = "on-track", "On track"
    TARGET_MET = "target-met", "Target met"


@dataclass(frozen=True)
class Point:
    """One measurement with what the plan expected on its day."""

    measured_on: datetime.date
    value: Decimal
    expected: Decimal
    standing: str

    @property
    def standing_label(self) -> str:
        return Standing(self.standing).label


def expected_value(indicator: Indicator, day: datetime.date) -> Decimal:
    """The value the straight course from baseline to target expects on `day`."""
    if day <= indicator.baseline_on:
        return indicator.baseline_value
    if day >= indicator.target_on:
        return indicator.target_value
    span = (indicator.target_on - indicator.baseline_on).days
    done = (day - indicator.baseline_on).days
    rise = indicator.target_value - indicator.baseline_value
    return (indicator.baseline_value + rise * Decimal(done) / Decimal(span)).quantize(
        Decimal("0.01")
    )


def _better_or_equal(indicator: Indicator, value: Decimal, than: Decimal) -> bool:
    if indicator.direction == Direction.DECREASE:
        return value <= than
    return value >= than


def standing_of(indicator: Indicator, value: Decimal, day: datetime.date) -> str:
    """Whether a value measured on a day meets the target, keeps the course, or falls behind."""
    if _better_or_equal(indicator, value, indicator.target_value):
        return Standing.TARGET_MET
    if _better_or_equal(indicator, value, expected_value(indicator, day)):
        return Standing.ON_TRACK
    return Standing.BEHIND


@dataclass(frozen=True)
class Trend:
    """An indicator's measurements over time against its planned course."""

    indicator: Indicator
    points: list[Point]

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def standing(self) -> str:
        return self.latest.standing if self.latest else Standing.NOT_MEASURED

    @property
    def standing_label(self) -> str:
        return Standing(self.standing).label

    @property
    def percent_of_target(self) -> int | None:
        """How far the latest value has come from the baseline to the target, in percent."""
        if self.latest is None:
            return None
        distance = self.indicator.target_value - self.indicator.baseline_value
        if not distance:
            return 100
        return round((self.latest.value - self.indicator.baseline_value) / distance * 100)


def trend(indicator: Indicator, measurements: Iterable[Measurement] | None = None) -> Trend:
    """The trend of an indicator; pass its measurements when they are already loaded."""
    if measurements is None:
        measurements = indicator.measurements.active().order_by("measured_on")
    points = [
        Point(
            m.measured_on,
            m.value,
            expected_value(indicator, m.measured_on),
            standing_of(indicator, m.value, m.measured_on),
        )
        for m in sorted(measurements, key=lambda m: m.measured_on)
    ]
    return Trend(indicator, points)


def trends(indicators: Iterable[Indicator]) -> list[Trend]:
    """The trends of several indicators, with their measurements read in one query."""
    indicators = list(indicators)
    by_indicator: dict[int, list[Measurement]] = defaultdict(list)
    for measurement in Measurement.objects.active().filter(
        indicator__in=[i.pk for i in indicators]
    ):
        by_indicator[measurement.indicator_id].append(measurement)
    return [trend(indicator, by_indicator[indicator.pk]) for indicator in indicators]


# --- where effort and money go ----------------------------------------------------


@dataclass(frozen=True)
class Cell:
    activities: int
    cost: Decimal
    funds: Decimal
    work_years: Decimal


@dataclass(frozen=True)
class Allocation:
    """Effort (activities and their estimated cost) and resources, by a row key and year."""

    years: list[int]
    rows: list[tuple[object, list[Cell], Cell]]  # (key, a cell per year, the total)


def _allocation(
    activity_rows, resource_rows, keys: dict, order: list, years: Iterable[int] | None = None
) -> Allocation:
    cells: dict[tuple, list] = defaultdict(lambda: [0, Decimal(0), Decimal(0), Decimal(0)])
    found_years: set[int] = set()
    for key, year, count, cost in activity_rows:
        cell = cells[(key, year)]
        cell[0] += count
        cell[1] += cost or 0
        found_years.add(year)
    for key, year, kind, amount in resource_rows:
        cell = cells[(key, year)]
        cell[2 if kind == ResourceKind.FUNDS else 3] += amount or 0
        found_years.add(year)
    years = sorted(years if years is not None else found_years)
    rows = []
    for key in order:
        per_year = [Cell(*cells[(key, year)]) if (key, year) in cells else None for year in years]
        if not any(per_year):
            continue
        filled = [cell or Cell(0, Decimal(0), Decimal(0), Decimal(0)) for cell in per_year]
        total = Cell(
            sum(c.activities for c in filled),
            sum((c.cost for c in filled), Decimal(0)),
            sum((c.funds for c in filled), Decimal(0)),
            sum((c.work_years for c in filled), Decimal(0)),
        )
        rows.append((keys[key], filled, total))
    return Allocation(years, rows)


def allocation_by_objective(
    objectives: models.QuerySet[Objective], activities: models.QuerySet[Activity]
) -> Allocation:
    """Activities (count, estimated cost) and resources per objective and year, in three queries.

    An activity serving two objectives counts toward each. Money comes from
    the resources recorded against the objective (programs and cases carry
    no amounts the directorate could add up here).
    """
    objectives = list(objectives)
    activity_rows = (
        Activity.objectives.through.objects.filter(
            objective_id__in=[o.pk for o in objectives], activity__in=activities
        )
        .annotate(year=ExtractYear("activity__starts_on"))
        .values("objective_id", "year")
        .annotate(count=Count("activity_id"), cost=Sum("activity__estimated_cost"))
        .values_list("objective_id", "year", "count", "cost")
    )
    resource_rows = (
        ResourceAllocation.objects.active()
        .filter(objective__in=[o.pk for o in objectives])
        .values("objective_id", "fiscal_year", "kind")
        .annotate(total=Sum("amount"))
        .values_list("objective_id", "fiscal_year", "kind", "total")
    )
    return _allocation(
        activity_rows,
        resource_rows,
        {o.pk: o for o in objectives},
        [o.pk for o in objectives],
    )


def allocation_by_country(activities: models.QuerySet[Activity]) -> Allocation:
    """Activities and resources per country and year, in three queries."""
    from seccoop.partners.models import Country

    activity_rows = list(
        activities.annotate(year=ExtractYear("starts_on"))
        .values("country_id", "year")
        .annotate(count=Count("pk"), cost=Sum("estimated_cost"))
        .values_list("country_id", "year", "count", "cost")
    )
    resource_rows = list(
        ResourceAllocation.objects.active()
        .filter(country__isnull=False)
        .values("country_id", "fiscal_year", "kind")
        .annotate(total=Sum("amount"))
        .values_list("country_id", "fiscal_year", "kind", "total")
    )
    ids = {row[0] for row in activity_rows} | {row[0] for row in resource_rows}
    countries = list(Country.objects.filter(pk__in=ids).order_by("name"))
    return _allocation(
        activity_rows, resource_rows, {c.pk: c for c in countries}, [c.pk for c in countries]
    )


@dataclass(frozen=True)
class ObjectiveBar:
    objective: Objective
    activities: list[Activity]

    @property
    def count(self) -> int:
        return len(self.activities)


def objectives_with_activities(
    objectives: models.QuerySet[Objective], activities: models.QuerySet[Activity]
) -> list[ObjectiveBar]:
    """Each objective with the activities serving it, best priority first, in two queries."""
    objectives = list(objectives)
    serving: dict[int, list[Activity]] = defaultdict(list)
    links = (
        Activity.objectives.through.objects.filter(
            objective_id__in=[o.pk for o in objectives], activity__in=activities
        )
        .select_related("activity", "activity__country")
        .order_by("activity__priority", "activity__starts_on", "activity_id")
    )
    for link in links:
        serving[link.objective_id].append(link.activity)
    return [ObjectiveBar(objective, serving[objective.pk]) for objective in objectives]


def objectives_for_country(country, objectives: models.QuerySet[Objective]):
    """The objectives set for a country, or for its region, best priority first."""
    rule = models.Q(country=country)
    if country.region_id:
        rule |= models.Q(region_id=country.region_id, country__isnull=True)
    return objectives.active().filter(rule).select_related("region", "country")
