"""A counterpart's contact details reach only the country's desk officers, their chain and
administrators: by id, in lists, in search, in exports and through the API."""

import pytest
from django.urls import reverse

from seccoop.core.api_auth import issue_token
from seccoop.core.exports import render
from seccoop.partners.exports import export_table
from tests.partners.conftest import CLAIRE_EMAIL, CLAIRE_PHONE

REFUSED = ["outsider", "bravo_member", "bravo_lead", "workforce_manager"]
ALLOWED = ["teammate", "underling", "alpha_lead", "leader", "administrator"]


def _user(directorate, persona):
    return getattr(directorate, persona).user


def _api(persona_user, path):
    from django.test import Client

    _, secret = issue_token(user=persona_user, name="tests", lifetime_days=1)
    return Client(headers={"Authorization": f"Bearer {secret}"}).get(path)


@pytest.mark.parametrize("persona", REFUSED)
def test_the_counterpart_page_hides_contact_details_from_anyone_off_the_desk(
    client, directorate, partners, persona
):
    client.force_login(_user(directorate, persona))
    page = client.get(reverse("partners:counterpart-detail", args=[partners.claire.pk]))
    assert page.status_code == 200
    assert "Claire Dubois" in page.text
    assert CLAIRE_EMAIL not in page.text and CLAIRE_PHONE not in page.text
    assert "boulevard" not in page.text


@pytest.mark.parametrize("persona", ALLOWED)
def test_the_desk_its_chain_and_administrators_see_contact_details(
    client, directorate, partners, persona
):
    client.force_login(_user(directorate, persona))
    page = client.get(reverse("partners:counterpart-detail", args=[partners.claire.pk]))
    assert CLAIRE_EMAIL in page.text and CLAIRE_PHONE in page.text


@pytest.mark.parametrize("persona", REFUSED)
def test_the_counterpart_list_and_the_country_page_hide_contact_details(
    client, directorate, partners, persona
):
    client.force_login(_user(directorate, persona))
    for address in (
        reverse("partners:counterpart-list"),
        reverse("partners:counterpart-list") + "?q=Dubois",
        reverse("partners:country-detail", args=[partners.france.pk]),
        reverse("partners:organization-detail", args=[partners.french_ministry.pk]),
    ):
        page = client.get(address)
        assert "Dubois" in page.text, address
        assert CLAIRE_EMAIL not in page.text, address


def test_searching_by_an_email_address_finds_no_one(client, directorate, partners):
    client.force_login(directorate.outsider.user)
    page = client.get(reverse("partners:counterpart-list"), {"q": CLAIRE_EMAIL})
    assert "Dubois" not in page.text


def test_a_desk_officer_sees_contact_details_in_the_list_of_their_country_only(
    client, directorate, partners
):
    client.force_login(directorate.teammate.user)
    page = client.get(reverse("partners:counterpart-list"))
    assert CLAIRE_EMAIL in page.text
    assert "kenji.sato@mod.example" not in page.text


@pytest.mark.parametrize("persona", REFUSED)
def test_the_counterpart_export_leaves_contact_details_out(directorate, partners, persona):
    exported = render(export_table("counterparts", user=_user(directorate, persona)), "csv")
    text = exported.decode("utf-8-sig")
    assert "Dubois" in text
    assert CLAIRE_EMAIL not in text and CLAIRE_PHONE not in text


def test_the_desk_officer_exports_their_counterparts_contact_details(directorate, partners):
    text = render(export_table("counterparts", user=directorate.teammate.user), "csv").decode()
    assert CLAIRE_EMAIL in text
    assert "kenji.sato@mod.example" not in text


@pytest.mark.parametrize("persona", REFUSED)
def test_the_api_leaves_the_contact_out_by_id_list_and_search(directorate, partners, persona):
    user = _user(directorate, persona)
    for path in (
        f"/api/v1/counterparts/{partners.claire.pk}",
        "/api/v1/counterparts",
        "/api/v1/counterparts?q=Dubois",
    ):
        response = _api(user, path)
        assert response.status_code == 200, path
        body = response.json()
        items = body.get("items", [body])
        claire = next(item for item in items if item["last_name"] == "Dubois")
        assert "contact" not in claire
        assert CLAIRE_EMAIL not in response.text


def test_the_api_gives_the_desk_officer_the_contact(directorate, partners):
    body = _api(directorate.teammate.user, f"/api/v1/counterparts/{partners.claire.pk}").json()
    assert body["contact"]["email"] == CLAIRE_EMAIL
