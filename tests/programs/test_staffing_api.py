"""A work record's staffing through the API: the ranking its page shows, and staffing records."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from seccoop.workforce.models import RatingSource
from seccoop.workforce.services import refresh_current_levels
from tests.clients import token_client
from tests.factories import PersonFactory, RatingFactory
from tests.programs.cases_fixtures import *  # noqa: F403 (the case fixtures)

pytestmark = pytest.mark.django_db


def api(person) -> Client:
    return token_client(person, lifetime_days=30)


def page(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def rate(staff, person, code, level):
    RatingFactory(
        person=person,
        competency=staff.directorate.framework.competencies.get(code=code),
        level=level,
        source=RatingSource.SUPERVISOR,
        rated_on=datetime.date(2026, 5, 1),
    )
    refresh_current_levels([person.pk])


def shown(ranking):
    return [(row.person.pk, row.percent, row.explanation) for row in ranking]


def answered(response):
    assert response.status_code == 200, response.content
    return [(p["person"]["id"], p["percent"], p["explanation"]) for p in response.json()["people"]]


@pytest.fixture
def rated(staff):
    rate(staff, staff.desk_officer, "4.C", 4)
    rate(staff, staff.backup_desk_officer, "4.F", 3)
    rate(staff, staff.japan_desk_officer, "4.C", 3)
    return staff


def test_the_apis_ranking_of_a_case_equals_the_ranking_on_the_case_page(new_case, rated):
    case = new_case()
    on_page = page(rated.alpha_lead).get(reverse("programs:case-detail", args=[case.pk]))

    answer = api(rated.alpha_lead).get(f"/api/v1/staffing/records/cases/{case.pk}")

    assert answered(answer) == shown(on_page.context["staffing"])
    assert "desk officer for France" in answer.json()["qualifications"][0]


def test_the_apis_ranking_of_a_program_equals_the_ranking_on_the_program_page(make_program, rated):
    program = make_program()
    on_page = page(rated.administrator).get(reverse("programs:program-detail", args=[program.pk]))

    answer = api(rated.administrator).get(f"/api/v1/staffing/records/programs/{program.pk}")

    assert answered(answer) == shown(on_page.context["ranking"])
    assert len(answer.json()["people"]) == 10  # as many as the page shows


def test_a_record_ranking_names_what_the_record_needs(new_case, rated):
    case = new_case()
    body = api(rated.alpha_lead).get(f"/api/v1/staffing/records/cases/{case.pk}").json()
    assert [need["code"] for need in body["requirements"]] == [
        "4.C",
        "4.D",
        "4.F",
        "4.H",
        "4.I",
        "4.J",
        "4.L",
    ]
    assert body["record"] == str(case)


def test_a_desk_officer_who_sees_the_case_but_no_one_elses_ratings_is_refused_with_403(
    new_case, rated
):
    case = new_case()
    answer = api(rated.desk_officer).get(f"/api/v1/staffing/records/cases/{case.pk}")
    assert answer.status_code == 403


def test_someone_who_may_not_see_the_case_is_answered_404(new_case, rated):
    case = new_case()
    answer = api(rated.outsider).get(f"/api/v1/staffing/records/cases/{case.pk}")
    assert answer.status_code == 404


def test_an_unknown_kind_of_record_is_refused_naming_kind(rated):
    answer = api(rated.administrator).get("/api/v1/staffing/records/spaceships/1")
    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["kind"]


def test_a_record_ranking_reads_a_constant_number_of_queries(
    new_case, rated, django_assert_max_num_queries
):
    case = new_case()
    for n in range(15):
        PersonFactory(first_name=f"Extra{n}", org_unit=rated.directorate.bravo)
    client = api(rated.administrator)
    with django_assert_max_num_queries(24):
        answer = client.get(f"/api/v1/staffing/records/cases/{case.pk}", {"limit": 20})
    assert len(answer.json()["people"]) == 20


def test_staffing_two_cases_gives_each_the_person_its_page_would_explain_in_the_same_words(
    new_case, rated
):
    france = new_case()
    japan = new_case(user=rated.japan_desk_officer, country=rated.japan)
    body = {
        "records": [{"kind": "cases", "id": france.pk}, {"kind": "cases", "id": japan.pk}],
        "people": [rated.desk_officer.pk, rated.japan_desk_officer.pk],
    }

    answer = api(rated.administrator).post(
        "/api/v1/staffing/assignment", json.dumps(body), content_type="application/json"
    )

    assert answer.status_code == 200, answer.content
    placements = answer.json()["placements"]
    # Each desk officer takes the case of their own country.
    assert [p["person"]["person"]["id"] for p in placements] == [
        rated.desk_officer.pk,
        rated.japan_desk_officer.pk,
    ]
    on_page = page(rated.administrator).get(reverse("programs:case-detail", args=[france.pk]))
    tina = next(row for row in on_page.context["staffing"] if row.person == rated.desk_officer)
    assert placements[0]["person"]["explanation"] == tina.explanation


def test_a_case_the_user_may_not_see_is_named_in_an_assignment_and_nothing_is_assigned(
    new_case, rated
):
    japan = new_case(user=rated.japan_desk_officer, country=rated.japan)
    body = {"records": [{"kind": "cases", "id": japan.pk}]}
    answer = api(rated.alpha_lead).post(
        "/api/v1/staffing/assignment", json.dumps(body), content_type="application/json"
    )
    assert answer.status_code == 422
    assert list(answer.json()["errors"]) == ["records[0].id"]
