from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "seccoop.logistics"
    label = "logistics"
    verbose_name = "Multinational logistics"

    def ready(self):
        from seccoop.core import panels
        from seccoop.logistics import panels as logistics_panels
        from seccoop.logistics import policies  # noqa: F401
        from seccoop.logistics.models import Acsa, AcsaOrder, SupplyArrangement
        from seccoop.partners import staffing

        # Their pages rank who could take them, five people each (slugs as in their API paths).
        staffing.register("acsas", Acsa, countries=staffing.country_of, shown=5)
        staffing.register(
            "acsa-orders",
            AcsaOrder,
            countries=lambda order: staffing.country_of(order.acsa),
            shown=5,
        )
        staffing.register(
            "supply-arrangements", SupplyArrangement, countries=staffing.country_of, shown=5
        )

        panels.register(
            panels.COUNTRY,
            "logistics/includes/country_logistics.html",
            logistics_panels.country_logistics,
        )
        panels.register(
            panels.HOME, panels.HOME_TEMPLATE, logistics_panels.orders_to_reconcile, order=60
        )

    def extend_demo(self, *, seed: int) -> str:
        """Add cross-servicing agreements, orders and supply arrangements to the demo."""
        from seccoop.logistics.demo import build_logistics_demo

        return build_logistics_demo(seed=seed)
