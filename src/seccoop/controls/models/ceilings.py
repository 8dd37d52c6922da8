"""Disclosure ceilings and policy restrictions: the data a disclosure decision is checked against.

National Disclosure Policy (NDP-1) sets, for each country and each of its
eight categories of classified military information, the highest level that
may be disclosed without an exception to policy (International Programs
Security Handbook, chapter 3; DoDD 5230.11, enclosure 3). The chart itself
is not public: what is held here is what the foreign disclosure office
entered from it, version by version, and every page showing it says so.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from seccoop.controls.models.disclosure import DisclosureCategory
from seccoop.core.models import DomainModel
from seccoop.partners.models import Country

__all__ = [
    "CEILING_DATA_NOTICE",
    "CeilingValue",
    "DisclosureCeiling",
    "PolicyRestriction",
    "level_rank",
]

CEILING_DATA_NOTICE = (
    "Entered data, not the policy: these ceilings are what the foreign disclosure office "
    "entered from National Disclosure Policy (NDP-1) for its own use. The policy and its "
    "chart govern; check them before relying on a value here."
)


class CeilingValue(models.TextChoices):
    """The highest level of a category that may be disclosed to a country without an exception.

    NDP-1 charts a level per country and category, or none at all (International
    Programs Security Handbook, chapter 3, section C).
    """

    NONE = "0", "No classified disclosure"
    CONFIDENTIAL = "C", "CONFIDENTIAL"
    SECRET = "S", "SECRET"
    TOP_SECRET = "TS", "TOP SECRET"


_RANK = {"0": 0, "U": 0, "CUI": 0, "C": 1, "S": 2, "TS": 3}


def level_rank(level: str) -> int:
    """Order levels for comparison: unclassified and CUI rank with “no classified disclosure”.

    NDP-1 governs classified military information only (DoDD 5230.11, section 2),
    so information below CONFIDENTIAL never exceeds a ceiling.
    """
    return _RANK[level]


class DisclosureCeiling(DomainModel):
    """One entry of the ceiling table: a country, an NDP category and its level, in one version.

    A new version supersedes the current entry, which is kept with the day it
    was superseded, so a decision can be read against the table of its day.
    """

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("9.A", "9.C")

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=2, choices=DisclosureCategory.choices)
    level = models.CharField(
        max_length=3,
        choices=CeilingValue.choices,
        help_text="The highest level that may be disclosed without an exception to policy.",
    )
    version_number = models.PositiveIntegerField(default=1)
    effective_on = models.DateField()
    superseded_on = models.DateField(null=True, blank=True)
    source_note = models.CharField(
        max_length=300,
        help_text="Where the value was entered from, such as the chart and its date.",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["country__name", "category", "-version_number"]
        verbose_name = "disclosure ceiling"
        constraints = [
            models.UniqueConstraint(
                fields=["country", "category", "version_number"],
                name="ceiling_one_per_version",
                violation_error_message="This country and category already have this version.",
            ),
            models.UniqueConstraint(
                fields=["country", "category"],
                condition=models.Q(superseded_on__isnull=True),
                name="ceiling_one_current",
                violation_error_message="A country has one current ceiling per category.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country}, category {self.category}: {self.get_level_display()}"

    @property
    def is_current(self) -> bool:
        return self.superseded_on is None

    def clean(self):
        if self.superseded_on and self.effective_on and self.superseded_on < self.effective_on:
            raise ValidationError(
                {"superseded_on": "A ceiling is superseded on or after the day it took effect."}
            )


class PolicyRestriction(DomainModel):
    """A restriction on disclosure to a country recorded by the office (a policy it must respect).

    Such as a decision of the National Disclosure Policy Committee, a
    Secretary's restriction or a technology-specific policy (International
    Programs Security Handbook, chapter 3). A disclosure request to the
    country in the category it names (every category when none is named)
    conflicts with it and needs an exception before it can be approved.
    """

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("9.A", "9.C")

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(
        max_length=2,
        choices=DisclosureCategory.choices,
        blank=True,
        help_text="Leave empty when it restricts every category.",
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    authority = models.CharField(max_length=300, help_text="Who imposed it, and in what document.")
    effective_on = models.DateField()
    lifted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["country__name", "-effective_on", "-pk"]
        verbose_name = "policy restriction"

    def __str__(self) -> str:
        return f"{self.country}: {self.title}"

    def clean(self):
        if self.lifted_on and self.effective_on and self.lifted_on < self.effective_on:
            raise ValidationError(
                {"lifted_on": "A restriction is lifted on or after the day it took effect."}
            )
