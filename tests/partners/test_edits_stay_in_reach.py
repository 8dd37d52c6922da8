"""An engagement's edit is judged on the engagement it leaves behind.

Tina may change an engagement with France because she holds France's desk.
Moving it to Japan, where she holds no desk and takes no part, would leave
her an engagement she may no longer change: refused, nothing written.
"""

import pytest
from django.test import Client
from django.urls import reverse

from seccoop.partners.forms import EngagementForm
from seccoop.partners.models import Engagement

pytestmark = pytest.mark.django_db


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def edit_form(engagement, **changes) -> dict:
    data = {
        name: value
        for name, value in EngagementForm.initial_from(engagement).items()
        if value is not None
    }
    for name in ("starts_on", "ends_on"):
        data[name] = data[name].isoformat()
    data.update(changes)
    return data


def as_stored(engagement) -> tuple:
    fresh = Engagement.objects.get(pk=engagement.pk)
    return (
        fresh.version,
        sorted(fresh.countries.values_list("iso_code", flat=True)),
        fresh.history.count(),
    )


def test_a_desk_officer_cannot_move_an_engagement_out_of_their_reach_on_its_page(
    directorate, partners, log_engagement
):
    d = directorate
    # Uma logged it and took part; Tina may change it as France's desk officer.
    engagement = log_engagement(d.underling.user)
    before = as_stored(engagement)

    response = signed_in(d.teammate).post(
        reverse("partners:engagement-edit", args=[engagement.pk]),
        edit_form(engagement, countries=[partners.japan.pk], counterparts=[]),
    )

    assert response.status_code == 403
    assert as_stored(engagement) == before


def test_a_participant_keeps_their_engagement_in_reach_wherever_it_moves(
    directorate, partners, log_engagement
):
    d = directorate
    engagement = log_engagement(d.teammate.user)

    response = signed_in(d.teammate).post(
        reverse("partners:engagement-edit", args=[engagement.pk]),
        edit_form(engagement, countries=[partners.japan.pk], counterparts=[]),
    )

    assert response.status_code == 302
    assert as_stored(engagement)[1] == ["JP"]


def test_an_engagement_edit_without_the_version_opened_is_refused_naming_it(
    directorate, partners, log_engagement
):
    d = directorate
    engagement = log_engagement(d.teammate.user)
    before = as_stored(engagement)
    data = edit_form(engagement, title="Renamed")
    del data["version"]

    response = signed_in(d.teammate).post(
        reverse("partners:engagement-edit", args=[engagement.pk]), data
    )

    assert response.status_code == 200
    assert "lost the version it was opened at" in response.text
    assert as_stored(engagement) == before
