from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from seccoop.development.models import (
    AreaOfConcentration,
    CertificationRecord,
    CertificationRequest,
    CertificationRequirement,
    Course,
    CourseCompetency,
    DevelopmentActivity,
    DevelopmentPlan,
    ExperiencePeriod,
    MappingDecision,
)


class CourseCompetencyInline(admin.TabularInline):
    model = CourseCompetency
    extra = 0
    raw_id_fields = ("competency",)


@admin.register(Course)
class CourseAdmin(SimpleHistoryAdmin):
    list_display = ("title", "provider", "level", "hours", "delivery", "required_for_certification")
    list_filter = ("level", "delivery", "required_for_certification")
    search_fields = ("title", "provider", "external_id")
    inlines = [CourseCompetencyInline]


@admin.register(MappingDecision)
class MappingDecisionAdmin(SimpleHistoryAdmin):
    list_display = ("course", "competency", "decision", "rank", "score", "decided_by", "decided_at")
    list_filter = ("decision",)
    raw_id_fields = ("course", "competency")


class ActivityInline(admin.TabularInline):
    model = DevelopmentActivity
    extra = 0
    raw_id_fields = ("course",)
    filter_horizontal = ("competencies",)


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(SimpleHistoryAdmin):
    list_display = ("person", "updated_at")
    raw_id_fields = ("person",)
    search_fields = ("person__last_name", "person__first_name")
    inlines = [ActivityInline]


@admin.register(CertificationRequirement)
class CertificationRequirementAdmin(SimpleHistoryAdmin):
    list_display = ("position", "key", "area", "level")
    list_filter = ("level", "key", "area")
    raw_id_fields = ("position",)


@admin.register(CertificationRecord)
class CertificationRecordAdmin(SimpleHistoryAdmin):
    list_display = ("person", "entered_position_on", "certified_level", "certified_area")
    list_filter = ("certified_level",)
    raw_id_fields = ("person",)


@admin.register(AreaOfConcentration)
class AreaOfConcentrationAdmin(SimpleHistoryAdmin):
    """The certification authority keeps the areas as DSCU publishes them."""

    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(ExperiencePeriod)
class ExperiencePeriodAdmin(SimpleHistoryAdmin):
    list_display = ("person", "area", "level", "started_on", "ended_on")
    list_filter = ("level", "area")
    raw_id_fields = ("person",)


@admin.register(CertificationRequest)
class CertificationRequestAdmin(SimpleHistoryAdmin):
    """Read-only here: requests are decided on the person's page, through the services."""

    list_display = ("person", "level", "area", "status", "requested_on", "decided_on")
    list_filter = ("status", "level")
    raw_id_fields = ("person",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
