"""1EdTech CASE 1.0 packages (CFPackage JSON).

Mapping: the framework is the CFDocument, each competency a CFItem (code as
humanCodingScheme, statement as fullStatement, title as abbreviatedStatement,
kind as CFItemType), the tree is isChildOf associations ordered by
sequenceNumber, and the proficiency scale is a CFRubric with one criterion
whose levels are the scale's levels (quality = name, score = value,
description = descriptor, feedback marks the levels that count as proficient).
"""

from __future__ import annotations

import copy
import json
import uuid
from datetime import UTC
from functools import cache
from pathlib import Path

import jsonschema

from seccoop.competencies.interchange import (
    FrameworkImportError,
    ParsedFramework,
    ParsedItem,
    ParsedLevel,
    ParsedScale,
)
from seccoop.core.json_input import JsonRefused, parse_json

SCHEMA_PATH = Path(__file__).with_name("case-v1p0-cfpackage-schema.json")
CONTENT_TYPE = "application/json"
PROFICIENT = "Proficient"
NOT_YET_PROFICIENT = "Not yet proficient"
KIND_BY_ITEM_TYPE = {
    "competency": "competency",
    "subcompetency": "sub-competency",
}
ITEM_TYPE_BY_KIND = {"competency": "Competency", "sub-competency": "Sub-competency"}


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def import_validator() -> jsonschema.Draft4Validator:
    """The CASE schema as real packages need it read.

    Real packages carry identifiers outside the schema's UUID pattern and
    extra top-level keys such as CFPackageURI, so those two rules are relaxed
    on import; everything else is checked as written.
    """
    relaxed = copy.deepcopy(schema())
    definitions = relaxed.pop("definitions")
    definitions["UUID"] = {"type": "string"}
    relaxed.pop("additionalProperties", None)
    # The schema has no recursion, so its references can be written out in place;
    # resolving them per item would double the time a large package takes.
    return jsonschema.Draft4Validator(_inline(relaxed, definitions))


def _inline(node, definitions: dict):
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(definitions[node["$ref"].rsplit("/", 1)[-1]], definitions)
        return {key: _inline(value, definitions) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline(value, definitions) for value in node]
    return node


def json_path(parts) -> str:
    return "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in parts)


def _where_in_package(package: dict, parts: list) -> str:
    """A JSON path, with the item's identifier when the path is inside one."""
    path = json_path(parts)
    if len(parts) >= 2 and parts[0] in {"CFItems", "CFAssociations"} and isinstance(parts[1], int):
        entry = package[parts[0]][parts[1]]
        if isinstance(entry, dict) and isinstance(entry.get("identifier"), str):
            return f"{path} (identifier {entry['identifier']})"
    return path


