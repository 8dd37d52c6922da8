from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "seccoop.core"
    label = "core"
    verbose_name = "seccoop core"

    def ready(self):
        # The audit log's receivers (sign-ins, changes) and its policy.
        from seccoop.core import audit  # noqa: F401
