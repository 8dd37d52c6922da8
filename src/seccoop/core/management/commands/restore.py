"""`seccoop restore FILE`: replace the whole database with a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from seccoop.core.backup import BackupError, describe, holdings, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with the backup in FILE (made by `seccoop backup`). "
        "Everything in the database now is overwritten; --yes is required if it holds data."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Overwrite a database that holds data.",
        )

    def handle(self, *args, file, yes, **options):
        if not file.is_file():
            raise CommandError(f"{file} does not exist.")
        held = holdings()
        if not held.empty and not yes:
            raise CommandError(
                f"The database {describe()} holds {held}. Restoring {file} overwrites all of "
                "it, and every other record, with the backup. Run again with --yes to do so."
            )
        try:
            restore(file)
        except BackupError as exc:
            raise CommandError(f"The restore failed: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Restored {describe()} from {file}; it now holds {holdings()}.")
        )
