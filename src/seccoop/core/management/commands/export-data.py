"""`seccoop export-data APP.TABLE [--format csv|xlsx] [-o FILE]`: export any registered table."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from seccoop.core import transfer
from seccoop.core.exports import FORMATS, render, write

# Options some tables take (the workforce heatmap), passed to their exporter.
TABLE_OPTIONS = {
    "parent": "the external id of the org unit whose children to show (workforce.heatmap)",
    "framework": "the framework slug (workforce.heatmap)",
}


class Command(BaseCommand):
    help = (
        "Export a table with the columns its import reads; the table is named APP.TABLE "
        "(workforce.people, controls.end-use-items; run with --list for every one), and the "
        "workforce tables also by their names alone (orgunits, people, positions, ratings, "
        "heatmap). The operator at the command line gets every row."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", metavar="APP.TABLE")
        parser.add_argument("--format", dest="file_format", choices=FORMATS)
        parser.add_argument(
            "-o", "--output", type=Path, help="The file to write (CSV goes to stdout if omitted)."
        )
        for name, text in TABLE_OPTIONS.items():
            parser.add_argument(f"--{name}", help=text)
        parser.add_argument("--list", action="store_true", help="List the tables and stop.")

    def handle(self, *args, kind, file_format, output, list, **options):
        if list:
            for table in transfer.tables():
                if table.exporter is not None:
                    self.stdout.write(f"{table.key}\t{table.label}")
            return
        if not kind:
            raise CommandError("Name the table: export-data APP.TABLE")
        try:
            table = transfer.table(kind)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        if table.exporter is None:
            raise CommandError(f"The table {table.key} is imported only, not exported.")
        given = {name: options[name] for name in TABLE_OPTIONS if options.get(name)}
        unknown = sorted(set(given) - set(table.options))
        if unknown:
            named = ", ".join(f"--{name}" for name in unknown)
            raise CommandError(f"{named} do not apply to {table.key}.")
        if file_format is None:
            file_format = "xlsx" if output and output.suffix.lower() == ".xlsx" else "csv"
        if file_format == "xlsx" and output is None:
            raise CommandError("An XLSX export needs an output file: -o FILE.xlsx")
        try:
            sheet = transfer.export_table(table.key, options=given)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        if output is None:
            self.stdout.write(render(sheet, "csv").decode("utf-8-sig"), ending="")
            return
        with output.open("wb") as stream:
            write(sheet, file_format, stream)
        self.stderr.write(self.style.SUCCESS(f"Wrote {output}."))
