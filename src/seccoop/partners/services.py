"""Every partner write that touches more than one row, and the partner analyses.

One function per operation, each in a transaction, each checking permission
through the policy and validating with full_clean() before it writes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from seccoop.competencies.models import Competency, Framework
from seccoop.core.permissions import require
from seccoop.core.services import _refresh, claim, require_in_reach
from seccoop.partners.models import (
    CapabilityArea,
    CapabilityGapAssessment,
    Counterpart,
    Country,
    Engagement,
    EngagementType,
    EvidenceKind,
    EvidenceStatus,
    FollowUpAction,
    LanguageProficiency,
    PartnerOrganization,
    PracticeEvidence,
    ProfileSection,
)
from seccoop.partners.policies import may_decide_rule
from seccoop.workforce.models import Assignment, CurrentLevel, Person


def _claimed(record, expected_version: int | None, *, user):
    """A fresh copy of a saved record with its version raised; refused if moved since then.

    Call inside the transaction of the edit. A record not yet saved is
    returned as it is. See `seccoop.core.services.claim`.
    """
    if record.pk is None:
        return record
    fresh = claim(record, expected_version, user=user)
    fresh._history_user = user
    return fresh


# --- desks, profiles and capability gaps ----------------------------------------


@transaction.atomic
def assign_desk_officers(
    *,
    user,
    country: Country,
    primary: Person | None,
    backup: Person | None,
    expected_version: int | None = None,
) -> Country:
    """Make `primary` and `backup` the desk officers of a country (administrators).

    With `expected_version`, the change is refused if someone else changed
    the country since that version was read.
    """
    require(user, "change", country)
    fresh = _claimed(country, expected_version, user=user)
    fresh.primary_desk_officer = primary
    fresh.backup_desk_officer = backup
    fresh.full_clean()
    fresh.save()
    _refresh(country, fresh)
    return country


@transaction.atomic
def revise_profile_section(
    *,
    user,
    country: Country,
    kind: str,
    text: str,
    as_of: datetime.date,
    expected_version: int | None = None,
) -> ProfileSection:
    """Write or revise one section of a country profile; the earlier text stays in its history.

    With `expected_version`, a revision made against an older text of the
    section is refused instead of overwriting the newer one.
    """
    section = ProfileSection.objects.filter(country=country, kind=kind).first()
    if section is None:
        section = ProfileSection(country=country, kind=kind)
    require(user, "change", section)
    section = _claimed(section, expected_version, user=user)
    section.text = text.strip()
    section.as_of = as_of
    section.archived_at = None
    section.full_clean()
    section._history_user = user  # the author, whose evidence the section gives
    section.save()
    return section


@transaction.atomic
def record_gap_assessment(
    *,
    user,
    country: Country,
    area: str,
    severity: int,
    assessed_on: datetime.date,
    notes: str = "",
) -> CapabilityGapAssessment:
    """Record how serious a partner's gap in one capability area is, as of a day."""
    assessment = CapabilityGapAssessment(
        country=country,
        area=area,
        severity=severity,
        assessed_on=assessed_on,
        notes=notes.strip(),
        assessed_by=getattr(user, "person", None),
    )
    require(user, "add", assessment)
    assessment.full_clean()
    assessment._history_user = user
    assessment.save()
    return assessment


# --- engagements and their evidence of practice ---------------------------------


@dataclass
class EngagementData:
    """What an engagement form or API payload gathers."""

    title: str
    engagement_type: EngagementType
    starts_on: datetime.date
    ends_on: datetime.date
    place: str = ""
    objectives: str = ""
    outcome: str = ""
    external_id: str | None = None
    countries: list[Country] = field(default_factory=list)
    participants: list[Person] = field(default_factory=list)
    counterparts: list[Counterpart] = field(default_factory=list)
    organizations: list[PartnerOrganization] = field(default_factory=list)


@dataclass(frozen=True)
class ActionData:
    description: str
    owner: Person
    due_on: datetime.date


def _fill(engagement: Engagement, data: EngagementData) -> None:
    for name in ("title", "engagement_type", "starts_on", "ends_on", "place"):
        setattr(engagement, name, getattr(data, name))
    engagement.objectives = data.objectives.strip()
    engagement.outcome = data.outcome.strip()
    if data.external_id is not None:
        engagement.external_id = data.external_id or None


def _link(engagement: Engagement, data: EngagementData) -> None:
    engagement.countries.set(data.countries)
    engagement.participants.set(data.participants)
    engagement.counterparts.set(data.counterparts)
    engagement.organizations.set(data.organizations)


