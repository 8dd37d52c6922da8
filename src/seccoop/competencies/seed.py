"""Load the seed competency framework from its YAML file in the repository.

The loader takes the model classes as arguments so the data migration can
pass its historical models and later code the real ones.
"""

import uuid
from pathlib import Path

import yaml

SEED_PATH = Path(__file__).parent / "data" / "dod-security-cooperation.yaml"


def read_seed() -> dict:
    with SEED_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def item_identifier(framework_identifier: str, code: str) -> uuid.UUID:
    """A stable CASE identifier per item, so every export of the seed names it alike."""
    return uuid.uuid5(uuid.UUID(framework_identifier), code)


def load_seed_framework(*, Framework, Competency, ProficiencyScale, ProficiencyLevel):
    """Create the seed framework unless a framework with its slug already exists."""
    document = read_seed()
    existing = Framework.objects.filter(slug=document["slug"]).first()
    if existing is not None:
        return existing
    scale_data = document["scale"]
    scale, _ = ProficiencyScale.objects.get_or_create(
        name=scale_data["name"], defaults={"proficient_value": scale_data["proficient_value"]}
    )
    if not ProficiencyLevel.objects.filter(scale=scale).exists():
        ProficiencyLevel.objects.bulk_create(
            ProficiencyLevel(scale=scale, **level) for level in scale_data["levels"]
        )
    framework = Framework.objects.create(
        slug=document["slug"],
        title=document["title"],
        description=document["description"],
        version=document["version"],
        source=document["source"],
        identifier=uuid.UUID(document["identifier"]),
        scale=scale,
    )
    order = 0
    for competency in document["competencies"]:
        order += 1
        parent = Competency.objects.create(
            framework=framework,
            code=competency["code"],
            kind="competency",
            title=competency["title"],
            description=competency["description"],
            sort_order=order,
            identifier=item_identifier(document["identifier"], competency["code"]),
        )
        children = []
        for sub in competency["sub_competencies"]:
            order += 1
            children.append(
                Competency(
                    framework=framework,
                    parent=parent,
                    code=sub["code"],
                    kind="sub-competency",
                    title=sub.get("title", ""),
                    description=sub["description"],
                    sort_order=order,
                    identifier=item_identifier(document["identifier"], sub["code"]),
                )
            )
        Competency.objects.bulk_create(children)
    return framework
