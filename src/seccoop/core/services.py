"""Operations shared by every app's records."""

from django.db import transaction
from django.utils import timezone

from seccoop.core.permissions import require


@transaction.atomic
def archive(*, user, record) -> None:
    """Archive a record: it leaves lists and pickers but keeps its history and references."""
    require(user, "archive", record)
    record.archived_at = timezone.now()
    record.save(update_fields=["archived_at", "updated_at"])


@transaction.atomic
def restore(*, user, record) -> None:
    """Bring an archived record back."""
    require(user, "archive", record)
    record.archived_at = None
    record.save(update_fields=["archived_at", "updated_at"])
