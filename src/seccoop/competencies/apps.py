from django.apps import AppConfig


class CompetenciesConfig(AppConfig):
    name = "seccoop.competencies"
    label = "competencies"
    verbose_name = "Competency frameworks"

    def ready(self):
        from seccoop.competencies import policies  # noqa: F401
