"""`seccoop import-data APP.TABLE FILE`: import any registered table, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from seccoop.core import transfer
from seccoop.core.imports import PROGRESS_EVERY, ImportErrors


class Command(BaseCommand):
    help = (
        "Import a table from a CSV (UTF-8) or XLSX file; the table is named APP.TABLE "
        "(workforce.people, partners.engagements; run with --list for every one), and the "
        "workforce tables also by their names alone (orgunits, people, positions, ratings). "
        "Records are matched by their key; a record made in the app has none, and its export "
        "names it by a generated key such as person-12, read back as that record. Text an "
        "export quoted against formulas ('=...) loses that quote. If any row is wrong, nothing "
        "is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", metavar="APP.TABLE")
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument("--list", action="store_true", help="List the tables and stop.")

    def handle(self, *args, kind, file, list, **options):
        if list:
            for table in transfer.tables():
                if table.importer is not None:
                    self.stdout.write(f"{table.key}\t{table.label}")
            return
        if not kind or file is None:
            raise CommandError("Name the table and the file: import-data APP.TABLE FILE")
        try:
            table = transfer.table(kind)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        if table.importer is None:
            raise CommandError(f"The table {table.key} is exported only, not imported.")
        try:
            handle = file.open("rb")
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        with handle:
            try:
                # No user: the operator at the command line may import anything.
                result = transfer.import_table(
                    table.key, handle, file.name, user=None, progress=self.show_progress
                )
            except ImportErrors as exc:
                self.end_progress()
                for error in exc.shown():
                    self.stderr.write(str(error))
                raise CommandError(
                    f"{len(exc.errors):,} error(s) in {file}; nothing was imported."
                ) from exc
        self.end_progress()
        self.stdout.write(self.style.SUCCESS(str(result)))

    shown = False

    def show_progress(self, stage: str, done: int, total: int) -> None:
        """One line on stderr, rewritten in place as the rows are checked.

        A file this small is done before a progress line could help.
        """
        if total < PROGRESS_EVERY:
            return
        if stage == "writing":
            line = f"Checked all {total:,} rows; writing them."
        else:
            bar = "#" * (30 * done // max(total, 1))
            line = f"[{bar:<30}] checked {done:,} of {total:,} rows"
        self.stderr.write(f"\r{line:<60}", ending="", style_func=str)
        self.shown = True

    def end_progress(self) -> None:
        if self.shown:
            self.stderr.write("", style_func=str)
