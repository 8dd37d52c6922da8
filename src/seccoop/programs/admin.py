"""The Django admin of the programs app, for operators.

Agreement types are kept here (the usual ones are seeded). The cases half of
the app registers its models in admin_cases.
"""

import contextlib

from django.contrib import admin

from seccoop.core.admin import DomainAdmin
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
    FundingLine,
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

# The cases half registers its models there, once it has any.
with contextlib.suppress(ImportError):
    import seccoop.programs.admin_cases  # noqa: F401


@admin.register(AgreementType)
class AgreementTypeAdmin(DomainAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AgreementAuthority)
class AgreementAuthorityAdmin(DomainAdmin):
    list_display = ["citation", "name", "former_citation", "notice_timing"]
    search_fields = ["citation", "name", "former_citation", "slug"]


@admin.register(Program)
class ProgramAdmin(DomainAdmin):
    list_display = ["name", "kind", "state", "fiscal_year", "org_unit"]
    list_filter = ["kind", "state"]
    search_fields = ["name", "external_id"]
    filter_horizontal = ["countries"]


@admin.register(Agreement)
class AgreementAdmin(DomainAdmin):
    list_display = ["title", "instrument", "agreement_type", "authority", "state", "expires_on"]
    list_filter = ["state", "instrument", "agreement_type", "authority"]
    search_fields = ["title", "external_id"]
    filter_horizontal = ["countries", "negotiation_rounds"]


@admin.register(ProgramDocument)
class ProgramDocumentAdmin(DomainAdmin):
    list_display = ["title", "kind", "program", "agreement", "classification"]
    list_filter = ["kind", "classification"]
    search_fields = ["title"]


for _model in (
    AgreementConcurrence,
    AgreementDraft,
    AgreementInteraction,
    AgreementNotice,
    AgreementObligation,
    CriticalProgramInformation,
    FundingLine,
    PartnerContribution,
    PartnerProgramAssessment,
    ProgramAssessment,
    ProgramDocumentVersion,
    RequirementsHarmonization,
    Risk,
    TechnologyReleaseRoadmap,
):
    admin.site.register(_model, DomainAdmin)
