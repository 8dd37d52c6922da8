"""Foreign visits, liaison officers and exchange personnel.

Visits by foreign representatives are one-time, recurring or extended
(SAMM C3.4.1.1-C3.4.1.3; DoDD 5230.20, "Visits and Assignments of Foreign
Nationals"). Approving a visit that involves classified information is a
disclosure decision (SAMM C3.4.1): a visit is approved only after the
disclosure request it rests on has been decided for the visitors' country.

Foreign liaison officers (FLO), exchange personnel under the Defense
Personnel Exchange Program (the Engineer and Scientist Exchange Program,
ESEP, and the Military Personnel Exchange Program, MPEP) and cooperative
program personnel fill certified positions (DoDD 5230.20; International
Programs Security Handbook ch. 7). Each works under a delegation of
disclosure authority letter that says what may be disclosed to them (the
Handbook's appendix I is such a letter for a liaison officer): without a
current letter, the person is flagged.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models

from seccoop.core.models import DomainModel
from seccoop.partners.models import Country, Marked
from seccoop.workforce.models import Person

__all__ = [
    "ExtensionKind",
    "ForeignRepresentative",
    "RepresentativeExtension",
    "RepresentativeKind",
    "VisitKind",
    "VisitRequest",
    "VisitState",
]


class VisitKind(models.TextChoices):
    """The Foreign Visits System categories (SAMM C3.4.1; DoDD 5230.20)."""

    ONE_TIME = "one-time", "One-time (a single short visit, normally under 30 days)"
    RECURRING = "recurring", "Recurring (intermittent visits over a stated period)"
    EXTENDED = "extended", "Extended (a single visit beyond 30 days)"


class VisitState(models.TextChoices):
    REQUESTED = "requested", "Requested"
    APPROVED = "approved", "Approved"
    AMENDED = "amended", "Approved as amended"
    DENIED = "denied", "Denied"
    COMPLETED = "completed", "Visited (after-visit record made)"


APPROVED_VISIT_STATES = (VisitState.APPROVED, VisitState.AMENDED)


class VisitRequest(Marked, DomainModel):
    """A request by a foreign government for its representatives to visit.

    It names the host, the purpose, the dates, what would be disclosed and
    the disclosure request whose decision it rests on; it is approved,
    approved as amended or denied, and after the visit its escort and
    what happened are recorded.
    """

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("9.A", "9.B")

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="visit_requests", help_text=(
            "The government that requests the visit."
        ),
    )  # fmt: skip
    kind = models.CharField(
        max_length=20,
        choices=VisitKind.choices,
        help_text="Foreign Visits System category (SAMM C3.4.1.1-C3.4.1.3, DoDD 5230.20).",
    )
    reference = models.CharField(
        max_length=60, blank=True, help_text="The Foreign Visits System request number, if any."
    )
    visitors = models.TextField(help_text="Who visits: names, ranks and positions.")
    host_organization = models.CharField(max_length=200, help_text="The activity visited.")
    host = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The host's point of contact.",
    )
    purpose = models.TextField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    information = models.TextField(
        verbose_name="information to be disclosed",
        help_text="What the visitors would see or hear (SAMM C3.4.1: the request or its answer "
        "documents the information to be disclosed).",
    )
    disclosure_request = models.ForeignKey(
        "controls.DisclosureRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit_requests",
        help_text="The disclosure request whose decision the visit rests on.",
    )
    escort = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who escorts the visitors.",
    )
    state = models.CharField(
        max_length=20, choices=VisitState.choices, default=VisitState.REQUESTED
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    amendments = models.TextField(
        blank=True, help_text="How the visit was amended (dates, visitors, scope) when approved."
    )
    after_visit_record = models.TextField(
        blank=True, help_text="What happened: who attended, what was disclosed, any incident."
    )

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="visit_request_ends_after_start",
                violation_error_message="A visit ends on or after the day it starts.",
            )
        ]
        indexes = [
            # The country page's upcoming visits.
            models.Index(fields=["country", "starts_on"], name="visit_country_start_idx"),
        ]

    def __str__(self) -> str:
        kind = self.get_kind_display().split(" (")[0]
        return f"{kind} visit by {self.country} to {self.host_organization}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "A visit ends on or after the day it starts."})

    @property
    def is_approved(self) -> bool:
        return self.state in APPROVED_VISIT_STATES


class RepresentativeKind(models.TextChoices):
    """Foreign representatives assigned to DoD (DoDD 5230.20; IPS Handbook ch. 7)."""

    LIAISON = "liaison-officer", "Foreign liaison officer"
    ESEP = "esep", "Exchange: Engineer and Scientist Exchange Program (ESEP)"
    MPEP = "mpep", "Exchange: Military Personnel Exchange Program (MPEP)"
    COOPERATIVE = "cooperative-program", "Cooperative program personnel"


class ForeignRepresentative(DomainModel):
    """A foreign liaison officer or exchange officer in a certified position.

    The letter that governs them is a program's delegation of disclosure
    authority letter recorded here, or (for a letter kept elsewhere) its
    reference, date and end. Certification and tour each have an end, and
    extensions move them.
    """

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("9.A", "9.B")

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="foreign_representatives"
    )
    kind = models.CharField(max_length=30, choices=RepresentativeKind.choices)
    name = models.CharField(max_length=200, help_text="Name and rank.")
    position = models.CharField(max_length=200, help_text="The certified position they fill.")
    host_organization = models.CharField(max_length=200)
    contact_officer = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The U.S. contact officer who oversees them (DoDD 5230.20).",
    )
    certified_on = models.DateField(help_text="The day their government certified them.")
    certification_ends_on = models.DateField(help_text="The end of the certification.")
    reports_on = models.DateField(help_text="The day they report to the host.")
    departs_on = models.DateField(help_text="The end of the tour, as last extended.")
    duties = models.TextField(help_text="The duties they may perform.")
    access = models.TextField(help_text="What they may access, and how (oral, visual, documents).")
    governing_letter = models.ForeignKey(
        "controls.DelegationOfDisclosureAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representatives",
        help_text="The delegation of disclosure authority letter that governs them, "
        "when it is recorded here.",
    )
    letter_reference = models.CharField(
        max_length=200, blank=True, help_text="A governing letter kept elsewhere: its reference."
    )
    letter_dated = models.DateField(null=True, blank=True, help_text="That letter's date.")
    letter_ends_on = models.DateField(
        null=True, blank=True, help_text="The day that letter stops applying, if it says."
    )

    class Meta:
        ordering = ["country__name", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(certification_ends_on__gte=models.F("certified_on")),
                name="representative_certification_ends_after_start",
                violation_error_message="A certification ends on or after the day it is given.",
            ),
            models.CheckConstraint(
                condition=models.Q(departs_on__gte=models.F("reports_on")),
                name="representative_departs_after_reporting",
                violation_error_message="A tour ends on or after the day they report.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display().split(' (')[0]}, {self.country})"

    def clean(self):
        errors = {}
        ends = self.certification_ends_on
        if self.certified_on and ends and ends < self.certified_on:
            errors["certification_ends_on"] = (
                "A certification ends on or after the day it is given."
            )
        if self.reports_on and self.departs_on and self.departs_on < self.reports_on:
            errors["departs_on"] = "A tour ends on or after the day they report."
        if self.letter_reference.strip() and not self.letter_dated:
            errors["letter_dated"] = "Give the date of the governing letter."
        if self.letter_dated and not self.letter_reference.strip():
            errors["letter_reference"] = "Give the reference of the governing letter."
        if self.letter_dated and self.letter_ends_on and self.letter_ends_on < self.letter_dated:
            errors["letter_ends_on"] = "A letter stops applying after its date."
        if self.governing_letter_id and self.country_id:
            letter_countries = self.governing_letter.countries.all()
            if self.country not in letter_countries:
                errors["governing_letter"] = (
                    f"“{self.governing_letter}” does not cover {self.country}."
                )
        if errors:
            raise ValidationError(errors)

    def letter_problem(self, today: datetime.date) -> str | None:
        """Why no current letter governs them on `today`, or None when one does."""
        letter = self.governing_letter if self.governing_letter_id else None
        if letter is not None:
            if letter.approved_on is None:
                return f"The governing letter “{letter}” awaits its designated disclosure authority’s approval."  # noqa: E501
            if letter.effective_on > today:
                return f"The governing letter “{letter}” takes effect on {letter.effective_on:%d %b %Y}."  # noqa: E501
            if letter.superseded_on is not None and letter.superseded_on <= today:
                return f"The governing letter “{letter}” was superseded on {letter.superseded_on:%d %b %Y}."  # noqa: E501
            return None
        if self.letter_reference:
            if self.letter_dated and self.letter_dated > today:
                return f"The governing letter {self.letter_reference} is dated ahead."
            if self.letter_ends_on and self.letter_ends_on < today:
                return f"The governing letter {self.letter_reference} ended on {self.letter_ends_on:%d %b %Y}."  # noqa: E501
            return None
        return "No delegation of disclosure authority letter governs them."


class ExtensionKind(models.TextChoices):
    TOUR = "tour", "Tour"
    CERTIFICATION = "certification", "Certification"


class RepresentativeExtension(DomainModel):
    """An extension of a representative's tour or certification, with its authority."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("9.B",)

    representative = models.ForeignKey(
        ForeignRepresentative, on_delete=models.CASCADE, related_name="extensions"
    )
    kind = models.CharField(max_length=20, choices=ExtensionKind.choices)
    previous_end = models.DateField()
    extended_to = models.DateField()
    approved_on = models.DateField()
    authority = models.CharField(
        max_length=200, help_text="Who approved it, and the reference of the approval."
    )

    class Meta:
        ordering = ["representative", "approved_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.representative} extended to {self.extended_to}"

    def clean(self):
        if self.previous_end and self.extended_to and self.extended_to <= self.previous_end:
            raise ValidationError({"extended_to": "An extension ends after the present end."})
