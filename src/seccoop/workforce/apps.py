from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "seccoop.workforce"
    label = "workforce"
    verbose_name = "Directorate and workforce"

    def ready(self):
        from seccoop.workforce import policies, signals  # noqa: F401
