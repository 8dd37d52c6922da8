"""Gap figures summed ahead of time per org unit, for the unit heatmap and the dashboard.

A unit heatmap over everyone sums 58 figures for every person in the
directorate: at 25,000 people, an aggregate over 1.45 million current levels,
seconds on every view. The figures change only when a current level, a
position, a person, an org unit or a template changes, so they are summed
once per org unit and sub-competency (the people placed directly in the unit,
and its whole subtree) and a heatmap then reads a dozen rows.

Freshness. Every write that can change a figure adds a row to
`GapFigureChange` inside the writer's own transaction, and a rebuild deletes
the rows it has seen before it reads the data. Stored figures are served only
while no such row exists; otherwise the live aggregate (`gaps.gap_rollup`)
answers, which is always right, only slower, and a rebuild is queued for the
worker once per burst of edits. A stale figure is never shown. Writers only
add rows, so they never wait for one another or for a rebuild (a single
counter row would make every writer wait, and could deadlock two writers that
also lock each other's records).

What records a change: the database. Every table the figures read (current
levels, positions, people, org units, templates and their lines, frameworks,
sub-competencies, scales) has a trigger that adds a change row on any insert,
update or delete (migration `workforce 0006`): one row per statement on
PostgreSQL; on SQLite, which admits one writer at a time, one row unless one
is already waiting. So a bulk write, raw SQL, COPY (`core.bulk`), a restore,
`loaddata` or a writer added later cannot leave a stale figure served, and
no writer has to remember anything. The Python side only queues the rebuild:
`figures_changed` is called by the signals of the models in
`CHANGES_FIGURES`, by the services that write current levels
(`services.refresh_current_levels`, `services.absorb_new_ratings`) and on
`core.imports.records_written`. A writer outside the application (SQL at the
console, a restore) queues nothing: the live aggregate answers until the next
rebuild or `seccoop build-gap-figures`, which also compares the stored figures
with the live aggregate before it calls them up to date.

Proved by tests/workforce/test_gap_figures_every_writer.py: the tables a
build and a heatmap read are found in their SQL and must all carry the
trigger, and every writer path the application offers is exercised.

Stored figures serve only viewers who may see everyone's ratings (workforce
managers and administrators); anyone else sees a restricted count, which the
live aggregate computes over their own few people.
"""

from __future__ import annotations

import logging
import time

import numpy as np
from django.db import connection, transaction
from django.db.models import Exists
from django.utils import timezone
from django_tasks import task

from seccoop.analytics import gaps as gap_math
from seccoop.competencies.models import Competency, Framework
from seccoop.workforce.gaps import gap_rollup, sub_competencies
from seccoop.workforce.models import (
    GapFigureBuild,
    GapFigureChange,
    GapFigureQueue,
    OrgUnit,
    Person,
    UnitGapFigures,
)

logger = logging.getLogger(__name__)

QUEUE = 1  # the primary key of the one GapFigureQueue row
FIGURES = ("required", "meeting", "shortfall_sum", "proficient")
# Taken by a rebuild on PostgreSQL, so that two workers never interleave;
# SQLite lets one writer at a time in anyway.
BUILD_LOCK = 0x5EC_0F16


# --- recording changes -------------------------------------------------------------


def figures_changed(**_signal_arguments) -> None:
    """Mark every stored gap figure stale, in the caller's transaction.

    Connected to the signals of the models the figures read, and called by
    the services that write current levels in bulk. Once the transaction
    commits, a rebuild is queued unless one already is.
    """
    GapFigureChange.objects.create()
    transaction.on_commit(queue_rebuild)


def queue_rebuild() -> None:
    """Put one rebuild on the task queue, unless one is already waiting there."""
    GapFigureQueue.objects.get_or_create(pk=QUEUE)
    if not GapFigureQueue.objects.filter(pk=QUEUE, rebuild_queued=False).update(
        rebuild_queued=True
    ):
        return
    try:
        rebuild_gap_figures.enqueue()
    except Exception:
        # The queue is down: leave the flag clear so the next edit tries again.
        # Until then pages use the live aggregate, which is always right.
        GapFigureQueue.objects.filter(pk=QUEUE).update(rebuild_queued=False)
        logger.exception("Could not queue a rebuild of the gap figures")


@task()
def rebuild_gap_figures() -> str:
    """Sum the gap figures again for every framework whose stored figures are stale."""
    built = rebuild_stale()
    return f"built {len(built)}"


def is_fresh() -> bool:
    return not GapFigureChange.objects.exists()


# --- building -------------------------------------------------------------------


def _as_dict(rollup: gap_math.Rollup, g: int) -> dict:
    return {
        "people": int(rollup.people[g]),
        **{name: getattr(rollup, name)[g].tolist() for name in FIGURES},
    }


def _sums(framework: Framework, competencies: list[Competency], units: list[tuple[int, str]]):
    """Each unit's own figures and its subtree's, from the live aggregate grouped by unit."""
    row = {pk: g for g, (pk, _) in enumerate(units)}
    direct = gap_rollup(
        framework,
        Person.objects.active(),
        row_of_unit=row,
        rows=len(units),
        competencies=competencies,
    )
    # Each unit's own figures count toward itself and every unit above it.
    pairs = [
        (row[int(step)], g)
        for g, (_, path) in enumerate(units)
        for step in path.strip("/").split("/")
        if step and int(step) in row
    ]
    subtree = gap_math.Rollup(
        people=np.zeros_like(direct.people),
        required=np.zeros_like(direct.required),
        meeting=np.zeros_like(direct.meeting),
        shortfall_sum=np.zeros_like(direct.shortfall_sum),
        proficient=np.zeros_like(direct.proficient),
    )
    if pairs:
        above, own = np.array(pairs, dtype=np.int64).T
        np.add.at(subtree.people, above, direct.people[own])
        for name in FIGURES:
            np.add.at(getattr(subtree, name), above, getattr(direct, name)[own])
    return direct, subtree


