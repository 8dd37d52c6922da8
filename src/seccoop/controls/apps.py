from django.apps import AppConfig


def country_security_agreements(user, country):
    """The country page's panel: the country's foundational security agreements.

    Shown to those who see controls records; someone assigned to one of the
    agreements sees that one. Everyone else gets no panel at all.
    """
    from seccoop.controls.models import SecurityAgreement
    from seccoop.controls.policies import may_change_controls, sees_all_controls

    agreements = list(SecurityAgreement.objects.visible_to(user).active().filter(country=country))
    if not agreements and not sees_all_controls(user):
        return None
    return {
        "country": country,
        "agreements": agreements,
        "may_add": may_change_controls(user),
    }


def country_visits(user, country):
    """The country page's panel: foreign visits by the country under way or coming up.

    Shown, like the security agreements, to those who see controls records
    (and to someone assigned to one of the visits, that visit).
    """
    from django.conf import settings

    from seccoop.controls.models import VisitRequest
    from seccoop.controls.policies import may_change_controls, sees_all_controls
    from seccoop.controls.visit_services import upcoming_visits

    visits = list(upcoming_visits(VisitRequest.objects.visible_to(user).filter(country=country)))
    if not visits and not sees_all_controls(user):
        return None
    return {
        "country": country,
        "visits": visits,
        "days": settings.SECCOOP_UPCOMING_VISIT_DAYS,
        "may_add": may_change_controls(user),
    }


class ControlsConfig(AppConfig):
    name = "seccoop.controls"
    label = "controls"
    verbose_name = "Foreign disclosure and end-use controls"

    def ready(self):
        from seccoop.controls import calendar, models, policies, session, transfer  # noqa: F401
        from seccoop.controls import panels as home_panels  # noqa: F401
        from seccoop.partners import staffing

        # Their pages rank who could take them, five people each (slugs as in their API paths).
        for slug, model, countries in [
            ("disclosure-requests", models.DisclosureRequest, staffing.countries_listed),
            (
                "disclosure-delegations",
                models.DelegationOfDisclosureAuthority,
                staffing.countries_listed,
            ),
            ("security-agreements", models.SecurityAgreement, staffing.country_of),
            ("end-use-items", models.EndUseItem, lambda item: [item.case.country]),
            ("vetting-nominees", models.Nominee, staffing.country_of),
            ("execution-constraints", models.ExecutionConstraint, staffing.country_of),
            ("visit-requests", models.VisitRequest, staffing.country_of),
            ("foreign-representatives", models.ForeignRepresentative, staffing.country_of),
            ("compliance-visits", models.ComplianceVisit, staffing.country_of),
            ("end-use-requests", models.EndUseRequest, lambda r: [r.item.case.country]),
            ("potential-violations", models.PotentialViolation, lambda v: [v.item.case.country]),
        ]:
            staffing.register(slug, model, countries=countries, shown=5)
        from seccoop.controls.oversight_services import items_of_delivery
        from seccoop.programs.signals import line_delivered

        # A delivered line under enhanced monitoring gives the items to inventory.
        line_delivered.connect(items_of_delivery, dispatch_uid="controls-items-of-delivery")
        from seccoop.core import panels

        panels.register(
            "country",
            "controls/includes/country_security_agreements.html",
            country_security_agreements,
        )
        panels.register("country", "controls/includes/country_visits.html", country_visits)

    def extend_demo(self, *, seed: int) -> str:
        """Add disclosure, end-use, vetting and constraint records to the demo directorate."""
        from seccoop.controls.demo import build_controls_demo

        return build_controls_demo(seed=seed)
