"""Gap arithmetic on small worked examples: people x sub-competencies arrays."""

import math

import numpy as np

from seccoop.analytics import gaps

# Three people, two sub-competencies. The first column is required of everyone;
# the second is required of the first person only.
REQUIRED = np.array([[3, 2], [3, 0], [4, 0]])
CURRENT = np.array([[3, 0], [1, 4], [2, 0]])


def test_shortfall_counts_missing_levels_and_nothing_where_met_or_not_required():
    assert gaps.shortfall(REQUIRED, CURRENT).tolist() == [[0, 2], [2, 0], [2, 0]]


def test_share_meeting_is_met_over_required_people():
    rollup = gaps.rollup(REQUIRED, CURRENT, np.array([0, 0, 0]), 1, proficient_level=3)
    assert rollup.share_meeting[0, 0] == 1 / 3
    assert rollup.share_meeting[0, 1] == 0


def test_mean_shortfall_averages_over_required_people_only():
    rollup = gaps.rollup(REQUIRED, CURRENT, np.array([0, 0, 0]), 1, proficient_level=3)
    assert rollup.mean_shortfall[0, 0] == 4 / 3
    # Only the first person is required on the second column: 2 levels short.
    assert rollup.mean_shortfall[0, 1] == 2


def test_a_sub_competency_nobody_requires_has_no_share_or_shortfall():
    rollup = gaps.rollup(REQUIRED, CURRENT, np.array([1, 1, 0]), 2, proficient_level=3)
    # Group 0 holds only the third person, of whom the second column asks nothing.
    assert math.isnan(rollup.share_meeting[0, 1])
    assert math.isnan(rollup.mean_shortfall[0, 1])


def test_nobody_proficient_flags_required_columns_where_no_one_reaches_the_level():
    rollup = gaps.rollup(REQUIRED, CURRENT, np.array([0, 1, 1]), 2, proficient_level=3)
    # Group 1 (people 2 and 3): nobody at 3 on the first column, which they require.
    assert rollup.nobody_proficient[1].tolist() == [True, False]
    # Group 0 (person 1) is proficient on the first column and short on the second.
    assert rollup.nobody_proficient[0].tolist() == [False, True]


def test_people_in_no_group_count_nowhere():
    rollup = gaps.rollup(REQUIRED, CURRENT, np.array([0, -1, -1]), 1, proficient_level=3)
    assert rollup.people.tolist() == [1]
    assert rollup.required[0].tolist() == [1, 1]
    assert rollup.meeting[0].tolist() == [1, 0]


def test_groups_sum_their_own_people_separately():
    rollup = gaps.rollup(REQUIRED, CURRENT, np.array([0, 1, 1]), 2, proficient_level=3)
    assert rollup.people.tolist() == [1, 2]
    assert rollup.shortfall_sum.tolist() == [[0, 2], [4, 0]]
