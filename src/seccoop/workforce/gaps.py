"""Gap reads: what positions require against what people hold, per person and summed.

Reads only; the writes that change the figures (ratings, current levels,
templates) are in `services`. The unit heatmap and the stored figures build
on these (`heatmaps`, `gap_figures`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from seccoop.analytics import gaps as gap_math
from seccoop.competencies.models import Competency, CompetencyKind, Framework
from seccoop.workforce.models import (
    CurrentLevel,
    Person,
    Position,
    RatingSource,
    RoleRequirement,
    RoleTemplate,
)


@dataclass
class GapMatrix:
    """People x sub-competencies: what positions require and what people have."""

    person_ids: np.ndarray
    unit_ids: np.ndarray  # the org unit of each person's position
    competencies: list[Competency]
    required: np.ndarray
    current: np.ndarray
    proficient_level: int

    @property
    def shortfall(self) -> np.ndarray:
        return gap_math.shortfall(self.required, self.current)


def sub_competencies(framework: Framework) -> list[Competency]:
    return list(
        framework.competencies.filter(kind=CompetencyKind.SUB_COMPETENCY).order_by(
            "sort_order", "code"
        )
    )


def gap_matrix(framework: Framework, people: QuerySet[Person]) -> GapMatrix:
    """Load the arrays of a gap analysis in four queries, whatever the number of people."""
    competencies = sub_competencies(framework)
    column = {competency.pk: index for index, competency in enumerate(competencies)}
    rows = list(
        people.filter(position__isnull=False).values_list(
            "pk", "position__role_type_id", "position__org_unit_id"
        )
    )
    person_ids = np.array([row[0] for row in rows], dtype=np.int64)
    index_of = {pk: index for index, pk in enumerate(person_ids.tolist())}
    required = np.zeros((len(rows), len(competencies)), dtype=np.int16)
    current = np.zeros_like(required)
    role_types = {row[1] for row in rows}
    template_levels: dict[int, list[tuple[int, int]]] = {}
    # Rows land in their cells whatever their order, so the default ordering
    # (a join and a sort over every row) is dropped here and below.
    for role_type_id, competency_id, level in (
        RoleRequirement.objects.filter(
            template__framework=framework, template__role_type_id__in=role_types
        )
        .order_by()
        .values_list("template__role_type_id", "competency_id", "level")
    ):
        if competency_id in column:
            template_levels.setdefault(role_type_id, []).append((column[competency_id], level))
    for index, (_, role_type_id, _) in enumerate(rows):
        for col, level in template_levels.get(role_type_id, ()):
            required[index, col] = level
    if rows:
        # The column ids name the framework's sub-competencies directly: joining
        # the competency table instead makes SQLite probe the index competency
        # by competency, which is several times slower on a large directorate.
        for person_id, competency_id, level in (
            CurrentLevel.objects.filter(person__in=people, competency_id__in=list(column))
            .order_by()
            .values_list("person_id", "competency_id", "level")
        ):
            if person_id in index_of and competency_id in column:
                current[index_of[person_id], column[competency_id]] = level
    return GapMatrix(
        person_ids=person_ids,
        unit_ids=np.array([row[2] for row in rows], dtype=np.int64),
        competencies=competencies,
        required=required,
        current=current,
        proficient_level=framework.scale.proficient_value,
    )


@dataclass(frozen=True)
class PersonGap:
    competency: Competency
    required: int
    current: int
    shortfall: int
    source: str | None
    rated_on: datetime.date | None


def person_gaps(person: Person, framework: Framework) -> list[PersonGap]:
    """A person against their position's template, one line per sub-competency.

    Three indexed reads, whatever the size of the workforce: the framework's
    sub-competencies, the template lines of the person's role type, and the
    person's current levels.
    """
    competencies = sub_competencies(framework)
    position = getattr(person, "position", None)
    required: dict[int, int] = {}
    if position is not None:
        required = dict(
            RoleRequirement.objects.filter(
                template__framework=framework, template__role_type_id=position.role_type_id
            )
            .order_by()
            .values_list("competency_id", "level")
        )
    levels = {
        competency_id: (level, source, rated_on)
        for competency_id, level, source, rated_on in CurrentLevel.objects.filter(
            person=person, competency_id__in=[competency.pk for competency in competencies]
        )
        .order_by()
        .values_list("competency_id", "level", "source", "rated_on")
    }
    lines = []
    for competency in competencies:
        level = required.get(competency.pk, 0)
        current, source, rated_on = levels.get(competency.pk, (0, None, None))
        lines.append(
            PersonGap(
                competency=competency,
                required=level,
                current=current,
                shortfall=max(level - current, 0),
                source=source,
                rated_on=rated_on,
            )
        )
    return lines


def gap_rollup(
    framework: Framework,
    people: QuerySet[Person],
    *,
    row_of_unit: dict[int, int] | None = None,
    rows: int = 1,
    competencies: list[Competency] | None = None,
) -> gap_math.Rollup:
    """Sum the gaps of these people into heatmap rows, in the database.

    The figures are those of `analytics.gaps.rollup` over `gap_matrix`, but
    nothing per person leaves the database: two aggregates return one line
    per (org unit, role type) and per (org unit, sub-competency), which are
    then added into rows: `row_of_unit` maps the org unit of a person's
    position to its row, and a person whose unit has no row is counted in
    none. Without it everyone counts in row 0. `people` is a queryset, so a
    viewer's restriction travels into the SQL as a subquery.

    Required cells without any current level count as level 0, so they are
    derived from the head counts per role type and the templates rather than
    from the current levels. The columns are `competencies` (the framework's
    sub-competencies, read here unless the caller has them).
    """
    if competencies is None:
        competencies = sub_competencies(framework)
    column = {competency.pk: index for index, competency in enumerate(competencies)}
    shape = (rows, len(competencies))
    head_count = np.zeros(rows, dtype=np.int64)
    required = np.zeros(shape, dtype=np.int64)
    required_sum = np.zeros(shape, dtype=np.int64)
    meeting = np.zeros(shape, dtype=np.int64)
    held_sum = np.zeros(shape, dtype=np.int64)
    proficient = np.zeros(shape, dtype=np.int64)
    if not column:
        return gap_math.Rollup(head_count, required, meeting, required_sum, proficient)
    scope, scope_params = people.order_by().values("pk").query.sql_with_params()
    unit_key = "0" if row_of_unit is None else "seat.org_unit_id"
    position, held = Position._meta.db_table, CurrentLevel._meta.db_table
    template, requirement = RoleTemplate._meta.db_table, RoleRequirement._meta.db_table
    # The table names are ours and the scope is the ORM's own SQL with its parameters.
    seats = f"""
        SELECT {unit_key}, seat.role_type_id, COUNT(*)
        FROM {position} seat
        WHERE seat.incumbent_id IN ({scope})
        GROUP BY 1, 2
    """  # noqa: S608
    # Grouped by unit id rather than by row: naming the row from each unit's
    # path per current level costs SQLite more than adding the units up here.
    levels = f"""
        SELECT {unit_key}, held.competency_id,
               SUM(CASE WHEN held.level >= need.level THEN 1 ELSE 0 END),
               SUM(CASE WHEN held.level < need.level THEN held.level ELSE need.level END),
               SUM(CASE WHEN held.level >= %s THEN 1 ELSE 0 END)
        FROM {held} held
        JOIN {position} seat ON seat.incumbent_id = held.person_id
        LEFT JOIN (
            SELECT templ.role_type_id, line.competency_id, line.level
            FROM {requirement} line JOIN {template} templ ON templ.id = line.template_id
            WHERE templ.framework_id = %s AND line.level > 0
        ) need ON need.role_type_id = seat.role_type_id AND need.competency_id = held.competency_id
        WHERE held.person_id IN ({scope})
        GROUP BY 1, 2
    """  # noqa: S608
    template_levels: dict[int, list[tuple[int, int]]] = {}
    for role_type_id, competency_id, level in (
        RoleRequirement.objects.filter(template__framework=framework, level__gt=0)
        .order_by()
        .values_list("template__role_type_id", "competency_id", "level")
    ):
        if competency_id in column:
            template_levels.setdefault(role_type_id, []).append((column[competency_id], level))

    def row(unit_id) -> int | None:
        return 0 if row_of_unit is None else row_of_unit.get(unit_id)

    with connection.cursor() as cursor:
        cursor.execute(seats, scope_params)
        for unit_id, role_type_id, count in cursor.fetchall():
            g = row(unit_id)
            if g is None:
                continue
            head_count[g] += count
            for c, level in template_levels.get(role_type_id, ()):
                required[g, c] += count
                required_sum[g, c] += count * level
        cursor.execute(levels, [framework.scale.proficient_value, framework.pk, *scope_params])
        lines = [
            (g, column[competency_id], meets, held_levels or 0, at_proficient)
            for unit_id, competency_id, meets, held_levels, at_proficient in cursor.fetchall()
            if competency_id in column and (g := row(unit_id)) is not None
        ]
    if lines:
        g, c, meets, held_levels, at_proficient = np.array(lines, dtype=np.int64).T
        np.add.at(meeting, (g, c), meets)
        np.add.at(held_sum, (g, c), held_levels)
        np.add.at(proficient, (g, c), at_proficient)
    return gap_math.Rollup(
        people=head_count,
        required=required,
        meeting=meeting,
        # Each required person misses (required - min(held, required)) levels.
        shortfall_sum=required_sum - held_sum,
        proficient=proficient,
    )


def people_due_for_assessment(people: QuerySet[Person], *, within_days: int = 365):
    """People with no supervisor or validated rating in the last `within_days` days."""
    cutoff = timezone.localdate() - datetime.timedelta(days=within_days)
    return (
        people.active()
        .filter(position__isnull=False)
        .annotate(
            last_assessed=Max(
                "ratings__rated_on",
                filter=Q(
                    ratings__source__in=[RatingSource.SUPERVISOR, RatingSource.VALIDATED],
                    ratings__withdrawn_at__isnull=True,
                ),
            )
        )
        .filter(Q(last_assessed__isnull=True) | Q(last_assessed__lt=cutoff))
        .select_related("position", "position__org_unit")
        .order_by("last_assessed", "last_name")
    )


def team_of(user) -> QuerySet[Person]:
    """The people a user supervises, directly or through the chain below them."""
    person = getattr(user, "person", None)
    position = getattr(person, "position", None) if person else None
    if position is None:
        return Person.objects.none()
    return Person.objects.filter(position__path__startswith=position.path).exclude(pk=person.pk)
