"""Who may see and change workforce records.

The directory (org units, role types, templates, people, positions) is open
to every signed-in member of staff. A person's ratings are visible to that
person, their supervisor chain and workforce managers (and administrators,
who operate the system); nobody else.

Workforce managers and administrators import the workforce tables (the
"import" action, asked of the model: `can(user, "import", Person)`).
"""

from django.db.models import Q

from seccoop.core.permissions import Policy, Role, has_role, is_administrator, register
from seccoop.workforce.models import (
    AssessmentCycle,
    CurrentLevel,
    OrgUnit,
    Person,
    Position,
    Rating,
    RatingSource,
    RoleRequirement,
    RoleTemplate,
    RoleType,
)


def is_workforce_manager(user) -> bool:
    return is_administrator(user) or has_role(user, Role.WORKFORCE_MANAGER)


def own_position(user) -> Position | None:
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    return getattr(person, "position", None) if person is not None else None


def supervises(user, person: Person) -> bool:
    """True when the user holds a position above the person's in the supervisor chain."""
    mine = own_position(user)
    theirs = getattr(person, "position", None)
    if mine is None or theirs is None or mine.pk == theirs.pk:
        return False
    return theirs.path.startswith(mine.path)


def may_validate(user) -> bool:
    """Whether the user may record validated ratings, and so answer the validation queue."""
    return getattr(user, "is_authenticated", False) and is_workforce_manager(user)


def may_withdraw(user, rater_id: int | None) -> bool:
    """Whether the user may withdraw a rating they can see: its rater, or a steward."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (rater_id is not None and rater_id == user.pk) or is_workforce_manager(user)


def rating_sources_for(user, person: Person) -> list[str]:
    """The rating sources this user may record for this person."""
    sources = []
    if getattr(user, "person", None) == person:
        sources.append(RatingSource.SELF)
    if supervises(user, person) or is_administrator(user):
        sources.append(RatingSource.SUPERVISOR)
    if may_validate(user):
        sources.append(RatingSource.VALIDATED)
    return sources


@register(OrgUnit)
@register(RoleType)
@register(RoleTemplate)
@register(RoleRequirement)
@register(Person)
@register(Position)
@register(AssessmentCycle)
class DirectoryPolicy(Policy):
    def can(self, user, action, obj):
        if not getattr(user, "is_authenticated", False):
            return False
        if action == "view":
            return True
        if action == "view_ratings" and isinstance(obj, Person):
            return (
                getattr(user, "person", None) == obj
                or supervises(user, obj)
                or is_workforce_manager(user)
            )
        if action == "rate" and isinstance(obj, Person):
            return bool(rating_sources_for(user, obj))
        return is_workforce_manager(user)


@register(Rating)
@register(CurrentLevel)
class RatingPolicy(Policy):
    def visible(self, user, queryset):
        if not getattr(user, "is_authenticated", False):
            return queryset.none()
        if is_workforce_manager(user):
            return queryset
        person = getattr(user, "person", None)
        if person is None:
            return queryset.none()
        rule = Q(person=person)
        mine = own_position(user)
        if mine is not None:
            rule |= Q(person__position__path__startswith=mine.path)
        return queryset.filter(rule)

    def can(self, user, action, obj):
        if action == "view":
            return super().can(user, action, obj)
        if action == "import":
            # Ratings are imported, as the rest of the directory, by workforce managers.
            return is_workforce_manager(user)
        if action == "withdraw" and isinstance(obj, Rating):
            # Whoever recorded it, or a workforce manager, among those who can see it.
            return may_withdraw(user, obj.rater_id) and super().can(user, "view", obj)
        if action == "validate" and isinstance(obj, Rating):
            # Confirming or returning a supervisor rating: whoever may record
            # validated ratings for the person.
            return (
                obj.source == RatingSource.SUPERVISOR
                and RatingSource.VALIDATED in rating_sources_for(user, obj.person)
                and super().can(user, "view", obj)
            )
        # Ratings are never changed or deleted; new ones go through record_rating.
        return False
