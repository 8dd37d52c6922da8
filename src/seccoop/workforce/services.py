"""Every workforce write that touches more than one row (the gap reads are in `gaps`).

One function per operation, each in a transaction, each checking permission
through the policy before it writes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from seccoop.competencies.models import Competency
from seccoop.core import audit
from seccoop.core.models import AuditAction
from seccoop.core.permissions import require, visible_to
from seccoop.core.services import claim
from seccoop.workforce import cycles
from seccoop.workforce.gap_figures import figures_changed
from seccoop.workforce.gaps import sub_competencies
from seccoop.workforce.models import (
    SOURCE_PRECEDENCE,
    CurrentLevel,
    Person,
    Rating,
    RatingReview,
    RatingSource,
    RoleRequirement,
    RoleType,
)
from seccoop.workforce.policies import may_validate, rating_sources_for
from seccoop.workforce.reference import load_reference_data

# --- ratings -----------------------------------------------------------------


@dataclass(frozen=True)
class RatingEntry:
    """One rating to record: who, on what, at which level."""

    person: Person
    competency: Competency
    level: int
    evidence: str = ""


def _precedence_order():
    return Case(
        *[When(source=source, then=Value(rank)) for source, rank in SOURCE_PRECEDENCE.items()],
        output_field=IntegerField(),
    )


def refresh_current_levels(person_ids: Iterable[int]) -> None:
    """Recompute the current level of these people from their whole rating history.

    The current level is the latest validated rating, else the latest
    supervisor rating, else the latest self rating; withdrawn ratings do
    not count.
    """
    person_ids = sorted(set(person_ids))
    if not person_ids:
        return
    columns = ("person_id", "competency_id", "level", "source", "rated_on", "rating_id")
    insert = f"INSERT INTO {CurrentLevel._meta.db_table} ({', '.join(columns)}) "
    with transaction.atomic():
        # The database ranks each person's history and writes the winners
        # itself: no rating travels to Python, whatever the history's length.
        # Chunks keep the IN lists under every backend's parameter limit.
        for start in range(0, len(person_ids), 10_000):
            chunk = person_ids[start : start + 10_000]
            CurrentLevel.objects.filter(person_id__in=chunk).delete()
            latest = (
                Rating.objects.filter(person_id__in=chunk, withdrawn_at__isnull=True)
                .annotate(
                    rank=Window(
                        RowNumber(),
                        partition_by=[F("person_id"), F("competency_id")],
                        order_by=[_precedence_order().desc(), F("rated_on").desc(), F("id").desc()],
                    )
                )
                .filter(rank=1)
                .order_by()
                .values_list("person_id", "competency_id", "level", "source", "rated_on", "id")
            )
            sql, params = latest.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(insert + sql, params)
        figures_changed()


def absorb_new_ratings(*, after_id: int) -> None:
    """Let the ratings written after `after_id` take the current levels they outrank.

    The current level is the winner of a person's whole history on a
    sub-competency (see `refresh_current_levels`), so a batch of new ratings
    changes it only where the batch's own winner outranks the stored one.
    One statement compares them and writes the new winners, so a large
    import costs a pass over its own rows instead of a re-ranking of every
    history it touches.
    """
    ratings, held = Rating._meta.db_table, CurrentLevel._meta.db_table
    rank = "CASE {column} " + " ".join(
        f"WHEN '{source.value}' THEN {value}" for source, value in SOURCE_PRECEDENCE.items()
    )
    rank += " ELSE 0 END"
    fresh_rank = rank.format(column="source")
    held_rank = rank.format(column=f"{held}.source")
    new_rank = rank.format(column="excluded.source")
    # The table names and the precedence are ours; the id is a parameter.
    statement = f"""
        WITH batch AS MATERIALIZED (
            -- Read by id first: ranked straight off the table, the new rows would
            -- be found by walking the whole history index.
            SELECT person_id, competency_id, level, source, rated_on, id
            FROM {ratings} WHERE id > %s AND withdrawn_at IS NULL
        )
        INSERT INTO {held} (person_id, competency_id, level, source, rated_on, rating_id)
        SELECT person_id, competency_id, level, source, rated_on, id
        FROM (
            SELECT person_id, competency_id, level, source, rated_on, id,
                   ROW_NUMBER() OVER (
                       PARTITION BY person_id, competency_id
                       ORDER BY {fresh_rank} DESC, rated_on DESC, id DESC
                   ) AS place
            FROM batch
        ) fresh
        WHERE place = 1
        ON CONFLICT (person_id, competency_id) DO UPDATE SET
            level = excluded.level, source = excluded.source,
            rated_on = excluded.rated_on, rating_id = excluded.rating_id
        WHERE ({new_rank}, excluded.rated_on, excluded.rating_id)
              > ({held_rank}, {held}.rated_on, {held}.rating_id)
    """  # noqa: S608
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement, [after_id])
        # The statement writes current levels without any save signal: the
        # stored gap figures must be marked stale here, in the same transaction.
        figures_changed()


def record_ratings(
    *,
    user,
    entries: list[RatingEntry],
    source: str,
    rated_on: datetime.date | None = None,
    cycle=None,
) -> list[Rating]:
    """Record a batch of ratings by one rater: all of them, or none.

    Each entry is checked against the rater's rights on that person and the
    framework's scale; any error names the person and sub-competency and
    nothing is written.
    """
    rated_on = rated_on or timezone.localdate()
    errors: list[str] = []
    ratings: list[Rating] = []
    allowed: dict[int, list[str]] = {}
    filed_under: dict[int, object] = {}
    for entry in entries:
        if entry.person.pk not in allowed:
            allowed[entry.person.pk] = rating_sources_for(user, entry.person)
        if source not in allowed[entry.person.pk]:
            raise PermissionDenied(
                f"You may not record a {RatingSource(source).label.lower()} rating "
                f"for {entry.person}."
            )
        entry_cycle = cycle
        if entry_cycle is None and rated_on <= timezone.localdate():
            # Filed under the open cycle of its day (see workforce.cycles).
            framework_id = entry.competency.framework_id
            if framework_id not in filed_under:
                filed_under[framework_id] = cycles.cycle_for_rating(framework_id, rated_on)
            entry_cycle = filed_under[framework_id]
        rating = Rating(
            person=entry.person,
            competency=entry.competency,
            level=entry.level,
            source=source,
            rated_on=rated_on,
            rater=user,
            evidence=entry.evidence,
            cycle=entry_cycle,
        )
        try:
            rating.full_clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    errors.append(f"{entry.person}, {entry.competency.code}, {field}: {message}")
        ratings.append(rating)
    if errors:
        raise ValidationError(errors)
    person_ids = sorted({entry.person.pk for entry in entries})
    with transaction.atomic():
        # Two raters saving for the same person at once would both rewrite that
        # person's current levels; locking the people first (in a fixed order,
        # so no deadlock) makes the second wait. SQLite serializes writers anyway.
        list(Person.objects.select_for_update().filter(pk__in=person_ids).values_list("pk"))
        created = Rating.objects.bulk_create(ratings)
        refresh_current_levels(person_ids)
    return created


def record_rating(
    *,
    user,
    person: Person,
    competency: Competency,
    level: int,
    source: str,
    rated_on: datetime.date | None = None,
    evidence: str = "",
    cycle=None,
) -> Rating:
    """Record one rating; the person's current level follows if it outranks the old one."""
    [rating] = record_ratings(
        user=user,
        entries=[RatingEntry(person, competency, level, evidence)],
        source=source,
        rated_on=rated_on,
        cycle=cycle,
    )
    return rating


