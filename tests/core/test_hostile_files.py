"""Hostile and broken files cost nothing: refused in seconds, with bounded memory, naming why.

The hostile files are built here, small, rather than kept in the repository:
a workbook whose sheet inflates to hundreds of megabytes is a few hundred
kilobytes of deflated blank rows.
"""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from seccoop.core.imports import MAX_SHOWN_ERRORS, ImportErrors
from seccoop.core.models import TransferJob
from seccoop.core.tasks import start_import
from seccoop.workforce.imports import import_table
from seccoop.workforce.models import Person

HEADER = ["external_id", "first_name", "last_name"]
SHEET = "xl/worksheets/sheet1.xml"
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def workbook_with_sheet(write_sheet) -> bytes:
    """A real workbook (sheet "people") whose sheet XML is written by `write_sheet(stream)`."""
    workbook = Workbook()
    workbook.active.title = "people"
    base = io.BytesIO()
    workbook.save(base)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(base) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for member in source.infolist():
            if member.filename == SHEET:
                with target.open(SHEET, "w", force_zip64=True) as stream:
                    write_sheet(stream)
            else:
                target.writestr(member, source.read(member))
    return out.getvalue()


def cells(number: int, values) -> str:
    return (
        f'<row r="{number}">'
        + "".join(
            f'<c r="{"ABC"[i]}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
            for i, value in enumerate(values)
        )
        + "</row>"
    )


def blank_row_bomb(stream) -> None:
    """A header, then about 300 MB of blank rows: the sheet of the reported file."""
    stream.write((SHEET_START + "<sheetData>" + cells(1, HEADER)).encode())
    chunk = b"<row/>" * 1_000_000
    for _ in range(50):
        stream.write(chunk)
    stream.write(b"</sheetData></worksheet>")


