"""Partner nations and the directorate's work with them.

Countries (every ISO 3166 country, loaded at migrate), the regions and
groupings they belong to, their desk officers, dated country profiles and
capability gap assessments, partner organizations and counterparts,
engagements with their follow-up actions, and the evidence of practice that
taking part in an engagement adds to a person's record.
"""

from functools import cache

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from seccoop.competencies.models import Competency
from seccoop.core.models import DomainModel, DomainQuerySet
from seccoop.workforce.models import Person

# --- countries, regions and groupings -------------------------------------------


class Region(DomainModel):
    """A region an administrator defines to group countries, such as a combatant command AOR."""

    code = models.SlugField(max_length=30, unique=True, help_text="Such as EUCOM or INDOPACOM.")
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CountryGrouping(DomainModel):
    """A grouping of countries across regions, such as NATO or Five Eyes, shown as a tag."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Country(DomainModel):
    """A country of ISO 3166-1 and the directorate's desk for it.

    Every country exists from the first migration; a country becomes a
    partner nation of the directorate's work when it gets a desk officer, a
    profile or engagements.
    """

    iso_code = models.CharField(
        max_length=2, unique=True, help_text="The ISO 3166-1 alpha-2 code, such as GB."
    )
    iso_alpha3 = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=200)
    official_name = models.CharField(max_length=300, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="countries"
    )
    groupings = models.ManyToManyField(CountryGrouping, blank=True, related_name="countries")
    primary_desk_officer = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="primary_desks",
    )
    backup_desk_officer = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="backup_desks",
    )
    # Security cooperation data of the purchaser, kept as data an administrator edits.
    sc_customer_code = models.CharField(
        "SC customer code",
        max_length=2,
        blank=True,
        help_text="The two-letter security cooperation customer code that opens the purchaser's "
        "case identifiers (SAMM C4, Table C4.T2), such as UK for the United Kingdom; it is not "
        "always the ISO code.",
    )
    fms_eligible = models.BooleanField(
        "eligible for FMS",
        default=False,
        help_text="The President has found the country eligible to buy defense articles and "
        "services (AECA section 3(a), 22 U.S.C. 2753; SAMM C4.1).",
    )
    nato_plus_five = models.BooleanField(
        "NATO+5",
        default=False,
        help_text="A NATO member, or Australia, Israel, Japan, the Republic of Korea or New "
        "Zealand: higher notification thresholds and a 15-day review (AECA section 36(b)(1)).",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.UniqueConstraint(
                fields=["sc_customer_code"],
                condition=~models.Q(sc_customer_code=""),
                name="country_sc_customer_code_once",
                violation_error_message="Another country already has this SC customer code.",
            ),
            models.CheckConstraint(
                condition=~models.Q(primary_desk_officer=models.F("backup_desk_officer")),
                name="country_backup_is_not_the_primary_desk_officer",
                violation_error_message="The backup desk officer must be someone other than "
                "the primary desk officer.",
            ),
        ]
        indexes = [
            # The country list filtered by region and sorted by name.
            models.Index(fields=["region", "name"], name="country_region_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:country-detail", args=[self.pk])

    @property
    def desk_officer_ids(self) -> set[int]:
        return {pk for pk in (self.primary_desk_officer_id, self.backup_desk_officer_id) if pk}


# --- country profile and capability gaps ----------------------------------------


# --- classification and control markings ----------------------------------------


class Classification(models.TextChoices):
    UNCLASSIFIED = "U", "UNCLASSIFIED"
    CUI = "CUI", "CUI"


class Marked(models.Model):
    """Classification and control markings on a record (CUI category, releasability).

    A record marked releasable to some countries only ("REL TO USA, GBR")
    may not be attached to the work of another country; an empty
    `releasable_to` means no releasability limit has been set.
    """

    classification = models.CharField(
        max_length=5, choices=Classification.choices, default=Classification.UNCLASSIFIED
    )
    cui_categories = models.CharField(
        max_length=200,
        blank=True,
        help_text="CUI categories from the CUI Registry, such as EXPT or PRVCY, comma-separated.",
    )
    releasable_to = models.ManyToManyField(
        Country,
        blank=True,
        related_name="+",
        help_text="Countries this record may be released to; empty means no limit is set.",
    )

    class Meta:
        abstract = True


class ProfileSectionKind(models.TextChoices):
    ENVIRONMENTAL = "environmental", "Environmental factors"
    ECONOMIC = "economic", "Economic factors"
    POLITICAL = "political", "Political factors"
    SECURITY = "security", "Security factors"
    LEGAL = "legal", "Legal factors"
    SOCIAL = "social", "Social factors"
    SECURITY_OUTLOOK = "security-outlook", "Security outlook"
    STRATEGIC_RELATIONS = "strategic-relations", "Strategic relations"
    US_GUIDANCE = "us-guidance", "U.S. strategic guidance"
    PARTNER_GUIDANCE = "partner-guidance", "Partner strategic guidance"
    DEFENSE_ORGANIZATIONS = "defense-organizations", "Defense organizations"
    DEFENSE_CAPABILITIES = "defense-capabilities", "Defense capabilities"


class ProfileSection(Marked, DomainModel):
    """One dated section of a country profile, such as its political factors.

    A country has one section of each kind; revising it keeps the earlier
    text in the record's history, and `as_of` says when it was last true.
    """

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("1.A", "1.B", "1.C", "6.A")
    # Its author practised them: whoever writes the section (partners.services.named_people).
    evidence_from = (None, "as_of")

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="profile_sections")
    kind = models.CharField(max_length=30, choices=ProfileSectionKind.choices)
    text = models.TextField()
    as_of = models.DateField(help_text="The day the text describes the country as it stands.")

    class Meta:
        ordering = ["country", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "kind"],
                name="profile_section_one_per_kind",
                violation_error_message="A country profile has one section of each kind; "
                "revise the existing one.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.country}: {self.get_kind_display()}"


class CapabilityCategory(models.TextChoices):
    INSTITUTIONAL = "institutional", "Institutional"
    WARFIGHTING = "warfighting", "Warfighting and interoperability"


class CapabilityArea(models.TextChoices):
    """The capability areas on which partner gaps are rated (sub-competencies 8.C and 8.D)."""

    DEFENSE_POLICY = "defense-policy", "Defense policy and strategy"
    RESOURCE_MANAGEMENT = "resource-management", "Resource management"
    HUMAN_RESOURCES = "human-resources", "Human resource management"
    LOGISTICS = "logistics", "Logistics and sustainment"
    PME = "pme", "Professional military education"
    ACQUISITION = "acquisition", "Acquisition"
    COMMAND_AND_CONTROL = "command-and-control", "Command and control"
    INTEROPERABILITY = "interoperability", "Interoperability arrangements"
    INTELLIGENCE = "intelligence", "Intelligence, surveillance and reconnaissance"
    MARITIME = "maritime", "Maritime security"
    AIR_DEFENSE = "air-defense", "Air and missile defense"
    CYBER = "cyber", "Cyber defense"


INSTITUTIONAL_AREAS = frozenset(
    {
        CapabilityArea.DEFENSE_POLICY,
        CapabilityArea.RESOURCE_MANAGEMENT,
        CapabilityArea.HUMAN_RESOURCES,
        CapabilityArea.LOGISTICS,
        CapabilityArea.PME,
        CapabilityArea.ACQUISITION,
    }
)


def category_of(area: str) -> str:
    if area in INSTITUTIONAL_AREAS:
        return CapabilityCategory.INSTITUTIONAL
    return CapabilityCategory.WARFIGHTING


class Severity(models.IntegerChoices):
    NONE = 1, "1 No gap"
    MINOR = 2, "2 Minor gap"
    MODERATE = 3, "3 Moderate gap"
    SERIOUS = 4, "4 Serious gap"
    CRITICAL = 5, "5 Critical gap"


class CapabilityGapAssessment(DomainModel):
    """How serious a partner's gap in one capability area was judged to be on a day.

    Assessments are dated rows, so a gap is tracked over time; the latest
    one is the country's current rating in that area.
    """

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("8.C", "8.D")
    # Its assessor practised them (partners.services.named_people).
    evidence_from = ("assessed_by", "assessed_on")

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="gap_assessments")
    area = models.CharField(max_length=30, choices=CapabilityArea.choices)
    severity = models.PositiveSmallIntegerField(
        choices=Severity.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    assessed_on = models.DateField()
    notes = models.TextField(blank=True)
    assessed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["country", "area", "-assessed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "area", "assessed_on"],
                name="capability_gap_one_per_area_and_day",
                violation_error_message="This area was already assessed on that day.",
            ),
            models.CheckConstraint(
                condition=models.Q(severity__gte=1, severity__lte=5),
                name="capability_gap_severity_1_to_5",
                violation_error_message="Severity runs from 1 (no gap) to 5 (critical).",
            ),
        ]
        indexes = [
            # The latest assessment per country and area (country page, heatmap).
            models.Index(
                fields=["country", "area", "-assessed_on"], name="capability_gap_latest_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.get_area_display()}: {self.severity}"

    @property
    def category(self) -> str:
        return category_of(self.area)

    @property
    def category_label(self) -> str:
        return CapabilityCategory(self.category).label


# --- partner organizations and counterparts -------------------------------------


class OrganizationKind(models.TextChoices):
    MINISTRY = "ministry", "Ministry"
    MILITARY_SERVICE = "service", "Military service"
    EMBASSY = "embassy", "Embassy"
    US_INDUSTRY = "us-industry", "U.S. industry"
    FOREIGN_INDUSTRY = "foreign-industry", "Foreign industry"
    INTERNATIONAL = "international", "International organization"
    OTHER = "other", "Other"


class PartnerOrganization(DomainModel):
    """An organization the directorate works with: a ministry, a service, an embassy, a firm."""

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("1.C",)

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=OrganizationKind.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        help_text="The country it belongs to; blank for international organizations.",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "partner organization"
        indexes = [
            # The organizations of one country on the country page, by name.
            models.Index(fields=["country", "name"], name="organization_country_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:organization-detail", args=[self.pk])


class Counterpart(DomainModel):
    """A person in a partner organization whom the directorate deals with.

    The contact fields are personal data: only the desk officers of the
    organization's country, their supervisor chain and administrators see them.
    """

    # Keeping this record exercises these sub-competencies (competencies.exercises).
    exercises = ("1.D", "1.E")

    CONTACT_FIELDS = ("email", "phone", "address")

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    organization = models.ForeignKey(
        PartnerOrganization, on_delete=models.PROTECT, related_name="counterparts"
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    role = models.CharField(max_length=200, blank=True, help_text="Title or appointment.")
    languages = models.CharField(
        max_length=300, blank=True, help_text="The languages they work in, such as French, English."
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    address = models.TextField(blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            # The counterpart list and its search sort and filter by name.
            models.Index(fields=["last_name", "first_name"], name="counterpart_name_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("partners:counterpart-detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


# --- the directorate's languages -----------------------------------------------


class IlrLevel(models.TextChoices):
    """Interagency Language Roundtable levels, with the plus levels between them."""

    L0 = "0", "0"
    L0_PLUS = "0+", "0+"
    L1 = "1", "1"
    L1_PLUS = "1+", "1+"
    L2 = "2", "2"
    L2_PLUS = "2+", "2+"
    L3 = "3", "3"
    L3_PLUS = "3+", "3+"
    L4 = "4", "4"
    L4_PLUS = "4+", "4+"
    L5 = "5", "5"


@cache
def language_names() -> dict[str, str]:
    """ISO 639-3 code -> English name, for the major languages (those with an ISO 639-1 code).

    The seven thousand languages of ISO 639-3 would make a picker nobody can
    use; the major languages are the ones staff are tested in.
    """
    import pycountry

    return {
        language.alpha_3: language.name
        for language in pycountry.languages
        if hasattr(language, "alpha_2")
    }


def validate_language(code: str) -> None:
    if code not in language_names():
        raise ValidationError(f"“{code}” is not the ISO 639-3 code of a major language.")


class LanguageProficiency(DomainModel):
    """A staff member's tested proficiency in a foreign language, on the ILR scale."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(
        max_length=3, validators=[validate_language], help_text="ISO 639-3 code, such as fra."
    )
    listening = models.CharField(max_length=2, choices=IlrLevel.choices)
    reading = models.CharField(max_length=2, choices=IlrLevel.choices)
    speaking = models.CharField(max_length=2, choices=IlrLevel.choices)
    tested_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person", "language"]
        verbose_name_plural = "language proficiencies"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "language"],
                name="language_proficiency_one_per_language",
                violation_error_message="This person already has a record for this language.",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.person} {self.language_name} L{self.listening}/R{self.reading}/S{self.speaking}"
        )

    @property
    def language_name(self) -> str:
        return language_names().get(self.language, self.language)