def _vouched_for(recorded_by, person_ids) -> set[int]:
    """The people among `person_ids` for whom evidence `recorded_by` writes counts at once.

    The person themself and anyone above them in the supervisor chain: both
    could confirm the evidence anyway (`policies.may_decide_rule`). Evidence
    anyone else records waits for one of them.
    """
    if recorded_by is None or not person_ids:
        return set()
    return set(
        Person.objects.filter(may_decide_rule(recorded_by), pk__in=person_ids).values_list(
            "pk", flat=True
        )
    )


def write_evidence(
    model,
    source_ids: list[int],
    wanted: dict[tuple[int, int, int], datetime.date],
    *,
    recorded_by,
    kind: str = EvidenceKind.PRACTICE,
):
    """Make the evidence of practice from these records of `model` exactly `wanted`.

    `kind` says what the records show: work done (practice), or training
    completed (learning), which is kept apart and never counts as practice.

    `wanted` maps (person id, competency id, record id) to the day practised.
    Evidence of these records not in `wanted` is removed, moved days are
    updated and the rest is added, in a fixed number of queries. Added
    evidence is confirmed when `recorded_by` (the user whose write it
    follows) may vouch for the person, and pending otherwise; evidence
    already there keeps its state, so a declined piece stays declined.
    """
    if not getattr(recorded_by, "is_authenticated", False):
        recorded_by = None  # an import run from the command line: nobody vouches
    source_type = ContentType.objects.get_for_model(model)
    existing = {
        (row.person_id, row.competency_id, row.source_id): row
        for row in PracticeEvidence.objects.filter(
            source_type=source_type, source_id__in=source_ids
        )
    }
    stale = [row.pk for key, row in existing.items() if key not in wanted]
    PracticeEvidence.objects.filter(pk__in=stale).delete()
    moved = []
    for key, day in wanted.items():
        row = existing.get(key)
        if row is not None and (row.practiced_on != day or row.kind != kind):
            row.practiced_on, row.kind = day, kind
            moved.append(row)
    PracticeEvidence.objects.bulk_update(moved, ["practiced_on", "kind"])
    added = [key for key in wanted if key not in existing]
    vouched = _vouched_for(recorded_by, {person_id for person_id, _, _ in added})
    PracticeEvidence.objects.bulk_create(
        [
            PracticeEvidence(
                person_id=person_id,
                competency_id=competency_id,
                source_type=source_type,
                source_id=record_id,
                practiced_on=wanted[(person_id, competency_id, record_id)],
                kind=kind,
                recorded_by=recorded_by,
                status=(
                    EvidenceStatus.CONFIRMED if person_id in vouched else EvidenceStatus.PENDING
                ),
            )
            for person_id, competency_id, record_id in added
        ]
    )


def sync_practice_evidence(engagements: Iterable[Engagement], *, recorded_by) -> None:
    """Make the evidence of practice of these engagements match who took part and in what.

    Each participant gets one piece of evidence per sub-competency the
    engagement type exercises, dated the last day of the engagement. The
    queries do not depend on the number of engagements.
    """
    engagements = list(engagements)
    if not engagements:
        return
    ids = [engagement.pk for engagement in engagements]
    competencies: dict[int, list[int]] = {}
    for type_id, competency_id in EngagementType.competencies.through.objects.filter(
        engagementtype_id__in={engagement.engagement_type_id for engagement in engagements}
    ).values_list("engagementtype_id", "competency_id"):
        competencies.setdefault(type_id, []).append(competency_id)
    participants: dict[int, list[int]] = {}
    for engagement_id, person_id in Engagement.participants.through.objects.filter(
        engagement_id__in=ids
    ).values_list("engagement_id", "person_id"):
        participants.setdefault(engagement_id, []).append(person_id)
    wanted = {
        (person_id, competency_id, engagement.pk): engagement.ends_on
        for engagement in engagements
        for person_id in participants.get(engagement.pk, [])
        for competency_id in competencies.get(engagement.engagement_type_id, [])
    }
    write_evidence(Engagement, ids, wanted, recorded_by=recorded_by)


# --- assignments of staff to any work record ---------------------------------------


