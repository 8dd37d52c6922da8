"""The workflow engine every state machine runs on, shown on the disclosure request workflow.

Dana, the disclosure specialist, moves requests; Nora (no role) may not.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from seccoop.controls.models import DisclosureRequest, DisclosureState
from seccoop.controls.services import DISCLOSURE_WORKFLOW
from seccoop.core.models import StateChange
from seccoop.core.services import ConcurrentEditError
from seccoop.core.workflow import Transition, Workflow
from tests.controls import conftest as controls_fixtures

WORKFLOW = DISCLOSURE_WORKFLOW

# The controls fixtures: Dana the specialist and her requests.
controls = controls_fixtures.controls
dana = controls_fixtures.dana
make_request = controls_fixtures.make_request


def changes_of(request) -> list[tuple[str, str, str]]:
    return [(c.transition, c.source, c.target) for c in WORKFLOW.log(request)]


def test_a_move_records_who_moved_the_record_from_what_to_what_with_the_note(make_request, dana):
    request = make_request()
    WORKFLOW.move(user=dana, record=request, name="start-review", note="Reviews named.")
    change = StateChange.objects.get()
    assert (change.actor, change.source, change.target, change.note) == (
        dana,
        DisclosureState.SUBMITTED,
        DisclosureState.IN_REVIEW,
        "Reviews named.",
    )
    assert DisclosureRequest.objects.get(pk=request.pk).state == DisclosureState.IN_REVIEW


def test_a_move_sets_the_time_the_record_entered_its_state(make_request, dana):
    request = make_request()
    change = WORKFLOW.move(user=dana, record=request, name="start-review")
    assert DisclosureRequest.objects.get(pk=request.pk).state_changed_at == change.at


def test_a_transition_from_the_wrong_state_is_refused_naming_where_it_may_start(make_request, dana):
    request = make_request()
    with pytest.raises(ValidationError) as refused:
        WORKFLOW.move(user=dana, record=request, name="refer", note="Too sensitive.")
    assert "cannot be taken from “Submitted”; only from: In review" in str(refused.value)
    assert changes_of(request) == []
    assert DisclosureRequest.objects.get(pk=request.pk).state == DisclosureState.SUBMITTED


def test_a_move_made_against_an_older_version_is_refused_and_writes_nothing(make_request, dana):
    request = make_request()
    stale = request.version
    WORKFLOW.move(user=dana, record=request, name="start-review")
    with pytest.raises(ConcurrentEditError):
        WORKFLOW.move(
            user=dana, record=request, name="refer", note="Exception.", expected_version=stale
        )
    assert changes_of(request) == [("start-review", "submitted", "in-review")]


def test_a_value_the_transition_does_not_set_is_refused(make_request, dana):
    request = make_request()
    with pytest.raises(ValidationError) as refused:
        WORKFLOW.move(user=dana, record=request, name="start-review", values={"title": "Renamed"})
    assert "title" in refused.value.message_dict
    assert DisclosureRequest.objects.get(pk=request.pk).title == "Radar performance data"


def test_a_transition_that_needs_a_reason_is_refused_without_a_note(make_request, dana):
    request = make_request()
    WORKFLOW.move(user=dana, record=request, name="start-review")
    with pytest.raises(ValidationError) as refused:
        WORKFLOW.move(user=dana, record=request, name="refer", note="  ")
    assert refused.value.message_dict["note"] == [
        "Say why, to “Refer for an exception to national disclosure policy”."
    ]


def test_someone_the_record_is_hidden_from_may_not_move_it(make_request, directorate):
    request = make_request()
    with pytest.raises(PermissionDenied):
        WORKFLOW.move(user=directorate.outsider.user, record=request, name="start-review")
    assert changes_of(request) == []


def test_the_moves_offered_are_those_from_the_current_state(make_request, dana):
    request = make_request()
    assert [t.name for t in WORKFLOW.available(dana, request)] == ["start-review"]


def test_a_workflow_naming_a_state_it_does_not_have_is_refused_when_declared():
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(
            DisclosureRequest,
            DisclosureState,
            transitions=[Transition("lose", "Lose", (DisclosureState.SUBMITTED,), "lost")],
        )
