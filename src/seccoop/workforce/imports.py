"""Bulk import of the workforce tables: org units, people, positions, ratings, role types,
role templates and the levels those templates require.

A file has one header row naming its columns (the `columns` of each importer
below; the upload page lists them). Every row is validated before anything
is written; records are matched by external id, so importing the same file
again changes nothing.

A column left out of the header leaves that field of existing records as it
is; a blank cell in a column that is present clears the field.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import IO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from seccoop.competencies.models import Competency, Framework
from seccoop.core.bulk import insert_rows
from seccoop.core.dates import parse_iso_date
from seccoop.core.imports import (
    LOOKUP_CHUNK,
    Column,
    Importer,
    ImportResult,
    Progress,
    RecordImporter,
    Row,
    generated_numbers,
    lookup,
    records_written,
    without_external_id,
)
from seccoop.workforce.models import (
    AssessmentCycle,
    OrgUnit,
    Person,
    Position,
    Rating,
    RoleRequirement,
    RoleTemplate,
    RoleType,
)
from seccoop.workforce.services import absorb_new_ratings


class WorkforceImport:
    """What every workforce importer shares: what a refused user is told.

    Who may import is the policy's (workforce.policies): workforce managers and
    administrators.
    """

    refusal = "Only workforce managers and administrators may import workforce data."


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


def _ids(model, field_name: str, values) -> dict:
    """{value: id} of the records of `model` whose `field_name` is one of `values`.

    A ratings file names the same people over and over and may hold a million
    rows, so the look-up is plain SQL over the distinct values: the ORM would
    prepare every value of every IN list again.
    """
    # A value holding a NUL byte names nothing (PostgreSQL refuses it as a parameter).
    values = sorted(
        {value for value in values if value not in (None, "") and "\x00" not in str(value)},
        key=str,
    )
    table = model._meta.db_table
    column = model._meta.get_field(field_name).column
    found = {}
    with connection.cursor() as cursor:
        for start in range(0, len(values), LOOKUP_CHUNK):
            chunk = values[start : start + LOOKUP_CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            # The table and column are the model's own; the values are parameters.
            cursor.execute(
                f"SELECT {column}, {model._meta.pk.column} FROM {table} "  # noqa: S608
                f"WHERE {column} IN ({marks})",
                chunk,
            )
            found.update(cursor.fetchall())
    if field_name == "external_id":
        # A generated key ("person-12") names a record that has no external id.
        numbers = generated_numbers(model, [value for value in values if value not in found])
        wanted = sorted(numbers)
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start : start + LOOKUP_CHUNK]
            records = model._default_manager.filter(without_external_id(), pk__in=chunk)
            for pk in records.values_list("pk", flat=True):
                found[numbers[pk]] = pk
    return found


class RatingImporter(WorkforceImport, Importer):
    """Ratings are never changed: a known external id must carry the same rating.

    A rating recorded in the app has no external id, and exports with that cell
    blank; such a row is matched by what the rating is (see `match_unnamed`),
    so an export imports back unchanged.

    A ratings file can hold a million rows, so the rows are not turned into
    model instances one by one. What `Rating.full_clean()` would say of a
    row depends only on a few of its cells (framework, level, source, cycle,
    date), which take a handful of distinct values in a whole file: each
    distinct combination is checked once by `full_clean()` on a prototype
    rating, and every row reuses the verdict. References are looked up in
    bulk, and the rows go in as plain values.
    """

    kind = "ratings"
    model = Rating
    columns = (
        Column("external_id"),
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
    # The stored columns a re-imported rating must match, in the order of `write`.
    compared = (
        "person_id",
        "competency_id",
        "level",
        "source",
        "rated_on",
        "rater_id",
        "evidence",
        "cycle_id",
    )

    def validate(self, rows):
        # (person id, competency id, level, source, rated_on, rater id, evidence, cycle id, key)
        self.new: list[tuple] = []
        known = _ids(Rating, "external_id", (row["external_id"] for row in rows))
        existing: dict[str, list] = {}
        stored_ids = sorted(known.values())
        for start in range(0, len(stored_ids), LOOKUP_CHUNK):
            chunk = stored_ids[start : start + LOOKUP_CHUNK]
            for key, *stored in Rating.objects.filter(pk__in=chunk).values_list(
                "external_id", *self.compared
            ):
                existing[key] = stored
        people = _ids(Person, "external_id", (row["person_external_id"] for row in rows))
        raters = _ids(get_user_model(), "username", (row["rater_username"] for row in rows))
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
        # A closed cycle takes no new rating, but a file may repeat its ratings unchanged.
        self.closed_cycles = {cycle.pk: cycle for cycle in cycles.values() if cycle.is_closed}
        any_competency = {}
        for competency in competencies.values():
            any_competency.setdefault(competency.framework_id, competency)
        self.verdicts: dict[tuple, list[tuple[str, str]]] = {}
        self.dates: dict[str, datetime.date | None] = {}
        key_limit = Rating._meta.get_field("external_id").max_length
        seen: dict[str, int] = {}
        # Rows without an external id, with the rating each gives.
        unnamed: list[tuple[Row, tuple]] = []
        for row in rows:
            self.checked()
            values = row.values
            key = values.get("external_id", "")
            if key in seen:
                self.error(row, "external_id", f"“{key}” already appears on row {seen[key]}.")
                continue
            if key:
                seen[key] = row.number
            errors_before = len(self.errors)
            person_key = values.get("person_external_id", "")
            person_id = people.get(person_key)
            if person_id is None:
                self.error(row, "person_external_id", f"no person “{person_key}” exists.")
            slug = values.get("framework") or default_slug
            framework = frameworks.get(slug)
            competency = cycle = None
            if framework is None:
                self.error(row, "framework", f"no framework “{slug}” exists.")
            else:
                code = values.get("code", "")
                competency = competencies.get((framework.pk, code.lower()))
                if competency is None:
                    self.error(row, "code", f"{framework.slug} has no item “{code}”.")
                cycle_name = values.get("cycle")
                if cycle_name:
                    cycle = cycles.get((framework.pk, cycle_name.lower()))
                    if cycle is None:
                        self.error(row, "cycle", f"{framework.slug} has no cycle “{cycle_name}”.")
            rater_id = None
            rater_name = values.get("rater_username")
            if rater_name:
                rater_id = raters.get(rater_name)
                if rater_id is None:
                    self.error(row, "rater_username", f"no user account “{rater_name}” exists.")
            level = None
            level_text = values.get("level", "")
            if level_text:
                try:
                    level = int(level_text)
                except ValueError:
                    self.error(row, "level", "must be a whole number.")
            rated_on = None
            if values.get("rated_on"):
                rated_on = self.parse_date(row, "rated_on")
            # A blank reference was reported when the file was read, so it
            # adds no error here; the row is skipped all the same.
            if len(self.errors) > errors_before or person_id is None or competency is None:
                continue
            if len(key) > key_limit:
                self.full_clean(Rating(external_id=key), row)
            source = values.get("source", "").lower()
            shape = (framework.pk, level, source, rated_on, cycle.pk if cycle else None)
            verdict = self.verdicts.get(shape)
            if verdict is None:
                verdict = self.verdicts[shape] = self.verdict(
                    any_competency.get(framework.pk), level, source, rated_on
                )
            for column, message in verdict:
                self.error(row, column, message)
            if len(self.errors) > errors_before:
                continue
            rating = (
                person_id,
                competency.pk,
                level,
                source,
                rated_on,
                rater_id,
                values.get("evidence", ""),
                cycle.pk if cycle else None,
            )
            if not key:
                unnamed.append((row, rating))
            elif key in existing:
                self.compare(key, existing[key], rating, row)
            elif self.takes_new(row, rating):
                self.new.append((*rating, key))
        self.match_unnamed(unnamed)

    @staticmethod
    def natural_key(rating: tuple) -> tuple:
        """Who was rated on what, from which source, on which day, by whom."""
        person_id, competency_id, _level, source, rated_on, rater_id, *_ = rating
        return (person_id, competency_id, source, rated_on, rater_id)

    def match_unnamed(self, unnamed: list[tuple[Row, tuple]]) -> None:
        """Match rows without an external id with the stored ratings they repeat.

        A row repeating a stored rating in every column is unchanged (each stored
        rating answers for one row, so a rating given twice on a day still
        matches twice). A row whose natural key (person, sub-competency, source,
        day, rater) is stored with other content would change a rating, and is
        refused; any other row is a new rating. Importing the file again
        therefore changes nothing.
        """
        if not unnamed:
            return
        stored: Counter[tuple] = Counter()
        stored_keys: set[tuple] = set()
        people = sorted({rating[0] for _, rating in unnamed})
        for start in range(0, len(people), LOOKUP_CHUNK):
            chunk = people[start : start + LOOKUP_CHUNK]
            for values in Rating.objects.filter(person_id__in=chunk).values_list(*self.compared):
                # As a cell is read: without surrounding spaces.
                values = (*values[:6], values[6].strip(), values[7])
                stored[values] += 1
                stored_keys.add(self.natural_key(values))
        first_row: dict[tuple, int] = {}
        for row, rating in unnamed:
            if stored[rating] > 0:
                stored[rating] -= 1
                first_row.setdefault(rating, row.number)
                self.result.unchanged += 1
            elif rating in first_row:
                self.error(row, "", f"the same rating already appears on row {first_row[rating]}.")
            elif self.natural_key(rating) in stored_keys:
                self.error(
                    row,
                    "",
                    "a rating of this person on this sub-competency, from this source and rater "
                    "on this day, already exists with other content; ratings are never changed, "
                    "so record a new rating under an external id.",
                )
            elif self.takes_new(row, rating):
                first_row[rating] = row.number
                self.new.append((*rating, None))

    def takes_new(self, row, rating: tuple) -> bool:
        """Whether a new rating may be filed in its cycle; a closed one takes none."""
        cycle = self.closed_cycles.get(rating[7])
        if cycle is None:
            return True
        self.error(
            row,
            "cycle",
            f"The cycle {cycle} was closed on {cycle.closed_at:%d %b %Y}: "
            "it takes no more ratings.",
        )
        return False

    def verdict(self, competency, level, source, rated_on) -> list[tuple[str, str]]:
        """What `full_clean()` says of a rating with these values, as (column, message).

        Its cycle is checked apart (`takes_new`): a closed cycle refuses only new ratings.
        """
        prototype = Rating(competency=competency, level=level, source=source, rated_on=rated_on)
        try:
            # As for every importer, uniqueness and references were checked in bulk.
            prototype.full_clean(
                exclude=["external_id", "person", "competency", "rater", "cycle"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            return [
                (self.column_of_field.get(name, name if name != "__all__" else ""), message)
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        return []

    def parse_date(self, row, column):
        text = row[column]
        if text in self.dates:
            day = self.dates[text]
        else:
            day = self.dates[text] = parse_iso_date(text)
        if day is None:
            self.error(row, column, f"“{text}” is not a date written YYYY-MM-DD.")
        return day

    def full_clean(self, rating, row):
        try:
            rating.full_clean(
                exclude=[f.name for f in Rating._meta.fields if f.name != "external_id"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = self.column_of_field.get(name, name if name != "__all__" else "")
                for message in messages:
                    self.error(row, column, message)

    def compare(self, key, stored, rating, row):
        if tuple(stored) == rating:
            self.result.unchanged += 1
        else:
            self.error(
                row,
                "external_id",
                f"rating “{key}” already exists with other content; ratings "
                "are never changed, so record a new rating under a new external id.",
            )

    def write(self):
        if not self.new:
            # A file of known ratings only writes nothing, and leaves the figures as they are.
            return
        last_before = Rating.objects.aggregate(last=Max("pk"))["last"] or 0
        operations = connection.ops
        created_at = operations.adapt_datetimefield_value(timezone.now())
        days: dict[datetime.date, object] = {}
        for day in {rating[4] for rating in self.new}:
            days[day] = operations.adapt_datefield_value(day)
        insert_rows(
            Rating._meta.db_table,
            (*self.compared, "external_id", "created_at"),
            ((*rating[:4], days[rating[4]], *rating[5:], created_at) for rating in self.new),
        )
        absorb_new_ratings(after_id=last_before)
        records_written.send(sender=Rating)
        self.result.created = len(self.new)


class RoleTypeImporter(WorkforceImport, RecordImporter):
    """Role types, matched by slug (the name positions and templates are imported by)."""

    kind = "role-types"
    model = RoleType
    key_column = "slug"
    columns = (
        Column("slug", required=True),
        Column("name", required=True),
        Column("description"),
    )
    fields = ("name", "description")

    def fill(self, record, row):
        _set_text(record, row, "name")
        _set_text(record, row, "description")

    def check_records(self):
        # A name is unique: refused here, naming the row, rather than by the database.
        in_file = {record.pk for record in self.records.values() if record.pk}
        holders = {
            name.lower(): f"the role type “{slug}”"
            for name, slug in RoleType.objects.exclude(pk__in=in_file).values_list("name", "slug")
        }
        for key, record in self.records.items():
            row = self.row_of[key]
            holder = holders.get(record.name.lower())
            if holder is not None:
                self.error(row, "name", f"“{record.name}” is already the name of {holder}.")
            else:
                holders[record.name.lower()] = f"row {row.number}"


class _TemplateRows(WorkforceImport, Importer):
    """What the template and requirement importers share: rows naming a role type and framework.

    Both are small tables (a directorate has a few dozen role types), so the
    records are saved one by one, each with its history entry.
    """

    def load_references(self, rows) -> None:
        self.role_types = {
            role_type.slug.lower(): role_type for role_type in RoleType.objects.all()
        }
        default_slug = settings.SECCOOP_DEFAULT_FRAMEWORK
        self.frameworks = lookup(
            Framework.objects.select_related("scale").prefetch_related("scale__levels"),
            "slug",
            {row["framework"] or default_slug for row in rows},
        )
        self.templates = {
            (template.role_type_id, template.framework_id): template
            for template in RoleTemplate.objects.select_related("role_type", "framework")
        }

    def references(self, row):
        """The (role type, framework) a row names, or None after recording the error."""
        role_type = self.role_types.get(row["role_type"].lower())
        if role_type is None:
            self.error(row, "role_type", f"no role type “{row['role_type']}” exists.")
        slug = row["framework"] or settings.SECCOOP_DEFAULT_FRAMEWORK
        framework = self.frameworks.get(slug)
        if framework is None:
            self.error(row, "framework", f"no competency framework “{slug}” exists.")
        if role_type is None or framework is None:
            return None
        return role_type, framework

    @property
    def history_user(self):
        return self.user if getattr(self.user, "is_authenticated", False) else None

    def save(self, record) -> None:
        record._history_user = self.history_user
        record._change_reason = f"Imported ({self.kind})"
        record.save()


class RoleTemplateImporter(_TemplateRows):
    """Role templates, one per role type and framework: created, or renamed and re-argued."""

    kind = "role-templates"
    model = RoleTemplate
    columns = (
        Column("role_type", required=True),
        Column("framework"),
        Column("name", required=True),
        Column("rationale"),
    )

    def validate(self, rows):
        self.load_references(rows)
        self.to_save: list[RoleTemplate] = []
        seen: dict[tuple[int, int], int] = {}
        for row in rows:
            self.checked()
            found = self.references(row)
            if found is None:
                continue
            role_type, framework = found
            key = (role_type.pk, framework.pk)
            if key in seen:
                self.error(
                    row,
                    "role_type",
                    f"the template of “{role_type.slug}” for “{framework.slug}” is already on "
                    f"row {seen[key]}.",
                )
                continue
            seen[key] = row.number
            template = self.templates.get(key)
            if template is None:
                template = RoleTemplate(role_type=role_type, framework=framework)
            before = (template.name, template.rationale)
            template.name = row["name"]
            if "rationale" in row.values:
                template.rationale = row["rationale"]
            try:
                template.full_clean(validate_constraints=False)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    for message in messages:
                        self.error(row, name if name in ("name", "rationale") else "", message)
                continue
            if template.pk is None:
                self.result.created += 1
            elif (template.name, template.rationale) != before:
                template.version += 1
                self.result.updated += 1
            else:
                self.result.unchanged += 1
                continue
            self.to_save.append(template)

    def write(self):
        for template in self.to_save:
            self.save(template)


class RoleRequirementImporter(_TemplateRows):
    """The level a template requires on a sub-competency, one row per line.

    A row sets its line; level 0 (or blank) removes it. Lines the file does not
    name stay as they are. The template must exist (the role templates table,
    or the role types page, creates it).
    """

    kind = "role-requirements"
    model = RoleRequirement
    columns = (
        Column("role_type", required=True),
        Column("framework"),
        Column("code", required=True),
        Column("level"),
    )

    def validate(self, rows):
        self.load_references(rows)
        frameworks = {framework.pk for framework in self.frameworks.values()}
        codes = {
            (competency.framework_id, competency.code.lower()): competency
            for competency in Competency.objects.filter(
                framework__in=frameworks, kind="sub-competency"
            )
        }
        lines = {
            (line.template_id, line.competency_id): line
            for line in RoleRequirement.objects.filter(template__framework__in=frameworks)
        }
        self.to_save: list[RoleRequirement] = []
        self.to_remove: list[RoleRequirement] = []
        self.touched: dict[int, RoleTemplate] = {}
        seen: dict[tuple[int, int], int] = {}
        for row in rows:
            self.checked()
            found = self.references(row)
            if found is None:
                continue
            role_type, framework = found
            template = self.templates.get((role_type.pk, framework.pk))
            if template is None:
                self.error(
                    row,
                    "role_type",
                    f"“{role_type.slug}” has no template for “{framework.slug}”; create it first "
                    "(role templates table or the role types page).",
                )
                continue
            competency = codes.get((framework.pk, row["code"].lower()))
            if competency is None:
                self.error(
                    row, "code", f"“{framework.slug}” has no sub-competency “{row['code']}”."
                )
                continue
            key = (template.pk, competency.pk)
            if key in seen:
                self.error(
                    row, "code", f"“{row['code']}” of this template is already on row {seen[key]}."
                )
                continue
            seen[key] = row.number
            level = self.level(row, framework)
            if level is None:
                continue
            line = lines.get(key)
            if not level:
                if line is None:
                    self.result.unchanged += 1
                else:
                    self.to_remove.append(line)
                    self.touched[template.pk] = template
                    self.result.updated += 1
                continue
            if line is not None and line.level == level:
                self.result.unchanged += 1
                continue
            if line is None:
                line = RoleRequirement(template=template, competency=competency, level=level)
                self.result.created += 1
            else:
                line.level = level
                line.version += 1
                self.result.updated += 1
            self.to_save.append(line)
            self.touched[template.pk] = template

    def level(self, row, framework) -> int | None:
        text = row["level"] or "0"
        scale = framework.scale.values()
        offered = ", ".join(str(value) for value in sorted(scale) if value)
        if not text.isdigit() or (int(text) and int(text) not in scale):
            self.error(
                row,
                "level",
                f"“{text}” is not a level of the {framework.scale}; use one of "
                f"{offered}, or 0 for not required.",
            )
            return None
        return int(text)

    def write(self):
        for line in self.to_save:
            self.save(line)
        for line in self.to_remove:
            line._history_user = (
                self.user if getattr(self.user, "is_authenticated", False) else None
            )
            line.delete()
        # Each changed template moves to a new version, so an editor who opened it before
        # the import is told their copy is stale.
        for template in self.touched.values():
            template.version += 1
            template._history_user = (
                self.user if getattr(self.user, "is_authenticated", False) else None
            )
            template.save(update_fields=["version", "updated_at"])


IMPORTERS: dict[str, type[Importer]] = {
    importer.kind: importer
    for importer in (
        OrgUnitImporter,
        PersonImporter,
        PositionImporter,
        RatingImporter,
        RoleTypeImporter,
        RoleTemplateImporter,
        RoleRequirementImporter,
    )
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
