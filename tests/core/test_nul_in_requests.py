"""A NUL character in a search, a filter or a form is named, never a server error.

No database stores a NUL in text, and PostgreSQL refuses one in any query
parameter. Forms (and so every filter and every page's form) refuse it as a
field error, and the API with a 422 naming the parameter; these tests hold
both engines to that.
"""

from django.urls import reverse

from seccoop.workforce.models import OrgUnit


def test_a_search_holding_a_nul_character_is_left_out_and_the_page_says_why(client, directorate):
    client.force_login(directorate.workforce_manager.user)
    response = client.get(reverse("workforce:person-list"), {"q": "Tina\x00"})
    assert response.status_code == 200
    page = response.text
    assert (
        '<span class="usa-error-message" id="id_q-error" role="alert">'
        "Null characters are not allowed. This filter was left out.</span>"
    ) in page
    assert 'aria-describedby="id_q-error"' in page


def test_an_api_filter_holding_a_nul_character_answers_a_422_naming_it(client, directorate):
    client.force_login(directorate.workforce_manager.user)
    response = client.get("/api/v1/people", {"q": "\x00"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"q": ["Null characters are not allowed."]}


def test_a_form_holding_a_nul_character_is_refused_and_writes_nothing(client, directorate):
    client.force_login(directorate.administrator.user)
    before = OrgUnit.objects.count()
    response = client.post(
        reverse("workforce:orgunit-create"), {"name": "Charlie\x00 Team", "kind": "team"}
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.text
    assert OrgUnit.objects.count() == before


def test_a_valid_search_shows_no_error(client, directorate):
    client.force_login(directorate.workforce_manager.user)
    response = client.get(reverse("workforce:person-list"), {"q": "Tina"})
    assert "Teammate" in response.text
    assert "usa-error-message" not in response.text
