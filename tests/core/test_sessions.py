"""Sign-in and sessions: an idle session ends, and every page asks who you are."""

import datetime
import time

from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from seccoop.core.api_auth import issue_token
from seccoop.core.middleware import SessionIdleTimeoutMiddleware
from tests.factories import PASSWORD, UserFactory


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


def sign_in(client, username, password, **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": password, "consent": "on"},
        **headers,
    )


def test_five_wrong_passwords_on_one_account_do_not_lock_out_another_from_the_same_address(
    client, directorate, settings
):
    settings.AXES_ENABLED = True
    for _ in range(5):
        sign_in(client, "tina", "wrong")
    assert sign_in(client, "uma", PASSWORD).status_code == 302


def test_behind_the_proxy_failures_on_many_accounts_do_not_lock_out_everyone(
    client, directorate, settings
):
    # Every request reaches the app from the proxy (127.0.0.1); the header names the client.
    settings.AXES_ENABLED = True
    settings.SECCOOP_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.SECCOOP_LOCKOUT_ADDRESS_FAILURES = 4
    for index, username in enumerate(["tina", "sam", "sue", "bob", "lee", "walter"]):
        sign_in(client, username, "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{index + 1}")
    # A request without the header comes from the proxy's own address: never counted.
    for username in ["ada", "nora", "tina", "sam"]:
        sign_in(client, username, "wrong")
    assert sign_in(client, "uma", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 302


def test_one_client_address_locks_after_many_failures_across_accounts(
    client, directorate, settings
):
    settings.AXES_ENABLED = True
    settings.SECCOOP_LOCKOUT_ADDRESS_FAILURES = 4
    for username in ["tina", "sam", "sue", "bob"]:
        sign_in(client, username, "wrong")
    response = sign_in(client, "uma", PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed sign-ins came from your address" in response.content
    assert "_auth_user_id" not in client.session


def test_behind_the_proxy_the_address_in_its_header_is_locked_not_the_proxy(
    client, directorate, settings
):
    settings.AXES_ENABLED = True
    settings.SECCOOP_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.SECCOOP_LOCKOUT_ADDRESS_FAILURES = 4
    attacker = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for username in ["tina", "sam", "sue", "bob"]:
        sign_in(client, username, "wrong", **attacker)
    assert sign_in(client, "uma", PASSWORD, **attacker).status_code == 429
    colleague = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert sign_in(client, "uma", PASSWORD, **colleague).status_code == 302


def test_the_lockout_page_says_the_time_left_in_words(client, directorate, settings):
    settings.AXES_ENABLED = True
    for _ in range(5):
        sign_in(client, "tina", "wrong")
    page = sign_in(client, "tina", PASSWORD).content.decode()
    assert "Try again in 1 hour" in page
    assert "PT1H" not in page


def test_the_lockout_page_counts_down_in_minutes(client, directorate, settings):
    settings.AXES_ENABLED = True
    settings.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
    for _ in range(5):
        sign_in(client, "tina", "wrong")
    AccessAttempt.objects.filter(username="tina").update(
        attempt_time=datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(minutes=48)
    )
    assert "Try again in 12 minutes" in sign_in(client, "tina", PASSWORD).content.decode()


def test_every_response_carries_a_content_security_policy_without_inline_scripts(client, db):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if "script-src" in part)
    assert "'unsafe-inline'" not in script_src


# --- every way in shows the notice ------------------------------------------------------

BANNER = b"You are accessing a U.S. Government (USG) Information System"


def operator():
    return UserFactory(username="opal", is_staff=True, is_superuser=True)


def test_the_admin_sign_in_address_sends_visitors_to_the_sign_in_page_with_the_notice(client, db):
    response = client.get("/admin/login/?next=/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('login')}?next=/admin/"
    assert BANNER in response.content


def test_a_password_posted_to_the_admin_sign_in_signs_no_one_in(client, db):
    operator()
    response = client.post("/admin/login/", {"username": "opal", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_an_operator_signs_in_with_consent_and_reaches_the_admin(client, db):
    operator()
    response = client.post(
        f"{reverse('login')}?next=/admin/",
        {"username": "opal", "password": PASSWORD, "consent": "on", "next": "/admin/"},
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_member_of_staff_who_is_no_operator_is_refused_the_admin_without_a_loop(
    client, directorate
):
    client.force_login(directorate.teammate.user)
    assert client.get("/admin/login/?next=/admin/").status_code == 403


# --- nothing signed in is cached ---------------------------------------------------------


def test_a_page_for_a_signed_in_user_is_sent_with_no_store(client, directorate):
    client.force_login(directorate.teammate.user)
    response = client.get(reverse("workforce:person-detail", args=[directorate.teammate.pk]))
    assert "no-store" in response["Cache-Control"]


def test_an_api_answer_to_a_token_is_sent_with_no_store(directorate):
    _, secret = issue_token(user=directorate.teammate.user, name="tests", lifetime_days=30)
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_response_that_signs_a_user_out_is_sent_with_no_store(client, directorate):
    client.force_login(directorate.teammate.user)
    assert "no-store" in client.post(reverse("logout"))["Cache-Control"]


# --- the API document in production -------------------------------------------------------


def test_in_production_the_api_docs_send_an_anonymous_visitor_to_sign_in(client, db, settings):
    settings.PRODUCTION = True
    response = client.get(reverse("api:openapi-view"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_in_production_the_api_schema_answers_401_without_credentials(client, db, settings):
    settings.PRODUCTION = True
    response = client.get(reverse("api:openapi-json"))
    assert response.status_code == 401
    assert "paths" not in response.json()


def test_in_production_a_token_reads_the_api_schema(directorate, settings):
    settings.PRODUCTION = True
    _, secret = issue_token(user=directorate.outsider.user, name="tests", lifetime_days=30)
    response = Client().get(
        reverse("api:openapi-json"), headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200
    assert "/api/v1/ratings" in response.json()["paths"]


def test_in_production_a_signed_in_user_reads_the_api_docs(client, directorate, settings):
    settings.PRODUCTION = True
    client.force_login(directorate.outsider.user)
    assert client.get(reverse("api:openapi-view")).status_code == 200
