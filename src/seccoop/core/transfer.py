"""The registry of the tables every app imports and exports.

Each app declares, in its `transfer.py` (loaded by its AppConfig.ready), the
tables people keep in spreadsheets: the importer (seccoop.core.imports) that
reads one, the function that exports it (seccoop.core.exports), and the area
its pages belong to. Core then serves every table the same way: one import
page and one export page (core.transfer_views), the background worker with
its progress page (core.tasks) and the `seccoop import-data APP.TABLE FILE`
and `seccoop export-data APP.TABLE` commands.

Whether someone may import a table is the policy's to say, asked of the
table's model: `permissions.can(user, "import", Person)`. The operator at the
command line (user=None) imports anything. Which rows an export holds is the
exporter's: it reads through the policy (`visible_to`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied
from django.db import models
from django.dispatch import receiver

from seccoop.core import permissions
from seccoop.core.exports import Sheet
from seccoop.core.imports import Importer, ImportResult, Progress

# Reads one table as the rows `user` may see (every row for user=None); `options`
# holds what the page's query string or the command line asked for (a filter, a
# framework), which an exporter reads or ignores.
Exporter = Callable[..., Sheet]


@dataclass(frozen=True)
class Area:
    """The tables of one app (or one part of it) that share an import and an export page.

    The texts are the pages' own: what the records are called ("partner data"
    for "Import partner data"), where the breadcrumb leads back to, how records
    are matched and anything the columns need explained. `import_url` and
    `export_url` name the routes of its pages.
    """

    key: str
    title: str
    back_url: str
    back_label: str
    import_url: str
    export_url: str
    matching: str = "Records are matched by their external id: importing the same file again changes nothing, and a changed row updates its record."  # noqa: E501
    # The key an export writes for a record made in the app, as an example ("person-12").
    example_key: str = ""
    import_notes: str = ""
    column_notes: str = ""
    export_notes: str = ""
    # A template included on the export page for what is not a plain table (the heatmap),
    # with the context `export_context(user)` gives it.
    export_include: str = ""
    export_context: Callable[[Any], dict] | None = None
    # Raises PermissionDenied for someone who may not open the export page at all;
    # by default every signed-in user may, and gets the rows the policy shows them.
    export_check: Callable[[Any], None] | None = None


@dataclass(frozen=True)
class Table:
    """One table an app imports and exports, named `APP.TABLE` (`workforce.ratings`)."""

    app: str
    name: str
    label: str
    area: str
    # The model whose policy decides who may import the table.
    model: type[models.Model]
    importer: type[Importer] | None = None
    exporter: Exporter | None = None
    # Options the exporter takes from the command line (`--parent`, `--framework`);
    # a table with options is exported from its area's own form, not the table list.
    options: tuple[str, ...] = ()
    aliases: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        return f"{self.app}.{self.name}"

    @property
    def columns(self):
        return self.importer.columns if self.importer else ()

    def importable_by(self, user) -> bool:
        """Whether `user` may import this table: the policy says, for the table's model."""
        if self.importer is None:
            return False
        return user is None or permissions.can(user, "import", self.model)


_areas: dict[str, Area] = {}
_tables: dict[str, Table] = {}
_aliases: dict[str, str] = {}


def register_area(area: Area) -> Area:
    _areas[area.key] = area
    return area


def register(table: Table) -> Table:
    """Add a table to the registry; its key and aliases must be new."""
    if table.area not in _areas:
        raise LookupError(f"Register the area {table.area!r} before its tables.")
    for name in (table.key, *table.aliases):
        known = _tables.get(name) or _tables.get(_aliases.get(name, ""))
        if known is not None and known != table:
            raise ValueError(f"The table name {name!r} is already registered by {known.key}.")
    _tables[table.key] = table
    for alias in table.aliases:
        _aliases[alias] = table.key
    return table


