"""The Django admin of competency frameworks, for operators."""

from django.contrib import admin
from django.db.models import Count, Q

from seccoop.competencies.models import (
    Competency,
    CompetencyKind,
    Framework,
    ProficiencyLevel,
    ProficiencyScale,
)
from seccoop.core.admin import DomainAdmin


class ProficiencyLevelInline(admin.TabularInline):
    model = ProficiencyLevel
    extra = 0


@admin.register(ProficiencyScale)
class ProficiencyScaleAdmin(DomainAdmin):
    list_display = ["name", "proficient_value", "level_count"]
    search_fields = ["name", "description"]
    list_filter = ["proficient_value"]
    inlines = [ProficiencyLevelInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(level_count=Count("levels"))

    @admin.display(description="levels", ordering="level_count")
    def level_count(self, scale) -> int:
        return scale.level_count


@admin.register(ProficiencyLevel)
class ProficiencyLevelAdmin(admin.ModelAdmin):
    list_display = ["scale", "value", "name"]
    list_filter = ["scale"]
    search_fields = ["name", "descriptor"]
    list_select_related = ["scale"]


@admin.register(Framework)
class FrameworkAdmin(DomainAdmin):
    list_display = ["title", "slug", "version", "scale", "sub_competency_count"]
    search_fields = ["title", "slug", "description", "source"]
    list_filter = ["scale"]
    list_select_related = ["scale"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                sub_competency_count=Count(
                    "competencies", filter=Q(competencies__kind=CompetencyKind.SUB_COMPETENCY)
                )
            )
        )

    @admin.display(description="sub-competencies", ordering="sub_competency_count")
    def sub_competency_count(self, framework) -> int:
        return framework.sub_competency_count


@admin.register(Competency)
class CompetencyAdmin(DomainAdmin):
    list_display = ["code", "kind", "statement", "framework"]
    list_display_links = ["code", "statement"]
    search_fields = ["code", "title", "description"]
    list_filter = ["framework", "kind"]
    list_select_related = ["framework"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["identifier"]

    @admin.display(description="title or statement")
    def statement(self, competency) -> str:
        label = competency.label
        return label if len(label) <= 120 else f"{label[:117]}…"
