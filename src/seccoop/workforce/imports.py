"""Bulk import of the workforce tables: org units, people, positions and ratings.

A file has one header row naming its columns (the `columns` of each importer
below; the upload page lists them). Every row is validated before anything
is written; records are matched by external id, so importing the same file
again changes nothing.

A column left out of the header leaves that field of existing records as it
is; a blank cell in a column that is present clears the field.
"""

from __future__ import annotations

import datetime
import re
from typing import IO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from seccoop.competencies.models import Competency, Framework
from seccoop.core import permissions
from seccoop.core.imports import (
    BATCH_SIZE,
    Column,
    Importer,
    ImportResult,
    Progress,
    RecordImporter,
    Row,
    lookup,
)
from seccoop.workforce.models import (
    AssessmentCycle,
    OrgUnit,
    Person,
    Position,
    Rating,
    RoleType,
)
from seccoop.workforce.services import refresh_current_levels

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def may_import(user) -> bool:
    """Workforce managers and administrators import; so does the operator (user=None)."""
    return user is None or permissions.can(user, "import", Person())


class WorkforceImport:
    """The permission check every workforce importer shares."""

    def authorize(self) -> None:
        if not may_import(self.user):
            raise PermissionDenied(
                "Only workforce managers and administrators may import workforce data."
            )


def _set_text(record, row: Row, column: str) -> None:
    if column in row.values:
        setattr(record, column, row[column])


class OrgUnitImporter(WorkforceImport, RecordImporter):
    kind = "orgunits"
    model = OrgUnit
    columns = (
        Column("external_id", required=True),
        Column("name", required=True),
        Column("short_name"),
        Column("kind"),
        Column("parent_external_id"),
    )
    fields = ("name", "short_name", "kind", "parent")
    column_of_field = {"parent": "parent_external_id"}
    reference_fields = ("parent",)
    tree_column = "parent_external_id"

    def prepare(self, rows):
        wanted = {row["parent_external_id"] for row in rows} - self.records.keys()
        self.other_units = lookup(OrgUnit.objects.all(), "external_id", wanted)

    def fill(self, record, row):
        _set_text(record, row, "name")
        _set_text(record, row, "short_name")
        if row["kind"]:
            record.kind = row["kind"].lower()
        if "parent_external_id" in row.values:
            record.parent = self.resolve(row, "parent_external_id", self.other_units)


class PersonImporter(WorkforceImport, RecordImporter):
    kind = "people"
    model = Person
    columns = (
        Column("external_id", required=True),
        Column("first_name", required=True),
        Column("last_name", required=True),
        Column("email"),
        Column("grade"),
        Column("org_unit_external_id"),
        Column("username"),
    )
    fields = ("first_name", "last_name", "email", "grade", "org_unit", "user")
    column_of_field = {"org_unit": "org_unit_external_id", "user": "username"}
    reference_fields = ("org_unit", "user")
    one_to_one_fields = ("user",)

    def prepare(self, rows):
        self.units = lookup(
            OrgUnit.objects.all(), "external_id", (row["org_unit_external_id"] for row in rows)
        )
        self.users = lookup(
            get_user_model().objects.all(), "username", (row["username"] for row in rows)
        )
        # Who each of those accounts belongs to now, to refuse linking one account twice.
        self.account_holders = {
            user_id: (pk, external_id)
            for user_id, pk, external_id in Person.objects.filter(
                user__in=self.users.values()
            ).values_list("user_id", "pk", "external_id")
        }

    def fill(self, record, row):
        for column in ("first_name", "last_name", "email", "grade"):
            _set_text(record, row, column)
        if "org_unit_external_id" in row.values:
            unit_id = row["org_unit_external_id"]
            record.org_unit = self.units.get(unit_id) if unit_id else None
            if unit_id and record.org_unit is None:
                self.error(row, "org_unit_external_id", f"no org unit “{unit_id}” exists.")
        if "username" in row.values:
            username = row["username"]
            record.user = self.users.get(username) if username else None
            if username and record.user is None:
                self.error(row, "username", f"no user account “{username}” exists.")

    def check_records(self):
        self.refuse_sharing("user", "username", self.account_holders)


