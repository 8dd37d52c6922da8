"""Writing tables to CSV and XLSX, safe to open in a spreadsheet.

Any text cell a spreadsheet would run as a formula (=HYPERLINK(...), +cmd,
@SUM...) is written with a leading single quote, so it shows as text; the
imports take that quote off again. Exports use the same columns as the
imports, so an exported file imports unchanged.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from seccoop.core import audit
from seccoop.core.imports import is_escaped_formula, looks_like_formula
from seccoop.core.models import AuditAction

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)


@dataclass
class Sheet:
    """A table to export: a name (the sheet title and file name), a header and rows."""

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    # Who asked for it, for the audit log; by default the user of the request being
    # served, and nobody (the system operator) at the command line.
    exported_by: Any = None

    def filename(self, file_format: str) -> str:
        return f"{self.name}.{file_format}"


def neutralize(value: Any) -> Any:
    """The value as a spreadsheet may safely show it: formula-like text becomes text."""
    # Text that already reads as quoted gets one more quote, so that an import,
    # which takes exactly one off (imports.unescape_formula), reads it back as it was.
    if isinstance(value, str) and (looks_like_formula(value) or is_escaped_formula(value)):
        return "'" + value
    return value


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN: no figure
        return ""
    return str(neutralize(value) if isinstance(value, str) else value)


def write_csv(sheet: Sheet, stream: IO[bytes]) -> None:
    """UTF-8 with a byte-order mark, so spreadsheets read accents correctly."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(sheet.headers)
    for row in sheet.rows:
        writer.writerow([_csv_cell(value) for value in row])
    text.flush()
    text.detach()


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", neutralize(value))
    if isinstance(value, float) and value != value:
        return None
    return value


def write_xlsx(sheet: Sheet, stream: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet.name[:31])
    worksheet.append(list(sheet.headers))
    for row in sheet.rows:
        worksheet.append([_xlsx_cell(value) for value in row])
    workbook.save(stream)


def write(sheet: Sheet, file_format: str, stream: IO[bytes]) -> None:
    """Write a sheet, and note in the audit log who exported what, and how many rows."""
    if file_format not in FORMATS:
        raise ValueError(f"Unknown format {file_format!r}; choose csv or xlsx.")
    count = 0

    def counted(rows):
        nonlocal count
        for row in rows:
            count += 1
            yield row

    counting = dataclasses.replace(sheet, rows=counted(sheet.rows))
    if file_format == "csv":
        write_csv(counting, stream)
    else:
        write_xlsx(counting, stream)
    audit.record(
        AuditAction.EXPORT,
        actor=sheet.exported_by,
        kind=sheet.name,
        file_format=file_format,
        row_count=count,
        file_name=sheet.filename(file_format),
    )


def render(sheet: Sheet, file_format: str) -> bytes:
    buffer = io.BytesIO()
    write(sheet, file_format, buffer)
    return buffer.getvalue()
