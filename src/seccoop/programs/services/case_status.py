"""Reconcile a case-status extract (CSV or XLSX) against the cases the app holds.

An implementing agency's case-status report, as DSAMS or SCIP exports it, is
brought in rather than re-keyed. No official public specification of such an
export's columns was found, so the columns accepted are the ones documented
in docs/case-status-extract.md, each under a few common names (case-insensitive).

For every case of the file that the importing user sees, every field is
compared with the app's:

- the app holds nothing and the extract has a value: the value is filled in
  (through the case's services, with its history), and listed as filled;
- both hold values that differ: the difference is listed (field, app value,
  extract value, row) and nothing is changed;
- a case the app does not hold (or the user does not see) is listed as
  unknown; it is not created.

A milestone date is filled only on a case that has reached the milestone in
the app: a case moves only through its workflow (services.cases.WORKFLOW), so
a date ahead of it is listed instead. The state is compared, never changed.

Bad input (an unreadable file, no identifier column, a bad date, number or
status) refuses the whole file naming the row and column, and writes nothing.
Reconciling the same file twice fills nothing the second time and lists the
same disagreements. Every applied run is kept with its findings.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

from seccoop.core import audit
from seccoop.core.imports import ImportErrors, RowError, file_error, looks_like_formula, read_table
from seccoop.core.models import AuditAction, StateChange
from seccoop.core.permissions import can, is_administrator, require
from seccoop.core.services import update_record
from seccoop.programs.models import (
    Case,
    CaseLine,
    CaseState,
    CaseStatusReconciliation,
    FindingKind,
    FindingResolution,
    LetterOfRequest,
    ReconciliationFinding,
    ReconciliationStatus,
)
from seccoop.programs.policies_cooperation import work_record_rule
from seccoop.programs.services import cases as case_services

KIND = "case-status-extract"
MAX_SHOWN = 300


@dataclass(frozen=True)
class ExtractColumn:
    """A column the extract may carry: its name here, its label, and the headers it is read from."""

    name: str
    label: str
    aliases: tuple[str, ...]
    level: str = "case"  # "case" or "line"


COLUMNS = (
    ExtractColumn("identifier", "Case identifier",
                  ("case identifier", "case id", "case", "identifier", "case number", "fms case")),
    ExtractColumn("version", "Version", ("version", "case version", "version type", "document")),
    ExtractColumn("status", "Status", ("status", "case status", "version status", "state")),
    ExtractColumn("request_received", "Request received",
                  ("request received", "lor received", "lor received date", "lor date",
                   "request received date", "lorr")),
    ExtractColumn("request_complete", "Request complete",
                  ("request complete", "lor complete", "lor complete date",
                   "request complete date", "lorcomplete")),
    ExtractColumn("offered", "Offered",
                  ("offered", "offer date", "loa offer date", "offered date", "offered on")),
    ExtractColumn("offer_expires", "Offer expiration date",
                  ("offer expiration date", "oed", "offer expiration", "offer expires",
                   "offer expires on")),
    ExtractColumn("accepted", "Accepted",
                  ("accepted", "accepted date", "acceptance date", "loa acceptance date",
                   "accepted on")),
    ExtractColumn("implemented", "Implemented",
                  ("implemented", "implemented date", "implementation date", "implemented on")),
    ExtractColumn("supply_complete", "Supply/services complete",
                  ("supply complete", "supply services complete", "ssc", "ssc date",
                   "supply complete date", "supply complete on")),
    ExtractColumn("closed", "Closed",
                  ("closed", "closed date", "closure date", "final closure", "closed on")),
    ExtractColumn("case_value", "Case value",
                  ("case value", "total case value", "total value", "loa value")),
    ExtractColumn("mde_value", "MDE value",
                  ("mde value", "mde", "major defense equipment value")),
    ExtractColumn("line_number", "Line number",
                  ("line", "line number", "line no", "line nbr"), "line"),
    ExtractColumn("item_code", "Item code",
                  ("item code", "masl", "masl code", "masl number"), "line"),
    ExtractColumn("line_description", "Line description",
                  ("line description", "description", "item description"), "line"),
    ExtractColumn("quantity", "Quantity", ("quantity", "qty", "line quantity"), "line"),
    ExtractColumn("line_value", "Line value",
                  ("line value", "line total", "line total value"), "line"),
)  # fmt: skip
COLUMN = {column.name: column for column in COLUMNS}
CASE_COLUMNS = tuple(c.name for c in COLUMNS if c.level == "case" and c.name != "identifier")
LINE_COLUMNS = tuple(c.name for c in COLUMNS if c.level == "line")
DATE_COLUMNS = ("request_received", "request_complete", "offered", "offer_expires", "accepted",
                "implemented", "supply_complete", "closed")  # fmt: skip
MONEY_COLUMNS = ("case_value", "mde_value", "line_value")
# The lengths the app keeps (Case.identifier, CaseLine.item_code and description).
LIMITS = {"identifier": 30, "version": 20, "item_code": 30, "line_description": 300}

# Milestone dates: the extract's column, the case's field, and the state the case
# must have reached in the app for the date to be filled in.
MILESTONE_DATES = (
    ("offered", "offered_on", CaseState.OFFERED),
    ("offer_expires", "offer_expires_on", CaseState.PROPOSED),
    ("accepted", "accepted_on", CaseState.ACCEPTED),
    ("implemented", "implemented_on", CaseState.IMPLEMENTED),
    ("supply_complete", "supply_complete_on", CaseState.SUPPLY_COMPLETE),
    ("closed", "closed_on", CaseState.CLOSED),
)


def _words(text: str) -> str:
    """Lower case, every run of other characters one space: "Supply/Services Complete" as
    "supply services complete"."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


