"""Logistics fixtures: a multinational logistics team and the agreements it keeps.

Tina holds France's desk and Bob Japan's (the shared directorate). Lena and
Leo are multinational logisticians, program-team members of the logistics
team, which keeps the French ACSA; nobody's team keeps the Japanese one.
France's ACSA has an implementing arrangement and two orders: one delivered
long ago and still owed, one just placed.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client

from seccoop.core.api_auth import issue_token
from seccoop.core.permissions import Role
from seccoop.core.services import create_record
from seccoop.logistics.models import Acsa, AcsaOrder, ImplementingArrangement
from seccoop.partners.models import Country
from tests.factories import (
    OrgUnitFactory,
    PersonFactory,
    PositionFactory,
    RoleTypeFactory,
    UserFactory,
)

# The clocks run on the real day, so the fixtures are placed around it.
TODAY = datetime.date.today()


@dataclass
class Logistics:
    team: object
    lena: object
    leo: object
    france: Country
    japan: Country
    french_acsa: Acsa
    japanese_acsa: Acsa
    arrangement: ImplementingArrangement
    old_order: AcsaOrder
    new_order: AcsaOrder


def _logistician(first, last, username, team, role_type, lead):
    user = UserFactory(username=username, first_name=first, last_name=last,
                       roles=[Role.PROGRAM_TEAM])  # fmt: skip
    person = PersonFactory(first_name=first, last_name=last, user=user)
    PositionFactory(incumbent=person, title=f"Multinational Logistician ({first})",
                    role_type=role_type, org_unit=team, reports_to=lead.position)  # fmt: skip
    person.refresh_from_db()
    return person


def order_data(acsa, number, **overrides):
    data = {
        "acsa": acsa,
        "number": number,
        "direction": "provided",
        "category": "fuel",
        "description": "JP-8 for a partner detachment",
        "payment_method": "reimbursement",
        "amount": Decimal("10000.00"),
        "ordered_on": TODAY - datetime.timedelta(days=200),
        "delivered_on": TODAY - datetime.timedelta(days=198),
    }
    data.update(overrides)
    return data


@pytest.fixture
def logistics(directorate):
    return build_logistics(directorate)


def build_logistics(directorate) -> Logistics:
    """The team, the desks and the records above, over the shared directorate."""
    d = directorate
    team = OrgUnitFactory(name="Multinational Logistics Team", parent=d.division)
    role_type = RoleTypeFactory(name="Multinational logistician", slug="multinational-logistician")
    lena = _logistician("Lena", "Logistician", "lena", team, role_type, d.leader)
    leo = _logistician("Leo", "Loader", "leo", team, role_type, d.leader)
    france = Country.objects.get(iso_code="FR")
    france.primary_desk_officer, france.backup_desk_officer = d.teammate, d.underling
    france.save()
    japan = Country.objects.get(iso_code="JP")
    japan.primary_desk_officer = d.bravo_member
    japan.save()
    admin = d.administrator.user
    french = create_record(user=admin, model=Acsa, data={
        "country": france, "identifier": "ACSA-FR-01", "title": "U.S.–France ACSA",
        "status": "in-force", "signed_on": datetime.date(2014, 3, 1),
        "org_unit": team})  # fmt: skip
    japanese = create_record(user=admin, model=Acsa, data={
        "country": japan, "identifier": "ACSA-JP-01", "title": "U.S.–Japan ACSA",
        "status": "in-force", "signed_on": datetime.date(2017, 9, 1)})  # fmt: skip
    arrangement = create_record(user=admin, model=ImplementingArrangement, data={
        "acsa": french, "title": "EUCOM–French Joint Staff arrangement",
        "us_party": "U.S. European Command", "partner_party": "État-major des armées"})  # fmt: skip
    old = create_record(user=admin, model=AcsaOrder, data=order_data(
        french, "FR-26-0001", reconcile_by=TODAY - datetime.timedelta(days=10)))  # fmt: skip
    new = create_record(user=admin, model=AcsaOrder, data=order_data(
        french, "FR-26-0002", ordered_on=TODAY, delivered_on=None,
        reconcile_by=TODAY + datetime.timedelta(days=90)))  # fmt: skip
    return Logistics(team, lena, leo, france, japan, french, japanese, arrangement, old, new)


@pytest.fixture
def api_as():
    def client_for(person) -> Client:
        _, secret = issue_token(user=person.user, name="tests", lifetime_days=30)
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return client_for
