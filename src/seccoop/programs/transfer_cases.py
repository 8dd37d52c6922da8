"""Import and export of cases and case lines, as CSV or XLSX.

The same rules as every import (seccoop.core.imports): every row is checked
before anything is written, errors name the row and column, and nothing is
written unless the whole file is valid. Cases are matched by identifier,
lines by their case's identifier and their number, so importing the same
file again changes nothing. A case's state changes only through its
workflow: the `state` column is exported, and an import that would change it
is refused. Whoever imports may only touch the cases they work (their
countries, their program team, their assignments); administrators and
leadership any.

Exports give the rows the user may see, with the import's columns, so an
exported file imports unchanged.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import IO

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

from seccoop.core import permissions
from seccoop.core.exports import Sheet
from seccoop.core.imports import (
    BATCH_SIZE,
    Column,
    Importer,
    ImportResult,
    RecordImporter,
    Row,
    export_key,
    lookup,
)
from seccoop.core.permissions import Role, has_role, is_administrator
from seccoop.partners.models import Country
from seccoop.partners.policies import person_of, portfolio_rule
from seccoop.programs.models import (
    Case,
    CaseKind,
    CaseLine,
    CaseState,
    ImplementingAgency,
    LetterOfRequest,
)
from seccoop.programs.policies_cooperation import work_record_rule
from seccoop.workforce.models import OrgUnit


class CaseScope:
    """Which cases the importing user may create or change, read once per import."""

    # Who may import is the policy's (programs.policies_cases): whoever may open cases.
    refusal = "Desk officers, program teams and administrators import cases."

    def authorize(self) -> None:
        super().authorize()
        self.everything = self.user is None or is_administrator(self.user)
        if not self.everything:
            self.countries = set(
                Country.objects.filter(portfolio_rule(self.user)).values_list("pk", flat=True)
            )
            rule = work_record_rule(self.user, Case, countries="country", chain=False)
            self.workable = set(Case.objects.filter(rule).values_list("pk", flat=True))
            person = person_of(self.user)
            position = getattr(person, "position", None) if person else None
            self.unit_id = (
                (position.org_unit_id if position else person.org_unit_id)
                if person and has_role(self.user, Role.PROGRAM_TEAM)
                else None
            )

    def may_work(self, case: Case) -> bool:
        if self.everything:
            return True
        if case.pk is not None:
            return case.pk in self.workable
        return case.country_id in self.countries or (
            self.unit_id is not None and case.org_unit_id == self.unit_id
        )


def _choice(importer, row: Row, column: str, choices) -> str | None:
    """The value of a choice column, given by value or label, or None after an error."""
    text = row[column]
    if not text:
        return ""
    for value, label in choices:
        if text.lower() in (value.lower(), label.lower()):
            return value
    values = ", ".join(value for value, _ in choices)
    importer.error(row, column, f"“{text}” is not one of {values}.")
    return None


def _decimal(importer, row: Row, column: str) -> Decimal | None:
    text = row[column].replace(",", "").replace("$", "")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        importer.error(row, column, f"“{row[column]}” is not a number.")
        return None


def _integer(importer, row: Row, column: str) -> int | None:
    text = row[column]
    if not text:
        return None
    if not text.isdigit():
        importer.error(row, column, f"“{text}” is not a whole number.")
        return None
    return int(text)


class CaseImporter(CaseScope, RecordImporter):
    kind = "cases"
    model = Case
    key_column = "identifier"
    columns = (
        Column("identifier", required=True),
        Column("title", required=True),
        Column("country", required=True),
        Column("kind", required=True),
        Column("state"),
        Column("implementing_agency"),
        Column("program_team"),
        Column("estimated_value"),
        Column("offer_validity_days"),
        Column("description"),
    )
    fields = (
        "title",
        "country",
        "kind",
        "implementing_agency",
        "org_unit",
        "estimated_value",
        "offer_validity_days",
        "description",
    )
    column_of_field = {"org_unit": "program_team"}
    reference_fields = ("country", "org_unit")

    def prepare(self, rows):
        self.country_of = lookup(
            Country.objects.all(), "iso_code", (row["country"].upper() for row in rows)
        )
        self.units = lookup(
            OrgUnit.objects.all(), "external_id", (row["program_team"] for row in rows)
        )

    def fill(self, record, row):
        record.title = row["title"]
        if "description" in row.values:
            record.description = row["description"]
        code = row["country"].upper()
        if code in self.country_of:
            record.country = self.country_of[code]
        elif code:
            self.error(row, "country", f"no country has the ISO 3166 code “{code}”.")
        kind = _choice(self, row, "kind", CaseKind.choices)
        if kind:
            record.kind = kind
        if "implementing_agency" in row.values:
            agency = _choice(self, row, "implementing_agency", ImplementingAgency.choices)
            if agency is not None:
                record.implementing_agency = agency
        if "program_team" in row.values:
            key = row["program_team"]
            record.org_unit = self.units.get(key) if key else None
            if key and record.org_unit is None:
                self.error(row, "program_team", f"no org unit “{key}” exists.")
        if "estimated_value" in row.values:
            record.estimated_value = _decimal(self, row, "estimated_value")
        if row["offer_validity_days"]:
            days = _integer(self, row, "offer_validity_days")
            if days is not None:
                record.offer_validity_days = days
        state = _choice(self, row, "state", CaseState.choices) if row["state"] else None
        current = record.state if record.pk is not None else CaseState.REQUEST_RECEIVED
        if state and state != current:
            self.error(
                row,
                "state",
                f"the state is “{CaseState(current).label}”; it changes only through the "
                "case's workflow.",
            )
        if record.country_id and not self.may_work(record):
            self.error(row, "identifier", f"you do not work the case “{row['identifier']}”.")
        if record.pk is None:
            record.state = CaseState.REQUEST_RECEIVED
            record.state_changed_at = timezone.now()

    def write(self):
        super().write()
        # Every case starts from a request; new cases get a blank one to complete.
        letters = [LetterOfRequest(case=case) for case in self.created]
        LetterOfRequest.objects.bulk_create(letters, batch_size=BATCH_SIZE)
        get_history_manager_for_model(LetterOfRequest).bulk_history_create(
            letters,
            batch_size=BATCH_SIZE,
            default_user=self.user if getattr(self.user, "is_authenticated", False) else None,
            default_change_reason="Imported (cases)",
        )


# The marks of a line: significant military equipment, major defense equipment, EEUM.
MARKS = ("significant_military_equipment", "major_defense_equipment", "enhanced_monitoring")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


def _line_values(line: CaseLine) -> tuple:
    return (line.description, line.item_code, line.quantity, line.unit_value,
            *(getattr(line, name) for name in MARKS))  # fmt: skip


class CaseLineImporter(CaseScope, Importer):
    """Case lines, matched by their case's identifier and their number."""

    kind = "case-lines"
    model = CaseLine
    columns = (
        Column("case", required=True),
        Column("number", required=True),
        Column("description", required=True),
        Column("item_code"),
        Column("quantity"),
        Column("unit_value", required=True),
        # yes or no; a column left out leaves the line's mark as it is.
        Column("significant_military_equipment"),
        Column("major_defense_equipment"),
        Column("enhanced_monitoring"),
    )

    def validate(self, rows):
        cases = lookup(Case.objects.all(), "identifier", (row["case"] for row in rows))
        existing = {
            (line.case_id, line.number): line
            for line in CaseLine.objects.filter(case__in=list(cases.values()))
        }
        self.created: list[CaseLine] = []
        self.changed: list[CaseLine] = []
        seen: dict[tuple[str, str], int] = {}
        for row in rows:
            self.checked()
            key = (row["case"], row["number"])
            if key in seen:
                self.error(
                    row,
                    "number",
                    f"line {row['number']} of {row['case']} is already on row {seen[key]}.",
                )
                continue
            seen[key] = row.number
            case = cases.get(row["case"])
            if case is None:
                self.error(row, "case", f"no case “{row['case']}” exists.")
                continue
            if not self.may_work(case):
                self.error(row, "case", f"you do not work the case “{row['case']}”.")
                continue
            number = _integer(self, row, "number")
            if number is None:
                continue
            line = existing.get((case.pk, number)) or CaseLine(case=case, number=number)
            before = _line_values(line)
            line.description = row["description"]
            if "item_code" in row.values:
                line.item_code = " ".join(row["item_code"].upper().split())
            for name in MARKS:
                if name in row.values:
                    answer = row[name].strip().lower()
                    if answer in YES or answer in NO:
                        setattr(line, name, answer in YES)
                    else:
                        self.error(row, name, f"“{row[name]}” is not yes or no.")
            if row["quantity"]:
                quantity = _integer(self, row, "quantity")
                if quantity is not None:
                    line.quantity = quantity
            unit_value = _decimal(self, row, "unit_value")
            if unit_value is not None:
                line.unit_value = unit_value
            try:
                line.full_clean(exclude=["case"], validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    for message in messages:
                        self.error(row, name if name != "__all__" else "", message)
            if line.pk is None:
                self.created.append(line)
            elif _line_values(line) != before:
                self.changed.append(line)
            else:
                self.result.unchanged += 1

    def write(self):
        now = timezone.now()
        for line in self.changed:
            line.updated_at = now
        CaseLine.objects.bulk_update(
            self.changed,
            ["description", "item_code", "quantity", "unit_value", *MARKS, "updated_at"],
            batch_size=BATCH_SIZE,
        )
        CaseLine.objects.bulk_create(self.created, batch_size=BATCH_SIZE)
        history = get_history_manager_for_model(CaseLine)
        user = self.user if getattr(self.user, "is_authenticated", False) else None
        history.bulk_history_create(
            self.created, batch_size=BATCH_SIZE, default_user=user,
            default_change_reason="Imported (case lines)",
        )  # fmt: skip
        history.bulk_history_create(
            self.changed, batch_size=BATCH_SIZE, update=True, default_user=user,
            default_change_reason="Imported (case lines)",
        )  # fmt: skip
        self.result.created = len(self.created)
        self.result.updated = len(self.changed)


IMPORTERS = {importer.kind: importer for importer in (CaseImporter, CaseLineImporter)}


def import_table(kind: str, file: IO[bytes], filename: str, *, user=None) -> ImportResult:
    """Import cases or case lines: every row, or none, in one transaction."""
    if kind not in IMPORTERS:
        raise ValueError(f"Unknown table {kind!r}; choose one of {', '.join(IMPORTERS)}.")
    return IMPORTERS[kind](user=user).run(file, filename)


# --- export ----------------------------------------------------------------------------


def _money(value) -> str:
    return "" if value is None else f"{value:.2f}"


def _cases(cases: QuerySet[Case]):
    rows = cases.order_by("identifier").values_list(
        "identifier",
        "title",
        "country__iso_code",
        "kind",
        "state",
        "implementing_agency",
        "org_unit__external_id",
        "org_unit_id",
        "estimated_value",
        "offer_validity_days",
        "description",
    )
    for identifier, title, iso, kind, state, agency, unit, unit_id, value, days, text in rows:
        yield (
            identifier,
            title,
            iso,
            kind,
            state,
            agency,
            export_key(OrgUnit, unit, unit_id) or "",
            _money(value),
            days,
            text,
        )


def _lines(cases: QuerySet[Case]):
    rows = (
        CaseLine.objects.active()
        .filter(case__in=cases.values("pk"))
        .order_by("case__identifier", "number")
        .values_list(
            "case__identifier", "number", "description", "item_code", "quantity", "unit_value",
            *MARKS,
        )
    )  # fmt: skip
    for identifier, number, description, code, quantity, unit_value, *marks in rows:
        yield (identifier, number, description, code, quantity, _money(unit_value),
               *("yes" if mark else "no" for mark in marks))  # fmt: skip


def export_table(kind: str, *, user=None, cases: QuerySet[Case] | None = None) -> Sheet:
    """Cases or case lines, as the rows this user may see (everything for user=None)."""
    if kind not in IMPORTERS:
        raise ValueError(f"Unknown table {kind!r}; choose one of {', '.join(IMPORTERS)}.")
    cases = Case.objects.active() if cases is None else cases
    if user is not None:
        cases = permissions.visible_to(user, cases)
    headers = [column.name for column in IMPORTERS[kind].columns]
    rows = _cases(cases) if kind == "cases" else _lines(cases)
    return Sheet(name=kind, headers=headers, rows=rows, exported_by=user)
