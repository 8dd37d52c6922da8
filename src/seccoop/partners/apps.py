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

    def extend_demo(self, *, seed: int) -> str:
        """Add the partner nations to the demo directorate (called by `seccoop load-demo`)."""
        from seccoop.partners.demo import build_partner_demo

        return build_partner_demo(seed=seed)