ALIAS = {_words(alias): column.name for column in COLUMNS for alias in column.aliases}

# Case statuses as an extract names them, to the app's states. The DSAMS names of the
# development statuses (Development, Write, Review, Proposed) are SAMM Table C5.T9's;
# offered, accepted and implemented are SAMM C5.4 and C6.1; supply/services complete,
# interim and final closure SAMM C16. The app's own values and labels are read too.
STATUS_NAMES = {
    "lor received": CaseState.REQUEST_RECEIVED,
    "lor acknowledged": CaseState.REQUEST_ACKNOWLEDGED,
    "lor complete": CaseState.REQUEST_COMPLETE,
    "p and a": CaseState.PRICE_AND_AVAILABILITY,
    "pa provided": CaseState.PRICE_AND_AVAILABILITY,
    "development": CaseState.DEVELOPMENT,
    "write": CaseState.WRITTEN,
    "writing": CaseState.WRITTEN,
    "review": CaseState.REVIEWED,
    "supply complete": CaseState.SUPPLY_COMPLETE,
    "supply services complete": CaseState.SUPPLY_COMPLETE,
    "ssc": CaseState.SUPPLY_COMPLETE,
    "final closed": CaseState.CLOSED,
    "final closure": CaseState.CLOSED,
    "canceled": CaseState.CANCELLED,
    **{_words(state.value): state for state in CaseState},
    **{_words(state.label): state for state in CaseState},
}

DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%d-%b-%Y", "%d %b %Y", "%Y%m%d")


# --- the report ------------------------------------------------------------------------


@dataclass
class Finding:
    identifier: str
    row: int
    kind: str
    case: Case | None = None
    case_version: str = ""
    field: str = ""
    label: str = ""
    app_value: str = ""
    extract_value: str = ""
    note: str = ""

    @property
    def kind_label(self) -> str:
        return FindingKind(self.kind).label


@dataclass
class Report:
    """What reconciling an extract finds (and, once applied, did)."""

    file_name: str
    rows_read: int = 0
    cases_in_file: int = 0
    cases_matched: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    applied: bool = False
    reconciliation: CaseStatusReconciliation | None = None

    def count(self, kind: str) -> int:
        return sum(1 for finding in self.findings if finding.kind == kind)

    @property
    def filled(self) -> int:
        return self.count(FindingKind.FILLED)

    @property
    def disagreements(self) -> int:
        return self.count(FindingKind.DISAGREES)

    @property
    def unknown_cases(self) -> int:
        return self.count(FindingKind.UNKNOWN)


# --- reading ---------------------------------------------------------------------------


@dataclass
class ExtractLine:
    row: int
    number: int
    item_code: str
    description: str
    quantity: int | None
    value: Decimal | None


