"""`seccoop import-data KIND FILE`: import a workforce table from CSV or XLSX, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from seccoop.core.imports import PROGRESS_EVERY, ImportErrors
from seccoop.workforce.imports import IMPORTERS, import_table


class Command(BaseCommand):
    help = (
        "Import org units, people, positions or ratings from a CSV (UTF-8) or XLSX file. "
        "Records are matched by external_id; a record made in the app has none, and its export "
        "names it by a generated key such as person-12, read back as that record. Text an "
        "export quoted against formulas ('=...) loses that quote. If any row is wrong, nothing "
        "is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(IMPORTERS))
        parser.add_argument("file", type=Path)

    def handle(self, *args, kind, file, **options):
        try:
            handle = file.open("rb")
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        with handle:
            try:
                # No user: the operator at the command line may import anything.
                result = import_table(
                    kind, handle, file.name, user=None, progress=self.show_progress
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
