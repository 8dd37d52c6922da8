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
from django.db.models import Case, F, IntegerField, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from seccoop.competencies.models import Competency
from seccoop.core import audit
from seccoop.core.models import AuditAction
from seccoop.core.permissions import require
from seccoop.core.services import claim
from seccoop.workforce.gap_figures import figures_changed
from seccoop.workforce.gaps import sub_competencies
from seccoop.workforce.models import (
    SOURCE_PRECEDENCE,
    CurrentLevel,
    Person,
    Rating,
    RatingSource,
    RoleRequirement,
)
from seccoop.workforce.policies import rating_sources_for

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
    for entry in entries:
        if entry.person.pk not in allowed:
            allowed[entry.person.pk] = rating_sources_for(user, entry.person)
        if source not in allowed[entry.person.pk]:
            raise PermissionDenied(
                f"You may not record a {RatingSource(source).label.lower()} rating "
                f"for {entry.person}."
            )
        rating = Rating(
            person=entry.person,
            competency=entry.competency,
            level=entry.level,
            source=source,
            rated_on=rated_on,
            rater=user,
            evidence=entry.evidence,
            cycle=cycle,
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
