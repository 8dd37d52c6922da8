"""Bulk import of objectives, indicators and measurements from CSV or XLSX, all or nothing.

The rules of every import (core/imports.py): every row is checked before
anything is written, errors name the row and the column, and importing the
same file again changes nothing. Objectives are matched by their code,
indicators by their external id, measurements by their indicator and day.

Leadership and administrators import anything; someone assigned to an
initiative imports the indicators and measurements of that initiative, and
a row about any other initiative is refused by name.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

from seccoop.core.imports import (
    BATCH_SIZE,
    Column,
    Importer,
    ImportResult,
    RecordImporter,
    Row,
    lookup,
)
from seccoop.evaluation.models import (
    GuidanceDocument,
    Indicator,
    Initiative,
    Measurement,
    Objective,
)
from seccoop.evaluation.policies import assigned_ids, is_leadership
from seccoop.partners.models import Country, Region


class EvaluationImport:
    """What the evaluation importers share: the refusal, and reading dates and numbers.

    Who may import a table is the policy's (evaluation.policies); which
    initiatives' rows a member of staff may import is checked row by row.
    """

    refusal = "Only members of staff may import evaluation data."

    def parse_decimal(self, row: Row, column: str) -> Decimal | None:
        text = row[column].replace(",", "")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            self.error(row, column, f"“{row[column]}” is not a number.")
            return None
        return value

    def may_change_initiative(self, initiative_id: int | None) -> bool:
        if self.user is None or is_leadership(self.user):
            return True
        if not hasattr(self, "_assigned"):
            self._assigned = assigned_ids(self.user, Initiative)
        return initiative_id in self._assigned


class ObjectiveImporter(EvaluationImport, RecordImporter):
    kind = "objectives"
    model = Objective
    key_column = "code"
    refusal = "Only leadership and administrators may import objectives."
    columns = (
        Column("code", required=True),
        Column("title", required=True),
        Column("level", required=True),
        Column("priority"),
        Column("region"),
        Column("country"),
        Column("supports"),
        Column("document_external_id"),
        Column("starts_on"),
        Column("ends_on"),
        Column("description"),
    )
    fields = (
        "title",
        "level",
        "priority",
        "region",
        "country",
        "supports",
        "document",
        "starts_on",
        "ends_on",
        "description",
    )
    column_of_field = {"document": "document_external_id"}
    reference_fields = ("region", "country", "supports", "document")

    def prepare(self, rows):
        self.regions = {region.code.lower(): region for region in Region.objects.all()}
        self.countries = lookup(
            Country.objects.all(), "iso_code", (row["country"].upper() for row in rows)
        )
        self.documents = lookup(
            GuidanceDocument.objects.all(),
            "external_id",
            (row["document_external_id"] for row in rows),
        )
        self.existing_objectives = lookup(
            Objective.objects.all(), "code", (row["supports"] for row in rows)
        )
        self.supports: dict[str, Objective | None] = {}

    def fill(self, record, row):
        record.title = row["title"]
        record.level = row["level"].lower()
        for column in ("description",):
            if column in row.values:
                setattr(record, column, row[column])
        if "priority" in row.values and row["priority"]:
            if row["priority"].isdigit():
                record.priority = int(row["priority"])
            else:
                self.error(
                    row, "priority", f"“{row['priority']}” is not a whole number from 1 to 9."
                )
        if "region" in row.values:
            code = row["region"]
            record.region = self.regions.get(code.lower()) if code else None
            if code and record.region is None:
                self.error(row, "region", f"no region “{code}” exists.")
        if "country" in row.values:
            code = row["country"].upper()
            record.country = self.countries.get(code) if code else None
            if code and record.country is None:
                self.error(row, "country", f"no country has the ISO 3166 code “{code}”.")
        if "document_external_id" in row.values:
            key = row["document_external_id"]
            record.document = self.documents.get(key) if key else None
            if key and record.document is None:
                self.error(row, "document_external_id", f"no document “{key}” exists.")
        for column in ("starts_on", "ends_on"):
            if column in row.values:
                setattr(record, column, self.parse_date(row, column))
        if "supports" in row.values:
            key = row["supports"]
            target = (self.records.get(key) or self.existing_objectives.get(key)) if key else None
            if key and target is None:
                self.error(row, "supports", f"no objective “{key}” exists.")
            self.supports[record.code] = target
        else:
            self.supports[record.code] = record.supports if record.supports_id else None
        # The link is set after every row is written (it may name a row further down),
        # and checked as a whole for cycles in check_records.
        record.supports = None

    def snapshot(self, record):
        return tuple(
            getattr(record, record._meta.get_field(name).attname)
            for name in self.fields
            if name != "supports"
        )

    def check_records(self):
        supports_of = dict(Objective.objects.values_list("code", "supports__code"))
        for code, target in self.supports.items():
            supports_of[code] = target.code if target is not None else None
        for code in self.supports:
            seen, current = [], code
            while current is not None:
                if current in seen:
                    self.error(
                        self.row_of[code], "supports", f"“{code}” would support itself (a cycle)."
                    )
                    break
                seen.append(current)
                current = supports_of.get(current)
        for code, record in self.records.items():
            target = self.supports.get(code)
            before = self.original_supports.get(code)
            moved = (target.code if target else None) != before
            if moved and record.pk is not None and record not in self.changed:
                self.changed.append(record)
                self.result.unchanged -= 1

    def validate(self, rows):
        self.original_supports = dict(
            Objective.objects.filter(
                code__in=[row["code"] for row in rows], supports__isnull=False
            ).values_list("code", "supports__code")
        )
        super().validate(rows)

    def record_history(self):
        # Every row is written by now: link each objective to the one it supports,
        # then keep the history of the records as they finally stand.
        linked = []
        for code, record in self.records.items():
            record.supports = self.supports.get(code)
            linked.append(record)
        Objective.objects.bulk_update(linked, ["supports"], batch_size=BATCH_SIZE)
        super().record_history()


class IndicatorImporter(EvaluationImport, RecordImporter):
    kind = "indicators"
    model = Indicator
    columns = (
        Column("external_id", required=True),
        Column("initiative_external_id", required=True),
        Column("name", required=True),
        Column("kind", required=True),
        Column("unit", required=True),
        Column("direction"),
        Column("baseline_value", required=True),
        Column("baseline_on", required=True),
        Column("target_value", required=True),
        Column("target_on", required=True),
    )
    fields = (
        "initiative",
        "name",
        "kind",
        "unit",
        "direction",
        "baseline_value",
        "baseline_on",
        "target_value",
        "target_on",
    )
    column_of_field = {"initiative": "initiative_external_id"}
    reference_fields = ("initiative",)

    def prepare(self, rows):
        self.initiatives = lookup(
            Initiative.objects.all(),
            "external_id",
            (row["initiative_external_id"] for row in rows),
        )

    def fill(self, record, row):
        key = row["initiative_external_id"]
        initiative = self.initiatives.get(key)
        if initiative is None:
            self.error(row, "initiative_external_id", f"no initiative “{key}” exists.")
        elif not self.may_change_initiative(initiative.pk) or (
            record.pk is not None and not self.may_change_initiative(record.initiative_id)
        ):
            self.error(
                row,
                "initiative_external_id",
                f"you are not assigned to the initiative “{initiative}”, so you may not "
                "change its indicators.",
            )
        else:
            record.initiative = initiative
        record.name = row["name"]
        record.kind = row["kind"].lower()
        record.unit = row["unit"]
        if row["direction"]:
            record.direction = row["direction"].lower()
        for column in ("baseline_value", "target_value"):
            value = self.parse_decimal(row, column)
            if value is not None:
                setattr(record, column, value)
        for column in ("baseline_on", "target_on"):
            day = self.parse_date(row, column)
            if day is not None:
                setattr(record, column, day)

    def check_records(self):
        # One name per initiative, across the file and what is stored.
        taken = {
            (initiative_id, name): external_id
            for initiative_id, name, external_id in Indicator.objects.exclude(
                external_id__in=self.records.keys()
            ).values_list("initiative_id", "name", "external_id")
        }
        for key, record in self.records.items():
            slot = (record.initiative_id, record.name)
            if record.initiative_id and slot in taken:
                self.error(
                    self.row_of[key],
                    "name",
                    f"the initiative already has an indicator named “{record.name}” "
                    f"({taken[slot] or 'without an external id'}).",
                )
            taken[slot] = key


class MeasurementImporter(EvaluationImport, Importer):
    """Measurements matched by indicator and day: a changed value updates the measurement."""

    kind = "measurements"
    model = Measurement
    columns = (
        Column("indicator_external_id", required=True),
        Column("measured_on", required=True),
        Column("value", required=True),
        Column("note"),
    )

    def validate(self, rows: list[Row]) -> None:
        indicators = lookup(
            Indicator.objects.select_related("initiative"),
            "external_id",
            (row["indicator_external_id"] for row in rows),
        )
        self.pending: dict[tuple[int, datetime.date], tuple[Row, Measurement]] = {}
        parsed = []
        for row in rows:
            self.checked()
            key = row["indicator_external_id"]
            indicator = indicators.get(key)
            if key and indicator is None:
                self.error(row, "indicator_external_id", f"no indicator “{key}” exists.")
            elif indicator is not None and not self.may_change_initiative(indicator.initiative_id):
                self.error(
                    row,
                    "indicator_external_id",
                    f"you are not assigned to the initiative “{indicator.initiative}”, so you "
                    "may not record its measurements.",
                )
                indicator = None
            day = self.parse_date(row, "measured_on")
            value = self.parse_decimal(row, "value")
            if indicator is None or day is None or value is None:
                continue
            if (indicator.pk, day) in self.pending:
                first = self.pending[(indicator.pk, day)][0].number
                self.error(
                    row, "measured_on", f"“{key}” is already measured on {day} on row {first}."
                )
                continue
            measurement = Measurement(indicator=indicator, measured_on=day, value=value)
            measurement.note = row["note"]
            try:
                measurement.full_clean(
                    exclude=["indicator"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    for message in messages:
                        self.error(row, name if name in row.values else "", message)
                continue
            self.pending[(indicator.pk, day)] = (row, measurement)
            parsed.append(measurement)

    def write(self) -> None:
        keys = list(self.pending)
        existing = {
            (m.indicator_id, m.measured_on): m
            for m in Measurement.objects.filter(
                indicator_id__in={indicator_id for indicator_id, _ in keys},
                measured_on__in={day for _, day in keys},
            )
        }
        created, changed = [], []
        now = timezone.now()
        for key, (_, measurement) in self.pending.items():
            stored = existing.get(key)
            if stored is None:
                created.append(measurement)
            elif (stored.value, stored.note, stored.archived_at) != (
                measurement.value,
                measurement.note,
                None,
            ):
                stored.value, stored.note, stored.archived_at = (
                    measurement.value,
                    measurement.note,
                    None,
                )
                stored.updated_at = now
                changed.append(stored)
            else:
                self.result.unchanged += 1
        Measurement.objects.bulk_update(
            changed, ["value", "note", "archived_at", "updated_at"], batch_size=BATCH_SIZE
        )
        Measurement.objects.bulk_create(created, batch_size=BATCH_SIZE)
        history = get_history_manager_for_model(Measurement)
        user = self.user if getattr(self.user, "is_authenticated", False) else None
        reason = f"Imported ({self.kind})"
        history.bulk_history_create(
            created, batch_size=BATCH_SIZE, default_user=user, default_change_reason=reason
        )
        history.bulk_history_create(
            changed,
            batch_size=BATCH_SIZE,
            update=True,
            default_user=user,
            default_change_reason=reason,
        )
        self.result.created, self.result.updated = len(created), len(changed)


IMPORTERS: dict[str, type[Importer]] = {
    importer.kind: importer
    for importer in (ObjectiveImporter, IndicatorImporter, MeasurementImporter)
}


def import_table(kind: str, file: IO[bytes], filename: str, *, user=None) -> ImportResult:
    """Import one table from a CSV or XLSX file: every row, or none, in one transaction."""
    if kind not in IMPORTERS:
        raise ValueError(f"Unknown table {kind!r}; choose one of {', '.join(IMPORTERS)}.")
    with transaction.atomic():
        return IMPORTERS[kind](user=user).run(file, filename)
