"""Who the API lets in: bearer tokens, the browser session, and nobody else."""

import datetime

from django.test import Client
from django.utils import timezone

from seccoop.core.api_auth import issue_token, revoke_token
from seccoop.core.models import ApiToken


def test_an_anonymous_request_gets_a_401_in_json(directorate):
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Authentication required")


def test_a_bearer_token_authenticates_its_owner(directorate, api_as):
    response = api_as(directorate.alpha_lead).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "sam"
    assert response.json()["person_id"] == directorate.alpha_lead.pk


def test_using_a_token_records_when_it_was_last_used(directorate):
    token, secret = issue_token(user=directorate.teammate.user, name="script", lifetime_days=5)
    Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_made_up_token_gets_a_401(directorate):
    response = Client().get("/api/v1/me", headers={"Authorization": "Bearer scp_not-a-token"})
    assert response.status_code == 401


def test_a_revoked_token_gets_a_401(directorate):
    user = directorate.teammate.user
    token, secret = issue_token(user=user, name="script", lifetime_days=5)
    revoke_token(user=user, token=token)
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401


def test_an_expired_token_gets_a_401(directorate):
    token, secret = issue_token(user=directorate.teammate.user, name="script", lifetime_days=5)
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401


def test_a_token_of_a_deactivated_user_gets_a_401(directorate):
    user = directorate.teammate.user
    _, secret = issue_token(user=user, name="script", lifetime_days=5)
    user.is_active = False
    user.save()
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401


def test_only_the_digest_of_a_token_is_stored(directorate):
    token, secret = issue_token(user=directorate.teammate.user, name="script", lifetime_days=5)
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in {str(value) for value in stored.values()}
    assert stored["digest"] == ApiToken.digest_of(secret)
    assert secret.startswith(stored["prefix"])


def test_the_signed_in_browser_session_reads_the_api(directorate, client):
    client.force_login(directorate.outsider.user)
    assert client.get("/api/v1/me").json()["username"] == "nora"


def test_a_session_post_without_the_csrf_token_is_refused(directorate):
    client = Client(enforce_csrf_checks=True)
    client.force_login(directorate.alpha_lead.user)
    response = client.post(
        "/api/v1/ratings",
        {"person": directorate.teammate.pk, "code": "1.A", "level": 3, "source": "supervisor"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_a_bearer_post_needs_no_csrf_token(directorate):
    _, secret = issue_token(user=directorate.alpha_lead.user, name="script", lifetime_days=5)
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})
    response = client.post(
        "/api/v1/ratings",
        {"person": directorate.teammate.pk, "code": "1.A", "level": 3, "source": "supervisor"},
        content_type="application/json",
    )
    assert response.status_code == 201


def test_an_anonymous_post_is_unauthenticated_rather_than_a_forgery(directorate):
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/ratings", {}, content_type="application/json"
    )
    assert response.status_code == 401
