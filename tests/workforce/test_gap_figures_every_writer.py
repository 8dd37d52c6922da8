"""Every way of changing what a gap figure counts is followed by the next heatmap read.

The stored gap figures (`workforce.gap_figures`) are served only while no
change has been recorded since they were summed. Each test here sums them,
makes one change through a real path a user or operator has (a service, an
importer, the API, the admin, a page, a management command, a restore, the
demo loader), and then reads the heatmap and the dashboard figures the way a
workforce manager's page, API call and export do: they must equal the live
aggregate, which must itself have moved, or the test would prove nothing.
"""

import io

import numpy as np
from django.core.management import call_command

from seccoop.workforce import gap_figures
from seccoop.workforce.heatmaps import gap_summary
from seccoop.workforce.imports import import_table
from seccoop.workforce.models import Person, RatingSource, UnitGapFigures
from seccoop.workforce.services import (
    heatmap_rollup,
    heatmap_units,
    record_rating,
    unit_heatmap,
)

ROLLUP = ("people", "required", "meeting", "shortfall_sum", "proficient")


def parents(d):
    return (None, d.division, d.alpha, d.bravo)


def _figures(rollup) -> tuple:
    return tuple(np.asarray(getattr(rollup, name)).tolist().__repr__() for name in ROLLUP)


def live_figures(d) -> dict:
    """What the heatmaps and the dashboard should show: the live aggregate, nothing stored."""
    everyone = Person.objects.active()
    figures = {
        parent: (
            [unit.pk for unit in heatmap_units(parent)],
            _figures(heatmap_rollup(d.framework, everyone, heatmap_units(parent), parent)),
        )
        for parent in parents(d)
    }
    figures["dashboard"] = gap_summary(d.framework, everyone)
    return figures


def shown_figures(d) -> dict:
    """What a workforce manager is shown: the figures the page, the API and the export read."""
    figures = {}
    for parent in parents(d):
        heatmap = unit_heatmap(d.framework, parent)
        figures[parent] = ([unit.pk for unit in heatmap.units], _figures(heatmap.rollup))
    figures["dashboard"] = gap_summary(d.framework, Person.objects.active(), everyone=True)
    return figures


def summed(d) -> dict:
    """Sum the stored figures and return what a workforce manager is shown from them."""
    gap_figures.build()
    assert gap_figures.is_fresh()
    before = shown_figures(d)
    assert before == live_figures(d)
    return before


def assert_the_next_read_shows_the_change(d, before: dict) -> None:
    after = live_figures(d)
    assert after != before, "the write under test should have changed a figure"
    assert shown_figures(d) == after


def rate_teammate(d, code="1.A", level=5):
    record_rating(
        user=d.alpha_lead.user,
        person=d.teammate,
        competency=d.framework.competencies.get(code=code),
        level=level,
        source=RatingSource.SUPERVISOR,
    )


# --- importers -----------------------------------------------------------------------


def test_a_ratings_import_after_the_build_is_shown_on_the_next_heatmap_read(directorate):
    d = directorate
    d.teammate.external_id = "P-TINA"
    d.teammate.save()
    before = summed(d)
    import_table(
        "ratings",
        io.BytesIO(
            b"external_id,person_external_id,code,level,source,rated_on\n"
            b"R-1,P-TINA,1.A,5,validated,2025-03-01\n"
        ),
        "ratings.csv",
        user=d.workforce_manager.user,
    )
    assert_the_next_read_shows_the_change(d, before)


# --- the command ---------------------------------------------------------------------


def test_the_command_never_calls_figures_up_to_date_that_differ_from_the_live_aggregate(
    directorate,
):
    d = directorate
    rate_teammate(d)
    gap_figures.build()
    # Figures left wrong by a change nobody recorded, as a database restored
    # from a backup made before every writer recorded its changes may hold.
    line = UnitGapFigures.objects.get(build__framework=d.framework, org_unit=d.alpha)
    line.subtree = {**line.subtree, "people": line.subtree["people"] + 1}
    line.save()
    assert gap_figures.is_fresh()
    out = io.StringIO()
    call_command("build-gap-figures", stdout=out)
    assert "differed from the live aggregate" in out.getvalue()
    assert "up to date" not in out.getvalue()
    assert shown_figures(d) == live_figures(d)


def test_the_command_says_up_to_date_once_the_figures_equal_the_live_aggregate(directorate):
    d = directorate
    rate_teammate(d)
    gap_figures.build()
    out = io.StringIO()
    call_command("build-gap-figures", stdout=out)
    assert out.getvalue().strip() == "The stored gap figures are up to date."
