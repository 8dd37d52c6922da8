"""Bulk import of records from CSV or XLSX files, all or nothing.

An app declares an importer per table: its columns, how a row becomes an
unsaved model instance, and how references are resolved. This module reads
the file, checks the header and every cell, collects every error as
"row N, column X: message" (N as a spreadsheet shows it, the header being
row 1) and writes nothing unless the whole file is valid.

Records are matched by their external id, so importing the same file twice
changes nothing, and a changed row updates the record it names. Reads and
writes are done in bulk: the number of queries does not depend on the
number of rows.
"""

from __future__ import annotations

import abc
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, ClassVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

from seccoop.core import audit, permissions
from seccoop.core.dates import parse_iso_date
from seccoop.core.models import AuditAction

# A spreadsheet larger than this is a mistake or an attack, not a workforce table.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Rows a file may hold unless settings.SECCOOP_IMPORT_MAX_ROWS says otherwise: a
# ratings file of the whole enterprise stays under it.
DEFAULT_MAX_ROWS = 1_000_000
# An XLSX file is a zip archive: refuse one that would expand far beyond its size.
MAX_XLSX_EXPANSION = 20
# A worksheet written by a spreadsheet deflates to about a tenth of its XML (our own
# export of 100,000 ratings: 12 to 1). A member inflating more than this many times
# its compressed size is a zip bomb (300 MB of blank rows deflate about 500 to 1).
MAX_MEMBER_RATIO = 100
# Members smaller than this are not judged by their ratio: a small XML part of
# repeated markup deflates far, and cannot hurt.
RATIO_JUDGED_FROM = 1024 * 1024
# A sheet formatted down to its last row (1,048,576) reads as a million blank rows
# after the table. No honest table has a gap this long, so reading stops there
# rather than walking the rest of the sheet.
MAX_BLANK_RUN = 10_000
# Columns read from a workbook: every import table has a few dozen at most, and a
# sheet whose dimension claims all 16,384 would otherwise pad every row to that width.
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000
# The batch size of bulk writes; backends with a parameter limit use smaller batches.
BATCH_SIZE = 1000
# Values per IN (...) lookup, safely under every backend's parameter limit.
LOOKUP_CHUNK = 10_000
# How often (in rows checked) an import tells its progress callback how far it has got.
PROGRESS_EVERY = 500

# Told how far an import has got: the stage ("checking", then "writing"),
# rows done and rows in the file. A background job records it for its page.
Progress = Callable[[str, int, int], None]

