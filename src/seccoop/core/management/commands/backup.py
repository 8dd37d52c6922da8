"""`seccoop backup FILE`: a consistent copy of the whole database in one file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from seccoop.core.backup import BackupError, backup, describe


class Command(BaseCommand):
    help = (
        "Back up the whole database to FILE: SQLite with its online backup API (safe while "
        "the application runs), PostgreSQL with pg_dump's custom format."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            backup(file)
        except (BackupError, OSError) as exc:
            raise CommandError(f"The backup failed: {exc}") from exc
        size = file.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backed up {describe()} to {file} ({size:,} bytes)."))
