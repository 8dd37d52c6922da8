"""Every controls write that touches more than one row, every transition, and the
controls reads that carry a rule (delinquencies, vetting flags).

One keyword-only function per operation, each in a transaction, each
checking permission through the policy and validating with full_clean()
before it writes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from seccoop.controls import disclosure_policy
from seccoop.controls.models import (
    ANNUAL_INVENTORY_DAYS,
    INITIAL_INVENTORY_DAYS,
    Assistance,
    CeilingLevel,
    CountryDecision,
    CountryOutcome,
    DelegationOfDisclosureAuthority,
    DisclosureRequest,
    DisclosureReview,
    DisclosureState,
    EndUseItem,
    Inventory,
    LetterSubject,
    MonitoringLevel,
    Nominee,
    Release,
    ReviewOutcome,
    UseIncident,
    Vetting,
    VettingResult,
    incident_report_days,
)
from seccoop.controls.models.ceilings import level_rank
from seccoop.core.permissions import require
from seccoop.core.services import require_in_reach
from seccoop.core.workflow import Transition, Workflow
from seccoop.partners.markings import require_releasable
from seccoop.partners.models import Country

# --- disclosure requests ---------------------------------------------------------


def _reviews_complete(request: DisclosureRequest) -> str | None:
    pending = request.reviews.active().filter(outcome=ReviewOutcome.PENDING)
    names = [review.get_kind_display() for review in pending]
    if names:
        return f"These reviews are not complete: {', '.join(names)}."
    return None


def _reviews_named(request: DisclosureRequest) -> str | None:
    if not request.reviews.active().exists():
        return "Name the reviews the request needs before its review starts."
    return None


def _reasons_given(request: DisclosureRequest) -> str | None:
    if not request.decision_reasons.strip():
        return "Give the reasons for the decision."
    return None


def _conditions_given(request: DisclosureRequest) -> str | None:
    if not request.decision_conditions.strip():
        return "An approval with limitations states the limitations."
    return None


DECISION_FIELDS = ("decision_reasons", "decision_conditions")

DISCLOSURE_WORKFLOW = Workflow(
    DisclosureRequest,
    DisclosureState,
    transitions=[
        Transition(
            "start-review",
            "Start the review",
            (DisclosureState.SUBMITTED,),
            DisclosureState.IN_REVIEW,
            guards=(_reviews_named,),
        ),
        Transition(
            "approve",
            "Approve",
            (DisclosureState.IN_REVIEW, DisclosureState.REFERRED),
            DisclosureState.APPROVED,
            guards=(_reviews_complete, _reasons_given),
            fields=DECISION_FIELDS,
        ),
        Transition(
            "approve-with-limitations",
            "Approve with limitations",
            (DisclosureState.IN_REVIEW, DisclosureState.REFERRED),
            DisclosureState.LIMITED,
            guards=(_reviews_complete, _reasons_given, _conditions_given),
            fields=DECISION_FIELDS,
        ),
        Transition(
            "deny",
            "Deny",
            (DisclosureState.IN_REVIEW, DisclosureState.REFERRED),
            DisclosureState.DENIED,
            guards=(_reasons_given,),
            fields=DECISION_FIELDS,
        ),
        Transition(
            "refer",
            "Refer for an exception to national disclosure policy",
            (DisclosureState.IN_REVIEW,),
            DisclosureState.REFERRED,
            fields=DECISION_FIELDS,
            note_required=True,
        ),
    ],
)

# What each deciding transition means for every country not decided otherwise,
# and which outcomes it allows per country.
DEFAULT_OUTCOME = {
    "approve": CountryOutcome.APPROVED,
    "approve-with-limitations": CountryOutcome.LIMITED,
    "deny": CountryOutcome.DENIED,
}
ALLOWED_OUTCOMES = {
    "approve": {CountryOutcome.APPROVED},
    "approve-with-limitations": set(CountryOutcome),
    "deny": {CountryOutcome.DENIED},
}


@dataclass
class DisclosureData:
    """What a disclosure request form or API payload gathers."""

    title: str
    category: str
    submitted_on: datetime.date
    countries: list[Country]
    description: str = ""
    classification: str = "U"
    cui_categories: str = ""
    releasable_to: list[Country] = field(default_factory=list)
    case: object = None
    program: object = None
    agreement: object = None
    visit: object = None
    visit_description: str = ""
    requested_by: object = None
    external_id: str | None = None
    reviews: list[str] = field(default_factory=list)
    information_level: str = "U"
    delegation: object = None


@dataclass(frozen=True)
class CountryLine:
    """The decision for one country: its outcome, reasons and conditions."""

    country: Country
    outcome: str
    reasons: str = ""
    conditions: str = ""


@transaction.atomic
def submit_disclosure_request(*, user, data: DisclosureData) -> DisclosureRequest:
    """Record a request to release information, with the reviews it needs."""
    request = DisclosureRequest()
    require(user, "add", request)
    for name in (
        "title", "category", "submitted_on", "description", "classification", "cui_categories",
        "case", "program", "agreement", "visit", "requested_by", "information_level",
        "delegation",
    ):  # fmt: skip
        value = getattr(data, name)
        setattr(request, name, value.strip() if isinstance(value, str) else value)
    request.visit_description = data.visit_description.strip()
    request.external_id = data.external_id or None
    request.submitted_by = user
    if not data.countries:
        raise ValidationError({"countries": ["Name at least one country."]})
    request.full_clean()
    request._history_user = user
    request.save()
    request.countries.set(data.countries)
    request.releasable_to.set(data.releasable_to)
    require_in_reach(user, request, "add")
    require_releasable(request, data.countries)
    for kind in dict.fromkeys(data.reviews):
        review = DisclosureReview(request=request, kind=kind)
        review.full_clean()
        review.save()
    return request


@transaction.atomic
def add_review(*, user, request: DisclosureRequest, kind: str, reviewer=None) -> DisclosureReview:
    """Name one more review a request needs before it is decided."""
    require(user, "change", request)
    if request.is_decided:
        raise ValidationError({"kind": ["The request is decided: no review may be added."]})
    review = DisclosureReview(request=request, kind=kind, reviewer=reviewer)
    review.full_clean()
    review._history_user = user
    review.save()
    return review


@transaction.atomic
def complete_review(
    *,
    user,
    review: DisclosureReview,
    outcome: str,
    comments: str = "",
    completed_on: datetime.date | None = None,
    reviewer=None,
) -> DisclosureReview:
    """Record what a reviewer found (people assigned to the request may)."""
    require(user, "change", review)
    if review.request.is_decided:
        raise ValidationError({"outcome": ["The request is decided: its reviews are closed."]})
    disclosure_policy.require_separation(user, review.request, "record its reviews", "outcome")
    review.outcome = outcome
    review.comments = comments.strip()
    review.completed_on = completed_on or timezone.localdate()
    review.reviewer = reviewer or review.reviewer or getattr(user, "person", None)
    review.full_clean()
    review.version += 1
    review._history_user = user
    review.save()
    return review


def _country_lines(
    request: DisclosureRequest, name: str, reasons: str, conditions: str, lines
) -> list[CountryDecision]:
    """The per-country decisions a deciding transition writes, checked before anything is."""
    countries = list(request.countries.all())
    given = {line.country.pk: line for line in lines or ()}
    strangers = [str(line.country) for line in given.values() if line.country not in countries]
    if strangers:
        raise ValidationError(
            {"countries": [f"Not a country of this request: {', '.join(sorted(strangers))}."]}
        )
    allowed = ALLOWED_OUTCOMES[name]
    decisions, errors = [], []
    for country in countries:
        line = given.get(country.pk)
        outcome = line.outcome if line else DEFAULT_OUTCOME[name]
        if outcome not in allowed:
            label = DISCLOSURE_WORKFLOW.transition(name).label
            errors.append(f"{country}: “{label}” cannot decide “{CountryOutcome(outcome).label}”.")
            continue
        decision = CountryDecision(
            request=request,
            country=country,
            outcome=outcome,
            reasons=(line.reasons if line and line.reasons else reasons).strip(),
            # The request's limitations bind the countries it releases to, not those denied.
            conditions=(
                line.conditions
                if line and line.conditions
                else ("" if outcome == CountryOutcome.DENIED else conditions)
            ).strip(),
        )
        try:
            decision.full_clean(exclude=["request"], validate_unique=False)
        except ValidationError as exc:
            errors.extend(f"{country}: {m}" for m in exc.messages)
        decisions.append(decision)
    if name == "approve-with-limitations" and decisions and not errors:
        if all(d.outcome == CountryOutcome.APPROVED for d in decisions):
            errors.append("Every country is approved outright: approve the request instead.")
        if all(d.outcome == CountryOutcome.DENIED for d in decisions):
            errors.append("Every country is denied: deny the request instead.")
    if errors:
        raise ValidationError({"countries": errors})
    return decisions


def move_disclosure_request(
    *,
    user,
    request: DisclosureRequest,
    name: str,
    note: str = "",
    reasons: str = "",
    conditions: str = "",
    countries: Iterable[CountryLine] | None = None,
    criteria: Iterable[disclosure_policy.CriterionLine] | None = None,
    expected_version: int | None = None,
):
    """Take a transition of a disclosure request; a decision records its outcome per country.

    Deciding transitions take the reasons and conditions, a finding on every
    disclosure criterion of DoDD 5230.11 enclosure 3 (`criteria`), and
    optionally a line per country (an approval with limitations may deny some
    countries); countries not given follow the transition. A country beyond
    its ceiling or in conflict with a policy restriction is approved only
    under an approved exception to National Disclosure Policy, whose
    conditions join the country's. Whoever submitted the request does not
    decide it (separation of duties). Anything refused raises before a
    single row is written.
    """
    transition = DISCLOSURE_WORKFLOW.transition(name)
    values = {}
    if transition.fields:
        values = {"decision_reasons": reasons.strip(), "decision_conditions": conditions.strip()}
    with transaction.atomic():
        decisions, assessments = [], []
        # From a wrong state, the workflow's own refusal (naming the state) comes first.
        if name in DEFAULT_OUTCOME and request.state in transition.sources:
            DISCLOSURE_WORKFLOW.require_may(user, request, transition)
            disclosure_policy.require_separation(user, request, "decide it", "state")
            decisions = _country_lines(request, name, reasons, conditions, countries)
        change = DISCLOSURE_WORKFLOW.move(
            user=user,
            record=request,
            name=name,
            note=note,
            values=values,
            expected_version=expected_version,
        )
        if decisions:
            # Checked after the workflow's own guards (reviews, reasons), which speak first;
            # a refusal here rolls the move back.
            approved = [d.country for d in decisions if d.allows_release]
            blockers = disclosure_policy.exception_blockers(request, approved, name)
            if blockers:
                raise ValidationError({"state": blockers})
            assessments = disclosure_policy.criteria_rows(
                criteria, allowed=disclosure_policy.DECISION_FINDINGS[name]
            )
            _exception_conditions(request, decisions)
            # A request referred and then decided is decided afresh.
            request.country_decisions.all().delete()
            for decision in decisions:
                decision._history_user = user
                decision.save()
            disclosure_policy.save_criteria(request, assessments, user=user)
    return change


def _exception_conditions(request: DisclosureRequest, decisions: list[CountryDecision]) -> None:
    """The committee's conditions, and the level it granted, bind each country released under
    its exception."""
    for decision in decisions:
        if not decision.allows_release:
            continue
        exception = disclosure_policy.covering_grant(request, decision.country)
        if exception is None:
            continue
        added = []
        if exception.decision_conditions:
            added.append(f"Exception conditions: {exception.decision_conditions}")
        if level_rank(exception.level_granted) < level_rank(request.information_level):
            added.append(
                f"Releases up to {exception.get_level_granted_display()} only, the level the "
                "committee granted."
            )
        for line in added:
            if line not in decision.conditions:
                decision.conditions = "\n".join(filter(None, (decision.conditions, line)))


def release_refusal(request: DisclosureRequest, country: Country) -> str | None:
    """Why nothing may be released to `country` under `request`, or None when it may."""
    if country not in request.countries.all():
        return f"{country} is not among the countries of “{request}”."
    if request.state not in (DisclosureState.APPROVED, DisclosureState.LIMITED):
        return (
            f"“{request}” is {request.get_state_display().lower()}, not approved: "
            f"nothing may be released to {country} under it."
        )
    decision = request.country_decisions.filter(country=country).first()
    if decision is None or not decision.allows_release:
        outcome = decision.get_outcome_display().lower() if decision else "not decided"
        return (
            f"The decision on “{request}” did not approve a release to {country} ({outcome}); "
            "the release is refused."
        )
    return None


def bounds_refusal(
    request: DisclosureRequest,
    country: Country,
    method: str,
    on: datetime.date,
    level: str = "",
) -> dict[str, str]:
    """The bounds a release breaks, by form field: its letter's, and its exception's (the
    countries and the level the committee granted)."""
    refusals = {}
    level = level or request.information_level
    if level_rank(level) > level_rank(request.information_level) or (
        level == "CUI" and request.information_level == "U"
    ):
        refusals["level"] = (
            f"{CeilingLevel(level).label} is above the level of “{request}” "
            f"({request.get_information_level_display()}); the release is refused."
        )
        return refusals
    if request.delegation_id:
        refusal = disclosure_policy.letter_refusal(request.delegation, request, country, method, on)
        if refusal:
            field_name, text = refusal
            refusals[field_name] = text
    beyond_policy = country.pk in disclosure_policy.policy_conflicts(
        request, [country], level=level
    )
    if beyond_policy:
        refusal = disclosure_policy.grant_refusal(request, country, level=level, on=on)
        if refusal:
            field_name, text = refusal
            refusals.setdefault(field_name, text + " The release is refused.")
        elif disclosure_policy.granted_exception(request, country, on, level=level) is None:
            refusals["released_on"] = (
                f"No approved exception to National Disclosure Policy covers a release to "
                f"{country} on {on:%d %b %Y}; the release is refused."
            )
    return refusals


@transaction.atomic
def record_release(
    *,
    user,
    request: DisclosureRequest,
    country: Country,
    released_on: datetime.date,
    description: str = "",
    released_by=None,
    method: str = "",
    level: str = "",
) -> Release:
    """Record information released to a country; refused unless the decision approved it,
    and outside the bounds of the request's delegation letter or exception. `level` is the
    highest level handed over when below the request's."""
    release = Release(
        request=request,
        country=country,
        released_on=released_on,
        description=description.strip(),
        released_by=released_by,
        method=method,
        level=level if level != request.information_level else "",
    )
    require(user, "add", release)
    refusal = release_refusal(request, country)
    if refusal:
        raise ValidationError({"country": [refusal]})
    refusals = bounds_refusal(request, country, method, released_on, level)
    if refusals:
        raise ValidationError({name: [text] for name, text in refusals.items()})
    require_releasable(request, [country], field="country")
    release.full_clean()
    release._history_user = user
    release.save()
    return release


