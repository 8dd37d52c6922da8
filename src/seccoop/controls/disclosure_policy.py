"""Disclosure decisions checked against policy: ceilings, restrictions, exceptions, criteria,
delegation letters and separation of duties.

The reads say what a request needs before it may be approved, or why a
release falls outside its bounds, each naming the country, the level, the
category or the bound. The writes (a ceiling version, an exception request
and the committee's decision, a letter's approval) are keyword-only
functions in a transaction that check permission through the policy and
validate with full_clean(), as the rest of `seccoop.controls.services`.

Sources: National Disclosure Policy (NDP-1) as publicly described in the
International Programs Security Handbook, chapter 3; DoDD 5230.11
(disclosure criteria, enclosure 3; delegation letters, enclosure 4;
exceptions, section 5; the elements of an exception request, International
Programs Security Handbook, appendix B); SAMM C3.2.1 (DoDD 5230.11 implements
NDP-1) and C3.2.2 (a disclosure is authorized in advance by designated
disclosure officials or the National Disclosure Policy Committee).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from seccoop.controls.models import (
    CeilingLevel,
    DelegationOfDisclosureAuthority,
    DisclosureCeiling,
    DisclosureCriterion,
    DisclosureMethod,
    DisclosureRequest,
    ExceptionState,
    PolicyException,
    PolicyRestriction,
)
from seccoop.controls.models.ceilings import level_rank
from seccoop.controls.models.exceptions import (
    EXCEPTION_GRANTED,
    CriterionAssessment,
    CriterionFinding,
)
from seccoop.core.permissions import require
from seccoop.core.services import _refresh, _save, claim
from seccoop.core.workflow import Transition, Workflow
from seccoop.partners.models import Country

# --- separation of duties -------------------------------------------------------------


def separation_refusal(user, request: DisclosureRequest, what: str) -> str | None:
    """Why this user may not `what` (record a review, decide) the request they submitted.

    The submitter of a request does not also review and decide it, unless the
    office allows it with SECCOOP_DISCLOSURE_SUBMITTER_MAY_DECIDE (a small office).
    """
    if getattr(settings, "SECCOOP_DISCLOSURE_SUBMITTER_MAY_DECIDE", False):
        return None
    if request.submitted_by_id is not None and request.submitted_by_id == user.pk:
        return (
            f"You submitted “{request}”: separation of duties leaves it to someone else to {what}."
        )
    return None


def require_separation(user, request: DisclosureRequest, what: str, field: str) -> None:
    refusal = separation_refusal(user, request, what)
    if refusal:
        raise ValidationError({field: [refusal]})


# --- ceilings and restrictions ------------------------------------------------------------


def current_ceilings(countries, category: str, *, on: datetime.date | None = None) -> dict:
    """The ceiling in force on a day for each country in one category, by country id."""
    on = on or timezone.localdate()
    rows = DisclosureCeiling.objects.active().filter(
        Q(superseded_on__isnull=True) | Q(superseded_on__gt=on),
        country__in=countries,
        category=category,
        effective_on__lte=on,
    )
    found = {}
    for row in rows.order_by("version_number"):
        found[row.country_id] = row
    return found


def restrictions_for(countries, category: str, *, on: datetime.date | None = None):
    on = on or timezone.localdate()
    return (
        PolicyRestriction.objects.active()
        .filter(country__in=countries, effective_on__lte=on)
        .filter(Q(lifted_on__isnull=True) | Q(lifted_on__gt=on))
        .filter(Q(category="") | Q(category=category))
        .select_related("country")
    )


def policy_conflicts(
    request: DisclosureRequest, countries=None, *, level: str | None = None
) -> dict[int, list[str]]:
    """What sets each country of the request beyond policy, by country id (empty: none).

    A level above the country's ceiling in the request's NDP category, a
    country without a ceiling in that category (NDP-1 permits no classified
    disclosure there), or a recorded policy restriction: each needs an
    exception to National Disclosure Policy (DoDD 5230.11, section 5;
    International Programs Security Handbook, chapter 3). `level` is the
    request's own unless a release hands over less.
    """
    countries = list(countries if countries is not None else request.countries.all())
    conflicts: dict[int, list[str]] = {}
    level = level or request.information_level
    category = request.category
    if level_rank(level) > 0:
        ceilings = current_ceilings(countries, category, on=request.submitted_on)
        label = CeilingLevel(level).label
        for country in countries:
            ceiling = ceilings.get(country.pk)
            if ceiling is None:
                conflicts.setdefault(country.pk, []).append(
                    f"{country}: no ceiling is recorded in category {category}, so {label} "
                    "exceeds it."
                )
            elif level_rank(level) > level_rank(ceiling.level):
                conflicts.setdefault(country.pk, []).append(
                    f"{country}: {label} exceeds the category {category} ceiling of "
                    f"{ceiling.get_level_display()} (version {ceiling.version_number})."
                )
    for restriction in restrictions_for(countries, category, on=request.submitted_on):
        conflicts.setdefault(restriction.country_id, []).append(
            f"{restriction.country}: conflicts with the restriction “{restriction.title}” "
            f"({restriction.authority})."
        )
    return conflicts


def _granted_exceptions(request: DisclosureRequest, on: datetime.date | None = None) -> list:
    """The request's granted exceptions, newest decision first; on a day, those still in force."""
    granted = (
        request.policy_exceptions.active()
        .filter(state__in=EXCEPTION_GRANTED)
        .prefetch_related("countries", "granted_countries")
        .order_by("-decided_on", "-pk")
    )
    return [e for e in granted if not (on and e.valid_until and on > e.valid_until)]