def withdraw_rating(*, user, rating: Rating, reason: str) -> Rating:
    """Withdraw a rating recorded in error: it stays in the history but no longer counts.

    Only its rater, a workforce manager or an administrator may withdraw it,
    and only with a reason. The person's current levels are recomputed from
    the ratings left (which marks the gap figures changed), and the audit log
    records who withdrew it, when and why. A rating is withdrawn once.
    """
    require(user, "withdraw", rating)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason the rating is withdrawn."})
    with transaction.atomic():
        # The same lock as record_ratings: the person's current levels are rewritten.
        list(Person.objects.select_for_update().filter(pk=rating.person_id).values_list("pk"))
        fresh = Rating.objects.select_for_update().select_related("competency").get(pk=rating.pk)
        if fresh.is_withdrawn:
            raise ValidationError(
                {"reason": f"This rating was already withdrawn on {fresh.withdrawn_at:%Y-%m-%d}."}
            )
        fresh.withdrawn_at = timezone.now()
        fresh.withdrawn_by = user
        fresh.withdrawal_reason = reason
        # Not full_clean(): a rating dated ahead before that was refused must
        # still be withdrawable, and nothing else of the rating changes.
        fresh.validate_constraints()
        fresh.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        refresh_current_levels([fresh.person_id])
        audit.record(
            AuditAction.UPDATE,
            actor=user,
            instance=fresh,
            changes={
                "withdrawn_at": {"old": None, "new": fresh.withdrawn_at.isoformat()},
                "withdrawal_reason": {"old": "", "new": reason},
            },
        )
    rating.withdrawn_at, rating.withdrawn_by, rating.withdrawal_reason = (
        fresh.withdrawn_at,
        user,
        reason,
    )
    return fresh


