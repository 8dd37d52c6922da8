"""Amendments and modifications of an accepted case, each a version of its LOA.

SAMM C6.7: an Amendment changes the case's scope and is offered and accepted
like the basic case, so it runs its own offer clock (the case's offer period
from the agency's approval, LOA Standardization Guide section 4, now SAMM
Appendix 9) and is accepted by an authorised official's signature on or
before its expiration date; one not accepted by then lapses. A Modification
is a unilateral U.S. change that takes effect when issued, without the
purchaser's acceptance (DSCA Foreign Customer Guide ch. 7; DSCA Policy 08-42).

Changes are made to a case once it is accepted and while it is executed
(SAMM chapter 6 covers accepted and implemented cases); a modification may
also prepare a case whose supply is complete for closure (DSCA Policy 08-42).
No public source read for this work limits a case to one amendment in work
at a time, so none is enforced.

The basic case is recorded as version 0 from the case as accepted when the
first change is written; after that, nothing a later version does rewrites
it. The case's current value is that of the latest version in force.

Every write is one function here, in a transaction, checked by the policy;
versions move through `VERSION_WORKFLOW` (claimed by their `version`, so two
people moving the same amendment cannot both succeed, and every move logged).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from seccoop.core.permissions import require
from seccoop.core.services import require_in_reach
from seccoop.core.workflow import Transition, Workflow
from seccoop.programs.models import Case, CaseState, CaseVersion, VersionKind, VersionState
from seccoop.programs.models.case_versions import IN_FORCE, IN_WORK
from seccoop.programs.services.cases import case_value, value_of

V = VersionState
ZERO = Decimal("0")

# The case states in which a version may be written (see the module docstring).
AMENDABLE = (CaseState.ACCEPTED, CaseState.IMPLEMENTED)
MODIFIABLE = (CaseState.ACCEPTED, CaseState.IMPLEMENTED, CaseState.SUPPLY_COMPLETE)
OPEN_TO = {VersionKind.AMENDMENT: AMENDABLE, VersionKind.MODIFICATION: MODIFIABLE}


# --- guards -----------------------------------------------------------------------------


def is_amendment(version: CaseVersion) -> str | None:
    if version.kind != VersionKind.AMENDMENT:
        return "Only an amendment is offered to and accepted by the purchaser."
    return None


def is_modification(version: CaseVersion) -> str | None:
    if version.kind != VersionKind.MODIFICATION:
        return "Only a modification is issued without the purchaser's acceptance."
    return None


def case_open_to_change(version: CaseVersion) -> str | None:
    case = Case.objects.get(pk=version.case_id)
    allowed = OPEN_TO.get(version.kind, ())
    if case.state not in allowed:
        states = ", ".join(CaseState(state).label.lower() for state in allowed)
        return (
            f"A {version.get_kind_display().lower()} changes a case that is {states}; "
            f"this case is {case.get_state_display().lower()}."
        )
    return None


def offer_made_before_expiry(version: CaseVersion) -> str | None:
    if (
        version.offered_on
        and version.offer_expires_on
        and (version.offered_on > version.offer_expires_on)
    ):
        return f"The offer would expire on {version.offer_expires_on:%d %b %Y}, before it is made."
    return None


def signed_by_official(version: CaseVersion) -> str | None:
    if not (version.signed_by or "").strip():
        return "Name the authorised official who signed the acceptance."
    return None


def accepted_before_expiry(version: CaseVersion) -> str | None:
    if (
        version.accepted_on
        and version.offer_expires_on
        and (version.accepted_on > version.offer_expires_on)
    ):
        return (
            f"The amendment's offer expired on {version.offer_expires_on:%d %b %Y}; it can no "
            "longer be accepted."
        )
    return None


def offer_has_expired(version: CaseVersion) -> str | None:
    ended_on = version.ended_on or timezone.localdate()
    if not version.offer_expires_on or ended_on <= version.offer_expires_on:
        expires = f" on {version.offer_expires_on:%d %b %Y}" if version.offer_expires_on else ""
        return f"An offer lapses only once its expiration date{expires} has passed."
    return None


VERSION_WORKFLOW = Workflow(
    model=CaseVersion,
    states=VersionState,
    transitions=[
        Transition(
            "offer",
            "Approve and offer the amendment",
            (V.WRITTEN,),
            V.OFFERED,
            guards=(is_amendment, case_open_to_change, offer_made_before_expiry),
            fields=("approved_on", "offered_on", "offer_expires_on"),
        ),
        Transition(
            "accept",
            "Record the acceptance",
            (V.OFFERED,),
            V.ACCEPTED,
            guards=(is_amendment, case_open_to_change, signed_by_official, accepted_before_expiry),
            fields=("accepted_on", "signed_by", "previous_value", "lines_count", "lines_summary"),
        ),
        Transition(
            "lapse",
            "Record that the offer lapsed",
            (V.OFFERED,),
            V.LAPSED,
            guards=(is_amendment, offer_has_expired),
            fields=("ended_on",),
        ),
        Transition(
            "issue",
            "Issue the modification",
            (V.WRITTEN,),
            V.ISSUED,
            guards=(is_modification, case_open_to_change),
            fields=("issued_on", "previous_value", "lines_count", "lines_summary"),
        ),
        Transition(
            "cancel",
            "Cancel",
            (V.WRITTEN, V.OFFERED),
            V.CANCELLED,
            fields=("ended_on",),
            note_required=True,
        ),
    ],
)

# The transitions each kind of version takes; the page offers only these.
KIND_TRANSITIONS = {
    VersionKind.AMENDMENT: ("offer", "accept", "lapse", "cancel"),
    VersionKind.MODIFICATION: ("issue", "cancel"),
    VersionKind.BASIC: (),
}
DAY_OF = {
    "offer": "offered_on",
    "accept": "accepted_on",
    "lapse": "ended_on",
    "issue": "issued_on",
    "cancel": "ended_on",
}


# --- reads --------------------------------------------------------------------------------


def versions_of(case: Case) -> list[CaseVersion]:
    """The case's versions, the basic case first, then every change in the order written.

    A list that prefetched `versions` with its cases reads them from there, with
    no query per case.
    """
    prefetched = getattr(case, "_prefetched_objects_cache", {}).get("versions")
    if prefetched is not None:
        return sorted((v for v in prefetched if v.archived_at is None), key=lambda v: v.pk)
    return list(case.versions.active().order_by("pk"))


def current_version(versions: list[CaseVersion]) -> CaseVersion | None:
    """The latest version in force: it gives the case its current value."""
    in_force = [version for version in versions if version.state in IN_FORCE]
    if not in_force:
        return None
    return max(in_force, key=lambda v: (v.effective_on or datetime.date.min, v.pk))


def current_value(case: Case) -> Decimal:
    """The case's value as its latest version in force has it, else the value of its lines."""
    version = current_version(versions_of(case))
    return version.value if version is not None else value_of(case)