def build() -> list[GapFigureBuild]:
    """Sum the gap figures of every org unit, for every active framework, and store them.

    One transaction: the change rows seen are deleted first, then the data is
    read, so a change committed meanwhile leaves its row and the new figures
    stale rather than wrong. Rebuilds take turns; writers never wait for one.
    """
    built = []
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [BUILD_LOCK])
        GapFigureChange.objects.all().delete()
        units = list(OrgUnit.objects.order_by().values_list("pk", "path"))
        for framework in Framework.objects.active().select_related("scale"):
            started = time.perf_counter()
            competencies = sub_competencies(framework)
            direct, subtree = _sums(framework, competencies, units)
            stored, _ = GapFigureBuild.objects.get_or_create(framework=framework)
            stored.units.all().delete()
            UnitGapFigures.objects.bulk_create(
                [
                    UnitGapFigures(
                        build=stored,
                        org_unit_id=pk,
                        direct=_as_dict(direct, g),
                        subtree=_as_dict(subtree, g),
                    )
                    for g, (pk, _) in enumerate(units)
                ],
                batch_size=1000,
            )
            stored.competency_ids = [competency.pk for competency in competencies]
            stored.built_at = timezone.now()
            stored.seconds = time.perf_counter() - started
            stored.save()
            built.append(stored)
    return built


def rebuild_stale() -> list[GapFigureBuild]:
    """Build the stored figures again if anything has changed since they were summed."""
    GapFigureQueue.objects.filter(pk=QUEUE).update(rebuild_queued=False)
    if is_fresh() and GapFigureBuild.objects.exists():
        return []
    return build()


def differing() -> list[Framework]:
    """The active frameworks whose stored figures are not what the live aggregate gives now.

    Costs a full summing per framework, so only the command asks it: a change
    that was never recorded (a database restored from before the change
    triggers existed, say) shows up here even though `is_fresh()` holds.
    """
    wrong = []
    with transaction.atomic():
        units = list(OrgUnit.objects.order_by().values_list("pk", "path"))
        for framework in Framework.objects.active().select_related("scale"):
            competencies = sub_competencies(framework)
            stored = GapFigureBuild.objects.filter(framework=framework).first()
            if stored is None or stored.competency_ids != [c.pk for c in competencies]:
                wrong.append(framework)
                continue
            direct, subtree = _sums(framework, competencies, units)
            expected = {
                pk: (_as_dict(direct, g), _as_dict(subtree, g)) for g, (pk, _) in enumerate(units)
            }
            found = {
                pk: (own, below)
                for pk, own, below in stored.units.values_list("org_unit_id", "direct", "subtree")
            }
            if found != expected:
                wrong.append(framework)
    return wrong


# --- reading --------------------------------------------------------------------


def fresh_build_key(framework: Framework) -> str | None:
    """A key naming the framework's stored figures while they are fresh, else None.

    Pages cache what they render from the stored figures under this key. A
    new build always has a new key (its time is part of it), so nothing
    cached from older figures is read again, even after a restore.
    """
    build = (
        GapFigureBuild.objects.filter(framework=framework)
        .filter(~Exists(GapFigureChange.objects.all()))
        .values_list("pk", "built_at")
        .first()
    )
    if build is None or build[1] is None:
        return None
    return f"{build[0]}.{build[1].timestamp()}"


def stored_rollup(
    framework: Framework,
    units: list[OrgUnit],
    competencies: list[Competency],
    *,
    direct_first: bool,
) -> gap_math.Rollup | None:
    """The figures of these units' rows as stored, or None where they are not fresh.

    Each unit's row is its whole subtree, except the first when `direct_first`
    (a heatmap's parent row, which counts only the people placed in it). One
    query reads the rows and checks, in the same statement, that the build is
    fresh (that no change has been recorded since).
    """
    if not units:
        return None
    lines = {
        org_unit_id: (direct, subtree, columns)
        for org_unit_id, direct, subtree, columns in UnitGapFigures.objects.filter(
            ~Exists(GapFigureChange.objects.all()),
            build__framework=framework,
            org_unit__in=[unit.pk for unit in units],
        ).values_list("org_unit_id", "direct", "subtree", "build__competency_ids")
    }
    if len(lines) != len(units):
        return None
    wanted = [competency.pk for competency in competencies]
    if any(columns != wanted for _, _, columns in lines.values()):
        return None  # the framework's sub-competencies changed since the build
    figures = [lines[unit.pk][0 if direct_first and g == 0 else 1] for g, unit in enumerate(units)]
    return gap_math.Rollup(
        people=np.array([line["people"] for line in figures], dtype=np.int64),
        **{
            name: np.array([line[name] for line in figures], dtype=np.int64).reshape(
                len(units), len(competencies)
            )
            for name in FIGURES
        },
    )
