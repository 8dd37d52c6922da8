"""`seccoop framework`: list frameworks, import one from a file, export one as CASE or CSV."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from seccoop.competencies import services
from seccoop.competencies.models import Framework


class Command(BaseCommand):
    help = "List competency frameworks, import one from a file, or export one."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser("list", help="One line per framework: slug, title, number of items.")
        importing = actions.add_parser(
            "import", help="Import a CASE 1.0 package (JSON) or a Moodle competency CSV file."
        )
        importing.add_argument("file", help="The file to import, or - for standard input.")
        exporting = actions.add_parser("export", help="Write a framework as CASE JSON or CSV.")
        exporting.add_argument("--format", required=True, choices=list(services.EXPORT_FORMATS))
        exporting.add_argument(
            "--framework",
            metavar="SLUG",
            help="The framework's slug (default: the SECCOOP_DEFAULT_FRAMEWORK setting).",
        )
        exporting.add_argument(
            "-o", "--output", metavar="FILE", help="Write here instead of standard output."
        )

    def handle(self, *args, action, **options):
        {"list": self.list_frameworks, "import": self.import_file, "export": self.export}[action](
            **options
        )

    def list_frameworks(self, **options):
        frameworks = (
            Framework.objects.active().annotate(items=Count("competencies")).order_by("slug")
        )
        for framework in frameworks:
            self.stdout.write(f"{framework.slug}\t{framework.title}\t{framework.items}")

    def import_file(self, *, file, **options):
        try:
            content = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        try:
            result = services.import_framework(content=content)
        except services.FrameworkImportError as exc:
            raise CommandError(
                f"{file}: nothing was imported.\n" + "\n".join(exc.messages)
            ) from exc
        for note in result.notes:
            self.stderr.write(note)
        self.stdout.write(result.framework.slug)

    def export(self, *, format, framework=None, output=None, **options):
        slug = framework or settings.SECCOOP_DEFAULT_FRAMEWORK
        record = Framework.objects.filter(slug=slug).first()
        if record is None:
            raise CommandError(
                f"No framework has the slug {slug}; `seccoop framework list` shows them."
            )
        exported = services.export_framework(framework=record, format=format)
        if output:
            Path(output).write_text(exported.content, encoding="utf-8", newline="")
        else:
            self.stdout.write(exported.content, ending="")
