"""International agreements: MOUs, project arrangements, loans and annexes."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from seccoop.competencies.exercises import EVERY_CODE
from seccoop.core.models import DomainModel
from seccoop.partners.models import Country, Engagement, Marked
from seccoop.workforce.models import OrgUnit

__all__ = [
    "DEFAULT_WARNING_DAYS",
    "Agreement",
    "AgreementAuthority",
    "AgreementConcurrence",
    "AgreementDraft",
    "AgreementInteraction",
    "AgreementNotice",
    "AgreementObligation",
    "ObligationKind",
    "AgreementState",
    "AgreementType",
    "ConcurrenceAnswer",
    "ConcurrenceOffice",
    "Instrument",
    "InteractionKind",
    "NoticeKind",
    "NoticeTiming",
    "normalise_citation",
]


def normalise_citation(text: str) -> str:
    """A citation reduced to compare: “10 U.S.C. § 2350(l)” and “10 usc 2350l” are one."""
    text = (text or "").lower().replace("§", " ").replace("section", " ")
    return "".join(ch for ch in text if ch.isalnum())


# How long before its expiry an agreement starts warning, unless it says otherwise.
DEFAULT_WARNING_DAYS = 180


class AgreementType(DomainModel):
    """A kind of international agreement, such as a memorandum of understanding.

    The usual kinds are seeded; administrators add others.
    """

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ConcurrenceOffice(models.TextChoices):
    """The offices a draft agreement is circulated to for concurrence."""

    LEGAL = "legal", "Legal counsel"
    COMPTROLLER = "comptroller", "Comptroller"
    POLICY = "policy", "Policy"
    STATE = "state-c175", "Department of State (Circular 175, 22 CFR 181.6)"
    ACQUISITION = "acquisition", "Under Secretary of Defense for Acquisition and Sustainment"
    SECURITY = "security", "Security and foreign disclosure"


class NoticeTiming(models.TextChoices):
    BEFORE_SIGNATURE = "before-signature", "Before signature"
    BEFORE_ENTRY_INTO_FORCE = "before-entry-into-force", "Before entry into force"


class AgreementAuthority(DomainModel):
    """A law under which the directorate concludes international agreements.

    The authority decides what a draft needs before signature: the offices
    whose concurrence it needs on top of every agreement's, and the notice to
    Congress it requires before signature or entry into force. The usual
    authorities are seeded with their citations; administrators add others.
    """

    slug = models.SlugField(max_length=50, unique=True)
    citation = models.CharField(
        max_length=100, unique=True, help_text="The section as cited, such as 22 U.S.C. 2767."
    )
    name = models.CharField(max_length=200)
    former_citation = models.CharField(
        max_length=100,
        blank=True,
        help_text="The section's number before Title 10 was renumbered, where it moved.",
    )
    numbering_note = models.TextField(
        blank=True, help_text="What is known, and not known, of the section's current number."
    )
    description = models.TextField(blank=True)
    concurrences = models.JSONField(
        default=list,
        blank=True,
        help_text="Offices whose concurrence this authority adds to every agreement's.",
    )
    notice = models.CharField(
        max_length=300, blank=True, help_text="The notice to Congress the authority requires."
    )
    notice_timing = models.CharField(max_length=30, choices=NoticeTiming.choices, blank=True)
    notice_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Days the notice must precede the step; empty: the "
        "SECCOOP_AGREEMENT_NOTICE_DAYS setting.",
    )
    notice_condition = models.CharField(
        max_length=300, blank=True, help_text="When the notice applies, if not always."
    )

    class Meta:
        ordering = ["citation"]
        verbose_name_plural = "agreement authorities"

    def __str__(self) -> str:
        return f"{self.citation} ({self.name})"

    def clean(self):
        unknown = set(self.concurrences or []) - set(ConcurrenceOffice.values)
        if unknown:
            raise ValidationError(
                {"concurrences": f"No such office: {', '.join(sorted(unknown))}."}
            )
        if self.notice and not self.notice_timing:
            raise ValidationError({"notice_timing": "Say when the notice is due."})

    def notice_period(self) -> int:
        from django.conf import settings

        if self.notice_days is not None:
            return self.notice_days
        return settings.SECCOOP_AGREEMENT_NOTICE_DAYS


class Instrument(models.TextChoices):
    """What an agreement record is: an agreement, or an instrument under one."""

    AGREEMENT = "agreement", "Agreement"
    AMENDMENT = "amendment", "Amendment"
    ANNEX = "annex", "Annex"
    PROJECT_ARRANGEMENT = "project-arrangement", "Project arrangement"


class AgreementState(models.TextChoices):
    OPPORTUNITY = "opportunity", "Opportunity identified"
    AUTHORITY_REQUESTED = "authority-requested", "Request for authority to develop"
    NEGOTIATION = "negotiation", "In negotiation"
    COORDINATION = "coordination", "Draft in coordination"
    FINAL_APPROVAL_REQUESTED = "final-approval-requested", "Request for final approval"
    SIGNED = "signed", "Signed"
    IN_FORCE = "in-force", "In force"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"


# States in which an agreement binds its parties (and so can run out).
BINDING_STATES = (AgreementState.SIGNED, AgreementState.IN_FORCE)
# "Amended" was a state until amendments became instruments of their own; the log
# kept from before still names it.
RETIRED_STATES = {"amended": "Amended"}


class Agreement(DomainModel):
    """An international agreement with one or more partner nations.

    It goes from an identified opportunity through a request for authority to
    develop (with a summary statement of intent), negotiation, the circulation
    of the draft for concurrence, a request for final approval and signature to
    being in force, and later expired or terminated. Negotiation rounds are
    partner engagements. Amendments, annexes and project arrangements are
    records of their own under their parent agreement (`parent`), each with its
    own coordination and dates; the parent stays in force meanwhile.
    """

    exercises = ("3.D", "3.F", "3.G")
    # Roles on an agreement and their share of the work (competencies.exercises);
    # another role written on an assignment is taken to do all of it.
    roles = {
        # 3.D: decides the need and type of agreement; 3.F negotiates; 3.G documents.
        "lead negotiator": EVERY_CODE,
        "negotiator": ("3.F",),
        # 3.G: the summary statement of intent, the draft text and its coordination.
        "drafter": ("3.G",),
        "legal adviser": ("3.G",),
    }

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    title = models.CharField(max_length=300)
    agreement_type = models.ForeignKey(
        AgreementType, on_delete=models.PROTECT, null=True, blank=True, related_name="agreements"
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="agreements", help_text="The parties besides the U.S."
    )
    instrument = models.CharField(
        max_length=30, choices=Instrument.choices, default=Instrument.AGREEMENT
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instruments",
        help_text="The agreement an amendment, annex or project arrangement falls under.",
    )
    authority = models.ForeignKey(
        AgreementAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        help_text="The law it is concluded under; it decides the concurrences and notices.",
    )
    authority_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="An authority as first written down, kept where it matched none of the table.",
    )
    involves_classified = models.BooleanField(
        default=False,
        help_text="Whether classified information will be exchanged under it; if so it needs "
        "a security annex or a delegation of disclosure authority letter before signature.",
    )
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        help_text="The team that negotiates and manages it.",
    )
    state = models.CharField(
        max_length=30, choices=AgreementState.choices, default=AgreementState.OPPORTUNITY
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    statement_of_intent = models.TextField(
        blank=True, help_text="The summary statement of intent sent with the request for authority."
    )
    authority_to_develop_on = models.DateField(
        null=True, blank=True, help_text="When authority to develop was granted."
    )
    final_approval_on = models.DateField(null=True, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    in_force_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    new_expires_on = models.DateField(
        null=True,
        blank=True,
        help_text="For an amendment that changes the term: the expiry date it sets for the "
        "agreement it amends, which takes it when the amendment enters into force.",
    )
    warning_days = models.PositiveIntegerField(
        default=DEFAULT_WARNING_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="How many days before its expiry it starts warning.",
    )
    negotiation_rounds = models.ManyToManyField(
        Engagement, blank=True, related_name="agreements", help_text="Negotiation rounds held."
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(instrument="agreement") & models.Q(parent__isnull=True))
                | (~models.Q(instrument="agreement") & models.Q(parent__isnull=False)),
                name="agreement_instrument_has_parent",
                violation_error_message="An amendment, annex or project arrangement falls under "
                "an agreement; an agreement falls under none.",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(signed_on__isnull=True)
                | models.Q(expires_on__gt=models.F("signed_on")),
                name="agreement_expires_after_signature",
                violation_error_message="An agreement expires after the day it is signed.",
            ),
        ]
        indexes = [
            # The pipeline: agreements by state; the expiring list: by expiry date.
            models.Index(fields=["state", "state_changed_at"], name="agreement_state_idx"),
            models.Index(fields=["expires_on"], name="agreement_expiry_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:agreement-detail", args=[self.pk])

    def clean(self):
        if self.signed_on and self.expires_on and self.expires_on <= self.signed_on:
            raise ValidationError(
                {"expires_on": "An agreement expires after the day it is signed."}
            )
        if self.instrument == Instrument.AGREEMENT and self.parent_id:
            raise ValidationError({"parent": "An agreement falls under no other agreement."})
        if self.instrument != Instrument.AGREEMENT and not self.parent_id:
            raise ValidationError(
                {
                    "parent": f"Name the agreement this {self.get_instrument_display().lower()} "
                    "falls under."
                }
            )
        if self.new_expires_on and self.instrument != Instrument.AMENDMENT:
            raise ValidationError(
                {"new_expires_on": "Only an amendment changes the term of an agreement."}
            )
        if (
            self.new_expires_on
            and self.parent_id
            and self.parent.signed_on
            and self.new_expires_on <= self.parent.signed_on
        ):
            raise ValidationError(
                {
                    "new_expires_on": "The new expiry falls after the day the amended agreement "
                    f"was signed ({self.parent.signed_on:%d %b %Y})."
                }
            )
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "An agreement does not fall under itself."})
        if self.parent_id and self.parent.instrument != Instrument.AGREEMENT:
            raise ValidationError(
                {"parent": "Instruments fall under an agreement, not under another instrument."}
            )

    # --- what the authority asks before signature ------------------------------

    def required_offices(self) -> list[str]:
        """The offices whose concurrence the draft needs, in the order of the choices."""
        from django.conf import settings

        wanted = set(settings.SECCOOP_AGREEMENT_CONCURRENCES)
        if self.authority_id:
            wanted |= set(self.authority.concurrences or [])
        if self.involves_classified:
            wanted.add(ConcurrenceOffice.SECURITY)
        return [office for office in ConcurrenceOffice.values if office in wanted]

    # --- the expiry clock ---------------------------------------------------------

    @property
    def is_binding(self) -> bool:
        return self.state in BINDING_STATES

    def warns_from(self) -> datetime.date | None:
        if self.expires_on is None:
            return None
        return self.expires_on - datetime.timedelta(days=self.warning_days)

    def expiry_status(self, today: datetime.date) -> str:
        """ "expired", "expiring" (within its warning period) or "" for a binding agreement."""
        if not self.is_binding or self.expires_on is None:
            return ""
        if self.expires_on < today:
            return "expired"
        if today >= self.warns_from():
            return "expiring"
        return ""

    def days_to_expiry(self, today: datetime.date) -> int | None:
        return (self.expires_on - today).days if self.expires_on else None


class ConcurrenceAnswer(models.TextChoices):
    CONCUR = "concur", "Concur"
    NON_CONCUR = "non-concur", "Non-concur"


class AgreementConcurrence(DomainModel):
    """An office's answer to the draft agreement circulated for concurrence.

    One row per office and agreement: a later answer (after the draft is
    revised) replaces the earlier, whose text stays in the history.
    """

    exercises = ("3.F",)

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="concurrences")
    office = models.CharField(max_length=30, choices=ConcurrenceOffice.choices)
    answer = models.CharField(max_length=20, choices=ConcurrenceAnswer.choices)
    answered_on = models.DateField()
    official = models.CharField(max_length=200, blank=True, help_text="Who answered.")
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["agreement", "office"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "office"],
                name="agreement_one_concurrence_per_office",
                violation_error_message="This office has already answered; change its answer.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_office_display()}: {self.get_answer_display()}"

    def clean(self):
        if self.answer == ConcurrenceAnswer.NON_CONCUR and not self.comments.strip():
            raise ValidationError({"comments": "A non-concurrence says why in its comments."})


class NoticeKind(models.TextChoices):
    STATE_TRANSMITTAL = "state-transmittal", "Text sent to the State Department's treaty office"
    CASE_ACT = "case-act", "Reported to Congress under the Case Act"
    AUTHORITY = "authority", "Notice to Congress the authority requires"


class AgreementNotice(DomainModel):
    """A report or notice sent about an agreement, which stops one of its clocks."""

    exercises = ("3.H",)

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=30, choices=NoticeKind.choices)
    sent_on = models.DateField()
    reference = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["agreement", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind"],
                name="agreement_one_notice_per_kind",
                violation_error_message="This notice is already recorded.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.sent_on}"


class ObligationKind(models.TextChoices):
    CONTRIBUTION = "contribution", "Contribution"
    DELIVERABLE = "deliverable", "Deliverable"
    REPORT = "report", "Report"
    STEERING_COMMITTEE = "steering-committee", "Steering committee meeting"


class AgreementObligation(DomainModel):
    """Something the agreement obliges the parties to do, tracked with an owner and a due date.

    A contribution may name the partner contribution of the agreement's program that
    meets it.
    """

    exercises = ("3.H",)

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="obligations")
    kind = models.CharField(max_length=30, choices=ObligationKind.choices)
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(
        "workforce.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreement_obligations",
        help_text="Who sees that it is met.",
    )
    due_on = models.DateField()
    met_on = models.DateField(null=True, blank=True)
    contribution = models.ForeignKey(
        "programs.PartnerContribution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="obligations",
        help_text="The partner contribution of the agreement's program that meets it.",
    )

    class Meta:
        ordering = ["agreement", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"

    def clean(self):
        if self.contribution_id and self.contribution.program_id != self.agreement.program_id:
            raise ValidationError(
                {"contribution": "Choose a contribution of the program this agreement serves."}
            )
        if self.met_on and self.met_on > timezone.localdate():
            raise ValidationError({"met_on": "An obligation is recorded as met once it is."})

    def standing(self, today: datetime.date) -> str:
        """ "met", "overdue" or "due"."""
        if self.met_on:
            return "met"
        return "overdue" if self.due_on < today else "due"


class InteractionKind(models.TextChoices):
    STEERING_COMMITTEE = "steering-committee", "Steering committee meeting"
    AMENDMENT_DISCUSSION = "amendment-discussion", "Amendment discussion"
    INFORMATION_EXCHANGE = "information-exchange", "Information exchange"
    DISPUTE = "dispute", "Dispute or issue resolution"
    REPORT = "report", "Report or notice"
    OTHER = "other", "Other"


class AgreementInteraction(DomainModel):
    """Something done with the partners under an agreement once it is signed (3.H)."""

    exercises = ("3.H",)

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(max_length=30, choices=InteractionKind.choices)
    occurred_on = models.DateField()
    summary = models.TextField()
    engagement = models.ForeignKey(
        Engagement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "-occurred_on"]
        verbose_name = "post-agreement interaction"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"


class AgreementDraft(Marked, DomainModel):
    """One numbered version of an agreement's draft text, as uploaded by a negotiator (3.G).

    It carries its own marking, like any document of the agreement: a version
    releasable to some countries only is refused on an agreement with another.
    Versions are compared line by line on the draft comparison page.
    """

    exercises = ("3.G",)

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="drafts")
    number = models.PositiveIntegerField()
    file_name = models.CharField(max_length=255, help_text="The name of the file uploaded.")
    text = models.TextField(help_text="The draft text as uploaded.")
    note = models.CharField(
        max_length=500, blank=True, help_text="What changed, or which round it comes from."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="agreement_draft_number_once",
                violation_error_message="This agreement already has a draft with this number.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} draft {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("programs:agreement-draft-detail", args=[self.pk])
