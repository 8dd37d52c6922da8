"""A record kept for an initiative cannot be moved to an initiative its editor does not keep.

Tina keeps the Polish initiative (she is assigned to it) and so may change
its indicator. Moving the indicator to an initiative she is not assigned to
would leave her a record she may no longer change: refused, nothing written.
"""

import json

import pytest

from seccoop.evaluation.models import Indicator, Initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_initiative(save, world):
    return save(
        Initiative,
        title="Baltic maritime awareness",
        country=world.poland,
        starts_on=world.initiative.starts_on,
    )


def test_an_assignee_cannot_move_an_indicator_to_an_initiative_they_do_not_keep(
    client, directorate, world, other_initiative
):
    indicator = world.indicator
    history = indicator.history.count()
    client.force_login(directorate.teammate.user)

    response = client.patch(
        f"/api/v1/evaluation/indicators/{indicator.pk}",
        json.dumps({"version": indicator.version, "initiative": other_initiative.pk}),
        content_type="application/json",
    )

    assert response.status_code == 403
    fresh = Indicator.objects.get(pk=indicator.pk)
    assert (fresh.initiative_id, fresh.version, fresh.history.count()) == (
        world.initiative.pk,
        indicator.version,
        history,
    )


def test_an_assignee_still_changes_the_indicator_of_their_own_initiative(
    client, directorate, world
):
    indicator = world.indicator
    client.force_login(directorate.teammate.user)

    response = client.patch(
        f"/api/v1/evaluation/indicators/{indicator.pk}",
        json.dumps({"version": indicator.version, "name": "Crews certified to fly"}),
        content_type="application/json",
    )

    assert response.status_code == 200
    assert Indicator.objects.get(pk=indicator.pk).name == "Crews certified to fly"