def _reference(exception: PolicyException) -> str:
    return f"“{exception.decision_reference}”" if exception.decision_reference else "the exception"


def covering_grant(
    request: DisclosureRequest, country: Country, on: datetime.date | None = None
) -> PolicyException | None:
    """The granted exception naming `country` at the highest level, whatever that level."""
    naming = [e for e in _granted_exceptions(request, on) if country in e.countries_granted()]
    return max(naming, key=lambda e: level_rank(e.level_granted), default=None)


def granted_exception(
    request: DisclosureRequest,
    country: Country,
    on: datetime.date | None = None,
    *,
    level: str | None = None,
) -> PolicyException | None:
    """The approved exception that covers this country at a level (the request's) on a day.

    It covers what the committee granted, which may be fewer countries or a
    lower level than requested.
    """
    level = level or request.information_level
    grant = covering_grant(request, country, on)
    if grant is not None and level_rank(level) <= level_rank(grant.level_granted):
        return grant
    return None


def grant_refusal(
    request: DisclosureRequest,
    country: Country,
    *,
    level: str | None = None,
    on: datetime.date | None = None,
) -> tuple[str, str] | None:
    """The form field and why no granted exception covers `country` at `level`, naming the
    country or the level the committee granted; None when one covers it."""
    level = level or request.information_level
    if granted_exception(request, country, on, level=level) is not None:
        return None
    grant = covering_grant(request, country, on)
    if grant is not None:
        return "level", (
            f"{_reference(grant)} granted {country} up to {grant.get_level_granted_display()}; "
            f"{CeilingLevel(level).label} is above what the committee granted."
        )
    in_force = _granted_exceptions(request, on)
    if in_force:
        grant = in_force[0]
        names = ", ".join(sorted(str(c) for c in grant.countries_granted()))
        return "country", (
            f"{_reference(grant)} granted {names} only; {country} is not among the countries "
            "the committee granted."
        )
    return None