def named_people(records: list, recorded_by) -> list[tuple[int, int, str, datetime.date]]:
    """(record id, person id, role, day) for the people these records name as doing the work.

    A kind of record declares `evidence_from = (person field, day field)`: the
    assessor of a capability gap assessment, the evaluator of an evaluation,
    the reviewer of a disclosure review, who performed an inventory. A person
    field of None names the author: whoever writes the record (a country
    profile section). The role is the field's name, so a record type that
    declares roles can say which share of its sub-competencies it exercises.
    No day (a review not completed yet) gives no evidence yet.
    """
    rows = []
    for record in records:
        person_field, day_field = getattr(type(record), "evidence_from", (None, None))
        day = getattr(record, day_field, None) if day_field else None
        if day is None:
            continue
        if person_field is None:
            person = getattr(recorded_by, "person", None) if recorded_by else None
            person_id, role = getattr(person, "pk", None), "author"
        else:
            person_id, role = getattr(record, f"{person_field}_id"), person_field
        if person_id is not None:
            rows.append((record.pk, person_id, role, day))
    return rows


def sync_assignment_evidence(records: Iterable, *, recorded_by) -> None:
    """Give everyone assigned to these records (all of one model) evidence of practice.

    The people a record names as doing its work (`named_people`) are counted
    with those assigned to it.

    Each assigned person gets one piece of evidence per sub-competency their
    role on the record exercises (`seccoop.competencies.exercises.codes_for_role`:
    the role's share of what the record exercises where the kind of record
    declares its roles, all of it otherwise), dated the day the first assignment
    giving it began.
    """
    from seccoop.competencies.exercises import codes_for_role

    records = list(records)
    if not records:
        return
    model = type(records[0])
    by_id = {record.pk: record for record in records}
    framework = Framework.objects.default()
    ids_by_code = dict(framework.competencies.values_list("code", "pk"))
    wanted: dict[tuple[int, int, int], datetime.date] = {}
    assigned = (
        Assignment.objects.active()
        .filter(source_type=ContentType.objects.get_for_model(model), source_id__in=list(by_id))
        .values_list("source_id", "person_id", "role", "assigned_on")
    )
    for record_id, person_id, role, day in [*assigned, *named_people(records, recorded_by)]:
        for code in codes_for_role(by_id[record_id], role):
            if code in ids_by_code:
                key = (person_id, ids_by_code[code], record_id)
                wanted[key] = min(day, wanted.get(key, day))
    write_evidence(model, list(by_id), wanted, recorded_by=recorded_by)


@transaction.atomic
def assign(*, user, record, person: Person, role: str, assigned_on: datetime.date | None = None):
    """Assign a person to a work record with a role; they gain evidence of practice from it."""
    require(user, "change", record)
    assignment = Assignment(
        person=person,
        source_type=ContentType.objects.get_for_model(type(record)),
        source_id=record.pk,
        role=(role or "").strip(),
        assigned_on=assigned_on or timezone.localdate(),
    )
    assignment.full_clean()
    assignment._history_user = user
    assignment.save()
    sync_assignment_evidence([record], recorded_by=user)
    return assignment


@transaction.atomic
def release(*, user, assignment: Assignment, released_on: datetime.date | None = None):
    """End an assignment: it leaves the person's workload; the evidence stays."""
    record = assignment.source
    require(user, "change", record)
    assignment.released_on = released_on or timezone.localdate()
    assignment.full_clean()
    assignment._history_user = user
    assignment.save()
    return assignment


@transaction.atomic
def unassign(*, user, assignment: Assignment):
    """Remove an assignment made by mistake: it and the evidence it gave are gone."""
    record = assignment.source
    require(user, "change", record)
    assignment._history_user = user
    assignment.archived_at = timezone.now()
    assignment.save()
    sync_assignment_evidence([record], recorded_by=user)


# --- confirming evidence of practice --------------------------------------------


def _decide(user, evidence: PracticeEvidence, action: str, status: str, from_states) -> None:
    require(user, action, evidence)
    fresh = _claimed(evidence, None, user=user)
    if fresh.archived_at is not None or fresh.status not in from_states:
        raise ValidationError(
            {"status": f"This evidence is already {fresh.get_status_display().lower()}."}
        )
    fresh.status = status
    fresh.decided_by = user
    fresh.decided_at = timezone.now()
    fresh.full_clean()
    fresh.save()
    _refresh(evidence, fresh)


@transaction.atomic
def confirm_evidence(*, user, evidence: PracticeEvidence) -> PracticeEvidence:
    """The person or their supervisor chain confirms pending evidence; from now on it counts.

    Recorded in the evidence's history (who, when). Evidence already
    confirmed or declined is refused, naming its state.
    """
    _decide(user, evidence, "confirm", EvidenceStatus.CONFIRMED, {EvidenceStatus.PENDING})
    return evidence


