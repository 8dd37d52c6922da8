"""The import framework reads CSV and XLSX files and refuses what it cannot trust."""

import io

import pytest
from openpyxl import Workbook

from seccoop.core.imports import (
    Column,
    Importer,
    ImportErrors,
    looks_like_formula,
    read_rows,
)
from seccoop.partners.models import Country


class CountryImporter(Importer):
    """A small importer of the kind a later app declares; it writes nothing."""

    kind = "countries"
    model = Country
    columns = (Column("code", required=True), Column("name", required=True), Column("region"))

    def validate(self, rows):
        self.rows = rows

    def write(self):
        self.result.created = len(self.rows)


def csv_bytes(text, encoding="utf-8"):
    return io.BytesIO(text.encode(encoding))


def xlsx_bytes(sheets):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def errors_of(call):
    with pytest.raises(ImportErrors) as caught:
        call()
    return [str(error) for error in caught.value.errors]


def test_a_csv_with_a_byte_order_mark_reads_its_first_header_cleanly():
    rows = list(read_rows(csv_bytes("code,name\nFR,France\n", "utf-8-sig"), "c.csv"))
    assert rows == [(2, {"code": "FR", "name": "France"})]


def test_accented_utf8_text_is_read_as_written():
    rows = list(read_rows(csv_bytes("code,name\nCI,Côte d’Ivoire\n"), "c.csv"))
    assert rows[0][1]["name"] == "Côte d’Ivoire"


def test_a_latin1_file_is_refused_with_a_clear_message():
    errors = errors_of(
        lambda: list(read_rows(csv_bytes("code,name\nFR,France\nCI,Côte\n", "latin-1"), "c.csv"))
    )
    assert errors == [
        "row 3: the file is not UTF-8 text (it may be Latin-1 or Windows-1252). "
        "Save it as “CSV UTF-8” and import it again."
    ]


def test_row_numbers_count_records_as_a_spreadsheet_shows_them():
    text = 'code,name\nFR,"France,\nthe Republic"\nDE,Germany\n'
    rows = list(read_rows(csv_bytes(text), "c.csv"))
    assert [number for number, _ in rows] == [2, 3]


def test_a_workbook_sheet_named_after_the_table_is_read_before_the_first():
    workbook = xlsx_bytes(
        {"Notes": [["anything"]], "Countries": [["code", "name"], ["FR", "France"]]}
    )
    rows = list(read_rows(workbook, "c.xlsx", sheet="countries"))
    assert rows == [(2, {"code": "FR", "name": "France"})]


def test_the_first_sheet_is_read_when_none_is_named_after_the_table():
    workbook = xlsx_bytes({"Sheet A": [["code", "name"], ["DE", "Germany"]]})
    assert list(read_rows(workbook, "c.xlsx", sheet="countries"))[0][1]["code"] == "DE"


def test_a_truncated_workbook_gives_a_clear_error():
    data = xlsx_bytes({"Countries": [["code", "name"], ["FR", "France"]]}).getvalue()
    errors = errors_of(lambda: list(read_rows(io.BytesIO(data[: len(data) // 2]), "c.xlsx")))
    assert errors == ["The file is not a readable .xlsx workbook (it may be truncated or corrupt)."]


def test_a_text_file_named_xlsx_gives_a_clear_error():
    errors = errors_of(lambda: list(read_rows(csv_bytes("code,name\n"), "c.xlsx")))
    assert "not a readable .xlsx workbook" in errors[0]


def test_another_file_type_is_refused():
    errors = errors_of(lambda: list(read_rows(csv_bytes("{}"), "c.json")))
    assert errors == ["Unsupported file type: import a .csv or an .xlsx file."]


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.SECCOOP_IMPORT_MAX_BYTES = 1024 * 1024
    big = "code,name\n" + "XX,Somewhere\n" * 100_000
    errors = errors_of(lambda: list(read_rows(csv_bytes(big), "c.csv")))
    assert errors == ["The file is larger than the limit of 1 MB."]


def test_an_importer_accepts_columns_in_any_order_and_case(db):
    result = CountryImporter().run(csv_bytes(" Name ,CODE\nFrance,FR\n"), "c.csv")
    assert result.created == 1


def test_an_importer_skips_blank_lines_but_keeps_counting_them(db):
    importer = CountryImporter()
    importer.run(csv_bytes("code,name\n\nFR,France\n"), "c.csv")
    assert [row.number for row in importer.rows] == [3]


def test_a_formula_in_a_workbook_cell_is_refused(db):
    workbook = xlsx_bytes(
        {"Countries": [["code", "name"], ["FR", '=HYPERLINK("http://x","France")']]}
    )
    errors = errors_of(lambda: CountryImporter().run(workbook, "c.xlsx"))
    assert errors[0].startswith("row 2, column name: looks like a spreadsheet formula")


def test_a_row_longer_than_the_header_is_refused(db):
    errors = errors_of(
        lambda: CountryImporter().run(csv_bytes("code,name\nFR,France,Paris\n"), "c.csv")
    )
    assert errors == [
        "row 2: the row has 3 cells but the header has 2 columns; every row needs exactly 2 "
        "(a comma is missing or extra, or a cell holding a comma is not in quotes)."
    ]


def test_a_column_given_twice_is_refused(db):
    errors = errors_of(
        lambda: CountryImporter().run(csv_bytes("code,name,Name\nFR,a,b\n"), "c.csv")
    )
    assert errors == ["row 1, column name: this column appears more than once."]


@pytest.mark.parametrize(
    "text", ["=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", '=HYPERLINK("x")', "="]
)
def test_formula_like_text_is_recognized(text):
    assert looks_like_formula(text)


@pytest.mark.parametrize("text", ["-3", "+4.5", "France", "GS-13", "a=b", ""])
def test_plain_numbers_and_ordinary_text_are_not_formulas(text):
    assert not looks_like_formula(text)


def test_an_importer_that_names_no_model_whose_policy_says_who_may_run_it_cannot_be_used():
    class Careless(Importer):
        kind = "careless"
        columns = ()

        def validate(self, rows):
            pass

        def write(self):
            pass

    with pytest.raises(TypeError, match="names no model"):
        Careless()
