"""`seccoop build-gap-figures [--all]`: sum the stored gap figures of every org unit again."""

from django.core.management.base import BaseCommand

from seccoop.competencies.models import Framework
from seccoop.workforce import gap_figures


class Command(BaseCommand):
    help = (
        "Sum the gap figures per org unit that the unit heatmap and dashboard read, for every "
        "framework whose stored figures are stale (or all of them with --all). The worker does "
        "this after each change; the command is for a deployment without one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Rebuild fresh figures as well.")

    def handle(self, *args, **options):
        if options["all"]:
            frameworks = Framework.objects.active().select_related("scale")
            built = [gap_figures.build(framework) for framework in frameworks]
        else:
            built = gap_figures.rebuild_stale()
        for stored in built:
            self.stdout.write(
                f"{stored.framework}: {stored.units.count()} org units summed "
                f"in {stored.seconds:.2f} s (generation {stored.generation})"
            )
        if not built:
            self.stdout.write("The stored gap figures are up to date.")
