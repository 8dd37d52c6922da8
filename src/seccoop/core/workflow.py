"""Explicit state machines for the directorate's workflows.

A workflow (an FMS case, an international agreement, a Coalition Warfare
Program nomination, a disclosure request) is declared once, beside the
services of its app, as a `Workflow`: the field that holds the state, and
the transitions with their sources, target, who may take them and the guards
that must hold. Moving a record goes through `Workflow.move`, which

- refuses a transition that does not start from the record's current state,
  naming the states it may be taken from;
- refuses a user the transition's roles (or the record's policy) do not allow;
- runs the guards, each of which names what is missing;
- claims the record by its version (so two people moving the same case at
  once cannot both succeed; see `seccoop.core.services`);
- writes the new state and the time it was entered, and appends a
  `StateChange` naming who moved it, when, from and to what, with a note;
- asks the policy again about the record as saved (the values a transition
  sets may change who sees it), and refuses a move that would leave it out
  of the user's reach (`seccoop.core.services.require_in_reach`).

Anything refused raises before a single row is written.

A model that follows a workflow has a state field (a CharField with the
workflow's states as choices) and a `state_changed_at` DateTimeField, so
lists can show the age in state without reading the log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from seccoop.core.permissions import can, has_role, is_administrator

# A guard looks at the record (and the values the transition will set) and
# returns a sentence saying what is missing, or None when the move may go on.
Guard = Callable[[models.Model], str | None]


@dataclass(frozen=True)
class Transition:
    """One allowed move: `name` from any of `sources` to `target`."""

    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    # Roles that may take it besides administrators; None means whoever may
    # change the record under its policy.
    roles: tuple[str, ...] | None = None
    guards: tuple[Guard, ...] = ()
    # Fields the transition may set at the same time, such as an offer's
    # expiry date or a decision's reasons; anything else is refused.
    fields: tuple[str, ...] = ()
    # Whether a note saying why is required (a cancellation, a denial).
    note_required: bool = False


@dataclass
class Workflow:
    """The states and transitions of one kind of record."""

    model: type[models.Model]
    states: type[models.TextChoices]
    transitions: list[Transition] = field(default_factory=list)
    state_field: str = "state"
    # States a workflow no longer uses, by value, with their label: the log kept
    # from before still names them, and a log is never rewritten.
    retired_states: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        known = set(self.states.values)
        names = set()
        for transition in self.transitions:
            if transition.name in names:
                raise ValueError(f"Transition {transition.name} is declared twice.")
            names.add(transition.name)
            unknown = (set(transition.sources) | {transition.target}) - known
            if unknown:
                raise ValueError(f"Transition {transition.name} names unknown states {unknown}.")

    # --- reading ----------------------------------------------------------

    def transition(self, name: str) -> Transition:
        for transition in self.transitions:
            if transition.name == name:
                return transition
        raise ValidationError({"transition": [f"There is no transition named “{name}”."]})

    def state_of(self, record) -> str:
        return getattr(record, self.state_field)

    def state_label(self, value: str) -> str:
        if value in self.retired_states:
            return self.retired_states[value]
        return self.states(value).label

    def may(self, user, record, transition: Transition) -> bool:
        """Whether this user may take this transition on this record (ignoring guards)."""
        if not can(user, "view", record):
            return False
        if is_administrator(user):
            return True
        if transition.roles is None:
            return can(user, "change", record)
        return has_role(user, *transition.roles) and can(user, "view", record)

    def require_may(self, user, record, transition: Transition) -> None:
        """Raise PermissionDenied unless this user may take this transition on this record.

        Pages call it before they read the posted form, so a refused user is
        told so (403) whatever they sent.
        """
        if not self.may(user, record, transition):
            raise PermissionDenied(
                f"You may not “{transition.label}” this {record._meta.verbose_name}."
            )

    def available(self, user, record) -> list[Transition]:
        """The transitions this user may take from the record's state, guards not yet run."""
        state = self.state_of(record)
        return [
            transition
            for transition in self.transitions
            if state in transition.sources and self.may(user, record, transition)
        ]

    def blockers(self, record, transition: Transition) -> list[str]:
        """What the guards say is missing, in order; empty when the move may go on."""
        return [reason for guard in transition.guards if (reason := guard(record))]

    # --- moving -----------------------------------------------------------

    def move(
        self,
        *,
        user,
        record,
        name: str,
        note: str = "",
        values: dict | None = None,
        expected_version: int | None = None,
        at=None,
    ):
        """Take transition `name` on `record`; return the StateChange written.

        Raises ValidationError (naming the transition, the state or the
        missing items) or PermissionDenied; nothing is written then. On
        success the record object passed in holds the new state and version.
        """
        from seccoop.core.models import StateChange
        from seccoop.core.services import _refresh, _save, claim, require_in_reach

        transition = self.transition(name)
        values = dict(values or {})
        unknown = set(values) - set(transition.fields)
        if unknown:
            raise ValidationError(
                {key: [f"“{transition.label}” does not set {key}."] for key in sorted(unknown)}
            )
        self.require_may(user, record, transition)
        note = (note or "").strip()
        if transition.note_required and not note:
            raise ValidationError({"note": [f"Say why, to “{transition.label}”."]})
        at = at or timezone.now()
        with transaction.atomic():
            fresh = claim(record, expected_version, user=user)
            source = self.state_of(fresh)
            if source not in transition.sources:
                allowed = ", ".join(self.state_label(s) for s in transition.sources)
                raise ValidationError(
                    {
                        self.state_field: [
                            f"“{transition.label}” cannot be taken from "
                            f"“{self.state_label(source)}”; only from: {allowed}."
                        ]
                    }
                )
            for key, value in values.items():
                setattr(fresh, key, value)
            setattr(fresh, self.state_field, transition.target)
            blockers = self.blockers(fresh, transition)
            if blockers:
                raise ValidationError({self.state_field: blockers})
            if hasattr(fresh, "state_changed_at"):
                fresh.state_changed_at = at
            fresh.full_clean()
            _save(fresh, user=user)
            require_in_reach(user, fresh, "view")
            if not self.may(user, fresh, transition):
                raise PermissionDenied(
                    f"You may not leave this {record._meta.verbose_name} where you could no "
                    "longer see or change it; nothing was saved."
                )
            change = StateChange.objects.create(
                content_type=ContentType.objects.get_for_model(type(record)),
                object_id=record.pk,
                transition=transition.name,
                source=source,
                target=transition.target,
                actor=user if getattr(user, "is_authenticated", False) else None,
                at=at,
                note=note,
            )
        _refresh(record, fresh)
        return change

    def log(self, record) -> models.QuerySet:
        """The record's state changes, oldest first."""
        from seccoop.core.models import StateChange

        return StateChange.objects.filter(
            content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk
        ).select_related("actor")

    def entered(self, records: Iterable[models.Model], state: str) -> dict[int, object]:
        """When each record last entered `state` (one query), by primary key."""
        from seccoop.core.models import StateChange

        records = list(records)
        if not records:
            return {}
        rows = (
            StateChange.objects.filter(
                content_type=ContentType.objects.get_for_model(self.model),
                object_id__in=[record.pk for record in records],
                target=state,
            )
            .values("object_id")
            .annotate(last=models.Max("at"))
        )
        return {row["object_id"]: row["last"] for row in rows}
