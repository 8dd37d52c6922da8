"""Export of the workforce tables, with the import's columns, and of the unit heatmap.

Each table is read with one query of plain values, whatever its size. A
user exporting from the pages gets the rows the policy lets them see; the
operator at the command line (user=None) gets every row.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied

from seccoop.competencies.models import Framework
from seccoop.core import permissions
from seccoop.core.exports import Sheet
from seccoop.core.imports import export_key
from seccoop.workforce import imports
from seccoop.workforce.heatmaps import shown_percent, shown_shortfall, unit_heatmap
from seccoop.workforce.models import (
    OrgUnit,
    Person,
    Position,
    Rating,
    RoleRequirement,
    RoleTemplate,
    RoleType,
)
from seccoop.workforce.policies import is_workforce_manager

HEATMAP_COLUMNS = (
    "org_unit_external_id",
    "org_unit",
    "framework",
    "code",
    "people",
    "required",
    "meeting",
    "share_meeting",
    "mean_shortfall",
    # As the heatmap page shows them: the percent and shortfall printed in a cell,
    # the flag of a required sub-competency nobody counted is proficient on, and
    # whether the row counts only the people placed directly in the unit (the
    # chosen unit's own row) rather than its whole subtree.
    "percent_meeting",
    "shortfall_shown",
    "nobody_proficient",
    "placed_directly_only",
)

# The values each table exports, in the order of its import columns.
TABLE_VALUES = {
    "orgunits": (
        OrgUnit,
        ("external_id", "name", "short_name", "kind", "parent__external_id"),
        ("path",),
    ),
    "people": (
        Person,
        (
            "external_id",
            "first_name",
            "last_name",
            "email",
            "grade",
            "org_unit__external_id",
            "user__username",
        ),
        ("last_name", "first_name", "pk"),
    ),
    "positions": (
        Position,
        (
            "external_id",
            "title",
            "role_type__slug",
            "org_unit__external_id",
            "incumbent__external_id",
            "reports_to__external_id",
        ),
        # Supervisors before the positions reporting to them.
        ("path",),
    ),
    "ratings": (
        Rating,
        (
            "external_id",
            "person__external_id",
            "competency__framework__slug",
            "competency__code",
            "level",
            "source",
            "rated_on",
            "rater__username",
            "evidence",
            "cycle__name",
        ),
        ("person__last_name", "person_id", "rated_on", "pk"),
    ),
    "role-types": (RoleType, ("slug", "name", "description"), ("name",)),
    "role-templates": (
        RoleTemplate,
        ("role_type__slug", "framework__slug", "name", "rationale"),
        ("role_type__name", "framework__slug"),
    ),
    # The lines of every template the export holds; a line is only ever active
    # (taking a level away deletes it), so an archived template's lines go with it.
    "role-requirements": (
        RoleRequirement,
        ("template__role_type__slug", "template__framework__slug", "competency__code", "level"),
        ("template__role_type__name", "template__framework__slug", "competency__sort_order"),
    ),
}
KINDS = (*TABLE_VALUES, "heatmap")


def export_table(kind: str, *, user=None) -> Sheet:
    """One workforce table, as the rows this user may see (every row for user=None)."""
    if kind not in TABLE_VALUES:
        raise ValueError(f"Unknown table {kind!r}; choose one of {', '.join(TABLE_VALUES)}.")
    model, values, ordering = TABLE_VALUES[kind]
    records = model._default_manager.all()
    if hasattr(records, "active"):
        records = records.active()
    if user is not None:
        records = permissions.visible_to(user, records)
    headers = [column.name for column in imports.IMPORTERS[kind].columns]
    keyed = _keyed_columns(model, values)
    read = (*values, *(number for _, number, _ in keyed))
    rows = records.order_by(*ordering).values_list(*read).iterator(chunk_size=2000)
    return Sheet(
        name=kind, headers=headers, rows=_with_keys(rows, keyed, len(values)), exported_by=user
    )


def _keyed_columns(model, values) -> list[tuple[int, str, type]]:
    """(index, number path, model) of each external id column a generated key may fill.

    A record made in the app has no external id; the export names it, and every
    reference to it, by its generated key (core.imports.generated_key). A rating
    is matched by what it is instead, so its own external id stays blank.
    """
    keyed = []
    for index, path in enumerate(values):
        if path == "external_id" and model is not Rating:
            keyed.append((index, "pk", model))
        elif path.endswith("__external_id") and path.count("__") == 1:
            relation = path.split("__")[0]
            keyed.append((index, f"{relation}_id", model._meta.get_field(relation).related_model))
    return keyed


def _with_keys(rows, keyed, width: int):
    for row in rows:
        values = list(row[:width])
        for (index, _, target), number in zip(keyed, row[width:], strict=True):
            values[index] = export_key(target, values[index], number)
        yield values


def export_heatmap(
    *, user=None, framework: Framework | None = None, parent: OrgUnit | None = None
) -> Sheet:
    """Org units x sub-competencies: who is required, who meets it, the mean shortfall.

    The figures aggregate everyone's ratings, so only workforce managers and
    administrators (who may see every rating) export them from the pages.
    """
    if user is not None and not is_workforce_manager(user):
        raise PermissionDenied("Only workforce managers and administrators export the heatmap.")
    framework = framework or Framework.objects.select_related("scale").get(
        slug=settings.SECCOOP_DEFAULT_FRAMEWORK
    )
    heatmap = unit_heatmap(framework, parent)
    rollup = heatmap.rollup
    share, shortfall = rollup.share_meeting, rollup.mean_shortfall
    rows = []
    for g, unit in enumerate(heatmap.units):
        direct_only = parent is not None and g == 0
        for c, competency in enumerate(heatmap.competencies):
            required = int(rollup.required[g, c])
            rows.append(
                (
                    unit.external_id,
                    unit.name,
                    framework.slug,
                    competency.code,
                    int(rollup.people[g]),
                    required,
                    int(rollup.meeting[g, c]),
                    round(float(share[g, c]), 4),
                    round(float(shortfall[g, c]), 4),
                    shown_percent(float(share[g, c])) if required else None,
                    shown_shortfall(float(shortfall[g, c])) if required else None,
                    bool(rollup.nobody_proficient[g][c]) if required else False,
                    direct_only,
                )
            )
    return Sheet(name="heatmap", headers=HEATMAP_COLUMNS, rows=rows, exported_by=user)