class PositionImporter(WorkforceImport, RecordImporter):
    kind = "positions"
    model = Position
    columns = (
        Column("external_id", required=True),
        Column("title", required=True),
        Column("role_type", required=True),
        Column("org_unit_external_id", required=True),
        Column("incumbent_external_id"),
        Column("reports_to_external_id"),
    )
    fields = ("title", "role_type", "org_unit", "incumbent", "reports_to")
    column_of_field = {
        "role_type": "role_type",
        "org_unit": "org_unit_external_id",
        "incumbent": "incumbent_external_id",
        "reports_to": "reports_to_external_id",
    }
    reference_fields = ("role_type", "org_unit", "incumbent", "reports_to")
    one_to_one_fields = ("incumbent",)
    tree_column = "reports_to_external_id"

    def prepare(self, rows):
        self.role_types = {}
        for role_type in RoleType.objects.all():
            self.role_types[role_type.slug.lower()] = role_type
            self.role_types[role_type.name.lower()] = role_type
        self.units = lookup(
            OrgUnit.objects.all(), "external_id", (row["org_unit_external_id"] for row in rows)
        )
        self.people = lookup(
            Person.objects.all(), "external_id", (row["incumbent_external_id"] for row in rows)
        )
        wanted = {row["reports_to_external_id"] for row in rows} - self.records.keys()
        self.other_positions = lookup(Position.objects.all(), "external_id", wanted)
        # The positions those people hold now, to refuse giving anyone two.
        self.held_by = {
            person_id: (pk, external_id)
            for person_id, pk, external_id in Position.objects.filter(
                incumbent__in=self.people.values()
            ).values_list("incumbent_id", "pk", "external_id")
        }

    def fill(self, record, row):
        _set_text(record, row, "title")
        role_type = self.role_types.get(row["role_type"].lower())
        if role_type is None:
            self.error(row, "role_type", f"no role type “{row['role_type']}” exists.")
        else:
            record.role_type = role_type
        unit_id = row["org_unit_external_id"]
        if unit_id in self.units:
            record.org_unit = self.units[unit_id]
        elif unit_id:
            self.error(row, "org_unit_external_id", f"no org unit “{unit_id}” exists.")
        if "incumbent_external_id" in row.values:
            person_id = row["incumbent_external_id"]
            record.incumbent = self.people.get(person_id) if person_id else None
            if person_id and record.incumbent is None:
                self.error(row, "incumbent_external_id", f"no person “{person_id}” exists.")
        if "reports_to_external_id" in row.values:
            record.reports_to = self.resolve(row, "reports_to_external_id", self.other_positions)

    def check_records(self):
        self.refuse_sharing("incumbent", "incumbent_external_id", self.held_by)


