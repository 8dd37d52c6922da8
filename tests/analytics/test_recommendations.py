"""The course recommendation arithmetic, on worked examples and against brute force."""

import itertools

import numpy as np
import pytest

from seccoop.analytics import recommendations as rec

# Three sub-competencies: required 4, 3, 2; the person has 1, 3, 0.
# Shortfalls (the weights) are 3, 0 and 2.
REQUIRED = np.array([4, 3, 2])
CURRENT = np.array([1, 3, 0])
BUILDS = np.array(
    [
        [3, 0, 0],  # A: first column to 3 -> closes 2 levels x weight 3 = 6
        [0, 5, 2],  # B: second is met already; third to 2 -> 2 x 2 = 4
        [4, 0, 1],  # C: first to 4 (3 x 3 = 9), third to 1 (1 x 2 = 2) -> 11
        [0, 0, 0],  # D: builds nothing
    ]
)


def test_the_weight_of_a_sub_competency_is_how_far_below_the_requirement_the_person_is():
    assert rec.shortfall(REQUIRED, CURRENT).tolist() == [3, 0, 2]


def test_a_course_closes_no_more_than_the_requirement_and_nothing_already_met():
    assert rec.closure(REQUIRED, CURRENT, BUILDS).tolist() == [
        [2, 0, 0],
        [0, 0, 2],
        [3, 0, 1],
        [0, 0, 0],
    ]


def test_two_courses_on_the_same_sub_competency_count_the_better_one_only():
    # A and C both build the first column; C goes further, A adds nothing to it.
    assert rec.set_value(REQUIRED, CURRENT, BUILDS, [0, 2]) == rec.set_value(
        REQUIRED, CURRENT, BUILDS, [2]
    )


def test_the_best_single_course_is_the_one_closing_the_most_weighted_gap():
    chosen = rec.best_courses(REQUIRED, CURRENT, BUILDS, top=1)
    assert chosen.courses == (2,)
    assert chosen.value == 11
    assert chosen.gap == 3 * 3 + 2 * 2


def test_the_best_pair_is_explained_line_by_line_and_the_lines_add_up_to_its_value():
    chosen = rec.best_courses(REQUIRED, CURRENT, BUILDS, top=2)
    assert chosen.courses == (2, 1)
    assert chosen.value == 13
    lines = [
        (x.course, x.column, x.required, x.current, x.builds, x.closed, x.value)
        for x in chosen.lines
    ]
    assert lines == [
        (2, 0, 4, 1, 4, 3, 9),  # C: first column from 1 to 4, three levels, weight 3
        (2, 2, 2, 0, 1, 1, 2),  # C: third column from 0 to 1, weight 2
        (1, 2, 2, 0, 2, 1, 2),  # B: the one level of the third column C left open
    ]
    assert sum(line.value for line in chosen.lines) == chosen.value
    assert chosen.value_of(2) == 11 and chosen.value_of(1) == 2


def test_courses_that_close_nothing_are_never_recommended():
    chosen = rec.best_courses(REQUIRED, CURRENT, BUILDS, top=4)
    assert 3 not in chosen.courses
    assert 0 not in chosen.courses  # A adds nothing once C is taken


def test_between_courses_of_equal_value_the_shorter_one_is_chosen():
    builds = np.array([[4, 0, 0], [4, 0, 0]])
    chosen = rec.best_courses(REQUIRED, CURRENT, builds, top=1, hours=np.array([40, 8]))
    assert chosen.courses == (1,)


def test_a_person_without_a_gap_gets_no_course():
    chosen = rec.best_courses(REQUIRED, REQUIRED, BUILDS, top=3)
    assert chosen.courses == () and chosen.value == 0 and chosen.gap == 0


def test_an_empty_catalog_recommends_nothing():
    chosen = rec.best_courses(REQUIRED, CURRENT, np.zeros((0, 3), dtype=int), top=3)
    assert chosen.courses == () and chosen.value == 0 and chosen.gap == 13


