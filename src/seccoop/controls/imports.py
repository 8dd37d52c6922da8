"""Bulk import of disclosure requests and end-use items from CSV or XLSX, all or nothing.

The rules of core/imports.py: every row is validated before anything is
written, errors name the row and column, records are matched by their
external id (importing the same file twice changes nothing). Lists in a cell
(countries) are separated by semicolons. A request's state changes only
through its workflow: a state column is accepted so an export imports
unchanged, but a row may not change it.
"""

from __future__ import annotations

from typing import IO

from seccoop.controls.models import (
    DisclosureCategory,
    DisclosureRequest,
    DisclosureState,
    EeumArticle,
    EndUseItem,
    MonitoringLevel,
)
from seccoop.core.imports import Column, ImportResult, RecordImporter, lookup
from seccoop.partners.imports import PartnerImport, split_list
from seccoop.partners.models import Classification, Country
from seccoop.programs.models import Agreement, Case, CaseLine, Program


class ControlsImport(PartnerImport):
    """Who may import is the policy's (controls.policies): disclosure specialists."""

    refusal = "Only foreign disclosure specialists and administrators import controls records."

    def set_choice(self, record, row, column, choices, field_name=None) -> None:
        if column not in row.values or not row[column]:
            return
        value = row[column].strip()
        by_label = {str(label).lower(): key for key, label in choices.choices}
        key = value if value in choices.values else by_label.get(value.lower())
        if key is None:
            allowed = ", ".join(choices.values)
            self.error(row, column, f"“{value}” is not one of {allowed}.")
        else:
            setattr(record, field_name or column, key)

    def set_date(self, record, row, column) -> None:
        if column in row.values:
            setattr(record, column, self.parse_date(row, column))


def _by_name(queryset, field_name: str, names) -> dict[str, object | None]:
    """{name: record}, with None for a name that several records share."""
    found: dict[str, object | None] = {}
    for record in queryset.filter(**{f"{field_name}__in": {n for n in names if n}}):
        name = getattr(record, field_name)
        found[name] = None if name in found else record
    return found


class DisclosureRequestImporter(ControlsImport, RecordImporter):
    kind = "disclosure-requests"
    model = DisclosureRequest
    columns = (
        Column("external_id", required=True),
        Column("title", required=True),
        Column("category", required=True),
        Column("countries", required=True),
        Column("submitted_on", required=True),
        Column("description"),
        Column("classification"),
        Column("cui_categories"),
        Column("releasable_to"),
        Column("case"),
        Column("program"),
        Column("agreement"),
        Column("visit_description"),
        Column("state"),
    )
    fields = (
        "title", "category", "submitted_on", "description", "classification", "cui_categories",
        "case", "program", "agreement", "visit_description",
    )  # fmt: skip
    reference_fields = ("case", "program", "agreement", "visit")

    def prepare(self, rows):
        codes = {code.upper() for row in rows for column in ("countries", "releasable_to")
                 for code in split_list(row[column])}  # fmt: skip
        self.countries = lookup(Country.objects.all(), "iso_code", codes)
        self.cases = lookup(Case.objects.all(), "identifier", (row["case"] for row in rows))
        self.programs = _by_name(Program.objects.all(), "name", (row["program"] for row in rows))
        self.agreements = _by_name(
            Agreement.objects.all(), "title", (row["agreement"] for row in rows)
        )
        self.pending = {"countries": {}, "releasable_to": {}}

    def _reference(self, record, row, column, known, noun):
        if column not in row.values:
            return
        key = row[column]
        if not key:
            setattr(record, column, None)
        elif key not in known:
            self.error(row, column, f"no {noun} “{key}” exists.")
        elif known[key] is None:
            self.error(row, column, f"several {noun}s are named “{key}”; name it uniquely first.")
        else:
            setattr(record, column, known[key])

    def fill(self, record, row):
        for column in ("title", "description", "cui_categories", "visit_description"):
            self.set_text(record, row, column)
        self.set_choice(record, row, "category", DisclosureCategory)
        self.set_choice(record, row, "classification", Classification)
        self.set_date(record, row, "submitted_on")
        self._reference(record, row, "case", self.cases, "case")
        self._reference(record, row, "program", self.programs, "program")
        self._reference(record, row, "agreement", self.agreements, "agreement")
        upper = {code.upper(): country for code, country in self.countries.items()}
        for column in ("countries", "releasable_to"):
            found = self.resolve_list(row, column, upper, "country with the ISO code")
            if found is not None:
                self.pending[column][row["external_id"]] = found
        if not self.pending["countries"].get(row["external_id"]):
            self.error(row, "countries", "name at least one country.")
        if row["state"]:
            current = record.state if record.pk else DisclosureState.SUBMITTED
            if row["state"] != current:
                self.error(
                    row,
                    "state",
                    f"the state is “{current}”; it changes only through the request's workflow.",
                )

    def check_records(self):
        for key in self.records:
            allowed = {c.pk for c in self.pending["releasable_to"].get(key, [])}
            if allowed:
                outside = [c.name for c in self.pending["countries"].get(key, [])
                           if c.pk not in allowed]  # fmt: skip
                if outside:
                    self.error(
                        self.row_of[key],
                        "countries",
                        f"the request is marked releasable only to other countries than "
                        f"{', '.join(sorted(outside))}.",
                    )

    def write(self):
        super().write()
        self.write_lists(self.pending)


