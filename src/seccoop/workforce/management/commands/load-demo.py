"""`seccoop load-demo`: load the demo International Cooperation Directorate.

Run by `make run` after `migrate`. Running it again on a database that
already holds the demo says so and changes nothing.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from seccoop.workforce.demo import DEMO_SEED, build_demo


class Command(BaseCommand):
    help = (
        "Load the demo International Cooperation Directorate: people, positions, role "
        "templates, demo accounts and three assessment cycles of ratings."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=DEMO_SEED,
            help="The random seed of names, grades and ratings (default %(default)s).",
        )

    def handle(self, *args, seed, **options):
        try:
            summary = build_demo(seed=seed)
            # Apps above the workforce (partner nations, ...) add their part of the demo
            # through an `extend_demo` method on their AppConfig, so none is imported here.
            extended = [
                config.extend_demo(seed=seed)
                for config in apps.get_app_configs()
                if hasattr(config, "extend_demo")
            ]
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        for line in extended:
            self.stdout.write(line)
        if summary is None:
            self.stdout.write("The demo directorate is already loaded; nothing was changed.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo International Cooperation Directorate: {summary.people} people "
                f"in {summary.positions} positions ({summary.vacancies} vacant), "
                f"{summary.divisions} divisions and {summary.teams} teams; "
                f"{summary.ratings:,} ratings in the cycles {', '.join(summary.cycles)}."
            )
        )
        self.stdout.write("Sign in with one of these accounts:")
        width = max(len(account.username) for account in summary.accounts)
        for account in summary.accounts:
            self.stdout.write(
                f"  {account.username.ljust(width)}  {account.password.ljust(18)}  "
                f"{account.description}"
            )
        self.stdout.write(
            "Every demo account is the first initial and last name, lowercase, with the "
            "password 'seccoop-demo'."
        )
