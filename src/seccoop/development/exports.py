"""Export of the course catalog with the import's columns: an exported file imports unchanged."""

from __future__ import annotations

from collections import defaultdict

from seccoop.core import permissions
from seccoop.core.exports import Sheet
from seccoop.development.imports import CourseImporter
from seccoop.development.models import Course, CourseCompetency


def _builds(course_ids) -> dict[int, str]:
    joined: dict[int, list[str]] = defaultdict(list)
    for course_id, code, level in (
        CourseCompetency.objects.active()
        .filter(course_id__in=course_ids)
        .order_by("competency__sort_order", "competency__code")
        .values_list("course_id", "competency__code", "level")
    ):
        joined[course_id].append(f"{code}:{level}")
    return {course_id: "; ".join(items) for course_id, items in joined.items()}


def _rows(user):
    courses = Course.objects.active()
    if user is not None:
        courses = permissions.visible_to(user, courses)
    rows = list(
        courses.order_by("title", "pk").values_list(
            "pk",
            "external_id",
            "title",
            "provider",
            "level",
            "hours",
            "delivery",
            "description",
            "required_for_certification",
        )
    )
    builds = _builds([row[0] for row in rows])
    for pk, external_id, *values, required in rows:
        yield (
            external_id or f"course-{pk}",
            *values,
            "yes" if required else "no",
            builds.get(pk, ""),
        )


def export_courses(*, user=None) -> Sheet:
    """The course catalog as this user sees it (everything for user=None)."""
    headers = [column.name for column in CourseImporter.columns]
    return Sheet(name="courses", headers=headers, rows=_rows(user), exported_by=user)
