"""Records and candidates for an assignment, read from a file (`seccoop staffing assign`).

A file names the records to staff, each by a name and its requirements (a
sub-competency and the lowest level wanted, per row), and the candidates, each
by a person's external id (or the generated key an export writes, such as
person-12) and how many of the records they may take. Formats: CSV or XLSX,
one row per requirement or per candidate, or JSON (docs/data-formats.md).

Every row is checked before anything is computed; every problem is named by
its row and column (CSV, XLSX) or its path (JSON), and then nothing is
assigned.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from seccoop.competencies.models import Framework
from seccoop.core.imports import (
    ImportErrors,
    RowError,
    file_error,
    lookup,
    max_file_bytes,
    read_rows,
)
from seccoop.core.json_input import JsonRefused, parse_json
from seccoop.workforce.models import Person
from seccoop.workforce.staffing import Opening, requirement_catalog, requirements_from

COLUMNS = ("record", "code", "level", "candidate", "capacity")
# A person takes at most this many records of one file.
MAX_CAPACITY = 50


@dataclass
class _Where:
    """Where a value was read, to name it in an error: a row (CSV) or a path (JSON)."""

    row: int | None = None
    path: str = ""

    def error(self, column: str, message: str) -> RowError:
        if self.row is not None:
            return RowError(self.row, column, message)
        return RowError(None, "", f"{self.path}.{column}: {message}")


@dataclass
class _Record:
    name: str
    rows: list[tuple[str, object, _Where]] = field(default_factory=list)  # code, level, where


@dataclass
class _Candidate:
    key: str
    capacity: object
    where: _Where


@dataclass(frozen=True)
class AssignmentFile:
    openings: list[Opening]
    people: list[Person]
    capacity: dict[int, int]  # person id -> records they may take


def read_assignment_file(data: bytes, filename: str, framework: Framework) -> AssignmentFile:
    """The records and candidates of a file; ImportErrors naming every bad row, else."""
    limit = max_file_bytes()
    if len(data) > limit:
        raise file_error(f"The file is larger than the limit of {limit // (1024 * 1024)} MB.")
    if filename.lower().endswith(".json"):
        records, candidates, errors = _from_json(data)
    else:
        records, candidates, errors = _from_table(data, filename)
    openings = _openings(records, framework, errors)
    people, capacity = _candidates(candidates, errors)
    if not errors and not openings:
        errors.append(RowError(None, "", "The file names no record to staff."))
    if not errors and not people:
        errors.append(RowError(None, "", "The file names no candidate."))
    if errors:
        raise ImportErrors(errors)
    return AssignmentFile(openings, people, capacity)


def _from_table(data: bytes, filename: str):
    records: dict[str, _Record] = {}
    candidates: list[_Candidate] = []
    errors: list[RowError] = []
    rows = list(read_rows(io.BytesIO(data), filename))
    for number, row in rows:
        values = {column: (row.get(column) or "").strip() for column in COLUMNS}
        where = _Where(row=number)
        requirement = [c for c in ("record", "code", "level") if values[c]]
        candidate = [c for c in ("candidate", "capacity") if values[c]]
        if not requirement and not candidate:
            continue
        if requirement and candidate:
            errors.append(
                where.error(
                    "",
                    "a row is either a requirement (record, code, level) or a candidate "
                    "(candidate, capacity), not both.",
                )
            )
            continue
        if requirement:
            missing = [c for c in ("record", "code", "level") if not values[c]]
            if missing:
                errors.append(where.error(missing[0], "required for a requirement row."))
                continue
            level = _whole(values["level"])
            record = records.setdefault(values["record"], _Record(values["record"]))
            record.rows.append((values["code"], level, where))
            continue
        if not values["candidate"]:
            errors.append(where.error("candidate", "required for a candidate row."))
            continue
        candidates.append(_Candidate(values["candidate"], _whole(values["capacity"] or "1"), where))
    return list(records.values()), candidates, errors


def _whole(text: str):
    """A whole number written as one, else the text itself (refused where it is checked)."""
    text = text.strip()
    if text.lstrip("-").isdigit() and len(text) < 10:
        return int(text)
    return text


def _from_json(data: bytes):
    errors: list[RowError] = []
    try:
        document = parse_json(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportErrors([RowError(None, "", f"The file is not JSON ({exc}).")]) from exc
    except JsonRefused as exc:
        raise ImportErrors([RowError(None, "", f"{exc.where}: {exc.problem}")]) from exc
    if not isinstance(document, dict):
        raise ImportErrors(
            [
                RowError(
                    None, "", 'The file holds one object: {"records": [...], "candidates": [...]}.'
                )
            ]
        )
    records: list[_Record] = []
    names: set[str] = set()
    for i, item in enumerate(_list(document, "records", errors)):
        where = f"records[{i}]"
        if not isinstance(item, dict):
            errors.append(RowError(None, "", f"{where}: an object with record and requirements."))
            continue
        name = item.get("record")
        if not isinstance(name, str) or not name.strip():
            errors.append(RowError(None, "", f"{where}.record: a name is required."))
            continue
        if name.strip() in names:
            errors.append(RowError(None, "", f"{where}.record: {name!r} is given twice."))
            continue
        names.add(name.strip())
        record = _Record(name.strip())
        requirements = item.get("requirements")
        if not isinstance(requirements, list) or not requirements:
            errors.append(
                RowError(
                    None, "", f"{where}.requirements: a list of {{code, level}}, at least one."
                )
            )
            continue
        for j, requirement in enumerate(requirements):
            place = _Where(path=f"{where}.requirements[{j}]")
            if not isinstance(requirement, dict):
                errors.append(place.error("code", "an object with code and level."))
                continue
            record.rows.append((requirement.get("code"), requirement.get("level"), place))
        records.append(record)
    candidates = []
    for i, item in enumerate(_list(document, "candidates", errors)):
        place = _Where(path=f"candidates[{i}]")
        if not isinstance(item, dict) or not isinstance(item.get("candidate"), str):
            errors.append(place.error("candidate", "a person's external id or key."))
            continue
        candidates.append(_Candidate(item["candidate"].strip(), item.get("capacity", 1), place))
    return records, candidates, errors


def _list(document: dict, key: str, errors: list[RowError]) -> list:
    value = document.get(key)
    if not isinstance(value, list):
        errors.append(RowError(None, "", f"{key}: a list is required."))
        return []
    return value


def _openings(records: list[_Record], framework: Framework, errors: list[RowError]):
    catalog = requirement_catalog(framework)
    openings = []
    for record in records:
        try:
            requirements = requirements_from(
                catalog, [(code, level) for code, level, _ in record.rows], field="r"
            )
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                # "r[2].level": the third row of this record, its level column.
                index, _, column = key.removeprefix("r[").partition("].")
                where = record.rows[int(index)][2]
                errors.extend(where.error(column, message) for message in messages)
            continue
        openings.append(Opening(record.name, requirements))
    return openings


def _candidates(candidates: list[_Candidate], errors: list[RowError]):
    found = lookup(Person.objects.active(), "external_id", [c.key for c in candidates])
    people, capacity = [], {}
    for candidate in candidates:
        person = found.get(candidate.key)
        if person is None:
            errors.append(
                candidate.where.error(
                    "candidate", f"no person has the external id or key {candidate.key!r}."
                )
            )
            continue
        if person.pk in capacity:
            errors.append(candidate.where.error("candidate", f"{candidate.key} is given twice."))
            continue
        value = candidate.capacity
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_CAPACITY:
            errors.append(
                candidate.where.error("capacity", f"a whole number from 1 to {MAX_CAPACITY}.")
            )
            continue
        people.append(person)
        capacity[person.pk] = value
    return people, capacity
