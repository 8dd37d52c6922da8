"""Setting up role types and templates through the API, as on the pages."""

import json

from seccoop.core.history import change_history
from seccoop.workforce.models import RoleRequirement, RoleTemplate, RoleType

FRAMEWORK = "dod-security-cooperation"


def send(client, method, url, body=None):
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


def test_walter_creates_a_role_type_and_its_history_names_him(directorate, api_as):
    response = send(
        api_as(directorate.workforce_manager),
        "post",
        "/api/v1/role-types",
        {"slug": "end-use-monitor", "name": "End-use monitor"},
    )
    assert response.status_code == 201
    assert response.json()["version"] == 1
    monitor = RoleType.objects.get(slug="end-use-monitor")
    assert change_history(monitor)[0].who == "Walter Manager"


def test_a_role_type_edit_from_a_stale_version_is_a_409(directorate, api_as):
    d = directorate
    url = f"/api/v1/role-types/{d.role_type.pk}"
    client = api_as(d.workforce_manager)
    first = send(client, "patch", url, {"version": d.role_type.version, "name": "Desk"})
    assert first.status_code == 200
    stale = send(client, "patch", url, {"version": d.role_type.version, "name": "Desk officer"})
    assert stale.status_code == 409
    assert RoleType.objects.get(pk=d.role_type.pk).name == "Desk"


def test_nora_gets_403_creating_a_role_type(directorate, api_as):
    response = send(
        api_as(directorate.outsider), "post", "/api/v1/role-types", {"slug": "x", "name": "X"}
    )
    assert response.status_code == 403
    assert not RoleType.objects.filter(slug="x").exists()


def test_walter_creates_a_template_and_sets_its_levels(directorate, api_as):
    client = api_as(directorate.workforce_manager)
    created = send(
        client,
        "post",
        "/api/v1/role-templates",
        {"role_type": "leadership-and-support", "framework": FRAMEWORK, "name": "Leaders"},
    )
    assert created.status_code == 201
    template = created.json()
    answer = send(
        client,
        "put",
        f"/api/v1/role-templates/{template['id']}/requirements",
        {"version": template["version"], "levels": {"2.A": 4, "2.C": 3}},
    )
    assert answer.status_code == 200
    assert {line["code"]: line["level"] for line in answer.json()["requirements"]} == {
        "2.A": 4,
        "2.C": 3,
    }


def test_a_level_off_the_scale_is_a_422_naming_the_sub_competency_and_saves_nothing(
    directorate, api_as
):
    template = directorate.role_type.templates.get()
    response = send(
        api_as(directorate.workforce_manager),
        "put",
        f"/api/v1/role-templates/{template.pk}/requirements",
        {"version": template.version, "levels": {"1.A": 9}},
    )
    assert response.status_code == 422
    assert "1.A" in json.dumps(response.json())
    assert RoleRequirement.objects.filter(template=template).count() == 3


def test_a_template_for_an_unknown_role_type_is_a_422_naming_the_field(directorate, api_as):
    response = send(
        api_as(directorate.workforce_manager),
        "post",
        "/api/v1/role-templates",
        {"role_type": "astronaut", "framework": FRAMEWORK, "name": "Space"},
    )
    assert response.status_code == 422
    assert "role_type" in response.json()["errors"]


def test_an_archived_template_answers_with_its_archive_date(directorate, api_as):
    template = directorate.role_type.templates.get()
    response = send(
        api_as(directorate.workforce_manager),
        "post",
        f"/api/v1/role-templates/{template.pk}/archive",
        {"version": template.version},
    )
    assert response.status_code == 200
    assert response.json()["archived_at"] is not None
    assert RoleTemplate.objects.get(pk=template.pk).is_archived


def test_the_starting_set_loads_through_the_api_and_says_it_is_unofficial(
    seed_framework, directorate, api_as
):
    response = send(api_as(directorate.administrator), "post", "/api/v1/role-types/starting-set")
    assert response.status_code == 200
    body = response.json()
    # The two role types the directorate fixture made are kept as they are.
    assert (body["role_types_created"], body["templates_created"]) == (6, 7)
    assert "not an official standard" in body["note"]
