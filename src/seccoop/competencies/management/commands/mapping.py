"""`seccoop mapping`: suggest the sub-competencies a text exercises, or measure the suggestions."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from seccoop.competencies import mapping
from seccoop.competencies.models import Framework


class Command(BaseCommand):
    help = "Suggest the sub-competencies a description of work exercises, or evaluate them."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        suggesting = actions.add_parser(
            "suggest", help="One line per suggestion, best first: code, score, statement."
        )
        suggesting.add_argument("text", help="The description of the work.")
        suggesting.add_argument("--top", type=int, default=5, help="How many (default 5).")
        evaluating = actions.add_parser(
            "evaluate",
            help=(
                'Read JSON lines {"text": ..., "codes": [...]}; '
                "print hit@1, hit@3, recall@3, precision@3."
            ),
        )
        evaluating.add_argument("file", help="The labelled texts (JSON lines).")
        for action in (suggesting, evaluating):
            action.add_argument(
                "--framework",
                metavar="SLUG",
                help="The framework's slug (default: the SECCOOP_DEFAULT_FRAMEWORK setting).",
            )

    def handle(self, *args, action, framework=None, **options):
        slug = framework or settings.SECCOOP_DEFAULT_FRAMEWORK
        record = Framework.objects.active().filter(slug=slug).first()
        if record is None:
            raise CommandError(
                f"No framework has the slug {slug}; `seccoop framework list` shows them."
            )
        try:
            {"suggest": self.suggest, "evaluate": self.evaluate}[action](record, **options)
        except mapping.MappingUnavailable as exc:
            raise CommandError(str(exc)) from exc

    def suggest(self, framework, *, text, top, **options):
        if top < 1:
            raise CommandError("--top must be at least 1.")
        for found in mapping.suggest(framework, text, top=top):
            self.stdout.write(
                f"{found.competency.code}\t{found.score:.2f}\t{found.competency.label}"
            )

    def evaluate(self, framework, *, file, **options):
        try:
            lines = Path(file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        try:
            result = mapping.evaluate(framework, lines)
        except mapping.EvaluationFileError as exc:
            raise CommandError(f"{file}: nothing was evaluated.\n{exc}") from exc
        if not result.examples:
            raise CommandError(f"{file} holds no labelled texts.")
        self.stdout.write(f"hit@1 {result.hit_at_1:.2f}")
        self.stdout.write(f"hit@3 {result.hit_at_3:.2f}")
        self.stdout.write(f"recall@3 {result.recall_at_3:.2f}")
        self.stdout.write(f"precision@3 {result.precision_at_3:.2f}")
