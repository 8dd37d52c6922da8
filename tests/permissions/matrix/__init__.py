"""Expectations of the permission matrix, one module per app (see tests/permissions/README.md)."""

from __future__ import annotations

import importlib
import pkgutil

# The order apps build their extra records in (apps to the left first).
APP_ORDER = (
    "core", "competencies", "workforce", "partners", "programs", "controls", "evaluation",
    "development", "logistics",
)  # fmt: skip


def modules() -> dict:
    """Every matrix module by app label."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            found[info.name] = importlib.import_module(f"{__name__}.{info.name}")
    order = {app: index for index, app in enumerate(APP_ORDER)}
    return dict(sorted(found.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def entries() -> dict:
    """(app, route key) -> Entry, from every module's ROUTES."""
    return {
        (app, key): entry
        for app, module in modules().items()
        for key, entry in getattr(module, "ROUTES", {}).items()
    }
