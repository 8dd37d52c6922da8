"""Every write on export licences, their workflow, and the AECA 36(c)/36(d) certification.

One keyword-only function per operation, each in a transaction, each
checking permission through the policy and validating with full_clean()
before it writes. The workflow is declared once here as `WORKFLOW`; pages and
API move a licence through `move_licence`, which fills in the day a
transition records and a licence's expiry four years after its approval.

A licence is not a case: its workflow has no offer, no acceptance and no
payment, and nothing here writes a Letter of Offer and Acceptance or a
payment schedule.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from seccoop.core.permissions import Role, has_role, require
from seccoop.core.services import create_record, require_in_reach, update_record
from seccoop.core.workflow import Transition, Workflow
from seccoop.partners import services as partner_services
from seccoop.programs.models import (
    NOTIFICATION_THRESHOLDS,
    ExportLicence,
    LicenceProviso,
    LicenceState,
    NotificationThreshold,
)
from seccoop.programs.models.licences import APPROVED_STATES, MANUFACTURING_KINDS, PENDING_STATES
from seccoop.workforce.models import Assignment, Person

ZERO = Decimal("0")
# The roles people take on a licence, offered on its staffing form.
LICENCE_ROLES = ("licence officer", "country desk", "technology security reviewer")
# Fields only the workflow sets; an edit of the licence may not touch them.
WORKFLOW_FIELDS = frozenset(
    {
        "state",
        "state_changed_at",
        "submitted_on",
        "dod_referred_on",
        "dod_office",
        "dod_returned_on",
        "dod_recommendation",
        "congress_notified_on",
        "notification_reference",
        "approved_on",
        "expires_on",
        "decided_on",
        "revoked_on",
    }
)

# --- congressional certification (AECA 36(c) and 36(d)) -------------------------------

# A licence for Category I(a)-(g) firearms of $1,000,000 or more is certified to
# Congress whatever the purchaser (AECA 36(c)(1); 22 CFR 123.15(a)(3)).
FIREARMS_CATEGORY = "I"
FIREARMS_CERTIFICATION_DOLLARS = Decimal("1000000")
# Approval waits 15 calendar days after Congress receives the certification for
# NATO, its members, Australia, Israel, Japan, New Zealand and the Republic of
# Korea, 30 for any other country (AECA 36(c)(2); 22 CFR 123.15(b)).
REVIEW_DAYS = {True: 15, False: 30}


def licence_thresholds() -> tuple[NotificationThreshold, ...]:
    """The values at or above which a licence is certified to Congress (AECA 36(c)).

    Major defense equipment and the total, those of 22 CFR 123.15(a)(1) and (2):
    the same figures as an FMS offer's (NOTIFICATION_THRESHOLDS, AECA 36(b)).
    Unlike 36(b), 123.15 sets no separate figure for design and construction
    services; they count in the licence's total value.
    """
    return NOTIFICATION_THRESHOLDS


MEASURED = {
    "mde": "major defense equipment",
    "total": "the value",
}


@dataclass(frozen=True)
class Certification:
    """Whether Congress must be certified before approval, under which section, how long."""

    required: bool
    section: str  # "36(c)", "36(d)", or "" when not required
    review_days: int | None
    reasons: tuple[str, ...]
    notified_on: datetime.date | None
    earliest_approval_on: datetime.date | None


def certification_for(licence: ExportLicence) -> Certification:
    """Work out the AECA 36(c) or 36(d) certification of a licence or agreement.

    36(c): a licence for export at or above the thresholds of
    `licence_thresholds`, or for Category I firearms of $1,000,000 or more.
    36(d): an agreement for the manufacture abroad of significant military
    equipment, whatever its value (22 CFR 124.11). A temporary import is not an
    export and is not certified.
    """
    nato_plus_five = bool(licence.country_id and licence.country.nato_plus_five)
    reasons: list[str] = []
    section = ""
    if licence.kind != "dsp-61":
        measured = {
            "mde": licence.mde_value or ZERO,
            "total": licence.value or ZERO,
        }
        for threshold in licence_thresholds():
            if threshold.nato_plus_five != nato_plus_five:
                continue
            amount = measured[threshold.measure]
            if amount >= threshold.amount:
                reasons.append(
                    f"{MEASURED[threshold.measure]} of ${amount:,.0f} reaches "
                    f"${threshold.amount:,.0f}"
                )
        if (
            licence.usml_category == FIREARMS_CATEGORY
            and (licence.value or ZERO) >= FIREARMS_CERTIFICATION_DOLLARS
        ):
            reasons.append(
                f"Category I firearms of ${licence.value:,.0f} reach "
                f"${FIREARMS_CERTIFICATION_DOLLARS:,.0f}"
            )
        if reasons:
            section = "36(c)"
    if licence.kind in MANUFACTURING_KINDS and licence.manufacture_abroad:
        reasons.append(
            "the agreement licenses manufacture abroad of significant military equipment"
        )
        section = "36(d)"
    if not reasons:
        return Certification(False, "", None, (), licence.congress_notified_on, None)
    days = REVIEW_DAYS[nato_plus_five]
    notified = licence.congress_notified_on
    earliest = notified + datetime.timedelta(days=days) if notified else None
    return Certification(True, section, days, tuple(reasons), notified, earliest)


# --- guards: each says what is missing, or None -----------------------------------------


def application_complete(licence: ExportLicence) -> str | None:
    missing = []
    if not licence.applicant.strip():
        missing.append("the U.S. applicant")
    if not licence.end_user.strip():
        missing.append("the end user")
    if not licence.usml_category:
        missing.append("the USML category")
    if licence.value is None:
        missing.append("the value")
    if missing:
        return "The application needs " + ", ".join(missing) + "."
    return None


def reference_given(licence: ExportLicence) -> str | None:
    if not licence.reference.strip():
        return "Record the reference DDTC gave the application."
    return None


def dod_recommendation_given(licence: ExportLicence) -> str | None:
    if not licence.dod_recommendation:
        return "Record what the Department of Defense recommends."
    return None


def dod_review_returned(licence: ExportLicence) -> str | None:
    if licence.dod_referred_on and not licence.dod_recommendation:
        return (
            f"The DoD review referred on {licence.dod_referred_on:%d %b %Y} has not returned "
            "its recommendation."
        )
    return None


def certification_needed(licence: ExportLicence) -> str | None:
    if not certification_for(licence).required:
        return "This licence reaches no certification threshold (AECA 36(c), 36(d))."
    return None


def certification_period_run(licence: ExportLicence) -> str | None:
    """A licence Congress must be certified of waits for the review period to run."""
    notice = certification_for(licence)
    if not notice.required:
        return None
    if notice.notified_on is None:
        return (
            f"Congress must be certified ({'; '.join(notice.reasons)}) and the "
            f"{notice.review_days}-day review must end before approval (AECA {notice.section})."
        )
    if licence.approved_on and licence.approved_on < notice.earliest_approval_on:
        return (
            f"The {notice.review_days}-day congressional review runs until "
            f"{notice.earliest_approval_on:%d %b %Y}; the licence cannot be approved before."
        )
    return None


def _provisos(licence: ExportLicence):
    return LicenceProviso.objects.active().filter(licence_id=licence.pk)


def no_provisos(licence: ExportLicence) -> str | None:
    if _provisos(licence).exists():
        return "It carries provisos: approve it with provisos."
    return None


def has_provisos(licence: ExportLicence) -> str | None:
    if not _provisos(licence).exists():
        return "Record the provisos first."
    return None


def agreement_term_given(licence: ExportLicence) -> str | None:
    if licence.is_agreement and licence.expires_on is None:
        return "An agreement expires at the end of its stated term: give the date."
    return None


def expiry_passed(licence: ExportLicence) -> str | None:
    current = ExportLicence.objects.filter(pk=licence.pk).values_list("expires_on", flat=True).get()
    if current is None or current >= timezone.localdate():
        return "A licence expires only once its expiry date has passed."
    return None


S = LicenceState
DECISIONS = tuple(PENDING_STATES)
APPROVAL_GUARDS = (dod_review_returned, certification_period_run, agreement_term_given)
WORKFLOW = Workflow(
    model=ExportLicence,
    states=LicenceState,
    transitions=[
        Transition(
            "submit",
            "Submit to DDTC",
            (S.DRAFTED,),
            S.SUBMITTED,
            guards=(application_complete,),
            fields=("submitted_on", "reference"),
        ),
        Transition(
            "refer_to_dod",
            "Record the referral to DoD",
            (S.SUBMITTED,),
            S.UNDER_REVIEW,
            fields=("dod_referred_on", "dod_office"),
        ),
        Transition(
            "record_dod_recommendation",
            "Record DoD's recommendation",
            (S.UNDER_REVIEW,),
            S.UNDER_REVIEW,
            guards=(dod_recommendation_given,),
            fields=("dod_returned_on", "dod_recommendation"),
        ),
        Transition(
            "certify_to_congress",
            "Record the certification to Congress",
            (S.SUBMITTED, S.UNDER_REVIEW),
            S.CONGRESSIONAL_REVIEW,
            guards=(certification_needed, dod_review_returned),
            fields=("congress_notified_on", "notification_reference"),
        ),
        Transition(
            "approve",
            "Record the approval",
            DECISIONS,
            S.APPROVED,
            guards=(reference_given, no_provisos, *APPROVAL_GUARDS),
            fields=("approved_on", "expires_on"),
        ),
        Transition(
            "approve_with_provisos",
            "Record the approval with provisos",
            DECISIONS,
            S.APPROVED_WITH_PROVISOS,
            guards=(reference_given, has_provisos, *APPROVAL_GUARDS),
            fields=("approved_on", "expires_on"),
        ),
        Transition(
            "return_without_action",
            "Record the return without action",
            DECISIONS,
            S.RETURNED,
            fields=("decided_on",),
            note_required=True,
        ),
        Transition(
            "deny",
            "Record the denial",
            DECISIONS,
            S.DENIED,
            fields=("decided_on",),
            note_required=True,
        ),
        Transition(
            "expire",
            "Mark expired",
            APPROVED_STATES,
            S.EXPIRED,
            guards=(expiry_passed,),
        ),
        Transition(
            "revoke",
            "Record the revocation",
            APPROVED_STATES,
            S.REVOKED,
            fields=("revoked_on",),
            note_required=True,
        ),
    ],
)

# The day a transition records, when the caller does not give it.
DAY_OF = {
    "submit": "submitted_on",
    "refer_to_dod": "dod_referred_on",
    "record_dod_recommendation": "dod_returned_on",
    "certify_to_congress": "congress_notified_on",
    "approve": "approved_on",
    "approve_with_provisos": "approved_on",
    "return_without_action": "decided_on",
    "deny": "decided_on",
    "revoke": "revoked_on",
}


def move_licence(
    *,
    user,
    licence: ExportLicence,
    name: str,
    note: str = "",
    values: dict | None = None,
    expected_version: int | None = None,
    today: datetime.date | None = None,
    at: datetime.datetime | None = None,
):
    """Take transition `name` on the licence; return the StateChange written.

    The day the transition records defaults to today; an approved licence
    expires four years after its approval (22 CFR 123.21) unless `values`
    says otherwise. A transition a licence does not have (an offer, an
    acceptance) is refused by name. Refused moves raise ValidationError or
    PermissionDenied and write nothing.
    """
    WORKFLOW.transition(name)  # an unknown name is refused before anything else
    values = dict(values or {})
    day = today or (timezone.localdate(at) if at else timezone.localdate())
    day_field = DAY_OF.get(name)
    if day_field and values.get(day_field) is None:
        values[day_field] = day
    if name in ("approve", "approve_with_provisos") and values.get("expires_on") is None:
        expiry = licence.expiry_for(values["approved_on"])
        if expiry is None:
            values.pop("expires_on", None)  # an agreement keeps the term entered
        else:
            values["expires_on"] = expiry
    return WORKFLOW.move(
        user=user,
        record=licence,
        name=name,
        note=note,
        values=values,
        expected_version=expected_version,
        at=at,
    )


# --- creating and editing ------------------------------------------------------------------


def _refuse_workflow_fields(data: dict) -> None:
    managed = sorted(set(data) & (WORKFLOW_FIELDS - {"reference", "expires_on"}))
    if managed:
        raise ValidationError(
            {
                name: ["Only the licence's workflow sets this; take a transition."]
                for name in managed
            }
        )


def create_licence(*, user, data: dict, programs=None, agreements=None) -> ExportLicence:
    """Record a licence or agreement application, drafted; linked programs and agreements."""
    _refuse_workflow_fields(data)
    data = {key: value for key, value in data.items() if value is not None}
    person = getattr(user, "person", None)
    if data.get("org_unit") is None and person is not None and has_role(user, Role.PROGRAM_TEAM):
        position = getattr(person, "position", None)
        unit_id = position.org_unit_id if position else person.org_unit_id
        if unit_id:
            data["org_unit_id"] = unit_id
    data.update(state=LicenceState.DRAFTED, state_changed_at=timezone.now())
    return create_record(
        user=user,
        model=ExportLicence,
        data=data,
        links={"programs": programs, "agreements": agreements},
    )


def update_licence(
    *, user, licence: ExportLicence, changes: dict, expected_version: int, programs=None,
    agreements=None,
) -> ExportLicence:  # fmt: skip
    """Edit a licence's fields (not its state or workflow dates), against the version opened.

    The DDTC reference and an agreement's expiry are facts that may be
    corrected by hand; the other dates come from the transitions.
    """
    _refuse_workflow_fields(changes)
    return update_record(
        user=user,
        record=licence,
        changes=changes,
        expected_version=expected_version,
        links={"programs": programs, "agreements": agreements},
    )


@transaction.atomic
def add_proviso(*, user, licence: ExportLicence, text: str, party: str) -> LicenceProviso:
    """Record a proviso DDTC attached; only before the licence is decided or while approved."""
    if licence.state in ("drafted", "returned-without-action", "denied", "expired", "revoked"):
        raise ValidationError(
            {"licence": f"A licence {licence.get_state_display().lower()} takes no proviso."}
        )
    proviso = LicenceProviso(licence=licence, text=(text or "").strip(), party=party)
    require(user, "add", proviso)
    proviso.full_clean()
    proviso._history_user = user
    proviso.save()
    require_in_reach(user, proviso, "add")
    return proviso


def acknowledge_proviso(
    *, user, proviso: LicenceProviso, acknowledged_on: datetime.date | None = None
) -> LicenceProviso:
    """Record that the party who must act acknowledged the proviso."""
    return update_record(
        user=user,
        record=proviso,
        changes={"acknowledged_on": acknowledged_on or timezone.localdate()},
        expected_version=proviso.version,
    )


def assign_staff(
    *, user, licence: ExportLicence, person: Person, role: str,
    assigned_on: datetime.date | None = None,
) -> Assignment:  # fmt: skip
    """Assign someone to follow the licence; they gain evidence of practice from it."""
    require(user, "staff", licence)
    return partner_services.assign(
        user=user, record=licence, person=person, role=role, assigned_on=assigned_on
    )
