"""Who may see and change training and development records.

The course catalog and the certification each position requires are open to
every signed-in member of staff and kept by workforce managers (and
administrators). A development plan and a certification record follow the
rule of ratings (workforce.policies): the person, their supervisor chain and
workforce managers see them; the person and their chain change the plan.
The person and their chain may ask for a certification; only the
certification authority approves or returns it: workforce managers and
administrators, who also keep the assignment dates and the experience.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from seccoop.core import permissions
from seccoop.core.permissions import Policy, register
from seccoop.development.models import (
    AreaOfConcentration,
    CertificationRecord,
    CertificationRequest,
    CertificationRequirement,
    Course,
    CourseCompetency,
    DevelopmentActivity,
    DevelopmentPlan,
    ExperiencePeriod,
    MappingDecision,
)
from seccoop.workforce.policies import is_workforce_manager, own_position


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def may_manage_catalog(user) -> bool:
    return _signed_in(user) and is_workforce_manager(user)


def is_certification_authority(user) -> bool:
    """Who approves certifications for the directorate: workforce managers and administrators."""
    return _signed_in(user) and is_workforce_manager(user)


def may_see_person(user, person) -> bool:
    """The person, their supervisor chain, workforce managers and administrators."""
    return permissions.can(user, "view_ratings", person)


def people_rule(user, prefix: str) -> Q | None:
    """The people whose development this user sees; None means everyone."""
    if is_workforce_manager(user):
        return None
    person = getattr(user, "person", None)
    if person is None:
        return Q(pk__in=[])
    rule = Q(**{prefix: person})
    mine = own_position(user)
    if mine is not None:
        rule |= Q(**{f"{prefix}__position__path__startswith": mine.path})
    return rule


def visible_people(user, people: QuerySet) -> QuerySet:
    """The people whose development (plans, certification standing) this user sees."""
    if not _signed_in(user):
        return people.none()
    if is_workforce_manager(user):
        return people
    person = getattr(user, "person", None)
    if person is None:
        return people.none()
    rule = Q(pk=person.pk)
    mine = own_position(user)
    if mine is not None:
        rule |= Q(position__path__startswith=mine.path)
    return people.filter(rule)


@register(Course)
@register(CourseCompetency)
@register(MappingDecision)
@register(CertificationRequirement)
@register(AreaOfConcentration)
class CatalogPolicy(Policy):
    def can(self, user, action, obj):
        if not _signed_in(user):
            return False
        if action == "view":
            return True
        return may_manage_catalog(user)


class PersonalPolicy(Policy):
    """Seen by the person, their chain and workforce managers; `path` leads to the person."""

    path = "person"

    def person_of(self, obj):
        return obj.person

    def visible(self, user, queryset):
        if not _signed_in(user):
            return queryset.none()
        rule = people_rule(user, self.path)
        return queryset if rule is None else queryset.filter(rule)

    def can(self, user, action, obj):
        if not _signed_in(user):
            return False
        return may_see_person(user, self.person_of(obj))


@register(DevelopmentPlan)
class PlanPolicy(PersonalPolicy):
    pass


@register(DevelopmentActivity)
class ActivityPolicy(PersonalPolicy):
    path = "plan__person"

    def person_of(self, obj):
        return obj.plan.person


@register(CertificationRecord)
class CertificationRecordPolicy(PersonalPolicy):
    def can(self, user, action, obj):
        if action == "view":
            return super().can(user, action, obj)
        return _signed_in(user) and is_workforce_manager(user)


@register(ExperiencePeriod)
class ExperiencePolicy(CertificationRecordPolicy):
    pass


@register(CertificationRequest)
class CertificationRequestPolicy(PersonalPolicy):
    """Asked for by the person or their chain; approved or returned by the authority."""

    def can(self, user, action, obj):
        if action == "approve":
            return is_certification_authority(user)
        if action in ("view", "add"):
            return super().can(user, action, obj)
        return is_certification_authority(user)