def transitions_for(user, version: CaseVersion) -> list[Transition]:
    """The moves this user may take on the version, for its kind and state."""
    names = KIND_TRANSITIONS.get(version.kind, ())
    return [t for t in VERSION_WORKFLOW.available(user, version) if t.name in names]


def _lines(case: Case) -> tuple[int, str]:
    lines = list(case.lines.active().order_by("number").values_list("number", "description"))
    summary = "; ".join(f"{number:03d} {description}" for number, description in lines)
    if len(summary) > 500:
        summary = summary[:497] + "..."
    return len(lines), summary


# --- writes ---------------------------------------------------------------------------------


def _basic_from(case: Case) -> CaseVersion:
    count, summary = _lines(case)
    value = case_value(case)
    return CaseVersion(
        case=case,
        kind=VersionKind.BASIC,
        number=0,
        state=VersionState.ACCEPTED,
        state_changed_at=timezone.now(),
        description=f"The basic case as accepted: {case.title}.",
        value=value,
        previous_value=ZERO,
        lines_count=count,
        lines_summary=summary,
        approved_on=case.approved_on,
        offered_on=case.offered_on,
        offer_expires_on=case.offer_expires_on,
        accepted_on=case.accepted_on,
        signed_by=case.signed_by,
    )


@transaction.atomic
def write_version(
    *,
    user,
    case: Case,
    kind: str,
    description: str,
    value: Decimal,
    grounds: str = "",
) -> CaseVersion:
    """Write an amendment or a modification of an accepted case, numbered after the last one.

    The first change of a case records the basic case as accepted (version 0)
    beside it. Refused (ValidationError naming the field, PermissionDenied)
    with nothing written.
    """
    if kind not in (VersionKind.AMENDMENT, VersionKind.MODIFICATION):
        raise ValidationError({"kind": ["Write an amendment or a modification."]})
    # Who may write one is decided before whether the case may take one.
    require(user, "add", CaseVersion(case=case, kind=kind))
    allowed = OPEN_TO[kind]
    if case.state not in allowed:
        states = " or ".join(CaseState(state).label.lower() for state in allowed)
        raise ValidationError(
            {
                "kind": [
                    f"A {VersionKind(kind).label.lower()} changes a case that is {states}; "
                    f"this case is {case.get_state_display().lower()} (SAMM C6.7)."
                ]
            }
        )
    versions = versions_of(case)
    basic = next((v for v in versions if v.kind == VersionKind.BASIC), None)
    if basic is None:
        basic = _basic_from(case)
        require(user, "add", basic)
        basic.full_clean()
        basic._history_user = user
        basic.save()
        versions.insert(0, basic)
    in_force = current_version(versions)
    last = (
        CaseVersion.objects.filter(case=case, kind=kind).aggregate(last=Max("number"))["last"] or 0
    )
    record = CaseVersion(
        case=case,
        kind=kind,
        number=last + 1,
        state=VersionState.WRITTEN,
        state_changed_at=timezone.now(),
        description=(description or "").strip(),
        grounds=grounds or "",
        value=value,
        previous_value=in_force.value if in_force is not None else ZERO,
    )
    require(user, "add", record)
    record.full_clean()
    record._history_user = user
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise ValidationError(
            {"number": ["Someone wrote another change of this case at the same time; try again."]}
        ) from None
    require_in_reach(user, record, "view")
    return record


