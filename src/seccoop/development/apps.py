from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "seccoop.development"
    label = "development"
    verbose_name = "Training, development plans and certification"

    def ready(self):
        from seccoop.competencies import mapping
        from seccoop.development import panels, policies, transfer  # noqa: F401
        from seccoop.development.services import mapping_judgements

        # Every accepted or rejected suggestion teaches the text-to-competency mapping.
        mapping.register_judgements(mapping_judgements)

    def extend_demo(self, *, seed: int) -> str:
        """Add the course catalog, development plans and certifications to the demo."""
        from seccoop.development.demo import build_development_demo

        return build_development_demo(seed=seed)
