"""`seccoop build-gap-figures [--all]`: sum the stored gap figures of every org unit again."""

from django.core.management.base import BaseCommand

from seccoop.workforce import gap_figures


class Command(BaseCommand):
    help = (
        "Sum the gap figures per org unit that the unit heatmap and dashboard read, if anything "
        "has changed since they were last summed or if they differ from the live aggregate "
        "(always, with --all). The worker does this after each change; the command is for a "
        "deployment without one, and for checking the stored figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Rebuild fresh figures as well.")

    def handle(self, *args, **options):
        built = gap_figures.build() if options["all"] else gap_figures.rebuild_stale()
        if not options["all"] and not built:
            # No change is recorded; say "up to date" only once the stored
            # figures have been compared with the live aggregate.
            wrong = gap_figures.differing()
            if wrong:
                names = ", ".join(str(framework) for framework in wrong)
                self.stdout.write(
                    f"The stored gap figures of {names} differed from the live aggregate "
                    "although no change was recorded; summing them again."
                )
                built = gap_figures.build()
        for stored in built:
            self.stdout.write(
                f"{stored.framework}: {stored.units.count()} org units summed "
                f"in {stored.seconds:.2f} s"
            )
        if not built:
            self.stdout.write("The stored gap figures are up to date.")
