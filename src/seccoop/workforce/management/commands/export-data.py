"""`seccoop export-data KIND --format csv|xlsx -o FILE`: export a workforce table or the heatmap."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from seccoop.competencies.models import Framework
from seccoop.core.exports import FORMATS, render, write
from seccoop.workforce.exports import KINDS, export_heatmap, export_table
from seccoop.workforce.models import OrgUnit


class Command(BaseCommand):
    help = (
        "Export org units, people, positions or ratings with the columns the import reads, "
        "or the unit heatmap (org units x sub-competencies)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("--format", dest="file_format", choices=FORMATS)
        parser.add_argument(
            "-o", "--output", type=Path, help="The file to write (CSV goes to stdout if omitted)."
        )
        parser.add_argument(
            "--parent", help="heatmap: the external id of the org unit whose children to show."
        )
        parser.add_argument("--framework", help="heatmap: the framework slug.")

    def handle(self, *args, kind, file_format, output, parent, framework, **options):
        if file_format is None:
            file_format = "xlsx" if output and output.suffix.lower() == ".xlsx" else "csv"
        if file_format == "xlsx" and output is None:
            raise CommandError("An XLSX export needs an output file: -o FILE.xlsx")
        if kind == "heatmap":
            sheet = export_heatmap(
                framework=self._framework(framework), parent=self._parent(parent)
            )
        else:
            if parent or framework:
                raise CommandError("--parent and --framework apply to the heatmap only.")
            sheet = export_table(kind)
        if output is None:
            self.stdout.write(render(sheet, "csv").decode("utf-8-sig"), ending="")
            return
        with output.open("wb") as stream:
            write(sheet, file_format, stream)
        self.stderr.write(self.style.SUCCESS(f"Wrote {output}."))

    def _framework(self, slug):
        if not slug:
            return None
        framework = Framework.objects.select_related("scale").filter(slug=slug).first()
        if framework is None:
            raise CommandError(f"No framework {slug!r}.")
        return framework

    def _parent(self, external_id):
        if not external_id:
            return None
        unit = OrgUnit.objects.filter(external_id=external_id).first()
        if unit is None:
            raise CommandError(f"No org unit with external id {external_id!r}.")
        return unit
