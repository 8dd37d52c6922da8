"""The staffing and coverage pages: who may open them, what they show, query counts."""

import re

import pytest
from django.urls import reverse

from seccoop.workforce.heatmaps import people_whose_ratings_are_visible
from seccoop.workforce.models import RatingSource
from seccoop.workforce.services import record_rating
from seccoop.workforce.staffing import Requirement, coverage_for, rank_people
from tests.factories import PersonFactory, PositionFactory

STAFFING = reverse("workforce:staffing")
COVERAGE = reverse("workforce:coverage")


def rate(d, person, code, level):
    record_rating(
        user=d.workforce_manager.user,
        person=person,
        competency=d.framework.competencies.get(code=code),
        level=level,
        source=RatingSource.VALIDATED,
    )


@pytest.fixture
def rated(directorate):
    """Tina strong on 4.C, Uma strong on 1.A, Bob strong on both, Sam only on 9.C."""
    d = directorate
    rate(d, d.teammate, "4.C", 4)
    rate(d, d.teammate, "1.A", 1)
    rate(d, d.underling, "1.A", 3)
    rate(d, d.bravo_member, "1.A", 4)
    rate(d, d.bravo_member, "4.C", 3)
    rate(d, d.alpha_lead, "9.C", 3)
    return d


def requirements_query(rows, framework="dod-security-cooperation"):
    query = {"framework": framework, "form-TOTAL_FORMS": "8", "form-INITIAL_FORMS": "0"}
    for i, (code, level) in enumerate(rows):
        query[f"form-{i}-competency"] = code
        query[f"form-{i}-level"] = str(level)
    return query


def ranking_rows(html):
    body = html.split("People ranked by fit", 1)[1]
    return [
        re.sub(r"<[^>]+>", "", name).strip()
        for name in re.findall(r'<th scope="row"><a[^>]*>(.*?)</a></th>', body)
    ]


@pytest.mark.parametrize("page", [STAFFING, COVERAGE])
@pytest.mark.parametrize("persona", ["outsider", "teammate"])
def test_someone_who_may_see_only_their_own_ratings_is_refused(client, directorate, page, persona):
    client.force_login(getattr(directorate, persona).user)
    assert client.get(page).status_code == 403


@pytest.mark.parametrize("page", [STAFFING, COVERAGE])
def test_an_anonymous_visitor_is_sent_to_sign_in(client, directorate, page):
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_workforce_manager_sees_everyone_ranked_best_fit_first(client, rated):
    d = rated
    client.force_login(d.workforce_manager.user)
    response = client.get(STAFFING, requirements_query([("1.A", 3), ("4.C", 3)]))
    assert response.status_code == 200
    names = ranking_rows(response.content.decode())
    # Bob meets both; Tina (a third of 1.A, all of 4.C) edges Uma (all of 1.A, no 4.C).
    assert names[:3] == ["Bob Bravo", "Tina Teammate", "Uma Underling"]
    assert len(names) == 9


def test_sam_ranks_only_himself_and_his_team(client, rated):
    d = rated
    client.force_login(d.alpha_lead.user)
    response = client.get(STAFFING, requirements_query([("1.A", 3)]))
    names = ranking_rows(response.content.decode())
    assert sorted(names) == ["Sam Supervisor", "Tina Teammate", "Uma Underling"]
    assert "Bob Bravo" not in response.content.decode()


def test_each_score_is_explained_in_plain_words(client, rated):
    d = rated
    client.force_login(d.workforce_manager.user)
    html = client.get(STAFFING, requirements_query([("1.A", 3), ("4.C", 3)])).content.decode()
    assert (
        "Meets 1 of 2 requirements; short on 1.A (level 1 of the 3 wanted); "
        "meets 4.C (level 4, 3 wanted). Average 67%." in html
    )
    assert "no rating on 4.C (3 wanted)" in html