def test_the_exact_choice_beats_the_greedy_one_where_greedy_is_fooled():
    # Six sub-competencies, each one level short (weight 1). Greedy takes the
    # broad course first (4) and then gains one more level (5); the two
    # narrow courses together close all six.
    required = np.full(6, 2)
    current = np.full(6, 1)
    builds = np.array(
        [
            [0, 2, 2, 2, 2, 0],  # broad: four columns
            [2, 2, 2, 0, 0, 0],  # narrow: three columns
            [0, 0, 0, 2, 2, 2],  # narrow: the other three
        ]
    )
    weight = rec.shortfall(required, current)
    closed = rec.closure(required, current, builds)
    greedy = rec.greedy_courses(closed, weight, 2)
    exact = rec.best_courses(required, current, builds, top=2)
    assert rec.set_value(required, current, builds, greedy) == 5
    assert exact.value == 6
    assert sorted(exact.courses) == [1, 2]


def _brute_force(required, current, builds, top, hours):
    best = None
    for size in range(top + 1):
        for chosen in itertools.combinations(range(builds.shape[0]), size):
            value = rec.set_value(required, current, builds, chosen)
            key = rec._key(value, chosen, hours)
            if best is None or key < best[0]:
                best = (key, chosen)
    return best


@pytest.mark.parametrize("seed", range(60))
def test_the_choice_matches_brute_force_on_small_random_cases(seed):
    rng = np.random.default_rng(seed)
    columns = int(rng.integers(2, 7))
    courses = int(rng.integers(1, 9))
    top = int(rng.integers(1, 4))
    required = rng.integers(0, 6, size=columns)
    current = rng.integers(0, 6, size=columns)
    builds = rng.integers(0, 6, size=(courses, columns)) * (rng.random((courses, columns)) < 0.5)
    hours = rng.choice([4, 8, 16, 40], size=courses)
    chosen = rec.best_courses(required, current, builds, top=top, hours=hours)
    key, expected = _brute_force(required, current, builds, top, hours)
    assert chosen.exact
    assert chosen.value == -key[0]
    assert sorted(chosen.courses) == sorted(expected)
    assert sum(line.value for line in chosen.lines) == chosen.value


def test_past_its_budget_the_search_says_it_fell_back_to_the_greedy_choice():
    rng = np.random.default_rng(7)
    required = np.full(12, 5)
    current = np.zeros(12, dtype=int)
    builds = rng.integers(0, 6, size=(30, 12))
    chosen = rec.best_courses(required, current, builds, top=4, budget=5)
    assert not chosen.exact
    weight = rec.shortfall(required, current)
    greedy = rec.greedy_courses(rec.closure(required, current, builds), weight, 4)
    assert sorted(chosen.courses) == sorted(greedy)


def test_a_unit_ranking_counts_the_gap_closed_and_the_seats_across_its_people():
    required = np.array([[3, 2], [3, 2], [1, 1]])
    current = np.array([[1, 2], [2, 0], [1, 1]])
    builds = np.array(
        [
            [3, 0],  # person 0: 2 levels x 2 = 4; person 1: 1 x 1 = 1 -> 5, two seats
            [0, 2],  # person 1: 2 levels x 2 = 4 -> 4, one seat
            [1, 0],  # closes nothing for anyone
        ]
    )
    ranked = rec.rank_for_unit(required, current, builds)
    assert [(c.course, c.value, c.levels, c.seats, c.people) for c in ranked] == [
        (0, 5, 3, 2, (0, 1)),
        (1, 4, 2, 1, (1,)),
    ]


def test_a_unit_ranking_agrees_with_the_sum_of_each_persons_value():
    rng = np.random.default_rng(3)
    required = rng.integers(0, 6, size=(7, 5))
    current = rng.integers(0, 6, size=(7, 5))
    builds = rng.integers(0, 6, size=(6, 5))
    for item in rec.rank_for_unit(required, current, builds, top=6):
        expected = sum(
            rec.set_value(required[p], current[p], builds, [item.course]) for p in range(7)
        )
        assert item.value == expected
