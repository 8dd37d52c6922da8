from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "seccoop.evaluation"
    label = "evaluation"
    verbose_name = "Strategy, plans, and assessment, monitoring and evaluation"

    def ready(self):
        from seccoop.evaluation import policies  # noqa: F401
