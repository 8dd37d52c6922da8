"""The OpenAPI document and the interactive docs."""

import json

from django.test import Client
from django.urls import reverse

EXPECTED_PATHS = {
    "/api/v1/me": {"get"},
    "/api/v1/audit": {"get"},
    "/api/v1/frameworks": {"get"},
    "/api/v1/frameworks/{slug}": {"get"},
    "/api/v1/frameworks/{slug}/competencies": {"get"},
    "/api/v1/frameworks/{slug}/competencies/{code}": {"get"},
    "/api/v1/org-units": {"get", "post"},
    "/api/v1/org-units/{unit_id}": {"get", "patch"},
    "/api/v1/org-units/{unit_id}/archive": {"post"},
    "/api/v1/org-units/{unit_id}/restore": {"post"},
    "/api/v1/people": {"get", "post"},
    "/api/v1/people/{person_id}": {"get", "patch"},
    "/api/v1/people/{person_id}/archive": {"post"},
    "/api/v1/people/{person_id}/restore": {"post"},
    "/api/v1/people/{person_id}/gaps": {"get"},
    "/api/v1/positions": {"get", "post"},
    "/api/v1/positions/{position_id}": {"get", "patch"},
    "/api/v1/positions/{position_id}/archive": {"post"},
    "/api/v1/positions/{position_id}/restore": {"post"},
    "/api/v1/role-types": {"get"},
    "/api/v1/role-templates/{template_id}": {"get"},
    "/api/v1/ratings": {"get", "post"},
    "/api/v1/heatmap": {"get"},
    "/api/v1/mapping/suggest": {"post"},
    "/api/v1/regions": {"get"},
    "/api/v1/countries": {"get"},
    "/api/v1/countries/{country_id}": {"get"},
    "/api/v1/organizations": {"get"},
    "/api/v1/organizations/{organization_id}": {"get"},
    "/api/v1/counterparts": {"get"},
    "/api/v1/counterparts/{counterpart_id}": {"get"},
    "/api/v1/engagements": {"get", "post"},
    "/api/v1/engagements/{engagement_id}": {"get"},
    "/api/v1/actions": {"get"},
    "/api/v1/actions/{action_id}/done": {"post"},
    "/api/v1/coverage": {"get"},
}


def openapi(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_openapi_document_lists_every_route(db):
    document = openapi(db)
    assert {path: set(methods) for path, methods in document["paths"].items()} == EXPECTED_PATHS


def test_every_operation_declares_a_schema_for_its_responses(db):
    for path, methods in openapi(db)["paths"].items():
        for method, operation in methods.items():
            for status, response in operation["responses"].items():
                assert "schema" in response["content"]["application/json"], (path, method, status)


def test_every_operation_documents_the_401(db):
    for methods in openapi(db)["paths"].values():
        for operation in methods.values():
            assert "401" in operation["responses"]


def test_list_filters_are_documented_as_query_parameters(db):
    parameters = openapi(db)["paths"]["/api/v1/people"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == {"q", "org_unit", "role_type", "limit", "offset"}


def test_the_docs_page_is_served(directorate, client):
    client.force_login(directorate.outsider.user)
    assert client.get(reverse("api:openapi-view")).status_code == 200
