"""Sequenced activities with partners: dependencies never form a cycle; staff gain evidence."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from seccoop.evaluation import services
from seccoop.evaluation.models import Activity
from seccoop.partners.models import PracticeEvidence


@pytest.fixture
def activity_of(world, save):
    def make(title, *, kind="institution-building", after=()):
        return save(
            Activity,
            links={"depends_on": list(after)},
            title=title,
            country=world.poland,
            kind=kind,
            line_of_effort="doctrine",
            starts_on=datetime.date(2026, 5, 1),
            ends_on=datetime.date(2026, 5, 2),
        )

    return make


def test_an_activity_may_wait_on_others(activity_of):
    seminar = activity_of("Doctrine seminar")
    review = activity_of("Doctrine review", after=[seminar])
    assert list(review.depends_on.all()) == [seminar]
    assert list(seminar.enables.all()) == [review]


def test_a_dependency_that_closes_a_cycle_is_refused_naming_the_cycle(directorate, activity_of):
    seminar = activity_of("Doctrine seminar")
    review = activity_of("Doctrine review", after=[seminar])
    publication = activity_of("Doctrine publication", after=[review])
    with pytest.raises(ValidationError) as refused:
        services.set_dependencies(
            user=directorate.leader.user, activity=seminar, prerequisites=[publication]
        )
    message = refused.value.message_dict["depends_on"][0]
    assert "“Doctrine seminar” → “Doctrine publication” → “Doctrine review” → " in message
    assert list(seminar.depends_on.all()) == []


def test_two_activities_cannot_wait_on_each_other(directorate, activity_of):
    seminar = activity_of("Doctrine seminar")
    review = activity_of("Doctrine review", after=[seminar])
    with pytest.raises(ValidationError, match="cycle"):
        services.set_dependencies(
            user=directorate.leader.user, activity=seminar, prerequisites=[review]
        )


def test_an_activity_cannot_wait_on_itself(directorate, activity_of):
    seminar = activity_of("Doctrine seminar")
    with pytest.raises(ValidationError, match="cannot depend on itself"):
        services.set_dependencies(
            user=directorate.leader.user, activity=seminar, prerequisites=[seminar]
        )


def test_a_refused_dependency_leaves_the_other_changes_unwritten(directorate, activity_of):
    seminar = activity_of("Doctrine seminar")
    review = activity_of("Doctrine review", after=[seminar])
    with pytest.raises(ValidationError):
        services.save_record(
            user=directorate.leader.user,
            model=Activity,
            record=seminar,
            data={"title": "Renamed seminar"},
            links={"depends_on": [review]},
        )
    seminar.refresh_from_db()
    assert seminar.title == "Doctrine seminar"


def test_an_activity_ending_before_it_starts_is_refused(directorate, world, save):
    with pytest.raises(ValidationError) as refused:
        save(
            Activity,
            title="Backwards",
            country=world.poland,
            kind="mil-to-mil",
            line_of_effort="training",
            starts_on=datetime.date(2026, 5, 2),
            ends_on=datetime.date(2026, 5, 1),
        )
    assert "ends_on" in refused.value.message_dict


def test_institution_building_exercises_6g_and_mil_to_mil_exercises_6e(activity_of):
    from seccoop.competencies.exercises import codes_of

    assert "6.G" in codes_of(activity_of("Ministry advisory visit"))
    assert "6.E" in codes_of(activity_of("Staff exchange", kind="mil-to-mil"))


def test_staff_assigned_to_an_activity_gain_evidence_on_what_it_exercises(directorate, activity_of):
    seminar = activity_of("Doctrine seminar")
    services.assign(
        user=directorate.leader.user, record=seminar, person=directorate.underling, role="Lead"
    )
    codes = set(
        PracticeEvidence.objects.filter(person=directorate.underling).values_list(
            "competency__code", flat=True
        )
    )
    assert codes == {"2.C", "6.G", "8.A", "8.B"}


def test_assigned_staff_may_change_the_activity_and_others_may_not(directorate, activity_of):
    from seccoop.core.permissions import can

    seminar = activity_of("Doctrine seminar")
    services.assign(
        user=directorate.leader.user, record=seminar, person=directorate.underling, role="Lead"
    )
    assert can(directorate.underling.user, "change", seminar)
    assert not can(directorate.bravo_member.user, "change", seminar)
