"""The Coalition Warfare Program cycle and the life of other programs: every rule and guard."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from seccoop.core.models import StateChange
from seccoop.programs.models import FundingLine, ProgramState
from seccoop.programs.services.cooperation import PROGRAM_WORKFLOW, move_program


def _admin(staff):
    return staff.administrator.user


def _to(staff, program, *names, **values):
    for name in names:
        move_program(user=_admin(staff), program=program, name=name, values=values.get(name))


@pytest.fixture
def in_review(staff, make_program):
    program = make_program(quad_chart="Need, approach, schedule, cost.", full_nomination="Full.")
    _to(staff, program, "submit-quad-chart", "submit-full-nomination", "begin-review")
    return program


def test_a_cwp_project_starts_at_the_call_for_nominations(make_program):
    assert make_program().state == ProgramState.CALL_FOR_NOMINATIONS


def test_other_programs_start_in_planning(make_program):
    assert make_program(kind="fct").state == ProgramState.PLANNING


def test_the_quad_chart_cannot_be_submitted_empty(staff, make_program):
    program = make_program()
    with pytest.raises(ValidationError, match="quad chart is missing"):
        _to(staff, program, "submit-quad-chart")
    program.refresh_from_db()
    assert program.state == ProgramState.CALL_FOR_NOMINATIONS


def test_submitting_the_quad_chart_records_it_with_the_move(staff, make_program):
    program = make_program()
    _to(staff, program, "submit-quad-chart", **{"submit-quad-chart": {"quad_chart": "Need: X."}})
    program.refresh_from_db()
    assert (program.state, program.quad_chart) == (ProgramState.QUAD_CHART, "Need: X.")


def test_the_full_nomination_needs_the_quad_chart(staff, make_program):
    program = make_program(quad_chart="Need: X.")
    _to(staff, program, "submit-quad-chart")
    program.quad_chart = ""
    program.save()
    with pytest.raises(ValidationError, match="quad chart is missing"):
        move_program(
            user=_admin(staff),
            program=program,
            name="submit-full-nomination",
            values={"full_nomination": "Full."},
        )


def test_the_full_nomination_cannot_be_empty(staff, make_program):
    program = make_program(quad_chart="Need: X.")
    _to(staff, program, "submit-quad-chart")
    with pytest.raises(ValidationError, match="full nomination is missing"):
        _to(staff, program, "submit-full-nomination")


def test_only_a_cwp_project_is_nominated(staff, make_program):
    program = make_program(kind="rdte", quad_chart="Need: X.")
    with pytest.raises(ValidationError, match="only from: Call for nominations"):
        _to(staff, program, "submit-quad-chart")


def test_a_selection_cannot_skip_the_review(staff, make_program):
    program = make_program(quad_chart="Need.", full_nomination="Full.")
    _to(staff, program, "submit-quad-chart", "submit-full-nomination")
    with pytest.raises(ValidationError, match="cannot be taken from “Full nomination submitted”"):
        _to(staff, program, "select")
    assert not PROGRAM_WORKFLOW.log(program).filter(transition="select").exists()


def test_leadership_selects_a_project_in_review(staff, in_review):
    move_program(user=staff.leadership.user, program=in_review, name="select")
    assert in_review.state == ProgramState.SELECTED


def test_a_desk_officer_of_its_country_cannot_select_it(staff, in_review):
    with pytest.raises(PermissionDenied):
        move_program(user=staff.desk_officer.user, program=in_review, name="select")


def test_not_selecting_needs_a_reason(staff, in_review):
    with pytest.raises(ValidationError, match="Say why"):
        move_program(user=staff.leadership.user, program=in_review, name="not-select")
    move_program(
        user=staff.leadership.user, program=in_review, name="not-select", note="Ranked low."
    )
    assert in_review.state == ProgramState.NOT_SELECTED


def test_a_project_cannot_be_funded_without_a_funding_line_for_its_year(staff, in_review):
    _to(staff, in_review, "select")
    FundingLine.objects.create(program=in_review, fiscal_year=2026, amount=100)
    with pytest.raises(ValidationError, match="no funding line for FY2027"):
        _to(staff, in_review, "fund")
    in_review.refresh_from_db()
    assert in_review.state == ProgramState.SELECTED


def test_a_project_with_funding_for_its_year_is_funded(staff, in_review):
    _to(staff, in_review, "select")
    FundingLine.objects.create(program=in_review, fiscal_year=2027, amount=100)
    _to(staff, in_review, "fund")
    assert in_review.state == ProgramState.FUNDED


def test_a_cwp_project_transitions_to_a_program_of_record_with_a_note(
    staff, in_review, make_agreement, bring_into_force
):
    FundingLine.objects.create(program=in_review, fiscal_year=2027, amount=100)
    bring_into_force(make_agreement(program=in_review))
    _to(staff, in_review, "select", "fund", "begin-execution")
    move_program(
        user=_admin(staff), program=in_review, name="transition", note="Adopted by the Army."
    )
    assert in_review.state == ProgramState.TRANSITIONED


def test_a_cwp_project_cannot_start_executing_without_the_cycle(staff, make_program):
    program = make_program()
    with pytest.raises(ValidationError, match="only from: Planning"):
        _to(staff, program, "start")


def test_a_foreign_comparative_test_starts_and_completes(staff, make_program):
    program = make_program(kind="fct")
    _to(staff, program, "start", "complete")
    assert program.state == ProgramState.COMPLETE


def test_only_a_cwp_project_transitions_to_a_program_of_record(staff, make_program):
    program = make_program(kind="fct")
    _to(staff, program, "start")
    with pytest.raises(ValidationError, match="Only a Coalition Warfare Program"):
        move_program(user=_admin(staff), program=program, name="transition", note="x")


def test_every_move_is_logged_with_who_when_and_the_note(staff, in_review):
    move_program(user=staff.leadership.user, program=in_review, name="select", note="Top ranked.")
    change = PROGRAM_WORKFLOW.log(in_review).last()
    assert (change.source, change.target, change.note, change.actor) == (
        ProgramState.REVIEW,
        ProgramState.SELECTED,
        "Top ranked.",
        staff.leadership.user,
    )
    assert in_review.state_changed_at == change.at


def test_a_refused_move_writes_nothing(staff, make_program):
    program = make_program()
    before = StateChange.objects.count()
    with pytest.raises(ValidationError):
        _to(staff, program, "submit-quad-chart")
    program.refresh_from_db()
    assert (StateChange.objects.count(), program.version) == (before, 1)


def test_the_desk_officer_of_its_country_moves_it(staff, make_program):
    program = make_program(quad_chart="Need.")
    move_program(user=staff.desk_officer.user, program=program, name="submit-quad-chart")
    assert program.state == ProgramState.QUAD_CHART


def test_a_program_team_member_of_another_unit_cannot_move_it(staff, make_program):
    program = make_program(quad_chart="Need.", org_unit=staff.directorate.alpha)
    with pytest.raises(PermissionDenied):
        move_program(
            user=staff.other_program_member.user, program=program, name="submit-quad-chart"
        )


def test_the_transitions_offered_follow_the_state_and_the_roles(staff, in_review):
    names = {t.name for t in PROGRAM_WORKFLOW.available(staff.desk_officer.user, in_review)}
    assert names == set()
    names = {t.name for t in PROGRAM_WORKFLOW.available(staff.leadership.user, in_review)}
    assert names == {"select", "not-select"}