# Sent (sender: the model) once an import has written its rows in bulk, which
# sends no save signals, so that figures derived from the model can follow.
records_written = Signal()

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def max_file_bytes() -> int:
    return getattr(settings, "SECCOOP_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_rows() -> int:
    return getattr(settings, "SECCOOP_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def too_many_rows() -> ImportErrors:
    return file_error(
        f"The file has more than {max_rows():,} data rows, the most one import may hold; "
        "split it into several files."
    )


def looks_like_formula(text: str) -> bool:
    """True for text a spreadsheet would run as a formula, such as =HYPERLINK(...).

    A plain number such as -3 is data, not a formula.
    """
    return text.startswith(FORMULA_TRIGGERS) and not PLAIN_NUMBER.fullmatch(text)


def is_escaped_formula(text: str) -> bool:
    """True for text an export wrote with a leading single quote (see exports.neutralize).

    An export quotes text that looks like a formula ("=x" as "'=x"), and text
    that would read back as quoted ("'=x" as "''=x"), so that an import takes
    exactly one quote off and gets the text back as it was.
    """
    return text.startswith("'") and looks_like_formula(text.lstrip("'"))


def unescape_formula(text: str) -> str:
    """The text as it was before an export quoted it; other text as it is."""
    return text[1:] if is_escaped_formula(text) else text


# --- errors ------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem in an import file: where it is and what is wrong."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        place = [f"row {self.row}"] if self.row is not None else []
        if self.column:
            place.append(f"column {self.column}")
        return f"{', '.join(place)}: {self.message}" if place else self.message


# Errors shown to a person (page, command line, job page): a file with thousands
# of bad rows usually has one mistake repeated, and the first ones say what it is.
MAX_SHOWN_ERRORS = 50


class ShownErrors(list):
    """The first errors of a refused file, then a line counting the rest; `total` counts all."""

    def __init__(self, errors: list[RowError]):
        shown: list[RowError | str] = list(errors[:MAX_SHOWN_ERRORS])
        hidden = len(errors) - len(shown)
        if hidden:
            shown.append(f"… and {hidden:,} more error{'s' if hidden > 1 else ''}.")
        super().__init__(shown)
        self.total = len(errors)


class ImportErrors(Exception):
    """The file was refused; nothing was written. Carries every error found."""

    def __init__(self, errors: list[RowError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.shown()))

    def shown(self) -> ShownErrors:
        """The errors to show a person: the first MAX_SHOWN_ERRORS, and how many more."""
        return ShownErrors(self.errors)


def file_error(message: str) -> ImportErrors:
    return ImportErrors([RowError(None, "", message)])


# --- reading -----------------------------------------------------------------


@dataclass
class Table:
    """The header and data rows of an import file, as text."""

    headers: list[str]
    # (row number as a spreadsheet shows it, the cells of the row)
    rows: list[tuple[int, list[str]]]
    # The sheet read, for a workbook.
    sheet: str | None = None
    # True for CSV, where every row must have as many cells as the header: a
    # workbook leaves blank cells out, a CSV row missing one has lost a comma.
    exact_width: bool = False


def _read_limited(file: IO[bytes]) -> bytes:
    limit = max_file_bytes()
    data = file.read(limit + 1)
    if len(data) > limit:
        raise file_error(f"The file is larger than the limit of {limit // (1024 * 1024)} MB.")
    return data


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _wide_encoding(data: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" for text in those encodings without a byte-order mark.

    Such text is mostly ASCII in a CSV, so every second (or three bytes in four)
    is a NUL; UTF-8 text holds no NUL at all.
    """
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    sample = sample[: len(sample) - len(sample) % 4]
    zeros = [sample[offset::4].count(0) / (len(sample) // 4) for offset in range(4)]
    if sum(share > 0.9 for share in zeros) == 3:
        return "UTF-32"
    if (zeros[1] > 0.9 and zeros[3] > 0.9) or (zeros[0] > 0.9 and zeros[2] > 0.9):
        return "UTF-16"
    return None


def _read_csv(data: bytes) -> Table:
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise ImportErrors(
            [
                RowError(
                    1,
                    "",
                    "the file is UTF-32 text, not UTF-8. Save it as “CSV UTF-8” and import it "
                    "again.",
                )
            ]
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" export: every other byte is zero, so say what it is.
        raise ImportErrors(
            [
                RowError(
                    1,
                    "",
                    "the file is UTF-16 text, not UTF-8. Save it as “CSV UTF-8” and import it "
                    "again.",
                )
            ]
        )
    wide = _wide_encoding(data)
    if wide:
        # Read as UTF-8 it would be one unknown column full of NUL characters.
        raise file_error(
            f"This file looks like {wide} without a byte-order mark; save it as UTF-8 "
            "(“CSV UTF-8”) and import it again."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportErrors(
            [
                RowError(
                    line,
                    "",
                    "the file is not UTF-8 text (it may be Latin-1 or Windows-1252). "
                    "Save it as “CSV UTF-8” and import it again.",
                )
            ]
        ) from exc
    # Strict: an unterminated quote (a truncated file) is an error, not a cell
    # that silently swallows every line after it.
    records = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    limit = max_rows()
    filled = 0
    number = 0
    try:
        for number, record in enumerate(records, start=1):
            if any(cell.strip() for cell in record):
                filled += 1
                # One more than the header and the limit: the file is refused.
                if filled > limit + 1:
                    raise too_many_rows()
            rows.append((number, record))
    except csv.Error as exc:
        raise ImportErrors([RowError(number + 1, "", f"the CSV is malformed ({exc}).")]) from exc
    if not rows:
        raise file_error("The file is empty: a header row is required.")
    (_, headers), *data_rows = rows
    return Table(headers=headers, rows=data_rows, exact_width=True)


def _check_expansion(data: bytes) -> None:
    """Refuse a workbook whose parts inflate far beyond any honest workbook's.

    Judged on the sizes the archive declares, before anything is inflated; a
    member cannot inflate past its declared size, since reading stops there.
    """
    unreadable = "The file is not a readable .xlsx workbook (it may be truncated or corrupt)."
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise file_error(unreadable) from exc
    expanded = sum(member.file_size for member in members)
    if expanded > MAX_XLSX_EXPANSION * max_file_bytes():
        raise file_error("The workbook expands to far more data than an import may hold.")
    for member in members:
        if member.file_size < RATIO_JUDGED_FROM:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_MEMBER_RATIO:
            raise file_error(
                f"The workbook is refused: its part {member.filename} inflates {ratio:,.0f} times "
                f"(from {member.compress_size:,} to {member.file_size:,} bytes), which no "
                f"spreadsheet does (they inflate at most {MAX_MEMBER_RATIO} times). It may be "
                "a zip bomb; save the sheet again from a spreadsheet program."
            )


def _sheet_rows(worksheet) -> list[tuple[int, list[str]]]:
    """The rows of a worksheet up to its last non-blank one, each without its trailing blanks."""
    rows: list[tuple[int, list[str]]] = []
    limit = max_rows()
    filled = blank_run = 0
    values_by_row = worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    for number, values in enumerate(values_by_row, start=1):
        width = len(values)
        while width and (values[width - 1] is None or values[width - 1] == ""):
            width -= 1
        if not width and number > 1:  # the first row is the header, even blank
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                break
            continue
        blank_run = 0
        filled += 1
        if filled > limit + 1:  # the header, and one row more than the limit
            raise too_many_rows()
        rows.append((number, [_cell_text(value) for value in values[:width]]))
    return rows


def _read_xlsx(data: bytes, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    unreadable = "The file is not a readable .xlsx workbook (it may be truncated or corrupt)."
    if not data:
        raise file_error("The file is empty: a header row is required.")
    if not data.startswith(b"PK"):
        # Every workbook is a zip archive; this one is something else renamed.
        raise file_error(
            "The file is not a readable .xlsx workbook: it is named .xlsx but holds no Excel "
            "workbook (it may be a CSV file that was renamed). Import it as a .csv file, or "
            "save it from Excel as .xlsx."
        )
    _check_expansion(data)
    try:
        # Read only: the rows stream from the archive instead of being held as cells.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            by_name = {name.strip().lower(): name for name in workbook.sheetnames}
            chosen = by_name.get((sheet or "").lower()) or workbook.sheetnames[0]
            rows = _sheet_rows(workbook[chosen])
        finally:
            workbook.close()
    except ImportErrors:
        raise
    # openpyxl reports a damaged workbook through many exception types (zip,
    # XML, key and value errors); all of them mean the same thing to the user.
    except Exception as exc:
        raise file_error(unreadable) from exc
    if not rows:
        raise file_error("The sheet is empty: a header row is required.")
    (_, headers), *data_rows = rows
    return Table(headers=headers, rows=data_rows, sheet=chosen)


def read_table(file: IO[bytes], filename: str, *, sheet: str | None = None) -> Table:
    """Read a CSV (UTF-8, with or without a byte-order mark) or XLSX file.

    From a workbook, the sheet named `sheet` is read if there is one, else the first.
    """
    name = filename.lower()
    if name.endswith(".csv"):
        return _read_csv(_read_limited(file))
    if name.endswith(".xlsx"):
        return _read_xlsx(_read_limited(file), sheet)
    raise file_error("Unsupported file type: import a .csv or an .xlsx file.")


def read_rows(
    file: IO[bytes], filename: str, *, sheet: str | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, {header: text}) for each data row of a file."""
    table = read_table(file, filename, sheet=sheet)
    headers = [normalize_header(header) for header in table.headers]
    for number, cells in table.rows:
        yield number, dict(zip(headers, cells, strict=False))


def normalize_header(header: str) -> str:
    return header.strip().lower()


# --- rows and columns --------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of an import file; a required column must be present and filled in."""

    name: str
    required: bool = False


@dataclass
class Row:
    """One data row, its cells stripped of surrounding spaces."""

    number: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")


def lookup(queryset: models.QuerySet, field_name: str, values: Iterable) -> dict:
    """{value: record} for the records whose `field_name` is one of `values`.

    Looking up external ids, a value written as a generated key (see
    `generated_key`) also finds the record without an external id that it names.
    """
    values = sorted({value for value in values if value not in (None, "")}, key=str)
    found = {}
    for start in range(0, len(values), LOOKUP_CHUNK):
        chunk = values[start : start + LOOKUP_CHUNK]
        for record in queryset.filter(**{f"{field_name}__in": chunk}):
            found[getattr(record, field_name)] = record
    if field_name == "external_id":
        found.update(_generated(queryset, [value for value in values if value not in found]))
    return found


# --- records without an external id -------------------------------------------
#
# A record made in the app (a person added on the pages, an org unit, a position)
# has no external id. Its export writes a generated key in its place: the model's
# name and the record's number, such as "person-12". The number never changes and
# is never reused, so the key names the same record for as long as it exists. An
# import reads that key as the record it names, when that record still has no
# external id, and leaves its external id blank: an export imports back
# unchanged. An external id that is written the same way belongs to its record
# first: a generated key is only read as a record number when no record has it
# as its external id.


def generated_key(model: type[models.Model], pk: int | None) -> str | None:
    """The key an export writes for a record of `model` without an external id."""
    return None if pk is None else f"{model._meta.model_name}-{pk}"


def export_key(model: type[models.Model], external_id: str | None, pk: int | None) -> str | None:
    """The record's external id, or its generated key when it has none."""
    return external_id or generated_key(model, pk)


def generated_numbers(model: type[models.Model], values: Iterable[str]) -> dict[int, str]:
    """{record number: key} for the values written as generated keys of `model`."""
    prefix = f"{model._meta.model_name}-"
    numbers = {}
    for value in values:
        number = value[len(prefix) :] if value.startswith(prefix) else ""
        if number.isascii() and number.isdigit() and len(number) < 19:
            numbers[int(number)] = value
    return numbers


def without_external_id() -> models.Q:
    """The records an export names by a generated key: no external id, or a blank one."""
    return models.Q(external_id__isnull=True) | models.Q(external_id="")


def _generated(queryset: models.QuerySet, values: list[str]) -> dict:
    """{key: record} for generated keys naming records that have no external id."""
    numbers = generated_numbers(queryset.model, values)
    found = {}
    chunked = sorted(numbers)
    for start in range(0, len(chunked), LOOKUP_CHUNK):
        chunk = chunked[start : start + LOOKUP_CHUNK]
        for record in queryset.filter(without_external_id(), pk__in=chunk):
            found[numbers[record.pk]] = record
    return found


@dataclass
class ImportResult:
    """What an import did."""

    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{self.kind}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged."
        )


class Importer(abc.ABC):
    """Reads a file, validates every row, then writes all of it or nothing.

    Subclasses declare `kind`, `columns` and `model` (whose policy decides who
    may import, see `authorize`) and implement `validate(rows)`, which records
    problems with `self.error(...)`, and `write()`.
    """

    kind: ClassVar[str] = ""
    columns: ClassVar[tuple[Column, ...]] = ()
    # The model whose policy decides who may import: `can(user, "import", model)`.
    model: ClassVar[type[models.Model]]
    # What a refused user is told.
    refusal: ClassVar[str] = "You may not import these records."

    def __init__(self, *, user=None):
        if not hasattr(type(self), "model"):
            # No importer may leave unsaid who runs it: the policy of its model says.
            raise TypeError(
                f"{type(self).__name__} names no model, whose policy decides who may run it "
                "(authorize)."
            )
        # user=None is the system operator at the command line.
        self.user = user
        self.errors: list[RowError] = []
        self._reported: set[tuple[int | None, str]] = set()
        self.result = ImportResult(kind=self.kind)
        self.progress: Progress | None = None
        self.rows_total = 0
        self.rows_checked = 0

    def authorize(self) -> None:
        """Raise PermissionDenied unless the policy lets the user import the model's records.

        The operator at the command line (user=None) imports anything.
        """
        if self.user is not None and not permissions.can(self.user, "import", self.model):
            raise PermissionDenied(self.refusal)

    def error(self, row: Row | int | None, column: str, message: str) -> None:
        number = row.number if isinstance(row, Row) else row
        # A cell reports its first problem only: the later checks of a blank
        # or refused value would only say the same thing again.
        if (number, column) in self._reported:
            return
        self._reported.add((number, column))
        self.errors.append(RowError(number, column, message))

    def parse_date(self, row: Row, column: str) -> datetime.date | None:
        """The cell's date, written YYYY-MM-DD; a blank cell is None, anything else an error."""
        text = row[column]
        if not text:
            return None
        day = parse_iso_date(text)
        if day is None:
            self.error(row, column, f"“{text}” is not a date written YYYY-MM-DD.")
        return day

    def raise_errors(self) -> None:
        if self.errors:
            self.errors.sort(key=lambda error: (error.row or 0,))
            raise ImportErrors(self.errors)

    def report(self, stage: str, done: int) -> None:
        if self.progress is not None:
            self.progress(stage, done, self.rows_total)

    def checked(self) -> None:
        """Count one more row checked; validate() calls it once per row."""
        self.rows_checked += 1
        if self.rows_checked % PROGRESS_EVERY == 0:
            self.report("checking", self.rows_checked)

    def run(
        self, file: IO[bytes], filename: str, *, progress: Progress | None = None
    ) -> ImportResult:
        self.progress = progress
        self.authorize()
        rows = self.read(file, filename)
        if any(error.row == 1 for error in self.errors):
            # Without the right columns, the rows cannot be read.
            self.raise_errors()
        if not rows and not self.errors:
            raise file_error("The file has a header row but no data rows: nothing to import.")
        self.rows_total = len(rows)
        self.report("checking", 0)
        with transaction.atomic():
            self.validate(rows)
            self.raise_errors()
            self.report("writing", self.rows_total)
            try:
                self.write()
            except ValidationError as exc:
                # The trees' own last check (a cycle the rows did not show).
                errors = [RowError(None, "", message) for message in exc.messages]
                raise ImportErrors(errors) from exc
            audit.record(
                AuditAction.IMPORT,
                actor=self.user,
                kind=self.kind,
                file_format=filename.rsplit(".", 1)[-1].lower(),
                row_count=len(rows),
                file_name=filename,
                detail=str(self.result),
            )
        return self.result

    def read(self, file: IO[bytes], filename: str) -> list[Row]:
        table = read_table(file, filename, sheet=self.kind)
        headers = [normalize_header(header) for header in table.headers]
        known = [column.name for column in self.columns]
        for header in headers:
            if header and header not in known:
                self.error(1, header, f"unknown column; the columns are {', '.join(known)}.")
        for column in self.columns:
            if column.required and column.name not in headers:
                self.error(1, column.name, "this required column is missing.")
        if len(set(headers)) < len(headers):
            for header in {h for h in headers if h and headers.count(h) > 1}:
                self.error(1, header, "this column appears more than once.")
        if self.errors and table.sheet and normalize_header(table.sheet) != self.kind:
            self.error(
                None,
                "",
                f"the sheet “{table.sheet}” was read, since the workbook has no sheet named "
                f"“{self.kind}”; name the sheet “{self.kind}” or put it first.",
            )
        if self.errors:
            return []
        rows = []
        for number, cells in table.rows:
            if not any(cell.strip() for cell in cells):
                continue
            if table.exact_width and len(cells) != len(headers):
                # A lost or extra comma shifts every cell after it into the wrong column.
                self.error(
                    number,
                    "",
                    f"the row has {len(cells)} cells but the header has {len(headers)} columns; "
                    f"every row needs exactly {len(headers)} (a comma is missing or extra, or a "
                    "cell holding a comma is not in quotes).",
                )
                # Its cells are in the wrong columns: checking them would only add noise.
                continue
            if len(cells) > len(headers) and any(cell.strip() for cell in cells[len(headers) :]):
                self.error(number, "", "the row has more cells than the header has columns.")
            values = {}
            for header, cell in zip(headers, cells, strict=False):
                value = cell.strip()
                if "\x00" in value:
                    self.error(
                        number, header, "holds a NUL character (binary data), which is refused."
                    )
                    # Checked no further: no database stores or looks up a NUL.
                    value = value.replace("\x00", "")
                if len(value) > MAX_CELL_CHARS:
                    self.error(number, header, f"longer than {MAX_CELL_CHARS:,} characters.")
                elif looks_like_formula(value):
                    self.error(
                        number,
                        header,
                        "looks like a spreadsheet formula, which is refused; "
                        "remove the leading “=”, “+”, “-” or “@”.",
                    )
                else:
                    # An export writes "=x" as "'=x"; the quote is not part of the value.
                    value = unescape_formula(value)
                values[header] = value
            row = Row(number, values)
            for column in self.columns:
                if column.required and not row[column.name]:
                    self.error(row, column.name, "a value is required.")
            rows.append(row)
        return rows

    @abc.abstractmethod
    def validate(self, rows: list[Row]) -> None:
        """Record every problem of the rows with `self.error(...)`."""

    @abc.abstractmethod
    def write(self) -> None:
        """Write the validated rows; runs inside the import's transaction."""


class RecordImporter(Importer):
    """Imports records of one model matched by their external id, with history.

    A subclass sets `model`, `columns`, `fields` (the model fields a row
    sets), `column_of_field` (to name the column of a validation error) and
    implements `prepare(rows)` (bulk-load what rows refer to) and
    `fill(record, row)` (set the fields from the row). For a tree
    (`model.TREE_PARENT`), `tree_column` names the column of the parent's
    external id; the parent may be a row further down the same file.
    """

    model: ClassVar[type[models.Model]]
    key_column: ClassVar[str] = "external_id"
    fields: ClassVar[tuple[str, ...]] = ()
    column_of_field: ClassVar[dict[str, str]] = {}
    # Relations resolved by the importer itself; their existence is already known.
    reference_fields: ClassVar[tuple[str, ...]] = ()
    tree_column: ClassVar[str | None] = None
    # One-to-one links (a person's account, a position's incumbent).
    one_to_one_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *, user=None):
        super().__init__(user=user)
        self.records: dict[str, models.Model] = {}  # external id -> record, in file order
        self.row_of: dict[str, Row] = {}
        self.parents: dict[str, models.Model | None] = {}  # external id -> intended parent
        self.created: list[models.Model] = []
        self.changed: list[models.Model] = []
        self.original_parent_id: dict[str, int | None] = {}

    @property
    def tree_field(self) -> str | None:
        return self.model.TREE_PARENT if self.tree_column else None

    def prepare(self, rows: list[Row]) -> None:
        """Load in bulk what the rows refer to."""

    @abc.abstractmethod
    def fill(self, record: models.Model, row: Row) -> None:
        """Set the record's fields from the row."""

    def snapshot(self, record: models.Model) -> tuple:
        return tuple(
            getattr(record, record._meta.get_field(name).attname)
            for name in self.fields
            if name != self.tree_field
        )

    def validate(self, rows: list[Row]) -> None:
        keys = [row[self.key_column] for row in rows]
        records = self.model._default_manager.all()
        if self.tree_field:
            records = records.select_related(self.tree_field)
        existing = lookup(records, self.key_column, keys)
        for row in rows:
            key = row[self.key_column]
            if key in self.row_of:
                first = self.row_of[key].number
                self.error(row, self.key_column, f"“{key}” already appears on row {first}.")
                continue
            self.row_of[key] = row
            self.records[key] = existing.get(key) or self.model(**{self.key_column: key})
        self.prepare(rows)
        tree_field = self.tree_field
        for key, record in self.records.items():
            self.checked()
            row = self.row_of[key]
            before = self.snapshot(record)
            if tree_field:
                self.original_parent_id[key] = getattr(record, f"{tree_field}_id")
            self.fill(record, row)
            if tree_field:
                # The tree is checked as a whole by check_cycles, against the
                # links the file will make; the model's own check would judge
                # them against the paths stored before the import.
                self.parents[key] = getattr(record, tree_field)
                setattr(record, tree_field, None)
            self.full_clean(record, row)
            if tree_field:
                setattr(record, tree_field, self.parents[key])
            if record.pk is None:
                self.created.append(record)
            elif self.snapshot(record) != before or self._parent_changed(key):
                self.changed.append(record)
            else:
                self.result.unchanged += 1
        if tree_field:
            self.check_cycles()
        self.check_records()

    def check_records(self) -> None:
        """Checks across the whole file, once every row is filled in."""

    def refuse_sharing(self, field_name: str, column: str, holders: dict) -> None:
        """Refuse giving one thing (an account, a person) to two records.

        `holders` maps each target id to the (pk, external id) of the record
        holding it now; a record of this file may give its target away.
        """
        owner: dict[int, str] = {}
        in_file = {record.pk for record in self.records.values()}
        for target_id, (pk, external_id) in holders.items():
            if pk not in in_file:
                name = self.model._meta.verbose_name
                owner[target_id] = f"{name} {external_id or '#' + str(pk)}"
        for key, record in self.records.items():
            target_id = getattr(record, f"{field_name}_id")
            if target_id is None:
                continue
            row = self.row_of[key]
            if target_id in owner:
                self.error(row, column, f"“{row[column]}” is already linked to {owner[target_id]}.")
            else:
                owner[target_id] = f"row {row.number}"

    def _parent_changed(self, key: str) -> bool:
        parent = self.parents.get(key)
        return (parent.pk if parent is not None else None) != self.original_parent_id.get(key)

    def full_clean(self, record: models.Model, row: Row) -> None:
        # Uniqueness and references are checked for the whole file in bulk
        # (per-row checks would cost a query each), so full_clean skips them.
        try:
            record.full_clean(
                exclude=list(self.reference_fields),
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = self.column_of_field.get(name, name if name != "__all__" else "")
                for message in messages:
                    self.error(row, column, message)

    def resolve(self, row: Row, column: str, existing: dict[str, models.Model]):
        """The record a reference column names: a row of this file or an existing record."""
        key = row[column]
        if not key:
            return None
        target = self.records.get(key) or existing.get(key)
        if target is None:
            self.error(row, column, f"no {self.model._meta.verbose_name} “{key}” exists.")
        return target

    def check_cycles(self) -> None:
        """Refuse parent links that would make a record its own ancestor."""

        def node(record):
            return record.pk if record.pk is not None else ("new", getattr(record, self.key_column))

        parent_of = dict(self.model._default_manager.values_list("pk", f"{self.tree_field}_id"))
        for key, record in self.records.items():
            parent = self.parents.get(key)
            parent_of[node(record)] = node(parent) if parent is not None else None
        reaches_root: set = set()
        for key, record in self.records.items():
            seen, current = [], node(record)
            while current is not None and current not in reaches_root:
                if current in seen:
                    self.error(
                        self.row_of[key],
                        self.tree_column,
                        f"“{key}” would be its own ancestor (a cycle).",
                    )
                    break
                seen.append(current)
                current = parent_of.get(current)
            else:
                reaches_root.update(seen)

    def write(self) -> None:
        model, tree_field = self.model, self.tree_field
        manager = model._default_manager
        writable = [name for name in self.fields if name != tree_field]
        if "updated_at" in {f.name for f in model._meta.fields}:
            # bulk_update does not touch auto_now fields.
            now = timezone.now()
            for record in self.changed:
                record.updated_at = now
            writable.append("updated_at")
        # Updates first: a record may free something (an incumbent) a new one takes.
        if self.changed:
            # Freed before being given again, so that no one-to-one link is
            # held twice in the middle of the update.
            for name in self.one_to_one_fields:
                for start in range(0, len(self.changed), LOOKUP_CHUNK):
                    chunk = [record.pk for record in self.changed[start : start + LOOKUP_CHUNK]]
                    manager.filter(pk__in=chunk).update(**{name: None})
            manager.bulk_update(self.changed, writable, batch_size=BATCH_SIZE)
        if tree_field:
            # A parent may be a new record of this file, which has no key yet.
            for record in self.created:
                setattr(record, tree_field, None)
        manager.bulk_create(self.created, batch_size=BATCH_SIZE)
        if tree_field:
            relinked = []
            for key, record in self.records.items():
                parent = self.parents[key]
                setattr(record, tree_field, parent)
                if (parent.pk if parent else None) != self.original_parent_id.get(key):
                    relinked.append(record)
            if relinked:
                manager.bulk_update(relinked, [tree_field], batch_size=BATCH_SIZE)
            # Paths follow the links; a file that moves and adds nothing leaves them as
            # they are (and writes nothing, which on PostgreSQL would still mark the gap
            # figures stale: their trigger fires on every statement).
            if self.created or relinked:
                model.rebuild_paths()
                paths = dict(manager.values_list("pk", "path"))
                for record in self.records.values():
                    record.path = paths[record.pk]
        self.record_history()
        if self.created or self.changed:
            # A file that changes nothing leaves the derived figures as they are.
            records_written.send(sender=model)
        self.result.created = len(self.created)
        self.result.updated = len(self.changed)

    def record_history(self) -> None:
        """One history entry per created or changed record, as it stands after the import.

        Bulk writes bypass the signals that keep history, so the entries are
        written here, in bulk, once every link and path is final.
        """
        history = get_history_manager_for_model(self.model)
        user = self.user if getattr(self.user, "is_authenticated", False) else None
        reason = f"Imported ({self.kind})"
        history.bulk_history_create(
            self.created, batch_size=BATCH_SIZE, default_user=user, default_change_reason=reason
        )
        history.bulk_history_create(
            self.changed,
            batch_size=BATCH_SIZE,
            update=True,
            default_user=user,
            default_change_reason=reason,
        )
