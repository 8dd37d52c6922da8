"""What the SAMM asks of a case beyond the FMS line: identifiers, BPC funding, the clocks."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from seccoop.partners.models import Country
from seccoop.programs.models import Case, CaseState
from seccoop.programs.services import cases as services
from tests.programs.cases_fixtures import *  # noqa: F403 (the case fixtures)
from tests.programs.cases_fixtures import COMPLETE_REQUEST, TODAY

pytestmark = pytest.mark.django_db

BPC_FUNDS = {
    "fund_source": "Operation and Maintenance, Defense-Wide (section 333)",
    "fund_fiscal_year": 2026,
    "funds_obligate_by": datetime.date(2027, 9, 30),
    "funds_cancel_on": datetime.date(2033, 9, 30),
}
MEMORANDUM = {**COMPLETE_REQUEST, "kind": "mor", "funding_source": "bpc"}


def move(case, name, user, **kwargs):
    kwargs.setdefault("today", TODAY)
    return services.move_case(user=user.user, case=case, name=name, **kwargs)


def bpc_case(new_case, **fields):
    return new_case(kind="bpc", legal_authority="10-usc-333", request=MEMORANDUM,
                    **{**BPC_FUNDS, **fields})  # fmt: skip


# --- identifiers and the purchaser's data ----------------------------------------------


def test_the_seeded_countries_carry_their_sc_customer_code_and_nato_plus_five_status():
    japan = Country.objects.get(iso_code="JP")
    india = Country.objects.get(iso_code="IN")

    assert (japan.sc_customer_code, japan.fms_eligible, japan.nato_plus_five) == ("JA", True, True)
    assert (india.sc_customer_code, india.nato_plus_five) == ("IN", False)


def test_an_identifier_that_does_not_start_with_the_customer_code_is_refused(new_case, staff):
    with pytest.raises(ValidationError) as refused:
        new_case(staff.japan_desk_officer, country=staff.japan, identifier="JP-D-AAA")

    assert refused.value.message_dict["identifier"] == [
        "A case of Japan starts with its SC customer code JA, not JP."
    ]
    assert not Case.objects.filter(identifier="JP-D-AAA").exists()


def test_an_identifier_with_another_agency_letter_is_refused(new_case):
    with pytest.raises(ValidationError) as refused:
        new_case(identifier="FR-B-AAA", implementing_agency="navy")

    assert refused.value.message_dict["identifier"] == [
        "A case of the Department of the Navy carries the letter P, not B."
    ]


def test_an_authority_of_another_kind_of_case_is_refused(new_case):
    with pytest.raises(ValidationError) as refused:
        new_case(legal_authority="10-usc-333")

    assert "not an authority for a Foreign Military Sales case" in str(refused.value)


# --- Building Partner Capacity ----------------------------------------------------------


def test_a_bpc_case_starts_from_a_memorandum_of_request(new_case):
    with pytest.raises(ValidationError) as refused:
        new_case(kind="bpc", legal_authority="10-usc-333", **BPC_FUNDS)

    assert refused.value.message_dict["kind"] == ["A BPC case starts from a Memorandum of Request."]


def test_a_bpc_case_has_a_30_day_standard_offer_period(new_case):
    case = bpc_case(new_case)

    assert case.offer_validity_days == 30


def test_a_bpc_case_cannot_be_given_a_partner_deposit(new_case, staff):
    case = bpc_case(new_case)

    with pytest.raises(ValidationError) as refused:
        services.add_payment(user=staff.desk_officer.user, case=case, due_on=TODAY,
                             amount=Decimal("100000"), description="Initial deposit")  # fmt: skip

    assert refused.value.message_dict["case"] == [
        "A BPC case is funded by U.S. appropriations; the partner makes no payment and no deposit."
    ]
    assert not case.payments.exists()


def test_a_sale_cannot_carry_bpc_funds(new_case):
    with pytest.raises(ValidationError) as refused:
        new_case(fund_source="Section 333")

    assert "Only a BPC case is funded by U.S. appropriations" in str(refused.value)


def test_bpc_funds_cancel_after_the_last_day_they_may_be_obligated(new_case):
    with pytest.raises(ValidationError) as refused:
        bpc_case(new_case, funds_cancel_on=datetime.date(2027, 9, 30))

    assert refused.value.message_dict["funds_cancel_on"] == [
        "Funds cancel after the last day they may be obligated."
    ]


def test_a_bpc_case_is_implemented_only_once_its_funds_arrive(new_case, staff):
    case = bpc_case(new_case)
    Case.objects.filter(pk=case.pk).update(state=CaseState.ACCEPTED, implementing_agency="")
    case.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        move(case, "implement", staff.desk_officer)
    assert "BPCWAIT" in " ".join(refused.value.messages)

    services.update_case(
        user=staff.desk_officer.user,
        case=case,
        changes={"funds_available_on": TODAY},
        expected_version=case.version,
    )
    move(case, "implement", staff.desk_officer)
    assert case.state == CaseState.IMPLEMENTED


def test_a_bpc_case_is_accepted_without_a_deposit(new_case, staff):
    case = bpc_case(new_case)
    Case.objects.filter(pk=case.pk).update(
        state=CaseState.OFFERED, approved_on=TODAY, offered_on=TODAY,
        offer_expires_on=TODAY + datetime.timedelta(days=30),
    )  # fmt: skip
    case.refresh_from_db()

    signer = "U.S. requesting authority, Office of the Secretary of Defense"
    move(case, "accept", staff.desk_officer, values={"signed_by": signer})

    assert case.state == CaseState.ACCEPTED


def test_a_bpc_case_is_not_notified_under_section_36b(new_case):
    case = bpc_case(new_case, mde_value=Decimal("90000000"))

    assert services.notification_for(case).required is False


# --- the clocks, computed once ----------------------------------------------------------


def test_the_clocks_show_the_offer_expiry_counted_from_the_agency_approval(case_in):
    case = case_in(CaseState.PROPOSED, approved_on=TODAY,
                   offer_expires_on=TODAY + datetime.timedelta(days=85))  # fmt: skip

    (clock,) = services.clocks(case, today=TODAY)

    assert (clock.name, clock.day, clock.days) == ("Offer expiry", datetime.date(2026, 8, 25), 85)
    assert "about 25 administrative and 60 for the purchaser" in clock.detail


def test_the_clocks_show_when_the_congressional_review_ends(case_in):
    case = case_in(CaseState.PROPOSED, mde_value=Decimal("30000000"), approved_on=TODAY,
                   offer_expires_on=TODAY + datetime.timedelta(days=85),
                   state_cleared_on=TODAY, congress_notified_on=TODAY)  # fmt: skip

    review = services.clocks(case, today=TODAY)[0]

    assert (review.name, review.day) == ("Congressional review", datetime.date(2026, 6, 16))
