"""The course catalog as a table the import and export pages, the worker and the commands serve.

Registered with seccoop.core.transfer (loaded by DevelopmentConfig.ready).
Workforce managers and administrators import it (development.policies).
"""

from seccoop.core import transfer
from seccoop.core.exports import Sheet
from seccoop.development.exports import export_courses
from seccoop.development.imports import IMPORTERS


def _courses(name: str, *, user) -> Sheet:
    return export_courses(user=user)


transfer.register_area(
    transfer.Area(
        key="development",
        title="courses",
        back_url="development:course-list",
        back_label="Course catalog",
        import_url="development:course-import",
        export_url="development:course-export",
        matching=(
            "Courses are matched by their external id: importing the same file again changes "
            "nothing."
        ),
        example_key="course-7",
        column_notes=(
            "The builds column lists what a course builds as CODE:LEVEL pairs separated by "
            "semicolons, such as 1.A:2; 4.C:3."
        ),
    )
)
transfer.register_tables(
    app="development",
    area="development",
    labels={"courses": "Courses"},
    importers=IMPORTERS,
    export_table=_courses,
)
