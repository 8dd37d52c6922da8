"""`seccoop send-digests`: e-mail "My work" to everyone whose digest is due today."""

from django.core.management.base import BaseCommand, CommandError

from seccoop.core import digest
from seccoop.core.dates import parse_iso_date


def _digests(count: int) -> str:
    return f"{count} digest" if count == 1 else f"{count} digests"


class Command(BaseCommand):
    help = (
        "Send the e-mail digests due today (or on --date): each person's home-page work, on "
        "the schedule they chose. Run it once a day from the scheduler; running it again the "
        "same day sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to send for, as YYYY-MM-DD (default today).")

    def handle(self, *args, date=None, **options):
        today = None
        if date:
            today = parse_iso_date(date)
            if today is None:
                raise CommandError(f"--date must be a date as YYYY-MM-DD, not {date!r}.")
        report = digest.send_due(today=today)
        self.stdout.write(f"Sent {_digests(len(report.sent))}.")
        if report.nothing_to_send:
            names = ", ".join(report.nothing_to_send)
            self.stdout.write(f"Nothing waiting, so nothing sent, for: {names}.")
        if report.without_address:
            names = ", ".join(report.without_address)
            self.stdout.write(f"No e-mail address recorded for: {names}.")
        for name, error in report.failed:
            self.stderr.write(f"Could not send to {name}: {error}")
        if report.failed:
            raise CommandError(f"{_digests(len(report.failed))} could not be sent.")
