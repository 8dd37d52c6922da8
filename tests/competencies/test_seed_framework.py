"""The seed framework in the database says exactly what the seed document says."""

import re
from pathlib import Path

import pytest

from seccoop.competencies.models import CompetencyKind

# The seed document as received, kept in the repository (tests/data/README.md).
SEED = Path(__file__).resolve().parents[1] / "data" / "seeds" / "004_8b2d60ad95c3aa16.txt"


def words(text: str) -> str:
    """Undo what PDF extraction did: line breaks, spacing, a word hyphenated across lines."""
    return " ".join(text.split()).replace("End- Use", "End-Use")


@pytest.fixture(scope="module")
def seed_items() -> dict[str, str]:
    text = SEED.read_text(encoding="utf-8")
    body = text[text.index("1.0 Country") :]
    parts = re.split(r"(?m)^\s*(\d\.[0-9A-Z])\s", body)
    return {parts[i]: words(parts[i + 1]) for i in range(1, len(parts), 2)}


def test_the_seed_framework_is_present_after_migrate(seed_framework):
    assert seed_framework.title == "DoD Security Cooperation Competency Model"


def test_it_has_nine_competencies_and_fifty_eight_sub_competencies(seed_framework):
    kinds = list(seed_framework.competencies.values_list("kind", flat=True))
    assert kinds.count(CompetencyKind.COMPETENCY) == 9
    assert kinds.count(CompetencyKind.SUB_COMPETENCY) == 58


def test_every_competency_title_and_description_matches_the_seed(seed_framework, seed_items):
    competencies = seed_framework.competencies.filter(kind=CompetencyKind.COMPETENCY)
    assert sorted(c.code for c in competencies) == [f"{n}.0" for n in range(1, 10)]
    for competency in competencies:
        assert seed_items[competency.code] == f"{competency.title} {competency.description}"


def test_every_sub_competency_statement_matches_the_seed(seed_framework, seed_items):
    subs = seed_framework.competencies.filter(kind=CompetencyKind.SUB_COMPETENCY)
    for sub in subs:
        assert seed_items[sub.code] == sub.description, sub.code


def test_each_sub_competency_sits_under_its_competency(seed_framework):
    for sub in seed_framework.competencies.filter(kind=CompetencyKind.SUB_COMPETENCY):
        assert sub.parent.code == sub.code.split(".")[0] + ".0"


def test_the_default_scale_is_the_opm_proficiency_levels(seed_framework):
    levels = [(level.value, level.name) for level in seed_framework.scale.levels.all()]
    assert levels == [
        (0, "None"),
        (1, "Awareness"),
        (2, "Basic"),
        (3, "Intermediate"),
        (4, "Advanced"),
        (5, "Expert"),
    ]
