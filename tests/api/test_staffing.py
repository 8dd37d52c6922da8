"""Staffing through the API: the ranking, coverage and assignment the staffing pages give."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from seccoop.workforce.models import RatingSource
from seccoop.workforce.services import record_rating
from tests.factories import PersonFactory, PositionFactory

RANKING = "/api/v1/staffing/ranking"
COVERAGE = "/api/v1/staffing/coverage"
ASSIGNMENT = "/api/v1/staffing/assignment"


def rate(d, person, code, level):
    record_rating(
        user=d.workforce_manager.user,
        person=person,
        competency=d.framework.competencies.get(code=code),
        level=level,
        source=RatingSource.VALIDATED,
    )


@pytest.fixture
def levels(directorate):
    """Tina strong on 4.C, Uma strong on 1.A, Bob strong on both, Sam only on 9.C."""
    d = directorate
    rate(d, d.teammate, "4.C", 4)
    rate(d, d.teammate, "1.A", 1)
    rate(d, d.underling, "1.A", 3)
    rate(d, d.bravo_member, "1.A", 4)
    rate(d, d.bravo_member, "4.C", 3)
    rate(d, d.alpha_lead, "9.C", 3)
    return d


def post(client: Client, path: str, body: dict):
    return client.post(path, json.dumps(body), content_type="application/json")


def requirements(*rows):
    return [{"code": code, "level": level} for code, level in rows]


# --- ranking against hand-entered requirements -------------------------------------


def test_the_api_ranks_people_as_the_staffing_page_does(api_as, client, levels):
    d = levels
    rows = [("1.A", 3), ("4.C", 3)]
    client.force_login(d.workforce_manager.user)
    query = {"framework": d.framework.slug, "form-TOTAL_FORMS": "8", "form-INITIAL_FORMS": "0"}
    for i, (code, level) in enumerate(rows):
        query[f"form-{i}-competency"], query[f"form-{i}-level"] = code, str(level)
    page = client.get(reverse("workforce:staffing"), query).context["ranked"]

    answer = post(api_as(d.workforce_manager), RANKING, {"requirements": requirements(*rows)})

    assert answer.status_code == 200
    people = answer.json()["people"]
    assert [(p["person"]["id"], p["percent"], p["explanation"]) for p in people] == [
        (row.person.pk, row.percent, row.explanation) for row in page
    ]


def test_each_ranked_person_is_explained_line_by_line(api_as, levels):
    d = levels
    answer = post(
        api_as(d.workforce_manager), RANKING, {"requirements": requirements(("1.A", 3), ("4.C", 3))}
    )
    tina = next(p for p in answer.json()["people"] if p["person"]["id"] == d.teammate.pk)
    assert tina["explanation"] == (
        "Meets 1 of 2 requirements; short on 1.A (level 1 of the 3 wanted); "
        "meets 4.C (level 4, 3 wanted). Average 67%."
    )
    assert [line["words"] for line in tina["lines"]] == [
        "short on 1.A (level 1 of the 3 wanted)",
        "meets 4.C (level 4, 3 wanted)",
    ]


def test_a_supervisor_ranks_only_the_people_whose_ratings_he_may_see(api_as, levels):
    d = levels
    answer = post(api_as(d.alpha_lead), RANKING, {"requirements": requirements(("1.A", 3))})
    names = sorted(p["person"]["full_name"] for p in answer.json()["people"])
    assert names == ["Sam Supervisor", "Tina Teammate", "Uma Underling"]


@pytest.mark.parametrize("persona", ["outsider", "teammate"])
def test_someone_who_may_see_only_their_own_ratings_is_refused_a_ranking(api_as, levels, persona):
    answer = post(
        api_as(getattr(levels, persona)), RANKING, {"requirements": requirements(("1.A", 3))}
    )
    assert answer.status_code == 403
    assert "nobody whose ratings you may see besides yourself" in answer.json()["detail"]


def test_a_sub_competency_not_in_the_framework_is_named_by_its_row(api_as, levels):
    answer = post(
        api_as(levels.workforce_manager),
        RANKING,
        {"requirements": requirements(("1.A", 3), ("99.Z", 2))},
    )
    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["requirements[1].code"]


def test_a_level_off_the_scale_is_named_by_its_row(api_as, levels):
    answer = post(
        api_as(levels.workforce_manager), RANKING, {"requirements": requirements(("1.A", 9))}
    )
    assert answer.status_code == 422
    assert "requirements[0].level" in answer.json()["errors"]


def test_the_same_sub_competency_twice_is_refused_naming_the_second_row(api_as, levels):
    answer = post(
        api_as(levels.workforce_manager),
        RANKING,
        {"requirements": requirements(("1.A", 3), ("1.A", 2))},
    )
    assert answer.status_code == 422
    assert "1.A appears more than once" in answer.json()["errors"]["requirements[1].code"][0]


def test_no_requirement_at_all_is_refused(api_as, levels):
    answer = post(api_as(levels.workforce_manager), RANKING, {"requirements": []})
    assert answer.status_code == 422
    assert "requirements" in answer.json()["errors"]


def test_a_ranking_reads_a_constant_number_of_queries(
    api_as, levels, django_assert_max_num_queries
):
    d = levels
    for n in range(15):
        PersonFactory(first_name=f"Extra{n}", org_unit=d.bravo)
    client = api_as(d.workforce_manager)
    body = {"requirements": requirements(("1.A", 3), ("4.C", 3), ("9.C", 2))}
    with django_assert_max_num_queries(16):
        answer = post(client, RANKING, body)
    assert len(answer.json()["people"]) == 24


# --- coverage and the what-if --------------------------------------------------------


def test_coverage_names_the_single_points_of_failure(api_as, levels):
    d = levels
    answer = api_as(d.workforce_manager).get(COVERAGE)
    assert answer.status_code == 200
    body = answer.json()
    assert body["single_points_of_failure"] == ["9.C"]
    row = next(r for r in body["rows"] if r["code"] == "9.C")
    assert row["sole_holder"]["id"] == d.alpha_lead.pk


def test_the_what_if_says_in_the_pages_words_what_a_departure_would_leave_uncovered(
    api_as, client, levels
):
    d = levels
    client.force_login(d.workforce_manager.user)
    html = client.get(reverse("workforce:coverage"), {"without": d.alpha_lead.pk}).content.decode()

    answer = api_as(d.workforce_manager).get(COVERAGE, {"without": d.alpha_lead.pk})

    assert answer.json()["what_if"] == [
        "Nobody would be proficient any more on 1 sub-competency: 9.C."
    ]
    assert answer.json()["what_if"][0] in html
    assert [r["code"] for r in answer.json()["rows"] if r["lost"]] == ["9.C"]


def test_a_what_if_for_someone_outside_the_supervisors_team_is_refused_naming_without(
    api_as, levels
):
    answer = api_as(levels.alpha_lead).get(COVERAGE, {"without": levels.bravo_member.pk})
    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["without"]


@pytest.mark.parametrize("persona", ["outsider", "teammate"])
def test_someone_who_may_see_only_their_own_ratings_is_refused_coverage(api_as, levels, persona):
    assert api_as(getattr(levels, persona)).get(COVERAGE).status_code == 403


def test_coverage_reads_a_constant_number_of_queries(api_as, levels, django_assert_max_num_queries):
    d = levels
    for n in range(15):
        PositionFactory(
            incumbent=PersonFactory(first_name=f"Extra{n}"), org_unit=d.bravo, role_type=d.role_type
        )
    client = api_as(d.workforce_manager)
    with django_assert_max_num_queries(14):
        answer = client.get(COVERAGE, {"without": d.bravo_member.pk})
    assert answer.json()["people"] == 24


# --- the best assignment -------------------------------------------------------------


def test_the_assignment_maximises_the_total_fit_where_each_record_taking_its_best_would_not(
    api_as, levels
):
    d = levels
    # Fits, worked by hand (mean share of each minimum reached):
    #              needs 1.A 4       needs 1.A 3 and 4.C 3
    #   Bob        1.A 4: 1          1.A 4, 4.C 3: 1
    #   Tina       1.A 1: 0.25       1.A 1, 4.C 4: (1/3 + 1) / 2 = 0.667
    # Bob is the better of the two for both records. Giving him the second leaves
    # Tina the first: 1 + 0.25 = 1.25. Giving him the first: 1 + 0.667 = 1.667, the best.
    body = {
        "records": [
            {"label": "Armaments talks", "requirements": requirements(("1.A", 4))},
            {"label": "Pricing review", "requirements": requirements(("1.A", 3), ("4.C", 3))},
        ],
        "people": [d.teammate.pk, d.bravo_member.pk],
    }

    answer = post(api_as(d.workforce_manager), ASSIGNMENT, body)

    assert answer.status_code == 200
    plan = answer.json()
    assert [p["person"]["person"]["id"] for p in plan["placements"]] == [
        d.bravo_member.pk,
        d.teammate.pk,
    ]
    assert plan["total_fit"] == pytest.approx(1 + 2 / 3)
    assert plan["placements"][1]["person"]["rank"] == 2
    assert plan["placements"][1]["words"].startswith("Tina Teammate, number 2 in its ranking:")


def test_with_a_capacity_of_two_one_person_takes_both_records(api_as, levels):
    d = levels
    body = {
        "records": [
            {"label": "One", "requirements": requirements(("1.A", 4))},
            {"label": "Two", "requirements": requirements(("1.A", 3), ("4.C", 3))},
        ],
        "people": [d.teammate.pk, d.bravo_member.pk],
        "capacity": 2,
    }
    plan = post(api_as(d.workforce_manager), ASSIGNMENT, body).json()
    assert {p["person"]["person"]["id"] for p in plan["placements"]} == {d.bravo_member.pk}
    assert plan["total_fit"] == pytest.approx(2)


def test_a_record_is_left_to_nobody_when_there_are_more_records_than_people(api_as, levels):
    d = levels
    body = {
        "records": [
            {"label": "One", "requirements": requirements(("1.A", 4))},
            {"label": "Two", "requirements": requirements(("4.C", 3))},
        ],
        "people": [d.bravo_member.pk],
    }
    placements = post(api_as(d.workforce_manager), ASSIGNMENT, body).json()["placements"]
    assert [p["person"] is None for p in placements].count(True) == 1
    assert any(p["words"].startswith("Nobody") for p in placements)


def test_a_candidate_whose_ratings_the_user_may_not_see_is_named_and_nothing_is_assigned(
    api_as, levels
):
    d = levels
    body = {
        "records": [{"label": "One", "requirements": requirements(("1.A", 3))}],
        "people": [d.teammate.pk, d.bravo_member.pk],
    }
    answer = post(api_as(d.alpha_lead), ASSIGNMENT, body)
    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["people[1]"]


def test_a_bad_requirement_of_one_record_is_named_by_record_and_row(api_as, levels):
    body = {
        "records": [
            {"label": "One", "requirements": requirements(("1.A", 3))},
            {"label": "Two", "requirements": requirements(("4.C", 0))},
        ]
    }
    answer = post(api_as(levels.workforce_manager), ASSIGNMENT, body)
    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["records[1].requirements[0].level"]


def test_an_unknown_kind_of_work_record_is_named(api_as, levels):
    body = {"records": [{"kind": "spaceships", "id": 1}]}
    answer = post(api_as(levels.workforce_manager), ASSIGNMENT, body)
    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["records[0].kind"]


def test_someone_who_may_see_only_their_own_ratings_is_refused_an_assignment(api_as, levels):
    body = {"records": [{"label": "One", "requirements": requirements(("1.A", 3))}]}
    assert post(api_as(levels.teammate), ASSIGNMENT, body).status_code == 403


def test_an_assignment_reads_a_constant_number_of_queries_whatever_the_number_of_records(
    api_as, levels, django_assert_max_num_queries
):
    d = levels
    for n in range(15):
        PersonFactory(first_name=f"Extra{n}", org_unit=d.bravo)
    body = {
        "records": [
            {"label": f"Record {n}", "requirements": requirements(("1.A", 2 + n % 3), ("4.C", 3))}
            for n in range(12)
        ]
    }
    client = api_as(d.workforce_manager)
    with django_assert_max_num_queries(18):
        answer = post(client, ASSIGNMENT, body)
    assert len(answer.json()["placements"]) == 12
