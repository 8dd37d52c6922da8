"""Reconciling a case-status extract: fill what the app lacks, list what disagrees."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from seccoop.core.api_auth import issue_token
from seccoop.core.imports import ImportErrors
from seccoop.programs.models import (
    Case,
    CaseLine,
    CaseState,
    CaseStatusReconciliation,
    FindingKind,
    ReconciliationFinding,
)
from seccoop.programs.services import case_status
from tests.programs.cases_fixtures import *  # noqa: F403 (the case fixtures)

pytestmark = pytest.mark.django_db

HEADER = (
    "Case Identifier,Version,Case Status,LOR Received,Offer Date,Offer Expiration Date,"
    "Accepted,Implemented,Case Value,MDE Value\n"
)


def reconcile(user, text: str, filename: str = "extract.csv"):
    return case_status.reconcile(user=user, data=text.encode(), filename=filename)


def errors_of(call) -> list[str]:
    with pytest.raises(ImportErrors) as refused:
        call()
    return [str(error) for error in refused.value.errors]


def findings(report, kind):
    return [(f.identifier, f.label) for f in report.findings if f.kind == kind]


@pytest.fixture
def offered(case_in):
    """An offered case with one line (2 x 1,500,000) and no offer or MDE recorded."""
    return case_in(CaseState.OFFERED)


def test_an_empty_field_of_the_app_is_filled_from_the_extract(offered, staff):
    row = f"{offered.identifier},Basic,Offered,,2026-06-10,,,,,1000000\n"

    report = reconcile(staff.desk_officer.user, HEADER + row)

    offered.refresh_from_db()
    assert (offered.offered_on, offered.mde_value) == (
        datetime.date(2026, 6, 10),
        Decimal("1000000.00"),
    )
    assert findings(report, FindingKind.FILLED) == [
        (offered.identifier, "MDE value"),
        (offered.identifier, "Offered"),
    ]
    assert offered.history.first().history_user == staff.desk_officer.user


def test_a_value_that_differs_is_listed_and_the_app_keeps_its_own(offered, staff):
    Case.objects.filter(pk=offered.pk).update(mde_value=Decimal("500000"))
    row = f"{offered.identifier},A01,Offered,,,,,,,750000\n"

    report = reconcile(staff.desk_officer.user, HEADER + row)

    offered.refresh_from_db()
    assert offered.mde_value == Decimal("500000.00")
    [finding] = report.findings
    assert (finding.kind, finding.label, finding.app_value, finding.extract_value) == (
        FindingKind.DISAGREES, "MDE value", "500000.00", "750000.00"
    )  # fmt: skip
    assert (finding.row, finding.case_version) == (2, "A01")


def test_a_different_status_is_listed_and_the_case_stays_in_its_state(offered, staff):
    report = reconcile(staff.desk_officer.user, HEADER + f"{offered.identifier},Basic,Accepted\n")

    offered.refresh_from_db()
    assert offered.state == CaseState.OFFERED
    [finding] = report.findings
    assert (finding.label, finding.app_value, finding.extract_value) == (
        "Status", "Offered", "Accepted"
    )  # fmt: skip


def test_a_milestone_the_case_has_not_reached_in_the_app_is_listed_not_filled(offered, staff):
    row = f"{offered.identifier},Basic,Offered,,,,,2026-07-01\n"

    report = reconcile(staff.desk_officer.user, HEADER + row)

    offered.refresh_from_db()
    assert offered.implemented_on is None
    assert findings(report, FindingKind.DISAGREES) == [(offered.identifier, "Implemented")]


def test_a_case_the_app_does_not_hold_is_listed_and_not_created(staff):
    report = reconcile(staff.desk_officer.user, HEADER + "GR-B-ABC,Basic,Offered\n")

    assert not Case.objects.filter(identifier="GR-B-ABC").exists()
    assert findings(report, FindingKind.UNKNOWN) == [("GR-B-ABC", "")]


def test_reconciling_the_same_file_twice_changes_nothing_the_second_time(offered, staff):
    Case.objects.filter(pk=offered.pk).update(mde_value=Decimal("500000"))
    text = HEADER + f"{offered.identifier},Basic,Accepted,2026-05-04,2026-06-10,,,,,750000\n"
    reconcile(staff.desk_officer.user, text)
    offered.refresh_from_db()
    version = offered.version

    again = reconcile(staff.desk_officer.user, text)

    offered.refresh_from_db()
    assert offered.version == version
    assert again.filled == 0
    assert findings(again, FindingKind.DISAGREES) == [
        (offered.identifier, "MDE value"),
        (offered.identifier, "Status"),
    ]


def test_each_run_is_kept_with_its_findings_and_counts(offered, staff):
    Case.objects.filter(pk=offered.pk).update(mde_value=Decimal("500000"))
    text = HEADER + f"{offered.identifier},Basic,Offered,,2026-06-10,,,,,750000\nGR-B-ABC,,\n"

    reconcile(staff.desk_officer.user, text, "dsams-june.csv")

    run = CaseStatusReconciliation.objects.get()
    assert (run.file_name, run.imported_by, run.status) == (
        "dsams-june.csv", staff.desk_officer.user, "applied"
    )  # fmt: skip
    assert (run.cases_in_file, run.filled, run.disagreements, run.unknown_cases) == (2, 1, 1, 1)
    assert run.findings.filter(kind=FindingKind.DISAGREES).get().case == offered


def test_a_preview_fills_nothing_and_keeps_no_run(offered, staff):
    report = case_status.preview(
        user=staff.desk_officer.user,
        data=(HEADER + f"{offered.identifier},Basic,Offered,,2026-06-10\n").encode(),
        filename="extract.csv",
    )

    offered.refresh_from_db()
    assert report.filled == 1
    assert offered.offered_on is None
    assert not CaseStatusReconciliation.objects.exists()


def test_a_bad_date_names_its_row_and_column_and_writes_nothing(offered, staff):
    text = HEADER + (
        f"{offered.identifier},Basic,Offered,,2026-06-10,,,,,1000000\n"
        "FR-D-999,Basic,Offered,,31/31/2026\n"
    )

    errors = errors_of(lambda: reconcile(staff.desk_officer.user, text))

    assert errors == ["row 3, column Offered: “31/31/2026” is not a date (write it as YYYY-MM-DD)."]
    offered.refresh_from_db()
    assert offered.offered_on is None
    assert not CaseStatusReconciliation.objects.exists()


def test_an_unknown_status_names_its_row(staff):
    errors = errors_of(
        lambda: reconcile(staff.desk_officer.user, HEADER + "FR-D-001,Basic,Pending\n")
    )

    assert errors[0].startswith("row 2, column Status: “Pending” is not a case status")


def test_a_bad_number_names_its_row_and_column(staff):
    errors = errors_of(
        lambda: reconcile(staff.desk_officer.user, HEADER + "FR-D-001,Basic,,,,,,,12 million\n")
    )

    assert errors == ["row 2, column Case value: “12 million” is not an amount in U.S. dollars."]


def test_a_file_without_a_case_identifier_column_is_refused(staff):
    errors = errors_of(lambda: reconcile(staff.desk_officer.user, "Status,Offered\nOffered,\n"))

    assert errors[0].startswith("row 1, column Case identifier: the case identifier column")


def test_an_unreadable_workbook_is_refused(staff):
    errors = errors_of(
        lambda: reconcile(staff.desk_officer.user, "not a workbook", filename="extract.xlsx")
    )

    assert "not a readable .xlsx workbook" in errors[0]


def test_headers_are_read_by_their_common_names_whatever_their_case(offered, staff):
    text = "CASE ID,case status,LOA OFFER DATE\n" + f"{offered.identifier},offered,06/10/2026\n"

    reconcile(staff.desk_officer.user, text)

    offered.refresh_from_db()
    assert offered.offered_on == datetime.date(2026, 6, 10)


def test_lines_come_as_repeated_rows_and_a_missing_line_is_added(case_in, staff):
    case = case_in(CaseState.WRITTEN)
    text = (
        "Case identifier,Status,Line,Item code,Line description,Quantity,Line value\n"
        f"{case.identifier},Write,1,,P-8A spares package,2,3000000\n"
        f"{case.identifier},Write,2,F1K 1005-00-056-6753,Training,1,250000\n"
    )

    report = reconcile(staff.desk_officer.user, text)

    line = CaseLine.objects.get(case=case, number=2)
    assert (line.item_code, line.description, line.quantity, line.unit_value) == (
        "F1K 1005-00-056-6753", "Training", 1, Decimal("250000.00")
    )  # fmt: skip
    assert findings(report, FindingKind.FILLED) == [(case.identifier, "Line 2")]
    assert report.disagreements == 0


def test_a_line_that_differs_is_listed_with_its_row(case_in, staff):
    case = case_in(CaseState.WRITTEN)
    text = (
        "Case identifier,Line,Line description,Quantity,Line value\n"
        f"{case.identifier},1,P-8A spares package,3,4500000\n"
    )

    report = reconcile(staff.desk_officer.user, text)

    assert [(f.label, f.app_value, f.extract_value, f.row) for f in report.findings] == [
        ("Line 1 quantity", "2", "3", 2),
        ("Line 1 value", "3000000.00", "4500000.00", 2),
    ]
    assert CaseLine.objects.get(case=case, number=1).quantity == 2


def test_rows_of_one_case_that_disagree_with_each_other_are_refused(offered, staff):
    text = (
        "Case identifier,Status,Line,Line description\n"
        f"{offered.identifier},Offered,1,Spares\n"
        f"{offered.identifier},Accepted,2,Training\n"
    )

    errors = errors_of(lambda: reconcile(staff.desk_officer.user, text))

    assert errors[0].startswith("row 3, column Status: “Accepted” differs from what row 2 gives")


def test_a_small_workbook_is_read_like_a_csv(offered, staff):
    book = Workbook()
    sheet = book.active
    sheet.append(["Case identifier", "Version", "Status", "Offer date", "MDE value"])
    sheet.append([offered.identifier, "Basic", "Offered", datetime.date(2026, 6, 10), 1000000])
    buffer = io.BytesIO()
    book.save(buffer)

    report = case_status.reconcile(
        user=staff.desk_officer.user, data=buffer.getvalue(), filename="extract.xlsx"
    )

    offered.refresh_from_db()
    assert report.filled == 2
    assert offered.offered_on == datetime.date(2026, 6, 10)


def test_a_case_the_user_does_not_see_is_listed_as_not_held(offered, staff):
    report = reconcile(
        staff.japan_desk_officer.user, HEADER + f"{offered.identifier},Basic,Offered,,2026-06-10\n"
    )

    offered.refresh_from_db()
    assert offered.offered_on is None
    assert findings(report, FindingKind.UNKNOWN) == [(offered.identifier, "")]


def test_someone_who_may_not_import_cases_may_not_reconcile(staff):
    with pytest.raises(PermissionDenied):
        reconcile(staff.leadership.user, HEADER + "FR-D-001,Basic,Offered\n")


def test_a_disagreement_kept_as_the_app_has_it_is_marked_resolved(offered, staff):
    Case.objects.filter(pk=offered.pk).update(mde_value=Decimal("500000"))
    reconcile(staff.desk_officer.user, HEADER + f"{offered.identifier},,,,,,,,,750000\n")
    finding = ReconciliationFinding.objects.get()

    case_status.resolve(
        user=staff.desk_officer.user, finding=finding, resolution="kept", expected_version=1
    )

    finding.refresh_from_db()
    offered.refresh_from_db()
    assert (finding.resolution, finding.resolved_by) == ("kept", staff.desk_officer.user)
    assert offered.mde_value == Decimal("500000.00")


def test_applying_the_extracts_value_changes_the_case_through_its_update(offered, staff):
    Case.objects.filter(pk=offered.pk).update(mde_value=Decimal("500000"))
    reconcile(staff.desk_officer.user, HEADER + f"{offered.identifier},,,,,,,,,750000\n")
    finding = ReconciliationFinding.objects.get()
    offered.refresh_from_db()

    case_status.resolve(
        user=staff.desk_officer.user, finding=finding, resolution="applied",
        expected_version=1, case_version=offered.version,
    )  # fmt: skip

    offered.refresh_from_db()
    assert offered.mde_value == Decimal("750000.00")
    assert offered.history.first().history_user == staff.desk_officer.user


def test_applying_against_a_case_changed_since_is_refused(offered, staff):
    Case.objects.filter(pk=offered.pk).update(mde_value=Decimal("500000"))
    reconcile(staff.desk_officer.user, HEADER + f"{offered.identifier},,,,,,,,,750000\n")
    finding = ReconciliationFinding.objects.get()
    offered.refresh_from_db()
    stale = offered.version
    Case.objects.filter(pk=offered.pk).update(version=stale + 1)

    with pytest.raises(ValidationError):
        case_status.resolve(
            user=staff.desk_officer.user, finding=finding, resolution="applied",
            expected_version=1, case_version=stale,
        )  # fmt: skip

    finding.refresh_from_db()
    assert finding.resolution == ""


def test_a_status_disagreement_cannot_be_applied_here(offered, staff):
    reconcile(staff.desk_officer.user, HEADER + f"{offered.identifier},Basic,Accepted\n")
    finding = ReconciliationFinding.objects.get()

    with pytest.raises(ValidationError):
        case_status.resolve(
            user=staff.desk_officer.user, finding=finding, resolution="applied",
            expected_version=1,
        )  # fmt: skip


# --- the page and the API -----------------------------------------------------------------


def upload(text: str, name: str = "extract.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


@pytest.fixture
def tina(staff):
    client = Client()
    client.force_login(staff.desk_officer.user)
    return client


def test_the_page_previews_the_extract_and_writes_nothing_until_confirmed(offered, staff, tina):
    text = HEADER + f"{offered.identifier},Basic,Offered,,2026-06-10\n"

    response = tina.post(reverse("programs:case-extract-list"), {"file": upload(text)})
    preview = tina.get(response["Location"])

    offered.refresh_from_db()
    assert offered.offered_on is None
    assert "Confirming would fill 1 value" in preview.content.decode()
    run = CaseStatusReconciliation.objects.get()

    tina.post(reverse("programs:case-extract-confirm", args=[run.pk]))

    offered.refresh_from_db()
    assert offered.offered_on == datetime.date(2026, 6, 10)
    run.refresh_from_db()
    assert (run.status, run.filled, bytes(run.content)) == ("applied", 1, b"")


def test_a_bad_file_on_the_page_names_its_row_and_column(staff, tina):
    response = tina.post(
        reverse("programs:case-extract-list"),
        {"file": upload(HEADER + "FR-D-001,Basic,Pending\n")},
    )

    assert "row 2, column Status: “Pending”" in response.content.decode()
    assert not CaseStatusReconciliation.objects.exists()


def test_the_page_of_a_run_links_each_disagreement_to_its_case(offered, staff, tina):
    report = reconcile(staff.desk_officer.user, HEADER + f"{offered.identifier},Basic,Accepted\n")

    page = tina.get(reverse("programs:case-extract-detail", args=[report.reconciliation.pk]))

    assert offered.get_absolute_url() in page.content.decode()
    assert "Keep the app's value" in page.content.decode()


def test_a_run_shows_no_finding_about_a_case_the_reader_does_not_see(offered, staff):
    report = reconcile(staff.desk_officer.user, HEADER + f"{offered.identifier},Basic,Accepted\n")
    bob = Client()
    bob.force_login(staff.japan_desk_officer.user)

    page = bob.get(reverse("programs:case-extract-detail", args=[report.reconciliation.pk]))

    assert page.status_code == 200
    assert offered.identifier not in page.content.decode()


def test_the_case_manager_keeps_the_app_value_from_the_page(offered, staff, tina):
    reconcile(staff.desk_officer.user, HEADER + f"{offered.identifier},Basic,Accepted\n")
    finding = ReconciliationFinding.objects.get()

    tina.post(
        reverse("programs:case-finding-resolve", args=[finding.pk]),
        {"resolution": "kept", "version": finding.version},
    )

    finding.refresh_from_db()
    assert finding.resolution == "kept"
    assert finding.history.count() == 2


def test_the_api_reconciles_an_uploaded_extract_and_returns_the_report(offered, staff):
    _, secret = issue_token(user=staff.desk_officer.user, name="tests", lifetime_days=1)
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    text = HEADER + f"{offered.identifier},Basic,Accepted,,2026-06-10\nGR-B-ABC,Basic,Offered\n"

    response = api.post("/api/v1/cases/status-extracts", {"file": upload(text)})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["applied"], body["filled"], body["disagreements"], body["unknown_cases"]) == (
        True, 1, 1, 1
    )  # fmt: skip
    assert body["findings"][0]["case_id"] == offered.pk


def test_the_api_refuses_a_bad_file_naming_the_row_and_writes_nothing(staff):
    _, secret = issue_token(user=staff.desk_officer.user, name="tests", lifetime_days=1)
    api = Client(headers={"Authorization": f"Bearer {secret}"})

    response = api.post(
        "/api/v1/cases/status-extracts", {"file": upload(HEADER + "FR-D-001,,,,,,,,abc\n")}
    )

    assert response.status_code == 400
    assert response.json()["errors"]["file"] == [
        "row 2, column Case value: “abc” is not an amount in U.S. dollars."
    ]
    assert not CaseStatusReconciliation.objects.exists()


def test_a_value_the_case_would_refuse_is_listed_not_filled(case_in, staff):
    case = case_in(CaseState.PROPOSED, approved_on=datetime.date(2026, 6, 1))
    text = HEADER + f"{case.identifier},Basic,Proposed,,,2026-05-01\n"

    report = reconcile(staff.desk_officer.user, text)

    case.refresh_from_db()
    assert case.offer_expires_on is None
    [finding] = report.findings
    assert finding.kind == FindingKind.DISAGREES
    assert finding.note == "Not filled: An offer expires on or after the agency's approval."