def exception_blockers(request: DisclosureRequest, countries, name: str = "approve") -> list[str]:
    """For each of these countries beyond policy, why it may not be approved yet.

    A country the committee granted at a lower level than requested may be
    approved with limitations only (the limitation being the level granted).
    """
    conflicts = policy_conflicts(request, countries)
    blockers = []
    for country in countries:
        if country.pk not in conflicts or granted_exception(request, country) is not None:
            continue
        grant = covering_grant(request, country)
        if grant is not None and name == "approve-with-limitations":
            continue
        text = (
            f"{country} needs an approved exception to National Disclosure Policy before "
            "the request is approved: " + " ".join(conflicts[country.pk])
        )
        refusal = grant_refusal(request, country)
        if refusal:
            text += " " + refusal[1]
        if grant is not None:
            text += " Approve it with limitations to the level granted."
        blockers.append(text)
    return blockers


@transaction.atomic
def record_ceiling(
    *,
    user,
    country: Country,
    category: str,
    level: str,
    effective_on: datetime.date,
    source_note: str,
) -> DisclosureCeiling:
    """Enter a ceiling for a country and category; it supersedes the current one, kept."""
    ceiling = DisclosureCeiling(
        country=country,
        category=category,
        level=level,
        effective_on=effective_on,
        source_note=source_note.strip(),
        entered_by=user,
    )
    require(user, "add", ceiling)
    mine = DisclosureCeiling.objects.filter(country=country, category=category)
    latest = mine.aggregate(Max("version_number"))["version_number__max"]
    ceiling.version_number = (latest or 0) + 1
    current = mine.filter(superseded_on__isnull=True).first()
    if current is not None:
        if effective_on and effective_on <= current.effective_on:
            raise ValidationError(
                {
                    "effective_on": [
                        f"Version {current.version_number} for {country}, category {category}, "
                        f"took effect on {current.effective_on:%d %b %Y}; a new version takes "
                        "effect after it."
                    ]
                }
            )
        fresh = claim(current, None, user=user)
        fresh.superseded_on = effective_on
        _save(fresh, user=user)
        _refresh(current, fresh)
    ceiling.full_clean()
    ceiling._history_user = user
    ceiling.save()
    return ceiling


# --- criteria ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionLine:
    """A finding on one disclosure criterion, with its rationale."""

    criterion: str
    finding: str
    rationale: str = ""


def criteria_rows(lines, *, field: str = "criteria", allowed=None) -> list[CriterionAssessment]:
    """Assessments for every criterion of DoDD 5230.11 enclosure 3, checked before any is written.

    `allowed` limits the findings a decision may rest on (an outright approval
    rests on every criterion met).
    """
    given = {}
    errors = []
    for line in lines or ():
        if line.criterion not in DisclosureCriterion.values:
            errors.append(f"Not a disclosure criterion: {line.criterion}.")
            continue
        given[line.criterion] = line
    for criterion in DisclosureCriterion:
        line = given.get(criterion.value)
        if line is None or not line.finding:
            errors.append(f"{criterion.label}: give the finding.")
            continue
        if line.finding not in CriterionFinding.values:
            errors.append(f"{criterion.label}: not a finding: {line.finding}.")
            continue
        if not line.rationale.strip():
            errors.append(f"{criterion.label}: say why.")
            continue
        if allowed is not None and line.finding not in allowed:
            errors.append(
                f"{criterion.label}: “{CriterionFinding(line.finding).label}” does not support "
                "this decision."
            )
    if errors:
        raise ValidationError({field: errors})
    return [
        CriterionAssessment(
            criterion=criterion.value,
            finding=given[criterion.value].finding,
            rationale=given[criterion.value].rationale.strip(),
        )
        for criterion in DisclosureCriterion
    ]


# Which findings each deciding transition may rest on.
DECISION_FINDINGS = {
    "approve": {CriterionFinding.MET},
    "approve-with-limitations": {CriterionFinding.MET, CriterionFinding.MET_WITH_CONDITIONS},
    "deny": None,
}


def save_criteria(owner, rows: list[CriterionAssessment], *, user) -> None:
    owner.criteria.all().delete()
    for row in rows:
        if isinstance(owner, PolicyException):
            row.exception = owner
        else:
            row.request = owner
        row.full_clean(validate_unique=False)
        row._history_user = user
        row.save()


