"""Fit of people to requirements, and the assignment of people to records."""

import itertools

import numpy as np
import pytest

from seccoop.analytics.staffing import assign, fit


def test_a_person_meeting_every_minimum_has_a_fit_of_one():
    result = fit(np.array([[3, 4]]), np.array([3, 2]))
    assert result.score.tolist() == [1.0]


def test_fit_is_the_mean_share_of_each_minimum_reached():
    # 1.A: 2 of 4 wanted -> 0.5; 4.C: 3 of 3 -> 1; mean 0.75.
    result = fit(np.array([[2, 3]]), np.array([4, 3]))
    assert result.met.tolist() == [[0.5, 1.0]]
    assert result.score.tolist() == [0.75]


def test_exceeding_one_minimum_does_not_make_up_for_missing_another():
    result = fit(np.array([[5, 0]]), np.array([2, 2]))
    assert result.score.tolist() == [0.5]


def test_a_yes_no_column_counts_fully_or_not_at_all():
    # Speaks the language (1 of 1) but is unrated on the sub-competency.
    result = fit(np.array([[0, 1]]), np.array([3, 1]))
    assert result.met.tolist() == [[0.0, 1.0]]


def test_each_open_assignment_costs_the_workload_penalty():
    result = fit(
        np.array([[3], [3]]), np.array([3]), open_assignments=np.array([0, 2]), workload_penalty=0.1
    )
    assert result.penalty.tolist() == [0.0, 0.2]
    assert result.score.tolist() == pytest.approx([1.0, 0.8])


def test_the_ranking_puts_the_best_fit_first_and_keeps_ties_in_order():
    result = fit(np.array([[1], [3], [3], [2]]), np.array([3]))
    assert result.ranking().tolist() == [1, 2, 3, 0]


def test_a_busier_equal_person_ranks_below_a_free_one():
    result = fit(np.array([[4], [4]]), np.array([3]), open_assignments=np.array([3, 0]))
    assert result.ranking().tolist() == [1, 0]


def test_levels_and_requirements_of_different_widths_are_refused():
    with pytest.raises(ValueError, match="do not match"):
        fit(np.zeros((2, 3)), np.array([1, 2]))


def test_each_record_goes_to_the_best_person_with_capacity_left():
    # Two records both prefer person 0, who can take only one.
    gains = np.array([[0.9, 0.5], [0.8, 0.1]])
    result = assign(gains, np.array([1, 1]))
    assert result.person.tolist() == [1, 0]
    assert result.total_fit == pytest.approx(1.3)


def test_a_person_with_capacity_two_can_take_two_records():
    gains = np.array([[0.9, 0.5], [0.8, 0.1]])
    assert assign(gains, np.array([2, 1])).person.tolist() == [0, 0]


def test_records_beyond_everyone_s_capacity_stay_unstaffed():
    result = assign(np.array([[0.5], [0.9], [0.7]]), np.array([1]))
    assert result.person.tolist() == [-1, 0, -1]


def test_a_record_stays_unstaffed_rather_than_take_a_negative_fit():
    assert assign(np.array([[-0.2]]), np.array([1])).person.tolist() == [-1]


def brute_force_best_total(gains: np.ndarray, capacity: np.ndarray) -> float:
    records, people = gains.shape
    best = 0.0
    for choice in itertools.product(range(-1, people), repeat=records):
        taken = np.bincount([c for c in choice if c >= 0], minlength=people)
        if (taken > capacity).any():
            continue
        best = max(best, sum(gains[r, c] for r, c in enumerate(choice) if c >= 0))
    return best


# With no negative fit, and capacity one each, the solver takes its shortest path.
@pytest.mark.parametrize("lowest_fit", [-0.3, 0.0])
@pytest.mark.parametrize("seed", range(60))
def test_the_assignment_is_as_good_as_trying_every_possibility(seed, lowest_fit):
    rng = np.random.default_rng(seed)
    records, people = rng.integers(1, 5), rng.integers(1, 4)
    gains = rng.uniform(lowest_fit, 1.0, size=(records, people)).round(2)
    capacity = rng.integers(0, 3, size=people) if seed % 2 else np.ones(people, dtype=np.int64)
    result = assign(gains, capacity)
    taken = np.bincount(result.person[result.person >= 0], minlength=people)
    assert (taken <= capacity).all()
    staffed = result.person >= 0
    achieved = gains[np.nonzero(staffed)[0], result.person[staffed]].sum()
    assert achieved == pytest.approx(result.total_fit)
    assert result.total_fit == pytest.approx(brute_force_best_total(gains, capacity))
