"""Importing and exporting the course catalog: all or nothing, errors by row and column."""

import io

import pytest
from django.core.exceptions import PermissionDenied

from seccoop.core.exports import render
from seccoop.core.imports import ImportErrors
from seccoop.development.exports import export_courses
from seccoop.development.imports import import_courses
from seccoop.development.models import Course, CourseCompetency

HEADER = "external_id,title,provider,level,hours,delivery,required_for_certification,builds\n"


def upload(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def test_an_import_creates_courses_with_their_mapping(directorate):
    result = import_courses(
        upload(
            HEADER
            + "SC-1,Fundamentals,DSCU,basic,24,online,yes,4.C:2; 4.F:2\n"
            + "SC-2,Case Development,DSCU,Intermediate,40,in residence,no,4.C:3\n"
        ),
        "courses.csv",
        user=directorate.workforce_manager.user,
    )
    assert (result.created, result.updated) == (2, 0)
    first = Course.objects.get(external_id="SC-1")
    assert first.required_for_certification and first.level == "basic"
    assert dict(first.builds.values_list("competency__code", "level")) == {"4.C": 2, "4.F": 2}
    assert Course.objects.get(external_id="SC-2").delivery == "in-residence"
    assert first.history.first().history_change_reason == "Imported (courses)"


def test_a_bad_file_names_each_row_and_column_and_writes_nothing(directorate):
    with pytest.raises(ImportErrors) as refused:
        import_courses(
            upload(
                HEADER
                + "SC-1,Fundamentals,DSCU,basic,24,online,yes,4.C:2\n"
                + "SC-2,Case Development,DSCU,master,forty,online,maybe,Z.Z:3; 4.C:9\n"
            ),
            "courses.csv",
            user=directorate.workforce_manager.user,
        )
    errors = {(error.row, error.column) for error in refused.value.errors}
    assert {(3, "level"), (3, "hours"), (3, "required_for_certification"), (3, "builds")} <= errors
    assert not Course.objects.exists() and not CourseCompetency.objects.exists()


def test_a_course_at_the_retired_expert_level_is_refused_naming_the_row(directorate):
    with pytest.raises(ImportErrors) as refused:
        import_courses(
            upload(HEADER + "SC-9,Old Expert Course,DSCU,expert,24,online,no,4.C:2\n"),
            "courses.csv",
            user=directorate.workforce_manager.user,
        )
    [error] = refused.value.errors
    assert (error.row, error.column) == (2, "level")
    assert not Course.objects.exists()


def test_importing_the_same_file_again_changes_nothing(directorate):
    text = HEADER + "SC-1,Fundamentals,DSCU,basic,24,online,yes,4.C:2\n"
    manager = directorate.workforce_manager.user
    import_courses(upload(text), "courses.csv", user=manager)
    again = import_courses(upload(text), "courses.csv", user=manager)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert CourseCompetency.objects.count() == 1


def test_a_blank_builds_cell_clears_the_mapping(directorate):
    manager = directorate.workforce_manager.user
    import_courses(upload(HEADER + "SC-1,F,DSCU,basic,24,online,no,4.C:2\n"), "c.csv", user=manager)
    import_courses(upload(HEADER + "SC-1,F,DSCU,basic,24,online,no,\n"), "c.csv", user=manager)
    assert not CourseCompetency.objects.exists()


def test_a_desk_officer_cannot_import_courses(directorate):
    with pytest.raises(PermissionDenied):
        import_courses(
            upload(HEADER + "SC-1,F,DSCU,basic,24,online,no,\n"),
            "c.csv",
            user=directorate.teammate.user,
        )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_exported_catalog_imports_back_unchanged(directorate, file_format):
    manager = directorate.workforce_manager.user
    import_courses(
        upload(HEADER + "SC-1,Fundamentals,DSCU,basic,24,online,yes,4.C:2; 4.F:2\n"),
        "courses.csv",
        user=manager,
    )
    data = render(export_courses(user=manager), file_format)
    again = import_courses(io.BytesIO(data), f"courses.{file_format}", user=manager)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
