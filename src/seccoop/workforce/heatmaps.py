"""The gap heatmaps and dashboard figures, restricted to the people a viewer may see.

The unit heatmap and the dashboard figures are aggregated in the database
(`gaps.gap_rollup`: two grouped queries, whatever the number of people);
a page of people is read as the arrays of `gaps.gap_matrix`. Nothing walks
ORM objects per cell.

Who sees what: a heatmap aggregates ratings, so it may only aggregate ratings
its viewer may see. Anyone may open a unit heatmap, and every figure on it is
computed over the people of that unit whose ratings the viewer may see (the
viewer themself, the people below them in the supervisor chain, or everyone for
workforce managers and administrators). A unit in which the viewer may see
nobody is left out. So leadership sees its whole chain, a supervisor sees the
aggregates of their own team only, and a member of staff sees their own figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import quote

import numpy as np
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from seccoop.analytics import gaps as gap_math
from seccoop.competencies.models import Competency, Framework
from seccoop.core.permissions import Role, has_role
from seccoop.workforce.gap_figures import FIGURES, stored_rollup
from seccoop.workforce.gaps import gap_matrix, gap_rollup, sub_competencies, team_of
from seccoop.workforce.models import OrgUnit, Person
from seccoop.workforce.policies import is_workforce_manager, own_position

# Colour bands, from no gap to the widest gap. Each band is named in the legend,
# and the figure it stands for is always printed in the cell as well.
BANDS = ["met", "small", "large", "severe"]


def people_whose_ratings_are_visible(user) -> QuerySet[Person]:
    """The active people whose ratings this user may see, as one queryset.

    The same rule as `can(user, "view_ratings", person)` and
    `Rating.objects.visible_to(user)`, expressed on people so that it can
    scope a gap matrix: oneself, everyone below one's position in the
    supervisor chain, or everyone for workforce managers and administrators.
    """
    people = Person.objects.active()
    if not getattr(user, "is_authenticated", False):
        return people.none()
    if is_workforce_manager(user):
        return people
    person = getattr(user, "person", None)
    if person is None:
        return people.none()
    position = own_position(user)
    if position is None:
        return people.filter(pk=person.pk)
    return people.filter(Q(position__path__startswith=position.path) | Q(pk=person.pk))


def figures_scope(user) -> str:
    """Whose workforce figures the home page gives this user.

    "directorate" for workforce managers and leadership, "team" for anyone
    with people below them in the supervisor chain, else "own" (their own
    gaps only). The figures themselves count only the people whose ratings
    the user may see (`people_whose_ratings_are_visible`).
    """
    if is_workforce_manager(user) or has_role(user, Role.LEADERSHIP):
        return "directorate"
    if team_of(user).exists():
        return "team"
    return "own"


def shown_percent(share: float) -> int:
    """The share as a whole percent that never rounds a gap away (or invents one)."""
    percent = round(share * 100)
    if share < 1:
        percent = min(percent, 99)
    if share > 0:
        percent = max(percent, 1)
    return percent


def shown_shortfall(mean: float) -> float:
    """The mean shortfall to one decimal; a gap never shows as 0.0."""
    return max(round(mean, 1), 0.1) if mean > 0 else 0.0


def percent_band(percent: int) -> str:
    if percent >= 100:
        return "met"
    if percent >= 67:
        return "small"
    if percent >= 34:
        return "large"
    return "severe"


def shortfall_band(shown: float) -> str:
    if shown <= 0:
        return "met"
    if shown < 0.5:
        return "small"
    if shown < 1.5:
        return "large"
    return "severe"


@dataclass(frozen=True)
class UnitCell:
    competency: Competency
    required: int  # people whose position requires the sub-competency
    meeting: int
    share_meeting: float | None  # None where nobody is required
    mean_shortfall: float | None
    nobody_proficient: bool

    @property
    def is_required(self) -> bool:
        return self.required > 0

    @property
    def percent(self) -> int | None:
        return None if self.share_meeting is None else shown_percent(self.share_meeting)

    @property
    def shortfall(self) -> float | None:
        return None if self.mean_shortfall is None else shown_shortfall(self.mean_shortfall)

    @property
    def percent_band(self) -> str | None:
        return None if self.percent is None else percent_band(self.percent)

    @property
    def shortfall_band(self) -> str | None:
        return None if self.shortfall is None else shortfall_band(self.shortfall)


@dataclass(frozen=True)
class UnitRow:
    unit: OrgUnit | None  # None for the total of the top units, which no unit holds
    people: int  # people with a position counted in this row
    direct_only: bool  # the chosen unit's own row: people placed directly in it
    cells: list[UnitCell]

    @property
    def short(self) -> int:
        """The row's total gap: people short of a requirement, summed over the columns."""
        return sum(cell.required - cell.meeting for cell in self.cells)