# --- the validation queue ----------------------------------------------------


def _validated_standing(rating_ref: str = "pk"):
    """The validated current level that outranks a supervisor rating recorded after it."""
    return CurrentLevel.objects.filter(
        person=OuterRef("person"),
        competency=OuterRef("competency"),
        source=RatingSource.VALIDATED,
        rating_id__lt=OuterRef(rating_ref),
    )


def held_back(ratings: Iterable[Rating]) -> list[Rating]:
    """Of these new ratings, the supervisor ones that a validated rating keeps from counting.

    One query, however many ratings were recorded.
    """
    ids = [rating.pk for rating in ratings if rating.source == RatingSource.SUPERVISOR]
    if not ids:
        return []
    held = set(
        Rating.objects.filter(pk__in=ids)
        .filter(Exists(_validated_standing()))
        .values_list("pk", flat=True)
    )
    return [rating for rating in ratings if rating.pk in held]


def validation_queue(user) -> QuerySet[Rating]:
    """Supervisor ratings waiting for a validator, oldest first, with the level that stands.

    A supervisor rating waits when it was recorded after the validated rating
    that gives the current level (so it does not count), it is not withdrawn,
    and no validator has confirmed or returned it yet. Only those who may
    record validated ratings answer the queue; anyone else gets an empty one.
    """
    if not may_validate(user):
        return Rating.objects.none()
    standing = _validated_standing()
    return (
        visible_to(user, Rating.objects.all())
        .filter(
            Exists(standing),
            source=RatingSource.SUPERVISOR,
            withdrawn_at__isnull=True,
            review__isnull=True,
        )
        .annotate(
            standing_level=Subquery(standing.values("level")[:1]),
            standing_rated_on=Subquery(standing.values("rated_on")[:1]),
        )
        .select_related("person", "competency", "rater")
        .order_by("created_at", "pk")
    )


def _reviewable(user, rating: Rating) -> Rating:
    """The rating, locked, if it still waits in the queue; else a ValidationError saying why."""
    require(user, "validate", rating)
    # The person first, as every rating write locks them: confirming rewrites their levels.
    list(Person.objects.select_for_update().filter(pk=rating.person_id).values_list("pk"))
    # Only the rating's row is locked: PostgreSQL locks no row of an outer join's nullable side.
    fresh = (
        Rating.objects.select_for_update(of=("self",))
        .select_related("person", "competency", "rater")
        .get(pk=rating.pk)
    )
    done = RatingReview.objects.filter(rating=fresh).select_related("reviewed_by").first()
    if done is not None:
        raise ValidationError(
            f"{done.reviewed_by.get_full_name() or done.reviewed_by.get_username()} already "
            f"{done.get_outcome_display().lower()} this rating on "
            f"{timezone.localtime(done.reviewed_at):%d %b %Y}."
        )
    if fresh.is_withdrawn:
        raise ValidationError("This rating was withdrawn; there is nothing to validate.")
    return fresh


