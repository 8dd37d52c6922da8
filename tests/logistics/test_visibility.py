"""Who sees and changes logistics records: desk officers, the team that keeps them, leadership."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from seccoop.core import permissions
from seccoop.core.services import create_record
from seccoop.logistics.models import Acsa, AcsaOrder


def test_a_desk_officer_sees_the_acsas_of_their_own_countries_only(directorate, logistics):
    seen = set(Acsa.objects.visible_to(directorate.teammate.user))
    assert seen == {logistics.french_acsa}


def test_a_logistician_sees_the_agreements_their_team_keeps(logistics):
    assert set(Acsa.objects.visible_to(logistics.lena.user)) == {logistics.french_acsa}


def test_leadership_sees_every_agreement(directorate, logistics):
    assert Acsa.objects.visible_to(directorate.leader.user).count() == 2


def test_someone_without_a_desk_or_a_team_sees_no_order(directorate, logistics):
    assert not AcsaOrder.objects.visible_to(directorate.outsider.user).exists()


def test_the_page_of_an_agreement_hidden_from_someone_answers_404(client, directorate, logistics):
    client.force_login(directorate.bravo_member.user)
    url = reverse("logistics:acsa-detail", args=[logistics.french_acsa.pk])
    assert client.get(url).status_code == 404


def test_leadership_reads_an_agreement_but_may_not_change_it(directorate, logistics):
    user = directorate.leader.user
    assert permissions.can(user, "view", logistics.french_acsa)
    assert not permissions.can(user, "change", logistics.french_acsa)


def test_a_logistician_records_an_order_under_their_teams_agreement(logistics):
    assert permissions.can(logistics.lena.user, "add", AcsaOrder(acsa=logistics.french_acsa))


def test_a_desk_officer_may_not_record_an_acsa_for_another_desks_country(directorate, logistics):
    with pytest.raises(PermissionDenied):
        create_record(user=directorate.teammate.user, model=Acsa, data={
            "country": logistics.japan, "identifier": "ACSA-JP-09", "title": "Not mine",
            "status": "proposed"})  # fmt: skip
    assert not Acsa.objects.filter(identifier="ACSA-JP-09").exists()


def test_someone_assigned_to_an_order_sees_it_without_seeing_the_agreement(directorate, logistics):
    from seccoop.partners.services import assign

    nora = directorate.outsider
    assign(user=directorate.administrator.user, record=logistics.old_order, person=nora,
           role="order officer")  # fmt: skip
    assert list(AcsaOrder.objects.visible_to(nora.user)) == [logistics.old_order]
    assert not Acsa.objects.visible_to(nora.user).exists()
