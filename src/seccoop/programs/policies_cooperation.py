"""Policies of cooperation programs and international agreements.

The rule of every work record of the programs app (programs, agreements and
cases alike), in `work_record_rule`:

- administrators and leadership see every record;
- anyone else sees a record when they are assigned to it, hold the desk
  (primary or backup) of one of its countries, or sit above such a desk
  officer in the supervisor chain;
- program-team members also see the records of their own org unit.

Records are created by program-team members, desk officers and
administrators. A record is changed (and moved through its workflow, where
a transition names no narrower roles) by the people assigned to it, the desk
officers of its countries, the program team of its org unit and
administrators. The records kept around a program or an agreement (risks,
documents, funding lines, interactions) follow their parent.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from seccoop.core.permissions import Policy, Role, can, has_role, is_administrator, register
from seccoop.partners.models import Country
from seccoop.partners.policies import is_leadership, oversight_rule, person_of, portfolio_rule
from seccoop.programs.models import (
    Agreement,
    AgreementAuthority,
    AgreementConcurrence,
    AgreementDraft,
    AgreementInteraction,
    AgreementNotice,
    AgreementObligation,
    AgreementType,
    CriticalProgramInformation,
    CwpResourcePlan,
    DefDeliverable,
    ExecutionReport,
    FundingLine,
    NominationScore,
    PartnerContribution,
    PartnerProgramAssessment,
    Program,
    ProgramAssessment,
    ProgramDocument,
    ProgramDocumentVersion,
    RequirementsHarmonization,
    Risk,
    TechnologyReleaseRoadmap,
)
from seccoop.workforce.models import Assignment
from seccoop.workforce.staffing import unit_of

NOTHING = Q(pk__in=[])

CREATOR_ROLES = (Role.PROGRAM_TEAM, Role.DESK_OFFICER)


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def sees_everything(user) -> bool:
    return is_leadership(user)


def _assigned_ids(person, model):
    return (
        Assignment.objects.open()
        .filter(person=person, source_type=ContentType.objects.get_for_model(model))
        .values("source_id")
    )


def _team_unit(user):
    """The org unit whose records a program-team member sees, if any."""
    if not has_role(user, Role.PROGRAM_TEAM):
        return None
    person = person_of(user)
    return unit_of(person) if person is not None else None


def work_record_rule(
    user,
    model,
    *,
    countries: str = "countries",
    org_unit: str | None = "org_unit",
    prefix: str = "",
    chain: bool = True,
    everything: bool = True,
) -> Q | None:
    """The rows of `model` (reached through `prefix`) this user sees; None means all.

    `countries` is the path from a record of `model` to its countries (a
    many-to-many or a foreign key), `org_unit` the path to its team (None
    when it has none). `chain=False` leaves out the supervisor chain, which
    is the rule of changing rather than seeing; `everything=False` gives
    leadership the same rule as anyone else (they see every record but change
    only their own). Every branch is a subquery
    on the primary key, so a record with two matching countries appears once.
    """
    if not _signed_in(user):
        return NOTHING
    if everything and sees_everything(user):
        return None
    desks = oversight_rule(user) if chain else portfolio_rule(user)
    rule = Q(
        **{
            f"{prefix}pk__in": model._default_manager.filter(
                **{f"{countries}__in": Country.objects.filter(desks).values("pk")}
            ).values("pk")
        }
    )
    person = person_of(user)
    if person is not None:
        rule |= Q(**{f"{prefix}pk__in": _assigned_ids(person, model)})
    unit = _team_unit(user)
    if unit is not None and org_unit:
        rule |= Q(**{f"{prefix}{org_unit}": unit})
    return rule


def _visible(user, queryset, model, **paths):
    rule = work_record_rule(user, model, **paths)
    return queryset if rule is None else queryset.filter(rule)


def may_create(user) -> bool:
    return is_administrator(user) or has_role(user, *CREATOR_ROLES)


def may_change_record(user, record, *, countries: str = "countries") -> bool:
    """Assigned to it, holding the desk of one of its countries, its program team, or admin."""
    if not _signed_in(user) or record.pk is None:
        return False
    if is_administrator(user):
        return True
    rule = work_record_rule(user, type(record), countries=countries, chain=False, everything=False)
    return type(record)._default_manager.filter(rule, pk=record.pk).exists()


class WorkRecordPolicy(Policy):
    """A program or an agreement."""

    def visible(self, user, queryset):
        return _visible(user, queryset, queryset.model)

    def can(self, user, action, obj):
        if not _signed_in(user):
            return False
        if action == "view":
            return super().can(user, action, obj)
        if action in ("add", "import"):
            return may_create(user)
        if action in ("change", "archive", "restore", "staff"):
            return may_change_record(user, obj)
        return is_administrator(user)


@register(Program)
class ProgramPolicy(WorkRecordPolicy):
    pass


@register(Agreement)
class AgreementPolicy(WorkRecordPolicy):
    pass


class ChildPolicy(Policy):
    """A record kept around a program or agreement follows its parent."""

    parent_model = Program
    parent_field = "program"

    def parent(self, obj):
        return getattr(obj, self.parent_field)

    def visible(self, user, queryset):
        return _visible(user, queryset, self.parent_model, prefix=f"{self.parent_field}__")

    def can(self, user, action, obj):
        if not _signed_in(user):
            return False
        parent = self.parent(obj)
        if parent is None:
            return is_administrator(user)
        if action == "view":
            return can(user, "view", parent)
        return may_change_record(user, parent)


for _model in (
    PartnerContribution,
    FundingLine,
    ProgramAssessment,
    CriticalProgramInformation,
    TechnologyReleaseRoadmap,
    RequirementsHarmonization,
    PartnerProgramAssessment,
    Risk,
    CwpResourcePlan,
    NominationScore,
    DefDeliverable,
    ExecutionReport,
):
    register(_model)(type(f"{_model.__name__}Policy", (ChildPolicy,), {}))


@register(AgreementInteraction)
class AgreementInteractionPolicy(ChildPolicy):
    parent_model = Agreement
    parent_field = "agreement"


@register(ProgramDocument)
class ProgramDocumentPolicy(ChildPolicy):
    """A document follows the program or the agreement it belongs to."""

    def parent(self, obj):
        return obj.owner

    def visible(self, user, queryset):
        programs = work_record_rule(user, Program, prefix="program__")
        agreements = work_record_rule(user, Agreement, prefix="agreement__")
        if programs is None or agreements is None:
            return queryset
        return queryset.filter(programs | agreements)


@register(ProgramDocumentVersion)
class DocumentVersionPolicy(ProgramDocumentPolicy):
    def parent(self, obj):
        return obj.document.owner

    def visible(self, user, queryset):
        programs = work_record_rule(user, Program, prefix="document__program__")
        agreements = work_record_rule(user, Agreement, prefix="document__agreement__")
        if programs is None or agreements is None:
            return queryset
        return queryset.filter(programs | agreements)


@register(AgreementConcurrence)
class AgreementConcurrencePolicy(AgreementInteractionPolicy):
    pass


@register(AgreementNotice)
class AgreementNoticePolicy(AgreementInteractionPolicy):
    pass


@register(AgreementDraft)
class AgreementDraftPolicy(AgreementInteractionPolicy):
    """Whoever sees the agreement reads its draft versions; whoever may change it uploads."""


@register(AgreementObligation)
class AgreementObligationPolicy(AgreementInteractionPolicy):
    pass


@register(AgreementAuthority)
@register(AgreementType)
class AgreementTypePolicy(Policy):
    """Every signed-in member of staff reads the types; administrators add and change them."""

    def can(self, user, action, obj):
        if action == "view":
            return _signed_in(user)
        return is_administrator(user)
