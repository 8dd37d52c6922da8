"""The change history of domain records, their many-to-many links included.

django-simple-history keeps a row per change of a record; with `m2m_fields`
it also copies, onto each row, the links the record then held (one table of
link copies per many-to-many field). `RecordHistory` turns that on for every
many-to-many field of every domain record, so a new field is kept without
anyone remembering to list it, and improves on the library in three ways:

- A change of links is named exactly: the links really removed (a remove()
  of a link that was not there changes nothing) and the links a clear()
  took away, read just before they go. Nothing is recorded when nothing
  changed.
- A change made from the other side (`country.engagements.add(engagement)`)
  goes into the history of the record that declares the field (the
  engagement), not of the country.
- One request, one history row per record: a form saves the record, then
  sets each of its lists (a set() is a remove and an add); the links are
  copied onto the row the request already wrote, so the page reads
  "Countries: added Estonia; removed Latvia" under one change.

Each change of links is then announced with `links_changed`, which the audit
log (core/audit.py) turns into one entry naming the links added or removed.
Every record page shows its history as `change_history` reads it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import ForeignKey, Max, Model
from django.dispatch import Signal
from simple_history.models import HistoricalRecords

# Sent once per record whose links changed, after its history row holds them:
# sender=the record's model, instance, field, added and removed (sets of primary
# keys of the linked records), history_user (None when the request gives it).
links_changed = Signal()

_DEPARTING = "_seccoop_departing_links"
_WRITTEN = "_seccoop_history_rows"


def links_of(model) -> list:
    """Every many-to-many field a record declares: each one keeps its history."""
    return list(model._meta.local_many_to_many)


def _current_request():
    return getattr(HistoricalRecords.context, "request", None)


def _linked(field, *, reverse: bool, instance, among=None) -> set:
    """Primary keys on the other side of `instance`'s links (of `among`, if given)."""
    through = field.remote_field.through
    own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
    if reverse:
        own, other = other, own
    rows = through._default_manager.filter(**{own: instance.pk})
    if among is not None:
        rows = rows.filter(**{f"{other}__in": among})
    return set(rows.values_list(through._meta.get_field(other).attname, flat=True))


class RecordHistory(HistoricalRecords):
    """HistoricalRecords for domain records: every many-to-many field kept, changes named."""

    def get_m2m_fields_from_model(self, model):
        return links_of(model)

    def create_historical_record_m2ms(self, history_instance, instance):
        # A record just created holds no links yet: nothing to copy, no query.
        if history_instance.history_type != "+":
            super().create_historical_record_m2ms(history_instance, instance)
        request = _current_request()
        if request is not None:
            written = request.__dict__.setdefault(_WRITTEN, {})
            written[(instance._meta.label_lower, instance.pk)] = history_instance

    def m2m_changed(self, instance, action, attr, pk_set, reverse, model=None, **kwargs):
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        if hasattr(instance, "skip_history_when_saving"):
            return
        owner_model = model if reverse else type(instance)
        field = owner_model._meta.get_field(attr)
        key = (field.remote_field.through, reverse)
        if action == "pre_remove":
            departing = _linked(field, reverse=reverse, instance=instance, among=pk_set)
            instance.__dict__.setdefault(_DEPARTING, {})[key] = departing
            return
        if action == "pre_clear":
            departing = _linked(field, reverse=reverse, instance=instance)
            instance.__dict__.setdefault(_DEPARTING, {})[key] = departing
            return
        if action == "post_add":
            added, removed = set(pk_set or ()), set()
        elif action in ("post_remove", "post_clear"):
            added, removed = set(), instance.__dict__.get(_DEPARTING, {}).pop(key, set())
        else:
            return
        if not added and not removed:
            return
        if not reverse:
            self.record_links(instance, field, added=added, removed=removed)
            return
        for owner in owner_model._default_manager.filter(pk__in=added | removed):
            self.record_links(
                owner,
                field,
                added={instance.pk} if owner.pk in added else set(),
                removed={instance.pk} if owner.pk in removed else set(),
            )

    def record_links(self, record, field, *, added: set, removed: set) -> None:
        """Put the record's links into its history, then announce what changed."""
        history_model = getattr(type(record), self.manager_name).model
        request = _current_request()
        written = (
            request.__dict__.get(_WRITTEN, {}).get((record._meta.label_lower, record.pk))
            if request is not None
            else None
        )
        # The row may have gone with a transaction rolled back earlier in the request.
        if written is not None and history_model._default_manager.filter(pk=written.pk).exists():
            self.copy_links(written, record, field)
        else:
            self.create_historical_record(record, "~")
        links_changed.send(
            sender=type(record),
            instance=record,
            field=field,
            added=added,
            removed=removed,
            history_user=getattr(record, "_history_user", None),
        )

    def copy_links(self, history_instance, record, field) -> None:
        """Make the history row's copy of one field's links what the record holds now."""
        copies = self.m2m_models[field]
        through = field.remote_field.through
        copies._default_manager.filter(history=history_instance).delete()
        rows = through._default_manager.filter(**{field.m2m_field_name(): record.pk})
        copies._default_manager.bulk_create(
            copies(
                history=history_instance,
                **{column.attname: getattr(row, column.attname) for column in through._meta.fields},
            )
            for row in rows
        )


