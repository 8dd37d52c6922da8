"""Gap figures summed ahead of time: the same as the live aggregate, and never stale.

A workforce manager's unit heatmap and dashboard read the figures stored per
org unit while no change has been made since they were summed; after any
change they fall back to the live aggregate until the worker sums them again.
"""

import io
import threading

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seccoop.workforce import cycles, gap_figures
from seccoop.workforce.gaps import sub_competencies
from seccoop.workforce.heatmaps import gap_summary, heatmap_rollup, heatmap_units
from seccoop.workforce.imports import import_table
from seccoop.workforce.models import GapFigureQueue, OrgUnit, Person, RatingSource
from seccoop.workforce.services import record_rating, set_template_requirements
from tests.workforce.heatmap_tables import heatmap_table
from tests.workforce.test_gap_figures_at_scale import rate_at_random, same

ROLLUP = ("people", "required", "meeting", "shortfall_sum", "proficient")


def stored(d, parent):
    units = heatmap_units(parent)
    return gap_figures.stored_rollup(
        d.framework, units, sub_competencies(d.framework), direct_first=parent is not None
    )


def live(d, parent):
    return heatmap_rollup(d.framework, Person.objects.active(), heatmap_units(parent), parent)


def rate_teammate(d, code="1.A", level=5):
    record_rating(
        user=d.alpha_lead.user,
        person=d.teammate,
        competency=d.framework.competencies.get(code=code),
        level=level,
        source=RatingSource.SUPERVISOR,
    )


@pytest.mark.parametrize("seed", [4, 5])
def test_the_stored_figures_of_every_heatmap_equal_the_live_aggregate(directorate, seed):
    d = directorate
    rate_at_random(d, seed)
    gap_figures.build()
    for parent in (None, d.division, d.alpha, d.bravo):
        figures = stored(d, parent)
        assert figures is not None
        same(figures, live(d, parent))


def test_the_dashboard_total_from_stored_figures_equals_the_live_total(directorate):
    d = directorate
    rate_at_random(d, 6)
    live_total = gap_summary(d.framework, Person.objects.active())
    gap_figures.build()
    assert stored(d, None) is not None
    assert gap_summary(d.framework, Person.objects.active(), everyone=True) == live_total


def test_a_rating_recorded_after_the_build_leaves_the_stored_figures_unused(directorate):
    d = directorate
    gap_figures.build()
    before = stored(d, d.division)
    rate_teammate(d)
    assert stored(d, d.division) is None
    shown = heatmap_rollup(
        d.framework, Person.objects.active(), heatmap_units(d.division), d.division, everyone=True
    )
    assert shown.meeting.sum() == before.meeting.sum() + 1


def test_summing_again_serves_the_change(directorate):
    d = directorate
    gap_figures.build()
    rate_teammate(d)
    assert [b.framework for b in gap_figures.rebuild_stale()] == [d.framework]
    same(stored(d, d.division), live(d, d.division))
    assert gap_figures.rebuild_stale() == []


def test_moving_a_position_to_another_team_makes_the_stored_figures_stale(directorate):
    d = directorate
    gap_figures.build()
    position = d.teammate.position
    position.org_unit = d.bravo
    position.save()
    assert stored(d, d.division) is None
    gap_figures.rebuild_stale()
    bravo_row = stored(d, d.division).people[2]
    assert bravo_row == live(d, d.division).people[2] == 3


def test_a_template_edit_makes_the_stored_figures_stale(directorate):
    d = directorate
    gap_figures.build()
    template = d.role_type.templates.get()
    set_template_requirements(
        user=d.administrator.user,
        template=template,
        levels={"1.A": 3, "2.B": 2},
        expected_version=template.version,
    )
    assert stored(d, None) is None


def test_an_imported_org_unit_file_makes_the_stored_figures_stale(directorate):
    d = directorate
    gap_figures.build()
    import_table(
        "orgunits",
        io.BytesIO(b"external_id,name,kind,parent_external_id\nOU-9,Charlie Team,team,\n"),
        "units.csv",
        user=d.administrator.user,
    )
    assert stored(d, None) is None


def test_a_change_queues_one_rebuild_that_serves_it_once_committed(
    directorate, settings, django_capture_on_commit_callbacks
):
    d = directorate
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    gap_figures.build()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rate_teammate(d, "1.A", 5)
        rate_teammate(d, "1.B", 5)
    assert len(callbacks) == 2
    same(stored(d, d.division), live(d, d.division))
    assert GapFigureQueue.objects.get().rebuild_queued is False


def test_a_supervisor_never_reads_the_figures_of_people_they_may_not_see(client, directorate):
    d = directorate
    rate_teammate(d)
    gap_figures.build()
    client.force_login(d.bravo_lead.user)
    page = client.get(reverse("workforce:heatmap"), {"unit": d.division.pk}).text
    assert "Alpha Team" not in page
    assert "Bravo Team" in page


