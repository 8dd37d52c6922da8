"""The one permission policy of seccoop.

Who may see or change what is decided here, for pages, API and exports
alike. Each app registers a `Policy` per model (in its `policies.py`, loaded
by its AppConfig). A policy answers two questions:

- `visible(user, queryset)`: the rows of a queryset this user may see;
- `can(user, action, obj)`: whether this user may perform an action on a record.

Roles are Django groups named by the `Role` choices. Superusers and members
of the administrator group may do everything.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    LEADERSHIP = "leadership", "Leadership"
    WORKFORCE_MANAGER = "workforce-manager", "Workforce manager"
    DESK_OFFICER = "desk-officer", "Country desk officer"
    PROGRAM_TEAM = "program-team", "Program team member"
    DISCLOSURE_SPECIALIST = "disclosure-specialist", "Foreign disclosure specialist"
    AUDITOR = "auditor", "Auditor"


def roles_of(user) -> frozenset[str]:
    """The role names a user holds, read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_seccoop_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._seccoop_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_administrator(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.ADMINISTRATOR)


class Policy:
    """The default policy: signed-in staff see records; administrators change them."""

    def visible(self, user, queryset: models.QuerySet) -> models.QuerySet:
        if not getattr(user, "is_authenticated", False):
            return queryset.none()
        return queryset

    def can(self, user, action: str, obj) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        if action == "view":
            return self.visible(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()
        return is_administrator(user)


_registry: dict[type[models.Model], Policy] = {}
DEFAULT_POLICY = Policy()


def register(model: type[models.Model]) -> Callable[[type[Policy]], type[Policy]]:
    """Class decorator: `@register(Person) class PersonPolicy(Policy): ...`."""

    def decorate(policy_class: type[Policy]) -> type[Policy]:
        _registry[model] = policy_class()
        policy_for.cache_clear()
        return policy_class

    return decorate


@cache
def policy_for(model: type[models.Model]) -> Policy:
    for klass in model.__mro__:
        if klass in _registry:
            return _registry[klass]
    return DEFAULT_POLICY


def visible_to(user, queryset: models.QuerySet) -> models.QuerySet:
    return policy_for(queryset.model).visible(user, queryset)


def model_of(obj) -> type[models.Model]:
    """The model of a record, or the model itself for an action on a whole table ("import")."""
    return obj if isinstance(obj, type) else type(obj)


def can(user, action: str, obj) -> bool:
    """Whether the user may perform the action on a record, or on a model's table.

    An action on a whole table, such as "import", is asked of the model class:
    `can(user, "import", Person)`; the policy then gets the class as `obj`.
    """
    return policy_for(model_of(obj)).can(user, action, obj)


def require(user, action: str, obj) -> None:
    """Raise PermissionDenied unless the user may perform the action."""
    if not can(user, action, obj):
        raise PermissionDenied(f"You may not {action} this {obj._meta.verbose_name}.")
