"""API authentication: personal tokens (stored hashed) and the browser session.

A token is issued to its owner, shown once, and stored only as a SHA-256
digest; it stops working when it expires or when its owner revokes it.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from seccoop.core.models import ApiToken

MAX_LIFETIME_DAYS = 365

# Recording every request would write a row per call; a minute is precise enough
# for "last used" on the token page.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: a usable token of an active user."""

    def authenticate(self, request, token):
        found = (
            ApiToken.objects.usable()
            .select_related("user")
            .filter(digest=ApiToken.digest_of(token), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class SessionAuthWithCsrf(SessionAuth):
    """The signed-in browser session; CSRF is checked on unsafe methods.

    Only a signed-in session is checked for CSRF: a request with no session
    at all is unauthenticated (401), not a forgery (403).
    """

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


@transaction.atomic
def issue_token(*, user, name: str, lifetime_days: int) -> tuple[ApiToken, str]:
    """Issue a personal token to `user`; return it with its secret, which is never stored."""
    errors = {}
    if not name.strip():
        errors["name"] = ["Say what the token is for."]
    if not 1 <= lifetime_days <= MAX_LIFETIME_DAYS:
        errors["lifetime_days"] = [
            f"A token lives between 1 and {MAX_LIFETIME_DAYS} days, not {lifetime_days}."
        ]
    if errors:
        raise ValidationError(errors)
    return ApiToken.issue(user=user, name=name.strip(), lifetime=timedelta(days=lifetime_days))


@transaction.atomic
def revoke_token(*, user, token: ApiToken) -> None:
    """Revoke one of the user's own tokens; it stops working at once."""
    if token.user_id != user.pk:
        raise PermissionDenied("You may revoke only your own tokens.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
