"""The Django admin of the partner records, for operators.

Regions and groupings are defined here; evidence of practice is read-only
(the engagement services keep it in step with who took part).
"""

from django.contrib import admin

from seccoop.core.admin import DomainAdmin
from seccoop.partners.models import (
    CapabilityGapAssessment,
    Counterpart,
    Country,
    CountryGrouping,
    Engagement,
    EngagementType,
    FollowUpAction,
    LanguageProficiency,
    PartnerOrganization,
    PracticeEvidence,
    ProfileSection,
    Region,
)
from seccoop.partners.services import sync_practice_evidence


@admin.register(Region)
class RegionAdmin(DomainAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(CountryGrouping)
class CountryGroupingAdmin(DomainAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Country)
class CountryAdmin(DomainAdmin):
    list_display = [
        "name",
        "iso_code",
        "sc_customer_code",
        "fms_eligible",
        "nato_plus_five",
        "region",
        "primary_desk_officer",
        "backup_desk_officer",
    ]
    list_filter = ["region", "groupings", "fms_eligible", "nato_plus_five"]
    list_select_related = ["region", "primary_desk_officer", "backup_desk_officer"]
    search_fields = ["name", "official_name", "iso_code", "iso_alpha3", "sc_customer_code"]
    autocomplete_fields = ["primary_desk_officer", "backup_desk_officer"]
    filter_horizontal = ["groupings"]
    readonly_fields = ["iso_code", "iso_alpha3"]


@admin.register(ProfileSection)
class ProfileSectionAdmin(DomainAdmin):
    list_display = ["country", "kind", "as_of"]
    list_filter = ["kind"]
    list_select_related = ["country"]
    search_fields = ["country__name", "text"]
    autocomplete_fields = ["country"]


@admin.register(CapabilityGapAssessment)
class CapabilityGapAssessmentAdmin(DomainAdmin):
    list_display = ["country", "area", "severity", "assessed_on"]
    list_filter = ["area", "severity"]
    list_select_related = ["country"]
    search_fields = ["country__name"]
    autocomplete_fields = ["country", "assessed_by"]


@admin.register(PartnerOrganization)
class PartnerOrganizationAdmin(DomainAdmin):
    list_display = ["name", "kind", "country", "external_id"]
    list_filter = ["kind"]
    list_select_related = ["country"]
    search_fields = ["name", "external_id"]
    autocomplete_fields = ["country"]


@admin.register(Counterpart)
class CounterpartAdmin(DomainAdmin):
    list_display = ["last_name", "first_name", "role", "organization"]
    list_select_related = ["organization"]
    search_fields = ["last_name", "first_name", "organization__name", "external_id"]
    autocomplete_fields = ["organization"]


@admin.register(LanguageProficiency)
class LanguageProficiencyAdmin(DomainAdmin):
    list_display = ["person", "language", "listening", "reading", "speaking", "tested_on"]
    list_select_related = ["person"]
    search_fields = ["person__last_name", "language"]
    autocomplete_fields = ["person"]


@admin.register(EngagementType)
class EngagementTypeAdmin(DomainAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["competencies"]

    def save_related(self, request, form, formsets, change):
        """Changing what a type exercises changes the evidence of every engagement of the type."""
        super().save_related(request, form, formsets, change)
        sync_practice_evidence(form.instance.engagements.all(), recorded_by=request.user)


class FollowUpActionInline(admin.TabularInline):
    model = FollowUpAction
    extra = 0
    autocomplete_fields = ["owner"]


@admin.register(Engagement)
class EngagementAdmin(DomainAdmin):
    """Engagements in the admin; the participants' evidence follows every save, as on the pages."""

    list_display = ["title", "engagement_type", "starts_on", "ends_on", "place"]
    list_filter = ["engagement_type"]
    list_select_related = ["engagement_type"]
    search_fields = ["title", "place", "external_id"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["countries", "participants", "counterparts", "organizations"]
    inlines = [FollowUpActionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        sync_practice_evidence([form.instance], recorded_by=request.user)


@admin.register(PracticeEvidence)
class PracticeEvidenceAdmin(admin.ModelAdmin):
    list_display = ["person", "competency", "practiced_on", "status", "source_type", "source_id"]
    list_filter = ["status"]
    list_select_related = ["person", "competency", "source_type"]
    search_fields = ["person__last_name", "competency__code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