def test_a_row_with_a_sub_competency_but_no_level_is_named_and_nothing_is_ranked(client, rated):
    client.force_login(rated.workforce_manager.user)
    query = requirements_query([("1.A", 3)])
    query["form-1-competency"] = "4.C"
    response = client.get(STAFFING, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Row 2: Choose both a sub-competency and a level, or neither." in html
    assert "People ranked by fit" not in html


def test_the_same_sub_competency_twice_is_refused(client, rated):
    client.force_login(rated.workforce_manager.user)
    response = client.get(STAFFING, requirements_query([("1.A", 3), ("1.A", 2)]))
    assert response.status_code == 400
    assert "1.A appears more than once" in response.content.decode()


def test_the_staffing_page_reads_a_constant_number_of_queries(
    client, rated, django_assert_max_num_queries
):
    d = rated
    for n in range(15):
        PersonFactory(first_name=f"Extra{n}", org_unit=d.bravo)
    client.force_login(d.workforce_manager.user)
    query = requirements_query([("1.A", 3), ("4.C", 3), ("9.C", 2)])
    # 16: one of them reads the confirmed evidence of practice of everyone ranked.
    with django_assert_max_num_queries(16):
        response = client.get(STAFFING, query)
    assert len(ranking_rows(response.content.decode())) == 24


def test_a_large_ranking_explains_the_best_fifty_and_counts_everyone(client, rated):
    d = rated
    PersonFactory.create_batch(60, org_unit=d.bravo)
    client.force_login(d.workforce_manager.user)
    html = client.get(STAFFING, requirements_query([("1.A", 3)])).content.decode()
    considered = len(people_whose_ratings_are_visible(d.workforce_manager.user))
    assert len(ranking_rows(html)) == 50
    assert f"The best 50 of the {considered} people whose ratings you may see." in html
    assert ranking_rows(html)[0] == d.bravo_member.full_name


def test_rank_people_gives_the_fit_of_a_worked_example(rated):
    d = rated
    c = d.framework.competencies
    ranked = rank_people(
        d.workforce_manager.user,
        d.framework,
        [Requirement(c.get(code="1.A"), 4), Requirement(c.get(code="4.C"), 2)],
    )
    tina = next(row for row in ranked if row.person == d.teammate)
    # 1.A: 1 of 4 -> 0.25; 4.C: 4 of 2 -> 1; mean 0.625.
    assert tina.score == pytest.approx(0.625)
    assert ranked[0].person == d.bravo_member


# --- coverage -------------------------------------------------------------------


def test_coverage_counts_proficient_people_per_sub_competency_and_unit(rated):
    d = rated
    view = coverage_for(d.workforce_manager.user, d.framework)
    row = {r.competency.code: r for r in view.rows}
    assert row["1.A"].proficient == 2  # Uma (3) and Bob (4); Tina's 1 does not count
    units = [unit.name for unit in view.units]
    assert row["1.A"].by_unit[units.index("Alpha Team")] == 1
    assert row["1.A"].by_unit[units.index("Bravo Team")] == 1
    assert row["4.C"].proficient == 2


def test_single_points_of_failure_name_the_only_proficient_person(rated):
    d = rated
    view = coverage_for(d.workforce_manager.user, d.framework)
    assert [(r.competency.code, r.sole_holder) for r in view.single_points_of_failure] == [
        ("9.C", d.alpha_lead)
    ]


def test_without_bob_one_sub_competency_is_left_with_a_single_person(rated):
    d = rated
    view = coverage_for(d.workforce_manager.user, d.framework, without=d.bravo_member)
    assert [r.competency.code for r in view.newly_single] == ["1.A", "4.C"]
    assert view.lost == []
    row = {r.competency.code: r for r in view.rows}
    assert row["1.A"].sole_holder == d.underling


def test_without_sam_nobody_is_proficient_on_9c(rated):
    d = rated
    view = coverage_for(d.workforce_manager.user, d.framework, without=d.alpha_lead)
    assert [r.competency.code for r in view.lost] == ["9.C"]


def test_the_coverage_page_shows_single_points_of_failure_and_the_what_if(client, rated):
    d = rated
    client.force_login(d.workforce_manager.user)
    html = client.get(COVERAGE, {"without": d.alpha_lead.pk}).content.decode()
    assert "Coverage without Sam Supervisor" in html
    assert "Nobody would be proficient any more on 1 sub-competency: 9.C." in html


def test_sams_coverage_counts_only_his_team(client, rated):
    d = rated
    client.force_login(d.alpha_lead.user)
    html = client.get(COVERAGE).content.decode()
    assert "counting the 3 people whose ratings you may see" in html
    assert "Bravo Team" not in html


def test_sam_cannot_ask_what_if_for_someone_outside_his_team(client, rated):
    d = rated
    client.force_login(d.alpha_lead.user)
    assert client.get(COVERAGE, {"without": d.bravo_member.pk}).status_code == 403


def test_the_coverage_page_reads_a_constant_number_of_queries(
    client, rated, django_assert_max_num_queries
):
    d = rated
    for n in range(15):
        PositionFactory(
            incumbent=PersonFactory(first_name=f"Extra{n}"), org_unit=d.bravo, role_type=d.role_type
        )
    client.force_login(d.workforce_manager.user)
    with django_assert_max_num_queries(14):
        response = client.get(COVERAGE, {"without": d.bravo_member.pk})
    assert "counting the 24 people" in response.content.decode()