def measured(call):
    """(the errors of a refused import, seconds taken, peak of memory allocated in bytes)."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ImportErrors) as caught:
            call()
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return [str(error) for error in caught.value.errors], seconds, peak


@pytest.fixture
def bomb() -> bytes:
    return workbook_with_sheet(blank_row_bomb)


def test_a_workbook_inflating_to_300_mb_of_blank_rows_is_refused_in_seconds(directorate, bomb):
    assert len(bomb) < 1024 * 1024
    user = directorate.workforce_manager.user
    errors, seconds, peak = measured(
        lambda: import_table("people", io.BytesIO(bomb), "people.xlsx", user=user)
    )
    [error] = errors
    assert error.startswith(f"The workbook is refused: its part {SHEET} inflates")
    assert "zip bomb" in error
    # Generous bounds: the refusal reads the archive's directory, not the sheet.
    assert seconds < 5
    assert peak < 20 * 1024 * 1024
    assert not Person.objects.filter(first_name="").exists()


def test_the_background_worker_refuses_the_same_workbook(directorate, bomb, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    job = start_import(
        user=directorate.workforce_manager.user,
        kind="people",
        upload=SimpleUploadedFile("people.xlsx", bomb),
    )
    job.refresh_from_db()
    assert job.status == TransferJob.Status.FAILED
    [problem] = job.problems
    assert problem.startswith(f"The workbook is refused: its part {SHEET} inflates")


def test_a_sheet_formatted_down_to_its_last_row_imports_its_table_quickly(directorate):
    def formatted_to_the_end(stream):
        stream.write(
            (
                SHEET_START
                + '<dimension ref="A1:C1048576"/><sheetData>'
                + cells(1, HEADER)
                + cells(2, ["P-1", "Ana", "Silva"])
                + cells(3, ["P-2", "Ben", "Okafor"])
                # A styled, empty cell on the sheet's last row: every row between reads as blank.
                + '<row r="1048576"><c r="A1048576" s="0"/></row>'
                + "</sheetData></worksheet>"
            ).encode()
        )

    data = workbook_with_sheet(formatted_to_the_end)
    started = time.perf_counter()
    result = import_table(
        "people", io.BytesIO(data), "people.xlsx", user=directorate.workforce_manager.user
    )
    assert time.perf_counter() - started < 5
    assert result.created == 2


def test_a_csv_with_more_rows_than_the_limit_is_refused_naming_the_limit(directorate, settings):
    settings.SECCOOP_IMPORT_MAX_ROWS = 2
    data = b"external_id,first_name,last_name\nP-1,Ana,Silva\nP-2,Ben,Okafor\nP-3,Cy,Diallo\n"
    with pytest.raises(ImportErrors) as caught:
        import_table(
            "people", io.BytesIO(data), "people.csv", user=directorate.workforce_manager.user
        )
    assert [str(error) for error in caught.value.errors] == [
        "The file has more than 2 data rows, the most one import may hold; "
        "split it into several files."
    ]
    assert not Person.objects.filter(external_id="P-1").exists()


def test_a_workbook_with_more_rows_than_the_limit_is_refused(directorate, settings):
    settings.SECCOOP_IMPORT_MAX_ROWS = 2

    def three_people(stream):
        rows = [HEADER, ["P-1", "Ana", "Silva"], ["P-2", "Ben", "Okafor"], ["P-3", "Cy", "Diallo"]]
        body = "".join(cells(number, row) for number, row in enumerate(rows, start=1))
        stream.write((SHEET_START + "<sheetData>" + body + "</sheetData></worksheet>").encode())

    data = workbook_with_sheet(three_people)
    with pytest.raises(ImportErrors) as caught:
        import_table(
            "people", io.BytesIO(data), "people.xlsx", user=directorate.workforce_manager.user
        )
    assert str(caught.value).startswith("The file has more than 2 data rows")


def test_a_csv_row_with_fewer_cells_than_the_header_is_refused_naming_the_row(directorate):
    data = b"external_id,first_name,last_name,email\nP-1,Ana,Silva,ana@example.org\nP-2,Ben\n"
    with pytest.raises(ImportErrors) as caught:
        import_table(
            "people", io.BytesIO(data), "people.csv", user=directorate.workforce_manager.user
        )
    assert [str(error) for error in caught.value.errors] == [
        "row 3: the row has 2 cells but the header has 4 columns; every row needs exactly 4 "
        "(a comma is missing or extra, or a cell holding a comma is not in quotes)."
    ]
    assert not Person.objects.filter(external_id__in=["P-1", "P-2"]).exists()


def test_a_csv_row_with_an_extra_blank_cell_is_refused_naming_the_row(directorate):
    data = b"external_id,first_name,last_name\nP-1,Ana,Silva,\n"
    with pytest.raises(ImportErrors) as caught:
        import_table(
            "people", io.BytesIO(data), "people.csv", user=directorate.workforce_manager.user
        )
    [error] = [str(error) for error in caught.value.errors]
    assert error.startswith("row 2: the row has 4 cells but the header has 3 columns")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_named_as_such(directorate, encoding):
    data = "external_id,first_name,last_name\nP-1,Ana,Silva\n".encode(encoding)
    with pytest.raises(ImportErrors) as caught:
        import_table(
            "people", io.BytesIO(data), "people.csv", user=directorate.workforce_manager.user
        )
    assert [str(error) for error in caught.value.errors] == [
        "This file looks like UTF-16 without a byte-order mark; save it as UTF-8 "
        "(“CSV UTF-8”) and import it again."
    ]


def test_utf32_without_a_byte_order_mark_is_named_as_such(directorate):
    data = "external_id,first_name,last_name\nP-1,Ana,Silva\n".encode("utf-32-le")
    with pytest.raises(ImportErrors) as caught:
        import_table(
            "people", io.BytesIO(data), "people.csv", user=directorate.workforce_manager.user
        )
    assert str(caught.value).startswith("This file looks like UTF-32 without a byte-order mark")


# --- a long list of errors is capped, with a count of the rest -----------------------------

MANY = 362


def many_bad_rows() -> bytes:
    rows = [f"P-{n},,Silva" for n in range(MANY)]
    return ("external_id,first_name,last_name\n" + "\n".join(rows) + "\n").encode()


def test_the_import_page_shows_the_first_errors_and_counts_the_rest(directorate, client):
    client.force_login(directorate.workforce_manager.user)
    response = client.post(
        reverse("workforce:import"),
        {"kind": "people", "file": SimpleUploadedFile("people.csv", many_bad_rows())},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert f"Correct {MANY} problems" in page
    assert page.count("column first_name: a value is required.") == MAX_SHOWN_ERRORS
    assert f"… and {MANY - MAX_SHOWN_ERRORS} more errors." in page


def test_the_command_line_prints_the_first_errors_and_counts_the_rest(directorate, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(many_bad_rows())
    stderr = io.StringIO()
    with pytest.raises(CommandError, match=f"{MANY} error"):
        call_command("import-data", "people", str(path), stderr=stderr)
    lines = stderr.getvalue().splitlines()
    assert len(lines) == MAX_SHOWN_ERRORS + 1
    assert lines[-1] == f"… and {MANY - MAX_SHOWN_ERRORS} more errors."


def test_the_background_job_keeps_the_first_errors_and_counts_the_rest(directorate, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    job = start_import(
        user=directorate.workforce_manager.user,
        kind="people",
        upload=SimpleUploadedFile("people.csv", many_bad_rows()),
    )
    job.refresh_from_db()
    assert len(job.problems) == MAX_SHOWN_ERRORS + 1
    assert job.problems[-1] == f"… and {MANY - MAX_SHOWN_ERRORS} more errors."