def confirm_rating(*, user, rating: Rating, note: str = "") -> RatingReview:
    """Confirm a supervisor rating from the queue: a validated rating at its level, dated today.

    The new validated rating becomes the current level; the review names it.
    """
    note = (note or "").strip()
    with transaction.atomic():
        fresh = _reviewable(user, rating)
        rater = fresh.rater.get_full_name() if fresh.rater else "its rater"
        evidence = f"Confirms the supervisor rating of {fresh.rated_on:%d %b %Y} by {rater}." + (
            f" {note}" if note else ""
        )
        [validated] = record_ratings(
            user=user,
            entries=[RatingEntry(fresh.person, fresh.competency, fresh.level, evidence)],
            source=RatingSource.VALIDATED,
            cycle=fresh.cycle,
        )
        review = RatingReview.objects.create(
            rating=fresh,
            outcome=RatingReview.Outcome.CONFIRMED,
            reviewed_by=user,
            note=note,
            validated_rating=validated,
        )
        audit.record(
            AuditAction.UPDATE,
            actor=user,
            instance=fresh,
            changes={"validation": {"old": None, "new": "confirmed"}},
            detail=f"Confirmed at level {fresh.level}; validated rating #{validated.pk}.",
        )
    return review


def return_rating(*, user, rating: Rating, reason: str) -> RatingReview:
    """Return a supervisor rating to its rater, with the reason: it keeps not counting."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason the rating is returned."})
    with transaction.atomic():
        fresh = _reviewable(user, rating)
        review = RatingReview(
            rating=fresh,
            outcome=RatingReview.Outcome.RETURNED,
            reviewed_by=user,
            note=reason,
        )
        review.full_clean()
        review.save()
        audit.record(
            AuditAction.UPDATE,
            actor=user,
            instance=fresh,
            changes={"validation": {"old": None, "new": "returned"}},
            detail=reason,
        )
    return review


# --- requirement templates -----------------------------------------------------


def set_template_requirements(
    *, user, template, levels: dict[str, int | None], expected_version: int
) -> None:
    """Set the level a template requires on each sub-competency: all of them, or none.

    `levels` maps a sub-competency code to its required level; a code left
    out, or given no level or level 0, is not required and its line is
    removed (its history stays). A level off the framework's scale or an
    unknown code is refused with an error naming the sub-competency, and
    nothing is written. The template is claimed at `expected_version` as any
    edit is (see core.services), so two people editing the same template
    cannot both save.
    """
    require(user, "change", template)
    with transaction.atomic():
        fresh = claim(template, expected_version, user=user)
        framework = fresh.framework
        subs = {sub.code: sub for sub in sub_competencies(framework)}
        existing = {
            line.competency.code: line
            for line in fresh.requirements.select_related("competency", "template__framework")
        }
        errors: list[str] = []
        wanted: dict[str, int] = {}
        for code, level in levels.items():
            if code not in subs:
                errors.append(f"{code}: the {framework} has no sub-competency with this code.")
            elif level:
                wanted[code] = level
        to_save: list[RoleRequirement] = []
        for code, level in wanted.items():
            line = existing.get(code)
            if line is not None and line.level == level:
                continue
            if line is None:
                line = RoleRequirement(template=fresh, competency=subs[code], level=level)
            else:
                line.level = level
                line.version += 1
            try:
                line.full_clean()
            except ValidationError as exc:
                for messages in exc.message_dict.values():
                    errors.extend(f"{code}: {message}" for message in messages)
            to_save.append(line)
        if errors:
            raise ValidationError(errors)
        for line in to_save:
            line._history_user = user
            line.save()
        for code, line in existing.items():
            if code not in wanted:
                line._history_user = user
                line.delete()
        fresh._history_user = user
        fresh.save(update_fields=["version", "updated_at"])
    template.version = fresh.version


def load_starting_set(*, user):
    """Load the directorate's unofficial starting set of role types and templates.

    The set (workforce/data/role-types.yaml and role-templates.yaml) is the
    directorate's own reading of its staff categories (seed 000) against the
    competency model; it is not an official standard. What already exists,
    matched by slug, is left as the administrators have it. `user=None` is
    the operator at the command line; anyone else needs the policy's leave
    to add role types.
    """
    if user is not None:
        require(user, "add", RoleType())
    with transaction.atomic():
        loaded = load_reference_data()
        audit.record(
            AuditAction.IMPORT,
            actor=user,
            kind="workforce.starting-set",
            row_count=loaded.role_types_created + loaded.templates_created,
            detail=(
                f"Starting set: {loaded.role_types_created} role types and "
                f"{loaded.templates_created} templates created."
            ),
        )
    return loaded