class RatingImporter(WorkforceImport, Importer):
    """Ratings are never changed: a known external id must carry the same rating."""

    kind = "ratings"
    columns = (
        Column("external_id", required=True),
        Column("person_external_id", required=True),
        Column("framework"),
        Column("code", required=True),
        Column("level", required=True),
        Column("source", required=True),
        Column("rated_on", required=True),
        Column("rater_username"),
        Column("evidence"),
        Column("cycle"),
    )
    column_of_field = {
        "person": "person_external_id",
        "competency": "code",
        "rater": "rater_username",
    }
    compared = ("person_id", "competency_id", "level", "source", "rated_on", "rater_id")

    def validate(self, rows):
        self.new: list[Rating] = []
        existing = lookup(Rating.objects.all(), "external_id", (row["external_id"] for row in rows))
        people = lookup(
            Person.objects.all(), "external_id", (row["person_external_id"] for row in rows)
        )
        raters = lookup(
            get_user_model().objects.all(), "username", (row["rater_username"] for row in rows)
        )
        default_slug = settings.SECCOOP_DEFAULT_FRAMEWORK
        frameworks = lookup(
            Framework.objects.select_related("scale").prefetch_related("scale__levels"),
            "slug",
            {row["framework"] or default_slug for row in rows},
        )
        by_pk = {framework.pk: framework for framework in frameworks.values()}
        competencies: dict[tuple[int, str], Competency] = {}
        for competency in Competency.objects.filter(framework__in=by_pk.values()):
            competency.framework = by_pk[competency.framework_id]
            competencies[(competency.framework_id, competency.code.lower())] = competency
        cycles = {
            (cycle.framework_id, cycle.name.lower()): cycle
            for cycle in AssessmentCycle.objects.filter(framework__in=by_pk.values())
        }
        seen: dict[str, int] = {}
        for row in rows:
            self.checked()
            key = row["external_id"]
            if key in seen:
                self.error(row, "external_id", f"“{key}” already appears on row {seen[key]}.")
                continue
            seen[key] = row.number
            errors_before = len(self.errors)
            rating = Rating(external_id=key, evidence=row["evidence"], source=row["source"].lower())
            person = people.get(row["person_external_id"])
            if person is None:
                self.error(
                    row, "person_external_id", f"no person “{row['person_external_id']}” exists."
                )
            else:
                rating.person = person
            slug = row["framework"] or default_slug
            framework = frameworks.get(slug)
            if framework is None:
                self.error(row, "framework", f"no framework “{slug}” exists.")
            else:
                competency = competencies.get((framework.pk, row["code"].lower()))
                if competency is None:
                    self.error(row, "code", f"{framework.slug} has no item “{row['code']}”.")
                else:
                    rating.competency = competency
                if row["cycle"]:
                    rating.cycle = cycles.get((framework.pk, row["cycle"].lower()))
                    if rating.cycle is None:
                        self.error(row, "cycle", f"{framework.slug} has no cycle “{row['cycle']}”.")
            if row["rater_username"]:
                rating.rater = raters.get(row["rater_username"])
                if rating.rater is None:
                    self.error(
                        row, "rater_username", f"no user account “{row['rater_username']}” exists."
                    )
            if row["level"]:
                try:
                    rating.level = int(row["level"])
                except ValueError:
                    self.error(row, "level", "must be a whole number.")
            if row["rated_on"]:
                rating.rated_on = self.parse_date(row, "rated_on")
            if len(self.errors) > errors_before:
                continue
            self.full_clean(rating, row)
            if key in existing:
                self.compare(existing[key], rating, row)
            else:
                self.new.append(rating)

    def parse_date(self, row, column):
        text = row[column]
        try:
            if ISO_DATE.fullmatch(text):
                return datetime.date.fromisoformat(text)
        except ValueError:
            pass
        self.error(row, column, f"“{text}” is not a date written YYYY-MM-DD.")
        return None

    def full_clean(self, rating, row):
        try:
            # As for every importer, uniqueness and references were checked in bulk.
            rating.full_clean(
                exclude=["person", "competency", "rater", "cycle"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = self.column_of_field.get(name, name if name != "__all__" else "")
                for message in messages:
                    self.error(row, column, message)

    def compare(self, stored, rating, row):
        same = all(getattr(stored, name) == getattr(rating, name) for name in self.compared)
        same = same and stored.evidence == rating.evidence and stored.cycle_id == rating.cycle_id
        if same:
            self.result.unchanged += 1
        else:
            self.error(
                row,
                "external_id",
                f"rating “{stored.external_id}” already exists with other content; ratings "
                "are never changed, so record a new rating under a new external id.",
            )

    def write(self):
        Rating.objects.bulk_create(self.new, batch_size=BATCH_SIZE)
        refresh_current_levels(rating.person_id for rating in self.new)
        self.result.created = len(self.new)


IMPORTERS: dict[str, type[Importer]] = {
    importer.kind: importer
    for importer in (OrgUnitImporter, PersonImporter, PositionImporter, RatingImporter)
}


def import_table(
    kind: str, file: IO[bytes], filename: str, *, user=None, progress: Progress | None = None
) -> ImportResult:
    """Import one workforce table from a CSV or XLSX file: every row, or none, in one transaction.

    `user=None` is the system operator at the command line; anyone else
    must be allowed by the policy. Raises ImportErrors listing every problem.
    `progress`, if given, is told how many rows have been checked.
    """
    if kind not in IMPORTERS:
        raise ValueError(f"Unknown table {kind!r}; choose one of {', '.join(IMPORTERS)}.")
    return IMPORTERS[kind](user=user).run(file, filename, progress=progress)
