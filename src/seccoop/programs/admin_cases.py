"""Admin registrations of sales and transfer cases, for operators.

A case's state and workflow dates are read-only here: they move only through
the case's workflow, which records every move.
"""

from django.contrib import admin

from seccoop.core.admin import DomainAdmin
from seccoop.programs.models import (
    Case,
    CaseLine,
    CaseMilestone,
    CaseReview,
    CaseVersion,
    ClosureAction,
    LetterOfRequest,
    Payment,
)
from seccoop.programs.services.cases import WORKFLOW_FIELDS


class CaseAdmin(DomainAdmin):
    list_display = ["identifier", "title", "country", "kind", "state", "offer_expires_on"]
    list_filter = ["kind", "state", "implementing_agency"]
    search_fields = ["identifier", "title"]
    autocomplete_fields = ["country"]
    filter_horizontal = ["engagements"]
    readonly_fields = sorted(WORKFLOW_FIELDS)


class CaseRecordAdmin(DomainAdmin):
    list_display = ["__str__", "case"]
    search_fields = ["case__identifier"]
    raw_id_fields = ["case"]


admin.site.register(Case, CaseAdmin)
for model in (LetterOfRequest, CaseLine, Payment, CaseMilestone, CaseReview, ClosureAction):
    admin.site.register(model, CaseRecordAdmin)


@admin.register(CaseVersion)
class CaseVersionAdmin(CaseRecordAdmin):
    """Read-only: a version moves through its workflow, and one in force is never rewritten."""

    list_display = ["__str__", "case", "state"]
    list_filter = ["kind", "state"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
