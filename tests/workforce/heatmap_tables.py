"""Read a rendered heatmap table the way a sighted user sees it."""

from html.parser import HTMLParser


class _TableReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_table = False
        self._hidden = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table":
            self._in_table = True
        elif self._in_table and tag == "tr":
            self.rows.append([])
        elif self._in_table and tag in ("th", "td"):
            self._cell = []
        elif tag == "span" and "usa-sr-only" in classes:
            self._hidden = True

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = False
        elif tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "span" and self._hidden:
            self._hidden = False

    def handle_data(self, data):
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


def heatmap_table(html: str) -> dict[str, dict[str, str]]:
    """The first table of a page as {row header: {column header: visible text}}."""
    reader = _TableReader()
    reader.feed(html)
    if not reader.rows:
        return {}
    header, *body = reader.rows
    return {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in body}


def row_starting(table: dict[str, dict[str, str]], start: str) -> dict[str, str]:
    [row] = [cells for name, cells in table.items() if name.startswith(start)]
    return row