@transaction.atomic
def decline_evidence(*, user, evidence: PracticeEvidence) -> PracticeEvidence:
    """The person or their supervisor chain declines evidence; it never counts.

    Pending evidence may be declined, and so may confirmed evidence (such as
    evidence recorded before confirmation existed). A decline is final:
    saving the record again does not bring the evidence back.
    """
    _decide(
        user,
        evidence,
        "decline",
        EvidenceStatus.DECLINED,
        {EvidenceStatus.PENDING, EvidenceStatus.CONFIRMED},
    )
    return evidence


def _clean_action(action: FollowUpAction, index: int | None = None) -> None:
    try:
        action.full_clean(exclude=["engagement"])
    except ValidationError as exc:
        if index is None:
            raise
        raise ValidationError(
            {f"actions.{index}.{name}": messages for name, messages in exc.message_dict.items()}
        ) from exc


@transaction.atomic
def record_engagement(
    *, user, data: EngagementData, actions: Iterable[ActionData] = ()
) -> Engagement:
    """Log an engagement with its follow-up actions; participants gain evidence of practice."""
    engagement = Engagement()
    require(user, "add", engagement)
    _fill(engagement, data)
    engagement.full_clean()
    engagement.save()
    _link(engagement, data)
    require_in_reach(user, engagement, "add")
    pending = [
        FollowUpAction(
            engagement=engagement,
            description=action.description.strip(),
            owner=action.owner,
            due_on=action.due_on,
        )
        for action in actions
    ]
    for index, action in enumerate(pending):
        _clean_action(action, index)
        action.save()
    sync_practice_evidence([engagement], recorded_by=user)
    return engagement


@transaction.atomic
def update_engagement(
    *,
    user,
    engagement: Engagement,
    data: EngagementData,
    expected_version: int | None = None,
) -> Engagement:
    """Change an engagement; the participants' evidence of practice follows.

    With `expected_version`, the change is refused if someone else saved the
    engagement since that version was read.
    """
    require(user, "change", engagement)
    fresh = _claimed(engagement, expected_version, user=user)
    _fill(fresh, data)
    fresh.full_clean()
    fresh.save()
    _link(fresh, data)
    require_in_reach(user, fresh)
    sync_practice_evidence([fresh], recorded_by=user)
    _refresh(engagement, fresh)
    return engagement


