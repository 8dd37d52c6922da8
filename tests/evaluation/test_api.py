"""The evaluation API: the same rules as the pages, errors in the shared format."""

import pytest

from seccoop.evaluation.models import Objective, Recommendation


@pytest.fixture
def api(client):
    signed_in = {}

    def call(user, method, path, payload=None):
        if signed_in.get("user") != user:
            client.force_login(user)
            signed_in["user"] = user
        kwargs = {"content_type": "application/json"} if payload is not None else {}
        if payload is not None:
            import json

            kwargs["data"] = json.dumps(payload)
        return getattr(client, method)(f"/api/v1/evaluation/{path}", **kwargs)

    return call


def test_objectives_are_listed_with_their_links(api, directorate, world):
    response = api(directorate.outsider.user, "get", "objectives?country=PL")
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 1
    [objective] = body["items"]
    assert objective["code"] == "PL-1" and objective["supports"] == world.theater.pk
    assert objective["country"] == world.poland.pk


def test_listing_costs_a_fixed_number_of_queries(
    api, directorate, world, django_assert_max_num_queries
):
    api(directorate.outsider.user, "get", "objectives")
    with django_assert_max_num_queries(10):
        assert api(directorate.outsider.user, "get", "activities").status_code == 200


def test_leadership_creates_an_objective_and_a_desk_officer_is_refused(api, directorate, world):
    payload = {"code": "PL-2", "title": "Crews", "level": "country", "country": world.poland.pk}
    refused = api(directorate.teammate.user, "post", "objectives", payload)
    assert refused.status_code == 403
    created = api(directorate.leader.user, "post", "objectives", payload)
    assert created.status_code == 201
    assert Objective.objects.get(code="PL-2").country == world.poland


def test_an_invalid_objective_is_refused_naming_the_field(api, directorate, world):
    response = api(
        directorate.leader.user,
        "post",
        "objectives",
        {"code": "T", "title": "T", "level": "theater"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "region": ["A theater campaign plan objective names its region."]
    }


def test_a_change_made_against_an_older_version_answers_409(api, directorate, world):
    version = world.objective.version
    first = api(directorate.leader.user, "patch", f"objectives/{world.objective.pk}",
                {"version": version, "title": "First"})  # fmt: skip
    assert first.status_code == 200 and first.json()["title"] == "First"
    second = api(directorate.leader.user, "patch", f"objectives/{world.objective.pk}",
                 {"version": version, "title": "Second"})  # fmt: skip
    assert second.status_code == 409


def test_a_dependency_cycle_is_refused_with_422(api, directorate, world, save):
    from seccoop.evaluation.models import Activity

    later = save(Activity, links={"depends_on": [world.activity]}, title="Later",
                 country=world.poland, kind="mil-to-mil", line_of_effort="training",
                 starts_on="2026-04-01", ends_on="2026-04-02")  # fmt: skip
    response = api(directorate.leader.user, "patch", f"activities/{world.activity.pk}",
                   {"version": world.activity.version, "depends_on": [later.pk]})  # fmt: skip
    assert response.status_code == 422
    assert "cycle" in response.json()["errors"]["depends_on"][0]


def test_recommendations_move_through_their_transitions(api, directorate, world, save):
    recommendation = save(Recommendation, evaluation=world.evaluation, text="Train.")
    tina = directorate.teammate.user
    path = f"recommendations/{recommendation.pk}"
    accepted = api(tina, "post", f"{path}/accept", {"version": recommendation.version}).json()
    assert accepted["state"] == "accepted"
    refused = api(tina, "post", f"{path}/implement", {"version": accepted["version"]})
    assert refused.status_code == 422
    assert "Record the action taken" in str(refused.json()["errors"])
    done = api(
        tina,
        "post",
        f"{path}/implement",
        {"action_taken": "Courses added.", "version": accepted["version"]},
    )
    assert done.json()["state"] == "implemented"
    rejected = api(
        directorate.bravo_member.user,
        "post",
        f"{path}/reject",
        {"note": "x", "version": done.json()["version"]},
    )
    assert rejected.status_code in (403, 422)


def test_the_trend_of_an_indicator(api, directorate, world):
    body = api(directorate.outsider.user, "get", f"indicators/{world.indicator.pk}/trend").json()
    assert body["standing"] == "behind"
    assert [p["standing"] for p in body["points"]] == ["on-track", "behind"]


def test_assigning_through_the_api_needs_permission_to_change_the_record(api, directorate, world):
    payload = {"person": directorate.underling.pk, "role": "Analyst"}
    path = f"initiatives/{world.initiative.pk}/assignments"
    assert api(directorate.bravo_member.user, "post", path, payload).status_code == 403
    assert api(directorate.teammate.user, "post", path, payload).status_code == 201
