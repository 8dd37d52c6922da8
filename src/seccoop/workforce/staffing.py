"""Who can take this work, and who we cannot afford to lose.

Staffing ranks people against a hand-entered set of requirements (a
sub-competency and the lowest level wanted, per row); coverage counts the
proficient people per sub-competency and org unit, names the single points of
failure and shows what one person's departure would leave uncovered. The
figures come from `seccoop.analytics.staffing` and `.coverage`, fed with arrays
read in a fixed number of queries.

Who sees what: both read ratings, so both are limited to the people whose
ratings the viewer may see (the rule of `heatmaps.people_whose_ratings_are_visible`).
The pages are for those who staff work: a viewer who may see nobody's ratings
but their own (a team member, or someone with no role such as Nora) has
nobody to rank or compare and is refused with a 403, rather than shown a
ranking of one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet

from seccoop.analytics import coverage as coverage_math
from seccoop.analytics import staffing as staffing_math
from seccoop.competencies.models import Competency, Framework
from seccoop.workforce.gaps import sub_competencies
from seccoop.workforce.heatmaps import people_whose_ratings_are_visible
from seccoop.workforce.models import Assignment, CurrentLevel, OrgUnit, Person

STAFFING_REFUSED = (
    "Staffing compares the ratings of the people you supervise or manage, "
    "and there is nobody whose ratings you may see besides yourself."
)
CHOOSE_VISIBLE = "Choose one of the people whose ratings you may see."


def among_visible(user, person_id) -> Person | None:
    """The person of that id if the user may see their ratings, else None."""
    return people_whose_ratings_are_visible(user).filter(pk=person_id).first()


def may_staff(user) -> bool:
    """Whether the user may see the ratings of anyone besides themselves."""
    people = people_whose_ratings_are_visible(user)
    own = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if own is not None:
        people = people.exclude(pk=own.pk)
    return people.exists()


@dataclass(frozen=True)
class LevelMatrix:
    """People x sub-competencies of current levels (0 where unrated)."""

    people: list[Person]  # with position and org unit loaded
    competencies: list[Competency]
    levels: np.ndarray
    proficient_level: int


def level_matrix(framework: Framework, people: QuerySet[Person]) -> LevelMatrix:
    """Read the current levels of the people in three queries, whatever their number."""
    competencies = sub_competencies(framework)
    column = {competency.pk: c for c, competency in enumerate(competencies)}
    rows = list(
        people.select_related("position", "position__org_unit", "org_unit").order_by(
            "last_name", "first_name", "pk"
        )
    )
    index_of = {person.pk: p for p, person in enumerate(rows)}
    levels = np.zeros((len(rows), len(competencies)), dtype=np.int16)
    if rows:
        for person_id, competency_id, level in CurrentLevel.objects.filter(
            person__in=people, competency__framework=framework
        ).values_list("person_id", "competency_id", "level"):
            if person_id in index_of and competency_id in column:
                levels[index_of[person_id], column[competency_id]] = level
    return LevelMatrix(rows, competencies, levels, framework.scale.proficient_value)


def unit_of(person: Person) -> OrgUnit | None:
    """The unit a person works in: their position's, else the one they are placed in."""
    position = getattr(person, "position", None)
    return position.org_unit if position is not None else person.org_unit


# --- staffing ------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    competency: Competency
    level: int


@dataclass(frozen=True)
class RequirementCatalog:
    """What a hand-entered requirement may name: the sub-competencies and the levels."""

    framework: Framework
    by_code: dict[str, Competency]
    levels: list[int]  # the scale's levels above 0


def requirement_catalog(framework: Framework) -> RequirementCatalog:
    by_code = {competency.code: competency for competency in sub_competencies(framework)}
    levels = sorted(framework.scale.levels.filter(value__gt=0).values_list("value", flat=True))
    return RequirementCatalog(framework, by_code, levels)


