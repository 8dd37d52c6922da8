"""The development panel of a person's page, for those who may see their plan.

Registered for the "person" page (core.panels); the workforce person page shows
it once it asks for its panels (`panels_for("person", user, person)`).
"""

from seccoop.core import panels
from seccoop.development.models import DevelopmentActivity
from seccoop.development.policies import may_see_person


def for_person(user, person) -> dict | None:
    if not may_see_person(user, person):
        return None
    activities = DevelopmentActivity.objects.active().filter(plan__person=person)
    return {
        "person": person,
        "open_count": activities.filter(completed_on__isnull=True).count(),
        "done_count": activities.filter(completed_on__isnull=False).count(),
    }


panels.register("person", "development/includes/person_panel.html", for_person)
