"""A synthetic enterprise of N people, deterministic from a seed.

The directorate is a tree of divisions, branches and teams of about twelve;
every unit has a head whose position the unit's staff (or the heads of its
sub-units) report to, so the supervisor chain follows the org chart. Staff
hold the role types of seed 000 with the directorate's own role templates
(`workforce.reference`). Three assessment cycles each give every person a
self and a supervisor rating on all 58 sub-competencies, and the current
levels are derived from those ratings by the rule of `CurrentLevel`. Where
the partners app is installed, every country gets a primary and a backup
desk officer and there is an engagement with a country for every five people.

Ids are assigned here, so paths and links are known before anything is
written; the small tables go in with `bulk_create`, the ratings and current
levels (millions of rows) with `executemany` on SQLite and `COPY` on
PostgreSQL. Org units, people and positions get the one history record of
their creation; ratings have no history table (they are never changed).
"""

from __future__ import annotations

import datetime
import math
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction

from seccoop.competencies.models import Framework
from seccoop.core.bulk import insert_rows
from seccoop.workforce.models import (
    SOURCE_PRECEDENCE,
    AssessmentCycle,
    CurrentLevel,
    OrgUnit,
    OrgUnitKind,
    Person,
    Position,
    Rating,
    RatingSource,
    RoleType,
)
from seccoop.workforce.reference import load_reference_data
from seccoop.workforce.services import sub_competencies

DEFAULT_SEED = 2026
TEAM_SIZE = 12
PEOPLE_PER_DIVISION = 2500
BRANCHES_PER_DIVISION = 6
# People whose ratings are generated and written together; bounds memory.
PEOPLE_PER_CHUNK = 2000
LEADERSHIP = "leadership-and-support"
CYCLES = (("FY2024", datetime.date(2023, 10, 1)), ("FY2025", datetime.date(2024, 10, 1)))
CYCLES += (("FY2026", datetime.date(2025, 10, 1)),)
CREATED_AT = datetime.datetime(2026, 1, 15, tzinfo=datetime.UTC)
ADMIN_USERNAME = "bench-admin"

FIRST_NAMES = (
    "Ada",
    "Ben",
    "Cara",
    "Dev",
    "Eli",
    "Fay",
    "Gus",
    "Hana",
    "Ivo",
    "Jun",
    "Kai",
    "Lea",
    "Max",
    "Nia",
    "Oto",
    "Pia",
    "Quin",
    "Ray",
    "Sia",
    "Tom",
    "Uma",
    "Vic",
    "Wen",
    "Xia",
    "Yan",
    "Zoe",
)
LAST_NAMES = (
    "Abbott",
    "Baker",
    "Chen",
    "Diaz",
    "Evans",
    "Fox",
    "Garcia",
    "Hill",
    "Ito",
    "Jones",
    "Khan",
    "Lopez",
    "Moore",
    "Nguyen",
    "Okafor",
    "Patel",
    "Quinn",
    "Reyes",
    "Smith",
    "Tran",
    "Ueda",
    "Vogel",
    "Walsh",
    "Young",
    "Zimmer",
)
GRADES = ("GS-12", "GS-13", "GS-13", "GS-14", "GS-14", "O-4", "O-5")
HEAD_GRADES = ("GS-15", "O-6", "SES")
# How often each staff role type occurs (leadership heads every unit instead).
STAFF_ROLE_WEIGHTS = {
    "country-desk-officer": 0.30,
    "coalition-warfare-program-team": 0.08,
    "defense-exportability-features-team": 0.07,
    "foreign-disclosure-specialist": 0.12,
    "international-agreements-negotiator": 0.10,
    "multinational-logistician": 0.13,
    "acquisition-professional": 0.20,
}


@dataclass
class Enterprise:
    """What was generated: sizes, the ids the figures start from, and step times."""

    people: int
    units: int
    ratings: int
    current_levels: int
    root_unit_id: int
    sample_person_id: int
    admin_user_id: int
    framework_id: int
    engagements: int = 0  # 0 where the partners app is not installed
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class _Plan:
    unit_parent: list[int | None]  # by unit index
    unit_kind: list[str]
    unit_name: list[str]
    person_unit: np.ndarray  # unit index of each person's position
    person_boss: np.ndarray  # person index of the supervisor, -1 for the director
    person_is_head: np.ndarray