def requirements_from(
    framework: Framework | RequirementCatalog,
    rows: Sequence[tuple[str, object]],
    *,
    field: str = "requirements",
) -> list[Requirement]:
    """Hand-entered requirements, checked as the staffing page checks its rows.

    Each row is (sub-competency code, lowest level wanted): a sub-competency of
    the framework, a level of its scale above 0, each sub-competency once, at
    least one row. Any problem is a ValidationError naming the row's field,
    such as `requirements[1].level`; nothing is ranked then. Checking many
    sets, pass one `requirement_catalog` instead of the framework.
    """
    catalog = (
        framework if isinstance(framework, RequirementCatalog) else requirement_catalog(framework)
    )
    by_code, levels, framework = catalog.by_code, catalog.levels, catalog.framework
    errors: dict[str, list[str]] = {}
    found: list[Requirement] = []
    seen: set[str] = set()
    if not rows:
        errors[field] = ["Choose at least one sub-competency and level."]
    for i, (code, level) in enumerate(rows):
        where = f"{field}[{i}]"
        code = str(code or "").strip()
        competency = by_code.get(code)
        if competency is None:
            errors[f"{where}.code"] = [f"No sub-competency {code!r} in {framework.slug}."]
        elif code in seen:
            errors[f"{where}.code"] = [
                f"Each sub-competency once, please: {code} appears more than once."
            ]
        seen.add(code)
        if isinstance(level, bool) or not isinstance(level, int) or level not in levels:
            errors[f"{where}.level"] = [
                f"The lowest level wanted is one of {', '.join(map(str, levels))}."
            ]
        if competency is not None and f"{where}.level" not in errors:
            found.append(Requirement(competency, level))
    if errors:
        raise ValidationError(errors)
    return found


@dataclass(frozen=True)
class RequirementFit:
    requirement: Requirement
    level: int  # the person's current level
    met: float  # share of the minimum reached, 0 to 1
    practised: int = 0  # work records with confirmed evidence of practice on it

    @property
    def words(self) -> str:
        code, wanted = self.requirement.competency.code, self.requirement.level
        if self.met >= 1:
            text = f"meets {code} (level {self.level}, {wanted} wanted)"
        elif self.level == 0:
            text = f"no rating on {code} ({wanted} wanted)"
        else:
            text = f"short on {code} (level {self.level} of the {wanted} wanted)"
        if self.practised:
            records = "record" if self.practised == 1 else "records"
            text += f", practised on {self.practised} work {records}"
        return text


@dataclass(frozen=True)
class Qualification:
    """A yes/no requirement beside the ratings, such as holding the desk of a record's country."""

    label: str  # "desk officer for Poland"
    holders: frozenset[int]  # ids of the people who have it


@dataclass(frozen=True)
class QualificationFit:
    qualification: Qualification
    met: float

    @property
    def words(self) -> str:
        verb = "is" if self.met >= 1 else "is not"
        return f"{verb} {self.qualification.label}"


@dataclass(frozen=True)
class RankedPerson:
    rank: int
    person: Person
    unit: OrgUnit | None
    score: float
    base: float
    penalty: float
    open_assignments: int
    lines: list[RequirementFit | QualificationFit]

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def explanation(self) -> str:
        """The score in plain words: each requirement, then the workload."""
        met = sum(line.met >= 1 for line in self.lines)
        text = (
            f"Meets {met} of {len(self.lines)} requirements; "
            + "; ".join(line.words for line in self.lines)
            + f". Average {round(self.base * 100)}%."
        )
        if self.open_assignments:
            text += (
                f" {self.open_assignments} open assignments cost "
                f"{round(self.penalty * 100)} points."
            )
        return text


def open_assignments(people: list[Person]) -> np.ndarray:
    """Open assignments per person (to cases, agreements, programs, requests...), in one query."""
    return _open_assignment_counts([person.pk for person in people])


def _open_assignment_counts(person_ids: list[int], among=None) -> np.ndarray:
    """Open assignments per id of `person_ids`; `among` is a queryset of people that holds them."""
    counts = np.zeros(len(person_ids), dtype=np.int64)
    if not person_ids:
        return counts
    index_of = {pk: p for p, pk in enumerate(person_ids)}
    assignments = Assignment.objects.open()
    assignments = (
        assignments.filter(person__in=among.values("pk"))
        if among is not None
        else assignments.filter(person__in=person_ids)
    )
    for person_id, count in (
        assignments.order_by()
        .values("person_id")
        .annotate(count=Count("pk"))
        .values_list("person_id", "count")
    ):
        p = index_of.get(person_id)
        if p is not None:
            counts[p] = count
    return counts


