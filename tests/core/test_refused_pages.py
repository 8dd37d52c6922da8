"""Refused and missing pages: the site's own page, saying why and where to go."""

from django.test import override_settings
from django.urls import reverse

STAFFING = reverse("workforce:staffing")


def test_a_refused_page_says_why_in_the_sites_own_layout(client, directorate):
    client.force_login(directorate.outsider.user)
    response = client.get(STAFFING)
    html = response.content.decode()
    assert response.status_code == 403
    assert "This page is not open to you" in html
    assert "there is nobody whose ratings you may see besides yourself" in html
    assert 'class="usa-header' in html


def test_a_refused_page_points_to_my_work(client, directorate):
    client.force_login(directorate.outsider.user)
    html = client.get(STAFFING).content.decode()
    assert f'href="{reverse("dashboard")}">My work</a>' in html


def test_a_refused_page_is_never_the_bare_forbidden_page(client, directorate):
    client.force_login(directorate.outsider.user)
    response = client.get(reverse("audit-list"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Only administrators and auditors may read the audit log." in html
    assert "403 Forbidden" not in html


def test_a_missing_page_is_the_sites_own_page(client, directorate):
    client.force_login(directorate.outsider.user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert f'href="{reverse("dashboard")}">My work</a>' in html


@override_settings(DEBUG=True)
def test_a_missing_page_never_lists_the_sites_urls_even_with_debug_on(client, directorate):
    client.force_login(directorate.outsider.user)
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert "URLconf" not in html
    assert "api/v1/" not in html


@override_settings(DEBUG=True)
def test_a_record_that_is_not_there_is_the_sites_own_page_with_debug_on(client, directorate):
    client.force_login(directorate.outsider.user)
    response = client.get(reverse("workforce:person-detail", args=[999999]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert "Raised by" not in html


def test_an_anonymous_visitor_on_a_missing_page_is_offered_sign_in(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert f'href="{reverse("login")}">Sign in</a>' in response.content.decode()
