from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "seccoop.workforce"
    label = "workforce"
    verbose_name = "Directorate and workforce"

    def ready(self):
        from django.db.models.signals import post_migrate

        from seccoop.workforce import panels, policies, signals, transfer  # noqa: F401
        from seccoop.workforce.change_triggers import reinstall_after_migrate

        # A migration that rebuilds a table on SQLite drops its triggers with it.
        post_migrate.connect(reinstall_after_migrate, sender=self)
