"""The workforce tables the import and export pages, the worker and the commands serve.

Registered with seccoop.core.transfer (loaded by WorkforceConfig.ready). The
tables keep the names they had before every app shared the registry
(`orgunits`, `people`, `positions`, `ratings`, `heatmap`) as aliases of
`workforce.orgunits` and so on, so scripts and pages written for them work.
"""

from django.conf import settings

from seccoop.competencies.models import Framework
from seccoop.core import transfer
from seccoop.core.exports import Sheet
from seccoop.workforce.exports import export_heatmap, export_table
from seccoop.workforce.imports import IMPORTERS
from seccoop.workforce.models import OrgUnit
from seccoop.workforce.policies import is_workforce_manager


def _heatmap(*, user, options) -> Sheet:
    slug = options.get("framework") or settings.SECCOOP_DEFAULT_FRAMEWORK
    framework = Framework.objects.select_related("scale").filter(slug=slug).first()
    if framework is None:
        raise LookupError(f"No framework {slug!r}.")
    parent = None
    if external_id := options.get("parent"):
        units = OrgUnit.objects.all() if user is None else OrgUnit.objects.active()
        parent = units.filter(external_id=external_id).first()
        if parent is None:
            raise LookupError(f"No org unit with external id {external_id!r}.")
    return export_heatmap(user=user, framework=framework, parent=parent)


def _heatmap_form(user) -> dict:
    """What the export page's heatmap form offers: to workforce managers, every named unit."""
    return {
        "may_export_heatmap": is_workforce_manager(user),
        "units": OrgUnit.objects.active()
        .exclude(external_id=None)
        .only("name", "external_id", "path"),
    }


transfer.register_area(
    transfer.Area(
        key="workforce",
        title="workforce data",
        back_url="dashboard",
        back_label="My work",
        import_url="workforce:import",
        export_url="workforce:export",
        example_key="person-12",
        export_notes="Ratings include only the ratings you may see.",
        export_include="workforce/includes/heatmap_export.html",
        export_context=_heatmap_form,
    )
)
transfer.register_tables(
    app="workforce",
    area="workforce",
    labels={
        "orgunits": "Org units",
        "people": "People",
        "positions": "Positions",
        "ratings": "Ratings",
        "role-types": "Role types",
        "role-templates": "Role templates",
        "role-requirements": "Role template levels (one row per sub-competency)",
    },
    importers=IMPORTERS,
    export_table=export_table,
    aliased=True,
)
# Exported only, by workforce managers (export_heatmap refuses anyone else), from its own form.
transfer.register(
    transfer.Table(
        app="workforce",
        name="heatmap",
        label="Unit heatmap (org units x sub-competencies)",
        area="workforce",
        model=OrgUnit,
        exporter=_heatmap,
        options=("parent", "framework"),
        aliases=("heatmap",),
    )
)
