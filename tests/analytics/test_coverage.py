"""Coverage counts, single points of failure and the what-if of someone leaving."""

import numpy as np

from seccoop.analytics.coverage import coverage, without_person

# People x sub-competencies; proficient means level 3 or more.
LEVELS = np.array(
    [
        [3, 0, 4, 1],  # person 0, group 0
        [2, 3, 4, 0],  # person 1, group 0
        [5, 0, 1, 0],  # person 2, group 1
    ]
)
GROUP = np.array([0, 0, 1])


def test_proficient_people_are_counted_per_sub_competency():
    assert coverage(LEVELS, 3).proficient.tolist() == [2, 1, 2, 0]


def test_proficient_people_are_counted_per_group():
    assert coverage(LEVELS, 3, GROUP, 2).by_group.tolist() == [[1, 1, 2, 0], [1, 0, 0, 0]]


def test_a_sub_competency_with_one_proficient_person_is_a_single_point_of_failure():
    result = coverage(LEVELS, 3)
    assert result.single_points_of_failure.tolist() == [1]
    assert result.sole_holder.tolist() == [-1, 1, -1, -1]
    assert result.uncovered.tolist() == [3]


def test_losing_the_sole_holder_leaves_the_sub_competency_uncovered():
    result = without_person(LEVELS, 3, 1, GROUP, 2)
    assert result.lost.tolist() == [1]
    assert result.newly_single.tolist() == [2]
    assert result.after.proficient.tolist() == [2, 0, 1, 0]
    assert result.after.by_group.tolist() == [[1, 0, 1, 0], [1, 0, 0, 0]]


def test_after_someone_leaves_sole_holders_still_name_the_original_people():
    result = without_person(LEVELS, 3, 0)
    # Only person 2 remains proficient on the first, only person 1 on the third.
    assert result.after.sole_holder.tolist() == [2, 1, 1, -1]


def test_losing_someone_proficient_on_nothing_changes_nothing():
    levels = np.vstack([LEVELS, [[1, 1, 1, 1]]])
    result = without_person(levels, 3, 3)
    assert result.lost.tolist() == []
    assert result.after.proficient.tolist() == result.before.proficient.tolist()
