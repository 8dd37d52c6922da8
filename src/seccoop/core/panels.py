"""Panels that one app adds to another app's page without the page importing it.

The country page (partners) shows a country's security agreements (controls)
and the objectives set for it (evaluation); a case page shows the objectives
it serves. The app that owns the data registers a panel for a page; the page
asks for the panels that apply to the viewer and includes their templates::

    # in controls/apps.py ready()
    panels.register("country", "controls/includes/country_agreements.html", agreements_for)

    # agreements_for(user, country) returns the template's context, or None to
    # show nothing (the viewer may not see them, or there is nothing to show).

Each panel decides its own visibility, so a page never shows a panel's data
to someone that app's policy would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[..., dict | None]
    order: int = 100


_panels: dict[str, list[Panel]] = {}


def register(page: str, template: str, context: Callable[..., dict | None], *, order: int = 100):
    """Add a panel to every page of kind `page` ("country", "case", "program", ...)."""
    existing = _panels.setdefault(page, [])
    if not any(panel.template == template for panel in existing):
        existing.append(Panel(template, context, order))
        existing.sort(key=lambda panel: panel.order)


def panels_for(page: str, user, record) -> list[tuple[str, dict]]:
    """The (template, context) of every panel of `page` that has something for this user."""
    shown = []
    for panel in _panels.get(page, []):
        context = panel.context(user, record)
        if context is not None:
            shown.append((panel.template, context))
    return shown