def read(text: str) -> ParsedFramework:
    try:
        package = parse_json(text)
    except json.JSONDecodeError as exc:
        raise FrameworkImportError(
            f"Line {exc.lineno}, column {exc.colno}: the file is not valid JSON ({exc.msg})."
        ) from exc
    except JsonRefused as exc:
        raise FrameworkImportError(str(exc)) from exc
    if not isinstance(package, dict) or "CFDocument" not in package:
        raise FrameworkImportError(
            "The JSON is not a CASE CFPackage: it has no CFDocument at the top level."
        )
    problems = sorted(
        import_validator().iter_errors(package), key=lambda error: list(map(str, error.path))
    )
    if problems:
        raise FrameworkImportError(
            [
                f"{_where_in_package(package, list(error.path))}: {_short(error.message)}"
                for error in problems
            ]
        )

    document = package["CFDocument"]
    document_id = document["identifier"]
    parsed = ParsedFramework(
        format="case",
        title=document["title"].strip(),
        where="$.CFDocument",
        description=_text(document.get("description")),
        version=_text(document.get("version")),
        source=_text(document.get("creator")),
        identifier=document_id,
    )
    if not parsed.title:
        raise FrameworkImportError("$.CFDocument.title: the framework has no title.")

    items: dict[str, ParsedItem] = {}
    for index, raw in enumerate(package.get("CFItems", [])):
        identifier = raw["identifier"]
        item_type = raw.get("CFItemType") or (raw.get("CFItemTypeURI") or {}).get("title", "")
        item = ParsedItem(
            key=identifier,
            code=_text(raw.get("humanCodingScheme")) or identifier,
            title=_text(raw.get("abbreviatedStatement")),
            description=_text(raw["fullStatement"]),
            where=f"$.CFItems[{index}] (identifier {identifier})",
            kind=KIND_BY_ITEM_TYPE.get("".join(ch for ch in item_type.lower() if ch.isalpha())),
            identifier=identifier,
            position=index,
        )
        parsed.items.append(item)
        items.setdefault(identifier, item)

    linked: set[str] = set()
    skipped_types: dict[str, int] = {}
    for index, association in enumerate(package.get("CFAssociations", [])):
        kind = association["associationType"]
        if kind != "isChildOf":
            skipped_types[kind] = skipped_types.get(kind, 0) + 1
            continue
        where = f"$.CFAssociations[{index}] (identifier {association['identifier']})"
        origin = association["originNodeURI"]["identifier"]
        destination = association["destinationNodeURI"]["identifier"]
        child = items.get(origin)
        if child is None:
            parsed.notes.append(
                f"{where}: skipped, its origin {origin} is not a CFItem of this package."
            )
            continue
        if origin in linked:
            parsed.notes.append(
                f"{where}: {child.code} already has a parent; this second one was not kept."
            )
            continue
        linked.add(origin)
        child.parent_key = None if destination == document_id else destination
        child.parent_where = where
        child.sequence = association.get("sequenceNumber")
    for kind, count in sorted(skipped_types.items()):
        parsed.notes.append(f"{count} {kind} association(s) were not kept (only isChildOf is).")

    parsed.scale = _read_scale(package)
    return parsed


def _read_scale(package: dict) -> ParsedScale | None:
    for r, rubric in enumerate(package.get("CFRubrics") or []):
        for c, criterion in enumerate(rubric.get("CFRubricCriteria") or []):
            raw_levels = criterion.get("CFRubricCriterionLevels") or []
            if raw_levels:
                return _scale_from(rubric, raw_levels, f"$.CFRubrics[{r}].CFRubricCriteria[{c}]")
    return None


def _scale_from(rubric: dict, raw_levels: list[dict], where: str) -> ParsedScale:
    errors: list[str] = []
    levels: list[ParsedLevel] = []
    proficient: list[int] = []
    indexed = sorted(
        enumerate(raw_levels),
        key=lambda pair: (pair[1].get("position") is None, pair[1].get("position") or 0, pair[0]),
    )
    for index, raw in indexed:
        level_where = f"{where}.CFRubricCriterionLevels[{index}]"
        score = raw.get("score")
        name = _text(raw.get("quality"))
        if score is None or score != int(score) or not 0 <= score <= 32767:
            errors.append(f"{level_where}.score: a scale level needs a whole number from 0 up.")
            continue
        if not name:
            errors.append(f"{level_where}.quality: a scale level needs a name.")
            continue
        levels.append(
            ParsedLevel(value=int(score), name=name, descriptor=_text(raw.get("description")))
        )
        if _text(raw.get("feedback")).lower() == PROFICIENT.lower():
            proficient.append(int(score))
    if errors:
        raise FrameworkImportError(errors)
    return ParsedScale(
        name=_text(rubric.get("title")),
        description=_text(rubric.get("description")),
        levels=levels,
        proficient_value=min(proficient) if proficient else None,
        where=where,
    )


