"""The figures of `make bench`: seccoop's code path against a floor, as a ratio.

Each figure times seccoop doing a job (the subject) and the least work that
gives the same answer on the same database (the floor), best of a few runs,
and reports subject / floor. A ratio does not depend much on the machine or
on what else it is doing, because both sides run on the same machine a few
seconds apart; the best of several runs drops the runs another process slowed.

The page figures run under `bench.urls`: seccoop's own routes plus a bare page
that returns a given number of bytes.
"""

from __future__ import annotations

import csv
import io
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse
from scipy.optimize import linear_sum_assignment

from bench.generate import CREATED_AT
from seccoop.analytics import staffing as staffing_math
from seccoop.competencies.models import Competency, CompetencyKind, Framework
from seccoop.core.bulk import insert_rows
from seccoop.partners.models import Country
from seccoop.workforce import gap_figures, gaps, heatmaps, staffing
from seccoop.workforce.imports import import_table
from seccoop.workforce.models import (
    CurrentLevel,
    OrgUnit,
    Person,
    Position,
    Rating,
    RoleRequirement,
    RoleTemplate,
)

# Targets: the largest ratio (subject / floor) each figure may reach.
HEATMAP_TARGET = 1.5
PAGE_TARGET = 3.0
IMPORT_TARGET = 2.0  # at least half the raw insert throughput
STAFFING_TARGET = 1.2
MAPPING_TARGET = 1.1
GROWTH_TARGET = 4.4  # time at 4x the people, for linear growth
# The assignment figure's size (the issue's), whatever the enterprise's.
ASSIGNMENT_RECORDS = 1000
ASSIGNMENT_PEOPLE = 10_000
# Texts of the mapping figure: one for every this many people.
PEOPLE_PER_TEXT = 100


def bare_page(request, size: int):
    """The floor of the page figures: Django serving `size` bytes and doing nothing else."""
    return HttpResponse(b"x" * size, content_type="text/html; charset=utf-8")


@dataclass
class Figure:
    """One measured ratio."""

    name: str
    subject: str
    floor: str
    subject_seconds: float
    floor_seconds: float
    target: float
    # (subject, floor) processor time of this process in the runs counted.
    cpu_seconds: tuple[float, float] = (0.0, 0.0)
    details: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.subject_seconds / self.floor_seconds if self.floor_seconds else math.inf

    @property
    def met(self) -> bool:
        return self.ratio <= self.target

    @property
    def cpu_ratio(self) -> float:
        subject, floor = self.cpu_seconds
        return subject / floor if floor else math.inf

    def as_dict(self) -> dict:
        cpu_ratio = round(self.cpu_ratio, 3) if math.isfinite(self.cpu_ratio) else None
        return {
            **asdict(self),
            "ratio": round(self.ratio, 3),
            "cpu_ratio": cpu_ratio,
            "met": self.met,
        }


