"""Two people of the same role, on different teams or desks, never read each other's records.

Sam and Sue both supervise a team (alpha: Tina; bravo: Bob); each reads
the ratings and gaps of their own team only. Tina and Bob are both desk
officers (France; Japan); each reads the contact details of their own
country's counterparts only. Every channel is tried: the record's page by
id, the API by id, lists, searches, exports. Each check first proves the
channel carries the data to the person entitled to it, so an absence means
the record was withheld, not that the channel never shows it.
"""

import datetime
import html

import pytest
from django.urls import reverse

from seccoop.workforce.models import RatingSource
from seccoop.workforce.services import record_rating
from tests.partners.conftest import CLAIRE_EMAIL, partners  # noqa: F401 - the fixture

KENJI_EMAIL = "kenji.sato@mod.example"

# --- ratings and gaps: two supervisors ------------------------------------------------

RATING_CHANNELS = {
    "person page by id": lambda person: reverse("workforce:person-detail", args=[person.pk]),
    "API ratings list": lambda person: "/api/v1/ratings",
    "API ratings searched by person": lambda person: f"/api/v1/ratings?person={person.pk}",
    "API ratings searched by code": lambda person: "/api/v1/ratings?competency=1.A",
    "ratings export": lambda person: reverse("workforce:export") + "?kind=ratings&format=csv",
}


@pytest.fixture
def rated(directorate):
    """Sam rated Tina; Sue rated Bob. Returns the evidence each rating carries."""
    d = directorate
    competency = d.framework.competencies.get(code="1.A")
    for rater, person in [(d.alpha_lead, d.teammate), (d.bravo_lead, d.bravo_member)]:
        record_rating(
            user=rater.user, person=person, competency=competency, level=3,
            source=RatingSource.SUPERVISOR, rated_on=datetime.date(2026, 1, 15),
            evidence=f"Observed {person.first_name} negotiating",
        )  # fmt: skip
    return {
        d.teammate.pk: "Observed Tina negotiating",
        d.bravo_member.pk: "Observed Bob negotiating",
    }


def _supervisors(d):
    # (viewer, their report, the other team's member)
    return [(d.alpha_lead, d.teammate, d.bravo_member), (d.bravo_lead, d.bravo_member, d.teammate)]


def _text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("channel", RATING_CHANNELS)
def test_a_supervisor_reads_the_ratings_of_their_own_team_only(client, directorate, rated, channel):
    url_of = RATING_CHANNELS[channel]
    for viewer, report, other in _supervisors(directorate):
        client.force_login(viewer.user)
        own = client.get(url_of(report))
        assert rated[report.pk] in _text(own), (
            f"{viewer} should see {report}'s rating via {channel}"
        )
        theirs = client.get(url_of(other))
        assert rated[other.pk] not in _text(theirs), f"{viewer} sees {other}'s rating via {channel}"


def test_a_supervisor_cannot_read_the_gaps_of_another_team_by_api(client, directorate, rated):
    for viewer, report, other in _supervisors(directorate):
        client.force_login(viewer.user)
        assert client.get(f"/api/v1/people/{report.pk}/gaps").status_code == 200
        assert client.get(f"/api/v1/people/{other.pk}/gaps").status_code == 403


def test_a_supervisor_cannot_open_the_rating_form_of_another_team(client, directorate, rated):
    for viewer, report, other in _supervisors(directorate):
        client.force_login(viewer.user)
        assert client.get(reverse("workforce:rate-person", args=[report.pk])).status_code == 200
        assert client.get(reverse("workforce:rate-person", args=[other.pk])).status_code == 403


def test_a_supervisor_cannot_record_a_rating_for_another_team_by_api(client, directorate, rated):
    from seccoop.workforce.models import Rating

    for viewer, _report, other in _supervisors(directorate):
        client.force_login(viewer.user)
        before = Rating.objects.count()
        response = client.post(
            "/api/v1/ratings",
            {"person_id": other.pk, "competency": "1.A", "level": 1, "source": "supervisor"},
            content_type="application/json",
        )
        assert response.status_code in (403, 404, 422)
        assert Rating.objects.count() == before


# --- counterpart contact details: two desk officers ---------------------------------------

CONTACT_CHANNELS = {
    "counterpart page by id": lambda p, cp: reverse("partners:counterpart-detail", args=[cp.pk]),
    "organization page by id": lambda p, cp: reverse(
        "partners:organization-detail", args=[cp.organization_id]
    ),
    "counterpart list page": lambda p, cp: reverse("partners:counterpart-list"),
    "counterpart list page searched by name": lambda p, cp: (
        reverse("partners:counterpart-list") + f"?q={cp.last_name}"
    ),
    "counterparts export": lambda p, cp: (
        reverse("partners:export") + "?kind=counterparts&format=csv"
    ),
    "API counterpart by id": lambda p, cp: f"/api/v1/counterparts/{cp.pk}",
    "API counterparts list": lambda p, cp: "/api/v1/counterparts",
    "API counterparts searched by name": lambda p, cp: f"/api/v1/counterparts?q={cp.last_name}",
}


def _desk_officers(d, partners):  # noqa: F811
    # (viewer, their country's counterpart and email, the other desk's counterpart and email)
    return [
        (d.teammate, partners.claire, CLAIRE_EMAIL, partners.kenji, KENJI_EMAIL),
        (d.bravo_member, partners.kenji, KENJI_EMAIL, partners.claire, CLAIRE_EMAIL),
    ]


@pytest.mark.parametrize("channel", CONTACT_CHANNELS)
def test_a_desk_officer_reads_the_contact_details_of_their_own_desk_only(
    client,
    directorate,
    partners,  # noqa: F811
    channel,
):
    url_of = CONTACT_CHANNELS[channel]
    for viewer, mine, my_email, other, other_email in _desk_officers(directorate, partners):
        client.force_login(viewer.user)
        own = client.get(url_of(partners, mine))
        assert own.status_code == 200
        assert my_email in _text(own), f"{viewer} should see {mine}'s email via {channel}"
        theirs = client.get(url_of(partners, other))
        assert theirs.status_code == 200, f"{viewer} may read {other}'s record via {channel}"
        assert other_email not in _text(theirs), f"{viewer} sees {other}'s email via {channel}"
