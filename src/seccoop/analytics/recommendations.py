"""Which courses close the most of a gap: for one person, and for a unit's training seats.

Arrays, columns being the sub-competencies of a framework:

- `required`, `current`: the level a position requires and the level the person
  has (for a unit, one row per person);
- `builds`: one row per course, the level the course builds each sub-competency
  to (0 where it does not build it).

A sub-competency's *weight* is how far below the requirement the person is
(its shortfall, in levels). A course *closes* on a sub-competency the levels
between the person's current level and the lower of what the course builds and
what is required. A set of courses closes, on each sub-competency, what its
best course closes there (taking two courses on the same thing does not add
up). The *value* of a set is the sum, over sub-competencies, of weight times
levels closed: a level closed where someone is three below counts three times
as much as one where they are one below.

The value of a set is monotone and submodular, so the greedy choice is good
but not always best. `best_courses` finds the best set of at most `top`
courses exactly, by branch and bound with a submodular bound, and falls back
to the greedy choice (saying so) only if the search grows past a budget.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Search nodes before `best_courses` gives up exactness for the greedy choice.
SEARCH_BUDGET = 200_000


def shortfall(required: np.ndarray, current: np.ndarray) -> np.ndarray:
    """Levels below the requirement, never negative."""
    return np.clip(required.astype(np.int32) - current.astype(np.int32), 0, None)


def closure(required: np.ndarray, current: np.ndarray, builds: np.ndarray) -> np.ndarray:
    """Levels each course closes for one person: courses x sub-competencies."""
    required = required.astype(np.int32)
    current = current.astype(np.int32)
    reach = np.minimum(builds.astype(np.int32), required[np.newaxis, :])
    return np.clip(reach - current[np.newaxis, :], 0, None)


def set_value(required, current, builds, chosen) -> int:
    """The weighted levels a set of courses closes for one person."""
    chosen = list(chosen)
    if not chosen:
        return 0
    weight = shortfall(required, current)
    closed = closure(required, current, builds)[chosen].max(axis=0)
    return int(closed @ weight)


@dataclass(frozen=True)
class Line:
    """One sub-competency a chosen course closes, as a supervisor reads it."""

    course: int
    column: int
    required: int
    current: int
    weight: int
    builds: int
    closed: int  # levels this course closes beyond the courses chosen before it

    @property
    def value(self) -> int:
        return self.closed * self.weight


@dataclass(frozen=True)
class Selection:
    """The chosen courses, in the order they add value, and why."""

    courses: tuple[int, ...]
    value: int
    gap: int  # the weighted gap before any course: sum of weight x shortfall
    exact: bool
    lines: tuple[Line, ...]

    def lines_of(self, course: int) -> list[Line]:
        return [line for line in self.lines if line.course == course]

    def value_of(self, course: int) -> int:
        return sum(line.value for line in self.lines_of(course))


def _explain(required, current, builds, weight, closed, order) -> tuple[Line, ...]:
    lines = []
    reached = np.zeros(closed.shape[1], dtype=np.int32)
    for course in order:
        added = np.clip(closed[course] - reached, 0, None)
        for column in np.flatnonzero(added):
            lines.append(
                Line(
                    course=int(course),
                    column=int(column),
                    required=int(required[column]),
                    current=int(current[column]),
                    weight=int(weight[column]),
                    builds=int(builds[course, column]),
                    closed=int(added[column]),
                )
            )
        reached = np.maximum(reached, closed[course])
    return tuple(lines)


def _by_marginal_value(closed, weight, chosen) -> list[int]:
    """The chosen courses ordered as a greedy pass would add them."""
    order, reached, left = [], np.zeros(closed.shape[1], dtype=np.int32), list(chosen)
    while left:
        gains = [int((np.maximum(closed[c], reached) - reached) @ weight) for c in left]
        pick = left[int(np.argmax(gains))]
        order.append(pick)
        left.remove(pick)
        reached = np.maximum(reached, closed[pick])
    return order


def _candidates(closed, weight, hours) -> list[int]:
    """Courses that close something, without those another course does at least as well.

    A course is dominated when another, taking no more hours, closes at least
    as much on every sub-competency: swapping it for that one never makes a
    set worse (equal courses keep the earlier row).
    """
    useful = np.flatnonzero(closed @ weight > 0)
    if useful.size == 0:
        return []
    rows, cost = closed[useful], hours[useful]
    kept = []
    for i, c in enumerate(useful.tolist()):
        covers = np.all(rows >= rows[i], axis=1) & (cost <= cost[i])
        better = np.any(rows > rows[i], axis=1) | (cost < cost[i]) | (useful < c)
        covers[i] = False
        if not np.any(covers & better):
            kept.append(c)
    return kept


def _key(value: int, chosen: tuple[int, ...], hours) -> tuple:
    """Higher value first, then fewer hours, then fewer courses, then the earlier courses."""
    return (-value, float(sum(hours[c] for c in chosen)), len(chosen), tuple(sorted(chosen)))


def greedy_courses(closed, weight, top: int) -> tuple[int, ...]:
    chosen: list[int] = []
    reached = np.zeros(closed.shape[1], dtype=np.int32)
    for _ in range(top if closed.shape[0] else 0):
        gains = (np.maximum(closed, reached) - reached) @ weight
        if chosen:
            gains[chosen] = 0
        best = int(np.argmax(gains))
        if gains[best] <= 0:
            break
        chosen.append(best)
        reached = np.maximum(reached, closed[best])
    return tuple(chosen)


def best_courses(
    required: np.ndarray,
    current: np.ndarray,
    builds: np.ndarray,
    *,
    top: int = 3,
    hours: np.ndarray | None = None,
    budget: int = SEARCH_BUDGET,
) -> Selection:
    """The set of at most `top` courses that closes the most weighted gap for one person.

    Ties go to fewer hours (then fewer courses, then earlier rows). Courses
    that close nothing are never chosen, so fewer than `top` may come back.
    """
    required = np.asarray(required, dtype=np.int32)
    current = np.asarray(current, dtype=np.int32)
    builds = np.asarray(builds, dtype=np.int32).reshape(-1, required.shape[0])
    hours = np.zeros(builds.shape[0]) if hours is None else np.asarray(hours, dtype=float)
    weight = shortfall(required, current)
    gap = int(weight @ weight)
    closed = closure(required, current, builds)
    wclosed = closed * weight[np.newaxis, :]
    candidates = _candidates(closed, weight, hours)
    # Most valuable alone first, so good sets are met early and the bound prunes more.
    candidates.sort(key=lambda c: (-int(wclosed[c].sum()), hours[c], c))

    def value_of(chosen) -> int:
        return int(closed[list(chosen)].max(axis=0) @ weight) if chosen else 0

    greedy = greedy_courses(closed, weight, top)
    best = (_key(value_of(greedy), greedy, hours), greedy)
    nodes = 0
    exact = True

    def search(start: int, chosen: tuple[int, ...], reached: np.ndarray, value: int) -> None:
        nonlocal best, nodes, exact
        nodes += 1
        if nodes > budget:
            exact = False
            return
        key = _key(value, chosen, hours)
        if chosen and key < best[0]:
            best = (key, chosen)
        room = top - len(chosen)
        rest = candidates[start:]
        if room == 0 or not rest:
            return
        gains = ((np.maximum(closed[rest], reached) - reached) @ weight).astype(np.int64)
        # Submodularity: no `room` further courses add more than the `room` best gains.
        bound = value + int(np.sort(gains)[::-1][:room].sum())
        if bound < -best[0][0]:
            return
        for offset, course in enumerate(rest):
            if gains[offset] <= 0:
                continue
            search(
                start + offset + 1,
                (*chosen, course),
                np.maximum(reached, closed[course]),
                value + int(gains[offset]),
            )
            if not exact:
                return

    search(0, (), np.zeros(required.shape[0], dtype=np.int32), 0)
    chosen = best[1] if exact else greedy
    order = _by_marginal_value(closed, weight, chosen)
    return Selection(
        courses=tuple(order),
        value=value_of(chosen),
        gap=gap,
        exact=exact,
        lines=_explain(required, current, builds, weight, closed, order),
    )


@dataclass(frozen=True)
class UnitCourse:
    """A course for a unit: how much gap it closes across the people, and for how many."""

    course: int
    value: int  # weighted levels closed, summed over people
    levels: int  # levels closed, summed over people
    seats: int  # people it closes something for
    people: tuple[int, ...]  # their rows


def rank_for_unit(
    required: np.ndarray,
    current: np.ndarray,
    builds: np.ndarray,
    *,
    top: int = 10,
    hours: np.ndarray | None = None,
) -> list[UnitCourse]:
    """Courses ranked by the weighted gap each closes across a unit's people (people x columns).

    Each course is judged on its own (one seat per person it helps), for
    planning how many seats of which course a unit needs.
    """
    required = np.asarray(required, dtype=np.int32)
    current = np.asarray(current, dtype=np.int32)
    builds = np.asarray(builds, dtype=np.int32).reshape(-1, required.shape[1])
    hours = np.zeros(builds.shape[0]) if hours is None else np.asarray(hours, dtype=float)
    weight = shortfall(required, current)
    found = []
    for course in range(builds.shape[0]):
        reach = np.minimum(builds[course][np.newaxis, :], required)
        closed = np.clip(reach - current, 0, None)
        per_person = (closed * weight).sum(axis=1)
        helped = np.flatnonzero(per_person > 0)
        if helped.size == 0:
            continue
        found.append(
            UnitCourse(
                course=course,
                value=int(per_person.sum()),
                levels=int(closed.sum()),
                seats=int(helped.size),
                people=tuple(int(p) for p in helped),
            )
        )
    found.sort(key=lambda item: (-item.value, hours[item.course], item.course))
    return found[:top]
