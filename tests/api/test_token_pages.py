"""The API tokens page: list, create (secret shown once) and revoke one's own tokens."""

from django.urls import reverse

from seccoop.core.api_auth import issue_token
from seccoop.core.models import ApiToken


def test_signing_in_is_needed_to_see_the_tokens_page(directorate, client):
    response = client.get(reverse("api-token-list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_list_shows_ones_own_tokens_and_not_anyone_elses(directorate, client):
    issue_token(user=directorate.teammate.user, name="Tina's export", lifetime_days=10)
    issue_token(user=directorate.bravo_member.user, name="Bob's script", lifetime_days=10)
    client.force_login(directorate.teammate.user)
    page = client.get(reverse("api-token-list")).content.decode()
    assert "Tina&#x27;s export" in page
    assert "Bob" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_list_shows_a_revoked_token_as_revoked(directorate, client):
    token, _ = issue_token(user=directorate.teammate.user, name="old", lifetime_days=10)
    client.force_login(directorate.teammate.user)
    client.post(reverse("api-token-revoke", args=[token.pk]))
    page = client.get(reverse("api-token-list")).content.decode()
    assert "Revoked" in page


def test_creating_a_token_shows_its_secret_once_with_a_warning(directorate, client):
    client.force_login(directorate.teammate.user)
    response = client.post(
        reverse("api-token-create"), {"name": "nightly export", "lifetime_days": 30}
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    page = response.content.decode()
    assert secret in page
    assert "will not be shown again" in page
    assert "no-store" in response["Cache-Control"]
    assert ApiToken.objects.get(user=directorate.teammate.user).digest == ApiToken.digest_of(secret)
    assert secret not in client.get(reverse("api-token-list")).content.decode()


def test_the_created_token_works_on_the_api(directorate, client):
    client.force_login(directorate.teammate.user)
    response = client.post(reverse("api-token-create"), {"name": "script", "lifetime_days": 1})
    client.logout()
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {response.context['secret']}"})
    assert me.json()["username"] == "tina"


def test_a_token_cannot_live_longer_than_a_year(directorate, client):
    client.force_login(directorate.teammate.user)
    response = client.post(reverse("api-token-create"), {"name": "forever", "lifetime_days": 366})
    assert response.status_code == 200
    assert "less than or equal to 365" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_a_token_stops_it_working(directorate, client):
    token, secret = issue_token(user=directorate.teammate.user, name="script", lifetime_days=10)
    client.force_login(directorate.teammate.user)
    response = client.post(reverse("api-token-revoke", args=[token.pk]))
    assert response.status_code == 302
    client.logout()
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )


def test_nobody_can_revoke_someone_elses_token(directorate, client):
    token, _ = issue_token(user=directorate.bravo_member.user, name="Bob's", lifetime_days=10)
    client.force_login(directorate.administrator.user)
    response = client.post(reverse("api-token-revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_takes_a_post(directorate, client):
    token, _ = issue_token(user=directorate.teammate.user, name="script", lifetime_days=10)
    client.force_login(directorate.teammate.user)
    assert client.get(reverse("api-token-revoke", args=[token.pk])).status_code == 405
