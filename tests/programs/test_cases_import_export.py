"""Import and export of cases and case lines: all or nothing, errors by row and column."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from seccoop.core import exports as sheets
from seccoop.core.imports import ImportErrors
from seccoop.programs.models import Case, CaseLine, LetterOfRequest
from seccoop.programs.transfer_cases import export_table, import_table
from tests.programs.cases_fixtures import *  # noqa: F403 (the case fixtures)

pytestmark = pytest.mark.django_db

HEADER = "identifier,title,country,kind,state,implementing_agency,estimated_value\n"


def csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode())


def errors_of(call) -> list[str]:
    with pytest.raises(ImportErrors) as refused:
        call()
    return [str(error) for error in refused.value.errors]


def test_imported_cases_start_as_requests_received_with_a_request_to_complete(staff):
    result = import_table(
        "cases",
        csv(HEADER + "FR-D-IMP,Rafale spares,FR,fms,,air-force,1200000\n"),
        "cases.csv",
        user=staff.desk_officer.user,
    )

    assert (result.created, result.updated) == (1, 0)
    case = Case.objects.get(identifier="FR-D-IMP")
    assert (case.state, case.implementing_agency) == ("request-received", "air-force")
    assert LetterOfRequest.objects.get(case=case).missing_items()
    assert case.history.count() == 1


def test_importing_the_same_file_again_changes_nothing(staff):
    data = HEADER + "FR-D-IMP,Rafale spares,FR,fms,,air-force,1200000\n"
    import_table("cases", csv(data), "cases.csv", user=staff.desk_officer.user)

    result = import_table("cases", csv(data), "cases.csv", user=staff.desk_officer.user)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)


def test_a_file_with_bad_rows_names_each_row_and_column_and_writes_nothing(staff):
    data = HEADER + (
        "FR-D-OK1,Good row,FR,fms,,air-force,\n"
        "FR-D-BAD,Bad kind,FR,lease,,air-force,\n"
        "FR-D-BAD2,Bad country,ZZ,fms,,air-force,abc\n"
    )

    errors = errors_of(
        lambda: import_table("cases", csv(data), "cases.csv", user=staff.desk_officer.user)
    )

    assert "row 3, column kind: “lease” is not one of fms, bpc, dcs, hybrid." in errors
    assert "row 4, column country: no country has the ISO 3166 code “ZZ”." in errors
    assert "row 4, column estimated_value: “abc” is not a number." in errors
    assert not Case.objects.exists()


def test_an_import_cannot_change_a_cases_state(new_case, staff):
    case = new_case()
    data = HEADER + f"{case.identifier},{case.title},FR,fms,offered,air-force,\n"

    errors = errors_of(
        lambda: import_table("cases", csv(data), "cases.csv", user=staff.desk_officer.user)
    )

    assert errors == [
        "row 2, column state: the state is “Request received”; it changes only through the "
        "case's workflow."
    ]


def test_a_desk_officer_cannot_import_cases_of_another_country(staff):
    data = HEADER + "JA-D-IMP,Aegis support,JP,fms,,air-force,\n"

    errors = errors_of(
        lambda: import_table("cases", csv(data), "cases.csv", user=staff.desk_officer.user)
    )

    assert errors == ["row 2, column identifier: you do not work the case “JA-D-IMP”."]


def test_someone_with_no_role_may_not_import_cases(staff):
    with pytest.raises(PermissionDenied):
        import_table("cases", csv(HEADER + "FR-1,T,FR,fms,,,\n"), "c.csv", user=staff.outsider.user)


def test_case_lines_are_imported_and_matched_by_case_and_number(new_case, staff):
    case = new_case()
    data = (
        "case,number,description,item_code,quantity,unit_value\n"
        f"{case.identifier},1,Spares,R4A 1560-01-500-0002,10,2500.50\n"
        f"{case.identifier},2,Training,T1A 6910-00-000-0004,1,80000\n"
    )

    result = import_table("case-lines", csv(data), "lines.csv", user=staff.desk_officer.user)
    again = import_table("case-lines", csv(data), "lines.csv", user=staff.desk_officer.user)

    assert (result.created, again.unchanged) == (2, 2)
    assert [(line.number, line.value) for line in case.lines.order_by("number")] == [
        (1, 25005),
        (2, 80000),
    ]


def test_bad_case_lines_are_reported_by_row_and_column_and_nothing_is_written(new_case, staff):
    case = new_case()
    data = (
        "case,number,description,item_code,quantity,unit_value\n"
        f"{case.identifier},1,Spares,R4A 1560-01-500-0002,10,2500\n"
        "NO-SUCH-CASE,1,Spares,R4A 1560-01-500-0002,10,2500\n"
        f"{case.identifier},x,Spares,R4A 1560-01-500-0002,10,2500\n"
        f"{case.identifier},3,Spares,R4A 1560-01-500-0002,0,lots\n"
    )

    errors = errors_of(
        lambda: import_table("case-lines", csv(data), "lines.csv", user=staff.desk_officer.user)
    )

    assert errors == [
        "row 3, column case: no case “NO-SUCH-CASE” exists.",
        "row 4, column number: “x” is not a whole number.",
        "row 5, column unit_value: “lots” is not a number.",
        "row 5, column quantity: Ensure this value is greater than or equal to 1.",
    ]
    assert not CaseLine.objects.exists()


def test_an_exported_file_imports_unchanged(new_case, staff):
    new_case()
    sheet = export_table("cases", user=staff.desk_officer.user)
    data = sheets.render(sheet, "xlsx")

    result = import_table("cases", io.BytesIO(data), "cases.xlsx", user=staff.desk_officer.user)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)


def test_the_import_page_shows_every_error_and_answers_400(staff):
    client = Client()
    client.force_login(staff.desk_officer.user)
    upload = io.BytesIO((HEADER + "FR-D-BAD,Bad kind,FR,lease,,air-force,\n").encode())
    upload.name = "cases.csv"

    response = client.post(reverse("programs:case-import"), {"kind": "cases", "file": upload})

    assert response.status_code == 400
    assert "row 2, column kind" in response.text
    assert not Case.objects.exists()


def test_a_formula_in_an_exported_title_is_neutralized(new_case, staff):
    new_case(title='=HYPERLINK("http://example.com")')

    text = sheets.render(export_table("cases", user=staff.desk_officer.user), "csv").decode(
        "utf-8-sig"
    )

    assert "'=HYPERLINK" in text