def link_copies(field):
    """The model holding the copies of `field`'s links, one set per history row."""
    return HistoricalRecords.m2m_models[field]


def link_changes(rows: list) -> dict[int, list[tuple]]:
    """What each history row changed in the record's links, since the row after it in `rows`.

    `rows` are history rows of one record, newest first. Returns, by history
    id, a list of (field, added ids, removed ids) for the fields that changed.
    One query per many-to-many field, whatever the number of rows.
    """
    if len(rows) < 2:
        return {}
    fields = getattr(type(rows[0]), "_history_m2m_fields", [])
    ids = [row.history_id for row in rows]
    changes: dict[int, list[tuple]] = defaultdict(list)
    for field in fields:
        target = field.remote_field.through._meta.get_field(field.m2m_reverse_field_name())
        held: dict[int, set] = defaultdict(set)
        for history_id, linked in (
            link_copies(field)
            ._default_manager.filter(history_id__in=ids)
            .values_list("history_id", target.attname)
        ):
            held[history_id].add(linked)
        for newer, older in zip(rows, rows[1:], strict=False):
            now, before = held[newer.history_id], held[older.history_id]
            if now != before:
                changes[newer.history_id].append((field, now - before, before - now))
    return changes


def copy_links_onto_latest_rows(history_model, field, copies, owner_ids=None) -> None:
    """Copy the links a record holds now onto its newest history row, for every record.

    For writes that bypass the signals (imports writing links in bulk) and for
    records whose history began before links were kept: without a copy, the
    next change would read as every link being added. Works on the models of a
    migration as on the live ones: it needs only the history model, the
    field and the model of the copies.
    """
    through = field.remote_field.through
    own = through._meta.get_field(field.m2m_field_name())
    pk_name = history_model._meta.get_field("history_id").attname
    owner_column = own.target_field.attname
    latest = history_model._default_manager.values(owner_column)
    if owner_ids is not None:
        latest = latest.filter(**{f"{owner_column}__in": list(owner_ids)})
    newest = dict(latest.annotate(newest=Max(pk_name)).values_list(owner_column, "newest"))
    if not newest:
        return
    copies._default_manager.filter(history_id__in=newest.values()).delete()
    rows = through._default_manager.filter(**{f"{own.attname}__in": list(newest)})
    copies._default_manager.bulk_create(
        [
            copies(
                history_id=newest[getattr(row, own.attname)],
                **{column.attname: getattr(row, column.attname) for column in through._meta.fields},
            )
            for row in rows.iterator()
        ],
        batch_size=1000,
    )