@dataclass
class ExtractCase:
    identifier: str
    row: int
    values: dict = field(default_factory=dict)  # column name -> parsed value
    rows: dict = field(default_factory=dict)  # column name -> the row it came from
    lines: list[ExtractLine] = field(default_factory=list)


class _Reader:
    """Reads and checks every row; collects every error before any is raised."""

    def __init__(self):
        self.errors: list[RowError] = []

    def error(self, row: int | None, column: str, message: str) -> None:
        label = COLUMN[column].label if column in COLUMN else column
        self.errors.append(RowError(row, label, message))

    def read(self, data: bytes, filename: str) -> tuple[list[ExtractCase], int, list[str]]:
        table = read_table(io.BytesIO(data), filename)
        position: dict[str, int] = {}
        ignored = []
        for index, header in enumerate(table.headers):
            name = ALIAS.get(_words(header or ""))
            if name is None:
                if (header or "").strip():
                    ignored.append(header.strip())
                continue
            if name in position:
                self.error(1, name, f"“{header}” names the same column as an earlier header.")
                continue
            position[name] = index
        if "identifier" not in position:
            self.error(
                1, "identifier",
                "the case identifier column is missing (a header such as “Case identifier”).",
            )  # fmt: skip
        if self.errors:
            raise ImportErrors(self.errors)
        cases: dict[str, ExtractCase] = {}
        rows_read = 0
        for number, cells in table.rows:
            if not any(cell.strip() for cell in cells):
                continue
            rows_read += 1
            text = {
                name: (cells[index].strip() if index < len(cells) else "")
                for name, index in position.items()
            }
            self._row(number, text, cases)
        if not rows_read:
            raise file_error("The file has a header row but no data rows: nothing to reconcile.")
        if self.errors:
            self.errors.sort(key=lambda error: error.row or 0)
            raise ImportErrors(self.errors)
        return list(cases.values()), rows_read, ignored

    def _row(self, number: int, text: dict[str, str], cases: dict[str, ExtractCase]) -> None:
        for name, value in text.items():
            if looks_like_formula(value):
                self.error(number, name, "looks like a spreadsheet formula, which is refused.")
                return
        identifier = text.get("identifier", "").upper()
        if not identifier:
            self.error(number, "identifier", "a case identifier is required.")
            return
        for name, limit in LIMITS.items():
            if len(text.get(name, "")) > limit:
                self.error(number, name, f"longer than the {limit} characters the app keeps.")
                return
        extract = cases.setdefault(identifier, ExtractCase(identifier=identifier, row=number))
        for name in CASE_COLUMNS:
            raw = text.get(name, "")
            if not raw:
                continue
            value = self._parse(number, name, raw)
            if value is None:
                continue
            if name in extract.values and extract.values[name] != value:
                self.error(
                    number, name,
                    f"“{raw}” differs from what row {extract.rows[name]} gives for "
                    f"{identifier}; a case's columns must agree on every row of its lines.",
                )  # fmt: skip
                continue
            extract.values.setdefault(name, value)
            extract.rows.setdefault(name, number)
        if any(text.get(name) for name in LINE_COLUMNS):
            self._line(number, text, extract)

    def _line(self, number: int, text: dict[str, str], extract: ExtractCase) -> None:
        raw_number = text.get("line_number", "")
        if not raw_number:
            self.error(number, "line_number", "a line's columns are given without its number.")
            return
        if not raw_number.isdigit() or int(raw_number) < 1:
            self.error(number, "line_number", f"“{raw_number}” is not a line number (1, 2, ...).")
            return
        line_number = int(raw_number)
        for earlier in extract.lines:
            if earlier.number == line_number:
                self.error(
                    number, "line_number",
                    f"line {line_number} of {extract.identifier} is already on row {earlier.row}.",
                )  # fmt: skip
                return
        quantity = None
        if text.get("quantity"):
            raw = text["quantity"].replace(",", "")
            if not raw.isdigit() or int(raw) < 1:
                self.error(
                    number, "quantity", f"“{text['quantity']}” is not a whole number of 1 or more."
                )
                return
            quantity = int(raw)
        value = (
            self._parse(number, "line_value", text["line_value"])
            if text.get("line_value")
            else None
        )
        if text.get("line_value") and value is None:
            return
        extract.lines.append(
            ExtractLine(number, line_number, text.get("item_code", ""),
                        text.get("line_description", ""), quantity, value)
        )  # fmt: skip

    def _parse(self, number: int, name: str, raw: str):
        if name in DATE_COLUMNS:
            return self._date(number, name, raw)
        if name in MONEY_COLUMNS:
            return self._money(number, name, raw)
        if name == "status":
            state = STATUS_NAMES.get(_words(raw))
            if state is None:
                self.error(
                    number, name,
                    f"“{raw}” is not a case status this import knows; see "
                    "docs/case-status-extract.md for the statuses read.",
                )  # fmt: skip
            return state
        return raw

    def _date(self, number: int, name: str, raw: str) -> datetime.date | None:
        text = raw.strip()
        if "T" in text[:11] and len(text) > 10:
            # A workbook's date with a time of day.
            text = text[:10]
        for pattern in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        self.error(number, name, f"“{raw}” is not a date (write it as YYYY-MM-DD).")
        return None

    def _money(self, number: int, name: str, raw: str) -> Decimal | None:
        text = raw.replace(",", "").replace("$", "").replace(" ", "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            self.error(number, name, f"“{raw}” is not an amount in U.S. dollars.")
            return None
        if value < 0:
            self.error(number, name, f"“{raw}” is negative.")
            return None
        if value != value.quantize(Decimal("0.01")):
            self.error(number, name, f"“{raw}” has more than two decimal places.")
            return None
        if abs(value) >= Decimal("1e13"):
            self.error(number, name, f"“{raw}” is larger than any case value the app holds.")
            return None
        return value.quantize(Decimal("0.01"))


def read_extract(data: bytes, filename: str) -> tuple[list[ExtractCase], int, list[str]]:
    """The extract's cases (with their lines), its number of data rows and the columns not read.

    Raises ImportErrors naming every bad row and column.
    """
    return _Reader().read(data, filename)


# --- comparing -------------------------------------------------------------------------


def _text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@dataclass
class _Plan:
    """What reconciling one case would change: its fields, its request, new lines."""

    case: Case
    case_changes: dict = field(default_factory=dict)
    request_changes: dict = field(default_factory=dict)
    new_lines: list[ExtractLine] = field(default_factory=list)
    line_changes: dict = field(default_factory=dict)  # CaseLine -> {field: value}


class _Reconciler:
    def __init__(self, user, report: Report):
        self.user = user
        self.report = report
        self.plans: list[_Plan] = []

    def add(self, extract: ExtractCase, kind: str, row: int, case=None, **values) -> None:
        self.report.findings.append(
            Finding(
                identifier=extract.identifier,
                row=row,
                kind=kind,
                case=case,
                case_version=extract.values.get("version", ""),
                **values,
            )
        )

    def run(self, extracts: list[ExtractCase]) -> None:
        identifiers = [extract.identifier for extract in extracts]
        cases = {
            case.identifier.upper(): case
            for case in Case.objects.visible_to(self.user)
            .filter(identifier__in=identifiers)
            .select_related("country")
        }
        # Identifiers are matched case-insensitively: "gr-b-abc" is GR-B-ABC.
        missing = [i for i in identifiers if i not in cases]
        if missing:
            for case in Case.objects.visible_to(self.user).filter(
                identifier__iregex=r"^(" + "|".join(re.escape(i) for i in missing) + r")$"
            ):
                cases[case.identifier.upper()] = case
        self.requests = {
            request.case_id: request
            for request in LetterOfRequest.objects.filter(case__in=list(cases.values()))
        }
        self.lines: dict[int, dict[int, CaseLine]] = {}
        for line in CaseLine.objects.active().filter(case__in=list(cases.values())):
            self.lines.setdefault(line.case_id, {})[line.number] = line
        self.completed_on = self._request_completed_on(list(cases.values()))
        self.report.cases_in_file = len(extracts)
        for extract in extracts:
            case = cases.get(extract.identifier)
            if case is None:
                self.add(
                    extract, FindingKind.UNKNOWN, extract.row,
                    note="No case you see has this identifier; it was not created.",
                )  # fmt: skip
                continue
            self.report.cases_matched += 1
            self.compare(extract, case)

    def _request_completed_on(self, cases: list[Case]) -> dict[int, datetime.date]:
        """The day each case's request was logged complete, from its workflow log."""
        kind = ContentType.objects.get_for_model(Case)
        days: dict[int, datetime.date] = {}
        changes = StateChange.objects.filter(
            content_type=kind,
            object_id__in=[case.pk for case in cases],
            target=CaseState.REQUEST_COMPLETE,
        ).values_list("object_id", "at")
        for case_id, at in changes:
            days.setdefault(case_id, timezone.localdate(at))
        return days

    def compare(self, extract: ExtractCase, case: Case) -> None:
        plan = _Plan(case=case)
        works = can(self.user, "change", case)
        values, rows = extract.values, extract.rows

        def differs(name: str, label: str, app, given, note: str = "") -> None:
            self.add(
                extract, FindingKind.DISAGREES, rows.get(name, extract.row), case,
                field=name, label=label, app_value=_text(app), extract_value=_text(given),
                note=note,
            )  # fmt: skip

        def fill(name: str, label: str, given, changes: dict, target: str) -> None:
            if not works:
                differs(name, label, None, given,
                        "You do not work this case, so the value was not filled in.")  # fmt: skip
                return
            changes[target] = given
            self.add(
                extract, FindingKind.FILLED, rows.get(name, extract.row), case,
                field=name, label=label, extract_value=_text(given),
            )  # fmt: skip

        if "status" in values and values["status"] != case.state:
            differs("status", "Status", case.get_state_display(), values["status"].label,
                    "A case's state changes only through its workflow.")  # fmt: skip
        request = self.requests.get(case.pk)
        given = values.get("request_received")
        if given is not None and request is not None:
            if request.received_on is None:
                fill("request_received", "Request received", given, plan.request_changes,
                     "received_on")  # fmt: skip
            elif request.received_on != given:
                differs("request_received", "Request received", request.received_on, given)
        given = values.get("request_complete")
        logged = self.completed_on.get(case.pk)
        if given is not None and logged is not None and logged != given:
            differs("request_complete", "Request complete", logged, given,
                    "The app's day is when its workflow logged the request complete.")  # fmt: skip
        for name, target, reached in MILESTONE_DATES:
            given = values.get(name)
            if given is None:
                continue
            label = COLUMN[name].label
            held = getattr(case, target)
            if held is None and case_services.at_or_after(case, reached):
                fill(name, label, given, plan.case_changes, target)
                if target == "supply_complete_on" and case.closure_due_on is None:
                    plan.case_changes["closure_due_on"] = Case.closure_due_for(given)
            elif held is None:
                differs(name, label, None, given,
                        f"The case is “{case.get_state_display()}” in the app and has not reached "
                        "this milestone; it moves only through its workflow.")  # fmt: skip
            elif held != given:
                differs(name, label, held, given)
        if "mde_value" in values:
            given = values["mde_value"]
            if case.mde_value is None:
                fill("mde_value", "MDE value", given, plan.case_changes, "mde_value")
            elif case.mde_value != given:
                differs("mde_value", "MDE value", case.mde_value, given)
        self.compare_lines(extract, case, plan, works, differs)
        if "case_value" in values:
            given = values["case_value"]
            lines = self.lines.get(case.pk, {})
            if lines or plan.new_lines:
                total = sum((line.value for line in lines.values()), Decimal("0"))
                total += sum((line.value or Decimal("0") for line in plan.new_lines), Decimal("0"))
                if total != given:
                    differs("case_value", "Case value", total, given,
                            "The app's case value is the total of its lines.")  # fmt: skip
            elif case.estimated_value is None:
                fill("case_value", "Case value", given, plan.case_changes, "estimated_value")
            elif case.estimated_value != given:
                differs("case_value", "Case value", case.estimated_value, given,
                        "The app holds the price and availability estimate; the case has no "
                        "lines yet.")  # fmt: skip
        self.check(plan, extract)
        if plan.case_changes or plan.request_changes or plan.new_lines or plan.line_changes:
            self.plans.append(plan)

    def compare_lines(self, extract, case, plan: _Plan, works: bool, differs) -> None:
        held = self.lines.get(case.pk, {})
        for line in extract.lines:
            label = f"Line {line.number}"
            name = f"line:{line.number}"
            app_line = held.get(line.number)
            if app_line is None:
                if not line.description:
                    self.add(
                        extract, FindingKind.DISAGREES, line.row, case, field=name, label=label,
                        extract_value=_line_text(line),
                        note="The app does not hold this line, and the extract gives no "
                        "description to add it with.",
                    )  # fmt: skip
                elif not works:
                    self.add(
                        extract, FindingKind.DISAGREES, line.row, case, field=name, label=label,
                        extract_value=_line_text(line),
                        note="You do not work this case, so the line was not added.",
                    )  # fmt: skip
                else:
                    plan.new_lines.append(line)
                    self.add(
                        extract, FindingKind.FILLED, line.row, case, field=name, label=label,
                        extract_value=_line_text(line),
                    )  # fmt: skip
                continue
            for part, app_value, given in (
                ("description", app_line.description, line.description or None),
                ("item_code", app_line.item_code, line.item_code or None),
                ("quantity", app_line.quantity, line.quantity),
                ("value", app_line.value, line.value),
            ):
                if given is None:
                    continue
                if part == "item_code" and not app_value and works:
                    plan.line_changes.setdefault(app_line, {})["item_code"] = given
                    self.add(
                        extract, FindingKind.FILLED, line.row, case,
                        field=f"{name}:item_code", label=f"{label} item code",
                        extract_value=given,
                    )  # fmt: skip
                    continue
                if app_value != given:
                    self.add(
                        extract, FindingKind.DISAGREES, line.row, case,
                        field=f"{name}:{part}", label=f"{label} {part.replace('_', ' ')}",
                        app_value=_text(app_value), extract_value=_text(given),
                        note="" if part != "item_code" or works
                        else "You do not work this case, so the value was not filled in.",
                    )  # fmt: skip
        if extract.lines:
            given = {line.number for line in extract.lines}
            for number in sorted(set(held) - given):
                self.add(
                    extract, FindingKind.DISAGREES, extract.row, case, field=f"line:{number}",
                    label=f"Line {number}", app_value=_line_text(held[number]),
                    note="The app holds this line; the extract does not list it.",
                )  # fmt: skip

    def check(self, plan: _Plan, extract: ExtractCase) -> None:
        """Fill nothing the case would refuse: such a fill is listed as a disagreement."""
        if not plan.case_changes:
            return
        probe = Case.objects.get(pk=plan.case.pk)
        for name, value in plan.case_changes.items():
            setattr(probe, name, value)
        try:
            probe.full_clean(validate_unique=False)
        except ValidationError as exc:
            planned = set(plan.case_changes)
            refused = set(exc.message_dict)
            # An error on a field this run does not fill (or on the whole case) refuses
            # every fill of the case: the case as it stands would not save.
            everything = bool(refused - planned)
            for finding in self.report.findings:
                target = _target_of(finding.field)
                if (
                    finding.case is plan.case
                    and finding.kind == FindingKind.FILLED
                    and target in planned
                    and (everything or target in refused)
                ):
                    finding.kind = FindingKind.DISAGREES
                    messages = exc.message_dict.get(target) or exc.messages
                    finding.note = ("Not filled: " + " ".join(messages))[:300]
                    plan.case_changes.pop(target, None)
            if "supply_complete_on" not in plan.case_changes:
                plan.case_changes.pop("closure_due_on", None)

    def apply(self) -> None:
        for plan in self.plans:
            case = plan.case
            if plan.case_changes:
                update_record(user=self.user, record=case, changes=plan.case_changes,
                              expected_version=case.version)  # fmt: skip
            request = self.requests.get(case.pk)
            if plan.request_changes and request is not None:
                update_record(user=self.user, record=request, changes=plan.request_changes,
                              expected_version=request.version)  # fmt: skip
            for line in plan.new_lines:
                quantity = line.quantity or 1
                unit_value = ((line.value or Decimal("0")) / quantity).quantize(Decimal("0.01"))
                case_services.add_line(
                    user=self.user, case=case, number=line.number, description=line.description,
                    item_code=line.item_code, quantity=quantity, unit_value=unit_value,
                )  # fmt: skip
            for app_line, changes in plan.line_changes.items():
                update_record(user=self.user, record=app_line, changes=changes,
                              expected_version=app_line.version)  # fmt: skip


TARGET_OF = {name: target for name, target, _ in MILESTONE_DATES} | {
    "mde_value": "mde_value",
    "case_value": "estimated_value",
}


def _target_of(name: str) -> str:
    return TARGET_OF.get(name, name)


def _line_text(line) -> str:
    """A line as the report shows it: its code, description, quantity and value."""
    parts = [part for part in (line.item_code, line.description) if part]
    if line.quantity is not None:
        parts.append(f"quantity {line.quantity}")
    if line.value is not None:
        parts.append(f"value {line.value:.2f}")
    return ", ".join(parts)


# --- the operations ---------------------------------------------------------------------


def may_reconcile(user) -> bool:
    """Whoever may import cases (the cases policy) reconciles an extract."""
    return can(user, "import", Case)


def _authorize(user) -> None:
    if not may_reconcile(user):
        raise PermissionDenied("Desk officers, program teams and administrators import cases.")


def _reconcile(user, data: bytes, filename: str) -> tuple[Report, _Reconciler]:
    extracts, rows_read, ignored = read_extract(data, filename)
    report = Report(file_name=filename, rows_read=rows_read, ignored_columns=ignored)
    reconciler = _Reconciler(user, report)
    reconciler.run(extracts)
    report.findings.sort(key=lambda finding: (finding.row, finding.field))
    return report, reconciler


def preview(*, user, data: bytes, filename: str) -> Report:
    """What reconciling the file would fill and what disagrees; writes nothing."""
    _authorize(user)
    report, _ = _reconcile(user, data, filename)
    return report


@transaction.atomic
def keep_for_confirmation(
    *, user, data: bytes, filename: str
) -> tuple[Report, CaseStatusReconciliation]:
    """Preview the file and keep it, so that the person may confirm it later (on any server)."""
    report = preview(user=user, data=data, filename=filename)
    run = CaseStatusReconciliation.objects.create(
        imported_by=user, file_name=filename[:255], content=data, **_counts(report)
    )
    report.reconciliation = run
    return report, run


def _counts(report: Report) -> dict:
    return {
        "rows_read": report.rows_read,
        "cases_in_file": report.cases_in_file,
        "cases_matched": report.cases_matched,
        "filled": report.filled,
        "disagreements": report.disagreements,
        "unknown_cases": report.unknown_cases,
    }


@transaction.atomic
def reconcile(
    *, user, data: bytes, filename: str, run: CaseStatusReconciliation | None = None
) -> Report:
    """Reconcile the file: fill what the app lacks, list every disagreement, keep the run.

    All or nothing, in one transaction. `run` is a previewed run being confirmed.
    """
    _authorize(user)
    report, reconciler = _reconcile(user, data, filename)
    try:
        reconciler.apply()
    except ValidationError as exc:
        # A case changed or refused between the comparison and the write: nothing is written.
        raise ImportErrors([RowError(None, "", message) for message in exc.messages]) from exc
    if run is None:
        run = CaseStatusReconciliation(imported_by=user, file_name=filename[:255])
    run.status = ReconciliationStatus.APPLIED
    run.applied_at = timezone.now()
    run.content = b""
    for name, value in _counts(report).items():
        setattr(run, name, value)
    run.save()
    created = ReconciliationFinding.objects.bulk_create(
        [
            ReconciliationFinding(
                reconciliation=run,
                case=finding.case,
                identifier=finding.identifier[:30],
                case_version=finding.case_version[:20],
                row=finding.row,
                kind=finding.kind,
                field=finding.field[:40],
                label=finding.label[:100],
                app_value=finding.app_value[:300],
                extract_value=finding.extract_value[:300],
                note=finding.note[:300],
            )  # fmt: skip
            for finding in report.findings
        ]
    )
    get_history_manager_for_model(ReconciliationFinding).bulk_history_create(
        created,
        default_user=user if getattr(user, "is_authenticated", False) else None,
        default_change_reason=f"Reconciled ({KIND})",
    )
    audit.record(
        AuditAction.IMPORT,
        actor=user,
        kind=KIND,
        file_format=filename.rsplit(".", 1)[-1].lower(),
        row_count=report.rows_read,
        file_name=filename,
        detail=f"{report.filled} filled, {report.disagreements} disagreeing, "
        f"{report.unknown_cases} cases not held.",
    )
    report.applied = True
    report.reconciliation = run
    return report


def confirm(*, user, run: CaseStatusReconciliation) -> Report:
    """Apply a previewed run, as its file reads against the cases now."""
    if run.status != ReconciliationStatus.PREVIEWED or run.imported_by_id != user.pk:
        raise PermissionDenied("Only the person who previewed this extract confirms it, once.")
    return reconcile(user=user, data=bytes(run.content), filename=run.file_name, run=run)


def runs_visible_to(user):
    """Applied runs: every one to whoever may import cases, or leads; none to anyone else."""
    runs = CaseStatusReconciliation.objects.filter(status=ReconciliationStatus.APPLIED)
    return runs if can(user, "view", CaseStatusReconciliation) else runs.none()


def findings_visible_to(user, run: CaseStatusReconciliation):
    """The run's findings about cases the user sees; unknown cases for its importer and admins."""
    cases = Case.objects.visible_to(user).values("pk")
    findings = run.findings.select_related("case", "resolved_by")
    rule = Q(case__in=cases)
    if is_administrator(user) or run.imported_by_id == user.pk:
        rule |= Q(case__isnull=True)
    return findings.filter(rule)


def worked_cases(user, case_ids: set[int]) -> set[int]:
    """Which of these cases the user works (may change), in one query."""
    if is_administrator(user):
        return set(case_ids)
    rule = work_record_rule(user, Case, countries="country", chain=False, everything=False)
    if rule is None:
        return set(case_ids)
    return set(Case.objects.filter(rule, pk__in=case_ids).values_list("pk", flat=True))


# --- resolving a disagreement ------------------------------------------------------------

# Findings the extract's value can be applied to through the case's own services; a
# milestone date or the state moves through the workflow, a value of lines is summed.
APPLICABLE = {"mde_value": "mde_value", "case_value": "estimated_value"}


def can_apply(finding: ReconciliationFinding) -> bool:
    if finding.kind != FindingKind.DISAGREES or finding.case_id is None:
        return False
    if finding.field in APPLICABLE:
        return finding.field != "case_value" or not finding.note.startswith("The app's case value")
    return bool(re.fullmatch(r"line:\d+:(description|item_code|quantity)", finding.field))


@transaction.atomic
def resolve(
    *, user, finding: ReconciliationFinding, resolution: str, expected_version: int,
    case_version: int | None = None,
) -> ReconciliationFinding:  # fmt: skip
    """Mark a disagreement resolved: the app's value kept, or the extract's applied.

    Applying goes through the case's update service, with its history and its
    check that the case is still as the person saw it (`case_version`).
    """
    if finding.case_id is None:
        raise ValidationError({"resolution": "The app holds no such case."})
    require(user, "resolve", finding)
    if finding.kind != FindingKind.DISAGREES or finding.resolution:
        raise ValidationError({"resolution": "Only an open disagreement is resolved."})
    if resolution == FindingResolution.APPLIED:
        if not can_apply(finding):
            raise ValidationError(
                {"resolution": "This value changes through the case's workflow or its lines, "
                 "not here; keep the app's value and move the case if the extract is right."}
            )  # fmt: skip
        case = finding.case
        version = case.version if case_version is None else case_version
        if finding.field in APPLICABLE:
            value = Decimal(finding.extract_value) if finding.extract_value else None
            case_services.update_case(
                user=user, case=case, changes={APPLICABLE[finding.field]: value},
                expected_version=version,
            )  # fmt: skip
        else:
            _, number, part = finding.field.split(":")
            line = CaseLine.objects.get(case=case, number=int(number))
            value = int(finding.extract_value) if part == "quantity" else finding.extract_value
            update_record(user=user, record=line, changes={part: value},
                          expected_version=line.version)  # fmt: skip
    elif resolution != FindingResolution.KEPT:
        raise ValidationError({"resolution": "Keep the app's value or apply the extract's."})
    return update_record(
        user=user, record=finding,
        changes={"resolution": resolution, "resolved_by": user, "resolved_at": timezone.now()},
        expected_version=expected_version,
    )  # fmt: skip