def move_version(
    *,
    user,
    version: CaseVersion,
    name: str,
    note: str = "",
    values: dict | None = None,
    expected_version: int | None = None,
    today: datetime.date | None = None,
):
    """Take transition `name` on an amendment or modification; return the StateChange written.

    The day the move records defaults to today. An amendment's offer expires
    the case's offer period (`Case.offer_validity_days`) after the agency's
    approval, which defaults to the day of the offer. On acceptance or issue
    the version records the value it replaces and the lines as they stand.
    """
    transition = VERSION_WORKFLOW.transition(name)
    if name not in KIND_TRANSITIONS.get(version.kind, ()):
        raise ValidationError(
            {"transition": [f"A {version.get_kind_display().lower()} cannot “{transition.label}”."]}
        )
    values = {key: value for key, value in (values or {}).items() if value not in (None, "")}
    day = today or timezone.localdate()
    values.setdefault(DAY_OF[name], day)
    case = Case.objects.get(pk=version.case_id)
    if name == "offer":
        values.setdefault("approved_on", values["offered_on"])
        values.setdefault("offer_expires_on", case.expiry_for(values["approved_on"]))
    if name in ("accept", "issue"):
        in_force = current_version([v for v in versions_of(case) if v.pk != version.pk])
        values["previous_value"] = in_force.value if in_force is not None else ZERO
        values["lines_count"], values["lines_summary"] = _lines(case)
    return VERSION_WORKFLOW.move(
        user=user,
        record=version,
        name=name,
        note=note,
        values=values,
        expected_version=expected_version,
    )


def in_work(versions: list[CaseVersion]) -> list[CaseVersion]:
    return [version for version in versions if version.state in IN_WORK]
