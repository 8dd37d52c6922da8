"""Writing many rows of plain, already validated values at once.

PostgreSQL takes them through COPY, fed text built here in large chunks;
other databases through one prepared INSERT run for every row. Model
instances would only convert the same values again, row by row, and
psycopg's `write_row` adapts every value in turn, which costs an import of
100,000 ratings more than the COPY itself.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.db import connection

# Rows of COPY text sent to the server at once.
COPY_CHUNK_ROWS = 50_000


def copy_text(value) -> str:
    """One value as COPY's text format writes it: NULL as \\N, separators escaped."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return (
                value.replace("\\", "\\\\")
                .replace("\t", "\\t")
                .replace("\n", "\\n")
                .replace("\r", "\\r")
            )
        return value
    if isinstance(value, bool):
        return "t" if value else "f"
    # Numbers, dates and times: their str() is what PostgreSQL reads back.
    return str(value)


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert rows of plain values into a table of ours, unchecked: the caller checked them.

    `table` and `columns` come from a model's own metadata, never from input.
    """
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                buffer = io.StringIO()
                for count, row in enumerate(rows, start=1):
                    buffer.write("\t".join(map(copy_text, row)))
                    buffer.write("\n")
                    if count % COPY_CHUNK_ROWS == 0:
                        copy.write(buffer.getvalue())
                        buffer = io.StringIO()
                copy.write(buffer.getvalue())
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
