"""Writes to competency frameworks: importing and exporting whole frameworks.

A framework arrives as a CASE 1.0 package or a Moodle CSV file and leaves as
either. An import is all-or-nothing and linear in the number of items: the
file is read and checked in memory, then written level by level of the tree
with bulk inserts, so the number of queries depends on the depth of the tree,
not on how many items it holds.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from seccoop.competencies import interchange
from seccoop.competencies.interchange import FrameworkImportError, ParsedScale, case, moodle
from seccoop.competencies.models import (
    Competency,
    CompetencyKind,
    Framework,
    ProficiencyLevel,
    ProficiencyScale,
)
from seccoop.competencies.seed import read_seed
from seccoop.core import audit
from seccoop.core.models import AuditAction
from seccoop.core.permissions import require

__all__ = [
    "EXPORT_FORMATS",
    "FrameworkExport",
    "FrameworkImport",
    "FrameworkImportError",
    "export_framework",
    "import_framework",
]

EXPORT_FORMATS = {"case": "CASE 1.0 package (JSON)", "moodle-csv": "Moodle competency CSV"}
BATCH_SIZE = 2000
DEFAULT_SCALE_NAME = "OPM proficiency levels"
# Paths of the framework browser that a framework's slug must not shadow.
RESERVED_SLUGS = {"import"}


@dataclass
class FrameworkImport:
    """What an import made: the new framework and anything worth telling the importer."""

    framework: Framework
    format: str
    notes: list[str] = field(default_factory=list)


@dataclass
class FrameworkExport:
    content: str
    content_type: str
    filename: str


@transaction.atomic
def import_framework(*, content: bytes, user=None) -> FrameworkImport:
    """Create a framework from a CASE package or a Moodle CSV file, detected from the content.

    `user` is checked against the policy when given; the command line, run by
    an operator, passes none. Raises FrameworkImportError, writing nothing,
    when the file cannot become a framework.
    """
    if user is not None:
        require(user, "add", Framework())
    parsed = interchange.read(content)
    notes = list(parsed.notes)

    identifier = interchange.as_uuid(parsed.identifier)
    reminted = identifier is None or Framework.objects.filter(identifier=identifier).exists()
    if reminted:
        if parsed.identifier:
            reason = (
                "is already used by another framework"
                if identifier is not None
                else "is not an RFC 4122 UUID"
            )
            notes.append(
                f"The framework identifier {parsed.identifier} {reason}: the framework and its "
                "items were given new identifiers."
            )
        identifier = uuid.uuid4()

    framework = Framework(
        slug=_free_slug(parsed.title),
        title=parsed.title,
        description=parsed.description,
        version=parsed.version,
        source=parsed.source,
        identifier=identifier,
    )
    errors = _field_errors(framework, parsed.where, exclude=["scale"])

    items: list[Competency] = []
    by_key: dict[str, Competency] = {}
    minted = 0
    for entry in parsed.items:
        item_identifier = None if reminted else interchange.as_uuid(entry.identifier)
        if item_identifier is None:
            # Stable from the file's own identifier, so the same file gives the same items.
            item_identifier = uuid.uuid5(identifier, entry.identifier or entry.key)
            minted += not reminted and bool(entry.identifier)
        competency = Competency(
            framework=framework,
            parent=by_key.get(entry.parent_key) if entry.parent_key else None,
            code=entry.code,
            kind=entry.kind
            or (CompetencyKind.COMPETENCY if entry.depth == 1 else CompetencyKind.SUB_COMPETENCY),
            title=entry.title,
            description=entry.description,
            sort_order=len(items) + 1,
            identifier=item_identifier,
        )
        # Field checks only: Competency.clean() walks saved ancestors, and the tree of an
        # unsaved file was already checked whole by interchange.arrange().
        errors += _field_errors(
            competency, entry.where, exclude=["framework", "parent"], whole=False
        )
        items.append(competency)
        by_key[entry.key] = competency
    if minted:
        notes.append(f"{minted} item identifiers were not RFC 4122 UUIDs and were given new ones.")
    if errors:
        raise FrameworkImportError(errors)

    framework.scale = _scale_for(parsed.scale, parsed.title)
    framework.save()
    for competency in items:
        competency.framework = framework
    for depth_items in _by_depth(items):
        # Each level's parents were inserted by the previous round, so they have keys now.
        bulk_create_with_history(depth_items, Competency, batch_size=BATCH_SIZE, default_user=user)
    audit.record(
        AuditAction.IMPORT,
        actor=user,
        instance=framework,
        kind="framework",
        file_format=parsed.format,
        row_count=len(items),
    )
    return FrameworkImport(framework=framework, format=parsed.format, notes=notes)


def export_framework(
    *, framework: Framework, format: str, user=None, base_uri: str | None = None
) -> FrameworkExport:
    """The framework as a CASE package or a Moodle CSV file."""
    if user is not None:
        require(user, "view", framework)
    if format not in EXPORT_FORMATS:
        raise ValueError(
            f"Unknown export format {format!r}; use one of {', '.join(EXPORT_FORMATS)}."
        )
    framework = Framework.objects.select_related("scale").get(pk=framework.pk)
    levels = list(framework.scale.levels.all())
    items = list(framework.competencies.order_by("sort_order", "code"))
    items = _tree_order(items)
    audit.record(
        AuditAction.EXPORT,
        actor=user,
        instance=framework,
        kind="framework",
        file_format=format,
        row_count=len(items),
        file_name=f"{framework.slug}.{'case.json' if format == 'case' else 'moodle.csv'}",
    )
    if format == "case":
        package = case.write(framework=framework, levels=levels, items=items, base_uri=base_uri)
        return FrameworkExport(
            content=json.dumps(package, indent=2, ensure_ascii=False) + "\n",
            content_type=case.CONTENT_TYPE,
            filename=f"{framework.slug}.case.json",
        )
    return FrameworkExport(
        content=moodle.write(framework=framework, levels=levels, items=items),
        content_type=moodle.CONTENT_TYPE,
        filename=f"{framework.slug}.moodle.csv",
    )


def _tree_order(items: list[Competency]) -> list[Competency]:
    """Parents before their children, siblings in sort order (a depth-first walk)."""
    children: dict[int | None, list[Competency]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    ordered: list[Competency] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        item = stack.pop()
        ordered.append(item)
        stack.extend(reversed(children.get(item.pk, [])))
    return ordered


def _by_depth(items: list[Competency]) -> list[list[Competency]]:
    """The items grouped by depth, roots first, so each group's parents already have keys."""
    depth: dict[int, int] = {}
    levels: list[list[Competency]] = []
    for item in items:  # items come in tree order: a parent always before its children
        level = depth[id(item.parent)] + 1 if item.parent is not None else 0
        depth[id(item)] = level
        if level == len(levels):
            levels.append([])
        levels[level].append(item)
    return levels


