"""`seccoop open-cycle`: open the assessment cycle of the fiscal year under way.

The fiscal year begins on 1 October (31 U.S.C. 1102). Run daily by the
deployment's scheduler so the year's cycle exists from its first day even
if nobody rates anyone that day; running it again changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from seccoop.competencies.models import Framework
from seccoop.workforce.cycles import open_fiscal_year_cycle


class Command(BaseCommand):
    help = "Open the assessment cycle of the fiscal year under way (FY2027 from 1 October 2026)."

    def handle(self, *args, **options):
        try:
            framework = Framework.objects.default()
        except Framework.DoesNotExist as exc:
            raise CommandError(
                "The default framework is not loaded; run `seccoop migrate`."
            ) from exc
        cycle = open_fiscal_year_cycle(framework)
        state = "closed" if cycle.is_closed else "open"
        self.stdout.write(
            f"{cycle.name} ({framework.title}): {cycle.opens_on:%d %b %Y} to "
            f"{cycle.closes_on:%d %b %Y}, {state}."
        )
