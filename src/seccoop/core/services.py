"""Operations shared by every app's records: create, edit, archive and restore.

Edits are protected against lost updates. Each record carries a `version`;
whoever opens a record for editing keeps the version they saw, and a save
made against an older version is refused with a ConcurrentEditError naming
who changed the record and when, instead of silently overwriting their work.

How a save claims the record, on both databases
-----------------------------------------------
Inside one transaction, the save first *claims* the record with a single
conditional statement::

    UPDATE ... SET version = version + 1 WHERE id = %s AND version = %s

It changes one row or none, and the database decides that atomically:

- PostgreSQL (read committed): a second transaction running the same
  statement waits on the first one's row lock, re-reads the row once the
  first commits, finds the version moved and changes nothing.
- SQLite: writers are serialized (the settings open every transaction with
  BEGIN IMMEDIATE), so the second claim runs after the first commit and
  changes nothing.

Only after a successful claim is the record read again (so fields changed by
others, such as a tree path, are current), changed, validated with
full_clean() and written with an ordinary save(). Going through save() keeps
every model behaviour (the tree paths of MaterializedPathNode, auto_now) and
lets django-simple-history record the new row; the author is set on the
instance (`_history_user`), so it is right for pages, API tokens and
commands alike, with or without a request. A validation error raised after
the claim rolls the whole transaction back, claim included: nothing is
written.

This needs no SELECT ... FOR UPDATE, which SQLite does not have.

An edit is judged on the record it leaves behind
------------------------------------------------
The policy is asked before the write, about the record as stored; it is asked
again after the write (many-to-many links included), about the record as
saved, still inside the transaction: `require_in_reach`. A desk officer who
may change a case of their country may not move it to a country they do not
hold, and a program's countries may not be set to ones its editor does not
look after; the refusal rolls the whole write back. Workflows
(`seccoop.core.workflow`) and the hand-written writes of the apps call the
same function.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from seccoop.core.permissions import can, require, visible_to

# Fields the services look after themselves; an edit may not set them.
MANAGED_FIELDS = frozenset({"id", "version", "archived_at", "created_at", "updated_at", "path"})


class ConcurrentEditError(ValidationError):
    """An edit made against a version of the record that someone else has since changed.

    A ValidationError, so a caller that does not look for it still refuses
    the edit with its message; pages and the API answer it specially (the
    form shows the other person's values; the API answers 409 Conflict).
    """

    def __init__(self, *, user, current):
        self.current = current
        latest = current.history.select_related("history_user").first()
        self.changed_by = latest.history_user if latest is not None else None
        self.changed_at = latest.history_date if latest is not None else current.updated_at
        kind = current._meta.verbose_name
        when = date_format(timezone.localtime(self.changed_at), "j M Y \\a\\t H:i")
        if self.changed_by is not None and self.changed_by.pk == getattr(user, "pk", None):
            message = (
                f"You changed this {kind} at {when} in another window after you opened this "
                "one. Review that change and try again."
            )
        else:
            name = _name_of(self.changed_by)
            message = (
                f"Someone else ({name}) changed this {kind} at {when} after you opened it. "
                "Review their change and try again."
            )
        super().__init__(message, code="stale")


def _name_of(user) -> str:
    if user is None:
        return "an import or the system"
    return user.get_full_name() or user.get_username()


def _editable_fields(model: type[models.Model]) -> dict[str, models.Field]:
    """The fields an edit may set, by name and by attname (`org_unit` and `org_unit_id`)."""
    fields = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or not field.editable or field.name in MANAGED_FIELDS:
            continue
        fields[field.name] = field
        fields[field.attname] = field
    return fields


def _apply(record: models.Model, data: dict) -> None:
    allowed = _editable_fields(type(record))
    unknown = sorted(name for name in data if name not in allowed)
    if unknown:
        raise ValidationError(
            {
                name: [f"A {record._meta.verbose_name} has no field {name} to set."]
                for name in unknown
            }
        )
    for name, value in data.items():
        setattr(record, name, value)


def posted_version(value) -> int:
    """The version a page sent back with an edit, an archive or a transition.

    Every edit carries the `version` the user opened, on pages as in the API;
    one that is missing or not a number is refused naming the field, rather
    than claiming whatever version is current (which would overwrite a change
    made since without a word).
    """
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(
            {"version": ["The version you opened is missing; reload the page and try again."]}
        ) from None


def claim(record: models.Model, expected_version: int | None, *, user) -> models.Model:
    """Raise the record's version by one if it is still `expected_version`; return a fresh copy.

    Call inside a transaction. `expected_version=None` claims whatever the
    version is (for actions such as archiving that do not overwrite fields).
    Raises ConcurrentEditError when the version moved, and the model's
    DoesNotExist when the record is gone.
    """
    model = type(record)
    rows = model._default_manager.filter(pk=record.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if rows.update(version=F("version") + 1) != 1:
        current = model._default_manager.get(pk=record.pk)
        raise ConcurrentEditError(user=user, current=current)
    return model._default_manager.get(pk=record.pk)


def _save(fresh: models.Model, *, user, **kwargs) -> None:
    fresh._history_user = user
    fresh.save(**kwargs)


def _refresh(record: models.Model, fresh: models.Model) -> None:
    """Give the caller's object the saved values, so it can be used again."""
    for field in record._meta.concrete_fields:
        setattr(record, field.attname, getattr(fresh, field.attname))
    # Cached related objects may point to the old values.
    record._state.fields_cache = {}


def require_in_reach(user, record: models.Model, action: str = "change") -> None:
    """Refuse (PermissionDenied) a write that leaves the record out of the user's reach.

    Call inside the transaction of the write, after everything is written
    (many-to-many links included): the record is read again through the
    policy, so the refusal rolls the write back. `action` is what the user
    must still be allowed on the saved record: "change" after an edit, "add"
    after a creation (the policy's word for who may open such a record).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("require_in_reach must run inside the transaction of the write.")
    model = type(record)
    saved = visible_to(user, model._default_manager.filter(pk=record.pk)).first()
    if saved is None or not can(user, action, saved):
        raise PermissionDenied(
            f"You may not leave this {model._meta.verbose_name} where you could no longer "
            f"see or change it; nothing was saved."
        )


def _set_links(record: models.Model, links: dict | None) -> None:
    """Set many-to-many fields (name -> records); None leaves a field as it is."""
    for name, values in (links or {}).items():
        if values is not None:
            getattr(record, name).set(values)


def create_record(
    *, user, model: type[models.Model], data: dict, links: dict | None = None
) -> models.Model:
    """Create a record from field values, after the policy allows it and full_clean() passes.

    `links` sets many-to-many fields after the save. The policy is asked
    again about the saved record, links included (`require_in_reach`).
    """
    record = model()
    _apply(record, data)
    require(user, "add", record)
    record.full_clean()
    with transaction.atomic():
        _save(record, user=user)
        _set_links(record, links)
        require_in_reach(user, record, "add")
    return record


def update_record(
    *, user, record: models.Model, changes: dict, expected_version: int, links: dict | None = None
):
    """Apply `changes` (field name -> value) to the record as of `expected_version`.

    Raises PermissionDenied when the policy refuses, before the write about
    the record as stored and after it about the record as saved (`links`,
    many-to-many fields, included); ValidationError naming the fields when
    the result is invalid; and ConcurrentEditError when someone saved the
    record after `expected_version`. In each case nothing is written. On
    success the record object passed in holds the saved values, its version
    raised by one.
    """
    require(user, "change", record)
    with transaction.atomic():
        fresh = claim(record, expected_version, user=user)
        _apply(fresh, changes)
        fresh.full_clean()
        _save(fresh, user=user)
        _set_links(fresh, links)
        require_in_reach(user, fresh)
    _refresh(record, fresh)
    return record


def _set_archived(*, user, record, archived_at, expected_version: int | None) -> None:
    require(user, "archive", record)
    with transaction.atomic():
        fresh = claim(record, expected_version, user=user)
        fresh.archived_at = archived_at
        _save(fresh, user=user, update_fields=["archived_at", "updated_at", "version"])
    _refresh(record, fresh)


def archive(*, user, record, expected_version: int | None = None) -> None:
    """Archive a record: it leaves lists and pickers but keeps its history and references."""
    _set_archived(
        user=user, record=record, archived_at=timezone.now(), expected_version=expected_version
    )


def restore(*, user, record, expected_version: int | None = None) -> None:
    """Bring an archived record back."""
    _set_archived(user=user, record=record, archived_at=None, expected_version=expected_version)
