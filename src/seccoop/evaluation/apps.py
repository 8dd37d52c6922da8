from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "seccoop.evaluation"
    label = "evaluation"
    verbose_name = "Strategy, plans, and assessment, monitoring and evaluation"

    def ready(self):
        from seccoop.evaluation import panels, policies, transfer  # noqa: F401

    def extend_demo(self, *, seed: int) -> str:
        """Add objectives, plans and evaluations to the demo directorate (`seccoop load-demo`)."""
        from seccoop.evaluation.demo import build_evaluation_demo

        return build_evaluation_demo(seed=seed)
