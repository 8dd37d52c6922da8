"""Exceptions to National Disclosure Policy, and the assessment against each disclosure criterion.

DoDD 5230.11 (enclosure 3) allows a disclosure of classified military
information only when five criteria are met: it is consistent with U.S.
foreign policy and national security objectives toward the recipient; it is
consistent with U.S. military and security objectives; the recipient will
protect it substantially as the United States does; the United States
benefits at least as much as the information is worth; and it is limited to
what the purpose needs. Every decision, and every exception request, records
a finding on each of them (`CriterionAssessment`).

A disclosure beyond a country's ceiling, or in conflict with a policy
restriction, needs an exception to National Disclosure Policy, decided by
the National Disclosure Policy Committee (NDPC) on a request that says what
(the level and category), to whom, why an exception is needed, and how each
criterion is met (DoDD 5230.11, section 5 and enclosure 3; International
Programs Security Handbook, chapter 3 and appendix B; SAMM C3.2.3).
The committee's decision, with its conditions, then bounds the releases.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from seccoop.controls.models.ceilings import level_rank
from seccoop.controls.models.disclosure import CeilingLevel, DisclosureCategory, DisclosureRequest
from seccoop.core.models import DomainModel
from seccoop.partners.models import Country

__all__ = [
    "CriterionAssessment",
    "CriterionFinding",
    "DisclosureCriterion",
    "ExceptionState",
    "PolicyException",
]


class DisclosureCriterion(models.TextChoices):
    """The disclosure criteria of DoDD 5230.11, enclosure 3, in its order."""

    FOREIGN_POLICY = "foreign-policy", "Consistent with U.S. foreign policy and national security"
    MILITARY_SECURITY = "military-security", "Consistent with U.S. military and security objectives"
    PROTECTION = "protection", "Protected by the recipient substantially as by the United States"
    BENEFIT = "benefit", "Benefit to the United States at least equal to the value disclosed"
    LIMITED = "limited", "Limited to the information the purpose needs"


class CriterionFinding(models.TextChoices):
    MET = "met", "Met"
    MET_WITH_CONDITIONS = "met-with-conditions", "Met with conditions"
    NOT_MET = "not-met", "Not met"


class ExceptionState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted to the committee"
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CONDITIONS = "approved-with-conditions", "Approved with conditions"
    DENIED = "denied", "Denied"
    WITHDRAWN = "withdrawn", "Withdrawn"


EXCEPTION_GRANTED = (ExceptionState.APPROVED, ExceptionState.APPROVED_WITH_CONDITIONS)


class PolicyException(DomainModel):
    """A request for an exception to National Disclosure Policy, and the committee's decision.

    It names the information (what), the countries (to whom), the
    justification (why), the level and category sought, and its assessment
    against each disclosure criterion. Once approved, a disclosure request
    it serves may be approved for the countries and level it grants, and
    releases respect its conditions and the day it lapses.
    """

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("9.A", "9.C", "5.E")

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.PROTECT, related_name="policy_exceptions"
    )
    information = models.TextField(help_text="What would be disclosed, described by metadata.")
    countries = models.ManyToManyField(
        Country, related_name="+", help_text="The countries it would be disclosed to."
    )
    category = models.CharField(max_length=2, choices=DisclosureCategory.choices)
    level = models.CharField(
        max_length=3,
        choices=CeilingLevel.choices,
        help_text="The highest level of the information to be disclosed.",
    )
    justification = models.TextField(help_text="Why: the purpose and the benefit sought.")
    state = models.CharField(
        max_length=30, choices=ExceptionState.choices, default=ExceptionState.DRAFT
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_reference = models.CharField(
        max_length=200, blank=True, help_text="The committee's decision, such as its record number."
    )
    decision_conditions = models.TextField(
        blank=True, help_text="The conditions the committee set: every release respects them."
    )
    valid_until = models.DateField(
        null=True, blank=True, help_text="The last day a release may rely on it, if limited."
    )
    # The committee may grant less than was asked: fewer countries, a lower level
    # (DoDD 5230.11, section 5: the committee decides the exception; International
    # Programs Security Handbook, chapter 3: its decision, with any limits, governs).
    granted_countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="+",
        help_text="The countries the committee granted; all those requested when left empty.",
    )
    granted_level = models.CharField(
        max_length=3,
        choices=CeilingLevel.choices,
        blank=True,
        help_text="The highest level the committee granted; the level requested when left empty.",
    )

    class Meta:
        ordering = ["-pk"]
        verbose_name = "exception to national disclosure policy"
        verbose_name_plural = "exceptions to national disclosure policy"

    def __str__(self) -> str:
        return f"Exception for “{self.request}”"

    def clean(self):
        if self.valid_until and self.decided_on and self.valid_until < self.decided_on:
            raise ValidationError({"valid_until": "It lapses on or after the day it was decided."})
        if (
            self.granted_level
            and self.level
            and level_rank(self.granted_level) > level_rank(self.level)
        ):
            raise ValidationError(
                {
                    "granted_level": f"The committee grants at most the level requested "
                    f"({self.get_level_display()})."
                }
            )

    @property
    def is_granted(self) -> bool:
        return self.state in EXCEPTION_GRANTED

    @property
    def level_granted(self) -> str:
        """The highest level a release may rest on: the level granted, else the one requested."""
        return self.granted_level or self.level

    def get_level_granted_display(self) -> str:
        return CeilingLevel(self.level_granted).label

    def countries_granted(self) -> list[Country]:
        """The countries a release may go to under it: those granted, else those requested."""
        return list(self.granted_countries.all()) or list(self.countries.all())

    @property
    def is_narrowed(self) -> bool:
        """Whether the committee granted fewer countries or a lower level than requested."""
        if self.granted_level and self.granted_level != self.level:
            return True
        granted = {c.pk for c in self.granted_countries.all()}
        return bool(granted) and granted != {c.pk for c in self.countries.all()}


class CriterionAssessment(DomainModel):
    """A finding on one disclosure criterion, for a decision or for an exception request."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("9.A",)

    request = models.ForeignKey(
        DisclosureRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="criteria",
        help_text="The disclosure request whose decision it supports.",
    )
    exception = models.ForeignKey(
        PolicyException,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="criteria",
    )
    criterion = models.CharField(max_length=30, choices=DisclosureCriterion.choices)
    finding = models.CharField(max_length=30, choices=CriterionFinding.choices)
    rationale = models.TextField(help_text="Why the criterion is met, or not.")

    class Meta:
        ordering = ["request", "exception", "criterion"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(request__isnull=True, exception__isnull=False)
                | models.Q(request__isnull=False, exception__isnull=True),
                name="criterion_one_owner",
                violation_error_message="An assessment belongs to a decision or an exception.",
            ),
            models.UniqueConstraint(
                fields=["request", "criterion"],
                name="criterion_once_per_request",
                violation_error_message="This criterion is already assessed for the decision.",
            ),
            models.UniqueConstraint(
                fields=["exception", "criterion"],
                name="criterion_once_per_exception",
                violation_error_message="This criterion is already assessed for the exception.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()}: {self.get_finding_display()}"

    def clean(self):
        if not self.rationale.strip():
            raise ValidationError({"rationale": "Say why the criterion is met, or not."})
