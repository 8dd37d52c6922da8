"""The performance suite works end to end on a small enterprise (`make bench` runs it at size)."""

import pytest

from bench import figures, generate
from seccoop.workforce.models import CurrentLevel, Person, Rating
from seccoop.workforce.services import refresh_current_levels

PEOPLE = 300
SUB_COMPETENCIES = 58
CYCLES = 3


@pytest.fixture
def enterprise(db):
    return generate.build(PEOPLE, seed=7)


def test_the_synthetic_enterprise_rates_everyone_on_every_sub_competency_in_each_cycle(enterprise):
    assert Person.objects.count() == PEOPLE
    assert Person.objects.filter(position__isnull=True).count() == 0
    # A self and a supervisor rating per cycle.
    assert Rating.objects.count() == PEOPLE * SUB_COMPETENCIES * CYCLES * 2
    assert CurrentLevel.objects.count() == PEOPLE * SUB_COMPETENCIES


def test_the_generated_current_levels_are_the_ones_the_rating_rule_derives(enterprise):
    columns = ("person_id", "competency_id", "level", "source", "rated_on", "rating_id")
    generated = sorted(CurrentLevel.objects.values_list(*columns))
    refresh_current_levels(Person.objects.values_list("pk", flat=True))
    assert sorted(CurrentLevel.objects.values_list(*columns)) == generated


def test_every_figure_is_measured_and_the_sql_heatmap_agrees_with_the_service(enterprise):
    measured = figures.all_figures(enterprise, import_rows=300, seed=7, repeat=1, page_repeat=1)
    names = [figure.name for figure in measured]
    assert names[:8] == [
        "gap_figures_build",
        "heatmap",
        "heatmap_live",
        "person_gap_page",
        "unit_gap_page",
        "import",
        "staffing_rank",
        "staffing_assign",
    ]
    # The mapping figure needs the optional embedding model.
    assert names[8:] in ([], ["mapping"])
    assert all(figure.subject_seconds > 0 and figure.floor_seconds > 0 for figure in measured)
    assert measured[1].details["cells_compared"] == measured[2].details["cells_compared"] > 0
    assert measured[1].details["from_stored_figures"]
    assert Rating.objects.count() == PEOPLE * SUB_COMPETENCIES * CYCLES * 2  # imports undone
