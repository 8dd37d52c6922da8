"""The programs app's tables the import and export pages, the worker and the commands serve.

Registered with seccoop.core.transfer (loaded by ProgramsConfig.ready), in two
areas with pages of their own: programs and agreements (imported by those who
add programs, programs.policies_cooperation) and cases with their lines
(imported by those who open cases, programs.policies_cases).
"""

from seccoop.core import transfer
from seccoop.core.exports import Sheet
from seccoop.programs import transfer_cases, transfer_cooperation
from seccoop.programs.filters_cases import CaseFilter
from seccoop.programs.models import Case


def _cases(name: str, *, user, options=None) -> Sheet:
    """Cases or case lines; from the pages, of the cases the case list's filters select."""
    cases = None
    if user is not None:
        cases = CaseFilter(options or {}, queryset=Case.objects.visible_to(user).active()).qs
    return transfer_cases.export_table(name, user=user, cases=cases)


def _filtered(name: str):
    def export(*, user, options) -> Sheet:
        return _cases(name, user=user, options=options)

    return export


transfer.register_area(
    transfer.Area(
        key="programs.cooperation",
        title="programs and agreements",
        back_url="programs:index",
        back_label="Programs, agreements and cases",
        import_url="programs:cooperation-import",
        export_url="programs:cooperation-export",
        matching=(
            "Records are matched by their reference (external_id): importing the same file "
            "again changes nothing, and a changed row updates its record."
        ),
        example_key="agreement-4",
        column_notes=(
            "The state column is written by the export and ignored here: states change "
            "through their transitions. A new record starts in the first state of its "
            "workflow. Lists in a cell (countries, as ISO codes) are separated by semicolons."
        ),
        export_notes="Only the records you may see are exported.",
    )
)
transfer.register_tables(
    app="programs",
    area="programs.cooperation",
    labels={"programs": "Programs", "agreements": "International agreements"},
    importers=transfer_cooperation.IMPORTERS,
    export_table=transfer_cooperation.export_table,
)

transfer.register_area(
    transfer.Area(
        key="programs.cases",
        title="cases",
        back_url="programs:case-list",
        back_label="Cases",
        import_url="programs:case-import",
        export_url="programs:case-export",
        matching=(
            "Cases are matched by identifier and lines by case and number: importing the same "
            "file again changes nothing."
        ),
        import_notes="A case's state changes only through its workflow.",
        export_notes="The cases you work or oversee.",
    )
)
for name, label in {"cases": "Cases", "case-lines": "Case lines"}.items():
    importer = transfer_cases.IMPORTERS[name]
    transfer.register(
        transfer.Table(
            app="programs",
            name=name,
            label=label,
            area="programs.cases",
            model=importer.model,
            importer=importer,
            exporter=_filtered(name),
        )
    )
