"""Recommendations and what was done about them: proposed, accepted, implemented or rejected."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from seccoop.core.models import StateChange
from seccoop.evaluation.models import Recommendation, RecommendationState
from seccoop.evaluation.services import RECOMMENDATION_WORKFLOW, move_recommendation


@pytest.fixture
def recommendation(world, save):
    return save(Recommendation, evaluation=world.evaluation, text="Train more instructors.")


def test_a_new_recommendation_is_proposed(recommendation):
    assert recommendation.state == RecommendationState.PROPOSED


def test_an_accepted_recommendation_is_implemented_once_the_action_taken_is_recorded(
    directorate, recommendation
):
    tina = directorate.teammate.user
    move_recommendation(user=tina, recommendation=recommendation, name="accept")
    move_recommendation(
        user=tina,
        recommendation=recommendation,
        name="implement",
        values={"action_taken": "Two instructor courses were added."},
    )
    recommendation.refresh_from_db()
    assert recommendation.state == RecommendationState.IMPLEMENTED
    assert recommendation.action_taken == "Two instructor courses were added."
    assert [change.target for change in RECOMMENDATION_WORKFLOW.log(recommendation)] == [
        "accepted",
        "implemented",
    ]


def test_marking_a_recommendation_implemented_without_the_action_taken_is_refused(
    directorate, recommendation
):
    tina = directorate.teammate.user
    move_recommendation(user=tina, recommendation=recommendation, name="accept")
    with pytest.raises(ValidationError, match="Record the action taken"):
        move_recommendation(user=tina, recommendation=recommendation, name="implement")
    recommendation.refresh_from_db()
    assert recommendation.state == RecommendationState.ACCEPTED


def test_a_proposed_recommendation_cannot_be_implemented_before_it_is_accepted(
    directorate, recommendation
):
    with pytest.raises(ValidationError, match="only from: Accepted"):
        move_recommendation(
            user=directorate.leader.user,
            recommendation=recommendation,
            name="implement",
            values={"action_taken": "Done."},
        )
    assert not StateChange.objects.exists()


def test_rejecting_a_recommendation_requires_saying_why(directorate, recommendation):
    lee = directorate.leader.user
    with pytest.raises(ValidationError, match="Say why"):
        move_recommendation(user=lee, recommendation=recommendation, name="reject")
    move_recommendation(
        user=lee, recommendation=recommendation, name="reject", note="No funds this year."
    )
    recommendation.refresh_from_db()
    assert recommendation.state == RecommendationState.REJECTED
    assert RECOMMENDATION_WORKFLOW.log(recommendation).get().note == "No funds this year."


def test_an_implemented_recommendation_can_no_longer_be_rejected(directorate, recommendation):
    lee = directorate.leader.user
    move_recommendation(user=lee, recommendation=recommendation, name="accept")
    move_recommendation(
        user=lee, recommendation=recommendation, name="implement", values={"action_taken": "Done."}
    )
    with pytest.raises(ValidationError, match="cannot be taken from “Implemented”"):
        move_recommendation(user=lee, recommendation=recommendation, name="reject", note="No.")


def test_staff_not_assigned_to_the_initiative_may_not_move_its_recommendations(
    directorate, recommendation
):
    with pytest.raises(PermissionDenied):
        move_recommendation(
            user=directorate.bravo_member.user, recommendation=recommendation, name="accept"
        )
    assert RECOMMENDATION_WORKFLOW.available(directorate.bravo_member.user, recommendation) == []


def test_the_owner_of_a_recommendation_may_record_what_was_done(
    directorate, world, save, recommendation
):
    lee = directorate.leader.user
    move_recommendation(
        user=lee,
        recommendation=recommendation,
        name="accept",
        values={"owner": directorate.bravo_member},
    )
    move_recommendation(
        user=directorate.bravo_member.user,
        recommendation=recommendation,
        name="implement",
        values={"action_taken": "Courses added."},
    )
    recommendation.refresh_from_db()
    assert recommendation.state == RecommendationState.IMPLEMENTED


def test_two_people_moving_the_same_recommendation_from_the_same_version_cannot_both_succeed(
    directorate, recommendation
):
    lee = directorate.leader.user
    version = recommendation.version
    move_recommendation(
        user=lee, recommendation=recommendation, name="accept", expected_version=version
    )
    stale = Recommendation.objects.get(pk=recommendation.pk)
    with pytest.raises(ValidationError, match="changed this recommendation"):
        move_recommendation(
            user=lee, recommendation=stale, name="reject", note="No.", expected_version=version
        )