# --- exceptions to national disclosure policy --------------------------------------------------


def _criteria_complete(exception: PolicyException) -> str | None:
    have = set(exception.criteria.values_list("criterion", flat=True))
    missing = [c.label for c in DisclosureCriterion if c.value not in have]
    if missing:
        return f"Assess every disclosure criterion first; missing: {'; '.join(missing)}."
    return None


def _decided_on_given(exception: PolicyException) -> str | None:
    if not exception.decided_on:
        return "Give the day the committee decided."
    return None


def _exception_conditions_given(exception: PolicyException) -> str | None:
    if not exception.decision_conditions.strip():
        return "An approval with conditions states the conditions."
    return None


DECISION_VALUES = ("decided_on", "decision_reference", "decision_conditions", "valid_until")
GRANT_VALUES = (*DECISION_VALUES, "granted_level")
GRANTING = ("approve", "approve-with-conditions")

EXCEPTION_WORKFLOW = Workflow(
    PolicyException,
    ExceptionState,
    transitions=[
        Transition(
            "submit",
            "Submit to the committee",
            (ExceptionState.DRAFT,),
            ExceptionState.SUBMITTED,
            guards=(_criteria_complete,),
            fields=("submitted_on",),
        ),
        Transition(
            "approve",
            "Record approval",
            (ExceptionState.SUBMITTED,),
            ExceptionState.APPROVED,
            guards=(_decided_on_given,),
            fields=GRANT_VALUES,
        ),
        Transition(
            "approve-with-conditions",
            "Record approval with conditions",
            (ExceptionState.SUBMITTED,),
            ExceptionState.APPROVED_WITH_CONDITIONS,
            guards=(_decided_on_given, _exception_conditions_given),
            fields=GRANT_VALUES,
        ),
        Transition(
            "deny",
            "Record denial",
            (ExceptionState.SUBMITTED,),
            ExceptionState.DENIED,
            guards=(_decided_on_given,),
            fields=DECISION_VALUES,
            note_required=True,
        ),
        Transition(
            "withdraw",
            "Withdraw",
            (ExceptionState.DRAFT, ExceptionState.SUBMITTED),
            ExceptionState.WITHDRAWN,
            note_required=True,
        ),
    ],
)


@transaction.atomic
def prepare_exception(
    *,
    user,
    request: DisclosureRequest,
    information: str,
    justification: str,
    countries: list[Country],
    criteria: list[CriterionLine],
    level: str | None = None,
) -> PolicyException:
    """Draft an exception request for a disclosure request: what, to whom, why, and criteria."""
    exception = PolicyException(
        request=request,
        information=information.strip(),
        justification=justification.strip(),
        category=request.category,
        level=level or request.information_level,
        prepared_by=user,
    )
    require(user, "add", exception)
    if request.is_decided:
        raise ValidationError({"request": ["The request is decided: no exception is prepared."]})
    if not countries:
        raise ValidationError({"countries": ["Name at least one country."]})
    strangers = sorted(str(c) for c in countries if c not in request.countries.all())
    if strangers:
        raise ValidationError(
            {"countries": [f"Not a country of this request: {', '.join(strangers)}."]}
        )
    rows = criteria_rows(criteria)
    exception.full_clean()
    exception._history_user = user
    exception.save()
    exception.countries.set(countries)
    save_criteria(exception, rows, user=user)
    return exception