# Reads confirmed evidence of practice: (people, sub-competency ids) ->
# (person id, sub-competency id, records practised on). The evidence lives
# with the work records (partners), which this app may not import, so that app
# hands its reader over when it starts (`read_practice_with`).
PracticeReader = Callable[[QuerySet, list[int]], Iterable[tuple[int, int, int]]]
_practice_reader: PracticeReader | None = None


def read_practice_with(reader: PracticeReader | None) -> None:
    """Let staffing rankings count confirmed evidence of practice, read by `reader`."""
    global _practice_reader
    _practice_reader = reader


class Ranking(Sequence):
    """The best-placed people, in order, out of everyone `considered`."""

    def __init__(self, rows: list[RankedPerson], considered: int):
        self.rows = rows
        self.considered = considered

    def __getitem__(self, index):
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def truncated(self) -> bool:
        return len(self.rows) < self.considered


# The staffing page and its API operation explain the best this many people; the rest are counted.
RANKING_SHOWN = 50


@dataclass(frozen=True)
class _Holdings:
    """What each of a set of people brings to some sub-competencies, read in three queries."""

    person_ids: list[int]  # in name order
    columns: dict[int, int]  # sub-competency id -> column of `levels` and `practised`
    levels: np.ndarray  # (P, C) current levels, 0 where unrated
    practised: np.ndarray  # (P, C) work records with confirmed evidence of practice
    load: np.ndarray  # (P,) open assignments


def _holdings(framework: Framework, people: QuerySet[Person], competency_ids) -> _Holdings:
    person_ids = list(people.order_by("last_name", "first_name", "pk").values_list("pk", flat=True))
    index_of = {pk: p for p, pk in enumerate(person_ids)}
    column = {pk: c for c, pk in enumerate(dict.fromkeys(competency_ids))}
    levels = np.zeros((len(person_ids), len(column)), dtype=np.int16)
    if person_ids and column:
        for person_id, competency_id, level in (
            CurrentLevel.objects.filter(
                competency_id__in=list(column),
                competency__framework=framework,
                person__in=people.values("pk"),
            )
            .order_by()
            .values_list("person_id", "competency_id", "level")
        ):
            p = index_of.get(person_id)
            if p is not None:
                levels[p, column[competency_id]] = level
    practised = np.zeros((len(person_ids), len(column)), dtype=np.int64)
    if person_ids and column and _practice_reader is not None:
        for person_id, competency_id, records in _practice_reader(people, list(column)):
            p = index_of.get(person_id)
            if p is not None and competency_id in column:
                practised[p, column[competency_id]] = records
    load = _open_assignment_counts(person_ids, among=people)
    return _Holdings(person_ids, column, levels, practised, load)


@dataclass(frozen=True)
class _Scored:
    """Everyone of a `_Holdings` scored against one requirement set, with the parts."""

    requirements: list[Requirement]
    qualifications: list[Qualification]
    have: np.ndarray  # (P, R + Q)
    practised: np.ndarray  # (P, R)
    load: np.ndarray  # (P,)
    result: staffing_math.Fit

    def order(self) -> np.ndarray:
        """Person indices, best first; between equal scores, the more practised first."""
        return self.result.ranking(tiebreak=self.practised.sum(axis=1))

    def explained(self, rank: int, person: Person, p: int) -> RankedPerson:
        requirements, result = self.requirements, self.result
        return RankedPerson(
            rank=rank,
            person=person,
            unit=unit_of(person),
            score=float(result.score[p]),
            base=float(result.base[p]),
            penalty=float(result.penalty[p]),
            open_assignments=int(self.load[p]),
            lines=[
                RequirementFit(
                    requirement,
                    int(self.have[p, r]),
                    float(result.met[p, r]),
                    int(self.practised[p, r]),
                )
                for r, requirement in enumerate(requirements)
            ]
            + [
                QualificationFit(qualification, float(result.met[p, len(requirements) + q]))
                for q, qualification in enumerate(self.qualifications)
            ],
        )


