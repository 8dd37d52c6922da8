"""API clients for tests: a client that calls the API with someone's bearer token."""

from django.test import Client

from seccoop.core.api_auth import issue_token


def token_client(who, *, lifetime_days: int = 1) -> Client:
    """A client whose requests carry a fresh API token of `who` (a person or a user)."""
    user = getattr(who, "user", who)
    _, secret = issue_token(user=user, name="tests", lifetime_days=lifetime_days)
    return Client(headers={"Authorization": f"Bearer {secret}"})
