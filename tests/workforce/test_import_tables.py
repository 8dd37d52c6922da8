"""Importing the workforce tables: every row valid and written, or nothing written at all."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from seccoop.competencies.models import Framework
from seccoop.core.imports import ImportErrors
from seccoop.workforce.imports import import_table
from seccoop.workforce.models import (
    AssessmentCycle,
    CurrentLevel,
    OrgUnit,
    Person,
    Position,
    Rating,
)
from tests.factories import OrgUnitFactory, PersonFactory, RoleTypeFactory, UserFactory

ORG_UNITS = """external_id,name,short_name,kind,parent_external_id
T-ALPHA,Alpha Team,AT,team,D-ACD
D-ACD,Armaments Cooperation Division,ACD,division,
"""

PEOPLE = """external_id,first_name,last_name,email,grade,org_unit_external_id,username
P-1,Tina,Teammate,tina@example.mil,GS-13,T-ALPHA,tina
P-2,Sam,Supervisor,sam@example.mil,GS-14,T-ALPHA,
"""

POSITIONS = (
    "external_id,title,role_type,org_unit_external_id,incumbent_external_id,reports_to_external_id\n"
    "POS-2,Desk Officer,Country desk officer,T-ALPHA,P-1,POS-1\n"
    "POS-1,Alpha Team Lead,country-desk-officer,T-ALPHA,P-2,\n"
)

RATINGS = (
    "external_id,person_external_id,framework,code,level,source,rated_on,rater_username,"
    "evidence,cycle\n"
    "R-1,P-1,,4.C,3,supervisor,2025-03-01,,Led two LOR reviews,\n"
    "R-2,P-1,dod-security-cooperation,4.C,4,validated,2025-04-01,,,\n"
)


def run(kind, text, *, user=None, name="data.csv"):
    return import_table(kind, io.BytesIO(text.encode()), name, user=user)


def refused(kind, text, **kwargs):
    with pytest.raises(ImportErrors) as caught:
        run(kind, text, **kwargs)
    return [str(error) for error in caught.value.errors]


def everything():
    """The counts of every table an import writes, history included."""
    return [
        OrgUnit.objects.count(),
        OrgUnit.history.count(),
        Person.objects.count(),
        Person.history.count(),
        Position.objects.count(),
        Position.history.count(),
        Rating.objects.count(),
        CurrentLevel.objects.count(),
    ]


@pytest.fixture
def staff(db):
    """Org units, people and a role type, imported."""
    UserFactory(username="tina")
    RoleTypeFactory(name="Country desk officer", slug="country-desk-officer")
    run("orgunits", ORG_UNITS)
    run("people", PEOPLE)


def test_org_units_import_with_a_parent_defined_further_down(db):
    result = run("orgunits", ORG_UNITS)
    team = OrgUnit.objects.get(external_id="T-ALPHA")
    division = OrgUnit.objects.get(external_id="D-ACD")
    assert (result.created, result.updated) == (2, 0)
    assert team.parent == division
    assert team.path == f"/{division.pk}/{team.pk}/"
    assert team.history.get().history_type == "+"


def test_importing_the_same_org_units_again_changes_nothing(db):
    run("orgunits", ORG_UNITS)
    before = everything()
    result = run("orgunits", ORG_UNITS)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert everything() == before


def test_a_changed_row_updates_the_unit_and_keeps_the_old_name_in_history(db):
    run("orgunits", ORG_UNITS)
    result = run("orgunits", ORG_UNITS.replace("Alpha Team,", "Alpha Cell,"))
    team = OrgUnit.objects.get(external_id="T-ALPHA")
    assert (result.created, result.updated) == (0, 1)
    assert team.name == "Alpha Cell"
    assert [v.name for v in team.history.order_by("history_date")] == ["Alpha Team", "Alpha Cell"]


def test_moving_an_existing_unit_under_another_rebuilds_its_path(db):
    run("orgunits", ORG_UNITS)
    run("orgunits", "external_id,name,parent_external_id\nT-ALPHA,Alpha Team,\n")
    team = OrgUnit.objects.get(external_id="T-ALPHA")
    assert team.parent is None
    assert team.path == f"/{team.pk}/"


def test_people_are_imported_into_their_unit_and_linked_to_their_account(staff):
    tina = Person.objects.get(external_id="P-1")
    assert tina.org_unit.external_id == "T-ALPHA"
    assert tina.user.username == "tina"
    assert tina.history.count() == 1


def test_positions_are_imported_with_a_supervisor_defined_further_down(staff):
    result = run("positions", POSITIONS)
    desk, lead = (
        Position.objects.get(external_id="POS-2"),
        Position.objects.get(external_id="POS-1"),
    )
    assert result.created == 2
    assert desk.reports_to == lead
    assert desk.incumbent.external_id == "P-1"
    assert desk.path == f"/{lead.pk}/{desk.pk}/"


def test_ratings_are_imported_and_the_current_level_follows(staff):
    result = run("ratings", RATINGS)
    tina = Person.objects.get(external_id="P-1")
    assert result.created == 2
    current = CurrentLevel.objects.get(person=tina)
    assert (current.level, current.source) == (4, "validated")


def test_evidence_with_tabs_line_breaks_and_backslashes_is_stored_exactly_as_written(staff):
    evidence = "Led\tthe review \\ signed\nin two\r\nparts; \\N is not empty"
    quoted = '"' + evidence + '"'
    run(
        "ratings",
        "external_id,person_external_id,code,level,source,rated_on,evidence\n"
        f"R-9,P-1,4.C,3,supervisor,2025-03-01,{quoted}\n",
    )
    assert Rating.objects.get(external_id="R-9").evidence == evidence


def test_importing_the_same_ratings_again_changes_nothing(staff):
    run("ratings", RATINGS)
    before = everything()
    result = run("ratings", RATINGS)
    assert result.unchanged == 2
    assert everything() == before


def test_a_known_rating_with_other_content_is_refused_because_ratings_never_change(staff):
    run("ratings", RATINGS)
    before = everything()
    errors = refused("ratings", RATINGS.replace("4.C,3,", "4.C,2,"))
    assert errors == [
        "row 2, column external_id: rating “R-1” already exists with other content; ratings "
        "are never changed, so record a new rating under a new external id."
    ]
    assert everything() == before


def test_a_level_off_the_scale_names_the_row_and_column_and_writes_nothing(staff):
    before = everything()
    errors = refused("ratings", RATINGS.replace("4.C,4,", "4.C,9,"))
    assert len(errors) == 1
    assert errors[0].startswith("row 3, column level: Level 9 is not on the scale")
    assert everything() == before


def test_an_invalid_email_names_the_row_and_column(db):
    before = everything()
    errors = refused("people", "external_id,first_name,last_name,email\nP-9,Al,Bee,not-an-email\n")
    assert errors == ["row 2, column email: Enter a valid email address."]
    assert everything() == before


def test_an_unknown_column_is_named(db):
    errors = refused("orgunits", "external_id,name,nickname\nX,Unit,Nick\n")
    assert errors[0].startswith("row 1, column nickname: unknown column")
    assert OrgUnit.objects.count() == 0


def test_a_missing_required_column_is_named(db):
    errors = refused("people", "external_id,first_name\nP-9,Al\n")
    assert errors == ["row 1, column last_name: this required column is missing."]


def test_columns_are_found_whatever_their_case_and_surrounding_spaces(db):
    run("orgunits", " External_ID , NAME \nX,Unit\n")
    assert OrgUnit.objects.get(external_id="X").name == "Unit"


def test_a_blank_required_value_is_named(db):
    before = everything()
    errors = refused("orgunits", "external_id,name\nX,Unit\nY,\n")
    assert errors == ["row 3, column name: a value is required."]
    assert everything() == before


def test_a_duplicate_external_id_in_the_file_names_both_rows(db):
    errors = refused("orgunits", "external_id,name\nX,Unit\nY,Other\nX,Again\n")
    assert errors == ["row 4, column external_id: “X” already appears on row 2."]
    assert OrgUnit.objects.count() == 0


def test_a_reference_to_an_unknown_parent_is_named(db):
    errors = refused("orgunits", "external_id,name,parent_external_id\nX,Unit,NOPE\n")
    assert errors == ["row 2, column parent_external_id: no org unit “NOPE” exists."]


def test_a_cycle_of_parents_is_refused_and_nothing_is_written(db):
    run("orgunits", ORG_UNITS)
    before = everything()
    errors = refused("orgunits", "external_id,name,parent_external_id\nD-ACD,Division,T-ALPHA\n")
    assert errors == [
        "row 2, column parent_external_id: “D-ACD” would be its own ancestor (a cycle)."
    ]
    assert everything() == before


def test_a_cycle_of_supervisors_within_the_file_is_refused(staff):
    before = everything()
    cyclic = POSITIONS.replace("P-2,\n", "P-2,POS-2\n")
    errors = refused("positions", cyclic)
    assert "row 2, column reports_to_external_id: “POS-2” would be its own ancestor (a cycle)." in (
        errors
    )
    assert everything() == before


def test_an_unknown_username_is_refused(db):
    errors = refused("people", "external_id,first_name,last_name,username\nP-9,Al,Bee,ghost\n")
    assert errors == ["row 2, column username: no user account “ghost” exists."]


def test_a_person_cannot_be_given_a_second_position(staff):
    run("positions", POSITIONS)
    before = everything()
    errors = refused(
        "positions",
        "external_id,title,role_type,org_unit_external_id,incumbent_external_id\n"
        "POS-3,Second Seat,country-desk-officer,T-ALPHA,P-1\n",
    )
    assert errors == [
        "row 2, column incumbent_external_id: “P-1” is already linked to position POS-2."
    ]
    assert everything() == before


def test_a_person_moves_to_a_new_position_that_the_same_file_vacates(staff):
    run("positions", POSITIONS)
    run(
        "positions",
        "external_id,title,role_type,org_unit_external_id,incumbent_external_id\n"
        "POS-3,New Seat,country-desk-officer,T-ALPHA,P-1\n"
        "POS-2,Desk Officer,country-desk-officer,T-ALPHA,\n",
    )
    assert Position.objects.get(external_id="POS-3").incumbent.external_id == "P-1"
    assert Position.objects.get(external_id="POS-2").incumbent is None


def test_an_unknown_sub_competency_is_refused(staff):
    errors = refused("ratings", RATINGS.replace("4.C,3,", "4.Z,3,"))
    assert errors == ["row 2, column code: dod-security-cooperation has no item “4.Z”."]


def test_a_date_in_another_format_is_refused(staff):
    errors = refused("ratings", RATINGS.replace("2025-03-01", "03/01/2025"))
    assert errors == ["row 2, column rated_on: “03/01/2025” is not a date written YYYY-MM-DD."]


def test_a_formula_in_a_cell_is_refused(db):
    before = everything()
    errors = refused("orgunits", 'external_id,name\nX,"=HYPERLINK(""http://x.example"",""go"")"\n')
    assert errors == [
        "row 2, column name: looks like a spreadsheet formula, which is refused; "
        "remove the leading “=”, “+”, “-” or “@”."
    ]
    assert everything() == before


def test_a_nul_character_in_a_cell_is_refused_and_nothing_is_written(db):
    before = everything()
    errors = refused("orgunits", "external_id,name\nX,Plans\x00Division\n")
    assert errors == ["row 2, column name: holds a NUL character (binary data), which is refused."]
    assert everything() == before


def test_a_plain_negative_number_is_not_taken_for_a_formula(staff):
    errors = refused("ratings", RATINGS.replace("4.C,3,", "4.C,-1,"))
    assert errors
    assert all(error.startswith("row 2, column level:") for error in errors)
    assert not any("formula" in error for error in errors)


def test_a_huge_field_is_refused(db):
    errors = refused("orgunits", "external_id,name\nX," + "a" * 10_001 + "\n")
    assert errors == ["row 2, column name: longer than 10,000 characters."]


def test_a_nobody_cannot_import(directorate):
    with pytest.raises(PermissionDenied):
        run("orgunits", ORG_UNITS, user=directorate.outsider.user)
    assert not OrgUnit.objects.filter(external_id="T-ALPHA").exists()


def test_a_workforce_manager_imports_and_is_named_in_the_history(directorate):
    walter = directorate.workforce_manager.user
    run("orgunits", ORG_UNITS, user=walter)
    assert OrgUnit.objects.get(external_id="T-ALPHA").history.get().history_user == walter


def test_existing_people_can_be_updated_without_touching_others(db):
    PersonFactory(external_id="P-7", first_name="Old", last_name="Name")
    OrgUnitFactory(external_id="U-1")
    run("people", "external_id,first_name,last_name,org_unit_external_id\nP-7,New,Name,U-1\n")
    person = Person.objects.get(external_id="P-7")
    assert (person.first_name, person.org_unit.external_id) == ("New", "U-1")
    assert person.history.count() == 2


def test_two_people_swap_positions_in_one_file(staff):
    run("positions", POSITIONS)
    swapped = POSITIONS.replace("T-ALPHA,P-1,", "T-ALPHA,P-X,").replace(
        "T-ALPHA,P-2,", "T-ALPHA,P-1,"
    )
    run("positions", swapped.replace("P-X", "P-2"))
    assert Position.objects.get(external_id="POS-2").incumbent.external_id == "P-2"
    assert Position.objects.get(external_id="POS-1").incumbent.external_id == "P-1"
    assert Position.objects.get(external_id="POS-1").history.count() == 2


def test_a_csv_saved_with_a_byte_order_mark_imports(db):
    import_table("orgunits", io.BytesIO(ORG_UNITS.encode("utf-8-sig")), "units.csv")
    assert OrgUnit.objects.filter(external_id__in=["T-ALPHA", "D-ACD"]).count() == 2


def test_the_import_command_lists_every_problem_and_writes_nothing(db, tmp_path):
    source = tmp_path / "units.csv"
    source.write_text("external_id,name\nA,\nB,=1+1\n", encoding="utf-8")
    errors = io.StringIO()
    with pytest.raises(CommandError, match="2 error"):
        call_command("import-data", "orgunits", str(source), stderr=errors)
    assert errors.getvalue().splitlines() == [
        "row 2, column name: a value is required.",
        "row 3, column name: looks like a spreadsheet formula, which is refused; "
        "remove the leading “=”, “+”, “-” or “@”.",
    ]
    assert OrgUnit.objects.count() == 0


WITH_CYCLE = RATINGS.replace("Led two LOR reviews,", "Led two LOR reviews,FY2025")


def fy2025():
    return AssessmentCycle.objects.create(
        framework=Framework.objects.default(),
        name="FY2025",
        opens_on=datetime.date(2024, 10, 1),
        closes_on=datetime.date(2025, 9, 30),
    )


def close(cycle):
    AssessmentCycle.objects.filter(pk=cycle.pk).update(closed_at=timezone.now())


def test_a_new_rating_filed_in_a_closed_cycle_names_its_row_and_writes_nothing(staff):
    close(fy2025())
    before = everything()
    errors = refused("ratings", WITH_CYCLE)
    assert len(errors) == 1
    assert errors[0].startswith("row 2, column cycle: The cycle FY2025 was closed on")
    assert everything() == before


def test_the_ratings_of_a_cycle_since_closed_import_again_unchanged(staff):
    cycle = fy2025()
    run("ratings", WITH_CYCLE)
    close(cycle)
    before = everything()
    assert run("ratings", WITH_CYCLE).unchanged == 2
    assert everything() == before