@dataclass(frozen=True)
class TopGap:
    """A sub-competency of the unit, with how many of the people it is required of fall short."""

    competency: Competency
    required: int
    short: int  # people below the level their position requires
    levels_short: int  # the levels those people miss, together


@dataclass(frozen=True)
class UnitHeatmapView:
    """Org units x sub-competencies, as one viewer may see them."""

    parent: OrgUnit | None
    competencies: list[Competency]
    rows: list[UnitRow]
    total: UnitRow | None = None  # every row together, when there is more than one
    top_gaps: list[TopGap] = ()


# How many sub-competencies the "top gaps in this unit" list names.
TOP_GAPS_SHOWN = 10


def top_gaps(competencies, total: gap_math.Rollup, *, shown: int = TOP_GAPS_SHOWN) -> list[TopGap]:
    """The unit's biggest gaps, weighted by how many people are short.

    Ranked by the number of people below the level their position requires,
    then by the levels they miss together, then by code. A requirement held by
    one person counts as one person, however far short, so a single post's
    wide gap does not push aside a gap many people share; a share or a mean
    shortfall would rank that one person first.
    """
    required = total.required[0]
    short = required - total.meeting[0]
    levels = total.shortfall_sum[0]
    order = sorted(
        (c for c in range(len(competencies)) if short[c] > 0),
        key=lambda c: (-int(short[c]), -float(levels[c]), competencies[c].code),
    )
    return [
        TopGap(competencies[c], int(required[c]), int(short[c]), round(float(levels[c])))
        for c in order[:shown]
    ]


# How a heatmap's rows may be sorted: as the units come (the default), by the
# total gap, or by one column (a sub-competency code).
SORT_TOTAL = "gap"


def sort_rows(rows: list[UnitRow], sort: str, measure: str, codes: list[str]) -> list[UnitRow]:
    """The rows in the order asked for, the widest gap first; unknown orders leave them be.

    By the total gap: the most people short first. By a column: the lowest
    share meeting the requirement first (or the widest mean shortfall, when
    the cells show it); rows that do not require the column come last.
    """
    if sort == SORT_TOTAL:
        return sorted(rows, key=lambda row: -row.short)
    if sort not in codes:
        return rows
    c = codes.index(sort)

    def key(row: UnitRow):
        cell = row.cells[c]
        if not cell.is_required:
            return (1, 0.0)
        if measure == "shortfall":
            return (0, -cell.mean_shortfall)
        return (0, cell.share_meeting)

    return sorted(rows, key=key)


def _cells(competencies, rollup: gap_math.Rollup, g: int) -> list[UnitCell]:
    share = rollup.share_meeting[g]
    mean = rollup.mean_shortfall[g]
    nobody = rollup.nobody_proficient[g]
    return [
        UnitCell(
            competency=competency,
            required=int(rollup.required[g, c]),
            meeting=int(rollup.meeting[g, c]),
            share_meeting=None if math.isnan(share[c]) else float(share[c]),
            mean_shortfall=None if math.isnan(mean[c]) else float(mean[c]),
            nobody_proficient=bool(nobody[c]),
        )
        for c, competency in enumerate(competencies)
    ]


# --- the unit heatmap's figures, for everyone ------------------------------------


@dataclass
class UnitHeatmap:
    """Org units (the children of a unit, or the unit itself) x sub-competencies."""

    units: list[OrgUnit]
    competencies: list[Competency]
    rollup: gap_math.Rollup


def heatmap_units(parent: OrgUnit | None) -> list[OrgUnit]:
    """The rows of a unit heatmap: the parent (its own people) and its active sub-units."""
    if parent is None:
        return list(OrgUnit.objects.active().filter(parent__isnull=True))
    return [parent, *OrgUnit.objects.active().filter(parent=parent)]


def heatmap_rollup(
    framework: Framework,
    people: QuerySet[Person],
    units: list[OrgUnit],
    parent: OrgUnit | None,
    competencies: list[Competency] | None = None,
    *,
    everyone: bool = False,
) -> gap_math.Rollup:
    """The figures of a unit heatmap's rows (`heatmap_units(parent)`) over these people.

    The parent's own row counts only the people placed directly in it; each
    sub-unit's row counts everyone in its subtree (read off the unit paths).
    When `people` is everyone active (`everyone`), the figures stored ahead of
    time (`workforce.gap_figures`) answer while they are fresh.
    """
    if competencies is None:
        competencies = sub_competencies(framework)
    if everyone:
        stored = stored_rollup(framework, units, competencies, direct_first=parent is not None)
        if stored is not None:
            return stored
    prefix = parent.path if parent is not None else "/"
    row_of_step = {str(unit.pk): g for g, unit in enumerate(units)}
    row_of_unit: dict[int, int] = {}
    for unit_id, path in OrgUnit.objects.filter(path__startswith=prefix).values_list("pk", "path"):
        if parent is not None and unit_id == parent.pk:
            row_of_unit[unit_id] = 0
            continue
        g = row_of_step.get(path[len(prefix) :].split("/", 1)[0])
        if g is not None:
            row_of_unit[unit_id] = g
    if parent is not None:
        people = people.filter(position__org_unit__path__startswith=parent.path)
    return gap_rollup(
        framework, people, row_of_unit=row_of_unit, rows=len(units), competencies=competencies
    )