def best_of(job: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The shortest of `repeat` runs of `job`, and what the last run returned.

    The processor time of that run is kept in `LAST_CPU` (see `cpu`).
    """
    best = math.inf
    result = None
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = job()
        seconds = time.perf_counter() - started
        if seconds < best:
            best, LAST_CPU[0] = seconds, time.process_time() - cpu_started
    return best, result


# The processor time this process spent in the run `best_of` kept. On SQLite
# the database works inside this process, so it is the whole cost of the job
# and does not count the time other programs took the processor: on a busy
# machine it is the steadier figure. On PostgreSQL it leaves out the server.
LAST_CPU = [0.0]


def cpu() -> float:
    return round(LAST_CPU[0], 4)


# --- the org heatmap ------------------------------------------------------------


HEATMAP_SQL = f"""
WITH cell AS (
    -- Per org unit and sub-competency: people required, meeting it, levels missing.
    SELECT seat.org_unit_id,
           requirement.competency_id,
           COUNT(*) AS required,
           SUM(CASE WHEN COALESCE(held.level, 0) >= requirement.level THEN 1 ELSE 0 END)
               AS meeting,
           SUM(CASE WHEN COALESCE(held.level, 0) < requirement.level
                    THEN requirement.level - COALESCE(held.level, 0) ELSE 0 END) AS shortfall
    FROM {Person._meta.db_table} person
    JOIN {Position._meta.db_table} seat ON seat.incumbent_id = person.id
    JOIN {OrgUnit._meta.db_table} unit ON unit.id = seat.org_unit_id AND unit.path LIKE %(subtree)s
    JOIN {RoleTemplate._meta.db_table} templ
      ON templ.role_type_id = seat.role_type_id AND templ.framework_id = %(framework)s
    JOIN {RoleRequirement._meta.db_table} requirement
      ON requirement.template_id = templ.id AND requirement.level > 0
    JOIN {Competency._meta.db_table} competency
      ON competency.id = requirement.competency_id AND competency.framework_id = %(framework)s
     AND competency.kind = %(kind)s
    LEFT JOIN {CurrentLevel._meta.db_table} held
      ON held.person_id = person.id AND held.competency_id = requirement.competency_id
    WHERE person.archived_at IS NULL
    GROUP BY seat.org_unit_id, requirement.competency_id
),
unit_row AS (
    -- The chosen unit's own row counts the people placed in it; each unit
    -- below it counts toward the sub-unit whose subtree holds it.
    SELECT id AS unit_id, id AS row_id FROM {OrgUnit._meta.db_table} WHERE id = %(root)s
    UNION ALL
    SELECT unit.id, row_unit.id
    FROM {OrgUnit._meta.db_table} row_unit
    JOIN {OrgUnit._meta.db_table} unit ON unit.path LIKE row_unit.path || '%%'
    WHERE row_unit.parent_id = %(root)s AND row_unit.archived_at IS NULL
)
SELECT unit_row.row_id,
       cell.competency_id,
       SUM(cell.required),
       SUM(cell.meeting),
       SUM(cell.shortfall),
       1.0 * SUM(cell.meeting) / SUM(cell.required) AS share_meeting,
       1.0 * SUM(cell.shortfall) / SUM(cell.required) AS mean_shortfall
FROM cell
JOIN unit_row ON unit_row.unit_id = cell.org_unit_id
GROUP BY unit_row.row_id, cell.competency_id
"""


def heatmap_by_sql(framework: Framework, root: OrgUnit) -> list[tuple]:
    """The heatmap's figures in one SQL aggregate: the floor of the heatmap figure."""
    with connection.cursor() as cursor:
        cursor.execute(
            HEATMAP_SQL,
            {
                "root": root.pk,
                "subtree": f"{root.path}%",
                "framework": framework.pk,
                "kind": CompetencyKind.SUB_COMPETENCY,
            },
        )
        return cursor.fetchall()


def check_heatmap_agrees(heatmap: heatmaps.UnitHeatmap, rows: list[tuple]) -> int:
    """Raise AssertionError unless the service and the SQL give the same numbers."""
    group = {unit.pk: g for g, unit in enumerate(heatmap.units)}
    column = {competency.pk: c for c, competency in enumerate(heatmap.competencies)}
    rollup = heatmap.rollup
    assert len(rows) == int((rollup.required > 0).sum()), "different cells are required"
    for row_id, competency_id, required, meeting, shortfall, share, mean in rows:
        g, c = group[row_id], column[competency_id]
        assert int(rollup.required[g, c]) == required, (row_id, competency_id)
        assert int(rollup.meeting[g, c]) == int(meeting), (row_id, competency_id)
        assert int(rollup.shortfall_sum[g, c]) == int(shortfall), (row_id, competency_id)
        assert math.isclose(float(rollup.share_meeting[g, c]), float(share), abs_tol=1e-9)
        assert math.isclose(float(rollup.mean_shortfall[g, c]), float(mean), abs_tol=1e-9)
    return len(rows)


def heatmap_figures(framework: Framework, root: OrgUnit, *, repeat: int = 3) -> list[Figure]:
    """The directorate's heatmap: summing every unit's figures, then reading them, and live.

    A workforce manager's heatmap reads the figures stored per org unit
    (`workforce.gap_figures`); the worker sums them again after every change,
    and until it has, and for anyone who may see only some people, the live
    aggregate answers. Each is measured against the same SQL aggregate, and
    each result is checked against it.
    """
    floor_seconds, rows = best_of(lambda: heatmap_by_sql(framework, root), repeat)
    floor_cpu = cpu()
    floor = "one hand-written SQL aggregate over the same tables (the directorate's rows)"
    people = Person.objects.active()
    units = heatmaps.heatmap_units(root)
    competencies = gaps.sub_competencies(framework)

    def live():
        return heatmaps.UnitHeatmap(
            units=units,
            competencies=competencies,
            rollup=heatmaps.heatmap_rollup(framework, people, units, root, competencies),
        )

    jobs = [
        (
            "gap_figures_build",
            "workforce.gap_figures.build: every org unit x 58 sub-competencies, summed and stored",
            lambda: gap_figures.build()[0],
            min(repeat, 2),
        ),
        (
            "heatmap",
            "workforce.heatmaps.unit_heatmap (directorate x 58), from the stored figures",
            lambda: heatmaps.unit_heatmap(framework, root),
            repeat,
        ),
        (
            "heatmap_live",
            "workforce.heatmaps.heatmap_rollup (directorate x 58), the live aggregate",
            live,
            repeat,
        ),
    ]
    figures = []
    for name, subject, job, times in jobs:
        subject_seconds, result = best_of(job, times)
        subject_cpu = cpu()
        details = {}
        if name == "gap_figures_build":
            details["org_units"] = result.units.count()
        else:
            details["rows"] = len(result.units)
            details["cells_compared"] = check_heatmap_agrees(result, rows)
        if name == "heatmap":
            stored = gap_figures.stored_rollup(framework, units, competencies, direct_first=True)
            details["from_stored_figures"] = stored is not None
        figures.append(
            Figure(
                name=name,
                subject=subject,
                floor=floor,
                subject_seconds=subject_seconds,
                floor_seconds=floor_seconds,
                target=HEATMAP_TARGET,
                cpu_seconds=(subject_cpu, floor_cpu),
                details=details,
            )
        )
    return figures


# --- the gap pages -----------------------------------------------------------------


def page_figures(
    *, admin_user_id: int, person_id: int, root_unit_id: int, repeat: int = 5
) -> list[Figure]:
    """A person's gap page and a unit's heatmap page, each against a bare page of its size."""
    client = Client()
    client.force_login(get_user_model().objects.get(pk=admin_user_id))
    figures = []
    with override_settings(ROOT_URLCONF="bench.urls"):
        pages = [
            ("person_gap_page", reverse("workforce:person-detail", args=[person_id])),
            ("unit_gap_page", f"{reverse('workforce:heatmap')}?unit={root_unit_id}"),
        ]
        for name, url in pages:
            response = client.get(url)  # warms the template and URL caches
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.content)
            bare = reverse("bench-bare", args=[size])
            assert len(client.get(bare).content) == size
            subject_seconds, _ = best_of(lambda url=url: client.get(url), repeat)
            subject_cpu = cpu()
            floor_seconds, _ = best_of(lambda bare=bare: client.get(bare), repeat)
            floor_cpu = cpu()
            figures.append(
                Figure(
                    name=name,
                    subject=f"GET {url} through the Django test client, signed in",
                    floor="GET of a bare view returning as many bytes, same client and session",
                    subject_seconds=subject_seconds,
                    floor_seconds=floor_seconds,
                    target=PAGE_TARGET,
                    cpu_seconds=(subject_cpu, floor_cpu),
                    details={"bytes": size},
                )
            )
    return figures


