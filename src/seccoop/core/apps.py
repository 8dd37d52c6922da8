from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "seccoop.core"
    label = "core"
    verbose_name = "seccoop core"

    def ready(self):
        # The audit log's receivers (sign-ins, changes) and its policy; the policy of
        # background import and export jobs.
        from seccoop.core import audit, policies  # noqa: F401
