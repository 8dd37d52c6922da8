"""Fixtures of the case tests, on top of the programs staff (tests/programs/conftest.py).

`complete_request` is every field of a complete letter of request; `new_case`
opens a French FMS case through the service, as Tina (France's desk officer)
would; `case_in` puts a case straight into a later state with what that state
implies (lines, a payment schedule, a case manager), so a test of one
transition does not replay the whole workflow.
"""

import datetime
from decimal import Decimal

import pytest

from seccoop.programs.models import Case, CaseState, LetterOfRequest
from seccoop.programs.services import cases as services

TODAY = datetime.date(2026, 6, 1)

COMPLETE_REQUEST = {
    "reference": "MINARM/DGA/2026-114",
    "received_on": datetime.date(2026, 5, 4),
    "requested_response": "loa",
    "funding_source": "national",
    "desired_delivery_on": datetime.date(2028, 1, 1),
    "from_authorized_official": True,
    "through_proper_channels": True,
    "items_described": True,
    "end_use_stated": True,
    "total_package_considered": True,
    "point_of_contact": True,
}


@pytest.fixture
def complete_request():
    return dict(COMPLETE_REQUEST)


@pytest.fixture
def new_case(staff):
    """`new_case(user=Tina, country=France, request=..., **fields)`: open a case by the service."""
    counter = iter(range(1, 1000))

    def open_(user=None, *, country=None, request=None, **fields):
        number = next(counter)
        customer = (country or staff.france).sc_customer_code or "FR"
        values = {
            "identifier": f"{customer}-D-{number:03d}",
            "title": "Maritime patrol aircraft sustainment",
            "country": country or staff.france,
            "kind": "fms",
            "description": "Spares and repair services for the maritime patrol fleet.",
        }
        values.update(fields)
        return services.open_case(
            user=(user or staff.desk_officer).user,
            case=values,
            request=COMPLETE_REQUEST if request is None else request,
        )

    return open_


@pytest.fixture
def case_in(new_case, staff):
    """`case_in(state, **fields)`: a case already in `state`, with what that state implies."""

    def make(state, *, user=None, country=None, **fields):
        user = user or staff.desk_officer
        case = new_case(user, country=country)
        order = services.STATE_ORDER
        if order[state] >= order[CaseState.WRITTEN] and state != CaseState.CANCELLED:
            case.implementing_agency = "air-force"
            services.add_line(
                user=user.user,
                case=case,
                description="P-8A spares package",
                quantity=2,
                unit_value=Decimal("1500000.00"),
            )
        if order[state] >= order[CaseState.REVIEWED] and state != CaseState.CANCELLED:
            services.assign_staff(
                user=staff.administrator.user,
                case=case,
                person=user,
                role=services.CASE_MANAGER,
                assigned_on=datetime.date(2026, 5, 10),
            )
            services.add_payment(
                user=user.user,
                case=case,
                due_on=datetime.date(2026, 7, 1),
                amount=Decimal("3000000.00"),
                description="Initial deposit",
            )
        values = {"state": state, "implementing_agency": case.implementing_agency}
        values.update(fields)
        Case.objects.filter(pk=case.pk).update(**values)
        case.refresh_from_db()
        return case

    return make


@pytest.fixture
def incomplete_request():
    return {"received_on": datetime.date(2026, 5, 4), "reference": "Email from the attaché"}


def request_of(case) -> LetterOfRequest:
    return LetterOfRequest.objects.get(case=case)


# The fixtures a test module gets from `from tests.programs.cases_fixtures import *`.
__all__ = ["case_in", "complete_request", "incomplete_request", "new_case"]
