"""`seccoop import-data KIND FILE`: import a workforce table from CSV or XLSX, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from seccoop.core.imports import ImportErrors
from seccoop.workforce.imports import IMPORTERS, import_table


class Command(BaseCommand):
    help = (
        "Import org units, people, positions or ratings from a CSV (UTF-8) or XLSX file. "
        "Records are matched by external_id; if any row is wrong, nothing is written."
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
                result = import_table(kind, handle, file.name, user=None)
            except ImportErrors as exc:
                for error in exc.errors:
                    self.stderr.write(str(error))
                raise CommandError(
                    f"{len(exc.errors)} error(s) in {file}; nothing was imported."
                ) from exc
        self.stdout.write(self.style.SUCCESS(str(result)))
