"""The Django admin, for operators: API tokens, and the base of every domain record's admin.

Domain records keep their history and are archived, never deleted, so their
admin shows the history, offers archive and restore, and has no delete.
"""

from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from simple_history.admin import SimpleHistoryAdmin

from seccoop.core import services
from seccoop.core.models import (
    ApiToken,
    AuditEntry,
    CalendarToken,
    ClientCertificate,
    DigestPreference,
    StateChange,
    TransferJob,
)
from seccoop.core.permissions import is_administrator

admin.site.site_header = "seccoop operations"
admin.site.site_title = "seccoop operations"
admin.site.index_title = "Records of the directorate"


def admin_sign_in(request):
    """The admin's sign-in address, routed ahead of the admin's own password form.

    That form would be a second way in that skips the notice and consent
    banner; every way in goes through the sign-in page, which shows it and
    requires consent, and comes back here after.
    """
    target = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(target, login_url=reverse("login"))
    if not admin.site.has_permission(request):
        # Signed in, but not an operator: sending them to sign in again would loop.
        raise PermissionDenied("Your account may not use the operations site.")
    return redirect(target)


class ArchivedFilter(admin.SimpleListFilter):
    title = "archive"
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", "Active"), ("yes", "Archived")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(archived_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        return queryset


class DomainAdmin(SimpleHistoryAdmin):
    """The admin of a DomainModel: its change history, archive and restore, no delete."""

    actions = ["archive_selected", "restore_selected"]
    domain_readonly_fields = ("created_at", "updated_at", "archived_at")

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.domain_readonly_fields)

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), ArchivedFilter)

    def has_delete_permission(self, request, obj=None):
        # Records are archived so that history and references stay whole.
        return False

    @admin.action(description="Archive the selected records")
    def archive_selected(self, request, queryset):
        self._apply(
            request, queryset.filter(archived_at__isnull=True), services.archive, "archived"
        )

    @admin.action(description="Restore the selected records")
    def restore_selected(self, request, queryset):
        self._apply(
            request, queryset.filter(archived_at__isnull=False), services.restore, "restored"
        )

    def _apply(self, request, queryset, operation, done: str) -> None:
        count = 0
        try:
            for record in queryset:
                operation(user=request.user, record=record)
                count += 1
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, f"{count} record(s) {done}.", messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued by their owners (the secret is shown only then); operators revoke."""

    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at", "state"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "expires_at"]
    search_fields = ["name", "prefix", "user__username", "user__last_name"]
    list_select_related = ["user"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    exclude = ["digest"]
    actions = ["revoke_selected"]

    @admin.display(description="state")
    def state(self, token: ApiToken) -> str:
        if token.revoked_at is not None:
            return "revoked"
        return "usable" if token.is_usable else "expired"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A revoked token stays on record: it says who could use the API, and when.
        return False

    def has_revoke_permission(self, request):
        return is_administrator(request.user)

    @admin.action(description="Revoke the selected tokens", permissions=["revoke"])
    def revoke_selected(self, request, queryset):
        # An operator revokes anyone's token (a leaked one, someone who left); owners
        # revoke their own through the pages and the API.
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} token(s) revoked.", messages.SUCCESS)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log, to read: the application appends entries and nobody changes them."""

    list_display = ["at", "actor_username", "action", "model", "object_label", "ip_address"]
    list_filter = ["action", "model", "at"]
    search_fields = ["actor_username", "object_label", "object_id", "detail", "path"]
    date_hierarchy = "at"
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ClientCertificate)
class ClientCertificateAdmin(admin.ModelAdmin):
    """Which smart card certificate (by subject) signs in which account."""

    list_display = ("subject", "user", "active", "created_at")
    list_filter = ("active",)
    search_fields = ("subject", "user__username", "user__last_name")
    autocomplete_fields = ("user",)


@admin.register(StateChange)
class StateChangeAdmin(admin.ModelAdmin):
    """The moves of records through their workflows, to read: written only by the workflows."""

    list_display = ["at", "content_type", "object_id", "transition", "source", "target", "actor"]
    list_filter = ["content_type", "transition"]
    search_fields = ["transition", "note", "actor__username"]
    list_select_related = ["content_type", "actor"]
    date_hierarchy = "at"
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in StateChange._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin that shows records and never adds, changes or deletes them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TransferJob)
class TransferJobAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "direction", "kind", "filename", "requested_by", "status"]
    list_filter = ["direction", "status", "kind"]
    search_fields = ["filename", "requested_by__username"]
    list_select_related = ["requested_by"]
    # The file itself is not shown: it may hold every rating of the directorate.
    exclude = ["content"]


@admin.register(DigestPreference)
class DigestPreferenceAdmin(ReadOnlyAdmin):
    """Each person chooses their own digest; an operator sees who receives one and when."""

    list_display = ["user", "frequency", "weekday", "last_sent_on", "updated_at"]
    list_filter = ["frequency"]
    search_fields = ["user__username", "user__last_name"]
    list_select_related = ["user"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(ReadOnlyAdmin):
    """Feed tokens are made by their owners; an operator sees them and revokes a leaked one."""

    list_display = ["user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["prefix", "user__username", "user__last_name"]
    list_select_related = ["user"]
    exclude = ["digest"]
    actions = ["revoke_selected"]

    def has_revoke_permission(self, request):
        return is_administrator(request.user)

    @admin.action(description="Revoke the selected feed tokens", permissions=["revoke"])
    def revoke_selected(self, request, queryset):
        from seccoop.core import calendar_feed

        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            # Audited as the operator's change, as an owner's own revocation is.
            calendar_feed.revoke(user=request.user, token=token)
        self.message_user(request, f"{len(tokens)} feed token(s) revoked.", messages.SUCCESS)
