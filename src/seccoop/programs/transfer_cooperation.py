"""Import and export of programs and agreements, as CSV or XLSX (pages in core, see transfer.py).

The rules of core.imports hold: every row is checked before anything is
written, errors name the row and column, and records are matched by their
reference (external id), so importing the same file twice changes nothing.
A new record starts in the first state of its workflow; the state of an
existing one is not changed by an import (it moves through its transitions).
Lists in a cell (countries) are separated by semicolons.

Exports hold the rows the user may see, with the import's columns plus the
state, in a fixed number of queries.
"""

from __future__ import annotations

from typing import IO

from seccoop.core import exports as sheets
from seccoop.core import permissions
from seccoop.core.imports import (
    Column,
    ImportResult,
    RecordImporter,
    export_key,
    lookup,
)
from seccoop.core.permissions import is_administrator
from seccoop.partners.exports import _links
from seccoop.partners.imports import PartnerImport, split_list
from seccoop.partners.models import Country
from seccoop.partners.services import sync_assignment_evidence
from seccoop.programs.models import (
    Agreement,
    AgreementAuthority,
    AgreementState,
    AgreementType,
    Program,
    ProgramKind,
)
from seccoop.programs.models.agreements import normalise_citation
from seccoop.programs.services.cooperation import initial_state
from seccoop.workforce.models import OrgUnit


class CooperationImport(PartnerImport):
    """Who may import is the policy's (programs.policies_cooperation): those who add programs."""

    refusal = (
        "Program-team members, desk officers and administrators import programs and agreements."
    )

    def load_common(self, rows) -> None:
        keys = {key.upper() for row in rows for key in split_list(row["countries"])}
        self.known_countries = lookup(Country.objects.all(), "iso_code", keys)
        self.units = {unit.name.lower(): unit for unit in OrgUnit.objects.active()}
        self.pending = {"countries": {}}

    def fill_common(self, record, row) -> None:
        found = self.resolve_list(row, "countries", self.known_countries, "country")
        if found is not None:
            self.pending["countries"][row["external_id"]] = found
        if "team" in row.values:
            name = row["team"]
            if not name:
                record.org_unit = None
            elif name.lower() in self.units:
                record.org_unit = self.units[name.lower()]
            else:
                self.error(row, "team", f"no org unit “{name}” exists.")

    def parse_int(self, row, column):
        text = row[column]
        if not text:
            return None
        if not text.isdigit():
            self.error(row, column, f"“{text}” is not a whole number.")
            return None
        return int(text)


class ProgramImporter(CooperationImport, RecordImporter):
    kind = "programs"
    model = Program
    columns = (
        Column("external_id", required=True),
        Column("name", required=True),
        Column("kind", required=True),
        Column("countries"),
        Column("team"),
        Column("fiscal_year"),
        Column("starts_on"),
        Column("ends_on"),
        Column("description"),
        Column("candidate_program"),
        # Written by the export; the state moves through the transitions, never by import.
        Column("state"),
    )
    fields = (
        "name",
        "kind",
        "org_unit",
        "fiscal_year",
        "starts_on",
        "ends_on",
        "description",
        "candidate_program",
        "state",
    )
    column_of_field = {"org_unit": "team"}
    reference_fields = ("org_unit",)

    def prepare(self, rows):
        self.load_common(rows)

    def fill(self, record, row):
        for column in ("name", "description", "candidate_program"):
            self.set_text(record, row, column)
        kinds = {value: value for value in ProgramKind.values} | {
            label.lower(): value for value, label in ProgramKind.choices
        }
        kind = kinds.get(row["kind"].lower())
        if kind is None:
            self.error(
                row,
                "kind",
                f"“{row['kind']}” is not a kind; use one of {', '.join(ProgramKind.values)}.",
            )
        else:
            record.kind = kind
        if record.pk is None:
            record.state = initial_state(record.kind)
        if "fiscal_year" in row.values:
            record.fiscal_year = self.parse_int(row, "fiscal_year")
        for column in ("starts_on", "ends_on"):
            if column in row.values:
                setattr(record, column, self.parse_date(row, column))
        self.fill_common(record, row)

    def check_records(self):
        if self.user is not None and not is_administrator(self.user):
            for key, record in self.records.items():
                if record.pk is not None and not permissions.can(self.user, "change", record):
                    self.error(self.row_of[key], "external_id", f"you may not change “{key}”.")

    def write(self):
        super().write()
        self.write_lists(self.pending)
        sync_assignment_evidence(list(self.records.values()), recorded_by=self.user)


