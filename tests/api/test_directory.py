"""The directory through the API: frameworks, org units, people, positions, role types."""

import pytest
from django.test import Client

from seccoop.workforce.models import Person
from tests.factories import OrgUnitFactory, PersonFactory, PositionFactory

DIRECTORY_URLS = [
    "/api/v1/frameworks",
    "/api/v1/frameworks/dod-security-cooperation",
    "/api/v1/frameworks/dod-security-cooperation/competencies",
    "/api/v1/frameworks/dod-security-cooperation/competencies/4.C",
    "/api/v1/org-units",
    "/api/v1/people",
    "/api/v1/positions",
    "/api/v1/role-types",
]


@pytest.mark.parametrize("url", DIRECTORY_URLS)
def test_anonymous_callers_get_401_everywhere(directorate, url):
    assert Client().get(url).status_code == 401


@pytest.mark.parametrize("url", DIRECTORY_URLS)
def test_nora_reads_the_directory(directorate, api_as, url):
    assert api_as(directorate.outsider).get(url).status_code == 200


def test_the_framework_lists_its_scale(directorate, api_as):
    body = api_as(directorate.outsider).get("/api/v1/frameworks").json()
    assert body["count"] == 1
    [framework] = body["items"]
    assert framework["slug"] == "dod-security-cooperation"
    assert [level["value"] for level in framework["scale"]["levels"]] == [0, 1, 2, 3, 4, 5]


def test_the_competency_list_covers_the_whole_model(directorate, api_as):
    body = (
        api_as(directorate.outsider)
        .get("/api/v1/frameworks/dod-security-cooperation/competencies?limit=500")
        .json()
    )
    assert body["count"] == 9 + 58


def test_competencies_filter_by_kind(directorate, api_as):
    body = (
        api_as(directorate.outsider)
        .get("/api/v1/frameworks/dod-security-cooperation/competencies?kind=competency")
        .json()
    )
    assert [item["code"] for item in body["items"]][:2] == ["1.0", "2.0"]
    assert body["count"] == 9


def test_competencies_filter_by_search_text(directorate, api_as):
    body = (
        api_as(directorate.outsider)
        .get("/api/v1/frameworks/dod-security-cooperation/competencies?q=4.C")
        .json()
    )
    assert [item["code"] for item in body["items"]] == ["4.C"]


def test_an_unknown_kind_is_a_422_naming_the_filter(directorate, api_as):
    response = api_as(directorate.outsider).get(
        "/api/v1/frameworks/dod-security-cooperation/competencies?kind=nonsense"
    )
    assert response.status_code == 422
    assert "kind" in response.json()["errors"]


def test_a_competency_shows_its_parent_and_framework(directorate, api_as):
    body = (
        api_as(directorate.outsider)
        .get("/api/v1/frameworks/dod-security-cooperation/competencies/4.C")
        .json()
    )
    assert body["parent"] == "4.0"
    assert body["framework"] == "dod-security-cooperation"


def test_a_competency_lists_its_sub_competencies(directorate, api_as):
    body = (
        api_as(directorate.outsider)
        .get("/api/v1/frameworks/dod-security-cooperation/competencies/4.0")
        .json()
    )
    assert "4.C" in body["children"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/frameworks/no-such-framework",
        "/api/v1/frameworks/no-such-framework/competencies",
        "/api/v1/frameworks/dod-security-cooperation/competencies/99.Z",
        "/api/v1/org-units/999999",
        "/api/v1/people/999999",
        "/api/v1/positions/999999",
        "/api/v1/role-templates/999999",
    ],
)
def test_unknown_records_are_a_404_in_json(directorate, api_as, url):
    response = api_as(directorate.outsider).get(url)
    assert response.status_code == 404
    assert response.json()["detail"]


def test_org_units_filter_by_parent(directorate, api_as):
    d = directorate
    body = api_as(d.outsider).get(f"/api/v1/org-units?parent={d.division.pk}").json()
    assert {item["name"] for item in body["items"]} == {"Alpha Team", "Bravo Team"}


def test_an_org_unit_shows_its_parent(directorate, api_as):
    d = directorate
    body = api_as(d.outsider).get(f"/api/v1/org-units/{d.alpha.pk}").json()
    assert body["parent_id"] == d.division.pk


def test_people_filter_by_name(directorate, api_as):
    body = api_as(directorate.outsider).get("/api/v1/people?q=tina").json()
    assert [item["full_name"] for item in body["items"]] == ["Tina Teammate"]


