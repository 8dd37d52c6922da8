"""Moodle competency-framework CSV (the format of Moodle's admin/tool/lpimportcsv).

Fourteen columns read by position, or by a loosely matched header when an
older export spells them differently. One row is the framework (Is framework
= 1) and carries the scale: Scale values are the level names in order, Scale
configuration is Moodle's JSON list (first the scale id, then one entry per
level with `id`, `scaledefault` and `proficient`). seccoop adds `value` and
`descriptor` to each level entry and `name` and `description` to the first,
which Moodle carries along untouched, so a round trip keeps the whole scale.

Mapping: ID number is the code, Parent ID number the parent's code, Short name
the title (or, for an item with no title, its statement cut to 100
characters), Description the statement as HTML, Exported ID the CASE item
identifier.
"""

from __future__ import annotations

import csv
import io
import json
import re

from seccoop.competencies.interchange import (
    FrameworkImportError,
    ParsedFramework,
    ParsedItem,
    ParsedLevel,
    ParsedScale,
    html_to_text,
    short_name,
    text_to_html,
)
from seccoop.core.json_input import JsonRefused, parse_json

CONTENT_TYPE = "text/csv"
MAX_ID_LENGTH = 100
HTML_FORMAT = 1
COLUMNS = [
    ("parent", "Parent ID number"),
    ("code", "ID number"),
    ("short_name", "Short name"),
    ("description", "Description"),
    ("description_format", "Description format"),
    ("scale_values", "Scale values"),
    ("scale_configuration", "Scale configuration"),
    ("rule_type", "Rule type (optional)"),
    ("rule_outcome", "Rule outcome (optional)"),
    ("rule_config", "Rule config (optional)"),
    ("related", "Cross-referenced competency ID numbers"),
    ("exported_id", "Exported ID (optional)"),
    ("is_framework", "Is framework"),
    ("taxonomy", "Taxonomy"),
]
COLUMN_NAMES = dict(COLUMNS)
# Header spellings seen in Moodle exports over the years, loosely normalised.
HEADER_ALIASES = {
    "parentidnumber": "parent",
    "idnumber": "code",
    "shortname": "short_name",
    "description": "description",
    "descriptionformat": "description_format",
    "scalevalues": "scale_values",
    "scaleconfiguration": "scale_configuration",
    "ruletype": "rule_type",
    "ruleoutcome": "rule_outcome",
    "ruleconfig": "rule_config",
    "crossreferencedcompetencyidnumbers": "related",
    "relatedidnumbers": "related",
    "exportedid": "exported_id",
    "exportid": "exported_id",
    "isframework": "is_framework",
    "taxonomy": "taxonomy",
    "taxonomies": "taxonomy",
}
REQUIRED_COLUMNS = ["parent", "code", "short_name", "description", "is_framework"]


def _normalise_header(cell: str) -> str:
    return re.sub(r"[^a-z]", "", cell.lower().replace("(optional)", ""))


def _columns_of(header: list[str]) -> dict[str, int]:
    """Where each column is: by its header when recognised, else by its position."""
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = HEADER_ALIASES.get(_normalise_header(cell))
        if key is None and index < len(COLUMNS):
            key = COLUMNS[index][0]
        if key is not None and key not in positions:
            positions[key] = index
    return positions


def _truthy(value: str) -> bool:
    return value.strip().lower() not in {"", "0", "false", "no"}


def read(text: str) -> ParsedFramework:
    lines = io.StringIO(text.lstrip("\ufeff"), newline="")
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise FrameworkImportError(f"Line 1: the header cannot be read as CSV ({exc}).") from exc
    columns = _columns_of(header)
    missing = [COLUMN_NAMES[key] for key in REQUIRED_COLUMNS if key not in columns]
    if missing:
        raise FrameworkImportError(
            f"Line 1: the header has no column {', '.join(missing)}; a Moodle competency "
            f"framework file has the columns {', '.join(name for _, name in COLUMNS)}."
        )

    errors: list[str] = []
    framework: ParsedFramework | None = None
    framework_line = 0
    per_item_scales = 0
    related = 0
    # Moodle writes the framework row first, but a hand-made file need not.
    before_framework: list[ParsedItem] = []
    line = reader.line_num + 1
    while True:
        start = line
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise FrameworkImportError(
                errors + [f"Line {start}: the row cannot be read as CSV ({exc})."]
            ) from exc
        line = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str, row=row) -> str:
            index = columns.get(key)
            return row[index] if index is not None and index < len(row) else ""

        def where(key: str, start=start) -> str:
            return f"Line {start}, column {COLUMN_NAMES[key]}"

        description = _description(cell("description"), cell("description_format"))
        if _truthy(cell("is_framework")):
            if framework is not None:
                errors.append(
                    f"{where('is_framework')}: a second framework row; the file may hold one "
                    f"framework only (the first is on line {framework_line})."
                )
                continue
            framework_line = start
            framework = ParsedFramework(
                format="moodle-csv",
                title=cell("short_name").strip(),
                where=f"Line {start} (the framework row)",
                description=description,
                identifier=cell("exported_id").strip() or None,
            )
            if not framework.title:
                errors.append(f"{where('short_name')}: the framework has no short name.")
            try:
                framework.scale = _scale(
                    cell("scale_values"), cell("scale_configuration"), where, framework.title
                )
            except FrameworkImportError as exc:
                errors.extend(exc.messages)
            continue

        code = cell("code").strip()
        title = cell("short_name").strip()
        if not code:
            errors.append(f"{where('code')}: the competency has no ID number.")
            continue
        if len(code) > MAX_ID_LENGTH:
            errors.append(f"{where('code')}: longer than {MAX_ID_LENGTH} characters.")
            continue
        if not title:
            errors.append(f"{where('short_name')}: the competency {code} has no short name.")
            continue
        if len(title) > MAX_ID_LENGTH:
            errors.append(f"{where('short_name')}: longer than {MAX_ID_LENGTH} characters.")
            continue
        if title == short_name(description):
            title = ""  # the short name stands in for a statement with no title
        if cell("scale_values").strip():
            per_item_scales += 1
        if cell("related").strip():
            related += 1
        parent = cell("parent").strip()
        items = framework.items if framework is not None else before_framework
        items.append(
            ParsedItem(
                key=code,
                code=code,
                title=title,
                description=description,
                where=f"Line {start} (ID number {code})",
                parent_key=parent or None,
                parent_where=f"line {start}, column {COLUMN_NAMES['parent']}",
                identifier=cell("exported_id").strip() or None,
                position=start,
            )
        )

    if framework is None:
        errors.append(
            "The file has no framework row: exactly one row needs Is framework = 1."
            if before_framework or errors
            else "The file has no rows below its header."
        )
    if errors:
        raise FrameworkImportError(errors)
    framework.items = before_framework + framework.items
    if per_item_scales:
        framework.notes.append(
            f"{per_item_scales} competencies had their own scale; the framework's scale is used."
        )
    if related:
        framework.notes.append(
            f"{related} competencies had cross-referenced competencies, which were not kept."
        )
    return framework