class EndUseItemImporter(ControlsImport, RecordImporter):
    kind = "end-use-items"
    model = EndUseItem
    columns = (
        Column("external_id", required=True),
        Column("case", required=True),
        Column("case_line"),
        Column("article"),
        Column("description", required=True),
        Column("monitoring"),
        Column("serial_number"),
        Column("quantity"),
        Column("arrived_on"),
        Column("location"),
        Column("disposed_on"),
    )
    fields = (
        "case", "case_line", "article", "description", "serial_number", "quantity",
        "arrived_on", "location", "disposed_on",
    )  # fmt: skip
    reference_fields = ("case", "case_line", "article")

    def prepare(self, rows):
        self.cases = lookup(Case.objects.all(), "identifier", (row["case"] for row in rows))
        self.lines = {
            (line.case_id, str(line.number)): line
            for line in CaseLine.objects.filter(case__in=self.cases.values())
        }
        self.articles = {article.name: article for article in EeumArticle.objects.active()}

    def fill(self, record, row):
        for column in ("description", "serial_number", "location"):
            self.set_text(record, row, column)
        for column in ("arrived_on", "disposed_on"):
            self.set_date(record, row, column)
        if row["quantity"]:
            if row["quantity"].isdigit() and int(row["quantity"]) > 0:
                record.quantity = int(row["quantity"])
            else:
                self.error(row, "quantity", f"“{row['quantity']}” is not a whole number above 0.")
        case = self.cases.get(row["case"])
        if case is None:
            self.error(row, "case", f"no case “{row['case']}” exists.")
            return
        record.case = case
        if "case_line" in row.values:
            record.case_line = None
            if row["case_line"]:
                line = self.lines.get((case.pk, row["case_line"]))
                if line is None:
                    self.error(
                        row, "case_line", f"case {case.identifier} has no line {row['case_line']}."
                    )
                record.case_line = line
        if "article" in row.values:
            record.article = None
            if row["article"]:
                record.article = self.articles.get(row["article"])
                if record.article is None:
                    self.error(row, "article", f"no EEUM-designated article “{row['article']}”.")
        # The level comes from the designations (SAMM C8.4); a column that says otherwise is wrong.
        declared = row["monitoring"] if "monitoring" in row.values else ""
        if declared:
            derived = record.designated_monitoring()
            if declared not in MonitoringLevel.values:
                self.error(row, "monitoring", f"“{declared}” is not a monitoring level.")
            elif declared != derived:
                self.error(
                    row,
                    "monitoring",
                    f"“{declared}” disagrees with the designations: {record.designation_source()}",
                )

    def check_records(self):
        seen: dict[tuple, str] = {
            (case_id, serial): external_id
            for case_id, serial, external_id in EndUseItem.objects.exclude(serial_number="")
            .exclude(external_id__in=self.records.keys())
            .values_list("case_id", "serial_number", "external_id")
        }
        for key, record in self.records.items():
            if not record.serial_number or record.case_id is None:
                continue
            pair = (record.case_id, record.serial_number)
            if pair in seen:
                self.error(
                    self.row_of[key],
                    "serial_number",
                    f"serial number {record.serial_number} is already recorded on this case "
                    f"({seen[pair] or 'another item'}).",
                )
            seen[pair] = key


IMPORTERS: dict[str, type[RecordImporter]] = {
    importer.kind: importer for importer in (DisclosureRequestImporter, EndUseItemImporter)
}


def import_table(kind: str, file: IO[bytes], filename: str, *, user=None) -> ImportResult:
    if kind not in IMPORTERS:
        raise ValueError(f"Unknown table {kind!r}; choose one of {', '.join(IMPORTERS)}.")
    return IMPORTERS[kind](user=user).run(file, filename)
