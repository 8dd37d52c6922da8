"""Recommended courses for a person and training seats for a unit, read from the database."""

import datetime

from seccoop.development import services
from seccoop.workforce.services import record_rating
from tests.development.conftest import code_of

DAY = datetime.date(2026, 3, 2)


def test_a_person_is_recommended_the_pair_of_courses_that_closes_the_most_weighted_gap(
    directorate, catalog
):
    found = services.recommend_for_person(directorate.teammate, top=2)
    assert [item.course for item in found.courses] == [catalog.engagement, catalog.regional]
    assert found.value == 21 and found.gap == 3 * 3 + 4 * 4 + 2 * 2
    assert found.exact


def test_each_recommended_course_is_explained_line_by_line(directorate, catalog):
    found = services.recommend_for_person(directorate.teammate, top=2)
    engagement = found.courses[0]
    [explained] = engagement.lines
    line = explained.line
    assert explained.competency.code == "1.D"
    assert (line.required, line.current, line.weight, line.builds, line.closed, line.value) == (
        4,
        0,
        4,
        3,
        3,
        12,
    )


def test_alone_the_broad_course_is_best(directorate, catalog):
    found = services.recommend_for_person(directorate.teammate, top=1)
    assert [item.course for item in found.courses] == [catalog.orientation]
    assert found.value == 14


def test_a_higher_rating_lowers_the_weight_of_a_sub_competency(directorate, catalog):
    d = directorate
    record_rating(
        user=d.workforce_manager.user,
        person=d.teammate,
        competency=code_of(d.framework, "1.D"),
        level=3,
        source="validated",
    )
    found = services.recommend_for_person(d.teammate, top=1)
    # 1.D is one level short now: Regional Studies (3 x 3 = 9) beats Orientation (2 x 3 = 6).
    assert [item.course for item in found.courses] == [catalog.regional]


def test_courses_already_on_the_plan_are_not_recommended_again(directorate, catalog):
    d = directorate
    services.add_course(
        user=d.teammate.user, person=d.teammate, course=catalog.orientation, due_on=DAY
    )
    found = services.recommend_for_person(d.teammate, top=3)
    assert catalog.orientation not in [item.course for item in found.courses]


def test_a_completed_course_counts_toward_the_level_the_next_recommendation_starts_from(
    directorate, catalog
):
    d = directorate
    activity = services.add_course(
        user=d.teammate.user, person=d.teammate, course=catalog.regional, due_on=DAY
    )
    services.complete_activity(user=d.teammate.user, activity=activity, completed_on=DAY)
    found = services.recommend_for_person(d.teammate, top=3)
    assert all(line.competency.code != "1.A" for item in found.courses for line in item.lines)


def test_a_units_training_seats_count_everyone_below_it(directorate, catalog):
    seats = services.recommend_for_unit(directorate.division)
    engagement = next(item for item in seats if item.course == catalog.engagement)
    desk_officers = {directorate.teammate, directorate.underling, directorate.bravo_member}
    assert engagement.seats == 3 and set(engagement.people) == desk_officers
    assert engagement.value == 3 * 12
    assert seats[0].course == catalog.orientation  # 14 for each of the three


def test_a_team_counts_only_its_own_people(directorate, catalog):
    seats = services.recommend_for_unit(directorate.bravo)
    assert {person for item in seats for person in item.people} == {directorate.bravo_member}