def _plan(people: int, rng: np.random.Generator) -> _Plan:
    """The org chart: which unit each position is in and whom it reports to.

    Position i is held by person i; position u (for u < number of units) heads unit u.
    """
    teams_wanted = max(2, round(people / TEAM_SIZE))
    divisions = max(2, math.ceil(people / PEOPLE_PER_DIVISION))
    teams_per_branch = max(1, math.ceil(teams_wanted / (divisions * BRANCHES_PER_DIVISION)))
    parent: list[int | None] = [None]
    kind = [OrgUnitKind.DIRECTORATE.value]
    name = ["Synthetic Cooperation Directorate"]
    teams: list[int] = []
    for d in range(divisions):
        division = len(parent)
        parent.append(0)
        kind.append(OrgUnitKind.DIVISION.value)
        name.append(f"Division {d + 1}")
        for b in range(BRANCHES_PER_DIVISION):
            branch = len(parent)
            parent.append(division)
            kind.append(OrgUnitKind.OFFICE.value)
            name.append(f"Branch {d + 1}.{b + 1}")
            for t in range(teams_per_branch):
                teams.append(len(parent))
                parent.append(branch)
                kind.append(OrgUnitKind.TEAM.value)
                name.append(f"Team {d + 1}.{b + 1}.{t + 1}")
    units = len(parent)
    if people < units + len(teams):
        raise ValueError(f"{people} people are too few for {units} org units; ask for more.")
    members = people - units
    # Staff are spread over the teams as evenly as whole people allow, then shuffled.
    member_team = np.array(teams, dtype=np.int64)[np.arange(members) % len(teams)]
    rng.shuffle(member_team)
    person_unit = np.concatenate([np.arange(units, dtype=np.int64), member_team])
    head_boss = np.array([-1 if p is None else p for p in parent], dtype=np.int64)
    person_boss = np.concatenate([head_boss, member_team])  # a team's head is person `team`
    is_head = np.zeros(people, dtype=bool)
    is_head[:units] = True
    return _Plan(parent, kind, name, person_unit, person_boss, is_head)


def _next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {model._meta.db_table}")  # noqa: S608 - our table
        (largest,) = cursor.fetchone()
    return (largest or 0) + 1


def _paths(parent_ids: list[int | None], ids: list[int]) -> list[str]:
    """Materialized paths ("/1/5/23/") of nodes listed parents first."""
    path_of: dict[int, str] = {}
    paths = []
    for pk, parent_id in zip(ids, parent_ids, strict=True):
        path_of[pk] = f"{path_of[parent_id] if parent_id is not None else '/'}{pk}/"
        paths.append(path_of[pk])
    return paths


