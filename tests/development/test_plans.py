"""Development plans: what goes on them, who sees them, and what completing an activity gives."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from seccoop.development import services
from seccoop.development.models import DevelopmentActivity, DevelopmentPlan
from seccoop.partners.models import PracticeEvidence
from tests.development.conftest import code_of

DAY = datetime.date(2026, 3, 2)


def test_a_supervisor_puts_a_course_on_a_team_members_plan(directorate, catalog):
    d = directorate
    activity = services.add_course(
        user=d.alpha_lead.user, person=d.teammate, course=catalog.regional, due_on=DAY
    )
    plan = DevelopmentPlan.objects.get(person=d.teammate)
    assert list(plan.activities.all()) == [activity]
    assert plan.history.first().history_user == d.alpha_lead.user


def test_a_person_puts_a_course_on_their_own_plan(directorate, catalog):
    d = directorate
    services.add_course(user=d.teammate.user, person=d.teammate, course=catalog.sales, due_on=DAY)
    assert DevelopmentActivity.objects.filter(plan__person=d.teammate).count() == 1


def test_a_supervisor_outside_the_chain_cannot_change_the_plan(directorate, catalog):
    d = directorate
    with pytest.raises(PermissionDenied):
        services.add_course(
            user=d.bravo_lead.user, person=d.teammate, course=catalog.regional, due_on=DAY
        )
    assert not DevelopmentPlan.objects.exists()


def test_a_supervisor_cannot_see_the_plan_of_someone_outside_their_chain(directorate, catalog):
    d = directorate
    services.add_course(user=d.teammate.user, person=d.teammate, course=catalog.sales, due_on=DAY)
    assert not DevelopmentPlan.objects.visible_to(d.bravo_lead.user).exists()
    assert not DevelopmentActivity.objects.visible_to(d.bravo_lead.user).exists()


@pytest.mark.parametrize("who", ["teammate", "alpha_lead", "leader", "workforce_manager"])
def test_the_person_their_chain_and_workforce_managers_see_the_plan(directorate, catalog, who):
    d = directorate
    services.add_course(user=d.teammate.user, person=d.teammate, course=catalog.sales, due_on=DAY)
    viewer = getattr(d, who).user
    assert DevelopmentPlan.objects.visible_to(viewer).filter(person=d.teammate).exists()


@pytest.mark.parametrize("who", ["underling", "bravo_lead", "outsider"])
def test_colleagues_and_other_teams_do_not_see_the_plan(directorate, catalog, who):
    d = directorate
    services.add_course(user=d.teammate.user, person=d.teammate, course=catalog.sales, due_on=DAY)
    viewer = getattr(d, who).user
    assert not DevelopmentPlan.objects.visible_to(viewer).exists()


def test_the_same_course_cannot_be_planned_twice(directorate, catalog):
    d = directorate
    services.add_course(user=d.teammate.user, person=d.teammate, course=catalog.sales, due_on=DAY)
    with pytest.raises(ValidationError, match="already on the plan"):
        services.add_course(
            user=d.teammate.user, person=d.teammate, course=catalog.sales, due_on=DAY
        )


def test_completing_a_course_gives_evidence_on_what_it_builds_dated_the_completion_day(
    directorate, catalog
):
    d = directorate
    activity = services.add_course(
        user=d.teammate.user, person=d.teammate, course=catalog.orientation, due_on=DAY
    )
    services.complete_activity(user=d.alpha_lead.user, activity=activity, completed_on=DAY)
    evidence = PracticeEvidence.objects.filter(person=d.teammate)
    assert sorted(evidence.values_list("competency__code", flat=True)) == ["1.A", "1.D"]
    assert set(evidence.values_list("practiced_on", flat=True)) == {DAY}
    assert set(evidence.values_list("source_type", flat=True)) == {
        ContentType.objects.get_for_model(DevelopmentActivity).pk
    }


def test_an_open_activity_gives_no_evidence(directorate, catalog):
    d = directorate
    services.add_course(user=d.teammate.user, person=d.teammate, course=catalog.sales, due_on=DAY)
    assert not PracticeEvidence.objects.filter(person=d.teammate).exists()


def test_completing_an_on_the_job_assignment_gives_evidence_on_its_sub_competencies(directorate):
    d = directorate
    activity = services.add_assignment(
        user=d.alpha_lead.user,
        person=d.teammate,
        title="Lead the next staff talks",
        competencies=[code_of(d.framework, "1.D"), code_of(d.framework, "1.E")],
        due_on=DAY,
    )
    assert activity.exercised_codes() == ("1.D", "1.E")
    services.complete_activity(user=d.teammate.user, activity=activity, completed_on=DAY)
    assert sorted(
        PracticeEvidence.objects.filter(person=d.teammate).values_list(
            "competency__code", flat=True
        )
    ) == ["1.D", "1.E"]


def test_an_assignment_without_a_sub_competency_is_refused(directorate):
    d = directorate
    with pytest.raises(ValidationError, match="at least one sub-competency"):
        services.add_assignment(
            user=d.teammate.user, person=d.teammate, title="Shadow", competencies=[], due_on=DAY
        )
    assert not DevelopmentActivity.objects.exists()


def test_an_activity_cannot_be_completed_in_the_future(directorate, catalog):
    d = directorate
    activity = services.add_course(
        user=d.teammate.user, person=d.teammate, course=catalog.sales, due_on=DAY
    )
    with pytest.raises(ValidationError, match="future"):
        services.complete_activity(
            user=d.teammate.user,
            activity=activity,
            completed_on=datetime.date.today() + datetime.timedelta(days=3),
        )
    activity.refresh_from_db()
    assert activity.completed_on is None
    assert not PracticeEvidence.objects.exists()


def test_taking_a_completed_course_off_the_plan_takes_its_evidence_away(directorate, catalog):
    d = directorate
    activity = services.add_course(
        user=d.teammate.user, person=d.teammate, course=catalog.sales, due_on=DAY
    )
    services.complete_activity(user=d.teammate.user, activity=activity, completed_on=DAY)
    services.remove_activity(user=d.teammate.user, activity=activity)
    assert not PracticeEvidence.objects.filter(person=d.teammate).exists()
    assert DevelopmentActivity.objects.get(pk=activity.pk).is_archived


def test_the_gap_still_to_close_shrinks_when_a_course_is_completed(directorate, catalog):
    d = directorate
    before = services.plan_view(d.teammate)
    assert before.gap_levels == 3 + 4 + 2
    activity = services.add_course(
        user=d.teammate.user, person=d.teammate, course=catalog.regional, due_on=DAY
    )
    planned = services.plan_view(d.teammate)
    assert planned.remaining_levels == 9
    assert planned.remaining_after_plan == 6
    services.complete_activity(user=d.teammate.user, activity=activity, completed_on=DAY)
    after = services.plan_view(d.teammate)
    assert after.remaining_levels == 6
    assert after.gap_levels == 9  # the rating itself is unchanged until someone rates again
