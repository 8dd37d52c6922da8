"""Creating, editing, archiving and restoring directory records through the API."""

import json

from seccoop.core.history import change_history
from seccoop.workforce.models import OrgUnit, Person, Position


def patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_walter_edits_a_person_and_the_history_names_him(directorate, api_as):
    d = directorate
    tina = d.teammate
    response = patch(
        api_as(d.workforce_manager),
        f"/api/v1/people/{tina.pk}",
        {"grade": "GS-13", "version": tina.version},
    )
    assert response.status_code == 200
    assert (response.json()["grade"], response.json()["version"]) == ("GS-13", tina.version + 1)
    assert change_history(Person.objects.get(pk=tina.pk))[0].who == "Walter Manager"


def test_nora_gets_403_for_an_edit(directorate, api_as):
    d = directorate
    response = patch(
        api_as(d.outsider), f"/api/v1/people/{d.teammate.pk}", {"grade": "X", "version": 1}
    )
    assert response.status_code == 403
    assert Person.objects.get(pk=d.teammate.pk).grade == ""


def test_the_second_edit_from_the_same_version_is_a_409_naming_the_first_editor(
    directorate, api_as
):
    d = directorate
    position = d.teammate.position
    url = f"/api/v1/positions/{position.pk}"
    read = api_as(d.administrator).get(url).json()["version"]
    first = patch(api_as(d.workforce_manager), url, {"title": "Senior", "version": read})
    assert first.status_code == 200
    second = patch(api_as(d.administrator), url, {"title": "Junior", "version": read})
    assert second.status_code == 409
    assert "Someone else (Walter Manager) changed this position" in second.json()["detail"]
    assert Position.objects.get(pk=position.pk).title == "Senior"


def test_an_edit_without_a_version_is_a_422(directorate, api_as):
    d = directorate
    response = patch(api_as(d.workforce_manager), f"/api/v1/people/{d.teammate.pk}", {"grade": "X"})
    assert response.status_code == 422
    assert "version" in response.json()["errors"]


def test_a_position_reporting_to_its_own_report_is_a_422_naming_the_field(directorate, api_as):
    d = directorate
    lead = d.alpha_lead.position
    response = patch(
        api_as(d.workforce_manager),
        f"/api/v1/positions/{lead.pk}",
        {"reports_to": d.teammate.position.pk, "version": lead.version},
    )
    assert response.status_code == 422
    assert "reports_to" in response.json()["errors"]
    saved = Position.objects.get(pk=lead.pk)
    assert (saved.reports_to_id, saved.version) == (d.leader.position.pk, lead.version)


def test_an_unknown_org_unit_is_a_422_naming_the_field(directorate, api_as):
    d = directorate
    response = patch(
        api_as(d.workforce_manager),
        f"/api/v1/people/{d.outsider.pk}",
        {"org_unit": 999999, "version": d.outsider.version},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"org_unit": ["No active org unit 999999."]}


def test_walter_creates_a_position(directorate, api_as):
    d = directorate
    response = post(
        api_as(d.workforce_manager),
        "/api/v1/positions",
        {
            "title": "Program Analyst",
            "role_type": "country-desk-officer",
            "org_unit": d.bravo.pk,
            "reports_to": d.bravo_lead.position.pk,
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["title"], body["org_unit"]["name"], body["version"]) == (
        "Program Analyst",
        "Bravo Team",
        1,
    )


def test_an_invalid_new_org_unit_is_a_422_and_nothing_is_written(directorate, api_as):
    d = directorate
    response = post(
        api_as(d.workforce_manager), "/api/v1/org-units", {"name": "x" * 300, "kind": "team"}
    )
    assert response.status_code == 422
    assert "name" in response.json()["errors"]
    assert not OrgUnit.objects.filter(name__startswith="xxx").exists()


def test_nora_may_not_create_an_org_unit(directorate, api_as):
    response = post(api_as(directorate.outsider), "/api/v1/org-units", {"name": "Nora's Unit"})
    assert response.status_code == 403


def test_an_archived_person_leaves_the_list_but_stays_reachable_by_id(directorate, api_as):
    d = directorate
    client = api_as(d.workforce_manager)
    archived = post(
        client, f"/api/v1/people/{d.teammate.pk}/archive", {"version": d.teammate.version}
    )
    assert archived.status_code == 200
    names = [item["full_name"] for item in client.get("/api/v1/people?limit=100").json()["items"]]
    assert "Tina Teammate" not in names
    assert client.get(f"/api/v1/people/{d.teammate.pk}").status_code == 200


def test_restoring_a_person_brings_them_back_to_the_list(directorate, api_as):
    d = directorate
    client = api_as(d.workforce_manager)
    archived = post(
        client, f"/api/v1/people/{d.teammate.pk}/archive", {"version": d.teammate.version}
    )
    restored = post(
        client, f"/api/v1/people/{d.teammate.pk}/restore", {"version": archived.json()["version"]}
    )
    assert restored.status_code == 200
    names = [item["full_name"] for item in client.get("/api/v1/people?limit=100").json()["items"]]
    assert "Tina Teammate" in names


def test_archiving_with_a_stale_version_is_a_409(directorate, api_as):
    d = directorate
    unit = d.bravo
    client = api_as(d.workforce_manager)
    patch(client, f"/api/v1/org-units/{unit.pk}", {"short_name": "B", "version": unit.version})
    response = post(client, f"/api/v1/org-units/{unit.pk}/archive", {"version": unit.version})
    assert response.status_code == 409
    assert OrgUnit.objects.get(pk=unit.pk).archived_at is None


def test_archiving_without_the_version_read_is_refused_naming_the_field(directorate, api_as):
    d = directorate
    response = post(api_as(d.workforce_manager), f"/api/v1/org-units/{d.bravo.pk}/archive")
    assert response.status_code == 422
    assert "version" in response.json()["errors"]
    assert OrgUnit.objects.get(pk=d.bravo.pk).archived_at is None


def test_nora_may_not_archive_a_position(directorate, api_as):
    d = directorate
    position = d.teammate.position
    response = post(
        api_as(d.outsider),
        f"/api/v1/positions/{position.pk}/archive",
        {"version": position.version},
    )
    assert response.status_code == 403
