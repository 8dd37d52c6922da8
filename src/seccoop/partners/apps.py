from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "seccoop.partners"
    label = "partners"
    verbose_name = "Partner nations and engagements"

    def ready(self):
        from seccoop.partners import calendar, panels, policies, transfer  # noqa: F401
        from seccoop.partners.selectors import confirmed_practice
        from seccoop.workforce.staffing import read_practice_with

        # Staffing rankings count confirmed evidence of practice, which lives here.
        read_practice_with(confirmed_practice)

        # Records that name who did their work give that person evidence of practice.
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from seccoop.partners.services import named_evidence_deleted, named_evidence_saved

        for model in apps.get_models():
            if "evidence_from" in vars(model):
                label = model._meta.label
                post_save.connect(named_evidence_saved, sender=model, dispatch_uid=f"named-{label}")
                post_delete.connect(
                    named_evidence_deleted, sender=model, dispatch_uid=f"named-gone-{label}"
                )

    def extend_demo(self, *, seed: int) -> str:
        """Add the partner nations to the demo directorate (called by `seccoop load-demo`)."""
        from seccoop.partners.demo import build_partner_demo

        return build_partner_demo(seed=seed)
