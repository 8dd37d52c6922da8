"""The controls tables the import and export pages, the worker and the commands serve.

Registered with seccoop.core.transfer (loaded by ControlsConfig.ready).
Foreign disclosure specialists and administrators import them
(controls.policies); the export page is for whoever sees controls records.
"""

from seccoop.controls.exports import export_table
from seccoop.controls.imports import IMPORTERS
from seccoop.controls.views.common import require_controls_reader
from seccoop.core import transfer

transfer.register_area(
    transfer.Area(
        key="controls",
        title="controls records",
        back_url="controls:index",
        back_label="Controls",
        import_url="controls:import",
        export_url="controls:export",
        column_notes="Lists in a cell (countries) are separated by semicolons.",
        export_notes="Only the records you may see are exported.",
        export_check=require_controls_reader,
    )
)
transfer.register_tables(
    app="controls",
    area="controls",
    labels={"disclosure-requests": "Disclosure requests", "end-use-items": "End-use items"},
    importers=IMPORTERS,
    export_table=export_table,
)
