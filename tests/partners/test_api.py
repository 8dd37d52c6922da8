"""The partner API: countries, engagements, actions and coverage."""

import datetime

import pytest
from django.test import Client

from seccoop.core.api_auth import issue_token
from seccoop.partners.models import Engagement, PracticeEvidence

YESTERDAY = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()


@pytest.fixture
def api_as():
    def client_for(person) -> Client:
        _, secret = issue_token(user=person.user, name="tests", lifetime_days=30)
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return client_for


def test_the_country_list_puts_the_desk_officers_countries_first(api_as, directorate, partners):
    body = api_as(directorate.bravo_member).get("/api/v1/countries?limit=3").json()
    assert body["items"][0]["iso_code"] == "JP"
    assert body["items"][0]["in_portfolio"] is True
    assert body["count"] >= 249


def test_a_desk_officer_logs_an_engagement_with_an_action(api_as, directorate, partners):
    d = directorate
    response = api_as(d.teammate).post(
        "/api/v1/engagements",
        {
            "title": "Staff talks",
            "type": "staff-talks",
            "starts_on": YESTERDAY,
            "ends_on": YESTERDAY,
            "countries": ["fr"],
            "participants": [d.teammate.pk],
            "actions": [{"description": "Minutes", "owner": d.teammate.pk, "due_on": YESTERDAY}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["countries"] == ["FR"] and body["actions"][0]["overdue"] is True
    assert PracticeEvidence.objects.filter(person=d.teammate).count() == 3


def test_an_unknown_country_is_refused_naming_the_field(api_as, directorate, partners):
    response = api_as(directorate.teammate).post(
        "/api/v1/engagements",
        {
            "title": "Talks",
            "type": "visit",
            "starts_on": YESTERDAY,
            "ends_on": YESTERDAY,
            "countries": ["ZZ"],
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"countries": ["Unknown: ZZ."]}
    assert not Engagement.objects.exists()


def test_my_overdue_actions_through_the_api(api_as, directorate, partners, log_engagement):
    from seccoop.partners.services import ActionData

    d = directorate
    yesterday = datetime.date.fromisoformat(YESTERDAY)
    log_engagement(d.teammate.user, actions=[ActionData("Minutes", d.teammate, yesterday)])
    mine = api_as(d.teammate).get("/api/v1/actions?overdue=true&mine=true").json()
    assert [action["description"] for action in mine["items"]] == ["Minutes"]
    theirs = api_as(d.bravo_member).get("/api/v1/actions?overdue=true&mine=true").json()
    assert theirs["items"] == []


def test_coverage_through_the_api_is_refused_to_a_desk_officer(api_as, directorate, partners):
    assert api_as(directorate.teammate).get("/api/v1/coverage").status_code == 403
    body = api_as(directorate.leader).get("/api/v1/coverage").json()
    assert {line["country"] for line in body} == {"FR", "JP"}