def move_exception(
    *,
    user,
    exception: PolicyException,
    name: str,
    note: str = "",
    values: dict | None = None,
    granted_countries: list[Country] | None = None,
    expected_version: int | None = None,
):
    """Submit an exception, record the committee's decision, or withdraw it.

    Approving, the committee may grant fewer countries (`granted_countries`,
    among those requested) or a lower level (`granted_level`) than asked;
    what it grants bounds every approval and release resting on it.
    """
    values = {key: value for key, value in (values or {}).items() if value not in (None, "")}
    if name == "submit":
        values.setdefault("submitted_on", timezone.localdate())
    if "decision_conditions" in values:
        values["decision_conditions"] = values["decision_conditions"].strip()
    granted = list(granted_countries or [])
    if name in GRANTING and granted:
        requested = list(exception.countries.all())
        strangers = sorted(str(c) for c in granted if c not in requested)
        if strangers:
            raise ValidationError(
                {
                    "granted_countries": [
                        f"The committee grants among the countries requested; not requested: "
                        f"{', '.join(strangers)}."
                    ]
                }
            )
    with transaction.atomic():
        change = EXCEPTION_WORKFLOW.move(
            user=user,
            record=exception,
            name=name,
            note=note,
            values=values,
            expected_version=expected_version,
        )
        if name in GRANTING:
            # Every country requested when the committee named none.
            exception.granted_countries.set(granted or exception.countries.all())
    return change


# --- delegation letters -----------------------------------------------------------------------


def letter_refusal(
    letter: DelegationOfDisclosureAuthority,
    request: DisclosureRequest,
    country: Country,
    method: str,
    on: datetime.date,
) -> tuple[str, str] | None:
    """The form field and why a release falls outside its delegation letter, naming the bound;
    None when inside.

    The bounds are those of DoDD 5230.11, enclosure 4: approval by the
    designated disclosure authority, the version in force, the scope
    (countries), the NDP categories, the classification ceiling and the
    disclosure methods.
    """
    name = f"“{letter}”"
    if not letter.is_approved:
        return (
            "country",
            f"{name} is not approved by the designated disclosure authority: "
            "nothing is released under it.",
        )
    if letter.effective_on > on or (letter.superseded_on and letter.superseded_on <= on):
        return "released_on", f"{name} was not in force on {on:%d %b %Y}."
    if country not in letter.countries.all():
        return "country", f"{country} is outside the scope of {name}."
    if request.category not in letter.categories:
        return "country", (
            f"Category {request.get_category_display()} is outside the categories {name} permits."
        )
    if level_rank(request.information_level) > level_rank(letter.classification_ceiling) or (
        request.information_level == "CUI" and letter.classification_ceiling == "U"
    ):
        return "country", (
            f"{request.get_information_level_display()} is above the classification ceiling of "
            f"{name} ({letter.get_classification_ceiling_display()})."
        )
    if not method:
        return (
            "method",
            f"Say how it was disclosed: {name} permits {', '.join(letter.method_labels())}.",
        )
    if method not in letter.disclosure_methods:
        return "method", (
            f"{DisclosureMethod(method).label} disclosure is outside the methods of {name}: "
            f"{', '.join(letter.method_labels())}."
        )
    return None


@transaction.atomic
def approve_delegation(
    *,
    user,
    letter: DelegationOfDisclosureAuthority,
    approving_authority: str,
    approved_on: datetime.date | None = None,
    expected_version: int | None = None,
) -> DelegationOfDisclosureAuthority:
    """Record the designated authority's approval; the letter's current version is superseded."""
    require(user, "change", letter)
    if letter.is_approved:
        raise ValidationError({"approved_on": ["This version is already approved."]})
    approved_on = approved_on or timezone.localdate()
    current = (
        DelegationOfDisclosureAuthority.objects.filter(
            letter_key=letter.letter_key, superseded_on__isnull=True, approved_on__isnull=False
        )
        .exclude(pk=letter.pk)
        .first()
    )
    if current is not None:
        if current.version_number > letter.version_number:
            raise ValidationError(
                {"approved_on": [f"Version {current.version_number} is newer and in force."]}
            )
        fresh_current = claim(current, None, user=user)
        fresh_current.superseded_on = max(letter.effective_on, current.effective_on)
        _save(fresh_current, user=user)
        _refresh(current, fresh_current)
    fresh = claim(letter, expected_version, user=user)
    fresh.approving_authority = approving_authority.strip()
    fresh.approved_on = approved_on
    fresh.approved_by = user
    fresh.full_clean()
    _save(fresh, user=user)
    _refresh(letter, fresh)
    return letter
