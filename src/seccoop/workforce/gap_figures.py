"""Gap figures summed ahead of time per org unit, for the unit heatmap and the dashboard.

A unit heatmap over everyone sums 58 figures for every person in the
directorate: at 25,000 people, an aggregate over 1.45 million current levels,
seconds on every view. The figures change only when a current level, a
position, a person, an org unit or a template changes, so they are summed
once per org unit and sub-competency (the people placed directly in the unit,
and its whole subtree) and a heatmap then reads a dozen rows.

Freshness. Every write that can change a figure raises one counter
(`GapFigureStamp.generation`) inside the writer's own transaction. Figures
built from the data at generation g are served only while the counter still
reads g; otherwise the live aggregate (`services.gap_rollup`) answers, which
is always right, only slower, and a rebuild is queued for the worker once per
burst of edits. A stale figure is never shown.

What raises the counter: saves and deletes of the models in
`CHANGES_FIGURES` (signals), the two services that write current levels
(`services.refresh_current_levels`, `services.absorb_new_ratings`), and any
bulk write by a spreadsheet import (`core.imports.records_written`).

Stored figures serve only viewers who may see everyone's ratings (workforce
managers and administrators); anyone else sees a restricted count, which the
live aggregate computes over their own few people.
"""

from __future__ import annotations

import logging
import time

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import F, Subquery
from django.utils import timezone

from seccoop.analytics import gaps as gap_math
from seccoop.competencies.models import Competency, Framework
from seccoop.workforce.models import (
    GapFigureBuild,
    GapFigureStamp,
    OrgUnit,
    Person,
    UnitGapFigures,
)

logger = logging.getLogger(__name__)

STAMP = 1  # the primary key of the one GapFigureStamp row
FIGURES = ("required", "meeting", "shortfall_sum", "proficient")


# --- keeping count of changes ----------------------------------------------------


def figures_changed(**_signal_arguments) -> None:
    """Mark every stored gap figure stale, in the caller's transaction.

    Connected to the signals of the models the figures read, and called by
    the services that write current levels in bulk. Once the transaction
    commits, a rebuild is queued unless one already is.
    """
    if not GapFigureStamp.objects.filter(pk=STAMP).update(generation=F("generation") + 1):
        try:
            with transaction.atomic():
                GapFigureStamp.objects.create(pk=STAMP, generation=1)
        except IntegrityError:  # created by a concurrent writer since
            GapFigureStamp.objects.filter(pk=STAMP).update(generation=F("generation") + 1)
    transaction.on_commit(queue_rebuild)


def queue_rebuild() -> None:
    """Put one rebuild on the task queue, unless one is already waiting there."""
    if not GapFigureStamp.objects.filter(pk=STAMP, rebuild_queued=False).update(
        rebuild_queued=True
    ):
        return
    from seccoop.workforce.tasks import rebuild_gap_figures

    try:
        rebuild_gap_figures.enqueue()
    except Exception:
        # The queue is down: leave the flag clear so the next edit tries again.
        # Until then pages use the live aggregate, which is always right.
        GapFigureStamp.objects.filter(pk=STAMP).update(rebuild_queued=False)
        logger.exception("Could not queue a rebuild of the gap figures")


def current_generation() -> int:
    return GapFigureStamp.objects.filter(pk=STAMP).values_list("generation", flat=True).first() or 0


# --- building -------------------------------------------------------------------


def _as_dict(rollup: gap_math.Rollup, g: int) -> dict:
    return {
        "people": int(rollup.people[g]),
        **{name: getattr(rollup, name)[g].tolist() for name in FIGURES},
    }


def build(framework: Framework) -> GapFigureBuild:
    """Sum the gap figures of every org unit for this framework and store them.

    The counter is read before the data, so anything written after that read
    leaves the new figures stale rather than wrong. The sums are the live
    aggregate's (`services.gap_rollup`, grouped by unit) over everyone active;
    each unit's subtree adds its descendants' own figures along the unit paths.
    """
    from seccoop.workforce.services import gap_rollup, sub_competencies

    started = time.perf_counter()
    generation = current_generation()
    competencies = sub_competencies(framework)
    units = list(OrgUnit.objects.order_by().values_list("pk", "path"))
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
    stored, _ = GapFigureBuild.objects.get_or_create(framework=framework)
    with transaction.atomic():
        stored = GapFigureBuild.objects.select_for_update().get(pk=stored.pk)
        if stored.generation > generation:
            return stored  # a later build has already been stored
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
        stored.generation = generation
        stored.competency_ids = [competency.pk for competency in competencies]
        stored.built_at = timezone.now()
        stored.seconds = time.perf_counter() - started
        stored.save()
    return stored


def rebuild_stale() -> list[GapFigureBuild]:
    """Build the figures of every active framework whose stored figures are stale."""
    GapFigureStamp.objects.filter(pk=STAMP).update(rebuild_queued=False)
    generation = current_generation()
    fresh = set(
        GapFigureBuild.objects.filter(generation=generation).values_list("framework_id", flat=True)
    )
    return [
        build(framework)
        for framework in Framework.objects.active().select_related("scale")
        if framework.pk not in fresh
    ]


# --- reading --------------------------------------------------------------------


def fresh_build_key(framework: Framework) -> str | None:
    """A key naming the framework's stored figures while they are fresh, else None.

    Pages cache what they render from the stored figures under this key. A
    new build always has a new key (its time is part of it), so nothing
    cached from older figures is read again, even after a restore.
    """
    build = (
        GapFigureBuild.objects.filter(
            framework=framework,
            generation=Subquery(GapFigureStamp.objects.filter(pk=STAMP).values("generation")),
        )
        .values_list("pk", "generation", "built_at")
        .first()
    )
    if build is None:
        return None
    pk, generation, built_at = build
    return f"{pk}.{generation}.{built_at.timestamp() if built_at else 0}"


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
    of the current generation.
    """
    if not units:
        return None
    lines = {
        org_unit_id: (direct, subtree, columns)
        for org_unit_id, direct, subtree, columns in UnitGapFigures.objects.filter(
            build__framework=framework,
            build__generation=Subquery(
                GapFigureStamp.objects.filter(pk=STAMP).values("generation")
            ),
            org_unit__in=[unit.pk for unit in units],
        ).values_list("org_unit_id", "direct", "subtree", "build__competency_ids")
    }
    if len(lines) != len(units):
        return None
    if any(columns != [c.pk for c in competencies] for _, _, columns in lines.values()):
        return None
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
