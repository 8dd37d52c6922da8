"""Who sees and changes evaluation records: staff read; leadership and assigned staff change."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from seccoop.core.permissions import can
from seccoop.evaluation.models import Indicator, Measurement, Objective


def test_every_signed_in_member_of_staff_reads_objectives(directorate, world):
    visible = Objective.objects.visible_to(directorate.outsider.user)
    assert set(visible) == {world.theater, world.objective}


def test_nobody_signed_out_sees_anything(world):
    from django.contrib.auth.models import AnonymousUser

    assert not Objective.objects.visible_to(AnonymousUser()).exists()


def test_a_desk_officer_may_not_set_an_objective(directorate, world, save):
    with pytest.raises(PermissionDenied):
        save(
            Objective,
            user=directorate.teammate.user,
            code="PL-2",
            title="Another",
            level="country",
            country=world.poland,
        )
    assert not Objective.objects.filter(code="PL-2").exists()


def test_an_administrator_sets_objectives(directorate, world, save):
    save(Objective, user=directorate.administrator.user, code="NDS-9", title="N", level="national")
    assert Objective.objects.filter(code="NDS-9").exists()


def test_staff_assigned_to_an_initiative_keep_its_indicators_and_measurements(
    directorate, world, save
):
    tina = directorate.teammate.user
    save(
        Measurement,
        user=tina,
        indicator=world.indicator,
        measured_on=datetime.date(2026, 10, 1),
        value=70,
    )
    assert can(tina, "change", world.indicator)
    assert can(tina, "add", Indicator(initiative=world.initiative))


def test_staff_not_assigned_to_an_initiative_may_not_record_its_measurements(
    directorate, world, save
):
    with pytest.raises(PermissionDenied):
        save(
            Measurement,
            user=directorate.bravo_member.user,
            indicator=world.indicator,
            measured_on=datetime.date(2026, 10, 1),
            value=70,
        )


def test_a_released_assignment_no_longer_allows_changes(directorate, world):
    from seccoop.evaluation import services
    from seccoop.workforce.models import Assignment

    assignment = Assignment.objects.of(world.initiative).get(person=directorate.teammate)
    services.release(user=directorate.leader.user, assignment=assignment)
    assert not can(directorate.teammate.user, "change", world.indicator)


@pytest.mark.parametrize(
    "persona, status",
    [("outsider", 403), ("bravo_member", 403), ("teammate", 200), ("leader", 200)],
)
def test_the_edit_page_of_an_indicator_is_refused_to_those_who_may_not_change_it(
    client, directorate, world, persona, status
):
    client.force_login(getattr(directorate, persona).user)
    response = client.get(
        reverse("evaluation:record-edit", args=["indicators", world.indicator.pk])
    )
    assert response.status_code == status


def test_the_new_objective_page_is_refused_to_a_desk_officer(client, directorate, world):
    client.force_login(directorate.teammate.user)
    assert client.get(reverse("evaluation:record-new", args=["objectives"])).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, world):
    response = client.get(reverse("evaluation:record-list", args=["objectives"]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