def _score(
    holdings: _Holdings,
    requirements: list[Requirement],
    qualifications: list[Qualification],
    workload_penalty: float,
) -> _Scored:
    """Qualifications count as requirements met or not (0/1 columns)."""
    requirements, qualifications = list(requirements), list(qualifications)
    columns = [holdings.columns[requirement.competency.pk] for requirement in requirements]
    people = len(holdings.person_ids)
    have = np.zeros((people, len(requirements) + len(qualifications)), dtype=np.int16)
    have[:, : len(requirements)] = holdings.levels[:, columns]
    index_of = {pk: p for p, pk in enumerate(holdings.person_ids)}
    for q, qualification in enumerate(qualifications):
        for pk in qualification.holders:
            p = index_of.get(pk)
            if p is not None:
                have[p, len(requirements) + q] = 1
    need = np.array([requirement.level for requirement in requirements] + [1] * len(qualifications))
    result = staffing_math.fit(
        have, need, open_assignments=holdings.load, workload_penalty=workload_penalty
    )
    return _Scored(
        requirements,
        qualifications,
        have,
        holdings.practised[:, columns],
        holdings.load,
        result,
    )


def _people_shown(ids) -> dict[int, Person]:
    return Person.objects.select_related("position", "position__org_unit", "org_unit").in_bulk(
        list(ids)
    )


def rank_people(
    user,
    framework: Framework,
    requirements: list[Requirement],
    *,
    qualifications: list[Qualification] = (),
    workload_penalty: float = staffing_math.WORKLOAD_PENALTY,
    limit: int | None = None,
    within: OrgUnit | None = None,
) -> Ranking:
    """The people whose ratings the user may see, best fit to the requirements first.

    `within` keeps the people placed in that unit or below it (the heatmap's
    onward link ranks a unit's own people for one of its gaps).

    Qualifications count as requirements met or not (0/1 columns). Everyone is
    scored from the levels of the required sub-competencies alone; between
    equal scores, confirmed practice on them (work records, see
    `read_practice_with`) ranks first. Only the best `limit` (everyone when
    None) are read in full and explained.
    """
    people = people_whose_ratings_are_visible(user)
    if within is not None:
        people = people.filter(position__org_unit__path__startswith=within.path)
    holdings = _holdings(framework, people, [r.competency.pk for r in requirements])
    scored = _score(holdings, requirements, qualifications, workload_penalty)
    order = scored.order()
    if limit is not None:
        order = order[:limit]
    ids = holdings.person_ids
    shown = _people_shown(ids[p] for p in order.tolist())
    rows = [
        scored.explained(rank, shown[ids[p]], p) for rank, p in enumerate(order.tolist(), start=1)
    ]
    return Ranking(rows, considered=len(ids))


# --- assigning people to a set of records -------------------------------------------


@dataclass(frozen=True)
class Opening:
    """One record to staff, by what it needs: a name, requirements and qualifications."""

    label: str
    requirements: list[Requirement]
    qualifications: list[Qualification] = ()


@dataclass(frozen=True)
class Placement:
    opening: Opening
    # The person given the record, explained as in a ranking (`rank` is their place
    # in this record's own ranking); None when nobody is given it.
    chosen: RankedPerson | None


@dataclass(frozen=True)
class StaffingPlan:
    placements: list[Placement]
    total_fit: float  # the sum of the chosen people's fits
    considered: int  # the candidates


def assign_people(
    framework: Framework,
    openings: list[Opening],
    people: QuerySet[Person],
    *,
    capacity: int | dict[int, int] = 1,
    workload_penalty: float = staffing_math.WORKLOAD_PENALTY,
) -> StaffingPlan:
    """Give each opening at most one of `people`, maximising the total fit.

    Each person's fit to an opening is their fit in that opening's ranking
    (`rank_people`: the mean share of each minimum reached, less the workload
    penalty of the assignments they already carry). Each person takes at most
    `capacity` openings (one number for all, or per person id, 1 where not
    given). An opening stays unstaffed only when nobody still free would add
    to the total. The best total is found exactly (`analytics.staffing.assign`).
    The levels, practice and workload of everyone are read once, whatever the
    number of openings.
    """
    holdings = _holdings(
        framework,
        people,
        [r.competency.pk for opening in openings for r in opening.requirements],
    )
    ids = holdings.person_ids
    scored = [
        _score(holdings, opening.requirements, opening.qualifications, workload_penalty)
        for opening in openings
    ]
    fits = np.vstack([s.result.score for s in scored]) if scored else np.zeros((0, len(ids)))
    if isinstance(capacity, dict):
        slots = np.array([capacity.get(pk, 1) for pk in ids], dtype=np.int64)
    else:
        slots = np.full(len(ids), capacity, dtype=np.int64)
    plan = staffing_math.assign(fits.reshape(len(openings), len(ids)), slots)
    chosen = plan.person.tolist()
    shown = _people_shown(ids[p] for p in chosen if p >= 0)
    placements = []
    for opening, s, p in zip(openings, scored, chosen, strict=True):
        if p < 0:
            placements.append(Placement(opening, None))
            continue
        rank = int(np.nonzero(s.order() == p)[0][0]) + 1
        placements.append(Placement(opening, s.explained(rank, shown[ids[p]], p)))
    return StaffingPlan(placements, plan.total_fit, considered=len(ids))


