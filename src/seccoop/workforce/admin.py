"""The Django admin of the directorate and its workforce, for operators.

Ratings and current levels are shown read-only: a rating is never changed, a
new judgement is a new rating (recorded through the pages or the API), and
current levels are derived from the ratings.
"""

from django.contrib import admin
from django.db.models import Count

from seccoop.core.admin import DomainAdmin, ReadOnlyAdmin
from seccoop.workforce.models import (
    AssessmentCycle,
    Assignment,
    CurrentLevel,
    GapFigureBuild,
    GapFigureChange,
    GapFigureQueue,
    OrgUnit,
    Person,
    Position,
    Rating,
    RatingReview,
    RoleRequirement,
    RoleTemplate,
    RoleType,
    UnitGapFigures,
)


@admin.register(OrgUnit)
class OrgUnitAdmin(DomainAdmin):
    list_display = ["name", "short_name", "kind", "parent", "external_id"]
    search_fields = ["name", "short_name", "external_id"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(RoleType)
class RoleTypeAdmin(DomainAdmin):
    list_display = ["name", "slug", "position_count"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(position_count=Count("positions"))

    @admin.display(description="positions", ordering="position_count")
    def position_count(self, role_type) -> int:
        return role_type.position_count


class RoleRequirementInline(admin.TabularInline):
    model = RoleRequirement
    extra = 0
    autocomplete_fields = ["competency"]
    fields = ["competency", "level"]


@admin.register(RoleTemplate)
class RoleTemplateAdmin(DomainAdmin):
    list_display = ["name", "role_type", "framework", "requirement_count"]
    search_fields = ["name", "role_type__name", "rationale"]
    list_filter = ["framework", "role_type"]
    list_select_related = ["role_type", "framework"]
    inlines = [RoleRequirementInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(requirement_count=Count("requirements"))

    @admin.display(description="sub-competencies required", ordering="requirement_count")
    def requirement_count(self, template) -> int:
        return template.requirement_count


@admin.register(RoleRequirement)
class RoleRequirementAdmin(DomainAdmin):
    list_display = ["template", "competency_code", "level"]
    search_fields = ["competency__code", "template__name"]
    list_filter = ["template__role_type", "level"]
    list_select_related = ["template", "competency"]
    autocomplete_fields = ["template", "competency"]

    @admin.display(description="sub-competency", ordering="competency__sort_order")
    def competency_code(self, requirement) -> str:
        return requirement.competency.code


@admin.register(Person)
class PersonAdmin(DomainAdmin):
    list_display = ["last_name", "first_name", "grade", "org_unit", "user", "external_id"]
    list_display_links = ["last_name", "first_name"]
    search_fields = ["last_name", "first_name", "email", "external_id", "user__username"]
    list_filter = ["grade", "org_unit__kind"]
    list_select_related = ["org_unit", "user"]
    autocomplete_fields = ["user", "org_unit"]


@admin.register(Position)
class PositionAdmin(DomainAdmin):
    list_display = ["title", "role_type", "org_unit", "incumbent", "grade", "funded"]
    search_fields = ["title", "external_id", "incumbent__last_name", "incumbent__first_name"]
    list_filter = [
        "role_type",
        "org_unit__kind",
        ("incumbent", admin.EmptyFieldListFilter),
        "personnel_category",
        "required_clearance",
        "funded",
    ]
    list_select_related = ["role_type", "org_unit", "incumbent", "reports_to"]
    autocomplete_fields = ["org_unit", "incumbent", "reports_to"]


@admin.register(AssessmentCycle)
class AssessmentCycleAdmin(DomainAdmin):
    list_display = ["name", "framework", "opens_on", "closes_on"]
    search_fields = ["name"]
    list_filter = ["framework"]
    list_select_related = ["framework"]
    date_hierarchy = "opens_on"


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["person", "competency_code", "level", "source", "rated_on", "rater", "cycle"]
    search_fields = ["person__last_name", "person__first_name", "competency__code", "evidence"]
    list_filter = ["source", "cycle", "level"]
    list_select_related = ["person", "competency", "rater", "cycle"]
    date_hierarchy = "rated_on"

    @admin.display(description="sub-competency", ordering="competency__sort_order")
    def competency_code(self, rating) -> str:
        return rating.competency.code


@admin.register(RatingReview)
class RatingReviewAdmin(ReadOnlyAdmin):
    """A validator's answers stay as given, like the ratings they answer."""

    list_display = ["rating", "outcome", "reviewed_by", "reviewed_at"]
    list_filter = ["outcome"]
    search_fields = ["rating__person__last_name", "rating__competency__code", "note"]
    list_select_related = ["rating__person", "rating__competency", "reviewed_by"]
    date_hierarchy = "reviewed_at"


@admin.register(CurrentLevel)
class CurrentLevelAdmin(ReadOnlyAdmin):
    list_display = ["person", "competency_code", "level", "source", "rated_on"]
    search_fields = ["person__last_name", "person__first_name", "competency__code"]
    list_filter = ["source", "level"]
    list_select_related = ["person", "competency"]

    @admin.display(description="sub-competency", ordering="competency__sort_order")
    def competency_code(self, current) -> str:
        return current.competency.code


@admin.register(Assignment)
class AssignmentAdmin(DomainAdmin):
    """Who is assigned to which work record, with what role; released assignments stay on record."""

    list_display = ["person", "role", "source_type", "source_id", "assigned_on", "released_on"]
    list_filter = ["source_type", "released_on"]
    search_fields = ["person__last_name", "person__first_name", "role"]
    list_select_related = ["person", "source_type"]
    autocomplete_fields = ["person"]


@admin.register(GapFigureChange)
class GapFigureChangeAdmin(ReadOnlyAdmin):
    """Changes to the data behind the gap figures that no rebuild has summed yet."""

    list_display = ["changed_at"]


@admin.register(GapFigureQueue)
class GapFigureQueueAdmin(ReadOnlyAdmin):
    list_display = ["rebuild_queued"]


@admin.register(GapFigureBuild)
class GapFigureBuildAdmin(ReadOnlyAdmin):
    """The stored gap figures per framework: when they were summed and how long it took."""

    list_display = ["framework", "built_at", "seconds"]
    list_select_related = ["framework"]


@admin.register(UnitGapFigures)
class UnitGapFiguresAdmin(ReadOnlyAdmin):
    list_display = ["org_unit", "build"]
    list_select_related = ["org_unit", "build__framework"]
    search_fields = ["org_unit__name"]
