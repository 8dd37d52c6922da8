"""Staff assigned to a work record: evidence of practice, and workload in staffing rankings.

The record here is a disclosure request (it exercises 9.A, 5.D and 5.E);
Dana, the disclosure specialist, assigns Tina to it.
"""

import datetime

from seccoop.partners.models import PracticeEvidence
from seccoop.partners.services import assign, release, unassign
from seccoop.workforce.staffing import Requirement, rank_people
from tests.controls import conftest as controls_fixtures

controls = controls_fixtures.controls
dana = controls_fixtures.dana
make_request = controls_fixtures.make_request

MONDAY = datetime.date(2026, 6, 1)


def evidence(person) -> set[tuple[str, datetime.date]]:
    return set(
        PracticeEvidence.objects.filter(person=person).values_list(
            "competency__code", "practiced_on"
        )
    )


def test_an_assigned_person_gains_evidence_on_what_the_record_exercises(
    directorate, make_request, dana
):
    request = make_request()
    assign(
        user=dana, record=request, person=directorate.teammate, role="Disclosure lead",
        assigned_on=MONDAY,
    )  # fmt: skip
    assert evidence(directorate.teammate) == {("9.A", MONDAY), ("5.D", MONDAY), ("5.E", MONDAY)}


def test_releasing_an_assignment_keeps_the_evidence_it_gave(directorate, make_request, dana):
    request = make_request()
    assignment = assign(
        user=dana, record=request, person=directorate.teammate, role="Disclosure lead",
        assigned_on=MONDAY,
    )  # fmt: skip
    release(user=dana, assignment=assignment, released_on=MONDAY + datetime.timedelta(days=9))
    assert len(evidence(directorate.teammate)) == 3


def test_an_assignment_made_by_mistake_and_removed_takes_its_evidence_with_it(
    directorate, make_request, dana
):
    request = make_request()
    assignment = assign(
        user=dana, record=request, person=directorate.teammate, role="Reviewer", assigned_on=MONDAY
    )
    unassign(user=dana, assignment=assignment)
    assert evidence(directorate.teammate) == set()


def test_open_assignments_cost_fit_in_a_staffing_ranking_and_the_explanation_says_so(
    directorate, make_request, dana
):
    d = directorate
    for title in ("Radar data", "Sonar data"):
        assign(user=dana, record=make_request(title=title), person=d.teammate, role="Reviewer")
    requirement = Requirement(d.framework.competencies.get(code="9.A"), 1)
    ranked = rank_people(d.workforce_manager.user, d.framework, [requirement])
    tina = next(row for row in ranked if row.person == d.teammate)
    assert tina.open_assignments == 2
    assert "2 open assignments cost 10 points" in tina.explanation


def test_a_released_assignment_no_longer_counts_as_workload(directorate, make_request, dana):
    d = directorate
    assignment = assign(
        user=dana, record=make_request(), person=d.teammate, role="Reviewer", assigned_on=MONDAY
    )
    release(user=dana, assignment=assignment, released_on=MONDAY)
    requirement = Requirement(d.framework.competencies.get(code="9.A"), 1)
    ranked = rank_people(d.workforce_manager.user, d.framework, [requirement])
    assert next(row for row in ranked if row.person == d.teammate).open_assignments == 0
