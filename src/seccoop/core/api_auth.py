"""API authentication: personal tokens (stored hashed) and the browser session."""

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from seccoop.core.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = (
            ApiToken.objects.usable()
            .select_related("user")
            .filter(digest=ApiToken.digest_of(token), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class SessionAuthWithCsrf(SessionAuth):
    """The signed-in browser session; django-ninja checks CSRF on unsafe methods."""