def unit_heatmap(framework: Framework, parent: OrgUnit | None) -> UnitHeatmap:
    """Roll people's gaps up into the units directly below `parent` (or the top units).

    Everyone in a unit's subtree counts toward it.
    """
    units = heatmap_units(parent)
    competencies = sub_competencies(framework)
    return UnitHeatmap(
        units=units,
        competencies=competencies,
        rollup=heatmap_rollup(
            framework, Person.objects.active(), units, parent, competencies, everyone=True
        ),
    )


def unit_heatmap_for(user, framework: Framework, parent: OrgUnit | None) -> UnitHeatmapView:
    """The units below `parent` (or the top units) x sub-competencies, for this viewer.

    The parent's own row counts only the people placed directly in it; each
    sub-unit's row counts everyone in its subtree. Only people whose ratings
    the viewer may see are counted (the restriction is part of the query),
    and rows with nobody counted are left out.
    """
    units = heatmap_units(parent)
    competencies = sub_competencies(framework)
    rollup = heatmap_rollup(
        framework,
        people_whose_ratings_are_visible(user),
        units,
        parent,
        competencies,
        everyone=is_workforce_manager(user),
    )
    rows = [
        UnitRow(
            unit=unit,
            people=int(rollup.people[g]),
            direct_only=parent is not None and g == 0,
            cells=_cells(competencies, rollup, g),
        )
        for g, unit in enumerate(units)
        if rollup.people[g] > 0
    ]
    # The rows share nobody (the parent's own row holds only the people placed
    # directly in it), so their sum is the whole unit, or all the top units.
    summed = gap_math.Rollup(
        people=rollup.people.sum(keepdims=True),
        **{name: getattr(rollup, name).sum(axis=0, keepdims=True) for name in FIGURES},
    )
    total = None
    if len(rows) > 1:
        total = UnitRow(
            unit=parent,
            people=int(summed.people[0]),
            direct_only=False,
            cells=_cells(competencies, summed, 0),
        )
    return UnitHeatmapView(
        parent=parent,
        competencies=competencies,
        rows=rows,
        total=total,
        top_gaps=top_gaps(competencies, summed) if rows else [],
    )


class CellMarkup:
    """The cells of a unit heatmap's rows as HTML, built in Python once per page.

    A directorate's heatmap holds hundreds of cells, each with a link, a
    tooltip, a figure and its words for screen readers. Written as template
    tags they cost more than everything else on the page together; here each
    column's link and code are escaped once, and every figure is a number
    this module computed, so a cell is one string format.
    """

    def __init__(self, competencies: list[Competency], *, framework_slug: str, measure: str):
        people = reverse("workforce:heatmap-people")
        slug = quote(framework_slug, safe="/")
        self.measure = measure
        self.columns = [
            f"{people}?unit={{unit}}&amp;competency={escape(quote(c.code, safe='/'))}"
            f"&amp;framework={escape(slug)}#col-{escape(c.code)}"
            for c in competencies
        ]

    def row(self, row: UnitRow) -> SafeString:
        """The row's cells; each opens the unit's people with its column chosen.

        A row without a unit (the total of the top units) has no people page:
        its cells are figures without a link.
        """
        shortfall_measure = self.measure == "shortfall"
        parts = []
        for cell, link in zip(row.cells, self.columns, strict=True):
            if not cell.is_required:
                parts.append(NOT_REQUIRED_CELL)
                continue
            shortfall = f"{cell.shortfall:.1f}"
            nobody = "; nobody proficient" if cell.nobody_proficient else ""
            if shortfall_measure:
                band, shown = cell.shortfall_band, shortfall
            else:
                band, shown = cell.percent_band, f"{cell.percent}%"
            flag = NOBODY_FLAG if cell.nobody_proficient else ""
            words = f"{cell.meeting} of {cell.required} meet; mean shortfall {shortfall} levels"
            if row.unit is None:
                parts.append(
                    f'<td class="seccoop-heat__cell seccoop-heat--{band}">{shown}{flag}'
                    f'<span class="usa-sr-only">: {words}{nobody}</span></td>'
                )
                continue
            parts.append(
                f'<td class="seccoop-heat__cell seccoop-heat--{band}">'
                f'<a href="{link.format(unit=row.unit.pk)}" title="{cell.meeting} of '
                f"{cell.required} meet the requirement; mean shortfall {shortfall} levels"
                f'{nobody}">{shown}{flag}<span class="usa-sr-only">: {words}{nobody}</span>'
                "</a></td>"
            )
        # Every piece is a number, a band name or a link escaped above.
        return mark_safe("".join(parts))  # noqa: S308


