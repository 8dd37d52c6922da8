"""Foreign disclosure: requests to release controlled information, their reviews and
decisions per country, the releases made, and delegations of disclosure authority."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from seccoop.competencies.exercises import EVERY_CODE
from seccoop.core.models import DomainModel
from seccoop.partners.models import Country, Marked
from seccoop.workforce.models import Person

__all__ = [
    "CeilingLevel",
    "CountryDecision",
    "CountryOutcome",
    "DelegationOfDisclosureAuthority",
    "DisclosureCategory",
    "DisclosureMethod",
    "LetterSubject",
    "DisclosureRequest",
    "DisclosureReview",
    "DisclosureState",
    "Release",
    "ReviewKind",
    "ReviewOutcome",
]


class DisclosureCategory(models.TextChoices):
    """The eight categories of classified military information of the National Disclosure Policy."""

    ORGANIZATION = "1", "1 Organization, training and employment of military forces"
    MATERIEL = "2", "2 Military materiel and munitions"
    RESEARCH = "3", "3 Applied research and development information and materiel"
    PRODUCTION = "4", "4 Production information"
    OPERATIONS = "5", "5 Combined military operations, planning and readiness"
    ORDER_OF_BATTLE = "6", "6 U.S. order of battle"
    NORTH_AMERICA = "7", "7 North American defense"
    INTELLIGENCE = "8", "8 Military intelligence"


class DisclosureState(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in-review", "In review"
    APPROVED = "approved", "Approved"
    LIMITED = "approved-with-limitations", "Approved with limitations"
    DENIED = "denied", "Denied"
    REFERRED = "referred", "Referred for an exception to national disclosure policy"


DECIDED_STATES = (DisclosureState.APPROVED, DisclosureState.LIMITED, DisclosureState.DENIED)
RELEASABLE_STATES = (DisclosureState.APPROVED, DisclosureState.LIMITED)


PURPOSE_FIELDS = ("case", "program", "agreement", "visit")


def _only(chosen: str | None) -> models.Q:
    """Only the purpose `chosen` is set (none of them when None)."""
    return models.Q(**{f"{name}__isnull": name != chosen for name in PURPOSE_FIELDS})


class CeilingLevel(models.TextChoices):
    """The highest level of information a delegation lets a program disclose."""

    UNCLASSIFIED = "U", "UNCLASSIFIED"
    CUI = "CUI", "CUI"
    CONFIDENTIAL = "C", "CONFIDENTIAL"
    SECRET = "S", "SECRET"
    TOP_SECRET = "TS", "TOP SECRET"


class DisclosureMethod(models.TextChoices):
    """How information is disclosed (DoDD 5230.11, enclosure 4, the letter's “disclosure methods”;
    International Programs Security Handbook, chapter 3: oral, visual, documentary, or materiel)."""

    ORAL = "oral", "Oral"
    VISUAL = "visual", "Visual"
    DOCUMENTARY = "documentary", "Documentary"
    MATERIEL = "materiel", "Materiel (hardware)"


class LetterSubject(models.TextChoices):
    """What a delegation letter governs (International Programs Security Handbook, chapter 3)."""

    PROGRAM = "program", "Program"
    AGREEMENT = "agreement", "International agreement"
    LIAISON_OFFICER = "liaison-officer", "Foreign liaison officers"
    EXCHANGE = "exchange", "Exchange personnel"
    ORGANIZATION = "organization", "Organization"


class DisclosureRequest(Marked, DomainModel):
    """A request to release classified or controlled information to foreign countries.

    It names what is to be released, to whom, and why: a case, a program,
    an international agreement or a foreign visit (an engagement, or a
    visit described in words). The foreign disclosure office has it
    reviewed and decides, country by country; releases are then recorded
    against it, and only to the countries the decision approved.
    """

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("9.A", "5.D", "5.E")
    # Roles on a request (competencies.exercises): a reviewer gives one office's
    # view on the release (9.A); the disclosure officer also works out the critical
    # program information and the release roadmap it touches (5.D, 5.E).
    roles = {
        "foreign disclosure officer": EVERY_CODE,
        "reviewer": ("9.A",),
    }

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    title = models.CharField(max_length=300, help_text="What is to be released.")
    description = models.TextField(blank=True)
    category = models.CharField(
        max_length=2,
        choices=DisclosureCategory.choices,
        help_text="The National Disclosure Policy category of the information.",
    )
    countries = models.ManyToManyField(
        Country, related_name="disclosure_requests", help_text="The countries it would go to."
    )
    case = models.ForeignKey(
        "programs.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosure_requests",
    )
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosure_requests",
    )
    agreement = models.ForeignKey(
        "programs.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosure_requests",
    )
    visit = models.ForeignKey(
        "partners.Engagement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosure_requests",
        help_text="The foreign visit, when it is logged as an engagement.",
    )
    visit_description = models.CharField(
        max_length=300, blank=True, help_text="A foreign visit not logged as an engagement."
    )
    requested_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_on = models.DateField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who entered the request; separation of duties keeps them from deciding it.",
    )
    information_level = models.CharField(
        max_length=3,
        choices=CeilingLevel.choices,
        default=CeilingLevel.UNCLASSIFIED,
        help_text="The classification of the information to be disclosed (the record itself "
        "holds metadata only).",
    )
    delegation = models.ForeignKey(
        "DelegationOfDisclosureAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosure_requests",
        help_text="The delegation of disclosure authority letter releases under it follow.",
    )
    state = models.CharField(
        max_length=30, choices=DisclosureState.choices, default=DisclosureState.SUBMITTED
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    decision_conditions = models.TextField(
        blank=True, help_text="The limitations a release must respect."
    )

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=_only("case")
                | _only("program")
                | _only("agreement")
                | _only("visit")
                | (_only(None) & ~models.Q(visit_description="")),
                name="disclosure_request_one_purpose",
                violation_error_message="Give one purpose: a case, a program, an agreement, "
                "or a foreign visit.",
            )
        ]
        indexes = [
            # The list filtered by state, newest first.
            models.Index(fields=["state", "-submitted_on"], name="disclosure_state_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("controls:disclosure-detail", args=[self.pk])

    PURPOSE_FIELDS = PURPOSE_FIELDS

    def clean(self):
        chosen = [name for name in self.PURPOSE_FIELDS if getattr(self, f"{name}_id")]
        if len(chosen) > 1:
            message = "Give one purpose: a case, a program, an agreement, or a foreign visit."
            raise ValidationError(dict.fromkeys(chosen, message))
        if not chosen and not self.visit_description.strip():
            raise ValidationError(
                {
                    "visit_description": "Give the purpose: a case, a program, an agreement, "
                    "or a foreign visit (an engagement or a description)."
                }
            )

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.external_id:
            # Every record gets a key, so an export imports back onto the same records.
            self.external_id = f"DR-{self.pk}"
            type(self)._default_manager.filter(pk=self.pk).update(external_id=self.external_id)

    @property
    def purpose(self):
        for name in self.PURPOSE_FIELDS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return self.visit_description

    @property
    def purpose_kind(self) -> str:
        for name, label in zip(
            self.PURPOSE_FIELDS, ("Case", "Program", "Agreement", "Foreign visit"), strict=True
        ):
            if getattr(self, f"{name}_id"):
                return label
        return "Foreign visit"

    @property
    def is_decided(self) -> bool:
        return self.state in DECIDED_STATES


class ReviewKind(models.TextChoices):
    PROGRAM_OFFICE = "program-office", "Program office"
    TECHNOLOGY_SECURITY = "technology-security", "Technology security"
    INTELLIGENCE = "intelligence", "Intelligence"
    OPERATIONS = "operations", "Operations"
    LEGAL = "legal", "Legal"
    POLICY = "policy", "Policy"


class ReviewOutcome(models.TextChoices):
    PENDING = "pending", "Pending"
    CONCUR = "concur", "Concur"
    CONCUR_WITH_CONDITIONS = "concur-with-conditions", "Concur with conditions"
    NON_CONCUR = "non-concur", "Non-concur"


class DisclosureReview(DomainModel):
    """A review a disclosure request needs before it is decided, and what the reviewer said."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("9.A", "5.D")
    # Its reviewer practised them once the review is complete (partners.services.named_people).
    evidence_from = ("reviewer", "completed_on")

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=30, choices=ReviewKind.choices)
    reviewer = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(
        max_length=30, choices=ReviewOutcome.choices, default=ReviewOutcome.PENDING
    )
    comments = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["request", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind"],
                name="disclosure_review_one_per_kind",
                violation_error_message="This request already needs a review of this kind.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} review of {self.request}"

    def clean(self):
        if self.outcome != ReviewOutcome.PENDING and not self.completed_on:
            raise ValidationError({"completed_on": "Give the day the review was completed."})
        if self.outcome == ReviewOutcome.PENDING and self.completed_on:
            raise ValidationError({"outcome": "A completed review says what the reviewer found."})


class CountryOutcome(models.TextChoices):
    APPROVED = "approved", "Approved"
    LIMITED = "approved-with-limitations", "Approved with limitations"
    DENIED = "denied", "Denied"


class CountryDecision(DomainModel):
    """The decision of a disclosure request for one country, with its reasons and conditions."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("9.A",)

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.CASCADE, related_name="country_decisions"
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=30, choices=CountryOutcome.choices)
    reasons = models.TextField(blank=True)
    conditions = models.TextField(blank=True)

    class Meta:
        ordering = ["request", "country__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "country"],
                name="country_decision_one_per_country",
                violation_error_message="This request was already decided for this country.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} for {self.country}: {self.get_outcome_display()}"

    def clean(self):
        if self.outcome == CountryOutcome.LIMITED and not self.conditions.strip():
            raise ValidationError(
                {"conditions": "An approval with limitations states the limitations."}
            )
        if self.outcome == CountryOutcome.DENIED and not self.reasons.strip():
            raise ValidationError({"reasons": "A denial says why."})

    @property
    def allows_release(self) -> bool:
        return self.outcome in (CountryOutcome.APPROVED, CountryOutcome.LIMITED)


class Release(DomainModel):
    """Information actually released to a country under an approved disclosure request."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("9.A", "9.D")

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.PROTECT, related_name="releases"
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    released_on = models.DateField()
    description = models.CharField(
        max_length=300, blank=True, help_text="What was handed over, and how."
    )
    method = models.CharField(
        max_length=20,
        choices=DisclosureMethod.choices,
        blank=True,
        help_text="How it was disclosed; required under a delegation letter.",
    )
    level = models.CharField(
        max_length=3,
        choices=CeilingLevel.choices,
        blank=True,
        help_text="The highest level of what was handed over, when below the request's level.",
    )
    released_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-released_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.request} to {self.country} on {self.released_on}"

    @property
    def level_released(self) -> str:
        """The level of what was handed over: its own, else the request's."""
        return self.level or self.request.information_level