# --- delegations of disclosure authority ----------------------------------------


@transaction.atomic
def issue_delegation(
    *, user, data: dict, countries: list[Country], program=None
) -> DelegationOfDisclosureAuthority:
    """Issue a delegation letter as the next version of its subject's letter.

    It waits for the designated disclosure authority's approval
    (`disclosure_policy.approve_delegation`), which supersedes the version in force.
    """
    data = dict(data)
    if program is not None:
        data["program"] = program
        data.setdefault("subject_kind", LetterSubject.PROGRAM)
    letter = DelegationOfDisclosureAuthority(**data)
    require(user, "add", letter)
    if not countries:
        raise ValidationError({"countries": ["Name at least one country."]})
    letter.full_clean(exclude=["version_number"])
    key = letter.key()
    mine = DelegationOfDisclosureAuthority.objects.filter(letter_key=key)
    latest = mine.aggregate(Max("version_number"))["version_number__max"]
    letter.version_number = (latest or 0) + 1
    current = mine.filter(superseded_on__isnull=True, approved_on__isnull=False).first()
    if current is not None and letter.effective_on and letter.effective_on < current.effective_on:
        raise ValidationError(
            {
                "effective_on": [
                    f"Version {current.version_number} took effect on "
                    f"{current.effective_on:%d %b %Y}; a new version takes effect after."
                ]
            }
        )
    letter._history_user = user
    letter.save()
    letter.countries.set(countries)
    return letter