def keep_links_held_before(app_label: str):
    """A migration step: copy each record's current links onto its newest history row.

    Records of `app_label` whose history began before links were kept would
    otherwise show every link as added at their next change.
    """

    def run(apps, schema_editor):
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.local_many_to_many:
                try:
                    history_model = apps.get_model(app_label, f"Historical{model.__name__}")
                    copies = apps.get_model(
                        app_label, f"Historical{field.remote_field.through.__name__}"
                    )
                except LookupError:
                    continue
                copy_links_onto_latest_rows(history_model, field, copies)

    return run


# --- the change history a record page shows -----------------------------------


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: str
    new: str
    is_link = False


@dataclass(frozen=True)
class LinkChange:
    """The links of a many-to-many field added and removed in one change."""

    name: str
    added: list[str]
    removed: list[str]
    is_link = True

    @property
    def sentence(self) -> str:
        """Reads: added Estonia, Finland; removed Latvia."""
        parts = []
        if self.added:
            parts.append("added " + ", ".join(self.added))
        if self.removed:
            parts.append("removed " + ", ".join(self.removed))
        return "; ".join(parts)


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    kind: str
    changes: list[FieldChange | LinkChange]


HISTORY_KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def change_history(obj: Model, *, limit: int = 50) -> list[HistoryEntry]:
    """The newest changes of a record: when, who, each field's old and new value, links changed.

    Reads the history in one query and the copies of its many-to-many links
    in one query per such field, then names the records that foreign keys
    and links pointed to with one query per related model, so the cost does
    not grow with the number of changes.
    """
    records = list(obj.history.select_related("history_user").order_by("-history_id")[: limit + 1])
    link_fields = [f.name for f in getattr(obj.history.model, "_history_m2m_fields", [])]
    links = link_changes(records)
    deltas = []
    # A record loaded by a migration has no history rows at all.
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
        changes = (
            newer.diff_against(older, excluded_fields=link_fields).changes
            if older is not None
            else []
        )
        deltas.append((newer, changes))
    deltas = deltas[:limit]

    wanted: dict[type[Model], set] = defaultdict(set)
    for newer, changes in deltas:
        for change in changes:
            model_field = newer._meta.get_field(change.field)
            if isinstance(model_field, ForeignKey):
                wanted[model_field.related_model].update(
                    value for value in (change.old, change.new) if value is not None
                )
        for link_field, added, removed in links.get(newer.history_id, []):
            wanted[link_field.related_model].update(added | removed)
    names = {
        model: {pk: str(related) for pk, related in model._default_manager.in_bulk(ids).items()}
        for model, ids in wanted.items()
    }

    def shown(model_field, value) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(model_field, ForeignKey):
            return names.get(model_field.related_model, {}).get(value, f"#{value} (removed)")
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        return str(value)

    def named(model, ids) -> list[str]:
        return sorted(names.get(model, {}).get(pk, f"#{pk} (removed)") for pk in ids)

    entries = []
    for newer, changes in deltas:
        kind = HISTORY_KINDS.get(newer.history_type, newer.history_type)
        field_changes: list[FieldChange | LinkChange] = []
        for change in changes:
            model_field = newer._meta.get_field(change.field)
            if change.field == "archived_at":
                kind = "Archived" if change.new else "Restored"
            field_changes.append(
                FieldChange(
                    name=str(model_field.verbose_name),
                    old=shown(model_field, change.old),
                    new=shown(model_field, change.new),
                )
            )
        for link_field, added, removed in links.get(newer.history_id, []):
            field_changes.append(
                LinkChange(
                    name=str(link_field.verbose_name),
                    added=named(link_field.related_model, added),
                    removed=named(link_field.related_model, removed),
                )
            )
        user = newer.history_user
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "System",
                kind=kind,
                changes=field_changes,
            )
        )
    return entries