class DelegationOfDisclosureAuthority(DomainModel):
    """A Delegation of Disclosure Authority Letter (DDL), in one version.

    It follows the format of DoDD 5230.11, enclosure 4: the classification
    ceiling, the disclosure methods, the NDP categories permitted, the scope
    (the countries and what the authority is exercised for), what is and is
    not authorized, the procedures and the redelegation. It governs a
    program, an international agreement, foreign liaison officers, exchange
    personnel or an organization (International Programs Security Handbook,
    chapter 3). Nothing may be released under it until the designated
    disclosure authority approved it. Approving a new version supersedes the
    current one, which is kept (with the day it was superseded) so the
    letter's history stays readable.
    """

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("9.C", "5.C", "5.E")

    subject_kind = models.CharField(
        max_length=20, choices=LetterSubject.choices, default=LetterSubject.PROGRAM
    )
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosure_delegations",
    )
    agreement = models.ForeignKey(
        "programs.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosure_delegations",
    )
    subject_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The liaison officer or exchange position, or the organization, it governs.",
    )
    # The versions of one letter share this key (the program, agreement or named subject).
    letter_key = models.CharField(max_length=240, editable=False, default="")
    version_number = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=300)
    classification_ceiling = models.CharField(max_length=3, choices=CeilingLevel.choices)
    disclosure_methods = models.JSONField(
        default=list, blank=True, help_text="Oral, visual, documentary, materiel."
    )
    categories = models.JSONField(
        default=list, blank=True, help_text="The NDP categories of information it permits."
    )
    countries = models.ManyToManyField(Country, related_name="disclosure_delegations")
    scope = models.TextField(
        blank=True, help_text="What the authority is exercised for, and by whom."
    )
    may_disclose = models.TextField(help_text="What may be disclosed.")
    may_not_disclose = models.TextField(help_text="What may not be disclosed.")
    procedures = models.TextField(blank=True)
    redelegation = models.TextField(
        blank=True, help_text="Whether and to whom the authority may be redelegated."
    )
    effective_on = models.DateField()
    superseded_on = models.DateField(null=True, blank=True)
    approving_authority = models.CharField(
        max_length=200, blank=True, help_text="The designated disclosure authority who approved it."
    )
    approved_on = models.DateField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["letter_key", "-version_number"]
        verbose_name = "delegation of disclosure authority letter"
        constraints = [
            models.UniqueConstraint(
                fields=["letter_key", "version_number"],
                name="ddl_one_per_letter_version",
                violation_error_message="This letter already has this version.",
            ),
            models.UniqueConstraint(
                fields=["letter_key"],
                condition=models.Q(superseded_on__isnull=True, approved_on__isnull=False),
                name="ddl_one_current_per_letter",
                violation_error_message="A letter has one current approved version.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version_number})"

    def get_absolute_url(self) -> str:
        return reverse("controls:delegation-detail", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.superseded_on is None and self.approved_on is not None

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None

    @property
    def subject(self):
        if self.subject_kind == LetterSubject.PROGRAM:
            return self.program
        if self.subject_kind == LetterSubject.AGREEMENT:
            return self.agreement
        return self.subject_name

    def key(self) -> str:
        if self.subject_kind == LetterSubject.PROGRAM:
            return f"program-{self.program_id}"
        if self.subject_kind == LetterSubject.AGREEMENT:
            return f"agreement-{self.agreement_id}"
        return f"{self.subject_kind}-{self.subject_name.strip().casefold()}"[:240]

    def method_labels(self) -> list[str]:
        return [DisclosureMethod(m).label for m in self.disclosure_methods]

    def category_labels(self) -> list[str]:
        return [DisclosureCategory(c).label for c in self.categories]

    def clean(self):
        errors = {}
        kind = self.subject_kind
        if kind == LetterSubject.PROGRAM and not self.program_id:
            errors["program"] = "Name the program the letter governs."
        if kind == LetterSubject.AGREEMENT and not self.agreement_id:
            errors["agreement"] = "Name the international agreement the letter governs."
        named = kind in (LetterSubject.PROGRAM, LetterSubject.AGREEMENT)
        if not named and not self.subject_name.strip():
            errors["subject_name"] = "Name the position, personnel or organization it governs."
        if kind != LetterSubject.PROGRAM and self.program_id:
            errors["program"] = "Only a program's letter names a program."
        if kind != LetterSubject.AGREEMENT and self.agreement_id:
            errors["agreement"] = "Only an agreement's letter names an agreement."
        methods = list(self.disclosure_methods or [])
        unknown = [m for m in methods if m not in DisclosureMethod.values]
        if not methods:
            errors["disclosure_methods"] = "Name at least one disclosure method."
        elif unknown:
            errors["disclosure_methods"] = (
                f"Not a disclosure method: {', '.join(map(str, unknown))}."
            )
        categories = list(self.categories or [])
        strangers = [c for c in categories if c not in DisclosureCategory.values]
        if not categories:
            errors["categories"] = "Name at least one NDP category the letter permits."
        elif strangers:
            errors["categories"] = f"Not an NDP category: {', '.join(map(str, strangers))}."
        if self.approved_on and not self.approving_authority.strip():
            errors["approving_authority"] = "Name the designated disclosure authority."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.letter_key = self.key()
        super().save(*args, **kwargs)
