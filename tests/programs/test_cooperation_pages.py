"""The program and agreement pages: what a person sees and does there, and what they cost."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from seccoop.programs.models import Agreement, FundingLine, Program, ProgramState, Risk
from seccoop.programs.services.agreements import move_agreement, record_concurrence
from seccoop.programs.services.cooperation import assign_staff


def _signed_in(client, person):
    client.force_login(person.user)
    return client


def test_the_home_page_links_to_programs_and_agreements(staff, client):
    response = _signed_in(client, staff.program_member).get(reverse("programs:index"))
    assert reverse("programs:program-list") in response.text
    assert reverse("programs:agreement-list") in response.text


def test_a_program_team_member_adds_a_program_of_their_team(staff, client):
    response = _signed_in(client, staff.program_member).post(
        reverse("programs:program-new"),
        {"name": "Coalition C2 demo", "kind": "cwp", "org_unit": staff.directorate.alpha.pk},
    )
    program = Program.objects.get()
    assert response.url == reverse("programs:program-detail", args=[program.pk])
    assert program.state == ProgramState.CALL_FOR_NOMINATIONS


def test_a_program_without_a_name_is_refused_naming_the_field(staff, client):
    response = _signed_in(client, staff.program_member).post(
        reverse("programs:program-new"), {"name": "", "kind": "cwp"}
    )
    assert response.status_code == 200
    assert "Name: This field is required." in response.text
    assert not Program.objects.exists()


def test_someone_without_the_role_is_refused_the_new_program_page(staff, client):
    response = _signed_in(client, staff.outsider).get(reverse("programs:program-new"))
    assert response.status_code == 403


def test_the_page_offers_the_transitions_and_takes_one_with_its_note(staff, make_program, client):
    program = make_program()
    url = reverse("programs:program-detail", args=[program.pk])
    page = _signed_in(client, staff.desk_officer).get(url)
    assert "Submit the quad chart" in page.text
    assert "The quad chart is missing." in page.text
    response = client.post(
        reverse("programs:program-move", args=[program.pk]),
        {
            "transition": "submit-quad-chart",
            "submit-quad-chart-quad_chart": "Need: coalition ID.",
            "submit-quad-chart-note": "Sent to OSD.",
            "submit-quad-chart-version": program.version,
        },
        follow=True,
    )
    program.refresh_from_db()
    assert program.state == ProgramState.QUAD_CHART
    assert "Sent to OSD." in response.text


def test_a_refused_transition_is_explained_on_the_page(staff, make_program, client):
    program = make_program(quad_chart="Need.")
    response = _signed_in(client, staff.administrator).post(
        reverse("programs:program-move", args=[program.pk]),
        {"transition": "select", "select-version": program.version},
        follow=True,
    )
    assert "cannot be taken from" in response.text
    program.refresh_from_db()
    assert program.state == ProgramState.CALL_FOR_NOMINATIONS


def test_the_page_shows_the_staff_and_the_staffing_ranking_to_those_who_staff(
    staff, make_program, client
):
    program = make_program()
    assign_staff(
        user=staff.administrator.user, record=program, person=staff.program_member, role="Lead"
    )
    page = _signed_in(client, staff.administrator).get(
        reverse("programs:program-detail", args=[program.pk])
    )
    assert "Pat Program" in page.text
    assert "Who could take it" in page.text
    assert "desk officer for France" in page.text


def test_a_team_member_who_may_not_see_others_ratings_gets_no_ranking(staff, make_program, client):
    program = make_program(org_unit=staff.directorate.alpha)
    page = _signed_in(client, staff.program_member).get(
        reverse("programs:program-detail", args=[program.pk])
    )
    assert page.status_code == 200
    assert "Who could take it" not in page.text


def test_assigning_from_the_page_gives_evidence(staff, make_program, client):
    program = make_program(kind="fct")
    _signed_in(client, staff.desk_officer).post(
        reverse("programs:program-assign", args=[program.pk]),
        {"person": staff.program_member.pk, "role": "Test manager"},
    )
    assert staff.program_member.practice_evidence.filter(competency__code="3.I").exists()


def test_a_risk_is_added_from_the_page(staff, make_program, client):
    program = make_program()
    _signed_in(client, staff.desk_officer).post(
        reverse("programs:program-record-new", args=[program.pk, "risk"]),
        {"title": "Late radios", "likelihood": 2, "impact": 3, "status": "open"},
    )
    assert Risk.objects.get().program == program


def test_a_mitigated_risk_without_a_mitigation_is_refused(staff, make_program, client):
    program = make_program()
    response = _signed_in(client, staff.desk_officer).post(
        reverse("programs:program-record-new", args=[program.pk, "risk"]),
        {"title": "Late radios", "likelihood": 2, "impact": 3, "status": "mitigated"},
    )
    assert "Say how a mitigated risk was mitigated." in response.text
    assert not Risk.objects.exists()


def test_a_document_not_releasable_is_refused_on_the_page(staff, make_program, client):
    program = make_program(countries=[staff.france, staff.japan])
    response = _signed_in(client, staff.desk_officer).post(
        reverse("programs:program-document-new", args=[program.pk]),
        {"kind": "ppp", "title": "Program protection plan", "classification": "CUI",
         "releasable_to": [staff.france.pk]},
    )  # fmt: skip
    assert "not releasable to Japan" in response.text
    assert not program.documents.exists()


def test_the_program_list_costs_a_fixed_number_of_queries(
    staff, make_program, client, django_assert_max_num_queries
):
    for number in range(12):
        make_program(name=f"Program {number}", countries=[staff.france, staff.japan])
    _signed_in(client, staff.desk_officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("programs:program-list"))
    assert response.text.count("Program 1") >= 3


def test_the_program_page_costs_a_bounded_number_of_queries(
    staff, make_program, client, django_assert_max_num_queries
):
    program = make_program()
    FundingLine.objects.create(program=program, fiscal_year=2027, amount=10)
    assign_staff(
        user=staff.administrator.user, record=program, person=staff.program_member, role="Lead"
    )
    _signed_in(client, staff.administrator)
    # A CWP project's page also reads its resource plan, its scores, its cycle's
    # ranking, its monthly execution and the disclosure decisions made for it.
    with django_assert_max_num_queries(44):
        response = client.get(reverse("programs:program-detail", args=[program.pk]))
    assert response.status_code == 200


# --- agreements ---------------------------------------------------------------------


def _in_force(staff, agreement, expires_on):
    admin = staff.administrator.user
    agreement.statement_of_intent = "Research."
    agreement.authority_to_develop_on = datetime.date(2025, 1, 1)
    agreement.save()
    move_agreement(user=admin, agreement=agreement, name="request-authority")
    move_agreement(user=admin, agreement=agreement, name="start-negotiation")
    Agreement.objects.filter(pk=agreement.pk).update(state="coordination")
    agreement.refresh_from_db()
    for office in agreement.required_offices():
        record_concurrence(
            user=admin,
            agreement=agreement,
            data={"office": office, "answer": "concur", "answered_on": datetime.date(2025, 1, 20)},
        )
    move_agreement(user=admin, agreement=agreement, name="request-final-approval")
    move_agreement(
        user=admin,
        agreement=agreement,
        name="sign",
        values={
            "final_approval_on": datetime.date(2025, 2, 1),
            "signed_on": datetime.date(2025, 2, 2),
            "expires_on": expires_on,
        },
    )
    return agreement


def test_an_agreement_page_warns_ahead_of_its_expiry(staff, make_agreement, client):
    agreement = _in_force(
        staff, make_agreement(), timezone.localdate() + datetime.timedelta(days=30)
    )
    page = _signed_in(client, staff.desk_officer).get(
        reverse("programs:agreement-detail", args=[agreement.pk])
    )
    assert "Expires in 30 days" in page.text


def test_the_expiring_list_shows_what_runs_out(staff, make_agreement, client):
    soon = _in_force(
        staff, make_agreement(title="Soon"), timezone.localdate() + datetime.timedelta(days=30)
    )
    _in_force(
        staff, make_agreement(title="Later"), timezone.localdate() + datetime.timedelta(days=900)
    )
    page = _signed_in(client, staff.desk_officer).get(reverse("programs:agreement-expiring"))
    assert soon.title in page.text
    assert "Later" not in page.text


def test_the_pipeline_counts_agreements_by_state(staff, make_agreement, client):
    make_agreement(title="One")
    make_agreement(title="Two")
    page = _signed_in(client, staff.leadership).get(reverse("programs:agreement-pipeline"))
    assert "2 agreements you can see" in page.text
    assert "Opportunity identified" in page.text


def test_a_desk_officer_adds_an_agreement(staff, client):
    _signed_in(client, staff.desk_officer).post(
        reverse("programs:agreement-new"),
        {"title": "EMTA", "countries": [staff.france.pk], "warning_days": 180},
    )
    agreement = Agreement.objects.get()
    assert list(agreement.countries.all()) == [staff.france]


@pytest.mark.parametrize("name", ["agreement-list", "agreement-pipeline", "agreement-expiring"])
def test_the_agreement_lists_cost_a_fixed_number_of_queries(
    staff, make_agreement, client, django_assert_max_num_queries, name
):
    for number in range(8):
        _in_force(
            staff,
            make_agreement(title=f"Agreement {number}", countries=[staff.france, staff.japan]),
            timezone.localdate() + datetime.timedelta(days=20 * number),
        )
    _signed_in(client, staff.desk_officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse(f"programs:{name}"))
    assert response.status_code == 200


def test_the_agreement_page_costs_a_bounded_number_of_queries(
    staff, make_agreement, client, django_assert_max_num_queries
):
    agreement = make_agreement()
    _signed_in(client, staff.administrator)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("programs:agreement-detail", args=[agreement.pk]))
    assert "Request authority to develop" in response.text