def exports_by_name(function: Callable[..., Sheet], name: str) -> Exporter:
    """An exporter calling an app's `export_table(name, user=...)`, which takes no options."""

    def export(*, user, options: Mapping[str, str]) -> Sheet:
        return function(name, user=user)

    return export


def register_tables(
    *,
    app: str,
    area: str,
    labels: Mapping[str, str],
    importers: Mapping[str, type[Importer]],
    export_table: Callable[..., Sheet],
    aliased: bool = False,
) -> None:
    """Register the tables an app imports with `importers[name]` and exports with
    `export_table(name, user=...)`, labelled for the pages by `labels` (in that order).

    Who may import each is asked of its importer's model. `aliased` keeps each
    table's name alone working as well (the workforce tables, named so before).
    """
    for name, label in labels.items():
        importer = importers[name]
        register(
            Table(
                app=app,
                name=name,
                label=label,
                area=area,
                model=importer.model,
                importer=importer,
                exporter=exports_by_name(export_table, name),
                aliases=(name,) if aliased else (),
            )
        )


def area(key: str) -> Area:
    try:
        return _areas[key]
    except KeyError:
        raise LookupError(f"No import and export area {key!r}.") from None


def tables(area_key: str | None = None) -> list[Table]:
    """Every registered table, or the tables of one area, in the order they were registered."""
    return [table for table in _tables.values() if area_key in (None, table.area)]


def table(name: str) -> Table:
    """The table named `APP.TABLE`, or by one of its aliases; LookupError names the known ones."""
    key = _aliases.get(name, name)
    if key in _tables:
        return _tables[key]
    raise LookupError(f"Unknown table {name!r}; choose one of {', '.join(_tables)}.")


def label_of(name: str) -> str:
    """A table's label for a page, or its name as given if it is no longer registered."""
    try:
        return table(name).label
    except LookupError:
        return name


def importable(user, area_key: str | None = None) -> list[Table]:
    """The tables (of one area, or of all) that `user` may import."""
    return [t for t in tables(area_key) if t.importable_by(user)]


def exportable(area_key: str | None = None) -> list[Table]:
    """The tables (of one area, or of all) listed for export: those without options."""
    return [t for t in tables(area_key) if t.exporter is not None and not t.options]


def import_table(
    name: str, file: IO[bytes], filename: str, *, user=None, progress: Progress | None = None
) -> ImportResult:
    """Import one table from a CSV or XLSX file: every row, or none, in one transaction.

    `user=None` is the system operator at the command line; anyone else must
    be allowed by the policy. Raises ImportErrors listing every problem.
    """
    found = table(name)
    if found.importer is None:
        raise LookupError(f"The table {found.key} is exported only, not imported.")
    return found.importer(user=user).run(file, filename, progress=progress)


def export_table(name: str, *, user=None, options: Mapping[str, str] | None = None) -> Sheet:
    """One table as the rows `user` may see (every row for user=None)."""
    found = table(name)
    if found.exporter is None:
        raise LookupError(f"The table {found.key} is imported only, not exported.")
    return found.exporter(user=user, options=options or {})


def refusal(tables_: list[Table]) -> PermissionDenied:
    """The refusal of an import page to someone who may import none of its tables."""
    for candidate in tables_:
        if candidate.importer is not None:
            return PermissionDenied(candidate.importer.refusal)
    return PermissionDenied("You may not import these records.")


# --- the navigation's offer -------------------------------------------------------

MAY_IMPORT_KEY = "seccoop_may_import"


@receiver(user_logged_in, dispatch_uid="remember_whether_the_user_may_import")
def remember_whether_the_user_may_import(sender, request, user, **kwargs):
    # The navigation offers the import page only to someone who may import a
    # table; asking once at sign-in keeps the policy's question off every page.
    # The page itself asks again.
    if request is not None and hasattr(request, "session"):
        request.session[MAY_IMPORT_KEY] = any(table.importable_by(user) for table in tables())