# --- end-use monitoring ------------------------------------------------------------


@transaction.atomic
def record_inventory(
    *,
    user,
    item: EndUseItem,
    inventoried_on: datetime.date,
    result: str,
    notes: str = "",
    performed_by=None,
) -> Inventory:
    """Record a physical inventory of an item; its next inventory falls due a year later."""
    inventory = Inventory(
        item=item,
        inventoried_on=inventoried_on,
        result=result,
        notes=notes.strip(),
        performed_by=performed_by or getattr(user, "person", None),
    )
    require(user, "add", inventory)
    if item.disposed_on:
        raise ValidationError(
            {"inventoried_on": ["The item was disposed of: it is not inventoried."]}
        )
    inventory.full_clean()
    inventory._history_user = user
    inventory.save()
    return inventory


@transaction.atomic
def record_incident(
    *,
    user,
    item: EndUseItem,
    kind: str,
    discovered_on: datetime.date,
    description: str,
    occurred_on: datetime.date | None = None,
    reported_on: datetime.date | None = None,
    corrective_action: str = "",
) -> UseIncident:
    """Record a loss, theft, unauthorized access or transfer; its report falls due (a setting)."""
    incident = UseIncident(
        item=item,
        kind=kind,
        discovered_on=discovered_on,
        occurred_on=occurred_on,
        description=description.strip(),
        reported_on=reported_on,
        corrective_action=corrective_action.strip(),
    )
    require(user, "add", incident)
    incident.full_clean()
    incident._history_user = user
    incident.save()
    return incident


