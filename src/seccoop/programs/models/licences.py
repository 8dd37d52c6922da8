"""Direct commercial sales: the export licences and agreements DDTC issues under AECA 38.

A direct commercial sale is a contract between a U.S. company and a foreign
buyer. There is no government case, no Letter of Offer and Acceptance, no
offer, no acceptance and no payment to the U.S. Government: what the
directorate follows is the authorisation the Department of State's
Directorate of Defense Trade Controls (DDTC) gives the company under section
38 of the Arms Export Control Act (22 U.S.C. 2778) and the International
Traffic in Arms Regulations (22 CFR parts 120-130): a licence (DSP-5, DSP-73,
DSP-61, DSP-85) or an agreement (technical assistance, manufacturing licence,
warehouse and distribution), its provisos, the Department of Defense's review
of it, and the certification to Congress under AECA 36(c) or 36(d) where the
values, the purchaser or the kind of agreement call for one. The workflow is
declared once in `seccoop.programs.services.licences`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from seccoop.core.models import DomainModel
from seccoop.partners.models import Country
from seccoop.programs.models.agreements import Agreement
from seccoop.programs.models.cooperation import Program
from seccoop.workforce.models import OrgUnit

__all__ = [
    "LICENCE_VALIDITY_YEARS",
    "DodRecommendation",
    "ExportLicence",
    "LicenceKind",
    "LicenceProviso",
    "LicenceState",
    "ProvisoParty",
    "UsmlCategory",
]

# A licence is valid for four years from its approval (22 CFR 123.21(a); raised
# from three years by the final rule of 22 July 1993, 58 FR 39280). An agreement
# runs for the term stated in it (22 CFR 124.7), so its expiry is entered.
LICENCE_VALIDITY_YEARS = 4
MONEY = {"max_digits": 15, "decimal_places": 2}


class LicenceKind(models.TextChoices):
    """The authorisations DDTC issues (22 CFR 123.1, 123.3, 123.5, 125.3 and part 124)."""

    DSP_5 = "dsp-5", "DSP-5: permanent export of unclassified articles or technical data"
    DSP_73 = "dsp-73", "DSP-73: temporary export of unclassified articles"
    DSP_61 = "dsp-61", "DSP-61: temporary import of unclassified articles"
    DSP_85 = "dsp-85", "DSP-85: export or temporary import of classified articles or data"
    TAA = "taa", "Technical assistance agreement"
    MLA = "mla", "Manufacturing licence agreement"
    WDA = "wda", "Warehouse and distribution agreement"


# Licences (22 CFR part 123, 125.3) expire four years after approval; agreements
# (22 CFR part 124) at the end of the term they state.
LICENCE_KINDS = ("dsp-5", "dsp-73", "dsp-61", "dsp-85")
AGREEMENT_KINDS = ("taa", "mla", "wda")
# The agreements that may license manufacture abroad (22 CFR 124.1, 124.11).
MANUFACTURING_KINDS = ("taa", "mla")


class LicenceState(models.TextChoices):
    """Where the application stands with DDTC, from drafting to a final disposition."""

    DRAFTED = "drafted", "Drafted"
    SUBMITTED = "submitted", "Submitted to DDTC"
    UNDER_REVIEW = "under-review", "Under DoD review (staffing)"
    CONGRESSIONAL_REVIEW = "congressional-review", "In congressional review"
    APPROVED = "approved", "Approved"
    APPROVED_WITH_PROVISOS = "approved-with-provisos", "Approved with provisos"
    RETURNED = "returned-without-action", "Returned without action"
    DENIED = "denied", "Denied"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


APPROVED_STATES = ("approved", "approved-with-provisos")
PENDING_STATES = ("submitted", "under-review", "congressional-review")
# States in which the directorate still follows the licence.
OPEN_LICENCE_STATES = ("drafted", *PENDING_STATES, *APPROVED_STATES)


class DodRecommendation(models.TextChoices):
    """What the Department of Defense recommends to DDTC after its review."""

    APPROVE = "approve", "Approve"
    APPROVE_WITH_PROVISOS = "approve-with-provisos", "Approve with provisos"
    DENY = "deny", "Deny"


class ProvisoParty(models.TextChoices):
    """Who must act on a proviso."""

    APPLICANT = "applicant", "The U.S. applicant"
    FOREIGN_PARTY = "foreign-party", "The foreign consignee or party"
    END_USER = "end-user", "The end user"
    US_GOVERNMENT = "us-government", "A U.S. Government office"


class UsmlCategory(models.TextChoices):
    """The categories of the United States Munitions List (22 CFR 121.1)."""

    I = "I", "I. Firearms and related articles"  # noqa: E741
    II = "II", "II. Guns and armament"
    III = "III", "III. Ammunition and ordnance"
    IV = (
        "IV",
        "IV. Launch vehicles, missiles, rockets, torpedoes, bombs and mines",
    )
    V = "V", "V. Explosives and energetic materials, propellants, incendiary agents"
    VI = "VI", "VI. Surface vessels of war and special naval equipment"
    VII = "VII", "VII. Ground vehicles"
    VIII = "VIII", "VIII. Aircraft and related articles"
    IX = "IX", "IX. Military training equipment and training"
    X = "X", "X. Personal protective equipment"
    XI = "XI", "XI. Military electronics"
    XII = "XII", "XII. Fire control, laser, imaging and guidance equipment"
    XIII = "XIII", "XIII. Materials and miscellaneous articles"
    XIV = "XIV", "XIV. Toxicological agents and equipment, radiological equipment"
    XV = "XV", "XV. Spacecraft and related articles"
    XVI = "XVI", "XVI. Nuclear weapons related articles"
    XVII = "XVII", "XVII. Classified articles, technical data and defense services not enumerated"
    XVIII = "XVIII", "XVIII. Directed energy weapons"
    XIX = "XIX", "XIX. Gas turbine engines and associated equipment"
    XX = "XX", "XX. Submersible vessels and related articles"
    XXI = "XXI", "XXI. Articles, technical data and defense services not otherwise enumerated"


class ExportLicence(DomainModel):
    """An export licence or agreement DDTC issues a U.S. company for a direct commercial sale.

    The directorate follows it because it advises industry on the sale (4.G),
    coordinates the Department of Defense's review of it (4.D) and keeps its
    record complete and current (4.J, 4.L). It has no offer, no LOA and no
    payment schedule: those belong to government-to-government cases.
    """

    exercises = ("4.D", "4.G", "4.J", "4.L")

    kind = models.CharField(max_length=10, choices=LicenceKind.choices, default=LicenceKind.DSP_5)
    reference = models.CharField(
        "DDTC reference",
        max_length=40,
        blank=True,
        help_text="The licence or agreement number DDTC gave the application, once submitted.",
    )
    commodity = models.CharField(
        max_length=300, help_text="The defense articles, technical data or services authorised."
    )
    description = models.TextField(blank=True)
    applicant = models.CharField(
        max_length=200, help_text="The U.S. company registered with DDTC that applies."
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="export_licences",
        help_text="The country of ultimate destination (for a temporary import, of origin).",
    )
    end_user = models.CharField(max_length=200, blank=True)
    foreign_parties = models.TextField(
        blank=True,
        help_text="The foreign consignees, intermediate consignees or signatories, one a line.",
    )
    usml_category = models.CharField(
        "USML category",
        max_length=5,
        choices=UsmlCategory.choices,
        blank=True,
        help_text="The United States Munitions List category of the articles (22 CFR 121.1).",
    )
    value = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="The value of the defense articles and services, in U.S. dollars.",
    )
    mde_value = models.DecimalField(
        "major defense equipment value",
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="The part of the value that is major defense equipment, in U.S. dollars "
        "(22 CFR 120.37).",
    )
    design_construction_value = models.DecimalField(
        "design and construction services value",
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="The part of the value that is design and construction services, in U.S. "
        "dollars.",
    )
    manufacture_abroad = models.BooleanField(
        "licenses manufacture abroad of significant military equipment",
        default=False,
        help_text="Technical assistance and manufacturing licence agreements only: such an "
        "agreement is certified to Congress whatever its value (AECA 36(d); 22 CFR 124.11).",
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="export_licences",
        help_text="The program team that follows the licence.",
    )
    programs = models.ManyToManyField(
        Program, blank=True, related_name="export_licences", help_text="Programs it supports."
    )
    agreements = models.ManyToManyField(
        Agreement,
        blank=True,
        related_name="export_licences",
        help_text="International agreements it is made under.",
    )
    state = models.CharField(
        max_length=30, choices=LicenceState.choices, default=LicenceState.DRAFTED
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    # The workflow's days, in the order they come.
    submitted_on = models.DateField(null=True, blank=True)
    dod_referred_on = models.DateField(
        "referred to DoD on",
        null=True,
        blank=True,
        help_text="The day DDTC referred the application to the Department of Defense.",
    )
    dod_office = models.CharField(
        "reviewing DoD office",
        max_length=200,
        blank=True,
        help_text="Such as the Defense Technology Security Administration.",
    )
    dod_returned_on = models.DateField("DoD review returned on", null=True, blank=True)
    dod_recommendation = models.CharField(
        "DoD recommendation", max_length=30, choices=DodRecommendation.choices, blank=True
    )
    congress_notified_on = models.DateField(
        "Congress certified on",
        null=True,
        blank=True,
        help_text="The day the formal AECA 36(c) or 36(d) certification reached Congress.",
    )
    notification_reference = models.CharField(
        max_length=30, blank=True, help_text="The transmittal number of the certification."
    )
    approved_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(
        null=True,
        blank=True,
        help_text="A licence expires four years after approval (22 CFR 123.21); an agreement "
        "at the end of its stated term.",
    )
    decided_on = models.DateField(
        null=True, blank=True, help_text="The day it was denied or returned without action."
    )
    revoked_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_on", "commodity", "pk"]
        verbose_name = "export licence"
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                condition=~models.Q(reference=""),
                name="export_licence_reference_once",
                violation_error_message="Another licence already has this DDTC reference.",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(approved_on__isnull=True)
                | models.Q(expires_on__gte=models.F("approved_on")),
                name="export_licence_expires_after_approval",
                violation_error_message="A licence expires on or after its approval.",
            ),
        ]
        indexes = [
            # The list's filters and the visibility rule by country.
            models.Index(fields=["country", "state"], name="licence_country_state_idx"),
        ]

    def __str__(self) -> str:
        label = self.reference or "draft"
        return f"{self.get_kind_display().split(':')[0]} {label}: {self.commodity}"

    def get_absolute_url(self) -> str:
        return reverse("programs:licence-detail", args=[self.pk])

    def clean(self):
        errors: dict[str, str] = {}
        if self.mde_value is not None and self.value is not None and self.mde_value > self.value:
            errors["mde_value"] = "The major defense equipment cannot be worth more than the whole."
        if (
            self.design_construction_value is not None
            and self.value is not None
            and self.design_construction_value > self.value
        ):
            errors["design_construction_value"] = (
                "The design and construction services cannot be worth more than the whole."
            )
        if self.manufacture_abroad and self.kind not in MANUFACTURING_KINDS:
            errors["manufacture_abroad"] = (
                "Only a technical assistance or manufacturing licence agreement licenses "
                "manufacture abroad."
            )
        if self.approved_on and self.expires_on and self.expires_on < self.approved_on:
            errors["expires_on"] = "A licence expires on or after its approval."
        if (
            self.dod_returned_on
            and self.dod_referred_on
            and (self.dod_returned_on < self.dod_referred_on)
        ):
            errors["dod_returned_on"] = "The review is returned on or after it was referred."
        if errors:
            raise ValidationError(errors)

    @property
    def is_agreement(self) -> bool:
        return self.kind in AGREEMENT_KINDS

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_LICENCE_STATES

    def expiry_for(self, approved_on: datetime.date) -> datetime.date | None:
        """A licence's expiry counted from its approval; None for an agreement (its own term)."""
        if self.is_agreement:
            return None
        return approved_on + relativedelta(years=LICENCE_VALIDITY_YEARS)


class LicenceProviso(DomainModel):
    """A condition DDTC attached to a licence (a proviso), and whether it was acknowledged."""

    exercises = ("4.G",)

    licence = models.ForeignKey(ExportLicence, on_delete=models.CASCADE, related_name="provisos")
    text = models.TextField(help_text="The proviso as DDTC wrote it.")
    party = models.CharField(
        "who must act",
        max_length=20,
        choices=ProvisoParty.choices,
        default=ProvisoParty.APPLICANT,
    )
    acknowledged_on = models.DateField(
        null=True, blank=True, help_text="The day the party acknowledged the proviso."
    )

    class Meta:
        ordering = ["licence", "pk"]
        verbose_name = "licence proviso"

    def __str__(self) -> str:
        return self.text[:80]