def test_people_filter_by_org_unit_including_the_units_below(directorate, api_as):
    d = directorate
    body = api_as(d.outsider).get(f"/api/v1/people?org_unit={d.division.pk}").json()
    assert {item["first_name"] for item in body["items"]} == {
        "Lee",
        "Sam",
        "Sue",
        "Tina",
        "Uma",
        "Bob",
    }


def test_people_filter_by_role_type(directorate, api_as):
    d = directorate
    body = api_as(d.outsider).get(f"/api/v1/people?role_type={d.role_type.pk}").json()
    assert {item["first_name"] for item in body["items"]} == {"Tina", "Uma", "Bob"}


@pytest.mark.parametrize("query", ["org_unit=abc", "org_unit=999999", "role_type=nope"])
def test_an_invalid_people_filter_is_a_422(directorate, api_as, query):
    response = api_as(directorate.outsider).get(f"/api/v1/people?{query}")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {query.split("=")[0]}


def test_a_person_shows_their_position_and_unit(directorate, api_as):
    d = directorate
    body = api_as(d.outsider).get(f"/api/v1/people/{d.teammate.pk}").json()
    assert body["position"]["title"] == "Desk Officer (Tina)"
    assert body["position"]["org_unit"]["name"] == "Alpha Team"
    assert body["position"]["role_type"]["slug"] == "country-desk-officer"


def test_a_person_without_a_position_has_none(directorate, api_as):
    d = directorate
    body = api_as(d.outsider).get(f"/api/v1/people/{d.outsider.pk}").json()
    assert body["position"] is None


def test_positions_filter_by_vacancy(directorate, api_as):
    d = directorate
    PositionFactory(title="Vacant Desk", role_type=d.role_type, org_unit=d.alpha)
    body = api_as(d.outsider).get("/api/v1/positions?vacant=true").json()
    assert [item["title"] for item in body["items"]] == ["Vacant Desk"]


def test_a_position_shows_its_incumbent_and_supervisor(directorate, api_as):
    d = directorate
    body = api_as(d.outsider).get(f"/api/v1/positions/{d.teammate.position.pk}").json()
    assert body["incumbent"]["full_name"] == "Tina Teammate"
    assert body["reports_to_id"] == d.alpha_lead.position.pk


def test_role_types_link_to_their_templates(directorate, api_as):
    body = api_as(directorate.outsider).get("/api/v1/role-types").json()
    desk = next(item for item in body["items"] if item["slug"] == "country-desk-officer")
    assert [template["framework"] for template in desk["templates"]] == ["dod-security-cooperation"]


def test_a_role_template_lists_its_requirements(directorate, api_as):
    d = directorate
    template = d.role_type.templates.get()
    body = api_as(d.outsider).get(f"/api/v1/role-templates/{template.pk}").json()
    assert body["requirements"] == [
        {"code": "1.A", "level": 3},
        {"code": "1.D", "level": 4},
        {"code": "4.C", "level": 2},
    ]


def test_lists_come_in_pages_with_a_count(directorate, api_as):
    client = api_as(directorate.outsider)
    first = client.get("/api/v1/people?limit=3").json()
    second = client.get("/api/v1/people?limit=3&offset=3").json()
    assert first["count"] == second["count"] == Person.objects.count()
    assert len(first["items"]) == 3
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}


def test_a_page_larger_than_the_maximum_is_a_422(directorate, api_as):
    response = api_as(directorate.outsider).get("/api/v1/people?limit=501")
    assert response.status_code == 422
    assert "limit" in response.json()["errors"]


def _grow_directory(d, n):
    for i in range(n):
        unit = OrgUnitFactory(name=f"Extra Team {i}", parent=d.division)
        PositionFactory(incumbent=PersonFactory(), role_type=d.role_type, org_unit=unit)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/people?limit=500", 7),
        ("/api/v1/people?limit=500&q=a&role_type={role_type}&org_unit={division}", 9),
        ("/api/v1/positions?limit=500", 7),
        ("/api/v1/org-units?limit=500", 7),
        ("/api/v1/role-types?limit=500", 8),
        ("/api/v1/frameworks?limit=500", 8),
        ("/api/v1/frameworks/dod-security-cooperation/competencies?limit=500", 8),
    ],
)
def test_directory_lists_take_a_fixed_number_of_queries(
    directorate, client, django_assert_max_num_queries, url, queries
):
    d = directorate
    _grow_directory(d, 20)
    client.force_login(d.outsider.user)
    with django_assert_max_num_queries(queries):
        response = client.get(url.format(role_type=d.role_type.pk, division=d.division.pk))
    assert response.status_code == 200
    assert response.json()["count"] > 0
