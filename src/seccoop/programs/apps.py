from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "seccoop.programs"
    label = "programs"
    verbose_name = "Armaments cooperation programs, agreements and cases"

    def ready(self):
        from seccoop.partners import staffing
        from seccoop.programs import calendar, panels, policies, transfer  # noqa: F401
        from seccoop.programs.models import Agreement, Case, Program

        # Their pages rank who could take them (shown: as many as the page lists).
        staffing.register("programs", Program, countries=staffing.countries_listed, shown=10)
        staffing.register("agreements", Agreement, countries=staffing.countries_listed, shown=10)
        staffing.register("cases", Case, countries=staffing.country_of, shown=5)

    def extend_demo(self, *, seed: int) -> str:
        """Add programs, agreements, cases and export licences for the demo partner nations."""
        from seccoop.programs import demo_cases, demo_cooperation, demo_licences

        return "\n".join(
            [
                demo_cooperation.build_demo(seed=seed),
                demo_cases.build_demo(seed=seed),
                demo_licences.build_demo(),
            ]
        )
