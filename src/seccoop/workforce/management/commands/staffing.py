"""`seccoop staffing assign FILE`: the best assignment of candidates to a set of records."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from seccoop.competencies.models import Framework
from seccoop.core.imports import ImportErrors, max_file_bytes
from seccoop.workforce.models import Person
from seccoop.workforce.staffing import assign_people
from seccoop.workforce.staffing_files import read_assignment_file


class Command(BaseCommand):
    help = "Staffing: the best assignment of people to a set of records."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        assigning = actions.add_parser(
            "assign",
            help=(
                "Read records (requirements) and candidates from a CSV, XLSX or JSON file "
                "(docs/data-formats.md); print each record with the person given it, their fit "
                "and why, then the total fit. Any bad row is named and nothing is assigned."
            ),
        )
        assigning.add_argument("file", type=Path)
        assigning.add_argument(
            "--framework",
            metavar="SLUG",
            help="The framework's slug (default: the SECCOOP_DEFAULT_FRAMEWORK setting).",
        )

    def handle(self, *args, action, file, framework=None, **options):
        slug = framework or settings.SECCOOP_DEFAULT_FRAMEWORK
        chosen = Framework.objects.active().select_related("scale").filter(slug=slug).first()
        if chosen is None:
            raise CommandError(
                f"No framework has the slug {slug}; `seccoop framework list` shows them."
            )
        try:
            with file.open("rb") as handle:
                data = handle.read(max_file_bytes() + 1)  # one byte more: too large is refused
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        try:
            # No user: the operator at the command line may read anyone's levels.
            read = read_assignment_file(data, file.name, chosen)
        except ImportErrors as exc:
            for error in exc.shown():
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(exc.errors):,} error(s) in {file}; nothing was assigned."
            ) from exc
        plan = assign_people(
            chosen,
            read.openings,
            Person.objects.filter(pk__in=[person.pk for person in read.people]),
            capacity=read.capacity,
        )
        for placement in plan.placements:
            chosen_person = placement.chosen
            if chosen_person is None:
                self.stdout.write(f"{placement.opening.label}\tnobody\t\t")
                continue
            self.stdout.write(
                f"{placement.opening.label}\t{chosen_person.person.full_name}\t"
                f"{chosen_person.score:.2f}\t{chosen_person.explanation}"
            )
        self.stdout.write(f"Total fit\t{plan.total_fit:.2f}")
