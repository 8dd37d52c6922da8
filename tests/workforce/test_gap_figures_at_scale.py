"""The heavy gap reads give the same figures as the arrays did, at a cost that does not grow.

The unit heatmap and the dashboard sum gaps in the database, a person's page
reads only that person's lines, and a ratings import moves only the current
levels its ratings outrank. Each is checked against the plain definition on
a directorate with random ratings.
"""

import io

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone

from seccoop.analytics import gaps as gap_math
from seccoop.workforce.gaps import gap_matrix, gap_rollup, sub_competencies
from seccoop.workforce.heatmaps import (
    heatmap_rollup,
    heatmap_units,
    people_whose_ratings_are_visible,
)
from seccoop.workforce.imports import import_table
from seccoop.workforce.models import CurrentLevel, OrgUnit, Person, Rating, RatingSource
from seccoop.workforce.selectors import RATINGS_PER_PAGE
from seccoop.workforce.services import record_rating, refresh_current_levels
from tests.factories import PersonFactory, PositionFactory


def rate_at_random(d, seed: int, count: int = 120) -> None:
    """Random ratings by the people allowed to give them, on random sub-competencies."""
    rng = np.random.default_rng(seed)
    subs = sub_competencies(d.framework)
    raters = {
        d.teammate: d.alpha_lead,
        d.underling: d.alpha_lead,
        d.alpha_lead: d.leader,
        d.bravo_lead: d.leader,
        d.bravo_member: d.bravo_lead,
    }
    people = list(raters)
    for _ in range(count):
        person = people[rng.integers(len(people))]
        record_rating(
            user=raters[person].user,
            person=person,
            competency=subs[rng.integers(len(subs))],
            level=int(rng.integers(0, 6)),
            source=RatingSource.SUPERVISOR,
        )


def rollup_by_arrays(d, viewer, parent):
    """The figures as the array code computes them, person by person."""
    units = heatmap_units(parent)
    people = people_whose_ratings_are_visible(viewer.user)
    if parent is not None:
        people = people.filter(position__org_unit__path__startswith=parent.path)
    matrix = gap_matrix(d.framework, people)
    paths = dict(OrgUnit.objects.values_list("pk", "path"))
    group = []
    for unit_id in matrix.unit_ids.tolist():
        row = -1
        for g, unit in enumerate(units):
            if parent is not None and g == 0:
                if unit_id == unit.pk:
                    row = 0
            elif paths[unit_id].startswith(unit.path):
                row = g
        group.append(row)
    return gap_math.rollup(
        matrix.required,
        matrix.current,
        np.array(group, dtype=np.int64),
        len(units),
        matrix.proficient_level,
    )


def same(sql: gap_math.Rollup, arrays: gap_math.Rollup) -> None:
    for name in ("people", "required", "meeting", "shortfall_sum", "proficient"):
        assert np.array_equal(getattr(sql, name), getattr(arrays, name)), name


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("viewer", ["leader", "alpha_lead", "teammate", "workforce_manager"])
def test_the_unit_heatmap_summed_in_the_database_matches_the_array_rollup(
    directorate, viewer, seed
):
    d = directorate
    rate_at_random(d, seed)
    who = getattr(d, viewer)
    for parent in (d.division, None):
        units = heatmap_units(parent)
        visible = people_whose_ratings_are_visible(who.user)
        same(
            heatmap_rollup(d.framework, visible, units, parent),
            rollup_by_arrays(d, who, parent),
        )


def test_the_dashboard_summary_summed_in_the_database_matches_the_array_rollup(directorate):
    d = directorate
    rate_at_random(d, 3)
    people = Person.objects.active()
    matrix = gap_matrix(d.framework, people)
    one_group = np.zeros(len(matrix.person_ids), dtype=np.int64)
    same(
        gap_rollup(d.framework, people),
        gap_math.rollup(matrix.required, matrix.current, one_group, 1, matrix.proficient_level),
    )


def test_a_required_sub_competency_nobody_has_been_rated_on_counts_as_level_zero(directorate):
    d = directorate
    rollup = heatmap_rollup(
        d.framework, Person.objects.active(), heatmap_units(d.division), d.division
    )
    same(rollup, rollup_by_arrays(d, d.workforce_manager, d.division))
    assert rollup.required.sum() > 0
    assert rollup.meeting.sum() == 0
    assert rollup.proficient.sum() == 0


# --- a person's page ---------------------------------------------------------------