def test_a_workforce_manager_heatmap_reads_four_queries_fewer_once_summed(client, directorate):
    d = directorate
    rate_at_random(d, 7, count=20)
    client.force_login(d.workforce_manager.user)
    url = reverse("workforce:heatmap")
    with CaptureQueriesContext(connection) as live_queries:
        live_page = client.get(url, {"unit": d.division.pk}).text
    gap_figures.build()
    with CaptureQueriesContext(connection) as stored_queries:
        stored_page = client.get(url, {"unit": d.division.pk}).text
    assert len(stored_queries) == len(live_queries) - 4
    assert heatmap_table(stored_page) == heatmap_table(live_page)


def test_the_command_sums_stale_figures_and_says_how_many_units(directorate):
    out = io.StringIO()
    call_command("build-gap-figures", stdout=out)
    assert f"{OrgUnit.objects.count()} org units summed" in out.getvalue()
    again = io.StringIO()
    call_command("build-gap-figures", stdout=again)
    assert again.getvalue().strip() == "The stored gap figures are up to date."


def test_every_stored_column_is_a_sub_competency_of_the_framework(directorate):
    d = directorate
    (built,) = gap_figures.build()
    assert built.competency_ids == [c.pk for c in sub_competencies(d.framework)]
    assert np.array(built.units.first().subtree["required"]).shape == (len(built.competency_ids),)


def test_a_heatmap_drawn_from_stored_figures_is_drawn_again_after_a_change(client, directorate):
    d = directorate
    gap_figures.build()
    client.force_login(d.workforce_manager.user)
    url = reverse("workforce:heatmap")
    first = heatmap_table(client.get(url, {"unit": d.division.pk}).text)
    assert heatmap_table(client.get(url, {"unit": d.division.pk}).text) == first
    rate_teammate(d, "1.A", 5)
    changed = heatmap_table(client.get(url, {"unit": d.division.pk}).text)
    assert changed != first
    gap_figures.rebuild_stale()
    assert heatmap_table(client.get(url, {"unit": d.division.pk}).text) == changed


def test_a_supervisor_is_never_shown_the_table_drawn_for_a_workforce_manager(client, directorate):
    d = directorate
    rate_teammate(d)
    gap_figures.build()
    url = reverse("workforce:heatmap")
    client.force_login(d.workforce_manager.user)
    assert "Alpha Team" in client.get(url, {"unit": d.division.pk}).text
    client.force_login(d.bravo_lead.user)
    assert "Alpha Team" not in client.get(url, {"unit": d.division.pk}).text


# --- writers and rebuilds at the same time (PostgreSQL: SQLite admits one writer) ----

ONE_WRITER_AT_A_TIME = "SQLite lets one writer in at a time, so no two writes can overlap"


def hold_open_rating(d, person, rater, opened: threading.Event, release: threading.Event):
    """A rating recorded in a transaction that stays open until `release` is set."""

    def write():
        try:
            with transaction.atomic():
                record_rating(
                    user=rater.user,
                    person=person,
                    competency=d.framework.competencies.get(code="2.B"),
                    level=5,
                    source=RatingSource.SUPERVISOR,
                )
                opened.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=write)
    thread.start()
    assert opened.wait(30)
    return thread


@pytest.mark.skipif(connection.vendor != "postgresql", reason=ONE_WRITER_AT_A_TIME)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rating_still_being_saved_while_the_figures_are_summed_leaves_them_stale(directorate):
    d = directorate
    opened, release = threading.Event(), threading.Event()
    writer = hold_open_rating(d, d.teammate, d.alpha_lead, opened, release)
    try:
        gap_figures.build()
        # Summed without the open rating, and right about everything committed.
        same(stored(d, d.division), live(d, d.division))
    finally:
        release.set()
        writer.join(30)
    assert stored(d, d.division) is None
    gap_figures.rebuild_stale()
    same(stored(d, d.division), live(d, d.division))


@pytest.mark.skipif(connection.vendor != "postgresql", reason=ONE_WRITER_AT_A_TIME)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_supervisors_rating_at_once_do_not_wait_for_each_other(directorate):
    d = directorate
    # The fiscal year's cycle is open, as `seccoop open-cycle` leaves it each October;
    # the first two ratings of a year, both in long transactions, would wait on opening it.
    cycles.open_fiscal_year_cycle(d.framework)
    opened, release = threading.Event(), threading.Event()
    writer = hold_open_rating(d, d.teammate, d.alpha_lead, opened, release)
    try:
        # Both ratings change the gap figures; the second commits while the first is open.
        with transaction.atomic():
            rate_bravo = d.framework.competencies.get(code="2.B")
            record_rating(
                user=d.bravo_lead.user,
                person=d.bravo_member,
                competency=rate_bravo,
                level=4,
                source=RatingSource.SUPERVISOR,
            )
        assert writer.is_alive()
    finally:
        release.set()
        writer.join(30)
    assert not writer.is_alive()
