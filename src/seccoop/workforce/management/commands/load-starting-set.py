"""`seccoop load-starting-set`: the directorate's unofficial role types and templates.

The same set the role types page offers (workforce/data/role-types.yaml and
role-templates.yaml): the directorate's own starting point, not an official
standard. What already exists, matched by slug, is left as it is.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from seccoop.workforce.services import load_starting_set


class Command(BaseCommand):
    help = (
        "Load the directorate's unofficial starting set of role types and role templates "
        "(not an official standard); existing ones are kept."
    )

    def handle(self, *args, **options):
        try:
            loaded = load_starting_set(user=None)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(
            f"Starting set loaded: {loaded.role_types_created} role types and "
            f"{loaded.templates_created} templates created."
        )