def rate_many(d, person, count):
    subs = sub_competencies(d.framework)
    for i in range(count):
        record_rating(
            user=d.alpha_lead.user,
            person=person,
            competency=subs[i % len(subs)],
            level=i % 6,
            source=RatingSource.SUPERVISOR,
        )


@pytest.mark.parametrize("ratings", [1, 130])
def test_a_person_page_runs_a_fixed_number_of_queries_however_long_the_history(
    client, directorate, django_assert_max_num_queries, ratings
):
    d = directorate
    rate_many(d, d.teammate, ratings)
    client.force_login(d.alpha_lead.user)
    with django_assert_max_num_queries(23):
        response = client.get(reverse("workforce:person-detail", args=[d.teammate.pk]))
    assert response.status_code == 200


def lines_of(history: str) -> int:
    """The lines of the rating history table."""
    return history[: history.index("</table>")].count("<time datetime=")


def test_a_long_rating_history_shows_the_newest_page_first_and_pages_to_the_rest(
    client, directorate
):
    d = directorate
    rate_many(d, d.teammate, RATINGS_PER_PAGE + 5)
    client.force_login(d.alpha_lead.user)
    url = reverse("workforce:person-detail", args=[d.teammate.pk])
    first = client.get(url).text
    history = first[first.index("Rating history") :]
    assert lines_of(history) == RATINGS_PER_PAGE
    assert 'class="usa-pagination"' in history
    second = client.get(url, {"page": 2}).text
    assert lines_of(second[second.index("Rating history") :]) == 5
    # The gap table is the same on every page of the history.
    assert second.count('<th scope="rowgroup"') == first.count('<th scope="rowgroup"') == 9


# --- the ratings import ------------------------------------------------------------


def ratings_file(rows: list[tuple]) -> io.BytesIO:
    lines = ["external_id,person_external_id,code,level,source,rated_on"]
    lines += [",".join(map(str, row)) for row in rows]
    return io.BytesIO("\n".join(lines).encode())


def test_an_imported_rating_takes_the_current_level_only_where_it_outranks_the_stored_one(
    directorate,
):
    d = directorate
    tina = d.teammate
    tina.external_id = "P-T"
    tina.save()
    record_rating(
        user=d.workforce_manager.user,
        person=tina,
        competency=d.framework.competencies.get(code="1.A"),
        level=4,
        source=RatingSource.VALIDATED,
    )
    import_table(
        "ratings",
        ratings_file(
            [
                # As recent as the validated rating (none may be dated ahead), but a self rating.
                ("R-1", "P-T", "1.A", 1, "self", timezone.localdate().isoformat()),
                ("R-2", "P-T", "1.B", 2, "self", "2024-01-01"),
                ("R-3", "P-T", "1.B", 3, "supervisor", "2020-01-01"),  # older, but outranks
                ("R-4", "P-T", "1.C", 2, "supervisor", "2025-01-01"),
                ("R-5", "P-T", "1.C", 5, "supervisor", "2025-06-01"),  # the latest wins
            ]
        ),
        "ratings.csv",
    )
    levels = {
        row.competency.code: (row.level, row.source)
        for row in CurrentLevel.objects.filter(person=tina).select_related("competency")
    }
    assert levels == {"1.A": (4, "validated"), "1.B": (3, "supervisor"), "1.C": (5, "supervisor")}


def test_after_a_large_import_the_current_levels_are_those_the_whole_history_gives(directorate):
    d = directorate
    rate_at_random(d, 4, count=60)
    people = [PersonFactory(external_id=f"P-{i}") for i in range(6)]
    for person in people:
        PositionFactory(incumbent=person, role_type=d.role_type, org_unit=d.alpha)
    rng = np.random.default_rng(5)
    codes = [sub.code for sub in sub_competencies(d.framework)]
    sources = ["self", "supervisor", "validated"]
    rows = [
        (
            f"R-{i}",
            f"P-{rng.integers(6)}",
            codes[rng.integers(len(codes))],
            int(rng.integers(0, 6)),
            sources[rng.integers(3)],
            f"2025-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}",
        )
        for i in range(400)
    ]
    result = import_table("ratings", ratings_file(rows), "ratings.csv")
    assert result.created == 400
    columns = ("person_id", "competency_id", "level", "source", "rated_on", "rating_id")
    imported = sorted(CurrentLevel.objects.values_list(*columns))
    refresh_current_levels(Rating.objects.values_list("person_id", flat=True))
    assert sorted(CurrentLevel.objects.values_list(*columns)) == imported
