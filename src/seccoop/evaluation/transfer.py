"""The evaluation tables the import and export pages, the worker and the commands serve.

Registered with seccoop.core.transfer (loaded by EvaluationConfig.ready).
Leadership and administrators import them; staff assigned to an initiative
import its indicators and measurements (evaluation.policies and the importers).
"""

from seccoop.core import transfer
from seccoop.evaluation.exports import export_table
from seccoop.evaluation.imports import IMPORTERS

transfer.register_area(
    transfer.Area(
        key="evaluation",
        title="objectives, indicators and measurements",
        back_url="evaluation:index",
        back_label="Evaluation",
        import_url="evaluation:import",
        export_url="evaluation:export",
        matching=(
            "Objectives are matched by their code, indicators by their external id, "
            "measurements by their indicator and day: importing the same file again changes "
            "nothing, and a changed row updates its record. Leadership and administrators "
            "import anything; if you are assigned to an initiative, you may import its "
            "indicators and measurements."
        ),
        example_key="indicator-12",
        column_notes="Dates are written YYYY-MM-DD.",
    )
)
transfer.register_tables(
    app="evaluation",
    area="evaluation",
    labels={
        "objectives": "Objectives",
        "indicators": "Indicators",
        "measurements": "Measurements",
    },
    importers=IMPORTERS,
    export_table=export_table,
)