# --- coverage ------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    competency: Competency
    proficient: int
    by_unit: list[int]  # in the order of CoverageView.units
    sole_holder: Person | None
    lost: bool = False  # nobody proficient any more without the chosen person
    newly_single: bool = False


@dataclass(frozen=True)
class CoverageView:
    people: list[Person]  # whose ratings are counted
    units: list[OrgUnit]
    rows: list[CoverageRow]
    proficient_level: int
    without: Person | None

    @property
    def single_points_of_failure(self) -> list[CoverageRow]:
        return [row for row in self.rows if row.proficient == 1]

    @property
    def lost(self) -> list[CoverageRow]:
        return [row for row in self.rows if row.lost]

    @property
    def newly_single(self) -> list[CoverageRow]:
        return [row for row in self.rows if row.newly_single]

    @property
    def what_if(self) -> list[str]:
        """What the chosen person's departure would change, in plain words (none without one)."""
        if self.without is None:
            return []
        lost, single = self.lost, self.newly_single
        if lost:
            noun = "sub-competency" if len(lost) == 1 else "sub-competencies"
            codes = ", ".join(row.competency.code for row in lost)
            sentences = [f"Nobody would be proficient any more on {len(lost)} {noun}: {codes}."]
        else:
            sentences = ["No sub-competency would be left without a proficient person."]
        if single:
            codes = ", ".join(row.competency.code for row in single)
            sentences.append(f"One person would be left on {codes}.")
        return sentences


def coverage_for(user, framework: Framework, *, without: Person | None = None) -> CoverageView:
    """Proficient people per sub-competency and unit, among those the user may see.

    With `without`, the figures are those that would hold if that person left
    (and `lost` / `newly_single` name what their departure changes).
    """
    matrix = level_matrix(framework, people_whose_ratings_are_visible(user))
    units: list[OrgUnit] = []
    unit_index: dict[int, int] = {}
    group = np.full(len(matrix.people), -1, dtype=np.int64)
    for p, person in enumerate(matrix.people):
        unit = unit_of(person)
        if unit is None:
            continue
        if unit.pk not in unit_index:
            unit_index[unit.pk] = len(units)
            units.append(unit)
        group[p] = unit_index[unit.pk]
    # Units in tree order, so sub-units follow their parents.
    order = sorted(range(len(units)), key=lambda g: units[g].path)
    remap = np.empty(len(units), dtype=np.int64)
    remap[order] = np.arange(len(units))
    group = np.where(group >= 0, remap[np.clip(group, 0, None)], -1) if units else group
    units = [units[g] for g in order]

    removed = next((p for p, person in enumerate(matrix.people) if person == without), None)
    if without is not None and removed is None:
        raise ValueError(f"{without} is not among the people you may see.")
    if removed is None:
        shown = coverage_math.coverage(matrix.levels, matrix.proficient_level, group, len(units))
        lost = newly_single = np.array([], dtype=np.int64)
    else:
        what_if = coverage_math.without_person(
            matrix.levels, matrix.proficient_level, removed, group, len(units)
        )
        shown, lost, newly_single = what_if.after, what_if.lost, what_if.newly_single
    lost_set, single_set = set(lost.tolist()), set(newly_single.tolist())
    rows = [
        CoverageRow(
            competency=competency,
            proficient=int(shown.proficient[c]),
            by_unit=shown.by_group[:, c].tolist(),
            sole_holder=matrix.people[shown.sole_holder[c]] if shown.sole_holder[c] >= 0 else None,
            lost=c in lost_set,
            newly_single=c in single_set,
        )
        for c, competency in enumerate(matrix.competencies)
    ]
    return CoverageView(matrix.people, units, rows, matrix.proficient_level, without)
