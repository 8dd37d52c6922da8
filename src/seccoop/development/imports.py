"""Bulk import of the course catalog, with each course's mapping, from CSV or XLSX.

The rules of every import (core/imports.py): each row is checked before
anything is written, errors name the row and column, and courses are matched
by their external id, so importing the same file again changes nothing.

The `builds` column lists what a course builds as `CODE:LEVEL` pairs separated
by semicolons, such as `1.A:2; 4.C:3`. When the column is present, it becomes
the course's whole mapping; a blank cell clears it. Left out of the header,
the mapping stays as it is.
"""

from __future__ import annotations

from typing import IO

from simple_history.utils import get_history_manager_for_model

from seccoop.competencies.models import Framework
from seccoop.core.imports import BATCH_SIZE, Column, ImportResult, RecordImporter, Row
from seccoop.development.models import CertificationLevel, Course, CourseCompetency, Delivery
from seccoop.workforce.gaps import sub_competencies

TRUE = {"yes", "y", "true", "1"}
FALSE = {"no", "n", "false", "0", ""}


def _choice(choices, text: str):
    text = text.strip().lower()
    for value, label in choices:
        if text in (value.lower(), label.lower()):
            return value
    return None


def parse_builds(text: str) -> list[tuple[str, str]]:
    """`1.A:2; 4.C:3` as [("1.A", "2"), ("4.C", "3")]; a pair without a colon has level ""."""
    pairs = []
    for item in text.split(";"):
        item = item.strip()
        if not item:
            continue
        code, _, level = item.partition(":")
        pairs.append((code.strip(), level.strip()))
    return pairs


class CourseImporter(RecordImporter):
    kind = "courses"
    model = Course
    columns = (
        Column("external_id", required=True),
        Column("title", required=True),
        Column("provider", required=True),
        Column("level", required=True),
        Column("hours", required=True),
        Column("delivery"),
        Column("description"),
        Column("required_for_certification"),
        Column("builds"),
    )
    fields = (
        "title",
        "provider",
        "level",
        "hours",
        "delivery",
        "description",
        "required_for_certification",
    )

    # Who may import is the catalog policy's (development.policies): workforce managers.
    refusal = "Only workforce managers and administrators import courses."

    def prepare(self, rows):
        framework = Framework.objects.default()
        self.subs = {sub.code: sub for sub in sub_competencies(framework)}
        self.scale = [value for value in framework.scale.values() if value > 0]
        self.mappings: dict[str, dict[int, int]] = {}

    def fill(self, record, row: Row):
        for column in ("title", "provider", "description"):
            if column in row.values:
                setattr(record, column, row[column])
        level = _choice(CertificationLevel.choices, row["level"])
        if level is None:
            self.error(
                row,
                "level",
                f"“{row['level']}” is not one of {', '.join(CertificationLevel.values)}.",
            )
        else:
            record.level = level
        if "delivery" in row.values and row["delivery"]:
            delivery = _choice(Delivery.choices, row["delivery"])
            if delivery is None:
                self.error(
                    row,
                    "delivery",
                    f"“{row['delivery']}” is not one of {', '.join(Delivery.values)}.",
                )
            else:
                record.delivery = delivery
        try:
            record.hours = int(row["hours"])
        except ValueError:
            self.error(row, "hours", f"“{row['hours']}” is not a whole number of hours.")
        if "required_for_certification" in row.values:
            flag = row["required_for_certification"].lower()
            if flag in TRUE | FALSE:
                record.required_for_certification = flag in TRUE
            else:
                self.error(row, "required_for_certification", "write yes or no.")
        if "builds" in row.values:
            self.mappings[row["external_id"]] = self.read_builds(row)

    def read_builds(self, row: Row) -> dict[int, int]:
        found: dict[int, int] = {}
        for code, level in parse_builds(row["builds"]):
            sub = self.subs.get(code.upper())
            if sub is None:
                self.error(row, "builds", f"no sub-competency “{code}” exists.")
                continue
            if not level.isdigit() or int(level) not in self.scale:
                self.error(
                    row,
                    "builds",
                    f"“{code}:{level}”: the level is one of {', '.join(map(str, self.scale))}.",
                )
                continue
            if sub.pk in found:
                self.error(row, "builds", f"{sub.code} appears twice.")
                continue
            found[sub.pk] = int(level)
        return found

    def write(self):
        super().write()
        courses = {key: self.records[key] for key in self.mappings}
        existing = {
            (line.course_id, line.competency_id): line
            for line in CourseCompetency.objects.filter(
                course_id__in=[course.pk for course in courses.values()]
            )
        }
        wanted = {
            (courses[key].pk, competency_id): level
            for key, levels in self.mappings.items()
            for competency_id, level in levels.items()
        }
        created = [
            CourseCompetency(course_id=course_id, competency_id=competency_id, level=level)
            for (course_id, competency_id), level in wanted.items()
            if (course_id, competency_id) not in existing
        ]
        changed = []
        for key, line in existing.items():
            if key in wanted and wanted[key] != line.level:
                line.level = wanted[key]
                line.version += 1
                changed.append(line)
        gone = [line for key, line in existing.items() if key not in wanted]
        CourseCompetency.objects.bulk_create(created, batch_size=BATCH_SIZE)
        CourseCompetency.objects.bulk_update(changed, ["level", "version"], batch_size=BATCH_SIZE)
        history = get_history_manager_for_model(CourseCompetency)
        user = self.user if getattr(self.user, "is_authenticated", False) else None
        reason = f"Imported ({self.kind})"
        history.bulk_history_create(created, default_user=user, default_change_reason=reason)
        history.bulk_history_create(
            changed, update=True, default_user=user, default_change_reason=reason
        )
        for line in gone:
            line._history_user = user
            line.delete()


IMPORTERS = {CourseImporter.kind: CourseImporter}


def import_courses(file: IO[bytes], filename: str, *, user=None) -> ImportResult:
    """Import the course catalog: every row, or none, in one transaction."""
    return CourseImporter(user=user).run(file, filename)
