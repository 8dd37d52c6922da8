"""International agreements: the authority's rules, coordination before signature,
instruments under an agreement, and the reporting clocks after signature."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from seccoop.partners.models import EngagementType
from seccoop.partners.services import EngagementData, record_engagement
from seccoop.programs.models import (
    Agreement,
    AgreementAuthority,
    AgreementConcurrence,
    AgreementState,
    Instrument,
    NoticeKind,
)
from seccoop.programs.services.agreements import (
    create_agreement,
    move_agreement,
    record_concurrence,
    record_negotiation_round,
    record_notice,
    reporting_clocks,
)

TODAY = timezone.localdate()


def _move(staff, agreement, name, note="", **values):
    return move_agreement(
        user=staff.administrator.user, agreement=agreement, name=name, note=note, values=values
    )


def _answer(staff, agreement, office, answer="concur", comments=""):
    return record_concurrence(
        user=staff.desk_officer.user,
        agreement=agreement,
        data={"office": office, "answer": answer, "answered_on": TODAY, "comments": comments},
    )


def _circulated(staff, agreement):
    _move(staff, agreement, "request-authority", statement_of_intent="Joint research.")
    _move(staff, agreement, "start-negotiation", authority_to_develop_on=TODAY)
    engagement = record_engagement(
        user=staff.desk_officer.user,
        data=EngagementData(
            title="Negotiation round",
            engagement_type=EngagementType.objects.get(slug="negotiation-round"),
            starts_on=TODAY,
            ends_on=TODAY,
            countries=[staff.france],
            participants=[staff.desk_officer],
        ),
    )
    record_negotiation_round(
        user=staff.desk_officer.user, agreement=agreement, engagement=engagement
    )
    _move(staff, agreement, "circulate-draft")
    return agreement


def _all_concur(staff, agreement, skip=()):
    for office in agreement.required_offices():
        if office not in skip:
            _answer(staff, agreement, office)


def _sign(staff, agreement, signed_on=TODAY):
    return move_agreement(
        user=staff.leadership.user,
        agreement=agreement,
        name="sign",
        values={"final_approval_on": signed_on, "signed_on": signed_on},
    )


@pytest.fixture
def circulated(staff, make_agreement):
    return _circulated(staff, make_agreement())


@pytest.fixture
def in_force(staff, circulated):
    _all_concur(staff, circulated)
    _move(staff, circulated, "request-final-approval")
    _sign(staff, circulated, TODAY - datetime.timedelta(days=10))
    _move(staff, circulated, "enter-into-force", in_force_on=TODAY - datetime.timedelta(days=5))
    return circulated


# --- authority as data ------------------------------------------------------------------


def test_the_usual_authorities_are_there_with_their_citations(db):
    assert set(AgreementAuthority.objects.values_list("citation", flat=True)) >= {
        "22 U.S.C. 2767",
        "10 U.S.C. 2350a",
        "10 U.S.C. 2350l",
        "10 U.S.C. 4001",
        "22 U.S.C. 2796d",
    }


def test_research_and_development_projects_are_cited_by_their_current_number(db):
    authority = AgreementAuthority.objects.get(former_citation="10 U.S.C. 2358")
    assert authority.citation == "10 U.S.C. 4001"


def test_the_other_transaction_authority_is_not_an_agreement_authority(db):
    assert not AgreementAuthority.objects.filter(citation__icontains="4022").exists()


def test_every_agreement_needs_legal_comptroller_policy_and_state_concurrence(
    staff, make_agreement
):
    agreement = make_agreement(authority=AgreementAuthority.objects.get(slug="usc10-4001"))
    assert agreement.required_offices() == ["legal", "comptroller", "policy", "state-c175"]


def test_the_authority_adds_the_offices_whose_concurrence_it_needs(staff, make_agreement):
    agreement = make_agreement(authority=AgreementAuthority.objects.get(slug="usc10-2350a"))
    assert "acquisition" in agreement.required_offices()


def test_classified_content_adds_the_security_office(staff, make_agreement):
    assert "security" in make_agreement(involves_classified=True).required_offices()


def test_the_draft_is_circulated_only_once_its_authority_is_chosen(staff, make_agreement):
    agreement = make_agreement(authority=None)
    with pytest.raises(ValidationError, match="legal authority is not chosen"):
        _circulated(staff, agreement)
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.NEGOTIATION


# --- coordination before signature --------------------------------------------------


def test_an_agreement_cannot_be_signed_without_every_required_concurrence(staff, circulated):
    _all_concur(staff, circulated)
    _move(staff, circulated, "request-final-approval")
    AgreementConcurrence.objects.filter(agreement=circulated, office="comptroller").delete()
    with pytest.raises(ValidationError, match="Concurrence is still missing from: Comptroller"):
        _sign(staff, circulated)
    circulated.refresh_from_db()
    assert circulated.state == AgreementState.FINAL_APPROVAL_REQUESTED


def test_final_approval_waits_for_every_office_to_concur(staff, circulated):
    _all_concur(staff, circulated, skip=("state-c175",))
    with pytest.raises(ValidationError, match="Department of State"):
        _move(staff, circulated, "request-final-approval")


def test_a_non_concurrence_holds_the_draft_until_the_office_concurs(staff, circulated):
    _all_concur(staff, circulated, skip=("legal",))
    _answer(staff, circulated, "legal", "non-concur", "Article 9 conflicts with U.S. law.")
    with pytest.raises(ValidationError, match="Legal counsel \\(non-concurred\\)"):
        _move(staff, circulated, "request-final-approval")
    _answer(staff, circulated, "legal", "concur")
    _move(staff, circulated, "request-final-approval")
    assert circulated.state == AgreementState.FINAL_APPROVAL_REQUESTED


def test_a_non_concurrence_says_why(staff, circulated):
    with pytest.raises(ValidationError, match="says why"):
        _answer(staff, circulated, "legal", "non-concur")
    assert not AgreementConcurrence.objects.exists()


def test_a_later_answer_replaces_the_office_s_earlier_one_and_keeps_it_in_history(
    staff, circulated
):
    first = _answer(staff, circulated, "policy", "non-concur", "Scope too broad.")
    _answer(staff, circulated, "policy", "concur")
    first.refresh_from_db()
    assert first.answer == "concur"
    assert [h.answer for h in first.history.order_by("history_date")] == ["non-concur", "concur"]


def test_an_office_not_asked_cannot_answer(staff, circulated):
    with pytest.raises(ValidationError, match="not asked to concur"):
        _answer(staff, circulated, "security")


def test_concurrences_are_recorded_only_while_the_draft_is_circulated(staff, make_agreement):
    with pytest.raises(ValidationError, match="while the draft is circulated"):
        _answer(staff, make_agreement(), "legal")


def test_a_draft_returned_to_negotiation_says_why(staff, circulated):
    with pytest.raises(ValidationError, match="Say why"):
        _move(staff, circulated, "return-to-negotiation")
    _move(staff, circulated, "return-to-negotiation", note="The partner reopened article 4.")
    assert circulated.state == AgreementState.NEGOTIATION


def test_an_agreement_with_classified_information_needs_a_security_annex_to_be_signed(
    staff, make_agreement
):
    from seccoop.programs.services.cooperation import attach_document

    agreement = _circulated(staff, make_agreement(involves_classified=True))
    _all_concur(staff, agreement)
    _move(staff, agreement, "request-final-approval")
    with pytest.raises(ValidationError, match="security annex"):
        _sign(staff, agreement)
    attach_document(
        user=staff.administrator.user,
        data={"agreement": agreement, "kind": "security-annex", "title": "Security annex"},
    )
    _sign(staff, agreement)
    assert agreement.state == AgreementState.SIGNED


def test_a_notice_the_authority_requires_before_signature_holds_the_signature(
    staff, make_agreement, settings
):
    settings.SECCOOP_AGREEMENT_NOTICE_DAYS = 30
    agreement = _circulated(
        staff, make_agreement(authority=AgreementAuthority.objects.get(slug="aeca-27"))
    )
    _all_concur(staff, agreement)
    _move(staff, agreement, "request-final-approval")
    with pytest.raises(ValidationError, match="not recorded as sent"):
        _sign(staff, agreement)
    record_notice(
        user=staff.desk_officer.user,
        agreement=agreement,
        data={"kind": NoticeKind.AUTHORITY, "sent_on": TODAY - datetime.timedelta(days=29)},
    )
    with pytest.raises(ValidationError, match="asks 30 days"):
        _sign(staff, agreement)
    _sign(staff, agreement, TODAY + datetime.timedelta(days=1))
    assert agreement.state == AgreementState.SIGNED


# --- instruments under an agreement -----------------------------------------------------


def _amendment(staff, parent, **data):
    return create_agreement(
        user=staff.administrator.user,
        data={
            "title": "Amendment 1: extension",
            "instrument": Instrument.AMENDMENT,
            "parent": parent,
            "authority": parent.authority,
            **data,
        },
    )


def test_an_amendment_under_negotiation_leaves_its_parent_in_force(staff, in_force):
    amendment = _circulated(staff, _amendment(staff, in_force))
    in_force.refresh_from_db()
    assert (amendment.state, in_force.state) == (
        AgreementState.COORDINATION,
        AgreementState.IN_FORCE,
    )


def test_an_amendment_takes_its_agreement_s_parties(staff, in_force):
    assert list(_amendment(staff, in_force).countries.all()) == [staff.france]


def test_an_amendment_has_its_own_coordination(staff, in_force):
    amendment = _circulated(staff, _amendment(staff, in_force))
    with pytest.raises(ValidationError, match="Concurrence is still missing"):
        _move(staff, amendment, "request-final-approval")


def test_only_a_signed_agreement_is_amended(staff, make_agreement):
    with pytest.raises(ValidationError, match="Only a signed agreement is amended"):
        _amendment(staff, make_agreement())
    assert Agreement.objects.count() == 1


def test_an_instrument_names_the_agreement_it_falls_under(staff):
    with pytest.raises(ValidationError, match="Name the agreement this annex falls under"):
        create_agreement(
            user=staff.administrator.user,
            data={"title": "Annex A", "instrument": Instrument.ANNEX},
            countries=[staff.france],
        )
    assert not Agreement.objects.exists()


def test_an_instrument_does_not_fall_under_another_instrument(staff, in_force):
    amendment = _amendment(staff, in_force)
    with pytest.raises(ValidationError, match="not under another instrument"):
        create_agreement(
            user=staff.administrator.user,
            data={"title": "Annex", "instrument": Instrument.ANNEX, "parent": amendment},
        )


def test_nothing_falls_under_a_terminated_agreement(staff, make_agreement):
    parent = make_agreement()
    _move(staff, parent, "terminate", note="Dropped.")
    with pytest.raises(ValidationError, match="is terminated"):
        create_agreement(
            user=staff.administrator.user,
            data={"title": "PA", "instrument": Instrument.PROJECT_ARRANGEMENT, "parent": parent},
        )


# --- reporting clocks ---------------------------------------------------------------------


def _clock(agreement, kind, today=TODAY):
    return next(c for c in reporting_clocks(agreement, today=today) if c["kind"] == kind)


def test_the_text_is_due_at_the_state_department_15_days_after_signature(staff, in_force):
    clock = _clock(in_force, NoticeKind.STATE_TRANSMITTAL)
    assert clock["due_on"] == in_force.signed_on + datetime.timedelta(days=15)
    assert clock["basis"] == "22 CFR 181.7(a)(1)"


def test_the_case_act_report_is_due_by_the_end_of_the_month_after_signature(staff, in_force):
    in_force.signed_on = datetime.date(2026, 1, 31)
    assert _clock(in_force, NoticeKind.CASE_ACT)["due_on"] == datetime.date(2026, 2, 28)


def test_an_unsigned_agreement_s_clocks_are_not_yet_running(staff, circulated):
    assert _clock(circulated, NoticeKind.CASE_ACT)["status"] == "not yet running"


def test_a_report_past_its_due_date_shows_as_overdue(staff, in_force):
    later = in_force.signed_on + datetime.timedelta(days=16)
    assert _clock(in_force, NoticeKind.STATE_TRANSMITTAL, today=later)["status"] == "overdue"


def test_a_report_recorded_as_sent_stops_its_clock(staff, in_force):
    record_notice(
        user=staff.desk_officer.user,
        agreement=in_force,
        data={"kind": NoticeKind.STATE_TRANSMITTAL, "sent_on": TODAY, "reference": "L/T 26-114"},
    )
    later = in_force.signed_on + datetime.timedelta(days=100)
    assert _clock(in_force, NoticeKind.STATE_TRANSMITTAL, today=later)["status"] == "sent"


def test_a_report_is_not_recorded_as_sent_ahead(staff, in_force):
    with pytest.raises(ValidationError, match="not ahead"):
        record_notice(
            user=staff.desk_officer.user,
            agreement=in_force,
            # Tomorrow as the run sees it now, not as it began (a run may cross midnight).
            data={
                "kind": NoticeKind.CASE_ACT,
                "sent_on": timezone.localdate() + datetime.timedelta(days=1),
            },
        )


def test_the_authority_s_notice_before_entry_into_force_is_shown_with_when_it_applies(
    staff, in_force
):
    clock = _clock(in_force, NoticeKind.AUTHORITY)
    assert clock["basis"] == "10 U.S.C. 2350a"
    assert "major non-NATO ally" in clock["condition"]


# --- the page -----------------------------------------------------------------------------


def test_the_agreement_page_shows_its_authority_concurrences_clocks_and_instruments(
    staff, in_force, client, django_assert_max_num_queries
):
    _amendment(staff, in_force)
    client.force_login(staff.desk_officer.user)
    with django_assert_max_num_queries(60):
        page = client.get(reverse("programs:agreement-detail", args=[in_force.pk]))
    text = page.content.decode()
    assert "10 U.S.C. 2350a" in text
    assert "Department of State (Circular 175, 22 CFR 181.6)" in text
    assert "Reported to Congress under the Case Act" in text
    assert "Amendment 1: extension" in text


def test_a_negotiator_records_a_concurrence_from_the_page(staff, circulated, client):
    client.force_login(staff.desk_officer.user)
    client.post(
        reverse("programs:agreement-concurrence", args=[circulated.pk]),
        {"office": "legal", "answer": "concur", "answered_on": TODAY.isoformat()},
    )
    assert AgreementConcurrence.objects.get().office == "legal"


def test_a_non_concurrence_without_comments_is_refused_on_the_page(staff, circulated, client):
    client.force_login(staff.desk_officer.user)
    response = client.post(
        reverse("programs:agreement-concurrence", args=[circulated.pk]),
        {"office": "legal", "answer": "non-concur", "answered_on": TODAY.isoformat()},
        follow=True,
    )
    assert "says why" in response.content.decode()
    assert not AgreementConcurrence.objects.exists()


# --- the API ------------------------------------------------------------------------------


def _api(person):
    from django.test import Client

    from seccoop.core.api_auth import issue_token

    _, secret = issue_token(user=person.user, name="tests", lifetime_days=1)
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_a_concurrence_recorded_through_the_api_shows_what_is_still_awaited(staff, circulated):
    response = _api(staff.desk_officer).post(
        f"/api/v1/agreements/{circulated.pk}/concurrences",
        {"office": "legal", "answer": "concur", "answered_on": TODAY.isoformat()},
        content_type="application/json",
    )
    answers = {row["office"]: row["answer"] for row in response.json()["concurrences"]}
    assert answers == {
        "legal": "concur",
        "comptroller": None,
        "policy": None,
        "state-c175": None,
        "acquisition": None,
    }


def test_the_api_names_an_unknown_authority(staff):
    response = _api(staff.desk_officer).post(
        "/api/v1/agreements",
        {"title": "OT", "countries": ["FR"], "authority": "usc10-4022"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "usc10-4022" in response.json()["errors"]["authority"][0]


def test_the_api_shows_an_agreement_s_reporting_clocks(staff, in_force):
    body = _api(staff.desk_officer).get(f"/api/v1/agreements/{in_force.pk}").json()
    clocks = {clock["kind"]: clock for clock in body["reporting_clocks"]}
    assert (
        clocks["state-transmittal"]["due_on"]
        == (in_force.signed_on + datetime.timedelta(days=15)).isoformat()
    )


# --- obligations --------------------------------------------------------------------------


def _obligation(staff, agreement, **data):
    from seccoop.programs.services.agreements import add_obligation

    return add_obligation(
        user=staff.desk_officer.user,
        agreement=agreement,
        data={
            "kind": "steering-committee",
            "description": "Annual steering committee meeting",
            "owner": staff.desk_officer,
            "due_on": TODAY + datetime.timedelta(days=30),
            **data,
        },
    )


def test_an_obligation_past_its_due_date_and_not_met_shows_as_overdue(staff, in_force):
    obligation = _obligation(staff, in_force, due_on=TODAY - datetime.timedelta(days=1))
    assert obligation.standing(TODAY) == "overdue"


def test_an_obligation_recorded_as_met_is_no_longer_due(staff, in_force):
    from seccoop.programs.services.agreements import meet_obligation

    obligation = _obligation(staff, in_force)
    meet_obligation(
        user=staff.desk_officer.user,
        obligation=obligation,
        met_on=TODAY,
        expected_version=obligation.version,
    )
    assert obligation.standing(TODAY + datetime.timedelta(days=60)) == "met"


def test_a_contribution_obligation_is_met_by_a_contribution_of_the_agreement_s_program(
    staff, in_force, make_program
):
    from seccoop.programs.models import PartnerContribution

    other = make_program(name="Another program")
    contribution = PartnerContribution.objects.create(
        program=other, country=staff.france, kind="financial", fiscal_year=2027, amount=100
    )
    with pytest.raises(ValidationError, match="program this agreement serves"):
        _obligation(staff, in_force, kind="contribution", contribution=contribution)


def test_an_obligation_is_not_recorded_as_met_ahead(staff, in_force):
    from seccoop.programs.services.agreements import meet_obligation

    obligation = _obligation(staff, in_force)
    with pytest.raises(ValidationError, match="once it is"):
        meet_obligation(
            user=staff.desk_officer.user,
            obligation=obligation,
            met_on=TODAY + datetime.timedelta(days=1),
            expected_version=obligation.version,
        )


def test_the_agreement_page_lists_its_obligations_with_owners(staff, in_force, client):
    _obligation(staff, in_force)
    client.force_login(staff.leadership.user)
    text = client.get(reverse("programs:agreement-detail", args=[in_force.pk])).content.decode()
    assert "Annual steering committee meeting" in text
    assert str(staff.desk_officer) in text


def test_a_desk_officer_of_another_country_cannot_track_an_obligation(staff, in_force):
    with pytest.raises(PermissionDenied):
        from seccoop.programs.services.agreements import add_obligation

        add_obligation(
            user=staff.japan_desk_officer.user,
            agreement=in_force,
            data={"kind": "report", "description": "Report", "due_on": TODAY},
        )
