"""Reading and writing competency frameworks in other systems' formats.

Each format module turns a file into a `ParsedFramework` (plain data, no
database) and a framework into a file. What every format shares lives here:
decoding the bytes, telling the formats apart, and checking the tree (unknown
parents, duplicate codes, cycles) before anything is written.
"""

from __future__ import annotations

import codecs
import html
import re
import uuid
from dataclasses import dataclass, field

# A message list longer than this hides the first problems in the noise.
MAX_MESSAGES = 50


class FrameworkImportError(Exception):
    """A file that cannot become a framework; `messages` says every problem found, where."""

    def __init__(self, messages: list[str] | str):
        if isinstance(messages, str):
            messages = [messages]
        if len(messages) > MAX_MESSAGES:
            hidden = len(messages) - MAX_MESSAGES
            messages = [*messages[:MAX_MESSAGES], f"… and {hidden} more problems."]
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass
class ParsedLevel:
    value: int
    name: str
    descriptor: str = ""


@dataclass
class ParsedScale:
    name: str
    levels: list[ParsedLevel]
    description: str = ""
    proficient_value: int | None = None
    where: str = "the scale"


@dataclass
class ParsedItem:
    """One competency as read from a file, before it has a parent object or a key."""

    key: str
    code: str
    description: str
    where: str
    title: str = ""
    parent_key: str | None = None
    parent_where: str = ""
    kind: str | None = None
    identifier: str | None = None
    sequence: int | None = None
    position: int = 0
    depth: int = 0


@dataclass
class ParsedFramework:
    format: str
    title: str
    where: str
    description: str = ""
    version: str = ""
    source: str = ""
    identifier: str | None = None
    scale: ParsedScale | None = None
    items: list[ParsedItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def decode(content: bytes) -> str:
    """The text of an uploaded file, or an error saying why it cannot be read."""
    if not content.strip():
        raise FrameworkImportError("The file is empty.")
    encoding = "utf-8"
    for bom, with_bom in [
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ]:
        if content.startswith(bom):
            encoding = with_bom
            break
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise FrameworkImportError(
            f"Line {line}: the file is not UTF-8 text (byte 0x{content[exc.start]:02x} at "
            f"position {exc.start}). Save it as UTF-8 and import it again."
        ) from exc
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FrameworkImportError(
            f"Line {line}: the file holds binary data (a NUL character), not JSON or CSV text."
        )
    if not text.strip():
        raise FrameworkImportError("The file is empty.")
    return text


def detect_format(text: str) -> str:
    """'case' for JSON, 'moodle-csv' otherwise: a CSV file never starts with a brace."""
    return "case" if text.lstrip()[:1] in "{[" else "moodle-csv"


def read(content: bytes) -> ParsedFramework:
    """Parse a CASE package or a Moodle CSV file, whichever the content is."""
    from seccoop.competencies.interchange import case, moodle

    text = decode(content)
    parsed = case.read(text) if detect_format(text) == "case" else moodle.read(text)
    arrange(parsed)
    return parsed


def arrange(parsed: ParsedFramework) -> None:
    """Put the items in tree order (parents first, siblings in sequence) and set their depth.

    One pass to index, one to link, one walk: linear in the number of items.
    Raises FrameworkImportError for duplicate codes or keys, unknown parents
    and cycles, naming where each problem is.
    """
    errors: list[str] = []
    by_key: dict[str, ParsedItem] = {}
    by_code: dict[str, ParsedItem] = {}
    for item in parsed.items:
        if item.key in by_key:
            errors.append(
                f"{item.where}: {item.key} appears twice (first at {by_key[item.key].where})."
            )
            continue
        by_key[item.key] = item
        if item.code in by_code:
            errors.append(
                f"{item.where}: the code {item.code} is used twice "
                f"(first at {by_code[item.code].where})."
            )
        else:
            by_code[item.code] = item
    children: dict[str | None, list[ParsedItem]] = {}
    for item in by_key.values():
        if item.parent_key is not None and item.parent_key not in by_key:
            where = f" ({item.parent_where})" if item.parent_where else ""
            errors.append(f"{item.where}: its parent {item.parent_key}{where} is not in the file.")
            continue
        children.setdefault(item.parent_key, []).append(item)
    if errors:
        raise FrameworkImportError(errors)

    def sibling_order(item: ParsedItem):
        return (item.sequence is None, item.sequence or 0, item.position)

    ordered: list[ParsedItem] = []
    stack = [(item, 1) for item in sorted(children.get(None, []), key=sibling_order, reverse=True)]
    while stack:
        item, depth = stack.pop()
        item.depth = depth
        ordered.append(item)
        below = sorted(children.get(item.key, []), key=sibling_order, reverse=True)
        stack.extend((child, depth + 1) for child in below)

    if len(ordered) < len(by_key):
        # Whatever the walk from the roots did not reach hangs under a cycle.
        placed = {id(item) for item in ordered}
        walked: set[str] = set()
        for item in by_key.values():
            if id(item) in placed or item.key in walked:
                continue
            chain: list[ParsedItem] = []
            on_chain: set[str] = set()
            node = item
            while node.key not in on_chain and node.key not in walked:
                chain.append(node)
                on_chain.add(node.key)
                node = by_key[node.parent_key]
            walked.update(on_chain)
            if node.key not in on_chain:
                continue  # leads into a cycle already reported
            cycle = chain[[c.key for c in chain].index(node.key) :]
            path = " → ".join(c.code for c in [*cycle, cycle[0]])
            errors.append(
                f"{cycle[0].where}: the tree has a cycle: {path} (each is the child of the next)."
            )
        raise FrameworkImportError(errors)
    parsed.items = ordered


def as_uuid(value: str | None) -> uuid.UUID | None:
    """The identifier as an RFC 4122 UUID, or None if it is not one (CASE needs real ones)."""
    if not value:
        return None
    try:
        parsed = uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return None
    if parsed.variant != uuid.RFC_4122 or parsed.version not in {1, 2, 3, 4, 5}:
        return None
    return parsed


def text_to_html(text: str) -> str:
    """A statement as a Moodle HTML description: escaped, line breaks kept."""
    if not text:
        return ""
    return "<p>" + html.escape(text, quote=False).replace("\n", "<br>") + "</p>"


def html_to_text(markup: str) -> str:
    """An HTML description as plain text: whitespace as a browser shows it, breaks kept."""
    text = re.sub(r"\s+", " ", markup)
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = re.sub(r"(?i)</p>\s*<p(\s[^>]*)?>", "\n\n", text)
    text = re.sub(r"<[^>]*>", "", text)
    text = html.unescape(text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def short_name(text: str, limit: int = 100) -> str:
    """A statement cut to a Moodle short name: one line, at most `limit` characters."""
    return " ".join(text.split())[:limit].strip()
