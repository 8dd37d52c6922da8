"""Who may see the records core keeps for every app: background import and export jobs."""

from seccoop.core.models import TransferJob
from seccoop.core.permissions import Policy, is_administrator, register


@register(TransferJob)
class TransferJobPolicy(Policy):
    """An import or export job and its file are seen by whoever started it (and administrators)."""

    def visible(self, user, queryset):
        if not getattr(user, "is_authenticated", False):
            return queryset.none()
        if is_administrator(user):
            return queryset
        return queryset.filter(requested_by=user)

    def can(self, user, action, obj):
        return action == "view" and super().can(user, action, obj)
