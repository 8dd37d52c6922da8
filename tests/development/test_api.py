"""The development API: the same rules as the pages."""

import datetime

import pytest
from django.test import Client

from seccoop.core.api_auth import issue_token
from seccoop.development import services
from seccoop.development.models import (
    CertificationLevel,
    CertificationRequirement,
    Course,
    DevelopmentActivity,
)
from seccoop.partners.models import PracticeEvidence

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def api_as():
    def client_for(person) -> Client:
        _, secret = issue_token(user=person.user, name="tests", lifetime_days=30)
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return client_for


def test_the_catalog_lists_courses_with_what_they_build(api_as, directorate, catalog):
    body = api_as(directorate.outsider).get("/api/v1/courses?competency=1.A").json()
    assert [(c["title"], c["builds"]) for c in body["items"]] == [
        ("Orientation", [{"code": "1.A", "level": 2}, {"code": "1.D", "level": 2}]),
        ("Regional Studies", [{"code": "1.A", "level": 3}]),
    ]


def test_a_desk_officer_cannot_add_a_course(api_as, directorate):
    response = api_as(directorate.teammate).post(
        "/api/v1/courses",
        {"title": "X", "provider": "DSCU", "hours": 8},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_a_nul_character_in_a_body_is_refused_naming_the_field(api_as, directorate):
    response = api_as(directorate.workforce_manager).post(
        "/api/v1/courses",
        {"title": "Negotiation", "provider": "DSCU", "hours": 8, "description": "a\u0000b"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("body.description: text may not hold a NUL")
    assert not Course.objects.filter(title="Negotiation").exists()


def test_a_body_that_is_not_a_json_object_is_refused_in_words(api_as, directorate):
    response = api_as(directorate.workforce_manager).post(
        "/api/v1/courses", '"Negotiation"', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "The request body must be a JSON object."


def test_a_mapping_with_a_stale_version_is_refused_with_409(api_as, directorate, catalog):
    client = api_as(directorate.workforce_manager)
    course = catalog.sales
    ok = client.put(
        f"/api/v1/courses/{course.pk}/mapping",
        {"levels": {"4.C": 3}, "version": course.version},
        content_type="application/json",
    )
    assert ok.status_code == 200
    stale = client.put(
        f"/api/v1/courses/{course.pk}/mapping",
        {"levels": {"4.C": 1}, "version": course.version},
        content_type="application/json",
    )
    assert stale.status_code == 409


def test_a_decision_through_the_api_is_recorded_and_counted(api_as, directorate, catalog):
    client = api_as(directorate.workforce_manager)
    response = client.post(
        f"/api/v1/courses/{catalog.sales.pk}/decisions",
        {"code": "4.F", "accept": True, "score": 0.62, "rank": 1},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["decision"] == "accepted"
    precision = client.get("/api/v1/mapping-decisions/precision").json()
    assert precision == {"accepted": 1, "rejected": 0, "precision": 1.0, "precision_at_1": 1.0}


def test_a_supervisor_outside_the_chain_gets_404_for_a_plan(api_as, directorate, catalog):
    d = directorate
    services.add_course(user=d.teammate.user, person=d.teammate, course=catalog.sales, due_on=DAY)
    client = api_as(d.bravo_lead)
    assert client.get(f"/api/v1/development-plans/{d.teammate.pk}").status_code == 404
    assert client.get("/api/v1/development-activities").json()["count"] == 0


def test_a_person_plans_and_completes_a_course_through_the_api(api_as, directorate, catalog):
    d = directorate
    client = api_as(d.teammate)
    added = client.post(
        f"/api/v1/development-plans/{d.teammate.pk}/activities",
        {"kind": "course", "course_id": catalog.regional.pk, "due_on": "2026-04-01"},
        content_type="application/json",
    )
    assert added.status_code == 201
    done = client.post(
        f"/api/v1/development-activities/{added.json()['id']}/complete",
        {"completed_on": DAY.isoformat()},
        content_type="application/json",
    )
    assert done.json()["completed_on"] == DAY.isoformat()
    plan = client.get(f"/api/v1/development-plans/{d.teammate.pk}").json()
    assert (plan["gap_levels"], plan["remaining_levels"]) == (9, 6)
    assert PracticeEvidence.objects.filter(person=d.teammate, practiced_on=DAY).count() == 1


def test_an_assignment_with_an_unknown_code_is_refused_naming_the_field(api_as, directorate):
    d = directorate
    response = api_as(d.teammate).post(
        f"/api/v1/development-plans/{d.teammate.pk}/activities",
        {"kind": "on-the-job", "title": "Shadow", "codes": ["Z.9"], "due_on": "2026-04-01"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "codes" in response.json()["errors"]
    assert not DevelopmentActivity.objects.exists()


def test_recommendations_through_the_api_are_explained(api_as, directorate, catalog):
    body = (
        api_as(directorate.teammate)
        .get(f"/api/v1/development-plans/{directorate.teammate.pk}/recommendations?top=2")
        .json()
    )
    assert [c["title"] for c in body["courses"]] == ["Engagement Skills", "Regional Studies"]
    assert body["courses"][0]["lines"] == [
        {
            "code": "1.D",
            "required": 4,
            "current": 0,
            "weight": 4,
            "builds": 3,
            "closed": 3,
            "value": 12,
        }
    ]


def test_the_standing_list_through_the_api_filters_those_not_in_good_standing(
    api_as, directorate, catalog
):
    d = directorate
    client = api_as(d.workforce_manager)
    response = client.put(
        f"/api/v1/certification-requirements/{d.teammate.position.pk}",
        {"level": CertificationLevel.BASIC},
        content_type="application/json",
    )
    assert response.status_code == 200
    rows = client.get("/api/v1/certification-standing?good=false").json()
    assert [(row["person_id"], row["status"]) for row in rows] == [(d.teammate.pk, "no-record")]


def test_training_seats_through_the_api(api_as, directorate, catalog):
    rows = (
        api_as(directorate.workforce_manager)
        .get(f"/api/v1/training-seats?unit={directorate.division.pk}")
        .json()
    )
    assert rows[0]["title"] == "Orientation" and rows[0]["seats"] == 3


def test_a_billets_sc_code_is_set_through_the_api_by_its_areas_code(api_as, directorate, catalog):
    d = directorate
    client = api_as(d.workforce_manager)
    response = client.put(
        f"/api/v1/certification-requirements/{d.teammate.position.pk}",
        {"level": "intermediate", "area": "SCO", "key": True},
        content_type="application/json",
    )
    assert response.json() == {
        "position_id": d.teammate.position.pk,
        "level": "intermediate",
        "key": True,
        "area": "SCO",
    }
    [row] = client.get("/api/v1/certification-standing").json()
    assert (row["required_area"], row["key"], row["certified_level"]) == ("SCO", True, "")
    assert row["missing_course_ids"] == [catalog.sales.pk]


def test_an_unknown_area_code_is_refused_naming_the_field_and_writes_nothing(api_as, directorate):
    d = directorate
    response = api_as(d.workforce_manager).put(
        f"/api/v1/certification-requirements/{d.teammate.position.pk}",
        {"level": "advanced", "area": "NOPE"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "area" in response.text and "NOPE" in response.text
    assert not CertificationRequirement.objects.exists()


def test_there_is_no_expert_level_through_the_api(api_as, directorate):
    d = directorate
    response = api_as(d.workforce_manager).put(
        f"/api/v1/certification-requirements/{d.teammate.position.pk}",
        {"level": "expert"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not CertificationRequirement.objects.exists()