@transaction.atomic
def report_incident(
    *, user, incident: UseIncident, reported_on: datetime.date | None = None
) -> UseIncident:
    """Record the day an incident was reported."""
    require(user, "change", incident)
    if incident.reported_on:
        raise ValidationError({"reported_on": ["This incident was already reported."]})
    incident.reported_on = reported_on or timezone.localdate()
    incident.full_clean()
    incident.version += 1
    incident._history_user = user
    incident.save()
    return incident


def with_inventory_clock(items: QuerySet[EndUseItem]) -> QuerySet[EndUseItem]:
    """Annotate each item with `last_inventory`, the day of its latest inventory."""
    # A grouped query drops the model's ordering, so it is stated again (for pagination).
    return items.annotate(
        last_inventory=Max("inventories__inventoried_on", filter=Q(inventories__archived_at=None))
    ).order_by("case__identifier", "description", "serial_number", "pk")


def overdue_inventories(
    items: QuerySet[EndUseItem], *, today: datetime.date | None = None
) -> QuerySet[EndUseItem]:
    """Enhanced items in service whose inventory is past due, in one query.

    Due 90 days after arrival until the first inventory, then a year after
    the latest one.
    """
    today = today or timezone.localdate()
    initial = today - datetime.timedelta(days=INITIAL_INVENTORY_DAYS)
    annual = today - datetime.timedelta(days=ANNUAL_INVENTORY_DAYS)
    return (
        with_inventory_clock(
            items.active().filter(
                monitoring=MonitoringLevel.ENHANCED,
                disposed_on__isnull=True,
                arrived_on__isnull=False,
            )
        )
        .filter(
            Q(last_inventory__isnull=True, arrived_on__lt=initial) | Q(last_inventory__lt=annual)
        )
        .select_related("case", "case__country")
        .order_by("arrived_on", "pk")
    )


