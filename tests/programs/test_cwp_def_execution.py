"""Coalition Warfare Program nominations, Defense Exportability Features studies, and the
execution of a program's funding against its plan."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from seccoop.core.api_auth import issue_token
from seccoop.programs.models import (
    CwpResourcePlan,
    DefDeliverable,
    ExecutionReport,
    FundingLine,
    NominationScore,
    ProgramState,
)
from seccoop.programs.services.cooperation import (
    add_execution_report,
    add_record,
    cycle_ranking,
    move_program,
    update_program,
)

CRITERIA = {"coalition-need": 3, "interoperability": 1}


def _admin(staff):
    return staff.administrator.user


def _to(staff, program, *names):
    for name in names:
        move_program(user=_admin(staff), program=program, name=name)


def _api(person) -> Client:
    _, secret = issue_token(user=person.user, name="tests", lifetime_days=1)
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def funded(staff, make_program):
    program = make_program(quad_chart="Need.", full_nomination="Full.")
    FundingLine.objects.create(program=program, fiscal_year=2027, amount=100)
    _to(staff, program, "submit-quad-chart", "submit-full-nomination", "begin-review")
    _to(staff, program, "select", "fund")
    return program


def _score(staff, program, criterion, score):
    return add_record(
        user=_admin(staff),
        model=NominationScore,
        data={"program": program, "criterion": criterion, "score": score},
    )


# --- no execution without the agreement ----------------------------------------------


def test_a_cwp_project_cannot_enter_execution_without_an_agreement(staff, funded):
    with pytest.raises(ValidationError, match="No international agreement is linked"):
        _to(staff, funded, "begin-execution")
    funded.refresh_from_db()
    assert funded.state == ProgramState.FUNDED


def test_a_cwp_project_cannot_enter_execution_before_its_agreement_is_in_force(
    staff, funded, make_agreement
):
    make_agreement(program=funded)
    with pytest.raises(ValidationError, match="agreement is not in force yet"):
        _to(staff, funded, "begin-execution")


def test_a_cwp_project_enters_execution_once_its_agreement_is_in_force(
    staff, funded, make_agreement, bring_into_force
):
    bring_into_force(make_agreement(program=funded))
    _to(staff, funded, "begin-execution")
    assert funded.state == ProgramState.EXECUTING


def test_the_page_names_the_missing_agreement_before_execution(staff, funded, client):
    client.force_login(_admin(staff))
    response = client.get(reverse("programs:program-detail", args=[funded.pk]))
    assert "No international agreement is linked to the project." in response.text


# --- the nomination's content ---------------------------------------------------------


def test_readiness_at_exit_below_readiness_at_entry_is_refused(staff, make_program):
    program = make_program()
    with pytest.raises(ValidationError) as refused:
        update_program(
            user=_admin(staff),
            program=program,
            changes={"trl_at_entry": 6, "trl_at_exit": 4},
            expected_version=program.version,
        )
    assert "trl_at_exit" in refused.value.message_dict
    program.refresh_from_db()
    assert program.trl_at_exit is None


def test_a_readiness_level_outside_one_to_nine_is_refused(staff, make_program):
    program = make_program()
    with pytest.raises(ValidationError) as refused:
        update_program(
            user=_admin(staff),
            program=program,
            changes={"trl_at_entry": 10},
            expected_version=program.version,
        )
    assert "trl_at_entry" in refused.value.message_dict


def test_an_endorsement_date_without_its_combatant_command_is_refused(staff, make_program):
    program = make_program()
    with pytest.raises(ValidationError, match="which combatant command"):
        update_program(
            user=_admin(staff),
            program=program,
            changes={"endorsed_on": datetime.date(2026, 3, 1)},
            expected_version=program.version,
        )


def test_a_resource_plan_year_is_recorded_once(staff, make_program):
    program = make_program()
    data = {"program": program, "fiscal_year": 2027, "cwp_funds": Decimal("500000")}
    add_record(user=_admin(staff), model=CwpResourcePlan, data=data)
    with pytest.raises(ValidationError, match="already has this fiscal year"):
        add_record(user=_admin(staff), model=CwpResourcePlan, data=dict(data))
    assert CwpResourcePlan.objects.count() == 1


def test_only_a_cwp_project_has_a_resource_plan(staff, make_program):
    program = make_program(kind="fct")
    with pytest.raises(ValidationError, match="Only a Coalition Warfare Program project"):
        add_record(
            user=_admin(staff),
            model=CwpResourcePlan,
            data={"program": program, "fiscal_year": 2027, "cwp_funds": 1},
        )


def test_the_nomination_page_shows_its_endorsement_readiness_and_resource_plan(
    staff, make_program, client
):
    program = make_program(
        nominating_organisation="Naval Information Warfare Center",
        endorsing_command="U.S. Indo-Pacific Command",
        endorsed_on=datetime.date(2026, 2, 3),
        trl_at_entry=4,
        trl_at_exit=6,
    )
    CwpResourcePlan.objects.create(
        program=program, fiscal_year=2028, cwp_funds=750000, partner_funds=250000
    )
    client.force_login(_admin(staff))
    text = client.get(reverse("programs:program-detail", args=[program.pk])).text
    assert "U.S. Indo-Pacific Command, 3 Feb 2026" in text
    assert "TRL 4 at entry, TRL 6 at exit" in text
    assert "FY2028" in text and "750000.00" in text


# --- selection scoring and rank per cycle ---------------------------------------------


def test_nominations_of_a_cycle_are_ranked_by_their_weighted_scores(staff, make_program, settings):
    settings.SECCOOP_CWP_SELECTION_CRITERIA = CRITERIA
    strong, weak = make_program(name="Strong"), make_program(name="Weak")
    _score(staff, strong, "coalition-need", 5)
    _score(staff, strong, "interoperability", 1)  # 5*3 + 1 = 16
    _score(staff, weak, "coalition-need", 2)
    _score(staff, weak, "interoperability", 5)  # 2*3 + 5 = 11
    ranking = cycle_ranking(staff_programs(staff), 2027)
    assert [(e.program.name, e.total, e.rank) for e in ranking] == [
        ("Strong", 16, 1),
        ("Weak", 11, 2),
    ]


def staff_programs(staff):
    from seccoop.programs.models import Program

    return Program.objects.visible_to(_admin(staff)).active()


def test_nominations_of_another_fiscal_year_are_another_cycle(staff, make_program, settings):
    settings.SECCOOP_CWP_SELECTION_CRITERIA = CRITERIA
    make_program(name="This year")
    make_program(name="Next year", fiscal_year=2028)
    assert [e.program.name for e in cycle_ranking(staff_programs(staff), 2028)] == ["Next year"]


def test_a_nomination_not_scored_on_every_criterion_is_not_ranked(staff, make_program, settings):
    settings.SECCOOP_CWP_SELECTION_CRITERIA = CRITERIA
    program = make_program()
    _score(staff, program, "coalition-need", 5)
    (entry,) = cycle_ranking(staff_programs(staff), 2027)
    assert entry.rank is None


def test_a_score_on_a_criterion_the_panel_does_not_use_is_refused(staff, make_program, settings):
    settings.SECCOOP_CWP_SELECTION_CRITERIA = CRITERIA
    with pytest.raises(ValidationError) as refused:
        _score(staff, make_program(), "charisma", 3)
    assert "coalition-need, interoperability" in refused.value.message_dict["criterion"][0]
    assert not NominationScore.objects.exists()


def test_a_score_above_the_scale_is_refused(staff, make_program, settings):
    settings.SECCOOP_CWP_SELECTION_CRITERIA = CRITERIA
    settings.SECCOOP_CWP_SCORE_MAX = 5
    with pytest.raises(ValidationError, match="from 0 to 5"):
        _score(staff, make_program(), "coalition-need", 6)


def test_the_cycle_api_ranks_only_the_nominations_the_reader_may_see(staff, make_program, settings):
    settings.SECCOOP_CWP_SELECTION_CRITERIA = CRITERIA
    make_program(name="French project")
    make_program(name="Japanese project", countries=[staff.japan])
    response = _api(staff.desk_officer).get("/api/v1/cwp-cycles/2027")
    assert response.status_code == 200
    assert [e["name"] for e in response.json()] == ["French project"]


# --- Defense Exportability Features -------------------------------------------------------


def _def(make_program, **changes):
    return make_program(kind="def", name="Exportable radar", **changes)


def test_a_def_study_with_industry_paying_less_than_half_cannot_be_approved_without_authorisation(
    staff, make_program
):
    program = _def(make_program, industry_cost_share=Decimal("40"))
    with pytest.raises(ValidationError, match="less than half.*who authorised it, when, why"):
        _to(staff, program, "start")
    program.refresh_from_db()
    assert program.state == ProgramState.PLANNING


def test_a_def_study_below_half_is_approved_once_who_when_and_why_are_recorded(staff, make_program):
    program = _def(
        make_program,
        industry_cost_share=Decimal("40"),
        cost_share_authorised_by="USD(A&S)",
        cost_share_authorised_on=datetime.date(2026, 1, 5),
        cost_share_authorisation_reason="Small export market.",
    )
    _to(staff, program, "start")
    assert program.state == ProgramState.EXECUTING


def test_a_def_study_with_industry_paying_half_needs_no_authorisation(staff, make_program):
    program = _def(make_program, industry_cost_share=Decimal("50"))
    _to(staff, program, "start")
    assert program.state == ProgramState.EXECUTING


def test_a_def_study_cannot_be_approved_without_industry_s_share(staff, make_program):
    with pytest.raises(ValidationError, match="cost share is not recorded"):
        _to(staff, _def(make_program), "start")


def test_only_a_def_project_has_study_deliverables(staff, make_program):
    with pytest.raises(ValidationError, match="Only a Defense Exportability Features project"):
        add_record(
            user=_admin(staff),
            model=DefDeliverable,
            data={
                "program": make_program(),
                "title": "Design",
                "due_on": datetime.date(2027, 1, 1),
            },
        )


def test_a_deliverable_past_its_due_date_and_not_delivered_shows_as_late(
    staff, make_program, client
):
    program = _def(make_program)
    DefDeliverable.objects.create(
        program=program, title="Anti-tamper plan", due_on=datetime.date(2020, 1, 1)
    )
    DefDeliverable.objects.create(
        program=program,
        title="Exportability assessment",
        due_on=datetime.date(2020, 1, 1),
        delivered_on=datetime.date(2019, 12, 1),
    )
    client.force_login(_admin(staff))
    text = client.get(reverse("programs:program-detail", args=[program.pk])).text
    assert text.count(">Late</span>") == 1


def test_the_program_page_lists_the_disclosure_decisions_made_for_it(staff, make_program, client):
    from seccoop.controls import services as controls
    from seccoop.controls.models import DisclosureCategory, ReviewKind

    program = _def(make_program)
    controls.submit_disclosure_request(
        user=_admin(staff),
        data=controls.DisclosureData(
            title="Release of the export radar variant",
            category=DisclosureCategory.RESEARCH,
            submitted_on=datetime.date(2026, 5, 1),
            countries=[staff.france],
            program=program,
            reviews=[ReviewKind.TECHNOLOGY_SECURITY],
        ),
    )
    client.force_login(_admin(staff))
    text = client.get(reverse("programs:program-detail", args=[program.pk])).text
    assert "Disclosure decisions" in text
    assert "Release of the export radar variant" in text


# --- funding lines and execution against plan -------------------------------------------


@pytest.fixture
def line(make_program):
    program = make_program()
    return FundingLine.objects.create(
        program=program,
        fiscal_year=2027,
        appropriation="RDT&E",
        program_element="0603790D8Z",
        budget_line_item="P790",
        amount=Decimal("1200"),
    )


def _report(staff, line, month, **amounts):
    return add_execution_report(
        user=_admin(staff),
        program=line.program,
        data={"funding_line": line, "month": month, **amounts},
    )


def test_more_obligated_than_committed_is_refused_and_nothing_is_written(staff, line):
    with pytest.raises(ValidationError) as refused:
        _report(staff, line, datetime.date(2026, 10, 1), committed=100, obligated=150)
    assert "obligated" in refused.value.message_dict
    assert not ExecutionReport.objects.exists()


def test_more_spent_than_obligated_is_refused(staff, line):
    with pytest.raises(ValidationError) as refused:
        _report(staff, line, datetime.date(2026, 10, 1), committed=100, obligated=50, expended=60)
    assert "expended" in refused.value.message_dict


def test_a_report_is_for_a_whole_month(staff, line):
    with pytest.raises(ValidationError) as refused:
        _report(staff, line, datetime.date(2026, 10, 15), committed=10)
    assert "month" in refused.value.message_dict


def test_a_report_against_another_program_s_funding_line_is_refused(staff, line, make_program):
    other = make_program(name="Other")
    with pytest.raises(ValidationError, match="another program"):
        add_execution_report(
            user=_admin(staff),
            program=other,
            data={"funding_line": line, "month": datetime.date(2026, 10, 1), "committed": 1},
        )


def test_a_month_is_reported_once_per_funding_line(staff, line):
    _report(staff, line, datetime.date(2026, 10, 1), committed=10)
    with pytest.raises(ValidationError, match="already has a report for this month"):
        _report(staff, line, datetime.date(2026, 10, 1), committed=20)


def test_an_execution_report_is_kept_in_the_history_with_who_made_it(staff, line):
    report = _report(staff, line, datetime.date(2026, 10, 1), committed=10)
    assert report.history.get().history_user == _admin(staff)


def test_the_program_page_shows_execution_against_plan_as_a_chart_and_its_table(
    staff, line, client
):
    _report(staff, line, datetime.date(2026, 10, 1), planned_obligations=300, committed=250,
            obligated=200, expended=50)  # fmt: skip
    _report(staff, line, datetime.date(2026, 11, 1), planned_obligations=600, committed=500,
            obligated=450, expended=200)  # fmt: skip
    client.force_login(_admin(staff))
    text = client.get(reverse("programs:program-detail", args=[line.program.pk])).text
    assert 'role="img"' in text and "Execution against plan, by month" in text
    assert text.count("<polyline") == 4
    assert "November 2026" in text and "450.00" in text
    assert "0603790D8Z" in text and "P790" in text


def test_the_api_returns_the_execution_series_summed_over_the_lines(staff, line):
    second = FundingLine.objects.create(
        program=line.program, fiscal_year=2027, appropriation="O&M", amount=Decimal("800")
    )
    _report(staff, line, datetime.date(2026, 10, 1), committed=100, obligated=80, expended=10)
    _report(staff, second, datetime.date(2026, 10, 1), committed=50, obligated=40, expended=5)
    response = _api(staff.desk_officer).get(f"/api/v1/programs/{line.program.pk}/execution")
    assert response.status_code == 200
    body = response.json()
    assert Decimal(body["planned_total"]) == 2000
    (month,) = body["months"]
    assert (month["month"], Decimal(month["obligated"]), Decimal(month["expended"])) == (
        "2026-10-01",
        120,
        15,
    )


def test_a_report_through_the_api_names_a_funding_line_of_another_program(
    staff, line, make_program
):
    other = make_program(name="Other")
    response = _api(staff.desk_officer).post(
        f"/api/v1/programs/{other.pk}/execution-reports",
        {"funding_line": line.pk, "month": "2026-10-01", "committed": "1"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert f"no funding line {line.pk}" in response.json()["errors"]["funding_line"][0]
    assert not ExecutionReport.objects.exists()
