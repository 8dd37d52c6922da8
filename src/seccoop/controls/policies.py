"""Who may see and change the records of the controls app.

Foreign disclosure, security agreement, end-use and vetting records are
seen only by foreign disclosure specialists, leadership and administrators,
and by the people assigned to them (workforce.Assignment). A record that
belongs to another (a review or a release of a disclosure request, an
inventory of an end-use item, a vetting of a nominee) is seen by whoever
sees the record it belongs to, and by the people assigned to it directly.
Everyone else is refused, on pages, in the API and in exports alike.

Disclosure specialists and administrators change them. People assigned to a
disclosure request may record the reviews it needs; people assigned to an
end-use item (its monitors) may record its inventories and incidents.
Leadership reads.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from seccoop.controls.models import (
    Assistance,
    CaseLineDesignation,
    ComplianceFinding,
    ComplianceVisit,
    CountryDecision,
    CriterionAssessment,
    DelegationOfDisclosureAuthority,
    DisclosureCeiling,
    DisclosureRequest,
    DisclosureReview,
    EeumArticle,
    EndUseItem,
    EndUseRequest,
    ExecutionConstraint,
    ForeignRepresentative,
    Inventory,
    Nominee,
    PolicyException,
    PolicyRestriction,
    PotentialViolation,
    Release,
    RepresentativeExtension,
    SecurityAgreement,
    UseIncident,
    Vetting,
    ViolationNotice,
    VisitRequest,
)
from seccoop.core.permissions import Policy, Role, has_role, is_administrator, register
from seccoop.workforce.models import Assignment


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_disclosure_specialist(user) -> bool:
    return is_administrator(user) or has_role(user, Role.DISCLOSURE_SPECIALIST)


def sees_all_controls(user) -> bool:
    """Disclosure specialists, leadership and administrators see every controls record."""
    return is_disclosure_specialist(user) or has_role(user, Role.LEADERSHIP)


def may_change_controls(user) -> bool:
    return _signed_in(user) and is_disclosure_specialist(user)


def assigned_ids(user, model) -> QuerySet:
    """The ids of the records of `model` this user is assigned to (open or released)."""
    person = getattr(user, "person", None) if _signed_in(user) else None
    if person is None:
        return Assignment.objects.none().values("source_id")
    return (
        Assignment.objects.active()
        .filter(person=person, source_type=ContentType.objects.get_for_model(model))
        .values("source_id")
    )


def is_assigned(user, record) -> bool:
    return (
        record.pk is not None
        and assigned_ids(user, type(record)).filter(source_id=record.pk).exists()
    )


class ControlsPolicy(Policy):
    """A top-level controls record: specialists, leadership, administrators and its assignees."""

    # For a record that belongs to another: the field naming the parent.
    parent: str | None = None

    def rule(self, user, model) -> Q:
        rule = Q(pk__in=assigned_ids(user, model))
        if self.parent:
            parent_model = model._meta.get_field(self.parent).related_model
            rule |= Q(**{f"{self.parent}__in": assigned_ids(user, parent_model)})
        return rule

    def visible(self, user, queryset):
        if not _signed_in(user):
            return queryset.none()
        if sees_all_controls(user):
            return queryset
        return queryset.filter(self.rule(user, queryset.model))

    def assigned_here(self, user, obj) -> bool:
        if is_assigned(user, obj):
            return True
        if self.parent:
            parent = getattr(obj, self.parent, None)
            return parent is not None and is_assigned(user, parent)
        return False

    def can(self, user, action, obj):
        if not _signed_in(user):
            return False
        if action == "view":
            return sees_all_controls(user) or self.assigned_here(user, obj)
        return is_disclosure_specialist(user)


for _model in (
    DisclosureRequest,
    DelegationOfDisclosureAuthority,
    SecurityAgreement,
    EndUseItem,
    Nominee,
    ExecutionConstraint,
    ForeignRepresentative,
    EeumArticle,
    CaseLineDesignation,
    ComplianceVisit,
    PotentialViolation,
    # The ceiling table and the restrictions are the office's reference data.
    DisclosureCeiling,
    PolicyRestriction,
):
    register(_model)(type(f"{_model.__name__}Policy", (ControlsPolicy,), {}))


@register(VisitRequest)
class VisitPolicy(ControlsPolicy):
    """A visit's host and its escort read it too: they receive the visitors (DoDD 5230.20)."""

    @staticmethod
    def _person(user):
        return getattr(user, "person", None) if _signed_in(user) else None

    def rule(self, user, model) -> Q:
        rule = super().rule(user, model)
        person = self._person(user)
        if person is not None:
            rule |= Q(host=person) | Q(escort=person)
        return rule

    def assigned_here(self, user, obj) -> bool:
        person = self._person(user)
        if person is not None and person.pk in (obj.host_id, obj.escort_id):
            return True
        return super().assigned_here(user, obj)


@register(DisclosureReview)
class ReviewPolicy(ControlsPolicy):
    """The people assigned to a request record the reviews it needs."""

    parent = "request"

    def can(self, user, action, obj):
        if action in ("add", "change") and _signed_in(user) and self.assigned_here(user, obj):
            return True
        return super().can(user, action, obj)


@register(CountryDecision)
@register(Release)
@register(PolicyException)
class RequestPartPolicy(ControlsPolicy):
    parent = "request"


@register(Inventory)
@register(UseIncident)
class ItemPartPolicy(ControlsPolicy):
    """An item's monitors (the people assigned to it) record its inventories and incidents."""

    parent = "item"

    def can(self, user, action, obj):
        if action in ("add", "change") and _signed_in(user) and self.assigned_here(user, obj):
            return True
        return super().can(user, action, obj)


@register(Vetting)
@register(Assistance)
class NomineePartPolicy(ControlsPolicy):
    parent = "nominee"


@register(RepresentativeExtension)
class RepresentativePartPolicy(ControlsPolicy):
    parent = "representative"


@register(ComplianceFinding)
class FindingPolicy(ControlsPolicy):
    parent = "visit"


@register(ViolationNotice)
class NoticePolicy(ControlsPolicy):
    parent = "violation"


@register(EndUseRequest)
class ConsentRequestPolicy(ItemPartPolicy):
    """An item's monitors may record the partner's requests for consent; specialists decide."""

    def can(self, user, action, obj):
        if action == "add" and _signed_in(user) and self.assigned_here(user, obj):
            return True
        return ControlsPolicy.can(self, user, action, obj)


@register(CriterionAssessment)
class CriterionPolicy(ControlsPolicy):
    """An assessment is seen with the decision or exception it belongs to."""

    def rule(self, user, model) -> Q:
        return Q(request__in=assigned_ids(user, DisclosureRequest)) | Q(
            exception__request__in=assigned_ids(user, DisclosureRequest)
        )

    def assigned_here(self, user, obj) -> bool:
        request = obj.request if obj.request_id else obj.exception.request
        return is_assigned(user, request)