def overdue_incident_reports(
    incidents: QuerySet[UseIncident], *, today: datetime.date | None = None
) -> QuerySet[UseIncident]:
    """Incidents not reported in time (SECCOOP_EUM_INCIDENT_REPORT_DAYS), the oldest first."""
    today = today or timezone.localdate()
    return (
        incidents.active()
        .filter(
            reported_on__isnull=True,
            discovered_on__lt=today - datetime.timedelta(days=incident_report_days()),
        )
        .select_related("item", "item__case", "item__case__country")
        .order_by("discovered_on", "pk")
    )


# --- human rights vetting -------------------------------------------------------------


@transaction.atomic
def record_vetting(*, user, nominee: Nominee, **values) -> Vetting:
    """Record a vetting of a nominee: requested, and its result once it is known."""
    vetting = Vetting(nominee=nominee, **values)
    if vetting.result == VettingResult.APPROVED and vetting.vetted_on and not vetting.expires_on:
        vetting.expires_on = vetting.vetted_on + Vetting.DEFAULT_VALIDITY
    require(user, "add", vetting)
    vetting.full_clean()
    vetting._history_user = user
    vetting.save()
    return vetting


def with_cover(assistance: QuerySet[Assistance]) -> QuerySet[Assistance]:
    """Annotate each assistance with `covered`: did a current approval cover its day?"""
    current = Vetting.objects.active().filter(
        nominee=OuterRef("nominee"),
        result=VettingResult.APPROVED,
        vetted_on__lte=OuterRef("provided_on"),
        expires_on__gte=OuterRef("provided_on"),
    )
    return assistance.annotate(covered=Exists(current))


def vetting_flags(assistance: QuerySet[Assistance]) -> QuerySet[Assistance]:
    """Assistance given to a unit or individual without a current approval, newest first."""
    return (
        with_cover(assistance.active())
        .filter(covered=False)
        .select_related("nominee", "nominee__country")
        .order_by("-provided_on", "-pk")
    )


@transaction.atomic
def record_assistance(
    *, user, nominee: Nominee, provided_on: datetime.date, description: str, case=None
) -> tuple[Assistance, bool]:
    """Record assistance given to a nominee; returns it and whether it is flagged."""
    assistance = Assistance(
        nominee=nominee, provided_on=provided_on, description=description.strip(), case=case
    )
    require(user, "add", assistance)
    assistance.full_clean()
    assistance._history_user = user
    assistance.save()
    flagged = not with_cover(Assistance.objects.filter(pk=assistance.pk)).get().covered
    return assistance, flagged
