"""Policies of sales and transfer cases.

Cases follow the rule of every work record of the programs app
(`policies_cooperation.work_record_rule`): administrators and leadership see
every case; anyone else sees a case when they are assigned to it, hold the
desk (primary or backup) of its country or sit above such a desk officer in
the supervisor chain, or, as a program-team member, when it belongs to their
own org unit. A case is worked (changed, moved through its workflow) by the
people assigned to it, its country's desk officers, its program team and
administrators, who also assign people to it.
Desk officers open cases for their own countries and program-team members
for their own unit. Only administrators archive a case. The records of a case
(its request, lines, payments, milestones, reviews, closure actions and
versions)
follow their case.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from seccoop.core.permissions import Policy, Role, has_role, is_administrator, register
from seccoop.partners.models import Country
from seccoop.partners.policies import person_of, portfolio_rule
from seccoop.programs.models import (
    Case,
    CaseLine,
    CaseMilestone,
    CaseReview,
    CaseStatusReconciliation,
    CaseVersion,
    ClosureAction,
    LetterOfRequest,
    Payment,
    ReconciliationFinding,
)
from seccoop.programs.policies_cooperation import may_change_record, work_record_rule
from seccoop.workforce.staffing import unit_of


def case_rule(user) -> Q | None:
    """The cases this user sees, as a filter on cases; None means every case."""
    return work_record_rule(user, Case, countries="country")


def visible_cases(user, cases: QuerySet[Case] | None = None) -> QuerySet[Case]:
    cases = Case.objects.all() if cases is None else cases
    rule = case_rule(user)
    return cases if rule is None else cases.filter(rule)


def may_open_cases(user) -> bool:
    """Desk officers, program-team members and administrators open cases."""
    return is_administrator(user) or has_role(user, Role.DESK_OFFICER, Role.PROGRAM_TEAM)


def may_open(user, case: Case) -> bool:
    """A desk officer for their own countries, a program-team member for their own unit."""
    if is_administrator(user):
        return True
    if not may_open_cases(user):
        return False
    if (
        case.country_id
        and Country.objects.filter(portfolio_rule(user), pk=case.country_id).exists()
    ):
        return True
    person = person_of(user)
    if not has_role(user, Role.PROGRAM_TEAM) or person is None or case.org_unit_id is None:
        return False
    unit = unit_of(person)
    return unit is not None and unit.pk == case.org_unit_id


@register(Case)
class CasePolicy(Policy):
    def visible(self, user, queryset):
        return visible_cases(user, queryset)

    def can(self, user, action, obj):
        if not getattr(user, "is_authenticated", False):
            return False
        if action == "view":
            return (
                obj.pk is not None and visible_cases(user, Case.objects.filter(pk=obj.pk)).exists()
            )
        if action == "add":
            return may_open(user, obj)
        if action == "import":
            return may_open_cases(user)
        if action in ("change", "staff"):
            return may_change_record(user, obj, countries="country")
        return is_administrator(user)


@register(LetterOfRequest)
@register(CaseLine)
@register(Payment)
@register(CaseMilestone)
@register(CaseReview)
@register(ClosureAction)
@register(CaseVersion)
class CaseRecordPolicy(Policy):
    """A case's own records: seen and changed by whoever sees and works the case."""

    def visible(self, user, queryset):
        rule = case_rule(user)
        if rule is None:
            return queryset
        return queryset.filter(case__in=Case.objects.filter(rule).values("pk"))

    def can(self, user, action, obj):
        if not getattr(user, "is_authenticated", False):
            return False
        if action == "import":
            # A file of case lines, as of cases, from whoever may open cases; the
            # importer refuses a line of a case the user does not work.
            return may_open_cases(user)
        if action in ("view", "add", "change", "complete"):
            return CasePolicy().can(user, "view" if action == "view" else "change", obj.case)
        return is_administrator(user)


@register(CaseStatusReconciliation)
class CaseStatusReconciliationPolicy(Policy):
    """Runs of a case-status extract: seen by whoever may import cases, and by leadership.

    Within a run, each finding is seen by whoever sees its case
    (`services.case_status.findings_visible_to`).
    """

    def visible(self, user, queryset):
        if is_administrator(user) or may_open_cases(user) or has_role(user, Role.LEADERSHIP):
            return queryset
        return queryset.none()

    def can(self, user, action, obj):
        if not getattr(user, "is_authenticated", False):
            return False
        if action == "view":
            return is_administrator(user) or may_open_cases(user) or has_role(user, Role.LEADERSHIP)
        if action in ("add", "import"):
            return may_open_cases(user)
        return is_administrator(user)


@register(ReconciliationFinding)
class ReconciliationFindingPolicy(Policy):
    """A finding follows its case: resolved by whoever works the case."""

    def visible(self, user, queryset):
        rule = case_rule(user)
        if rule is None:
            return queryset
        return queryset.filter(case__in=Case.objects.filter(rule).values("pk"))

    def can(self, user, action, obj):
        if not getattr(user, "is_authenticated", False) or obj.case_id is None:
            return is_administrator(user)
        if action == "view":
            return CasePolicy().can(user, "view", obj.case)
        if action in ("resolve", "change"):
            return CasePolicy().can(user, "change", obj.case)
        return is_administrator(user)