# --- the ratings import --------------------------------------------------------------


IMPORT_COLUMNS = ["external_id", "person_external_id", "code", "level", "source", "rated_on"]


def ratings_csv(rows: int, *, seed: int) -> bytes:
    """A ratings file of `rows` new supervisor ratings of random people, as a user would upload."""
    rng = np.random.default_rng(seed)
    people = list(Person.objects.order_by("pk").values_list("external_id", flat=True))
    codes = [c.code for c in gaps.sub_competencies(Framework.objects.default())]
    person = rng.integers(0, len(people), rows).tolist()
    code = rng.integers(0, len(codes), rows).tolist()
    level = rng.integers(0, 6, rows).tolist()
    day = rng.integers(1, 29, rows).tolist()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(IMPORT_COLUMNS)
    writer.writerows(
        (f"IMP{i:08d}", people[p], codes[c], lv, "supervisor", f"2026-10-{d:02d}")
        for i, (p, c, lv, d) in enumerate(zip(person, code, level, day, strict=True))
    )
    return out.getvalue().encode()


def raw_import(data: bytes) -> int:
    """The floor of the import figure: the same rows straight into the table, unchecked."""
    reader = csv.reader(io.StringIO(data.decode()))
    header = next(reader)
    at = {name: header.index(name) for name in IMPORT_COLUMNS}
    person_id = dict(Person.objects.values_list("external_id", "pk"))
    competency_id = dict(
        Competency.objects.filter(framework=Framework.objects.default()).values_list("code", "pk")
    )
    created = CREATED_AT.isoformat() if connection.vendor == "postgresql" else None
    created = created or CREATED_AT.replace(tzinfo=None).isoformat(" ")
    rows = [
        (
            cells[at["external_id"]],
            person_id[cells[at["person_external_id"]]],
            competency_id[cells[at["code"]]],
            int(cells[at["level"]]),
            cells[at["source"]],
            cells[at["rated_on"]],
            "",
            created,
        )
        for cells in reader
    ]
    columns = ("external_id", "person_id", "competency_id", "level", "source", "rated_on")
    insert_rows(Rating._meta.db_table, (*columns, "evidence", "created_at"), rows)
    return len(rows)


