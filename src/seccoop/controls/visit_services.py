"""Foreign visits, liaison officers and exchange personnel: transitions and clocks.

One keyword-only function per write, each in a transaction, checking the
policy and validating with full_clean() before it writes (as services.py).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from seccoop.controls.models import (
    DisclosureState,
    ExtensionKind,
    ForeignRepresentative,
    RepresentativeExtension,
    VisitRequest,
    VisitState,
)
from seccoop.core.permissions import require
from seccoop.core.services import _refresh, claim, require_in_reach
from seccoop.core.workflow import Transition, Workflow

# --- visit requests ------------------------------------------------------------------


def decision_refusal(visit: VisitRequest) -> str | None:
    """Why the visit's disclosure decision does not yet allow approving it, or None.

    Approving a visit is itself a disclosure decision (SAMM C3.4.1): it rests on a
    disclosure request decided for the visitors' country.
    """
    request = visit.disclosure_request if visit.disclosure_request_id else None
    if request is None:
        return (
            "Link the disclosure request the visit rests on: a visit is approved only after "
            "its disclosure decision (SAMM C3.4.1)."
        )
    if not request.is_decided:
        return (
            f"The disclosure request “{request}” is {request.get_state_display().lower()}, "
            "not decided: a visit is approved only after its disclosure decision (SAMM C3.4.1)."
        )
    if request.state == DisclosureState.DENIED:
        return f"The disclosure request “{request}” was denied: the visit cannot be approved."
    decision = request.country_decisions.active().filter(country_id=visit.country_id).first()
    if decision is None or not decision.allows_release:
        return (
            f"The decision on “{request}” does not approve disclosure to {visit.country}: "
            "the visit cannot be approved."
        )
    return None


def _reasons_given(visit: VisitRequest) -> str | None:
    if not visit.decision_reasons.strip():
        return "Give the reasons for the decision."
    return None


def _amendments_given(visit: VisitRequest) -> str | None:
    if not visit.amendments.strip():
        return "Say how the visit is amended."
    return None


def _after_visit_given(visit: VisitRequest) -> str | None:
    if not visit.after_visit_record.strip():
        return "Write the after-visit record: who came, what was disclosed, anything to report."
    return None


def _visit_started(visit: VisitRequest) -> str | None:
    if visit.starts_on > timezone.localdate():
        return f"The visit starts on {visit.starts_on:%d %b %Y}: it is recorded after it happens."
    return None


VISIT_WORKFLOW = Workflow(
    VisitRequest,
    VisitState,
    transitions=[
        Transition(
            "approve",
            "Approve",
            (VisitState.REQUESTED,),
            VisitState.APPROVED,
            guards=(decision_refusal, _reasons_given),
            fields=("decision_reasons",),
        ),
        Transition(
            "amend",
            "Approve as amended",
            (VisitState.REQUESTED,),
            VisitState.AMENDED,
            guards=(decision_refusal, _reasons_given, _amendments_given),
            fields=("decision_reasons", "amendments"),
        ),
        Transition(
            "deny",
            "Deny",
            (VisitState.REQUESTED,),
            VisitState.DENIED,
            guards=(_reasons_given,),
            fields=("decision_reasons",),
        ),
        Transition(
            "record-visit",
            "Record the after-visit report",
            (VisitState.APPROVED, VisitState.AMENDED),
            VisitState.COMPLETED,
            guards=(_visit_started, _after_visit_given),
            fields=("after_visit_record",),
        ),
    ],
)

TRANSITION_FIELDS = ("decision_reasons", "amendments", "after_visit_record")


def move_visit(
    *,
    user,
    visit: VisitRequest,
    name: str,
    note: str = "",
    expected_version: int | None = None,
    **values,
):
    """Approve, amend, deny a visit request, or record its after-visit report."""
    transition = VISIT_WORKFLOW.transition(name)
    changes = {
        field: (values.get(field) or "").strip()
        for field in transition.fields
        if field in TRANSITION_FIELDS
    }
    with transaction.atomic():
        return VISIT_WORKFLOW.move(
            user=user,
            record=visit,
            name=name,
            note=note,
            values=changes,
            expected_version=expected_version,
        )


def upcoming_visits(
    visits: QuerySet[VisitRequest], *, today: datetime.date | None = None
) -> QuerySet[VisitRequest]:
    """Visits not denied that are under way or start within SECCOOP_UPCOMING_VISIT_DAYS."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.SECCOOP_UPCOMING_VISIT_DAYS)
    return (
        visits.active()
        .filter(ends_on__gte=today, starts_on__lte=horizon)
        .exclude(state__in=(VisitState.DENIED, VisitState.COMPLETED))
        .select_related("host", "escort")
        .order_by("starts_on", "pk")
    )


# --- liaison officers and exchange personnel ---------------------------------------------


def warning_days() -> int:
    """How early a certification or tour end is flagged: a setting, as no source gives it."""
    return settings.SECCOOP_EXCHANGE_WARNING_DAYS


def representative_flags(
    representative: ForeignRepresentative, *, today: datetime.date | None = None
) -> list[str]:
    """What needs attention: no current letter, a certification or tour ending or ended."""
    today = today or timezone.localdate()
    flags = []
    problem = representative.letter_problem(today)
    if problem:
        flags.append(problem)
    soon = today + datetime.timedelta(days=warning_days())
    for label, ends in (
        ("certification", representative.certification_ends_on),
        ("tour", representative.departs_on),
    ):
        if ends < today:
            flags.append(f"The {label} ended on {ends:%d %b %Y}.")
        elif ends <= soon:
            flags.append(f"The {label} ends on {ends:%d %b %Y}: extend it or plan the departure.")
    return flags


def representatives_needing_attention(
    representatives: QuerySet[ForeignRepresentative], *, today: datetime.date | None = None
) -> list[tuple[ForeignRepresentative, list[str]]]:
    """Every representative still in post (or due) with a flag, each with its flags."""
    today = today or timezone.localdate()
    in_post = (
        representatives.active()
        .filter(Q(departs_on__gte=today - datetime.timedelta(days=warning_days())))
        .select_related("country", "governing_letter", "contact_officer")
    )
    flagged = []
    for representative in in_post:
        flags = representative_flags(representative, today=today)
        if flags:
            flagged.append((representative, flags))
    return flagged


@transaction.atomic
def extend_representative(
    *,
    user,
    representative: ForeignRepresentative,
    kind: str,
    extended_to: datetime.date,
    approved_on: datetime.date,
    authority: str,
    expected_version: int | None = None,
) -> RepresentativeExtension:
    """Extend a tour or a certification: the extension is kept and the end moves."""
    require(user, "change", representative)
    field = "departs_on" if kind == ExtensionKind.TOUR else "certification_ends_on"
    fresh = claim(representative, expected_version, user=user)
    extension = RepresentativeExtension(
        representative=fresh,
        kind=kind,
        previous_end=getattr(fresh, field),
        extended_to=extended_to,
        approved_on=approved_on,
        authority=authority.strip(),
    )
    extension.full_clean()
    setattr(fresh, field, extended_to)
    fresh.full_clean()
    fresh._history_user = user
    fresh.save()
    extension._history_user = user
    extension.save()
    require_in_reach(user, fresh, "change")
    _refresh(representative, fresh)
    return extension
