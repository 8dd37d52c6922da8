from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "seccoop.programs"
    label = "programs"
    verbose_name = "Armaments cooperation programs, agreements and cases"

    def ready(self):
        from seccoop.programs import policies  # noqa: F401
