"""Recording ratings: who may rate whom, and which rating counts."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from seccoop.workforce.models import CurrentLevel, Rating, RatingSource
from seccoop.workforce.services import record_rating


def code(framework, value):
    return framework.competencies.get(code=value)


def test_a_supervisor_rates_a_team_member(directorate):
    d = directorate
    record_rating(
        user=d.alpha_lead.user,
        person=d.teammate,
        competency=code(d.framework, "1.A"),
        level=3,
        source=RatingSource.SUPERVISOR,
    )
    assert CurrentLevel.objects.get(person=d.teammate).level == 3


def test_a_supervisor_cannot_rate_someone_in_another_team(directorate):
    d = directorate
    with pytest.raises(PermissionDenied):
        record_rating(
            user=d.alpha_lead.user,
            person=d.bravo_member,
            competency=code(d.framework, "1.A"),
            level=3,
            source=RatingSource.SUPERVISOR,
        )
    assert not Rating.objects.exists()


def test_a_leader_rates_people_two_levels_down_the_chain(directorate):
    d = directorate
    record_rating(
        user=d.leader.user,
        person=d.bravo_member,
        competency=code(d.framework, "1.A"),
        level=4,
        source=RatingSource.SUPERVISOR,
    )
    assert CurrentLevel.objects.get(person=d.bravo_member).level == 4


def test_it_rejects_a_rating_outside_the_scale(directorate):
    d = directorate
    with pytest.raises(ValidationError, match="Level 9 is not on the scale"):
        record_rating(
            user=d.alpha_lead.user,
            person=d.teammate,
            competency=code(d.framework, "1.A"),
            level=9,
            source=RatingSource.SUPERVISOR,
        )
    assert not Rating.objects.exists()


def test_a_staff_member_may_rate_only_themselves_and_only_as_self(directorate):
    d = directorate
    record_rating(
        user=d.teammate.user,
        person=d.teammate,
        competency=code(d.framework, "1.A"),
        level=5,
        source=RatingSource.SELF,
    )
    with pytest.raises(PermissionDenied):
        record_rating(
            user=d.teammate.user,
            person=d.teammate,
            competency=code(d.framework, "1.A"),
            level=5,
            source=RatingSource.SUPERVISOR,
        )


def test_a_validated_rating_outranks_a_newer_supervisor_rating(directorate):
    d = directorate
    competency = code(d.framework, "1.D")
    today = datetime.date.today()
    record_rating(
        user=d.workforce_manager.user,
        person=d.teammate,
        competency=competency,
        level=2,
        source=RatingSource.VALIDATED,
        rated_on=today - datetime.timedelta(days=30),
    )
    record_rating(
        user=d.alpha_lead.user,
        person=d.teammate,
        competency=competency,
        level=4,
        source=RatingSource.SUPERVISOR,
        rated_on=today,
    )
    current = CurrentLevel.objects.get(person=d.teammate, competency=competency)
    assert (current.level, current.source) == (2, RatingSource.VALIDATED)


def test_a_new_rating_keeps_the_old_one_in_the_history(directorate):
    d = directorate
    competency = code(d.framework, "1.D")
    for level in (2, 3):
        record_rating(
            user=d.alpha_lead.user,
            person=d.teammate,
            competency=competency,
            level=level,
            source=RatingSource.SUPERVISOR,
        )
    assert sorted(Rating.objects.values_list("level", flat=True)) == [2, 3]
    assert CurrentLevel.objects.get(person=d.teammate, competency=competency).level == 3