def build(people: int, *, seed: int = DEFAULT_SEED) -> Enterprise:
    """Write a synthetic enterprise of `people` people into an empty workforce."""
    if OrgUnit.objects.exists() or Person.objects.exists():
        raise RuntimeError("The synthetic enterprise is built into an empty workforce only.")
    rng = np.random.default_rng(seed)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    # The rows are consistent by construction; SQLite checks foreign keys per
    # row unless told not to (outside a transaction only, so not under tests).
    with connection.constraint_checks_disabled(), transaction.atomic():
        load_reference_data()
        framework = Framework.objects.select_related("scale").get(
            slug=settings.SECCOOP_DEFAULT_FRAMEWORK
        )
        plan = _plan(people, rng)
        unit_ids, person_ids = _write_org_chart(plan, rng)
        admin = get_user_model().objects.create(
            username=ADMIN_USERNAME, is_superuser=True, is_staff=True
        )
        seconds["org_chart"] = time.perf_counter() - started

        started = time.perf_counter()
        cycles = [
            AssessmentCycle.objects.create(
                name=name,
                framework=framework,
                opens_on=opens_on,
                closes_on=opens_on + datetime.timedelta(days=180),
            )
            for name, opens_on in CYCLES
        ]
        with _bulk_load(Rating, CurrentLevel):
            ratings, current = _write_ratings(framework, cycles, person_ids, rng)
        seconds["ratings"] = time.perf_counter() - started
        started = time.perf_counter()
        engagements = _write_partner_work(person_ids, rng) if _has_partners() else 0
        _reset_sequences()
        seconds["partners"] = time.perf_counter() - started
    started = time.perf_counter()
    _analyze()
    seconds["analyze"] = time.perf_counter() - started
    # A member of staff in the middle of the chart, for the person gap page.
    sample = int(person_ids[len(unit_ids) + (people - len(unit_ids)) // 2])
    return Enterprise(
        people=people,
        units=len(unit_ids),
        ratings=ratings,
        current_levels=current,
        root_unit_id=int(unit_ids[0]),
        sample_person_id=sample,
        admin_user_id=admin.pk,
        framework_id=framework.pk,
        engagements=engagements,
        seconds=seconds,
    )


def _write_org_chart(plan: _Plan, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    units = len(plan.unit_parent)
    first_unit = _next_id(OrgUnit)
    unit_ids = list(range(first_unit, first_unit + units))
    parent_ids = [None if p is None else unit_ids[p] for p in plan.unit_parent]
    units_written = OrgUnit.objects.bulk_create(
        [
            OrgUnit(
                pk=pk,
                external_id=f"U{i:06d}",
                name=plan.unit_name[i],
                kind=plan.unit_kind[i],
                parent_id=parent_id,
                path=path,
            )
            for i, (pk, parent_id, path) in enumerate(
                zip(unit_ids, parent_ids, _paths(parent_ids, unit_ids), strict=True)
            )
        ],
        batch_size=2000,
    )

    people = len(plan.person_unit)
    first_person = _next_id(Person)
    person_ids = np.arange(first_person, first_person + people, dtype=np.int64)
    first_names = rng.integers(0, len(FIRST_NAMES), people).tolist()
    last_names = rng.integers(0, len(LAST_NAMES), people).tolist()
    grades = rng.integers(0, len(GRADES), people).tolist()
    unit_pk = np.array(unit_ids, dtype=np.int64)[plan.person_unit].tolist()
    people_written = Person.objects.bulk_create(
        [
            Person(
                pk=int(person_ids[i]),
                external_id=f"P{i:07d}",
                first_name=FIRST_NAMES[first_names[i]],
                last_name=LAST_NAMES[last_names[i]],
                grade=HEAD_GRADES[i % len(HEAD_GRADES)] if plan.person_is_head[i] else GRADES[g],
                org_unit_id=unit_pk[i],
            )
            for i, g in enumerate(grades)
        ],
        batch_size=5000,
    )

    role_types = dict(RoleType.objects.values_list("slug", "pk"))
    staff_slugs = list(STAFF_ROLE_WEIGHTS)
    weights = np.array([STAFF_ROLE_WEIGHTS[slug] for slug in staff_slugs])
    staff_role = rng.choice(len(staff_slugs), size=people, p=weights / weights.sum()).tolist()
    first_position = _next_id(Position)
    position_ids = list(range(first_position, first_position + people))
    # Heads come first and report to heads above them, so parents precede children.
    boss_position = [None if b < 0 else position_ids[b] for b in plan.person_boss.tolist()]
    paths = _paths(boss_position, position_ids)
    positions_written = Position.objects.bulk_create(
        [
            Position(
                pk=position_ids[i],
                external_id=f"S{i:07d}",
                title=(
                    f"Head, {plan.unit_name[i]}"
                    if plan.person_is_head[i]
                    else f"Staff officer {i:07d}"
                ),
                role_type_id=(
                    role_types[LEADERSHIP]
                    if plan.person_is_head[i]
                    else role_types[staff_slugs[staff_role[i]]]
                ),
                org_unit_id=unit_pk[i],
                incumbent_id=int(person_ids[i]),
                reports_to_id=boss_position[i],
                path=paths[i],
            )
            for i in range(people)
        ],
        batch_size=5000,
    )
    # Each record's history starts with its creation, as it would through the services.
    for model, written in (
        (OrgUnit, units_written),
        (Person, people_written),
        (Position, positions_written),
    ):
        model.history.bulk_history_create(written, batch_size=5000, default_date=CREATED_AT)
    return np.array(unit_ids, dtype=np.int64), person_ids


def _write_ratings(framework, cycles, person_ids: np.ndarray, rng) -> tuple[int, int]:
    """Self and supervisor ratings per cycle on every sub-competency; then current levels."""
    competency_ids = np.array([c.pk for c in sub_competencies(framework)], dtype=np.int64)
    top = max(framework.scale.values())
    cycle_ids = np.array([cycle.pk for cycle in cycles], dtype=np.int64)
    opens = np.array([cycle.opens_on.toordinal() for cycle in cycles], dtype=np.int64)
    sources = np.array([RatingSource.SELF.value, RatingSource.SUPERVISOR.value], dtype=object)
    precedence = np.array([SOURCE_PRECEDENCE[RatingSource(s)] for s in sources], dtype=np.int64)
    first = _next_id(Rating)
    ratings = current = 0
    for start in range(0, len(person_ids), PEOPLE_PER_CHUNK):
        chunk = person_ids[start : start + PEOPLE_PER_CHUNK]
        P, C, K = len(chunk), len(competency_ids), len(cycles)
        # A person's true proficiency grows a little each cycle; people rate
        # themselves a little higher than their supervisors do.
        base = rng.normal(2.0, 1.0, (P, C, 1)) + rng.normal(0.0, 0.5, (P, 1, 1))
        true = base + 0.35 * np.arange(K) + rng.normal(0.0, 0.3, (P, C, K))
        self_level = true + 0.4 + rng.normal(0.0, 0.5, (P, C, K))
        supervisor_level = true + rng.normal(0.0, 0.4, (P, C, K))
        level = np.clip(np.rint(np.stack([self_level, supervisor_level], axis=3)), 0, top)
        self_day = opens + rng.integers(0, 30, (P, 1, K))
        supervisor_day = self_day + 14 + rng.integers(0, 14, (P, 1, K))
        day = np.broadcast_to(np.stack([self_day, supervisor_day], axis=3), (P, C, K, 2))
        shape = (P, C, K, 2)
        ids = first + ratings + np.arange(P * C * K * 2, dtype=np.int64).reshape(shape)
        person = np.broadcast_to(chunk[:, None, None, None], shape)
        competency = np.broadcast_to(competency_ids[None, :, None, None], shape)
        cycle = np.broadcast_to(cycle_ids[None, None, :, None], shape)
        source = np.broadcast_to(np.arange(2)[None, None, None, :], shape)
        level = level.astype(np.int64)
        _insert_ratings(ids, person, competency, level, sources[source], day, cycle)
        # The current level: highest precedence, then latest day, then latest id.
        key = (precedence[source] << 52) + (day << 31) + (ids - first - ratings)
        chosen = key.reshape(P, C, K * 2).argmax(axis=2)[..., None]

        def pick(values, chosen=chosen, P=P, C=C, K=K):
            return np.take_along_axis(values.reshape(P, C, K * 2), chosen, axis=2)[..., 0]

        _insert_current_levels(
            pick(person),
            pick(competency),
            pick(level),
            pick(sources[source]),
            pick(day),
            pick(ids),
        )
        ratings += ids.size
        current += P * C
    return ratings, current


@contextmanager
def _bulk_load(*models):
    """Drop the tables' plain indexes for a bulk load and build them again after.

    Building an index once from sorted rows is several times faster than
    keeping it up to date row by row. Unique indexes stay: they are constraints.
    PostgreSQL's deferred foreign-key checks are skipped for the load where the
    role may (a superuser); the generator writes only ids it has just created.
    """
    indexes = []
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                    "current_schema() AND tablename = %s AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
                    [table],
                )
            else:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                    "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
                    [table],
                )
            indexes += cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        replica = False
        if connection.vendor == "postgresql":
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            replica = bool(cursor.fetchone()[0])
            if replica:
                cursor.execute("SET LOCAL session_replication_role = replica")
    yield
    with connection.cursor() as cursor:
        if replica:
            cursor.execute("SET LOCAL session_replication_role = origin")
        for _, definition in indexes:
            cursor.execute(definition)


def _has_partners() -> bool:
    return apps.is_installed("seccoop.partners")


def _write_partner_work(person_ids: np.ndarray, rng: np.random.Generator) -> int:
    """Desk officers for every country, and an engagement a year for every five people.

    Each engagement is with one country and has two to four participants.
    """
    from seccoop.partners.models import Country, Engagement, EngagementType

    desk_officers = list(
        Position.objects.filter(
            role_type__slug="country-desk-officer", incumbent_id__in=person_ids.tolist()
        )
        .order_by("pk")
        .values_list("incumbent_id", flat=True)
    )
    countries = list(Country.objects.order_by("pk"))
    if len(desk_officers) >= 2:
        for i, country in enumerate(countries):
            country.primary_desk_officer_id = desk_officers[i % len(desk_officers)]
            country.backup_desk_officer_id = desk_officers[(i + 1) % len(desk_officers)]
        Country.objects.bulk_update(
            countries, ["primary_desk_officer", "backup_desk_officer"], batch_size=500
        )
    kinds = list(EngagementType.objects.values_list("pk", flat=True))
    count = len(person_ids) // 5
    if not kinds or not countries or not count:
        return 0
    first = _next_id(Engagement)
    kind = rng.integers(0, len(kinds), count).tolist()
    country = rng.integers(0, len(countries), count).tolist()
    start = (datetime.date(2025, 1, 1).toordinal() + rng.integers(0, 365, count)).tolist()
    length = rng.integers(0, 5, count).tolist()
    Engagement.objects.bulk_create(
        [
            Engagement(
                pk=first + i,
                external_id=f"E{i:07d}",
                title=f"{countries[country[i]].name} engagement {i + 1}",
                engagement_type_id=kinds[kind[i]],
                starts_on=datetime.date.fromordinal(start[i]),
                ends_on=datetime.date.fromordinal(start[i] + length[i]),
            )
            for i in range(count)
        ],
        batch_size=5000,
    )
    Engagement.countries.through.objects.bulk_create(
        [
            Engagement.countries.through(
                engagement_id=first + i, country_id=countries[country[i]].pk
            )
            for i in range(count)
        ],
        batch_size=5000,
    )
    participants = rng.integers(2, 5, count).tolist()
    Engagement.participants.through.objects.bulk_create(
        [
            Engagement.participants.through(engagement_id=first + i, person_id=int(person))
            for i in range(count)
            for person in set(rng.choice(person_ids, participants[i]).tolist())
        ],
        batch_size=5000,
    )
    return count


_DAYS: dict[int, str] = {}


def _iso(ordinals: np.ndarray) -> list[str]:
    out = []
    for value in ordinals.ravel().tolist():
        text = _DAYS.get(value)
        if text is None:
            text = _DAYS[value] = datetime.date.fromordinal(value).isoformat()
        out.append(text)
    return out


def _created_at() -> str:
    if connection.vendor == "postgresql":
        return CREATED_AT.isoformat()
    # Django keeps SQLite datetimes as naive UTC text.
    return CREATED_AT.replace(tzinfo=None).isoformat(" ")


def _insert_ratings(ids, person, competency, level, source, day, cycle) -> None:
    columns = (
        "id",
        "person_id",
        "competency_id",
        "level",
        "source",
        "rated_on",
        "cycle_id",
        "evidence",
        "created_at",
    )
    n = ids.size
    created = _created_at()
    rows = zip(
        ids.ravel().tolist(),
        person.ravel().tolist(),
        competency.ravel().tolist(),
        level.ravel().tolist(),
        source.ravel().tolist(),
        _iso(day),
        cycle.ravel().tolist(),
        [""] * n,
        [created] * n,
        strict=True,
    )
    insert_rows(Rating._meta.db_table, columns, rows)


def _insert_current_levels(person, competency, level, source, day, rating) -> None:
    columns = ("person_id", "competency_id", "level", "source", "rated_on", "rating_id")
    rows = zip(
        person.ravel().tolist(),
        competency.ravel().tolist(),
        level.ravel().tolist(),
        source.ravel().tolist(),
        _iso(day),
        rating.ravel().tolist(),
        strict=True,
    )
    insert_rows(CurrentLevel._meta.db_table, columns, rows)


def _reset_sequences() -> None:
    """After explicit ids, PostgreSQL's sequences must continue past them."""
    models = [OrgUnit, Person, Position, Rating, CurrentLevel, AssessmentCycle]
    if _has_partners():
        models.append(apps.get_model("partners", "Engagement"))
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _analyze() -> None:
    # PostgreSQL's autovacuum would gather statistics in its own time; the
    # figures should not depend on whether it has yet.
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
