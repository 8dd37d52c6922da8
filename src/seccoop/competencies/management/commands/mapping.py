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
        evaluating.add_argument(
            "--cross-validate",
            type=int,
            metavar="K",
            help=(
                "Split the texts into K folds and rank each with the method fitted on the "
                "other folds only; print the mean and the spread (standard deviation) "
                "over the folds."
            ),
        )
        evaluating.add_argument(
            "--method",
            choices=mapping.METHODS,
            default="chosen",
            help=(
                "What to measure: the suggestions' method (chosen, the default), the "
                "hand-set blend of cosine and word score it replaced (blend), or the bare "
                "cosine of the embeddings (cosine)."
            ),
        )
        evaluating.add_argument(
            "--train",
            action="append",
            default=[],
            metavar="FILE",
            help="More labelled texts to fit the method on, never measured (repeatable).",
        )
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

    def evaluate(
        self, framework, *, file, cross_validate=None, train=(), method="chosen", **options
    ):
        lines = self.read(file)
        training = [line for path in train for line in self.read(path)]
        try:
            if cross_validate is None:
                result = mapping.evaluate(framework, lines, training=training, method=method)
            else:
                result = mapping.cross_validate(
                    framework, lines, cross_validate, training=training, method=method
                )
        except mapping.EvaluationFileError as exc:
            raise CommandError(f"{file}: nothing was evaluated.\n{exc}") from exc
        except ValueError as exc:  # too many or too few folds for the texts
            raise CommandError(str(exc)) from exc
        figures = ("hit_at_1", "hit@1"), ("hit_at_3", "hit@3"), ("recall_at_3", "recall@3")
        figures += (("precision_at_3", "precision@3"),)
        if cross_validate is None:
            if not result.examples:
                raise CommandError(f"{file} holds no labelled texts.")
            for field, name in figures:
                self.stdout.write(f"{name} {getattr(result, field):.2f}")
        else:
            for field, name in figures:
                self.stdout.write(f"{name} {result.mean(field):.2f} ±{result.spread(field):.2f}")

    def read(self, file) -> list[str]:
        try:
            return Path(file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
