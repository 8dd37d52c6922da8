"""Writes of international agreements: creating and editing them and the instruments
under them, their workflow from opportunity through coordination to in force and
beyond, concurrences, notices and reporting clocks, negotiation rounds, post-agreement
interactions, and the expiry clock.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from seccoop.core import permissions
from seccoop.core import services as core
from seccoop.core.permissions import Role, require
from seccoop.core.workflow import Transition, Workflow
from seccoop.partners import services as partner_services
from seccoop.partners.markings import require_releasable
from seccoop.partners.models import Country, Engagement
from seccoop.programs.models import (
    Agreement,
    AgreementConcurrence,
    AgreementDraft,
    AgreementInteraction,
    AgreementNotice,
    AgreementObligation,
    AgreementState,
    ConcurrenceAnswer,
    ConcurrenceOffice,
    DocumentKind,
    Instrument,
    NoticeKind,
    NoticeTiming,
)
from seccoop.programs.models.agreements import BINDING_STATES, RETIRED_STATES
from seccoop.programs.services.cooperation import _releasable_everywhere, with_own_team

S = AgreementState

# --- guards ----------------------------------------------------------------------


def _has_statement_of_intent(agreement: Agreement) -> str | None:
    if not agreement.statement_of_intent.strip():
        return "The summary statement of intent is missing."
    return None


def _has_authority_to_develop(agreement: Agreement) -> str | None:
    if agreement.authority_to_develop_on is None:
        return "Negotiation cannot start before authority to develop is recorded."
    return None


def _has_negotiation_round(agreement: Agreement) -> str | None:
    if not agreement.negotiation_rounds.exists():
        return "No negotiation round is recorded."
    return None


def _has_authority(agreement: Agreement) -> str | None:
    if agreement.authority_id is None:
        return "The legal authority is not chosen; it decides who must concur."
    return None


def missing_concurrences(agreement: Agreement) -> list[str]:
    """The required offices that have not concurred, by label (a non-concurrence says so)."""
    answers = {c.office: c for c in agreement.concurrences.active()}
    missing = []
    for office in agreement.required_offices():
        label = ConcurrenceOffice(office).label
        answer = answers.get(office)
        if answer is None:
            missing.append(label)
        elif answer.answer == ConcurrenceAnswer.NON_CONCUR:
            missing.append(f"{label} (non-concurred)")
    return missing


def _has_every_concurrence(agreement: Agreement) -> str | None:
    missing = missing_concurrences(agreement)
    if missing:
        return "Concurrence is still missing from: " + "; ".join(missing) + "."
    return None


def has_security_arrangement(agreement: Agreement) -> bool:
    """A security annex among its documents (or its parent's), or an approved delegation of
    disclosure authority letter in force for the agreement, its parent or its program.

    A letter awaiting the designated disclosure authority's approval does not count
    (DoDD 5230.11, enclosure 4: the letter delegates once approved)."""
    from seccoop.controls.models import DelegationOfDisclosureAuthority

    holders = [agreement.pk] + ([agreement.parent_id] if agreement.parent_id else [])
    from seccoop.programs.models import ProgramDocument

    if (
        ProgramDocument.objects.active()
        .filter(agreement_id__in=holders, kind=DocumentKind.SECURITY_ANNEX)
        .exists()
    ):
        return True
    subjects = Q(agreement_id__in=holders)
    if agreement.program_id:
        subjects |= Q(program_id=agreement.program_id)
    return (
        DelegationOfDisclosureAuthority.objects.filter(subjects)
        .filter(superseded_on__isnull=True, approved_on__isnull=False, archived_at__isnull=True)
        .exists()
    )


def _has_security_arrangement(agreement: Agreement) -> str | None:
    if agreement.involves_classified and not has_security_arrangement(agreement):
        return (
            "It involves classified information: attach its security annex, or issue a "
            "delegation of disclosure authority letter for its program, before signature."
        )
    return None


def _notice_before(agreement: Agreement, timing: str, on: datetime.date | None) -> str | None:
    authority = agreement.authority
    if authority is None or not authority.notice or authority.notice_timing != timing:
        return None
    if authority.notice_condition:
        # A conditional notice (such as 10 U.S.C. 2350a(a)(3)'s) is shown as a clock;
        # whether it applies is the negotiator's call, so it does not block.
        return None
    sent = agreement.notices.active().filter(kind=NoticeKind.AUTHORITY).first()
    days = authority.notice_period()
    if sent is None:
        return f"The notice to Congress {authority.citation} requires is not recorded as sent."
    if on is not None and on < sent.sent_on + datetime.timedelta(days=days):
        earliest = sent.sent_on + datetime.timedelta(days=days)
        return (
            f"The notice to Congress was sent on {sent.sent_on:%d %b %Y}; {authority.citation} "
            f"asks {days} days, so not before {earliest:%d %b %Y}."
        )
    return None


def _pre_signature_notice(agreement: Agreement) -> str | None:
    return _notice_before(agreement, NoticeTiming.BEFORE_SIGNATURE, agreement.signed_on)


def _pre_entry_notice(agreement: Agreement) -> str | None:
    return _notice_before(agreement, NoticeTiming.BEFORE_ENTRY_INTO_FORCE, agreement.in_force_on)


def _has_signature_date(agreement: Agreement) -> str | None:
    if agreement.signed_on is None:
        return "The date of signature is missing."
    return None


def _has_final_approval(agreement: Agreement) -> str | None:
    if agreement.final_approval_on is None:
        return "The date of final approval is missing."
    return None


def _has_entry_into_force(agreement: Agreement) -> str | None:
    if agreement.in_force_on is None:
        return "The date of entry into force is missing."
    return None


def _new_term_fits(agreement: Agreement) -> str | None:
    if agreement.new_expires_on is None or agreement.parent_id is None:
        return None
    parent = agreement.parent
    if parent.state not in BINDING_STATES:
        return (
            f"“{parent}” is {parent.get_state_display().lower()}; an amendment changes the "
            "term of a signed agreement only."
        )
    return None


def _has_run_out(agreement: Agreement) -> str | None:
    if agreement.expires_on is None:
        return "It has no expiry date."
    if agreement.expires_on > timezone.localdate():
        return f"It does not expire until {agreement.expires_on:%d %b %Y}."
    return None


class AgreementWorkflow(Workflow):
    """The agreement workflow; an amendment entering into force that sets a new expiry date
    moves its parent agreement's expiry to it, in the same transaction and under the same
    user, so the parent's history shows the change of term."""

    def move(self, *, user, record, name: str, **kwargs):
        with transaction.atomic():
            change = super().move(user=user, record=record, name=name, **kwargs)
            if name == "enter-into-force":
                _apply_new_term(user=user, amendment=record)
        return change


AGREEMENT_WORKFLOW = AgreementWorkflow(
    Agreement,
    AgreementState,
    retired_states=RETIRED_STATES,
    transitions=[
        Transition(
            "request-authority",
            "Request authority to develop",
            (S.OPPORTUNITY,),
            S.AUTHORITY_REQUESTED,
            guards=(_has_statement_of_intent,),
            fields=("statement_of_intent",),
        ),
        Transition(
            "start-negotiation",
            "Start negotiation",
            (S.AUTHORITY_REQUESTED,),
            S.NEGOTIATION,
            guards=(_has_authority_to_develop,),
            fields=("authority_to_develop_on",),
        ),
        Transition(
            "circulate-draft",
            "Circulate the draft for concurrence",
            (S.NEGOTIATION,),
            S.COORDINATION,
            guards=(_has_negotiation_round, _has_authority),
        ),
        Transition(
            "return-to-negotiation",
            "Return the draft to negotiation",
            (S.COORDINATION,),
            S.NEGOTIATION,
            note_required=True,
        ),
        Transition(
            "request-final-approval",
            "Request final approval",
            (S.COORDINATION,),
            S.FINAL_APPROVAL_REQUESTED,
            guards=(_has_every_concurrence,),
        ),
        Transition(
            "sign",
            "Record the signature",
            (S.FINAL_APPROVAL_REQUESTED,),
            S.SIGNED,
            roles=(Role.LEADERSHIP,),
            guards=(
                _has_final_approval,
                _has_signature_date,
                _has_every_concurrence,
                _has_security_arrangement,
                _pre_signature_notice,
            ),
            fields=("final_approval_on", "signed_on", "expires_on"),
        ),
        Transition(
            "enter-into-force",
            "Record entry into force",
            (S.SIGNED,),
            S.IN_FORCE,
            guards=(_has_entry_into_force, _pre_entry_notice, _new_term_fits),
            fields=("in_force_on", "expires_on"),
        ),
        Transition(
            "expire",
            "Record the expiry",
            tuple(BINDING_STATES),
            S.EXPIRED,
            guards=(_has_run_out,),
        ),
        Transition(
            "terminate",
            "Terminate",
            (
                S.OPPORTUNITY,
                S.AUTHORITY_REQUESTED,
                S.NEGOTIATION,
                S.COORDINATION,
                S.FINAL_APPROVAL_REQUESTED,
                *BINDING_STATES,
            ),
            S.TERMINATED,
            note_required=True,
        ),
    ],
)


# --- agreements ------------------------------------------------------------------


def create_agreement(*, user, data: dict, countries: Iterable[Country] = ()) -> Agreement:
    """Create an agreement (or an instrument under one) at the identified opportunity.

    An amendment, annex or project arrangement names its parent agreement,
    which must be one the user may change and not expired or terminated; an
    amendment amends a signed agreement. The parent's state does not move:
    it stays in force while the instrument is negotiated.
    """
    data = {**with_own_team(user, data), "state": S.OPPORTUNITY}
    parent = data.get("parent")
    if parent is not None:
        require(user, "change", parent)
        if parent.state in (S.EXPIRED, S.TERMINATED):
            raise ValidationError(
                {
                    "parent": [
                        f"“{parent}” is {parent.get_state_display().lower()}; nothing "
                        "more can fall under it."
                    ]
                }
            )
        if data.get("instrument") == Instrument.AMENDMENT and parent.state not in BINDING_STATES:
            raise ValidationError(
                {
                    "parent": [
                        f"Only a signed agreement is amended; “{parent}” is "
                        f"{parent.get_state_display().lower()}."
                    ]
                }
            )
        countries = list(countries) or list(parent.countries.all())
    return core.create_record(
        user=user, model=Agreement, data=data, links={"countries": list(countries)}
    )


def update_agreement(
    *,
    user,
    agreement: Agreement,
    changes: dict,
    expected_version: int,
    countries: Iterable[Country] | None = None,
) -> Agreement:
    """Edit an agreement's fields (not its state, which moves through the workflow)."""
    if "state" in changes or "state_changed_at" in changes:
        raise ValidationError({"state": ["The state changes through the agreement's transitions."]})
    if "parent" in changes or "instrument" in changes:
        raise ValidationError(
            {
                "instrument": [
                    "What an instrument is and what it falls under are set when it is added."
                ]
            }
        )
    if countries is not None:
        countries = list(countries)
        _releasable_everywhere(agreement, countries)
    core.update_record(
        user=user,
        record=agreement,
        changes=changes,
        expected_version=expected_version,
        links={"countries": countries},
    )
    return agreement


def move_agreement(
    *,
    user,
    agreement: Agreement,
    name: str,
    note: str = "",
    values: dict | None = None,
    expected_version: int | None = None,
):
    """Take a transition of the agreement's workflow; see AGREEMENT_WORKFLOW."""
    return AGREEMENT_WORKFLOW.move(
        user=user,
        record=agreement,
        name=name,
        note=note,
        values=values,
        expected_version=expected_version,
    )


def _apply_new_term(*, user, amendment: Agreement) -> None:
    if amendment.instrument != Instrument.AMENDMENT or amendment.new_expires_on is None:
        return
    parent = Agreement.objects.get(pk=amendment.parent_id)
    if parent.expires_on == amendment.new_expires_on:
        return
    core.update_record(
        user=user,
        record=parent,
        changes={"expires_on": amendment.new_expires_on},
        expected_version=parent.version,
    )


@transaction.atomic
def record_negotiation_round(*, user, agreement: Agreement, engagement: Engagement) -> None:
    """Count an engagement (seen by the user) as a negotiation round of the agreement."""
    require(user, "change", agreement)
    if not permissions.can(user, "view", engagement):
        raise ValidationError({"engagement": ["No such engagement."]})
    if agreement.state not in (S.AUTHORITY_REQUESTED, S.NEGOTIATION):
        raise ValidationError(
            {"engagement": ["Negotiation rounds are recorded while the agreement is negotiated."]}
        )
    agreement.negotiation_rounds.add(engagement)


def add_interaction(*, user, data: dict) -> AgreementInteraction:
    """Record a post-agreement interaction (3.H); only a signed agreement has them."""
    agreement = data.get("agreement")
    if agreement is not None:
        require(user, "change", agreement)
    if agreement is not None and agreement.state not in (*BINDING_STATES, S.EXPIRED):
        raise ValidationError(
            {"agreement": ["Post-agreement interactions follow the signature of the agreement."]}
        )
    return core.create_record(user=user, model=AgreementInteraction, data=data)


@transaction.atomic
def record_concurrence(*, user, agreement: Agreement, data: dict) -> AgreementConcurrence:
    """Record an office's concurrence or non-concurrence with the circulated draft.

    Only while the draft is in coordination; an office's new answer replaces
    its earlier one (kept in the history).
    """
    require(user, "change", agreement)
    if agreement.state != S.COORDINATION:
        raise ValidationError(
            {"office": ["Concurrences are recorded while the draft is circulated for concurrence."]}
        )
    office = data.get("office")
    if office not in agreement.required_offices():
        raise ValidationError({"office": ["This office is not asked to concur on this agreement."]})
    existing = agreement.concurrences.active().filter(office=office).first()
    values = {key: data.get(key) for key in ("answer", "answered_on", "official", "comments")}
    values["official"] = values["official"] or ""
    values["comments"] = values["comments"] or ""
    if existing is None:
        return core.create_record(
            user=user,
            model=AgreementConcurrence,
            data={"agreement": agreement, "office": office, **values},
        )
    core.update_record(
        user=user, record=existing, changes=values, expected_version=existing.version
    )
    return existing


@transaction.atomic
def record_notice(*, user, agreement: Agreement, data: dict) -> AgreementNotice:
    """Record a report or notice as sent, which stops its clock."""
    require(user, "change", agreement)
    kind = data.get("kind")
    sent_on = data.get("sent_on")
    if kind in (NoticeKind.STATE_TRANSMITTAL, NoticeKind.CASE_ACT) and not agreement.signed_on:
        raise ValidationError({"kind": ["This report follows the signature."]})
    if kind == NoticeKind.AUTHORITY and not (agreement.authority and agreement.authority.notice):
        raise ValidationError({"kind": ["Its authority requires no notice to Congress."]})
    if sent_on and sent_on > timezone.localdate():
        raise ValidationError({"sent_on": ["A notice is recorded once sent, not ahead."]})
    return core.create_record(
        user=user,
        model=AgreementNotice,
        data={
            "agreement": agreement,
            "kind": kind,
            "sent_on": sent_on,
            "reference": data.get("reference") or "",
        },
    )


# --- draft text and its versions ------------------------------------------------------

DRAFT_FORMATS = (".txt",)


def read_draft_file(upload) -> str:
    """The text of an uploaded draft, or a ValidationError naming the file and what is wrong.

    Plain text (.txt, UTF-8) is read; a PDF or a word-processor file is refused,
    since its text cannot be compared version to version here.
    """
    name = getattr(upload, "name", "") or ""
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix == ".pdf":
        raise ValidationError(
            {
                "file": [
                    f"“{name}” is a PDF, which is not accepted: its text cannot be compared "
                    "version to version. Save the draft as plain text (.txt) and upload that."
                ]
            }
        )
    if suffix not in DRAFT_FORMATS:
        raise ValidationError(
            {
                "file": [
                    f"“{name}” is not a plain-text file; upload the draft as .txt (UTF-8) so "
                    "its versions can be compared."
                ]
            }
        )
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ValidationError(
            {"file": [f"“{name}” is not UTF-8 text (line {line}); save it as UTF-8 and upload it."]}
        ) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise ValidationError({"file": [f"“{name}” is not a text file."]})
    if not text.strip():
        raise ValidationError({"file": [f"“{name}” is empty."]})
    return text


def upload_draft(
    *,
    user,
    agreement: Agreement,
    upload,
    note: str = "",
    classification: str = "U",
    cui_categories: str = "",
    releasable_to: Iterable[Country] = (),
) -> AgreementDraft:
    """Record an uploaded draft of the agreement's text as its next numbered version.

    Refused, writing nothing, when the user may not change the agreement, the
    file is not plain text, the agreement is expired or terminated, or the
    draft's marking does not release it to every party.
    """
    require(user, "change", agreement)
    if agreement.state in (S.EXPIRED, S.TERMINATED):
        raise ValidationError(
            {
                "file": [
                    f"“{agreement}” is {agreement.get_state_display().lower()}; its text is no "
                    "longer drafted."
                ]
            }
        )
    text = read_draft_file(upload)
    with transaction.atomic():
        # Lock the agreement so two uploads at once do not take the same number.
        Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
        last = (
            AgreementDraft.objects.filter(agreement=agreement)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        draft = core.create_record(
            user=user,
            model=AgreementDraft,
            data={
                "agreement": agreement,
                "number": (last or 0) + 1,
                "file_name": (getattr(upload, "name", "") or "")[-255:],
                "text": text,
                "note": note or "",
                "classification": classification,
                "cui_categories": cui_categories or "",
                "uploaded_by": user,
            },
            links={"releasable_to": list(releasable_to)},
        )
        require_releasable(draft, agreement.countries.all(), field="releasable_to")
    return draft


_WORDS = re.compile(r"\s+|[^\s]+")


def _word_parts(old: str, new: str) -> list[dict]:
    """Segments of a changed line: text kept, removed or added, word by word."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append({"kind": "same", "text": "".join(a[i1:i2])})
            continue
        if i2 > i1:
            parts.append({"kind": "removed", "text": "".join(a[i1:i2])})
        if j2 > j1:
            parts.append({"kind": "added", "text": "".join(b[j1:j2])})
    return parts


def compare_drafts(older: AgreementDraft, newer: AgreementDraft) -> dict:
    """The lines of two draft versions compared: each row "same", "removed", "added" or
    "changed" (a line rewritten, with its words kept, removed and added), and the counts."""
    a, b = older.text.split("\n"), newer.text.split("\n")
    rows = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [
                {"kind": "same", "old_line": i + 1, "new_line": j + 1, "text": a[i]}
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
            continue
        paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(paired):
            rows.append(
                {
                    "kind": "changed",
                    "old_line": i1 + k + 1,
                    "new_line": j1 + k + 1,
                    "text": b[j1 + k],
                    "parts": _word_parts(a[i1 + k], b[j1 + k]),
                }
            )
        rows += [
            {"kind": "removed", "old_line": i + 1, "new_line": None, "text": a[i]}
            for i in range(i1 + paired, i2)
        ]
        rows += [
            {"kind": "added", "old_line": None, "new_line": j + 1, "text": b[j]}
            for j in range(j1 + paired, j2)
        ]
    counts = {
        kind: sum(1 for row in rows if row["kind"] == kind)
        for kind in ("added", "removed", "changed")
    }
    return {"older": older, "newer": newer, "rows": rows, "counts": counts}


# --- reporting clocks ----------------------------------------------------------------

# An agency sends the signed text to the State Department's Office of the Assistant
# Legal Adviser for Treaty Affairs to arrive within 15 days of signature (22 CFR
# 181.7(a)(1), as amended in October 2023 to carry out 1 U.S.C. 112b as rewritten by
# section 5947 of the FY2023 NDAA).
STATE_TRANSMITTAL_DAYS = 15


def _end_of_following_month(day: datetime.date) -> datetime.date:
    """The last day of the month after `day`'s."""
    first_of_next = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    first_after = (first_of_next + datetime.timedelta(days=32)).replace(day=1)
    return first_after - datetime.timedelta(days=1)


def reporting_clocks(agreement: Agreement, *, today: datetime.date | None = None) -> list[dict]:
    """The reports and notices the agreement owes, with their due dates and standing.

    Each is a dict: kind, label, basis (the source), due_on (None until the day it
    runs from is known), sent (the AgreementNotice, if recorded), status ("sent",
    "overdue", "due", "not yet running") and, for an authority's notice, when it applies.
    """
    today = today or timezone.localdate()
    sent = {notice.kind: notice for notice in agreement.notices.active()}
    clocks = []
    authority = agreement.authority
    if authority is not None and authority.notice:
        days = authority.notice_period()
        notice = sent.get(NoticeKind.AUTHORITY)
        if authority.notice_timing == NoticeTiming.BEFORE_SIGNATURE:
            step, planned = "signature", agreement.signed_on
        else:
            step, planned = "entry into force", agreement.in_force_on
        due = planned - datetime.timedelta(days=days) if planned else None
        clocks.append(
            {
                "kind": NoticeKind.AUTHORITY,
                "label": authority.notice,
                "basis": authority.citation,
                "due_on": due,
                "rule": f"At least {days} days before {step}.",
                "condition": authority.notice_condition,
                "sent": notice,
            }
        )
    signed = agreement.signed_on
    clocks.append(
        {
            "kind": NoticeKind.STATE_TRANSMITTAL,
            "label": NoticeKind.STATE_TRANSMITTAL.label,
            "basis": "22 CFR 181.7(a)(1)",
            "due_on": signed + datetime.timedelta(days=STATE_TRANSMITTAL_DAYS) if signed else None,
            "rule": f"To arrive within {STATE_TRANSMITTAL_DAYS} days of signature.",
            "condition": "",
            "sent": sent.get(NoticeKind.STATE_TRANSMITTAL),
        }
    )
    clocks.append(
        {
            "kind": NoticeKind.CASE_ACT,
            "label": NoticeKind.CASE_ACT.label,
            "basis": "1 U.S.C. 112b(a)(1); 22 CFR 181.7(a)",
            "due_on": _end_of_following_month(signed) if signed else None,
            "rule": "The Secretary of State reports it by the end of the month after the one "
            "it was signed in.",
            "condition": "",
            "sent": sent.get(NoticeKind.CASE_ACT),
        }
    )
    for clock in clocks:
        if clock["sent"] is not None:
            clock["status"] = "sent"
        elif clock["due_on"] is None:
            clock["status"] = "not yet running"
        elif clock["due_on"] < today:
            clock["status"] = "overdue"
        else:
            clock["status"] = "due"
    return clocks


def add_obligation(*, user, agreement: Agreement, data: dict) -> AgreementObligation:
    """Track something the agreement obliges its parties to do."""
    require(user, "change", agreement)
    if agreement.state in (S.EXPIRED, S.TERMINATED):
        raise ValidationError(
            {"agreement": [f"It is {agreement.get_state_display().lower()}; it obliges no more."]}
        )
    return core.create_record(
        user=user, model=AgreementObligation, data={**data, "agreement": agreement}
    )


def meet_obligation(
    *, user, obligation: AgreementObligation, met_on: datetime.date, expected_version: int
) -> AgreementObligation:
    """Record the day an obligation was met."""
    core.update_record(
        user=user, record=obligation, changes={"met_on": met_on}, expected_version=expected_version
    )
    return obligation


def assign_staff(*, user, agreement: Agreement, person, role: str, assigned_on=None):
    return partner_services.assign(
        user=user, record=agreement, person=person, role=role, assigned_on=assigned_on
    )


# --- the expiry clock -------------------------------------------------------------


def expiring(
    agreements: QuerySet[Agreement], *, today: datetime.date | None = None
) -> list[Agreement]:
    """Binding agreements that are within their warning period or past their expiry date.

    The warning period is the agreement's own (180 days unless set), so the
    last step is done on the few binding agreements with an expiry date.
    """
    today = today or timezone.localdate()
    candidates = agreements.filter(state__in=BINDING_STATES, expires_on__isnull=False).order_by(
        "expires_on", "title"
    )
    return [agreement for agreement in candidates if agreement.expiry_status(today)]
