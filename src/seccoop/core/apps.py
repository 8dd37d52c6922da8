from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "seccoop.core"
    label = "core"
    verbose_name = "seccoop core"
