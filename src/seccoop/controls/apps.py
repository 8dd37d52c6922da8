from django.apps import AppConfig


class ControlsConfig(AppConfig):
    name = "seccoop.controls"
    label = "controls"
    verbose_name = "Foreign disclosure and end-use controls"

    def ready(self):
        from seccoop.controls import policies  # noqa: F401
