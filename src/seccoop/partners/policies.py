"""Who may see and change the partner records.

Countries, regions, profiles, capability gaps, organizations, engagements
and actions are open to every signed-in member of staff. A country's records
are changed by its desk officers, their supervisor chain and administrators.

Counterparts' names and roles are open, but their contact details (email,
phone, address) are personal data: only the desk officers of the
organization's country, their supervisor chain and administrators see them.
Everyone else gets the record without those fields, on pages, in the API and
in exports alike.

A staff member's language proficiencies follow the rule of ratings: the
person, their supervisor chain, workforce managers and administrators.

Evidence of practice that someone records for another person waits for that
person or their supervisor chain to confirm or decline it; until then only
they (and workforce managers) see it.
"""

from __future__ import annotations

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from seccoop.core.permissions import Policy, Role, has_role, is_administrator, register
from seccoop.partners.models import (
    CapabilityGapAssessment,
    Counterpart,
    Country,
    Engagement,
    EvidenceStatus,
    FollowUpAction,
    LanguageProficiency,
    PartnerOrganization,
    PracticeEvidence,
    ProfileSection,
)
from seccoop.workforce.models import Person
from seccoop.workforce.policies import RatingPolicy, is_workforce_manager, own_position

NOTHING = Q(pk__in=[])


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def person_of(user):
    return getattr(user, "person", None) if _signed_in(user) else None


def is_leadership(user) -> bool:
    return is_administrator(user) or has_role(user, Role.LEADERSHIP)


def may_see_coverage(user) -> bool:
    """Desk coverage reads desk officers' proficiency (rating data): leadership and managers."""
    return is_workforce_manager(user) or is_leadership(user)


def portfolio_rule(user, prefix: str = "") -> Q:
    """The countries this user is the primary or backup desk officer of."""
    person = person_of(user)
    if person is None:
        return NOTHING
    return Q(**{f"{prefix}primary_desk_officer": person}) | Q(
        **{f"{prefix}backup_desk_officer": person}
    )


def oversight_rule(user, prefix: str = "") -> Q | None:
    """The countries whose records this user looks after; None means every country.

    Their desk officers, anyone above a desk officer in the supervisor chain,
    and administrators.
    """
    if is_administrator(user):
        return None
    rule = portfolio_rule(user, prefix)
    mine = own_position(user)
    if mine is not None:
        for role in ("primary_desk_officer", "backup_desk_officer"):
            rule |= Q(**{f"{prefix}{role}__position__path__startswith": mine.path})
    return rule


def overseen_countries(user) -> QuerySet[Country]:
    rule = oversight_rule(user)
    countries = Country.objects.all()
    return countries if rule is None else countries.filter(rule)


def oversees(user, country: Country | None) -> bool:
    if not _signed_in(user) or country is None:
        return False
    rule = oversight_rule(user)
    return rule is None or Country.objects.filter(rule, pk=country.pk).exists()


