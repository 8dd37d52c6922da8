"""Gap analysis: people against the levels their positions require.

Arrays are people x sub-competencies. A required level of 0 means the
position asks nothing of that sub-competency; a current level of 0 means
no rating (or a rating of None).
"""

from dataclasses import dataclass

import numpy as np
from scipy import sparse


def shortfall(required: np.ndarray, current: np.ndarray) -> np.ndarray:
    """How many levels each person is below each requirement (0 where met or not required)."""
    return np.clip(required.astype(np.int16) - current.astype(np.int16), 0, None)


@dataclass(frozen=True)
class Rollup:
    """Per group (org unit) and sub-competency figures of a gap analysis."""

    people: np.ndarray  # (G,) people in the group
    required: np.ndarray  # (G, C) people whose position requires the sub-competency
    meeting: np.ndarray  # (G, C) of those, how many meet the requirement
    shortfall_sum: np.ndarray  # (G, C) total levels missing
    proficient: np.ndarray  # (G, C) people at or above the proficient level

    @property
    def share_meeting(self) -> np.ndarray:
        """Share of required people who meet the requirement; NaN where nobody is required."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.required > 0, self.meeting / self.required, np.nan)

    @property
    def mean_shortfall(self) -> np.ndarray:
        """Mean levels missing per required person; NaN where nobody is required."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.required > 0, self.shortfall_sum / self.required, np.nan)

    @property
    def nobody_proficient(self) -> np.ndarray:
        """Sub-competencies the group requires but on which nobody in it is proficient."""
        return (self.required > 0) & (self.proficient == 0)


def rollup(
    required: np.ndarray,
    current: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    proficient_level: int,
) -> Rollup:
    """Sum people's gaps into their groups.

    `group[p]` is the index of person p's group, or -1 for a person counted in
    none. The sums are one sparse matrix product per figure, so the cost is
    linear in people x sub-competencies.
    """
    required = np.asarray(required)
    current = np.asarray(current)
    group = np.asarray(group, dtype=np.int64)
    keep = group >= 0
    rows = group[keep]
    cols = np.nonzero(keep)[0]
    membership = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(n_groups, len(group))
    )
    is_required = required > 0
    meets = is_required & (current >= required)
    missing = shortfall(required, current)
    return Rollup(
        people=np.asarray(membership.sum(axis=1)).ravel(),
        required=membership @ is_required.astype(np.int64),
        meeting=membership @ meets.astype(np.int64),
        shortfall_sum=membership @ missing.astype(np.int64),
        proficient=membership @ (current >= proficient_level).astype(np.int64),
    )
