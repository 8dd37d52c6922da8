"""Ratings through the API: who sees which, and recording one through the service."""

import datetime

from django.test import Client

from seccoop.workforce.models import CurrentLevel, Rating
from tests.factories import RatingFactory


def names(body):
    return sorted(item["person"]["full_name"] for item in body["items"])


def rating_of(person, level=3, source="supervisor", **extra):
    return {"person": person.pk, "code": "1.A", "level": level, "source": source, **extra}


def test_anonymous_callers_get_401_for_ratings(directorate):
    assert Client().get("/api/v1/ratings").status_code == 401


def test_nora_sees_no_one_elses_ratings(directorate, rated, api_as):
    body = api_as(directorate.outsider).get("/api/v1/ratings").json()
    assert body == {"items": [], "count": 0}


def test_sam_sees_his_own_and_his_teams_ratings_but_not_bobs(directorate, rated, api_as):
    body = api_as(directorate.alpha_lead).get("/api/v1/ratings").json()
    assert names(body) == ["Sam Supervisor", "Tina Teammate"]


def test_tina_sees_only_her_own_ratings(directorate, rated, api_as):
    body = api_as(directorate.teammate).get("/api/v1/ratings").json()
    assert names(body) == ["Tina Teammate"]


def test_walter_sees_everyones_ratings(directorate, rated, api_as):
    body = api_as(directorate.workforce_manager).get("/api/v1/ratings").json()
    assert names(body) == ["Bob Bravo", "Sam Supervisor", "Tina Teammate"]


def test_a_rating_names_its_code_framework_and_source(directorate, rated, api_as):
    body = api_as(directorate.teammate).get("/api/v1/ratings").json()
    [item] = body["items"]
    assert (item["code"], item["framework"], item["level"], item["source"]) == (
        "1.A",
        "dod-security-cooperation",
        2,
        "supervisor",
    )


def test_ratings_filter_by_source(directorate, rated, api_as):
    body = api_as(directorate.workforce_manager).get("/api/v1/ratings?source=self").json()
    assert names(body) == ["Sam Supervisor"]


def test_ratings_filter_by_person(directorate, rated, api_as):
    d = directorate
    body = api_as(d.workforce_manager).get(f"/api/v1/ratings?person={d.bravo_member.pk}").json()
    assert names(body) == ["Bob Bravo"]


def test_filtering_cannot_reach_ratings_one_may_not_see(directorate, rated, api_as):
    d = directorate
    body = api_as(d.alpha_lead).get(f"/api/v1/ratings?person={d.bravo_member.pk}").json()
    assert body["count"] == 0


def test_an_invalid_rating_filter_is_a_422(directorate, api_as):
    response = api_as(directorate.workforce_manager).get("/api/v1/ratings?rated_after=yesterday")
    assert response.status_code == 422
    assert "rated_after" in response.json()["errors"]


def test_the_ratings_list_takes_a_fixed_number_of_queries(
    directorate, client, django_assert_max_num_queries
):
    d = directorate
    for person in [d.teammate, d.underling, d.bravo_member] * 10:
        RatingFactory(person=person, competency=d.framework.competencies.get(code="1.D"))
    client.force_login(d.workforce_manager.user)
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/ratings?limit=500").json()
    assert body["count"] == 30


def test_sam_records_a_supervisor_rating_for_tina(directorate, api_as):
    d = directorate
    response = api_as(d.alpha_lead).post(
        "/api/v1/ratings",
        rating_of(d.teammate, evidence="Led the PMR."),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["rater"] == "Sam Supervisor"
    assert CurrentLevel.objects.get(person=d.teammate).level == 3


def test_a_rating_can_be_dated(directorate, api_as):
    d = directorate
    response = api_as(d.alpha_lead).post(
        "/api/v1/ratings",
        rating_of(d.teammate, rated_on="2025-10-01"),
        content_type="application/json",
    )
    assert Rating.objects.get(pk=response.json()["id"]).rated_on == datetime.date(2025, 10, 1)


def test_a_level_outside_the_scale_is_a_422_and_nothing_is_written(directorate, api_as):
    d = directorate
    response = api_as(d.alpha_lead).post(
        "/api/v1/ratings", rating_of(d.teammate, level=9), content_type="application/json"
    )
    assert response.status_code == 422
    assert "Level 9 is not on the scale" in response.json()["errors"]["level"][0]
    assert not Rating.objects.exists()


def test_a_supervisor_rating_for_someone_outside_the_chain_is_a_403(directorate, api_as):
    d = directorate
    response = api_as(d.alpha_lead).post(
        "/api/v1/ratings", rating_of(d.bravo_member), content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("You may not")
    assert not Rating.objects.exists()


def test_nora_cannot_rate_anyone(directorate, api_as):
    d = directorate
    response = api_as(d.outsider).post(
        "/api/v1/ratings", rating_of(d.teammate, source="self"), content_type="application/json"
    )
    assert response.status_code == 403
    assert not Rating.objects.exists()


def test_a_supervisor_cannot_validate_a_rating(directorate, api_as):
    d = directorate
    response = api_as(d.alpha_lead).post(
        "/api/v1/ratings",
        rating_of(d.teammate, source="validated"),
        content_type="application/json",
    )
    assert response.status_code == 403


def test_an_unknown_code_is_a_422_naming_the_field(directorate, api_as):
    d = directorate
    response = api_as(d.alpha_lead).post(
        "/api/v1/ratings",
        {**rating_of(d.teammate), "code": "99.Z"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "code" in response.json()["errors"]


def test_an_unknown_person_is_a_422_naming_the_field(directorate, api_as):
    response = api_as(directorate.workforce_manager).post(
        "/api/v1/ratings",
        {"person": 999999, "code": "1.A", "level": 3, "source": "validated"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "person" in response.json()["errors"]


def test_an_unknown_source_is_a_422_naming_the_field(directorate, api_as):
    d = directorate
    response = api_as(d.alpha_lead).post(
        "/api/v1/ratings", rating_of(d.teammate, source="gossip"), content_type="application/json"
    )
    assert response.status_code == 422
    assert "source" in response.json()["errors"]
    assert not Rating.objects.exists()
