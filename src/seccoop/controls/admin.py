"""The Django admin of the controls records, for operators.

Disclosure decisions, releases, the workflow state, delegation versions,
ceilings, exceptions and criteria assessments are read-only here: the
controls services keep their rules (releases only where a decision approved,
one current letter per subject).
"""

from django.contrib import admin

from seccoop.controls.models import (
    Assistance,
    CountryDecision,
    CriterionAssessment,
    DelegationOfDisclosureAuthority,
    DisclosureCeiling,
    DisclosureRequest,
    DisclosureReview,
    EndUseItem,
    ExecutionConstraint,
    Inventory,
    Nominee,
    PolicyException,
    PolicyRestriction,
    Release,
    SecurityAgreement,
    UseIncident,
    Vetting,
)
from seccoop.core.admin import DomainAdmin


class ReadOnlyAdmin(DomainAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DisclosureRequest)
class DisclosureRequestAdmin(DomainAdmin):
    list_display = ["title", "state", "category", "submitted_on"]
    list_filter = ["state", "category"]
    search_fields = ["title", "external_id"]
    readonly_fields = ["state", "state_changed_at", "decision_reasons", "decision_conditions"]


@admin.register(DelegationOfDisclosureAuthority)
class DelegationAdmin(ReadOnlyAdmin):
    list_display = [
        "title", "subject_kind", "program", "version_number", "effective_on", "approved_on",
        "superseded_on",
    ]  # fmt: skip


@admin.register(PolicyRestriction)
class PolicyRestrictionAdmin(DomainAdmin):
    list_display = ["title", "country", "category", "effective_on", "lifted_on"]


@admin.register(SecurityAgreement)
class SecurityAgreementAdmin(DomainAdmin):
    list_display = ["title", "country", "kind", "status", "signed_on"]
    list_filter = ["kind", "status"]


@admin.register(EndUseItem)
class EndUseItemAdmin(DomainAdmin):
    list_display = ["description", "serial_number", "case", "monitoring", "arrived_on"]
    list_filter = ["monitoring"]
    search_fields = ["description", "serial_number", "external_id"]


@admin.register(Nominee)
class NomineeAdmin(DomainAdmin):
    list_display = ["name", "kind", "country", "nominated_on"]


@admin.register(ExecutionConstraint)
class ExecutionConstraintAdmin(DomainAdmin):
    list_display = ["title", "kind", "status", "identified_on"]
    list_filter = ["kind", "status"]


# Ceiling versions, exceptions and criteria keep their rules in the services (one current
# ceiling, the committee's workflow, a finding on every criterion).
for model in (DisclosureReview, CountryDecision, Release, Inventory, UseIncident, Vetting,
              Assistance, DisclosureCeiling, PolicyException, CriterionAssessment):  # fmt: skip
    admin.site.register(model, ReadOnlyAdmin)
