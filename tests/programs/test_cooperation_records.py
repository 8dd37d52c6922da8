"""What programs exercise, evidence of practice from assignments, documents and their markings."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from seccoop.competencies.exercises import codes_of
from seccoop.partners.models import PracticeEvidence
from seccoop.programs.models import Program, ProgramDocument, ProgramKind
from seccoop.programs.services.cooperation import (
    add_document_version,
    assign_staff,
    attach_document,
    update_program,
)


@pytest.mark.parametrize(
    "kind, expected",
    [
        (ProgramKind.FCT, {"3.I", "3.B"}),
        (ProgramKind.CWP, {"3.A", "3.C", "5.A"}),
        (ProgramKind.DEF, {"5.A", "5.B"}),
    ],
)
def test_each_kind_of_program_exercises_its_own_sub_competencies(kind, expected):
    codes = set(codes_of(Program(kind=kind)))
    assert expected | {"3.E", "4.H"} == codes


def test_the_class_declares_the_union_of_every_kind():
    assert {"3.I", "3.B", "5.A", "5.B", "3.A", "3.C", "3.E", "4.H"} <= set(Program.exercises)


def _evidence(person, program):
    return set(
        PracticeEvidence.objects.filter(
            person=person,
            source_type=ContentType.objects.get_for_model(Program),
            source_id=program.pk,
        ).values_list("competency__code", flat=True)
    )


def test_someone_assigned_to_an_fct_gains_evidence_of_its_sub_competencies(staff, make_program):
    program = make_program(kind=ProgramKind.FCT)
    assign_staff(
        user=staff.desk_officer.user,
        record=program,
        person=staff.program_member,
        role="Test manager",
        assigned_on=datetime.date(2026, 5, 1),
    )
    assert _evidence(staff.program_member, program) == {"3.I", "3.B", "3.E", "4.H"}


def test_changing_the_kind_moves_the_evidence(staff, make_program):
    program = make_program(kind=ProgramKind.FCT)
    assign_staff(
        user=staff.administrator.user, record=program, person=staff.program_member, role="Lead"
    )
    update_program(
        user=staff.administrator.user,
        program=program,
        changes={"kind": ProgramKind.DEF},
        expected_version=program.version,
    )
    assert _evidence(staff.program_member, program) == {"5.A", "5.B", "3.E", "4.H"}


def test_an_outsider_cannot_assign_staff(staff, make_program):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        assign_staff(
            user=staff.outsider.user, record=make_program(), person=staff.outsider, role="Lead"
        )


def _document(staff, program, releasable_to):
    return attach_document(
        user=staff.administrator.user,
        data={"program": program, "kind": "scg", "title": "Security classification guide"},
        releasable_to=releasable_to,
        first_version={"summary": "First issue"},
    )


def test_a_document_releasable_to_the_programs_country_is_attached(staff, make_program):
    document = _document(staff, make_program(), [staff.france])
    assert [v.number for v in document.versions.all()] == [1]


def test_a_document_not_releasable_to_a_country_of_the_program_is_refused(staff, make_program):
    program = make_program(countries=[staff.france, staff.japan])
    with pytest.raises(ValidationError, match="not releasable to Japan"):
        _document(staff, program, [staff.france])
    assert not ProgramDocument.objects.exists()


def test_adding_a_country_a_document_may_not_go_to_is_refused(staff, make_program):
    program = make_program()
    _document(staff, program, [staff.france])
    with pytest.raises(ValidationError, match="not releasable to Japan"):
        update_program(
            user=staff.administrator.user,
            program=program,
            changes={},
            expected_version=program.version,
            countries=[staff.france, staff.japan],
        )
    assert list(program.countries.all()) == [staff.france]


def test_versions_are_numbered_in_order(staff, make_program):
    document = _document(staff, make_program(), [])
    version = add_document_version(
        user=staff.desk_officer.user, document=document, data={"summary": "Revised annex"}
    )
    assert version.number == 2


def test_an_industry_cost_share_belongs_to_a_def_project_only(staff, make_program):
    with pytest.raises(ValidationError, match="Defense Exportability Features"):
        make_program(kind=ProgramKind.FCT, industry_cost_share=40)