def _field_errors(record, where: str, *, exclude: list[str], whole: bool = True) -> list[str]:
    """The model's own validation of one record, as messages that say where it came from.

    Uniqueness is left to the in-memory checks: asking the database per record
    would make an import cost a query per item.
    """
    try:
        if whole:
            record.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        else:
            record.clean_fields(exclude=exclude)
    except ValidationError as exc:
        return [
            f"{where}, {name}: {message}"
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return []


def _free_slug(title: str) -> str:
    """A slug from the title that no framework holds yet: the slug, then -2, -3, ..."""
    base = slugify(title)[:90].strip("-") or "framework"
    taken = set(Framework.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _scale_for(parsed: ParsedScale | None, framework_title: str) -> ProficiencyScale:
    """The scale the file describes: an existing identical one, else a new one.

    A file without a scale gets the OPM proficiency levels the seed framework uses.
    """
    if parsed is None:
        existing = ProficiencyScale.objects.filter(name=DEFAULT_SCALE_NAME).first()
        if existing is not None:
            return existing
        parsed = _default_scale()
    if not parsed.name:
        parsed.name = f"{framework_title} proficiency scale"
    errors, seen = [], set()
    for level in parsed.levels:
        if level.value in seen:
            errors.append(f"{parsed.where}: the scale has the value {level.value} twice.")
        seen.add(level.value)
        if len(level.name) > 100:
            errors.append(
                f"{parsed.where}: the level name {level.name[:40]}… is over 100 characters."
            )
    if errors:
        raise FrameworkImportError(errors)
    values = sorted(seen)
    proficient_value = parsed.proficient_value
    if proficient_value is None:
        proficient_value = 3 if 3 in seen else values[-1]
    wanted = sorted((level.value, level.name, level.descriptor) for level in parsed.levels)

    name = parsed.name[:190]
    candidates = ProficiencyScale.objects.filter(name__startswith=name).prefetch_related("levels")
    taken = set()
    for scale in candidates:
        taken.add(scale.name)
        same_levels = [(lv.value, lv.name, lv.descriptor) for lv in scale.levels.all()] == wanted
        if same_levels and scale.proficient_value == proficient_value:
            return scale
    unique, number = name, 1
    while unique in taken:
        number += 1
        unique = f"{name} ({number})"
    scale = ProficiencyScale(
        name=unique, description=parsed.description, proficient_value=proficient_value
    )
    scale.full_clean()
    scale.save()
    ProficiencyLevel.objects.bulk_create(
        ProficiencyLevel(scale=scale, value=value, name=level_name, descriptor=descriptor)
        for value, level_name, descriptor in wanted
    )
    return scale


def _default_scale() -> ParsedScale:
    seed_scale = read_seed()["scale"]
    return ParsedScale(
        name=seed_scale["name"],
        proficient_value=seed_scale["proficient_value"],
        levels=[
            interchange.ParsedLevel(
                value=level["value"], name=level["name"], descriptor=level.get("descriptor", "")
            )
            for level in seed_scale["levels"]
        ],
    )
