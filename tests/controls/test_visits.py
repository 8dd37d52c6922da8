"""Foreign visits (SAMM C3.4.1), liaison officers and exchange personnel (DoDD 5230.20)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from seccoop.controls import services, visit_services
from seccoop.controls.disclosure_policy import approve_delegation
from seccoop.controls.models import (
    CountryOutcome,
    ForeignRepresentative,
    RepresentativeExtension,
    VisitRequest,
    VisitState,
)
from seccoop.core.services import create_record
from tests.controls.conftest import ALL_MET

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def make_visit(controls, dana):
    def make(**changes) -> VisitRequest:
        start = timezone.localdate() + datetime.timedelta(days=10)
        values = {
            "country": controls.france,
            "kind": "one-time",
            "visitors": "Lt Col A. Marchand",
            "host_organization": "Radar integration laboratory",
            "purpose": "Interface review.",
            "starts_on": start,
            "ends_on": start + datetime.timedelta(days=2),
            "information": "Interface control document.",
        }
        values.update(changes)
        return create_record(user=dana, model=VisitRequest, data=values)

    return make


@pytest.fixture
def decided_request(reviewed_request, dana, controls):
    """Approved for France with limitations, denied for Japan."""
    services.move_disclosure_request(
        user=dana,
        request=reviewed_request,
        name="approve-with-limitations",
        reasons="Co-developer.",
        conditions="Interface data only.",
        countries=[services.CountryLine(controls.japan, CountryOutcome.DENIED, reasons="No MOU.")],
        criteria=ALL_MET,
    )
    return reviewed_request


def approve(dana, visit):
    return visit_services.move_visit(
        user=dana, visit=visit, name="approve", decision_reasons="Rests on the decision."
    )


def test_a_visit_cannot_be_approved_before_its_disclosure_decision(
    make_visit, reviewed_request, dana
):
    visit = make_visit(disclosure_request=reviewed_request)
    with pytest.raises(ValidationError) as refused:
        approve(dana, visit)
    assert "a visit is approved only after its disclosure decision" in str(refused.value)
    visit.refresh_from_db()
    assert visit.state == VisitState.REQUESTED


def test_a_visit_without_its_disclosure_request_cannot_be_approved(make_visit, dana):
    visit = make_visit()
    with pytest.raises(ValidationError) as refused:
        approve(dana, visit)
    assert "Link the disclosure request the visit rests on" in str(refused.value)


def test_a_visit_is_approved_once_its_disclosure_request_is_decided_for_its_country(
    make_visit, decided_request, dana
):
    visit = make_visit(disclosure_request=decided_request)
    approve(dana, visit)
    visit.refresh_from_db()
    assert visit.state == VisitState.APPROVED


def test_a_visit_cannot_be_approved_when_the_decision_denied_its_country(
    make_visit, decided_request, dana, controls
):
    visit = make_visit(country=controls.japan, disclosure_request=decided_request)
    with pytest.raises(ValidationError) as refused:
        approve(dana, visit)
    assert "does not approve disclosure to Japan" in str(refused.value)


def test_a_visit_approved_as_amended_says_how_it_was_amended(make_visit, decided_request, dana):
    visit = make_visit(disclosure_request=decided_request)
    with pytest.raises(ValidationError) as refused:
        visit_services.move_visit(user=dana, visit=visit, name="amend", decision_reasons="Fine.")
    assert "Say how the visit is amended." in str(refused.value)
    visit_services.move_visit(
        user=dana, visit=visit, name="amend", decision_reasons="Fine.", amendments="One day only."
    )
    assert visit.state == VisitState.AMENDED


def test_a_visit_may_be_denied_before_any_disclosure_decision_with_its_reasons(make_visit, dana):
    visit = make_visit()
    with pytest.raises(ValidationError):
        visit_services.move_visit(user=dana, visit=visit, name="deny")
    visit_services.move_visit(user=dana, visit=visit, name="deny", decision_reasons="No sponsor.")
    assert visit.state == VisitState.DENIED


def test_the_after_visit_record_waits_until_the_visit_has_started(
    make_visit, decided_request, dana
):
    visit = make_visit(disclosure_request=decided_request)
    approve(dana, visit)
    with pytest.raises(ValidationError) as refused:
        visit_services.move_visit(
            user=dana, visit=visit, name="record-visit", after_visit_record="Held."
        )
    assert "it is recorded after it happens" in str(refused.value)


def test_a_visit_that_took_place_keeps_its_after_visit_record(make_visit, decided_request, dana):
    past = timezone.localdate() - datetime.timedelta(days=3)
    visit = make_visit(disclosure_request=decided_request, starts_on=past, ends_on=past)
    approve(dana, visit)
    visit_services.move_visit(
        user=dana, visit=visit, name="record-visit", after_visit_record="Held; nothing else shown."
    )
    visit.refresh_from_db()
    assert visit.state == VisitState.COMPLETED
    assert visit.after_visit_record == "Held; nothing else shown."


def test_a_visit_ends_on_or_after_the_day_it_starts(make_visit):
    with pytest.raises(ValidationError) as refused:
        make_visit(starts_on=TODAY, ends_on=TODAY - datetime.timedelta(days=1))
    assert "ends_on" in refused.value.message_dict


def test_someone_without_a_controls_role_cannot_record_a_visit(make_visit, directorate):
    with pytest.raises(PermissionDenied):
        create_record(user=directorate.teammate.user, model=VisitRequest, data={})


# --- liaison officers and exchange personnel ---------------------------------------


@pytest.fixture
def make_officer(controls, dana):
    def make(**changes) -> ForeignRepresentative:
        values = {
            "country": controls.france,
            "kind": "liaison-officer",
            "name": "Lt Col É. Girard",
            "position": "French liaison officer, radar program",
            "host_organization": "Program office",
            "certified_on": TODAY - datetime.timedelta(days=100),
            "certification_ends_on": TODAY + datetime.timedelta(days=400),
            "reports_on": TODAY - datetime.timedelta(days=90),
            "departs_on": TODAY + datetime.timedelta(days=400),
            "duties": "Liaison with the program office.",
            "access": "Oral and visual, up to CONFIDENTIAL.",
        }
        values.update(changes)
        return create_record(user=dana, model=ForeignRepresentative, data=values)

    return make


def approved(letter, dana):
    return approve_delegation(
        user=dana, letter=letter, approving_authority="Director, International Programs"
    )


@pytest.fixture
def letter(controls, dana):
    return approved(issue_letter(controls, dana), dana)


def issue_letter(controls, dana):
    return services.issue_delegation(
        user=dana,
        program=controls.program,
        countries=[controls.france],
        data={
            "title": "Coalition radar DDL",
            "classification_ceiling": "C",
            "disclosure_methods": ["oral", "visual"],
            "categories": ["3"],
            "may_disclose": "Interface data.",
            "may_not_disclose": "Source code.",
            "effective_on": TODAY - datetime.timedelta(days=200),
        },
    )


def test_a_liaison_officer_without_a_current_letter_is_flagged(make_officer):
    officer = make_officer()
    flags = visit_services.representative_flags(officer, today=TODAY)
    assert "No delegation of disclosure authority letter governs them." in flags


def test_a_liaison_officer_under_a_current_program_letter_is_not_flagged(make_officer, letter):
    officer = make_officer(governing_letter=letter)
    assert visit_services.representative_flags(officer, today=TODAY) == []


def test_a_liaison_officer_whose_letter_was_superseded_is_flagged(
    make_officer, letter, dana, controls
):
    officer = make_officer(governing_letter=letter)
    amendment = services.issue_delegation(
        user=dana,
        program=controls.program,
        countries=[controls.france],
        data={
            "title": "Coalition radar DDL, amendment 1",
            "classification_ceiling": "C",
            "disclosure_methods": ["oral", "visual"],
            "categories": ["3"],
            "may_disclose": "Interface data.",
            "may_not_disclose": "Source code.",
            "effective_on": TODAY - datetime.timedelta(days=10),
        },
    )
    approved(amendment, dana)
    officer.refresh_from_db()
    flags = visit_services.representative_flags(officer, today=TODAY)
    assert any("was superseded on" in flag for flag in flags)


def test_a_liaison_officer_under_a_letter_not_yet_approved_is_flagged(make_officer, controls, dana):
    officer = make_officer(governing_letter=issue_letter(controls, dana))
    flags = visit_services.representative_flags(officer, today=TODAY)
    assert any("awaits its designated disclosure authority" in flag for flag in flags)


def test_a_letter_kept_elsewhere_governs_until_its_end(make_officer):
    officer = make_officer(
        letter_reference="PEO-S DDL 2025-07",
        letter_dated=TODAY - datetime.timedelta(days=300),
        letter_ends_on=TODAY + datetime.timedelta(days=5),
    )
    assert visit_services.representative_flags(officer, today=TODAY) == []
    later = TODAY + datetime.timedelta(days=6)
    flags = visit_services.representative_flags(officer, today=later)
    assert any("PEO-S DDL 2025-07 ended on" in flag for flag in flags)


def test_a_letter_that_does_not_cover_the_officers_country_is_refused(
    make_officer, letter, controls
):
    with pytest.raises(ValidationError) as refused:
        make_officer(country=controls.japan, governing_letter=letter)
    assert "does not cover Japan" in refused.value.message_dict["governing_letter"][0]


@override_settings(SECCOOP_EXCHANGE_WARNING_DAYS=30)
def test_a_certification_ending_within_the_warning_period_is_flagged(make_officer, letter):
    officer = make_officer(
        governing_letter=letter, certification_ends_on=TODAY + datetime.timedelta(days=30)
    )
    flags = visit_services.representative_flags(officer, today=TODAY)
    assert flags == ["The certification ends on 01 Jul 2026: extend it or plan the departure."]
    assert visit_services.representative_flags(officer, today=TODAY - datetime.timedelta(1)) == []


def test_extending_a_tour_moves_its_end_and_keeps_the_extension(make_officer, dana):
    officer = make_officer()
    before = officer.departs_on
    visit_services.extend_representative(
        user=dana,
        representative=officer,
        kind="tour",
        extended_to=before + datetime.timedelta(days=365),
        approved_on=TODAY,
        authority="Host command, memo 26-14",
    )
    officer.refresh_from_db()
    assert officer.departs_on == before + datetime.timedelta(days=365)
    extension = RepresentativeExtension.objects.get()
    assert (extension.previous_end, extension.kind) == (before, "tour")


def test_an_extension_that_ends_before_the_present_end_writes_nothing(make_officer, dana):
    officer = make_officer()
    with pytest.raises(ValidationError) as refused:
        visit_services.extend_representative(
            user=dana,
            representative=officer,
            kind="certification",
            extended_to=officer.certification_ends_on,
            approved_on=TODAY,
            authority="Embassy note",
        )
    assert "extended_to" in refused.value.message_dict
    assert not RepresentativeExtension.objects.exists()
    officer.refresh_from_db()
    assert officer.version == 1


# --- pages --------------------------------------------------------------------------


def test_the_country_page_shows_upcoming_visits_to_a_disclosure_specialist(
    client, make_visit, dana, controls
):
    make_visit(visitors="Lt Col A. Marchand", host_organization="Radar laboratory")
    client.force_login(dana)
    page = client.get(reverse("partners:country-detail", args=[controls.france.pk]))
    assert "Upcoming foreign visits" in page.content.decode()
    assert "Radar laboratory" in page.content.decode()


def test_the_country_page_shows_no_visits_to_a_desk_officer_who_is_not_assigned(
    client, make_visit, controls, directorate
):
    make_visit(host_organization="Radar laboratory")
    client.force_login(directorate.teammate.user)
    page = client.get(reverse("partners:country-detail", args=[controls.france.pk]))
    assert "Radar laboratory" not in page.content.decode()


def test_a_visit_approved_on_its_page_needs_its_disclosure_decision(
    client, make_visit, reviewed_request, dana
):
    visit = make_visit(disclosure_request=reviewed_request)
    client.force_login(dana)
    response = client.post(
        reverse("controls:visit-move", args=[visit.pk]),
        {"transition": "approve", "decision_reasons": "Fine.", "version": visit.version},
    )
    assert response.status_code == 400
    assert "a visit is approved only after its disclosure decision" in response.content.decode()
    visit.refresh_from_db()
    assert visit.state == VisitState.REQUESTED


def test_the_liaison_list_flags_an_officer_without_a_current_letter(
    client, make_officer, dana, django_assert_max_num_queries
):
    for number in range(4):
        make_officer(name=f"Officer {number}")
    client.force_login(dana)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("controls:representative-list"))
    assert page.content.decode().count("No delegation of disclosure authority letter") == 4
