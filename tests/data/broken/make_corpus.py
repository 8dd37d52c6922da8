"""Writes the corpus of broken import files beside this script.

Run `python tests/data/broken/make_corpus.py` to regenerate them; each file
is what a user's spreadsheet program or a damaged transfer really produces.
"""

import io
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
HEADER = "external_id,first_name,last_name,email\n"
GOOD_ROWS = "P-901,Zoë,Çelik,zoe.celik@example.org\nP-902,Jean,Dupont,jean.dupont@example.org\n"


def workbook(sheets: dict[str, list[list[str]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


PEOPLE_ROWS = [
    ["external_id", "first_name", "last_name"],
    ["P-901", "Zoë", "Çelik"],
    ["P-902", "Jean", "Dupont"],
]


def corpus() -> dict[str, bytes]:
    good_xlsx = workbook({"people": PEOPLE_ROWS})
    corrupt = bytearray(good_xlsx)
    middle = len(corrupt) // 2
    corrupt[middle : middle + 200] = b"\x00" * 200
    return {
        "latin1.csv": (HEADER + GOOD_ROWS).encode("latin-1"),
        "utf16.csv": (HEADER + GOOD_ROWS).encode("utf-16"),
        "byte_order_mark.csv": (HEADER + GOOD_ROWS).encode("utf-8-sig"),
        "duplicated_ids.csv": (HEADER + GOOD_ROWS + "P-901,Zoe,Celik,other@example.org\n").encode(),
        "hyperlink_formula.csv": (
            HEADER + 'P-901,"=HYPERLINK(""http://example.com/x"",""Click"")",Çelik,z@example.org\n'
        ).encode(),
        "huge_field.csv": (HEADER + f"P-901,{'A' * 20_000},Çelik,z@example.org\n").encode(),
        "truncated_quote.csv": (HEADER + GOOD_ROWS + 'P-903,"Unterminated,Smith,').encode(),
        "truncated.xlsx": good_xlsx[: len(good_xlsx) * 2 // 3],
        "corrupt.xlsx": bytes(corrupt),
        "wrong_sheet.xlsx": workbook(
            {"Summary": [["note"], ["Staff list, March"]], "Staff": PEOPLE_ROWS}
        ),
        "empty.csv": b"",
        "header_only.csv": HEADER.encode(),
        "really_a_csv.xlsx": (HEADER + GOOD_ROWS).encode(),
    }


def write_corpus(directory: Path = HERE) -> None:
    for name, content in corpus().items():
        (directory / name).write_bytes(content)


if __name__ == "__main__":
    write_corpus()
