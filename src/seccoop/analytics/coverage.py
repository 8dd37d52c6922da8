"""Coverage: how many people are proficient on each sub-competency, and who we cannot lose.

Arrays are people x sub-competencies of current levels (0 where unrated). A
single point of failure is a sub-competency on which exactly one person is
proficient: if that person leaves, nobody is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse


@dataclass(frozen=True)
class Coverage:
    proficient: np.ndarray  # (C,) proficient people per sub-competency
    by_group: np.ndarray  # (G, C) proficient people per group and sub-competency
    sole_holder: np.ndarray  # (C,) the only proficient person's index, else -1

    @property
    def single_points_of_failure(self) -> np.ndarray:
        """Sub-competency indices with exactly one proficient person."""
        return np.nonzero(self.proficient == 1)[0]

    @property
    def uncovered(self) -> np.ndarray:
        """Sub-competency indices on which nobody is proficient."""
        return np.nonzero(self.proficient == 0)[0]


def coverage(
    levels: np.ndarray,
    proficient_level: int,
    group: np.ndarray | None = None,
    n_groups: int = 0,
) -> Coverage:
    """Count proficient people per sub-competency, overall and per group.

    `group[p]` is the index of person p's group (an org unit), or -1 for none.
    """
    levels = np.asarray(levels)
    people, columns = levels.shape
    proficient = levels >= proficient_level
    counts = proficient.sum(axis=0).astype(np.int64)
    first = np.argmax(proficient, axis=0) if people else np.zeros(columns, dtype=np.int64)
    sole = np.where(counts == 1, first, -1).astype(np.int64)
    if group is None:
        group = np.full(people, -1, dtype=np.int64)
    group = np.asarray(group, dtype=np.int64)
    keep = group >= 0
    membership = sparse.csr_matrix(
        (np.ones(int(keep.sum()), dtype=np.int64), (group[keep], np.nonzero(keep)[0])),
        shape=(n_groups, people),
    )
    by_group = np.asarray(membership @ proficient.astype(np.int64)).reshape(n_groups, columns)
    return Coverage(proficient=counts, by_group=by_group, sole_holder=sole)


@dataclass(frozen=True)
class WhatIf:
    """Coverage before and after one person leaves."""

    before: Coverage
    after: Coverage
    lost: np.ndarray  # sub-competencies on which nobody would be proficient any more
    newly_single: np.ndarray  # sub-competencies left with exactly one proficient person


def without_person(
    levels: np.ndarray,
    proficient_level: int,
    person: int,
    group: np.ndarray | None = None,
    n_groups: int = 0,
) -> WhatIf:
    """Coverage if person `person` (a row index) were gone."""
    levels = np.asarray(levels)
    if not 0 <= person < levels.shape[0]:
        raise IndexError(f"No person {person} among {levels.shape[0]}.")
    groups = None if group is None else np.asarray(group, dtype=np.int64)
    before = coverage(levels, proficient_level, groups, n_groups)
    remaining = np.delete(levels, person, axis=0)
    after_groups = None if groups is None else np.delete(groups, person)
    after = coverage(remaining, proficient_level, after_groups, n_groups)
    # Sole holders index the remaining rows; shift them back to the original people.
    sole = np.where(after.sole_holder >= person, after.sole_holder + 1, after.sole_holder)
    after = Coverage(after.proficient, after.by_group, np.where(after.proficient == 1, sole, -1))
    return WhatIf(
        before=before,
        after=after,
        lost=np.nonzero((before.proficient > 0) & (after.proficient == 0))[0],
        newly_single=np.nonzero((before.proficient > 1) & (after.proficient == 1))[0],
    )
