"""The Django admin of the controls records, for operators.

Disclosure decisions, releases, the workflow state and delegation versions
are read-only here: the controls services keep their rules (releases only
where a decision approved, one current letter per program).
"""

from django.contrib import admin

from seccoop.controls.models import (
    Assistance,
    CountryDecision,
    DelegationOfDisclosureAuthority,
    DisclosureRequest,
    DisclosureReview,
    EndUseItem,
    ExecutionConstraint,
    Inventory,
    Nominee,
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
    list_display = ["title", "program", "version_number", "effective_on", "superseded_on"]


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


for model in (DisclosureReview, CountryDecision, Release, Inventory, UseIncident, Vetting,
              Assistance):  # fmt: skip
    admin.site.register(model, ReadOnlyAdmin)