# --- engagements -----------------------------------------------------------------


class EngagementType(DomainModel):
    """A kind of engagement, such as staff talks, and the sub-competencies it exercises."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100, unique=True)
    competencies = models.ManyToManyField(Competency, blank=True, related_name="engagement_types")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Engagement(Marked, DomainModel):
    """A meeting, visit, talk, exchange or negotiation round with partners."""

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    title = models.CharField(max_length=300)
    engagement_type = models.ForeignKey(
        EngagementType, on_delete=models.PROTECT, related_name="engagements"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    place = models.CharField(max_length=200, blank=True)
    countries = models.ManyToManyField(Country, blank=True, related_name="engagements")
    participants = models.ManyToManyField(
        Person, blank=True, related_name="engagements", help_text="Our people who took part."
    )
    counterparts = models.ManyToManyField(Counterpart, blank=True, related_name="engagements")
    organizations = models.ManyToManyField(
        PartnerOrganization,
        blank=True,
        related_name="engagements",
        help_text="Organizations taking part, such as industry firms.",
    )
    objectives = models.TextField(blank=True)
    outcome = models.TextField(blank=True, help_text="What came of it.")

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="engagement_ends_after_it_starts",
                violation_error_message="An engagement ends on or after the day it starts.",
            )
        ]
        indexes = [
            # The calendar: engagements overlapping a month.
            models.Index(fields=["starts_on", "ends_on"], name="engagement_dates_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partners:engagement-detail", args=[self.pk])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "An engagement ends on or after the day it starts."})

    @classmethod
    def exercise_declarations(cls) -> list[tuple[str, list[str]]]:
        """Engagements exercise what their type declares, which is data an administrator keeps."""
        by_type: dict[str, list[str]] = {}
        for name, code in EngagementType.objects.active().values_list("name", "competencies__code"):
            codes = by_type.setdefault(name, [])
            if code:
                codes.append(code)
        return [(f"Engagement: {name}", codes) for name, codes in sorted(by_type.items())]


class FollowUpAction(DomainModel):
    """Something someone must do after an engagement, by a day."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="follow_up_actions")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "follow-up action"
        indexes = [
            # "My overdue actions": open actions of one owner by due date.
            models.Index(fields=["owner", "done_on", "due_on"], name="action_owner_open_idx"),
            # Leadership's overdue list: every open action by due date.
            models.Index(fields=["done_on", "due_on"], name="action_open_due_idx"),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class EvidenceStatus(models.TextChoices):
    PENDING = "pending", "Waiting for confirmation"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"


class EvidenceKind(models.TextChoices):
    """What a piece of evidence shows: work done, or training completed.

    Training is not practice: the competency model's proficiency levels are
    described by what a person does, so course completions are kept and shown
    apart, and staffing counts practice alone.
    """

    PRACTICE = "practice", "Practice"
    LEARNING = "learning", "Learning"


class PracticeEvidenceQuerySet(DomainQuerySet):
    def confirmed(self):
        """Evidence that counts: confirmed, and not archived."""
        return self.filter(status=EvidenceStatus.CONFIRMED, archived_at__isnull=True)

    def pending(self):
        return self.filter(status=EvidenceStatus.PENDING, archived_at__isnull=True)


class PracticeEvidence(DomainModel):
    """Evidence that a person practised a sub-competency, from a work record such as an engagement.

    It is evidence, not a rating: it is shown beside the person's record and
    weighed by whoever rates them. Evidence that someone records for another
    person (listing them on an engagement, assigning them to a case) waits
    for that person or their supervisor chain to confirm it; only confirmed
    evidence counts anywhere evidence is read.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="practice_evidence")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    practiced_on = models.DateField()
    kind = models.CharField(
        max_length=10,
        choices=EvidenceKind.choices,
        default=EvidenceKind.PRACTICE,
        db_default=EvidenceKind.PRACTICE,
        help_text="Practice comes from work records; learning from completed training.",
    )
    # Pending unless the writer says otherwise: a writer that forgets the
    # rule gives evidence that does not count, rather than evidence nobody confirmed.
    status = models.CharField(
        max_length=10, choices=EvidenceStatus.choices, default=EvidenceStatus.PENDING
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who recorded the work that gave this evidence.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who confirmed or declined it.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = PracticeEvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-practiced_on", "competency__sort_order"]
        verbose_name_plural = "practice evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "competency", "source_type", "source_id"],
                name="practice_evidence_once_per_source",
                violation_error_message="This record already counts as evidence for this person.",
            )
        ]
        indexes = [
            # A person's evidence, newest first, on their partner-work page.
            models.Index(fields=["person", "-practiced_on"], name="practice_person_idx"),
            # Re-syncing the evidence of one source record when it changes.
            models.Index(fields=["source_type", "source_id"], name="practice_source_idx"),
            # Evidence waiting for a person or their chain; confirmed evidence in staffing.
            models.Index(fields=["status", "person"], name="practice_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} practised {self.competency.code} on {self.practiced_on}"
