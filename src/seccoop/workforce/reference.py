"""Reference data every deployment needs: the directorate's role types and their templates.

The role types are the staff categories of seed 000; the templates state what
each one requires on the seed competency framework, argued line by line in
data/role-templates.yaml. The loader creates what is missing and never
overwrites what operators have since changed. It takes an app registry, so a
data migration can pass its historical models.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.apps import apps as installed_apps
from django.core.exceptions import ValidationError
from django.db import transaction

DATA_DIR = Path(__file__).parent / "data"
ROLE_TYPES_PATH = DATA_DIR / "role-types.yaml"
ROLE_TEMPLATES_PATH = DATA_DIR / "role-templates.yaml"


def read_role_types() -> list[dict]:
    with ROLE_TYPES_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["role_types"]


def read_role_templates() -> dict:
    with ROLE_TEMPLATES_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass(frozen=True)
class ReferenceDataLoaded:
    role_types_created: int
    templates_created: int


def load_reference_data(apps=None, *, templates: dict | None = None) -> ReferenceDataLoaded:
    """Create the role types and role templates that do not exist yet, matched by slug.

    `templates` is a document in the form of data/role-templates.yaml, read
    from there when not given. Raises ValidationError, naming the template and
    line, when it does not fit the framework (unknown code, level off the
    scale), and then writes nothing.
    """
    registry = apps or installed_apps
    RoleType = registry.get_model("workforce", "RoleType")
    RoleTemplate = registry.get_model("workforce", "RoleTemplate")
    RoleRequirement = registry.get_model("workforce", "RoleRequirement")
    Framework = registry.get_model("competencies", "Framework")
    Competency = registry.get_model("competencies", "Competency")
    ProficiencyLevel = registry.get_model("competencies", "ProficiencyLevel")

    with transaction.atomic():
        role_types_created = _load_role_types(RoleType)
        document = templates if templates is not None else read_role_templates()
        framework = Framework.objects.filter(slug=document["framework"]).first()
        if framework is None:
            # Without the seed framework there is nothing for the templates to refer to.
            return ReferenceDataLoaded(role_types_created, 0)
        codes = dict(
            Competency.objects.filter(framework=framework, kind="sub-competency").values_list(
                "code", "pk"
            )
        )
        scale = set(
            ProficiencyLevel.objects.filter(scale_id=framework.scale_id).values_list(
                "value", flat=True
            )
        )
        role_type_ids = dict(RoleType.objects.values_list("slug", "pk"))
        _check_templates(document["templates"], role_type_ids, codes, scale)

        existing = set(
            RoleTemplate.objects.filter(framework=framework).values_list("role_type_id", flat=True)
        )
        templates_created = 0
        for entry in document["templates"]:
            role_type_id = role_type_ids[entry["role_type"]]
            if role_type_id in existing:
                continue
            role_type = RoleType.objects.get(pk=role_type_id)
            template = RoleTemplate.objects.create(
                role_type=role_type,
                framework=framework,
                name=f"{role_type.name} ({framework.title})",
                rationale=" ".join(entry["rationale"].split()),
            )
            _bulk_create(
                RoleRequirement,
                [
                    RoleRequirement(
                        template=template, competency_id=codes[line["code"]], level=line["level"]
                    )
                    for line in entry["requirements"]
                ],
            )
            templates_created += 1
    return ReferenceDataLoaded(role_types_created, templates_created)


def _load_role_types(RoleType) -> int:
    by_slug = set(RoleType.objects.values_list("slug", flat=True))
    names = dict(RoleType.objects.values_list("name", "slug"))
    created = 0
    for entry in read_role_types():
        if entry["slug"] in by_slug:
            continue
        if entry["name"] in names:
            raise ValidationError(
                f"Role type {entry['slug']}: the name {entry['name']!r} is already used by "
                f"the role type {names[entry['name']]!r}."
            )
        # One save per row keeps each role type's history; there are only a handful.
        RoleType.objects.create(
            slug=entry["slug"],
            name=entry["name"],
            description=" ".join(entry["description"].split()),
        )
        created += 1
    return created


def _check_templates(templates, role_type_ids, codes, scale) -> None:
    errors = []
    for entry in templates:
        label = f"Role template {entry['role_type']}"
        if entry["role_type"] not in role_type_ids:
            errors.append(f"{label}: there is no role type with this slug.")
        seen = set()
        for number, line in enumerate(entry["requirements"], start=1):
            where = f"{label}, line {number} ({line.get('code')})"
            if line.get("code") not in codes:
                errors.append(f"{where}: the framework has no sub-competency with this code.")
            if line.get("level") not in scale or line.get("level") == 0:
                errors.append(f"{where}: level {line.get('level')} is not a required level.")
            if line.get("code") in seen:
                errors.append(f"{where}: the sub-competency is listed twice.")
            seen.add(line.get("code"))
    if errors:
        raise ValidationError(errors)


def _bulk_create(model, objs) -> None:
    # Real models keep a history row per record; historical models in a
    # migration have no history manager and are created plainly.
    if hasattr(model, "history"):
        from simple_history.utils import bulk_create_with_history

        from seccoop.core.imports import records_written

        bulk_create_with_history(objs, model)
        records_written.send(sender=model)
    else:
        model.objects.bulk_create(objs)