def _timed_and_undone(job: Callable[[], object]) -> tuple[float, object]:
    """Time a write, then roll it back so every figure sees the same database."""
    with transaction.atomic():
        started, cpu_started = time.perf_counter(), time.process_time()
        result = job()
        seconds = time.perf_counter() - started
        LAST_CPU[0] = time.process_time() - cpu_started
        transaction.set_rollback(True)
    return seconds, result


def import_figure(rows: int, *, seed: int) -> Figure:
    data = ratings_csv(rows, seed=seed)
    ratings_before = Rating.objects.count()
    # The upload limit guards the web page; the figure is about throughput.
    with override_settings(SECCOOP_IMPORT_MAX_BYTES=len(data) + 1):
        subject_seconds, result = _timed_and_undone(
            lambda: import_table("ratings", io.BytesIO(data), "ratings.csv", user=None)
        )
    assert result.created == rows, result
    subject_cpu = cpu()
    floor_seconds, inserted = _timed_and_undone(lambda: raw_import(data))
    floor_cpu = cpu()
    assert inserted == rows
    assert Rating.objects.count() == ratings_before
    return Figure(
        name="import",
        subject="workforce.imports ratings importer: CSV parse, full validation, bulk write, "
        "current levels refreshed",
        floor="csv.reader + id lookups + "
        + ("COPY" if connection.vendor == "postgresql" else "executemany")
        + " of the same rows, unchecked",
        subject_seconds=subject_seconds,
        floor_seconds=floor_seconds,
        target=IMPORT_TARGET,
        cpu_seconds=(subject_cpu, floor_cpu),
        details={
            "rows": rows,
            "bytes": len(data),
            "rows_per_second": round(rows / subject_seconds),
            "raw_rows_per_second": round(rows / floor_seconds),
        },
    )


# --- staffing ------------------------------------------------------------------------


def requirement_set(framework: Framework, rng: np.random.Generator, size: int = 4) -> list:
    """A record's requirements: `size` sub-competencies at levels 2 to 4."""
    subs = gaps.sub_competencies(framework)
    chosen = rng.choice(len(subs), size=size, replace=False).tolist()
    levels = rng.integers(2, 5, size).tolist()
    return [staffing.Requirement(subs[c], level) for c, level in zip(chosen, levels, strict=True)]