class AgreementImporter(CooperationImport, RecordImporter):
    kind = "agreements"
    model = Agreement
    columns = (
        Column("external_id", required=True),
        Column("title", required=True),
        Column("type", required=True),
        Column("countries"),
        Column("legal_authority"),
        Column("program"),
        Column("team"),
        Column("expires_on"),
        Column("warning_days"),
        Column("statement_of_intent"),
        Column("state"),
    )
    fields = (
        "title",
        "agreement_type",
        "authority",
        "program",
        "org_unit",
        "expires_on",
        "warning_days",
        "statement_of_intent",
        "state",
    )
    column_of_field = {"agreement_type": "type", "org_unit": "team", "authority": "legal_authority"}
    reference_fields = ("agreement_type", "authority", "program", "org_unit")

    def prepare(self, rows):
        self.load_common(rows)
        self.types = {}
        for kind in AgreementType.objects.active():
            self.types[kind.slug.lower()] = kind
            self.types[kind.name.lower()] = kind
        # An authority is named by its citation (current or former) or its slug.
        self.authorities = {}
        for authority in AgreementAuthority.objects.active():
            for key in (authority.slug, authority.citation, authority.former_citation):
                if key:
                    self.authorities[normalise_citation(key)] = authority
        programs = Program.objects.all()
        if self.user is not None:
            programs = programs.visible_to(self.user)
        self.programs = lookup(programs, "external_id", [row["program"] for row in rows])

    def fill(self, record, row):
        for column in ("title", "statement_of_intent"):
            self.set_text(record, row, column)
        if "legal_authority" in row.values:
            cited = row["legal_authority"]
            if not cited:
                record.authority = None
            elif normalise_citation(cited) in self.authorities:
                record.authority = self.authorities[normalise_citation(cited)]
            else:
                self.error(
                    row,
                    "legal_authority",
                    f"no legal authority “{cited}” exists; use a citation such as 22 U.S.C. 2767.",
                )
        kind = self.types.get(row["type"].lower())
        if kind is None:
            self.error(row, "type", f"no agreement type “{row['type']}” exists.")
        else:
            record.agreement_type = kind
        if "program" in row.values:
            key = row["program"]
            if not key:
                record.program = None
            elif key in self.programs:
                record.program = self.programs[key]
            else:
                self.error(row, "program", f"no program “{key}” exists.")
        if "expires_on" in row.values:
            record.expires_on = self.parse_date(row, "expires_on")
        if "warning_days" in row.values and row["warning_days"]:
            record.warning_days = self.parse_int(row, "warning_days")
        if record.pk is None:
            record.state = AgreementState.OPPORTUNITY
        self.fill_common(record, row)

    check_records = ProgramImporter.check_records

    def write(self):
        super().write()
        self.write_lists(self.pending)
        sync_assignment_evidence(list(self.records.values()), recorded_by=self.user)


IMPORTERS: dict[str, type[RecordImporter]] = {
    ProgramImporter.kind: ProgramImporter,
    AgreementImporter.kind: AgreementImporter,
}


def import_table(kind: str, file: IO[bytes], filename: str, *, user=None) -> ImportResult:
    """Import programs or agreements from a CSV or XLSX file: every row, or none."""
    if kind not in IMPORTERS:
        raise ValueError(f"Unknown table {kind!r}; choose one of {', '.join(IMPORTERS)}.")
    return IMPORTERS[kind](user=user).run(file, filename)


# --- export ---------------------------------------------------------------------


def _visible(user, queryset):
    queryset = queryset.active()
    return queryset if user is None else permissions.visible_to(user, queryset)


def _programs(user):
    rows = list(
        _visible(user, Program.objects.all())
        .order_by("name", "pk")
        .values_list(
            "pk",
            "external_id",
            "name",
            "kind",
            "org_unit__name",
            "fiscal_year",
            "starts_on",
            "ends_on",
            "description",
            "candidate_program",
            "state",
        )
    )
    countries = _links(Program.countries, [row[0] for row in rows], "iso_code")
    return [
        (
            export_key(Program, ext, pk),
            name,
            kind,
            countries.get(pk, ""),
            team,
            fy,
            starts,
            ends,
            text,
            candidate,
            state,
        )
        for pk, ext, name, kind, team, fy, starts, ends, text, candidate, state in rows
    ]


def _agreements(user):
    rows = list(
        _visible(user, Agreement.objects.all())
        .order_by("title", "pk")
        .values_list(
            "pk",
            "external_id",
            "title",
            "agreement_type__slug",
            "authority__citation",
            "program__external_id",
            "program_id",
            "org_unit__name",
            "expires_on",
            "warning_days",
            "statement_of_intent",
            "state",
        )
    )
    countries = _links(Agreement.countries, [row[0] for row in rows], "iso_code")
    return [
        (
            export_key(Agreement, ext, pk),
            title,
            kind,
            countries.get(pk, ""),
            authority,
            export_key(Program, program, program_id),
            team,
            expires,
            days,
            soi,
            st,
        )
        for pk, ext, title, kind, authority, program, program_id, team, expires, days, soi, st in (
            rows
        )
    ]


TABLES = {"programs": _programs, "agreements": _agreements}
HEADERS = {
    "programs": [
        "external_id",
        "name",
        "kind",
        "countries",
        "team",
        "fiscal_year",
        "starts_on",
        "ends_on",
        "description",
        "candidate_program",
        "state",
    ],
    "agreements": [
        "external_id",
        "title",
        "type",
        "countries",
        "legal_authority",
        "program",
        "team",
        "expires_on",
        "warning_days",
        "statement_of_intent",
        "state",
    ],
}


def export_table(kind: str, *, user=None) -> sheets.Sheet:
    """Programs or agreements as the rows this user may see (everything for user=None)."""
    if kind not in TABLES:
        raise ValueError(f"Unknown table {kind!r}; choose one of {', '.join(TABLES)}.")
    return sheets.Sheet(name=kind, headers=HEADERS[kind], rows=TABLES[kind](user))