def write(*, framework, levels, items, base_uri: str | None = None) -> dict:
    """A CFPackage for a framework; `items` in tree order, each with parent_id."""

    def uri(kind: str, identifier) -> str:
        if base_uri:
            return f"{base_uri.rstrip('/')}/{kind}/{identifier}"
        return f"urn:uuid:{identifier}"

    def link(kind: str, identifier, title: str) -> dict:
        return {"title": title, "identifier": str(identifier), "uri": uri(kind, identifier)}

    scale = framework.scale
    changed = _stamp(framework.updated_at)
    document_link = link("CFDocuments", framework.identifier, framework.title)
    document = {
        "identifier": str(framework.identifier),
        "uri": document_link["uri"],
        "creator": framework.source or "seccoop",
        "title": framework.title,
        "lastChangeDateTime": changed,
        "language": "en",
    }
    if framework.description:
        document["description"] = framework.description
    if framework.version:
        document["version"] = framework.version

    item_types = {
        kind: {
            "identifier": str(uuid.uuid5(framework.identifier, f"CFItemType:{kind}")),
            "title": title,
            "description": f"A {title.lower()} of the {framework.title}.",
            "hierarchyCode": str(depth),
            "typeCode": title,
        }
        for depth, (kind, title) in enumerate(ITEM_TYPE_BY_KIND.items(), start=1)
    }
    by_pk = {item.pk: item for item in items}
    cf_items, associations = [], []
    sequence: dict[int | None, int] = {}
    for item in items:
        item_type = item_types[item.kind]
        cf_item = {
            "identifier": str(item.identifier),
            "uri": uri("CFItems", item.identifier),
            "fullStatement": item.description,
            "humanCodingScheme": item.code,
            "CFItemType": item_type["title"],
            "CFItemTypeURI": link("CFItemTypes", item_type["identifier"], item_type["title"]),
            "CFDocumentURI": document_link,
            "lastChangeDateTime": _stamp(item.updated_at),
        }
        if item.title:
            cf_item["abbreviatedStatement"] = item.title
        cf_items.append(cf_item)
        sequence[item.parent_id] = sequence.get(item.parent_id, 0) + 1
        parent = by_pk.get(item.parent_id)
        association_id = uuid.uuid5(item.identifier, "isChildOf")
        associations.append(
            {
                "identifier": str(association_id),
                "uri": uri("CFAssociations", association_id),
                "associationType": "isChildOf",
                "sequenceNumber": sequence[item.parent_id],
                "originNodeURI": link("CFItems", item.identifier, item.code),
                "destinationNodeURI": (
                    link("CFItems", parent.identifier, parent.code) if parent else document_link
                ),
                "CFDocumentURI": document_link,
                "lastChangeDateTime": _stamp(item.updated_at),
            }
        )

    rubric_id = uuid.uuid5(framework.identifier, "CFRubric")
    criterion_id = uuid.uuid5(framework.identifier, "CFRubricCriterion")
    rubric = {
        "identifier": str(rubric_id),
        "uri": uri("CFRubrics", rubric_id),
        "title": scale.name,
        "description": scale.description or f"The proficiency scale of the {framework.title}.",
        "lastChangeDateTime": _stamp(scale.updated_at),
        "CFRubricCriteria": [
            {
                "identifier": str(criterion_id),
                "uri": uri("CFRubricCriteria", criterion_id),
                "category": "Proficiency",
                "description": "Proficiency on each competency of the framework.",
                "position": 1,
                "rubricId": str(rubric_id),
                "lastChangeDateTime": _stamp(scale.updated_at),
                "CFRubricCriterionLevels": [
                    _level(level, position, criterion_id, scale, uri)
                    for position, level in enumerate(levels, start=1)
                ],
            }
        ],
    }
    return {
        "CFDocument": document,
        "CFItems": cf_items,
        "CFAssociations": associations,
        "CFDefinitions": {
            "CFConcepts": [],
            "CFSubjects": [],
            "CFLicenses": [],
            "CFItemTypes": [
                {
                    **item_type,
                    "uri": uri("CFItemTypes", item_type["identifier"]),
                    "lastChangeDateTime": changed,
                }
                for item_type in item_types.values()
            ],
            "CFAssociationGroupings": [],
        },
        "CFRubrics": [rubric],
    }


def _level(level, position: int, criterion_id, scale, uri) -> dict:
    identifier = uuid.uuid5(criterion_id, f"level:{level.value}")
    proficient = level.value >= scale.proficient_value
    return {
        "identifier": str(identifier),
        "uri": uri("CFRubricCriterionLevels", identifier),
        "quality": level.name,
        "description": level.descriptor,
        "score": level.value,
        "feedback": PROFICIENT if proficient else NOT_YET_PROFICIENT,
        "position": position,
        "rubricCriterionId": str(criterion_id),
        "lastChangeDateTime": _stamp(scale.updated_at),
    }


def _stamp(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _text(value) -> str:
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else ""


def _short(message: str, limit: int = 200) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"
