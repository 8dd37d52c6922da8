"""Policies of export licences (direct commercial sales).

Licences follow the rule of cases (`policies_cases`): administrators and
leadership see every licence; anyone else sees one when they are assigned to
it, hold the desk of its country (or sit above such a desk officer), or, as a
program-team member, when it belongs to their own org unit. A licence is
changed and moved through its workflow by those who work it: the people
assigned to it, its country's desk officers, its program team and
administrators. Desk officers record licences for their own countries and
program-team members for their own unit. Only administrators archive one.
Provisos follow their licence.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from seccoop.core.permissions import Policy, is_administrator, register
from seccoop.programs.models import ExportLicence, LicenceProviso
from seccoop.programs.policies_cases import may_open, may_open_cases
from seccoop.programs.policies_cooperation import may_change_record, work_record_rule


def licence_rule(user) -> Q | None:
    """The licences this user sees, as a filter; None means every licence."""
    return work_record_rule(user, ExportLicence, countries="country")


def visible_licences(user, licences: QuerySet | None = None) -> QuerySet:
    licences = ExportLicence.objects.all() if licences is None else licences
    rule = licence_rule(user)
    return licences if rule is None else licences.filter(rule)


def may_record_licences(user) -> bool:
    """Whoever opens cases records licences: desk officers, program teams, administrators."""
    return may_open_cases(user)


@register(ExportLicence)
class ExportLicencePolicy(Policy):
    def visible(self, user, queryset):
        return visible_licences(user, queryset)

    def can(self, user, action, obj):
        if not getattr(user, "is_authenticated", False):
            return False
        if action == "view":
            return (
                obj.pk is not None
                and visible_licences(user, ExportLicence.objects.filter(pk=obj.pk)).exists()
            )
        if action == "add":
            # The same reach as opening a case: own countries, own team.
            return may_open(user, obj)
        if action in ("change", "staff"):
            return may_change_record(user, obj, countries="country")
        return is_administrator(user)


@register(LicenceProviso)
class LicenceProvisoPolicy(Policy):
    """A licence's provisos: seen and changed by whoever sees and works the licence."""

    def visible(self, user, queryset):
        rule = licence_rule(user)
        if rule is None:
            return queryset
        return queryset.filter(licence__in=ExportLicence.objects.filter(rule).values("pk"))

    def can(self, user, action, obj):
        if not getattr(user, "is_authenticated", False):
            return False
        if action in ("view", "add", "change"):
            return ExportLicencePolicy().can(
                user, "view" if action == "view" else "change", obj.licence
            )
        return is_administrator(user)
