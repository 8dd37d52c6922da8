"""What every app's records share: history, archiving, and the restricted queryset."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class DomainQuerySet(models.QuerySet):
    """A queryset that knows the permission policy and the archive."""

    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)

    def visible_to(self, user):
        from seccoop.core import permissions

        return permissions.visible_to(user, self)


class DomainModel(models.Model):
    """A record of the directorate's work or workforce.

    Every change is kept (who, when, what) by django-simple-history, whose
    middleware takes the user from the request. Records are archived, never
    deleted, so history and references stay whole.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(inherit=True)
    objects = DomainQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    """A personal token for the REST API.

    Only a SHA-256 digest is stored: the token itself is shown once, when it
    is created, and cannot be recovered afterwards.
    """

    DEFAULT_LIFETIME = timedelta(days=90)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognize it.")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, name: str, lifetime: timedelta | None = None) -> tuple["ApiToken", str]:
        """Create a token and return it with its secret, which is never stored."""
        raw = "scp_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=raw[:10],
            digest=cls.digest_of(raw),
            expires_at=timezone.now() + (lifetime or cls.DEFAULT_LIFETIME),
        )
        return token, raw

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