def rank_by_arrays(requirements: list) -> np.ndarray:
    """The floor of the ranking figure: one query for the levels, the fit, one argsort.

    Returns the scores in ranking order.
    """
    people = list(Person.objects.active().order_by().values_list("pk", flat=True))
    row = {pk: p for p, pk in enumerate(people)}
    column = {requirement.competency.pk: r for r, requirement in enumerate(requirements)}
    have = np.zeros((len(people), len(requirements)), dtype=np.int16)
    for person_id, competency_id, level in (
        CurrentLevel.objects.filter(competency_id__in=list(column))
        .order_by()
        .values_list("person_id", "competency_id", "level")
    ):
        p = row.get(person_id)
        if p is not None:
            have[p, column[competency_id]] = level
    need = np.array([requirement.level for requirement in requirements])
    scores = staffing_math.fit(have, need).score
    return scores[np.argsort(-scores, kind="stable")]


def ranking_figure(framework: Framework, admin_user_id: int, *, seed: int, repeat: int) -> Figure:
    user = get_user_model().objects.get(pk=admin_user_id)
    requirements = requirement_set(framework, np.random.default_rng(seed))
    subject_seconds, ranked = best_of(
        lambda: staffing.rank_people(user, framework, requirements, limit=staffing.RANKING_SHOWN),
        repeat,
    )
    subject_cpu = cpu()
    floor_seconds, scores = best_of(lambda: rank_by_arrays(requirements), repeat)
    floor_cpu = cpu()
    assert ranked.considered == len(scores)
    assert np.allclose([person.score for person in ranked], scores[: len(ranked)])
    return Figure(
        name="staffing_rank",
        subject="workforce.staffing.rank_people: everyone an administrator may see, "
        f"ranked for {len(requirements)} requirements, the best {len(ranked)} explained "
        "(as the staffing page shows them)",
        floor="one query for the required levels, analytics.staffing.fit and one argsort",
        subject_seconds=subject_seconds,
        floor_seconds=floor_seconds,
        target=STAFFING_TARGET,
        cpu_seconds=(subject_cpu, floor_cpu),
        details={"people": len(ranked), "requirements": len(requirements)},
    )


def assignment_figure(
    framework: Framework, *, records: int, people: int, seed: int, repeat: int
) -> Figure:
    """Staff `records` records from `people` people, one record each, for the best total fit."""
    rng = np.random.default_rng(seed)
    subs = gaps.sub_competencies(framework)
    column = {competency.pk: c for c, competency in enumerate(subs)}
    chosen = list(Person.objects.active().order_by("pk").values_list("pk", flat=True)[:people])
    row = {pk: p for p, pk in enumerate(chosen)}
    have = np.zeros((len(chosen), len(subs)), dtype=np.int16)
    for person_id, competency_id, level in (
        CurrentLevel.objects.filter(person_id__lte=chosen[-1])
        .order_by()
        .values_list("person_id", "competency_id", "level")
    ):
        p = row.get(person_id)
        if p is not None and competency_id in column:
            have[p, column[competency_id]] = level
    fit_matrix = np.empty((records, len(chosen)))
    for r in range(records):
        wanted = rng.choice(len(subs), size=4, replace=False)
        fit_matrix[r] = staffing_math.fit(have[:, wanted], rng.integers(2, 5, 4)).score
    capacity = np.ones(len(chosen), dtype=np.int64)
    subject_seconds, assignment = best_of(
        lambda: staffing_math.assign(fit_matrix, capacity), repeat
    )
    subject_cpu = cpu()
    floor_seconds, (rows, cols) = best_of(
        lambda: linear_sum_assignment(fit_matrix, maximize=True), repeat
    )
    floor_cpu = cpu()
    assert math.isclose(assignment.total_fit, float(fit_matrix[rows, cols].sum()), rel_tol=1e-9)
    return Figure(
        name="staffing_assign",
        subject="analytics.staffing.assign: each record one person, each person one record, "
        "best total fit",
        floor="scipy.optimize.linear_sum_assignment on the same fit matrix",
        subject_seconds=subject_seconds,
        floor_seconds=floor_seconds,
        target=STAFFING_TARGET,
        cpu_seconds=(subject_cpu, floor_cpu),
        details={"records": records, "people": len(chosen)},
    )


