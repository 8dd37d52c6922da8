"""International agreements: every transition rule and guard, rounds, the expiry clock."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from seccoop.core.models import StateChange
from seccoop.partners.models import EngagementType
from seccoop.partners.services import EngagementData, record_engagement
from seccoop.programs.models import AgreementInteraction, AgreementState
from seccoop.programs.services.agreements import (
    AGREEMENT_WORKFLOW,
    add_interaction,
    expiring,
    move_agreement,
    record_concurrence,
    record_negotiation_round,
)

TODAY = timezone.localdate()


def _move(staff, agreement, name, note="", **values):
    return move_agreement(
        user=staff.administrator.user, agreement=agreement, name=name, note=note, values=values
    )


def _round(staff, agreement):
    engagement = record_engagement(
        user=staff.desk_officer.user,
        data=EngagementData(
            title="First negotiation round",
            engagement_type=EngagementType.objects.get(slug="negotiation-round"),
            starts_on=datetime.date(2026, 3, 2),
            ends_on=datetime.date(2026, 3, 3),
            countries=[staff.france],
            participants=[staff.desk_officer],
        ),
    )
    record_negotiation_round(
        user=staff.desk_officer.user, agreement=agreement, engagement=engagement
    )
    return engagement


@pytest.fixture
def negotiating(staff, make_agreement):
    agreement = make_agreement(statement_of_intent="Joint sensor research.")
    _move(staff, agreement, "request-authority")
    _move(staff, agreement, "start-negotiation", authority_to_develop_on=datetime.date(2026, 1, 5))
    return agreement


def _concur(staff, agreement, skip=()):
    for office in agreement.required_offices():
        if office not in skip:
            record_concurrence(
                user=staff.desk_officer.user,
                agreement=agreement,
                data={"office": office, "answer": "concur", "answered_on": TODAY},
            )


def _to_final_approval(staff, agreement):
    _round(staff, agreement)
    _move(staff, agreement, "circulate-draft")
    _concur(staff, agreement)
    _move(staff, agreement, "request-final-approval")


@pytest.fixture
def in_force(staff, negotiating):
    _to_final_approval(staff, negotiating)
    move_agreement(
        user=staff.leadership.user,
        agreement=negotiating,
        name="sign",
        values={
            "final_approval_on": TODAY - datetime.timedelta(days=40),
            "signed_on": TODAY - datetime.timedelta(days=30),
            "expires_on": TODAY + datetime.timedelta(days=1000),
        },
    )
    _move(staff, negotiating, "enter-into-force", in_force_on=TODAY - datetime.timedelta(days=20))
    return negotiating


def test_an_agreement_starts_as_an_identified_opportunity(make_agreement):
    assert make_agreement().state == AgreementState.OPPORTUNITY


def test_requesting_authority_needs_a_statement_of_intent(staff, make_agreement):
    agreement = make_agreement()
    with pytest.raises(ValidationError, match="statement of intent is missing"):
        _move(staff, agreement, "request-authority")
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.OPPORTUNITY


def test_the_statement_of_intent_can_come_with_the_request(staff, make_agreement):
    agreement = make_agreement()
    _move(staff, agreement, "request-authority", statement_of_intent="Joint research.")
    assert agreement.state == AgreementState.AUTHORITY_REQUESTED


def test_negotiation_cannot_start_before_authority_to_develop_is_recorded(staff, make_agreement):
    agreement = make_agreement(statement_of_intent="Joint research.")
    _move(staff, agreement, "request-authority")
    with pytest.raises(ValidationError, match="before authority to develop is recorded"):
        _move(staff, agreement, "start-negotiation")
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.AUTHORITY_REQUESTED


def test_negotiation_starts_once_authority_is_recorded(negotiating):
    assert negotiating.state == AgreementState.NEGOTIATION
    assert negotiating.authority_to_develop_on == datetime.date(2026, 1, 5)


def test_an_opportunity_cannot_jump_to_negotiation(staff, make_agreement):
    agreement = make_agreement()
    with pytest.raises(ValidationError, match="only from: Request for authority to develop"):
        _move(staff, agreement, "start-negotiation", authority_to_develop_on=TODAY)


def test_the_draft_is_circulated_only_after_a_negotiation_round(staff, negotiating):
    with pytest.raises(ValidationError, match="No negotiation round"):
        _move(staff, negotiating, "circulate-draft")


def test_a_negotiation_round_is_an_engagement_of_the_agreement(staff, negotiating):
    engagement = _round(staff, negotiating)
    assert list(negotiating.negotiation_rounds.all()) == [engagement]
    _move(staff, negotiating, "circulate-draft")
    assert negotiating.state == AgreementState.COORDINATION


def test_rounds_are_recorded_only_while_negotiating(staff, make_agreement):
    agreement = make_agreement()
    with pytest.raises(ValidationError, match="while the agreement is negotiated"):
        _round(staff, agreement)


def test_a_desk_officer_cannot_record_the_signature(staff, negotiating):
    _to_final_approval(staff, negotiating)
    with pytest.raises(PermissionDenied):
        move_agreement(
            user=staff.desk_officer.user,
            agreement=negotiating,
            name="sign",
            values={"final_approval_on": TODAY, "signed_on": TODAY},
        )


def test_the_signature_needs_its_date_and_the_final_approval(staff, negotiating):
    _to_final_approval(staff, negotiating)
    with pytest.raises(ValidationError) as refused:
        _move(staff, negotiating, "sign")
    assert refused.value.message_dict["state"] == [
        "The date of final approval is missing.",
        "The date of signature is missing.",
    ]


def test_an_agreement_cannot_expire_before_it_is_signed(staff, negotiating):
    _to_final_approval(staff, negotiating)
    with pytest.raises(ValidationError, match="expires after the day it is signed"):
        _move(
            staff,
            negotiating,
            "sign",
            final_approval_on=TODAY,
            signed_on=TODAY,
            expires_on=TODAY - datetime.timedelta(days=1),
        )


def test_entry_into_force_needs_its_date(staff, in_force):
    assert in_force.state == AgreementState.IN_FORCE
    assert in_force.in_force_on == TODAY - datetime.timedelta(days=20)


def test_an_agreement_is_recorded_as_expired_only_once_its_date_has_passed(staff, in_force):
    with pytest.raises(ValidationError, match="does not expire until"):
        _move(staff, in_force, "expire")
    in_force.expires_on = TODAY - datetime.timedelta(days=1)
    in_force.save()
    _move(staff, in_force, "expire")
    assert in_force.state == AgreementState.EXPIRED


def test_terminating_needs_a_reason(staff, negotiating):
    with pytest.raises(ValidationError, match="Say why"):
        _move(staff, negotiating, "terminate")
    _move(staff, negotiating, "terminate", note="The partner withdrew.")
    assert negotiating.state == AgreementState.TERMINATED


def test_an_expired_agreement_cannot_be_terminated(staff, in_force):
    in_force.expires_on = TODAY - datetime.timedelta(days=1)
    in_force.save()
    _move(staff, in_force, "expire")
    before = StateChange.objects.count()
    with pytest.raises(ValidationError, match="cannot be taken from “Expired”"):
        _move(staff, in_force, "terminate", note="Too late.")
    assert StateChange.objects.count() == before


def test_the_log_names_each_move(staff, in_force):
    assert [change.transition for change in AGREEMENT_WORKFLOW.log(in_force)] == [
        "request-authority",
        "start-negotiation",
        "circulate-draft",
        "request-final-approval",
        "sign",
        "enter-into-force",
    ]


def test_the_desk_officer_of_its_country_moves_it(staff, make_agreement):
    agreement = make_agreement(statement_of_intent="Joint research.")
    move_agreement(user=staff.desk_officer.user, agreement=agreement, name="request-authority")
    assert agreement.state == AgreementState.AUTHORITY_REQUESTED


def test_a_desk_officer_of_another_country_cannot_move_it(staff, make_agreement):
    agreement = make_agreement(statement_of_intent="Joint research.")
    with pytest.raises(PermissionDenied):
        move_agreement(
            user=staff.japan_desk_officer.user, agreement=agreement, name="request-authority"
        )


# --- the expiry clock ---------------------------------------------------------------


def test_an_agreement_in_force_warns_within_180_days_of_its_expiry(staff, in_force):
    in_force.expires_on = TODAY + datetime.timedelta(days=180)
    assert in_force.expiry_status(TODAY) == "expiring"
    in_force.expires_on = TODAY + datetime.timedelta(days=181)
    assert in_force.expiry_status(TODAY) == ""


def test_the_warning_period_is_set_per_agreement(staff, in_force):
    in_force.expires_on = TODAY + datetime.timedelta(days=300)
    in_force.warning_days = 365
    assert in_force.expiry_status(TODAY) == "expiring"


def test_an_agreement_past_its_expiry_date_shows_as_expired(staff, in_force):
    in_force.expires_on = TODAY - datetime.timedelta(days=3)
    assert in_force.expiry_status(TODAY) == "expired"


def test_an_agreement_not_yet_signed_does_not_warn(staff, make_agreement):
    agreement = make_agreement(expires_on=TODAY + datetime.timedelta(days=10))
    assert agreement.expiry_status(TODAY) == ""


def test_the_expiring_list_holds_the_agreements_within_their_warning(
    staff, in_force, make_agreement
):
    in_force.expires_on = TODAY + datetime.timedelta(days=90)
    in_force.save()
    make_agreement(title="Not signed", expires_on=TODAY + datetime.timedelta(days=5))
    from seccoop.programs.models import Agreement

    assert expiring(Agreement.objects.all(), today=TODAY) == [in_force]


# --- post-agreement interactions ---------------------------------------------------


def test_interactions_follow_the_signature(staff, negotiating, in_force):
    interaction = add_interaction(
        user=staff.desk_officer.user,
        data={
            "agreement": in_force,
            "kind": "steering-committee",
            "occurred_on": TODAY,
            "summary": "Annual steering committee.",
        },
    )
    assert list(in_force.interactions.all()) == [interaction]


def test_an_agreement_in_negotiation_has_no_post_agreement_interactions(staff, negotiating):
    with pytest.raises(ValidationError, match="follow the signature"):
        add_interaction(
            user=staff.desk_officer.user,
            data={
                "agreement": negotiating,
                "kind": "report",
                "occurred_on": TODAY,
                "summary": "Early report.",
            },
        )
    assert not AgreementInteraction.objects.exists()
