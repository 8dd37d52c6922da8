from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "seccoop.evaluation"
    label = "evaluation"
    verbose_name = "Strategy, plans, and assessment, monitoring and evaluation"

    def ready(self):
        from seccoop.evaluation import (  # noqa: F401
            panels,
            policies,
            services,  # noqa: F401
            transfer,
        )
        from seccoop.evaluation.kinds import KIND_OF_MODEL
        from seccoop.partners import staffing

        # Their pages rank who could take them (the ten best); slugs as in /evaluation/<slug>.
        for model in services.ASSIGNABLE:
            staffing.register(
                f"evaluation-{KIND_OF_MODEL[model].slug}",
                model,
                countries=services.staffing_countries,
                shown=10,
            )

    def extend_demo(self, *, seed: int) -> str:
        """Add objectives, plans and evaluations to the demo directorate (`seccoop load-demo`)."""
        from seccoop.evaluation.demo import build_evaluation_demo

        return build_evaluation_demo(seed=seed)