# --- text-to-competency mapping ---------------------------------------------------------

WORK = (
    "Prepared the {} for",
    "Reviewed the {} with",
    "Negotiated the {} with",
    "Briefed leadership on the {} for",
    "Coordinated the {} with the embassy of",
    "Tracked the {} milestones for",
)
THINGS = (
    "LOA",
    "LOR",
    "PMR",
    "MOU",
    "DDL",
    "EUM visit",
    "P&A estimate",
    "security cooperation plan",
    "training program",
    "exportability review",
    "disclosure request",
    "FMS case",
)


def work_texts(count: int, *, seed: int) -> list[str]:
    """Short work descriptions as desk officers write them, deterministic from the seed."""
    rng = np.random.default_rng(seed)
    countries = list(Country.objects.order_by("pk").values_list("name", flat=True)) or ["Poland"]
    work = rng.integers(0, len(WORK), count).tolist()
    thing = rng.integers(0, len(THINGS), count).tolist()
    country = rng.integers(0, len(countries), count).tolist()
    return [
        f"{WORK[w].format(THINGS[t])} {countries[c]}, FY{2024 + i % 3}."
        for i, (w, t, c) in enumerate(zip(work, thing, country, strict=True))
    ]


def mapping_figure(framework: Framework, texts: int, *, seed: int, repeat: int) -> Figure | None:
    """Suggesting sub-competencies for many texts, against encoding the texts alone."""
    from seccoop.analytics import mapping as ranking
    from seccoop.competencies import mapping

    try:
        _, index = mapping.index_for(framework)
    except mapping.MappingUnavailable:
        return None
    corpus = work_texts(texts, seed=seed)
    mapping.embed(corpus[:2])  # loads the model once, outside the timing

    def bare_encode():
        return mapping._model.encode(corpus, batch_size=64, normalize_embeddings=True)

    subject_seconds, ranked = best_of(
        lambda: index.rank_many(
            corpus, mapping.embed, top=5, meaning_weight=ranking.MEANING_WEIGHT
        ),
        repeat,
    )
    subject_cpu = cpu()
    floor_seconds, vectors = best_of(bare_encode, repeat)
    floor_cpu = cpu()
    assert len(ranked) == len(vectors) == texts
    return Figure(
        name="mapping",
        subject="analytics.mapping.MappingIndex.rank_many: acronyms spelled out, texts "
        "embedded, meaning and word scores blended, top five codes per text",
        floor="the bare model's encode of the same texts",
        subject_seconds=subject_seconds,
        floor_seconds=floor_seconds,
        target=MAPPING_TARGET,
        cpu_seconds=(subject_cpu, floor_cpu),
        details={"texts": texts, "texts_per_second": round(texts / subject_seconds)},
    )


def all_figures(
    enterprise, *, import_rows: int, seed: int, repeat: int = 3, page_repeat: int = 3
) -> list[Figure]:
    """Every figure at the enterprise's size, in the order the report lists them."""
    framework = Framework.objects.select_related("scale").get(pk=enterprise.framework_id)
    root = OrgUnit.objects.get(pk=enterprise.root_unit_id)
    figures = heatmap_figures(framework, root, repeat=repeat)
    figures += page_figures(
        admin_user_id=enterprise.admin_user_id,
        person_id=enterprise.sample_person_id,
        root_unit_id=enterprise.root_unit_id,
        repeat=page_repeat,
    )
    if import_rows:
        figures.append(import_figure(import_rows, seed=seed))
    # One run each: ranking everyone and encoding texts take seconds, not milliseconds.
    figures.append(ranking_figure(framework, enterprise.admin_user_id, seed=seed, repeat=1))
    figures.append(
        assignment_figure(
            framework,
            records=min(ASSIGNMENT_RECORDS, enterprise.people // 10),
            people=min(ASSIGNMENT_PEOPLE, enterprise.people),
            seed=seed,
            repeat=min(repeat, 2),
        )
    )
    mapped = mapping_figure(
        framework, max(10, enterprise.people // PEOPLE_PER_TEXT), seed=seed, repeat=1
    )
    if mapped is not None:
        figures.append(mapped)
    return figures