def _description(raw: str, description_format: str) -> str:
    raw = raw.replace("\r\n", "\n")
    if description_format.strip() in {"", str(HTML_FORMAT)}:
        return html_to_text(raw)
    return raw.strip()


def _scale(values: str, configuration: str, where, framework_title: str) -> ParsedScale:
    names = [name.strip() for name in values.split(",") if name.strip()]
    if not names:
        raise FrameworkImportError(
            f"{where('scale_values')}: the framework row must list its scale values."
        )
    if not configuration.strip():
        raise FrameworkImportError(
            f"{where('scale_configuration')}: the framework row must give its scale configuration."
        )
    try:
        config = parse_json(configuration)
    except json.JSONDecodeError as exc:
        raise FrameworkImportError(
            f"{where('scale_configuration')}: not valid JSON ({exc.msg})."
        ) from exc
    except JsonRefused as exc:
        raise FrameworkImportError(f"{where('scale_configuration')}: {exc}") from exc
    if not isinstance(config, list) or not config or not isinstance(config[0], dict):
        raise FrameworkImportError(
            f"{where('scale_configuration')}: expected a JSON list starting with the scale id."
        )
    head, entries = config[0], config[1:]
    by_position: dict[int, dict] = {}
    for entry in entries:
        position = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(position, int) or not 1 <= position <= len(names):
            raise FrameworkImportError(
                f"{where('scale_configuration')}: each entry needs an id from 1 to {len(names)}, "
                f"the position of a scale value; found {entry!r}."
            )
        by_position[position] = entry
    levels, proficient = [], []
    for position, name in enumerate(names, start=1):
        entry = by_position.get(position, {})
        value = entry.get("value", position)
        # A level is stored as a small whole number (0 to 32,767 on every database).
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 32767:
            raise FrameworkImportError(
                f"{where('scale_configuration')}: the value of {name} must be a whole number "
                "from 0 to 32767."
            )
        levels.append(ParsedLevel(value=value, name=name, descriptor=entry.get("descriptor", "")))
        if entry.get("proficient"):
            proficient.append(value)
    return ParsedScale(
        name=str(head.get("name") or f"{framework_title} scale").strip(),
        description=str(head.get("description") or ""),
        levels=levels,
        proficient_value=min(proficient) if proficient else None,
        where=where("scale_values"),
    )


def write(*, framework, levels, items) -> str:
    """The framework as a Moodle CSV: the framework row, then the items in tree order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for _, name in COLUMNS])
    scale = framework.scale
    head = {"scaleid": "1", "name": scale.name}
    if scale.description:
        head["description"] = scale.description
    configuration = [head] + [
        {
            "id": position,
            "scaledefault": int(position == 1),
            "proficient": int(level.value >= scale.proficient_value),
            "value": level.value,
            "descriptor": level.descriptor,
        }
        for position, level in enumerate(levels, start=1)
    ]
    by_pk = {item.pk: item for item in items}
    depth: dict[int, int] = {}
    for item in items:
        depth[item.pk] = depth.get(item.parent_id, 0) + 1
    writer.writerow(
        [
            "",
            framework.slug[:MAX_ID_LENGTH],
            framework.title[:MAX_ID_LENGTH],
            text_to_html(framework.description),
            HTML_FORMAT,
            ",".join(level.name for level in levels),
            json.dumps(configuration, ensure_ascii=False),
            "",
            "",
            "",
            "",
            str(framework.identifier),
            1,
            ",".join(["competency"] * max(depth.values(), default=1)),
        ]
    )
    for item in items:
        parent = by_pk.get(item.parent_id)
        writer.writerow(
            [
                parent.code if parent else "",
                item.code,
                item.title[:MAX_ID_LENGTH] or short_name(item.description) or item.code,
                text_to_html(item.description),
                HTML_FORMAT,
                "",
                "",
                "",
                0,
                "null",
                "",
                str(item.identifier),
                "",
                "",
            ]
        )
    return out.getvalue()
