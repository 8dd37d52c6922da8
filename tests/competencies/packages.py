"""Files for the framework import tests: the seed framework exported, and generated ones."""

import csv
import io
import json
import uuid
from pathlib import Path

from seccoop.competencies.services import export_framework

# Real CASE files from another system, kept in the repository (tests/data/README.md).
FIXTURES = Path(__file__).resolve().parents[1] / "data" / "case"
SCHEMA_PATH = FIXTURES / "case-v1p0-cfpackage-schema.json"
ITEM_TYPE_TEST = FIXTURES / "ItemTypeTestFramework.json"


def seed_package(framework) -> dict:
    return json.loads(export_framework(framework=framework, format="case").content)


def seed_rows(framework) -> list[list[str]]:
    text = export_framework(framework=framework, format="moodle-csv").content
    return list(csv.reader(io.StringIO(text, newline="")))


def as_json(package: dict) -> bytes:
    return json.dumps(package).encode()


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode()


def generated_package(count: int, *, title: str = "Generated framework") -> bytes:
    """A CASE package of `count` items: competencies of 99 sub-competencies each."""
    document_id = str(uuid.uuid4())
    stamp = "2024-01-01T00:00:00+00:00"

    def link(identifier, title):
        return {"title": title, "identifier": identifier, "uri": f"urn:uuid:{identifier}"}

    items, associations = [], []
    parent = None
    for number in range(count):
        identifier = str(uuid.uuid4())
        top = number % 100 == 0
        code = f"{number // 100 + 1}.0" if top else f"{number // 100 + 1}.{number % 100}"
        items.append(
            {
                "identifier": identifier,
                "uri": f"urn:uuid:{identifier}",
                "fullStatement": f"Statement {code}",
                "humanCodingScheme": code,
                "lastChangeDateTime": stamp,
            }
        )
        destination = link(document_id, title) if top else link(parent, "parent")
        associations.append(
            {
                "identifier": str(uuid.uuid4()),
                "uri": "urn:uuid:" + str(uuid.uuid4()),
                "associationType": "isChildOf",
                "originNodeURI": link(identifier, code),
                "destinationNodeURI": destination,
                "lastChangeDateTime": stamp,
            }
        )
        if top:
            parent = identifier
    package = {
        "CFDocument": {
            "identifier": document_id,
            "uri": f"urn:uuid:{document_id}",
            "creator": "Test",
            "title": title,
            "lastChangeDateTime": stamp,
        },
        "CFItems": items,
        "CFAssociations": associations,
    }
    return as_json(package)


def snapshot(framework) -> list[tuple]:
    """What a user sees of a framework's tree: codes, titles, statements, parents, order."""
    return [
        (
            item.code,
            item.kind,
            item.title,
            item.description,
            item.parent.code if item.parent else None,
        )
        for item in framework.competencies.select_related("parent").order_by("sort_order")
    ]


def scale_snapshot(framework) -> tuple:
    scale = framework.scale
    return (
        scale.proficient_value,
        [(level.value, level.name, level.descriptor) for level in scale.levels.all()],
    )
