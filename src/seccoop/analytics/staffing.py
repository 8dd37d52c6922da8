"""Who can take this work: fit of people to a set of requirements, and the best assignment.

A requirement set is a list of columns, each with a minimum: a sub-competency
with the lowest level wanted, or a yes/no qualification (a country worked, a
language spoken) given as 0/1 with a minimum of 1. Arrays are people x
requirements.

A person's fit is the mean over the requirements of how much of each minimum
they reach, min(have / need, 1), so exceeding one requirement never makes up
for falling short on another, less a penalty for each open assignment they
already carry.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

# Fit lost per open assignment a person already carries.
WORKLOAD_PENALTY = 0.05


@dataclass(frozen=True)
class Fit:
    """The fit of each person to one requirement set, with its parts."""

    met: np.ndarray  # (P, R) share of each minimum reached, 0 to 1
    base: np.ndarray  # (P,) mean of `met`: the fit before workload
    penalty: np.ndarray  # (P,) workload penalty subtracted
    score: np.ndarray  # (P,) base - penalty

    def ranking(self, tiebreak: np.ndarray | None = None) -> np.ndarray:
        """Person indices, best fit first.

        Equal scores are ordered by `tiebreak` (P,), highest first, when given;
        remaining ties keep the input order.
        """
        if tiebreak is None:
            return np.argsort(-self.score, kind="stable")
        return np.lexsort((-np.asarray(tiebreak, dtype=np.float64), -self.score))


def fit(
    have: np.ndarray,
    need: np.ndarray,
    *,
    open_assignments: np.ndarray | None = None,
    workload_penalty: float = WORKLOAD_PENALTY,
) -> Fit:
    """Score people (rows of `have`) against the minimums `need` (one per column).

    A column whose minimum is 0 or less asks for nothing and counts as met.
    With no requirement at all, everyone's base fit is 1.
    """
    have = np.asarray(have, dtype=np.float64)
    need = np.asarray(need, dtype=np.float64)
    if have.ndim != 2 or have.shape[1] != need.shape[0]:
        raise ValueError(f"{have.shape} levels do not match {need.shape} requirements.")
    people = have.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        met = np.where(need > 0, np.minimum(np.clip(have, 0, None) / need, 1.0), 1.0)
    base = met.mean(axis=1) if need.size else np.ones(people)
    load = (
        np.zeros(people)
        if open_assignments is None
        else np.asarray(open_assignments, dtype=np.float64)
    )
    if load.shape != (people,):
        raise ValueError(f"{load.shape} workloads for {people} people.")
    penalty = workload_penalty * load
    return Fit(met=met, base=base, penalty=penalty, score=base - penalty)


@dataclass(frozen=True)
class Assignment:
    """Which person takes each record: `person[r]` is a person index, or -1 for nobody."""

    person: np.ndarray  # (records,)
    total_fit: float


def assign(fit_matrix: np.ndarray, capacity: np.ndarray) -> Assignment:
    """Give each record at most one person, each person at most `capacity` records,
    maximising the total fit.

    `fit_matrix` is records x people. Each person is expanded into `capacity`
    identical slots, and one "nobody" slot of fit 0 is added per record, so a
    record stays unstaffed only when every person still free would lower the
    total (a negative fit), or when there are more records than slots. The
    expanded problem is a rectangular assignment solved exactly by
    `linear_sum_assignment`.
    """
    fit_matrix = np.asarray(fit_matrix, dtype=np.float64)
    capacity = np.asarray(capacity, dtype=np.int64)
    records, people = fit_matrix.shape
    if capacity.shape != (people,) or (capacity < 0).any():
        raise ValueError("One non-negative capacity per person.")
    # A person is never given more slots than there are records.
    per_person = np.minimum(capacity, records)
    slots = np.repeat(np.arange(people), per_person)
    gains = fit_matrix if (per_person == 1).all() else fit_matrix[:, slots]
    # "Nobody" slots change the answer only when a fit is negative or slots run
    # short; otherwise every record is staffed and they would only cost time.
    if len(slots) < records or (records and gains.min() < 0):
        gains = np.hstack([gains, np.zeros((records, records))])
    rows, cols = linear_sum_assignment(gains, maximize=True)
    person = np.full(records, -1, dtype=np.int64)
    staffed = cols < len(slots)
    person[rows[staffed]] = slots[cols[staffed]]
    total = float(gains[rows, cols].sum())
    return Assignment(person=person, total_fit=total)
