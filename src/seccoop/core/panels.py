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

The home page ("My work") is a page like the others, without a record: each
app registers a panel for HOME whose context function takes the user alone
(`record` is None) and returns a `home_panel(...)`, drawn by one template.
A home panel answers in a fixed number of queries, however much work it finds.
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

# The page keys panels are registered for.
HOME = "home"
PERSON = "person"
COUNTRY = "country"
ENGAGEMENT = "engagement"
PROGRAM = "program"
CASE = "case"
# The case portfolio of a country and of a program; the record is the portfolio
# (programs.services.cases.Portfolio: its `subject` and `case_ids`).
COUNTRY_PORTFOLIO = "case-portfolio-country"
PROGRAM_PORTFOLIO = "case-portfolio-program"

# The one template every home panel is drawn with.
HOME_TEMPLATE = "core/includes/home_panel.html"


def figure(count: int, one: str, many: str, url: str | None) -> dict:
    """A count on a home panel, with its noun in the right number and the list behind it."""
    return {"count": count, "label": one if count == 1 else many, "url": url}


def home_panel(
    heading: str,
    *,
    figures: list[dict] = (),
    items: list[dict] = (),
    empty: str,
    more: tuple[str, str] | None = None,
) -> dict:
    """The context of a home panel.

    `items` are dicts with `title` and `url`, and optionally `detail` (plain
    text), `date` and `date_label` (shown as "due 4 Dec 2026"), `tag` (a
    short status) and `urgent` (the tag is drawn as a warning). `empty` says
    what is empty when there are no items; `more` is a (label, url) link to the
    whole list.
    """
    return {
        "heading": heading,
        "figures": list(figures),
        "items": list(items),
        "empty": empty,
        "more": {"label": more[0], "url": more[1]} if more else None,
    }


def _name(function) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def register(page: str, template: str, context: Callable[..., dict | None], *, order: int = 100):
    """Add a panel to every page of kind `page` ("country", "case", "program", ...)."""
    existing = _panels.setdefault(page, [])
    # A panel is known by its template and its context function, so that registering
    # twice adds it once while the home panels may share one template.
    if not any(
        panel.template == template and _name(panel.context) == _name(context) for panel in existing
    ):
        existing.append(Panel(template, context, order))
        existing.sort(key=lambda panel: panel.order)


def panels_for(page: str, user, record=None) -> list[tuple[str, dict]]:
    """The (template, context) of every panel of `page` that has something for this user."""
    shown = []
    for panel in _panels.get(page, []):
        context = panel.context(user, record)
        if context is not None:
            shown.append((panel.template, context))
    return shown
