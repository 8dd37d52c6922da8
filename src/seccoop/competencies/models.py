"""Competency frameworks: the DoD Security Cooperation model and any others."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from seccoop.core.models import DomainModel, DomainQuerySet


class ProficiencyScale(DomainModel):
    """A proficiency scale with a descriptor per level (by default the OPM levels 0 to 5)."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    proficient_value = models.PositiveSmallIntegerField(
        default=3,
        help_text="The lowest level at which a person counts as proficient.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def values(self) -> list[int]:
        return [level.value for level in self.levels.all()]


class ProficiencyLevel(models.Model):
    """One level of a proficiency scale, such as 3 Intermediate."""

    scale = models.ForeignKey(ProficiencyScale, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    descriptor = models.TextField(blank=True)

    class Meta:
        ordering = ["scale", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "value"],
                name="proficiency_level_unique_value",
                violation_error_message="A scale has one level per value.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.name}"


class FrameworkQuerySet(DomainQuerySet):
    def default(self) -> "Framework":
        """The framework the directorate works with (the SECCOOP_DEFAULT_FRAMEWORK setting)."""
        return self.get(slug=settings.SECCOOP_DEFAULT_FRAMEWORK)


class Framework(DomainModel):
    """A competency framework: a tree of competencies and sub-competencies with a scale."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    version = models.CharField(max_length=50, blank=True)
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the framework comes from."
    )
    identifier = models.UUIDField(
        default=uuid.uuid4, unique=True, help_text="The CASE CFDocument identifier."
    )
    scale = models.ForeignKey(ProficiencyScale, on_delete=models.PROTECT, related_name="frameworks")

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class CompetencyKind(models.TextChoices):
    COMPETENCY = "competency", "Competency"
    SUB_COMPETENCY = "sub-competency", "Sub-competency"


class Competency(DomainModel):
    """A competency (such as 4.0 Sales and Transfers) or a sub-competency (such as 4.C).

    The code is the CASE humanCodingScheme and the Moodle ID number. A
    competency has a title and a description; a sub-competency has its full
    statement as description and, usually, no title.
    """

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="competencies")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    code = models.CharField(max_length=100)
    kind = models.CharField(
        max_length=20, choices=CompetencyKind.choices, default=CompetencyKind.SUB_COMPETENCY
    )
    title = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    identifier = models.UUIDField(default=uuid.uuid4, help_text="The CASE CFItem identifier.")

    class Meta:
        ordering = ["framework", "sort_order", "code"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"],
                name="competency_unique_code_per_framework",
                violation_error_message="A framework has one item per code.",
            ),
            models.UniqueConstraint(
                fields=["framework", "identifier"],
                name="competency_unique_identifier_per_framework",
                violation_error_message="A framework has one item per identifier.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        """The title, or for a sub-competency its statement."""
        return self.title or self.description

    def clean(self):
        if self.parent_id and self.parent.framework_id != self.framework_id:
            raise ValidationError({"parent": "The parent must belong to the same framework."})
        # Walk up the saved ancestors; an unsaved item has no cycle to find yet.
        ancestor, seen = self.parent, {self.pk} - {None}
        while ancestor is not None and ancestor.pk is not None:
            if ancestor.pk in seen:
                raise ValidationError({"parent": "A competency cannot be its own ancestor."})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