@transaction.atomic
def add_follow_up_action(
    *, user, engagement: Engagement, description: str, owner: Person, due_on: datetime.date
) -> FollowUpAction:
    require(user, "change", engagement)
    action = FollowUpAction(
        engagement=engagement, description=description.strip(), owner=owner, due_on=due_on
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def complete_action(
    *, user, action: FollowUpAction, done_on: datetime.date | None = None
) -> FollowUpAction:
    """Mark a follow-up action done (today unless a day is given)."""
    require(user, "complete", action)
    fresh = _claimed(action, None, user=user)
    fresh.done_on = done_on or timezone.localdate()
    fresh.full_clean()
    fresh.save()
    _refresh(action, fresh)
    return action


@transaction.atomic
def record_language(
    *,
    user,
    person: Person,
    language: str,
    listening: str,
    reading: str,
    speaking: str,
    tested_on: datetime.date | None = None,
) -> LanguageProficiency:
    """Record or update a staff member's ILR levels in a language."""
    record = LanguageProficiency.objects.filter(person=person, language=language).first()
    record = record or LanguageProficiency(person=person, language=language)
    require(user, "change", record)
    record = _claimed(record, None, user=user)
    record.listening, record.reading, record.speaking = listening, reading, speaking
    record.tested_on = tested_on
    record.full_clean()
    record.save()
    return record


# --- reads ---------------------------------------------------------------------


def open_actions(actions: QuerySet[FollowUpAction] | None = None) -> QuerySet[FollowUpAction]:
    actions = FollowUpAction.objects.all() if actions is None else actions
    return actions.active().filter(done_on__isnull=True)


def overdue_actions(
    actions: QuerySet[FollowUpAction] | None = None, *, today: datetime.date | None = None
) -> QuerySet[FollowUpAction]:
    """Open actions whose due day has passed, the longest overdue first."""
    today = today or timezone.localdate()
    return open_actions(actions).filter(due_on__lt=today).order_by("due_on", "pk")


@dataclass
class CapabilityHeatmap:
    """Countries x capability areas: the latest severity (None where never assessed)."""

    areas: list[CapabilityArea]
    rows: list[tuple[Country, list[CapabilityGapAssessment | None]]]


def latest_gap_assessments(countries: QuerySet[Country]) -> QuerySet[CapabilityGapAssessment]:
    """The latest active assessment per country and capability area, in one query."""
    from django.db.models import OuterRef, Subquery

    newest = (
        CapabilityGapAssessment.objects.active()
        .filter(country=OuterRef("country"), area=OuterRef("area"))
        .order_by("-assessed_on")
        .values("assessed_on")[:1]
    )
    return (
        CapabilityGapAssessment.objects.active()
        .filter(country__in=countries, assessed_on=Subquery(newest))
        .order_by("country_id", "area")
    )


def capability_heatmap(countries: QuerySet[Country]) -> CapabilityHeatmap:
    """The partner-capability heatmap of the countries that have any assessment."""
    latest = latest_gap_assessments(countries)
    cells: dict[int, dict[str, CapabilityGapAssessment]] = {}
    for assessment in latest:
        cells.setdefault(assessment.country_id, {})[assessment.area] = assessment
    areas = list(CapabilityArea)
    rows = [
        (country, [cells[country.pk].get(area) for area in areas])
        for country in countries.filter(pk__in=cells.keys())
    ]
    return CapabilityHeatmap(areas=areas, rows=rows)


ORIENTATION_CODES = ("1.A", "1.B", "1.C", "1.D", "1.E")


@dataclass
class CountryCoverage:
    """Whether a country's desk is covered: a primary, a backup, and proficiency on 1.A to 1.E."""

    country: Country
    missing_codes: list[str]

    @property
    def lacks_primary(self) -> bool:
        return self.country.primary_desk_officer_id is None

    @property
    def lacks_backup(self) -> bool:
        return self.country.backup_desk_officer_id is None

    @property
    def covered(self) -> bool:
        return not (self.lacks_primary or self.lacks_backup or self.missing_codes)


def partner_nations() -> QuerySet[Country]:
    """The countries the directorate covers: those in a region or with a desk officer."""
    return Country.objects.active().filter(
        Q(region__isnull=False)
        | Q(primary_desk_officer__isnull=False)
        | Q(backup_desk_officer__isnull=False)
    )


def country_coverage(
    countries: QuerySet[Country] | None = None, *, framework: Framework | None = None
) -> list[CountryCoverage]:
    """For each country, which of 1.A to 1.E no desk officer of it is proficient in.

    Proficient means a current level at or above the framework scale's
    proficient value. Three queries whatever the number of countries.
    """
    framework = framework or Framework.objects.select_related("scale").default()
    countries = list(
        (partner_nations() if countries is None else countries).select_related(
            "region", "primary_desk_officer", "backup_desk_officer"
        )
    )
    desk_ids = {pk for country in countries for pk in country.desk_officer_ids}
    proficient = set(
        CurrentLevel.objects.filter(
            person_id__in=desk_ids,
            competency__framework=framework,
            competency__code__in=ORIENTATION_CODES,
            level__gte=framework.scale.proficient_value,
        ).values_list("person_id", "competency__code")
    )
    return [
        CountryCoverage(
            country=country,
            missing_codes=[
                code
                for code in ORIENTATION_CODES
                if not any((pk, code) in proficient for pk in country.desk_officer_ids)
            ],
        )
        for country in countries
    ]


@dataclass(frozen=True)
class CoverageSummary:
    """The figures a dashboard shows about desk coverage."""

    countries: int
    without_primary: int
    without_backup: int
    without_proficiency: int


def coverage_summary(framework: Framework | None = None) -> CoverageSummary:
    coverage = country_coverage(framework=framework)
    return CoverageSummary(
        countries=len(coverage),
        without_primary=sum(line.lacks_primary for line in coverage),
        without_backup=sum(line.lacks_backup for line in coverage),
        without_proficiency=sum(bool(line.missing_codes) for line in coverage),
    )


def evidence_competencies(person: Person) -> QuerySet[Competency]:
    """The sub-competencies a person has confirmed evidence of practice on."""
    return Competency.objects.filter(
        pk__in=PracticeEvidence.objects.confirmed().filter(person=person).values("competency")
    )


# --- evidence from the people a record names ----------------------------------------


def named_evidence_saved(sender, instance, raw=False, **kwargs) -> None:
    """A record naming who did its work was saved: bring that evidence up to date.

    Connected (partners.apps) for every kind of record that declares
    `evidence_from`, so pages, the API, imports and the admin all give it. The
    user whose write it follows is the one the history records; evidence they
    record for someone else waits for that person's confirmation.
    """
    if raw:
        return
    sync_assignment_evidence([instance], recorded_by=getattr(instance, "_history_user", None))


def named_evidence_deleted(sender, instance, **kwargs) -> None:
    write_evidence(sender, [instance.pk], {}, recorded_by=None)