NOT_REQUIRED_CELL = (
    '<td class="seccoop-heat__cell seccoop-heat--none"><span aria-hidden="true">—</span>'
    '<span class="usa-sr-only">not required</span></td>'
)
NOBODY_FLAG = '<span class="seccoop-heat__flag" aria-hidden="true">!</span>'


# --- one unit's people --------------------------------------------------------


@dataclass(frozen=True)
class PersonCell:
    competency: Competency
    required: int
    current: int

    @property
    def shortfall(self) -> int:
        return max(self.required - self.current, 0)

    @property
    def band(self) -> str | None:
        if not self.required:
            return None
        return BANDS[min(self.shortfall, len(BANDS) - 1)]


@dataclass(frozen=True)
class PersonRow:
    person: Person
    cells: list[PersonCell]


def people_in_unit_for(user, unit: OrgUnit) -> QuerySet[Person]:
    """People with a position in the unit's subtree whose ratings this user may see."""
    return (
        people_whose_ratings_are_visible(user)
        .filter(position__org_unit__path__startswith=unit.path)
        .select_related("position", "position__org_unit")
        .order_by("last_name", "first_name", "pk")
    )


def people_heatmap(framework: Framework, people: list[Person]) -> tuple[list, list[PersonRow]]:
    """People x sub-competencies: current level against what their position requires."""
    matrix = gap_matrix(framework, Person.objects.filter(pk__in=[p.pk for p in people]))
    index_of = {pk: i for i, pk in enumerate(matrix.person_ids.tolist())}
    rows = []
    for person in people:
        i = index_of.get(person.pk)
        if i is None:
            continue
        rows.append(
            PersonRow(
                person=person,
                cells=[
                    PersonCell(competency, int(required), int(current))
                    for competency, required, current in zip(
                        matrix.competencies,
                        matrix.required[i].tolist(),
                        matrix.current[i].tolist(),
                        strict=True,
                    )
                ],
            )
        )
    return matrix.competencies, rows


# --- dashboard figures ---------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    competency: Competency
    mean_shortfall: float
    required: int  # people required
    meeting: int


@dataclass(frozen=True)
class GapSummary:
    """Figures of a gap analysis over a group of people, for the dashboard."""

    people: int  # people with a position
    requirements: int  # person x sub-competency requirements
    requirements_met: int
    nobody_proficient: int  # required sub-competencies on which nobody is proficient
    biggest: list[Gap]

    @property
    def percent_met(self) -> int | None:
        if not self.requirements:
            return None
        return round(100 * self.requirements_met / self.requirements)


def gap_summary(
    framework: Framework, people: QuerySet[Person], *, top: int = 5, everyone: bool = False
) -> GapSummary:
    """The biggest gaps of a group: sub-competencies by mean shortfall among required people.

    When the group is everyone active (`everyone`), the figures stored ahead of
    time for the top org units are added up while they are fresh.
    """
    competencies = sub_competencies(framework)
    rollup = None
    if everyone:
        rollup = stored_rollup(
            framework,
            list(OrgUnit.objects.filter(parent__isnull=True)),
            competencies,
            direct_first=False,
        )
    if rollup is not None:
        rollup = gap_math.Rollup(
            people=rollup.people.sum(keepdims=True),
            **{name: getattr(rollup, name).sum(axis=0, keepdims=True) for name in FIGURES},
        )
    else:
        rollup = gap_rollup(framework, people, competencies=competencies)
    mean = np.nan_to_num(rollup.mean_shortfall[0], nan=0.0)
    order = np.argsort(-mean, kind="stable")
    biggest = [
        Gap(
            competency=competencies[c],
            mean_shortfall=float(mean[c]),
            required=int(rollup.required[0, c]),
            meeting=int(rollup.meeting[0, c]),
        )
        for c in order[:top].tolist()
        if mean[c] > 0
    ]
    return GapSummary(
        people=int(rollup.people[0]),
        requirements=int(rollup.required[0].sum()),
        requirements_met=int(rollup.meeting[0].sum()),
        nobody_proficient=int(rollup.nobody_proficient[0].sum()),
        biggest=biggest,
    )
