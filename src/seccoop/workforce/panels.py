"""What the workforce app adds to the home page (core.panels.HOME): ratings waiting for validation.

The validators (whoever may record validated ratings) see how many supervisor
ratings a validated rating keeps from counting, and the oldest of them, with a
link to the validation queue. Two queries, however long the queue.
"""

from __future__ import annotations

from django.urls import reverse

from seccoop.core import panels
from seccoop.workforce import services
from seccoop.workforce.policies import may_validate

SHOWN = 5


def ratings_waiting_for_validation(user, record=None) -> dict | None:
    if not may_validate(user):
        return None
    queue = services.validation_queue(user)
    count = queue.count()
    listed = reverse("workforce:validation-queue")
    items = [
        {
            "title": f"{rating.person}, {rating.competency.code}",
            "url": listed,
            "detail": f"Supervisor rating {rating.level} by "
            f"{rating.rater.get_full_name() if rating.rater else 'an import'}; "
            f"the validated level {rating.standing_level} stands.",
            "date": rating.rated_on,
            "date_label": "rated",
        }
        for rating in queue[:SHOWN]
    ]
    return panels.home_panel(
        "Ratings waiting for validation",
        figures=[
            panels.figure(
                count,
                "supervisor rating waiting for validation",
                "supervisor ratings waiting for validation",
                listed,
            )
        ],
        items=items,
        empty="No supervisor rating is waiting for validation.",
        more=("The validation queue", listed),
    )


panels.register(panels.HOME, panels.HOME_TEMPLATE, ratings_waiting_for_validation, order=50)
