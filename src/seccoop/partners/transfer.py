"""The partner tables the import and export pages, the worker and the commands serve.

Registered with seccoop.core.transfer (loaded by PartnersConfig.ready).
Administrators import them (partners.policies); exports hold what the
policy shows, counterparts' contact details only where the user may see them.
"""

from seccoop.core import transfer
from seccoop.partners.exports import export_table
from seccoop.partners.imports import IMPORTERS

transfer.register_area(
    transfer.Area(
        key="partners",
        title="partner data",
        back_url="partners:country-list",
        back_label="Countries",
        import_url="partners:import",
        export_url="partners:export",
        matching=(
            "Records are matched by their key (a region code, a country ISO code, otherwise "
            "the external id): importing the same file again changes nothing, and a changed "
            "row updates its record."
        ),
        example_key="engagement-31",
        column_notes=(
            "Lists in a cell (groupings, countries, participants) are separated by semicolons."
        ),
        export_notes="Counterparts' contact details are included only where you may see them.",
    )
)
transfer.register_tables(
    app="partners",
    area="partners",
    labels={
        "regions": "Regions",
        "countries": "Countries' regions, groupings and desk officers",
        "organizations": "Partner organizations",
        "counterparts": "Counterparts",
        "engagements": "Engagements",
    },
    importers=IMPORTERS,
    export_table=export_table,
)
