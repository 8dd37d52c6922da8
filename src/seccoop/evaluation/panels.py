"""The objectives panels the evaluation app adds to other apps' pages (see core.panels).

A country page shows the objectives set for the country and for its region;
engagement, program and case pages show the objectives the record serves.
"""

from __future__ import annotations

from seccoop.core import panels
from seccoop.evaluation import services
from seccoop.evaluation.models import Objective

TEMPLATE = "evaluation/includes/objectives_panel.html"


def _visible(user):
    return Objective.objects.visible_to(user).active()


def for_country(user, country) -> dict | None:
    if not getattr(user, "is_authenticated", False):
        return None
    objectives = list(services.objectives_for_country(country, _visible(user)))
    return {
        "heading": f"Objectives for {country.name}",
        "caption": f"Objectives set for {country.name} and for its region",
        "objectives": objectives,
        "empty": "No objective is set for this country or its region.",
    }


def _served_by(kind: str):
    def context(user, record) -> dict | None:
        if not getattr(user, "is_authenticated", False) or record.pk is None:
            return None
        objectives = list(
            _visible(user).filter(**{kind: record}).select_related("region", "country")
        )
        return {
            "heading": "Objectives served",
            "caption": f"Objectives this {record._meta.verbose_name} serves",
            "objectives": objectives,
            "empty": f"This {record._meta.verbose_name} is not linked to any objective yet.",
        }

    return context


panels.register("country", TEMPLATE, for_country, order=50)
panels.register("engagement", TEMPLATE, _served_by("engagements"))
panels.register("program", TEMPLATE, _served_by("programs"))
panels.register("case", TEMPLATE, _served_by("cases"))