def with_contact_permission(user, counterparts: QuerySet[Counterpart]) -> QuerySet[Counterpart]:
    """Annotate each counterpart with `contact_visible`: may this user see its contact details?"""
    rule = oversight_rule(user, "organization__country__")
    if not _signed_in(user):
        flag = Value(False)
    elif rule is None:
        flag = Value(True)
    else:
        # A subquery, so a supervisor's chain of several desk officers does not repeat rows.
        allowed = Country.objects.filter(oversight_rule(user)).values("pk")
        flag = Case(
            When(organization__country__in=allowed, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    return counterparts.annotate(contact_visible=flag)


def may_see_contact(user, counterpart: Counterpart) -> bool:
    flag = getattr(counterpart, "contact_visible", None)
    if flag is not None:
        return bool(flag)
    return oversees(user, counterpart.organization.country)


class StaffReadable(Policy):
    """Every signed-in member of staff reads; the default decides changes."""

    def can(self, user, action, obj):
        if not _signed_in(user):
            return False
        if action == "view":
            return True
        return super().can(user, action, obj)


@register(Country)
class CountryPolicy(StaffReadable):
    def can(self, user, action, obj):
        if not _signed_in(user):
            return False
        if action in ("change_profile", "assess_gaps"):
            return oversees(user, obj)
        return super().can(user, action, obj)


@register(ProfileSection)
@register(CapabilityGapAssessment)
class CountryRecordPolicy(StaffReadable):
    def can(self, user, action, obj):
        if action in ("change", "add"):
            return oversees(user, obj.country)
        return super().can(user, action, obj)


@register(PartnerOrganization)
class OrganizationPolicy(StaffReadable):
    def can(self, user, action, obj):
        if action in ("change", "add"):
            return is_administrator(user) or (obj.country_id and oversees(user, obj.country))
        return super().can(user, action, obj)


@register(Counterpart)
class CounterpartPolicy(StaffReadable):
    def can(self, user, action, obj):
        if action in ("view_contact", "change", "add"):
            return _signed_in(user) and may_see_contact(user, obj)
        return super().can(user, action, obj)


def may_log_engagements(user) -> bool:
    """Anyone on the staff (with a staff record) logs the engagements they take part in."""
    return is_administrator(user) or person_of(user) is not None


@register(Engagement)
class EngagementPolicy(StaffReadable):
    def can(self, user, action, obj):
        if not _signed_in(user):
            return False
        if action == "add":
            return may_log_engagements(user)
        if action == "change":
            if is_leadership(user):
                return True
            person = person_of(user)
            if obj.pk is None:
                return may_log_engagements(user)
            if person is not None and obj.participants.filter(pk=person.pk).exists():
                return True
            rule = oversight_rule(user)
            return rule is not None and obj.countries.filter(rule).exists()
        return super().can(user, action, obj)


@register(FollowUpAction)
class FollowUpActionPolicy(StaffReadable):
    def can(self, user, action, obj):
        if action in ("complete", "change"):
            person = person_of(user)
            if person is not None and obj.owner_id == person.pk:
                return True
            return EngagementPolicy().can(user, "change", obj.engagement)
        return super().can(user, action, obj)


def may_decide_rule(user, prefix: str = "") -> Q:
    """The people whose evidence of practice this user confirms or declines.

    The person themself and everyone above them in the supervisor chain: the
    ones who know whether the work was done. `prefix` leads from the queried
    model to the person ("person__" from evidence).
    """
    person = person_of(user)
    if person is None:
        return NOTHING
    rule = Q(**{f"{prefix}pk": person.pk})
    mine = own_position(user)
    if mine is not None:
        rule |= Q(**{f"{prefix}position__path__startswith": mine.path})
    return rule


@register(PracticeEvidence)
class PracticeEvidencePolicy(Policy):
    """Confirmed evidence is open to all staff; pending and declined evidence to those who decide.

    Workforce managers read all of it (they weigh it when validating
    ratings) but decide nothing: only the person and their chain vouch for
    the work. Evidence is written by the services of the work records.
    """

    def visible(self, user, queryset):
        if not _signed_in(user):
            return queryset.none()
        if is_workforce_manager(user):
            return queryset
        return queryset.filter(
            Q(status=EvidenceStatus.CONFIRMED) | Q(may_decide_rule(user, "person__"))
        )

    def can(self, user, action, obj):
        if not _signed_in(user):
            return False
        if action == "view":
            return super().can(user, action, obj)
        if action in ("confirm", "decline"):
            return Person.objects.filter(may_decide_rule(user), pk=obj.person_id).exists()
        return False


@register(LanguageProficiency)
class LanguagePolicy(RatingPolicy):
    def can(self, user, action, obj):
        if action == "view":
            return super().can(user, action, obj)
        if not _signed_in(user):
            return False
        return person_of(user) == obj.person or is_workforce_manager(user)
