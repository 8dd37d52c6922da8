"""Sign-in and sessions: an idle session ends, and every page asks who you are."""

import time

from django.urls import reverse

from seccoop.core.middleware import SessionIdleTimeoutMiddleware
from tests.factories import PASSWORD


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_member_of_staff_signs_in_with_username_and_password(client, directorate):
    response = client.post(
        reverse("login"), {"username": "tina", "password": PASSWORD, "consent": "on"}
    )
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_wrong_password_is_refused_with_a_message(client, directorate):
    response = client.post(
        reverse("login"), {"username": "tina", "password": "wrong", "consent": "on"}
    )
    assert response.status_code == 200
    assert b"did not match" in response.content


def test_a_session_idle_longer_than_the_timeout_is_signed_out(client, directorate, settings):
    settings.SESSION_IDLE_TIMEOUT = 60
    client.force_login(directorate.teammate.user)
    assert client.get(reverse("dashboard")).status_code == 200
    session = client.session
    session[SessionIdleTimeoutMiddleware.KEY] = int(time.time()) - 61
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_session_in_use_stays_signed_in(client, directorate, settings):
    settings.SESSION_IDLE_TIMEOUT = 60
    client.force_login(directorate.teammate.user)
    session = client.session
    session[SessionIdleTimeoutMiddleware.KEY] = int(time.time()) - 30
    session.save()
    assert client.get(reverse("dashboard")).status_code == 200


def test_sign_in_is_refused_until_the_notice_is_accepted(client, directorate):
    response = client.post(reverse("login"), {"username": "tina", "password": PASSWORD})
    assert response.status_code == 200
    assert b"You must accept the notice and consent banner" in response.content
    assert "_auth_user_id" not in client.session


def test_the_sign_in_page_shows_the_dod_notice_and_consent_banner(client, db):
    response = client.get(reverse("login"))
    assert b"You are accessing a U.S. Government (USG) Information System" in response.content


def test_the_notice_text_comes_from_the_configured_file(client, db, settings, tmp_path):
    from seccoop.core.forms import consent_banner

    banner = tmp_path / "banner.txt"
    banner.write_text("Authorized use only. Approved by the authorizing official.")
    settings.SECCOOP_CONSENT_BANNER_FILE = str(banner)
    consent_banner.cache_clear()
    try:
        assert b"Approved by the authorizing official." in client.get(reverse("login")).content
    finally:
        consent_banner.cache_clear()


def test_an_account_is_locked_after_five_failed_sign_ins(client, directorate, settings):
    settings.AXES_ENABLED = True
    for _ in range(5):
        client.post(reverse("login"), {"username": "tina", "password": "wrong", "consent": "on"})
    response = client.post(
        reverse("login"), {"username": "tina", "password": PASSWORD, "consent": "on"}
    )
    assert response.status_code == 429
    assert b"Account locked" in response.content
    assert "_auth_user_id" not in client.session


def test_every_response_carries_a_content_security_policy_without_inline_scripts(client, db):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if "script-src" in part)
    assert "'unsafe-inline'" not in script_src
