"""What every app's records share: history, archiving, and the restricted queryset."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from seccoop.core.history import RecordHistory


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
    middleware takes the user from the request; the links of every
    many-to-many field are kept with it (see core/history.py). Records are
    archived, never deleted, so history and references stay whole.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    # Raised by one on every edit through the services; an edit made against
    # an older version is refused instead of silently overwriting another's.
    version = models.PositiveIntegerField(default=1, editable=False)

    history = RecordHistory(inherit=True)
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


class AuditLogIsAppendOnly(Exception):
    """Raised when anything tries to change or remove an audit entry."""


class CalendarTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True)


class CalendarToken(models.Model):
    """The secret in the address of a person's calendar feed (an iCalendar file, RFC 5545).

    Calendar programs fetch a feed by its address alone, without signing in,
    so the address carries a secret. Only its SHA-256 digest is stored; the
    address is shown once, when the token is created. A person has at most
    one usable token: creating a new one revokes the old, and revoking stops
    the feed at once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognize it.")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = CalendarTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "calendar feed token"

    def __str__(self) -> str:
        return f"calendar feed {self.prefix}…"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()


class DigestFrequency(models.TextChoices):
    NEVER = "never", "Never"
    WORKING_DAYS = "daily", "Every working day (Monday to Friday)"
    WEEKLY = "weekly", "Once a week"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class DigestPreference(models.Model):
    """How often a person wants "My work" by e-mail: the items waiting on them and due soon.

    Nobody receives a digest until they choose one. `last_sent_on` makes sending
    idempotent: the sending command may run as often as the scheduler likes, and
    a person gets at most one digest a day.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    frequency = models.CharField(
        max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.NEVER
    )
    weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices,
        default=Weekday.MONDAY,
        help_text="For a weekly digest: the day it is sent.",
    )
    last_sent_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "e-mail digest preference"

    def __str__(self) -> str:
        return f"e-mail digest of {self.user.get_username()}: {self.get_frequency_display()}"

    def is_due(self, today) -> bool:
        """Whether a digest goes out on `today` (a date), if one has not gone out already."""
        if self.last_sent_on is not None and self.last_sent_on >= today:
            return False
        if self.frequency == DigestFrequency.WORKING_DAYS:
            return today.weekday() < Weekday.SATURDAY
        if self.frequency == DigestFrequency.WEEKLY:
            return today.weekday() == self.weekday
        return False


class AuditAction(models.TextChoices):
    SIGN_IN = "sign-in", "Signed in"
    SIGN_IN_FAILED = "sign-in-failed", "Failed sign-in"
    SIGN_OUT = "sign-out", "Signed out"
    REFUSED = "refused", "Refused (403)"
    EXPORT = "export", "Export"
    IMPORT = "import", "Import"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    ARCHIVE = "archive", "Archived"
    RESTORE = "restore", "Restored"
    DELETE = "delete", "Deleted"


class AuditEntryQuerySet(models.QuerySet):
    """Reads and appends only: bulk changes and deletions are refused."""

    def update(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be changed.")

    def bulk_update(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be changed.")

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted.")

    # Internal paths to the same writes (the deletion collector among them).
    _update = update
    _raw_delete = delete


class AuditEntry(models.Model):
    """One event of the audit log: who did what, when, and from where.

    The security officer reads it to answer "who signed in, who was refused,
    who exported the staff list, who changed this person's record". Entries
    are only ever appended: the application refuses to change or delete one,
    and on PostgreSQL a trigger refuses it even to raw SQL.
    """

    at = models.DateTimeField(default=timezone.now, editable=False)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    # No database constraint and no cascade: the log outlives the accounts it
    # names, and deleting a user must never touch (or be blocked by) it.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    # The user name as it was at the time, or as typed at a failed sign-in.
    actor_username = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField(max_length=500, blank=True)
    # The record concerned: "app_label.model_name", its primary key and its name then.
    model = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=300, blank=True)
    # {field: {"old": ..., "new": ...}} for changes to a record.
    changes = models.JSONField(default=dict, blank=True)
    # Exports and imports: which table, in what format, how many rows, which file.
    kind = models.CharField(max_length=100, blank=True)
    file_format = models.CharField(max_length=20, blank=True)
    row_count = models.PositiveIntegerField(null=True, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    # A sentence: why a request was refused, why a sign-in failed.
    detail = models.CharField(max_length=500, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"
        indexes = [
            # The audit page: newest first, and its date range filter.
            models.Index(fields=["-at"], name="audit_at_idx"),
            # The actor filter: one person's sign-ins and changes, newest first.
            models.Index(fields=["actor_username", "-at"], name="audit_actor_at_idx"),
            # The action filter: every failed sign-in, every export, newest first.
            models.Index(fields=["action", "-at"], name="audit_action_at_idx"),
            # The model filter, and the history of one record (model and object id).
            models.Index(fields=["model", "object_id", "-at"], name="audit_object_at_idx"),
        ]

    def __str__(self) -> str:
        who = self.actor_username or "system"
        return f"{self.at:%Y-%m-%d %H:%M:%S} {who} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted.")


class StateChange(models.Model):
    """One move of a record through its workflow: who moved it, when, from and to what.

    Written only by `seccoop.core.workflow.Workflow.move`, in the same
    transaction as the new state; never changed afterwards.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    transition = models.CharField(max_length=60)
    source = models.CharField(max_length=60)
    target = models.CharField(max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            # A record's log on its page, oldest first.
            models.Index(
                fields=["content_type", "object_id", "at"], name="state_change_record_idx"
            ),
            # When records entered a state (age in state on pipeline pages).
            models.Index(
                fields=["content_type", "target", "object_id"], name="state_change_target_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.transition}: {self.source} → {self.target} at {self.at:%Y-%m-%d %H:%M}"


# --- smart card sign-in (core/backends.py) ------------------------------------------


class ClientCertificate(models.Model):
    """A smart card certificate, by its subject, that signs a member of staff in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_certificates"
    )
    subject = models.CharField(
        max_length=500,
        unique=True,
        help_text="The subject distinguished name the proxy passes, such as "
        "“CN=DOE.JANE.A.1234567890,OU=USA,OU=PKI,OU=DoD,O=U.S. Government,C=US”.",
    )
    active = models.BooleanField(default=True, help_text="Untick to stop the card signing in.")
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["user__username", "subject"]
        verbose_name = "client certificate"

    def __str__(self) -> str:
        return f"{self.subject} → {self.user}"


# --- background imports and exports ----------------------------------------------


class TransferJob(models.Model):
    """An import or export of a table carried out by a background worker.

    The upload page records the job and a worker runs it; the job page shows
    how many rows are done and, at the end, the result or every problem.
    `kind` names the table as the transfer registry does (`workforce.ratings`);
    jobs recorded before the registry name a workforce table alone (`ratings`).
    The file itself is kept here rather than on an app server's disk, so any
    app server may take the upload and any worker may run it.
    """

    class Direction(models.TextChoices):
        IMPORT = "import", "Import"
        EXPORT = "export", "Export"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a worker"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Done"
        FAILED = "failed", "Failed"

    direction = models.CharField(max_length=6, choices=Direction.choices)
    kind = models.CharField(max_length=60)
    filename = models.CharField(max_length=255)
    file_format = models.CharField(max_length=4, blank=True)
    # The uploaded file until it is imported; the exported file once written.
    content = models.BinaryField(blank=True, default=b"")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    stage = models.CharField(max_length=20, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    outcome = models.TextField(blank=True)
    problems = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        # Moved here from the workforce app, whose table it keeps.
        db_table = "workforce_transferjob"

    def __str__(self) -> str:
        return f"{self.get_direction_display()} of {self.kind} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return 100 * self.rows_done // self.rows_total if self.rows_total else 0
