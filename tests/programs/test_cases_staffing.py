"""Staffing a case: assignments give evidence of practice; the case page ranks who could take it."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from seccoop.competencies.exercises import codes_of, unknown_codes
from seccoop.partners.models import PracticeEvidence
from seccoop.programs.models import Case, CaseLine, CaseReview, ClosureAction, LetterOfRequest
from seccoop.programs.services import cases as services
from seccoop.workforce.models import RatingSource
from seccoop.workforce.services import refresh_current_levels
from tests.factories import RatingFactory
from tests.programs.cases_fixtures import *  # noqa: F403 (the case fixtures)

pytestmark = pytest.mark.django_db


def evidence_codes(person):
    return sorted(
        PracticeEvidence.objects.filter(person=person).values_list("competency__code", flat=True)
    )


def test_every_case_record_type_declares_sub_competencies_of_the_framework(seed_framework):
    assert codes_of(Case) == ("4.C", "4.D", "4.F", "4.H", "4.I", "4.J", "4.L")
    assert codes_of(LetterOfRequest) == ("4.F",)
    assert codes_of(CaseLine) == ("4.C",)
    assert codes_of(CaseReview) == ("4.B",)
    assert codes_of(ClosureAction) == ("4.I",)
    assert not {
        label: codes for label, codes in unknown_codes(seed_framework).items()
        if label.startswith(("Case", "Letter", "Payment", "Closure"))
    }  # fmt: skip


def test_the_case_manager_gains_evidence_of_practice_on_everything_the_case_exercises(
    new_case, staff
):
    case = new_case()

    services.assign_staff(
        user=staff.desk_officer.user,
        case=case,
        person=staff.program_member,
        role="case manager",
        assigned_on=datetime.date(2026, 5, 11),
    )

    assert evidence_codes(staff.program_member) == ["4.C", "4.D", "4.F", "4.H", "4.I", "4.J", "4.L"]
    assert set(
        PracticeEvidence.objects.filter(person=staff.program_member).values_list(
            "practiced_on", flat=True
        )
    ) == {datetime.date(2026, 5, 11)}


def test_a_hybrid_case_exercises_industry_advice_as_well_as_pricing(new_case, staff):
    case = new_case(kind="hybrid")

    services.assign_staff(
        user=staff.desk_officer.user, case=case, person=staff.program_member, role="case manager"
    )

    codes = evidence_codes(staff.program_member)
    assert "4.G" in codes
    assert "4.C" in codes


def test_the_evidence_follows_a_change_of_the_kind_of_case(new_case, staff):
    case = new_case()
    services.assign_staff(
        user=staff.desk_officer.user, case=case, person=staff.program_member, role="case manager"
    )
    assert "4.G" not in evidence_codes(staff.program_member)

    services.update_case(
        user=staff.desk_officer.user, case=case, changes={"kind": "hybrid"}, expected_version=1
    )

    assert "4.G" in evidence_codes(staff.program_member)


def test_the_case_page_ranks_the_people_who_could_take_it_with_the_reasons(new_case, staff):
    case = new_case()
    four_c = staff.directorate.framework.competencies.get(code="4.C")
    RatingFactory(person=staff.desk_officer, competency=four_c, level=4,
                  source=RatingSource.SUPERVISOR, rated_on=datetime.date(2026, 5, 1))  # fmt: skip
    refresh_current_levels([staff.desk_officer.pk])
    client = Client()
    client.force_login(staff.alpha_lead.user)

    response = client.get(reverse("programs:case-detail", args=[case.pk]))

    ranking = response.context["staffing"]
    assert ranking[0].person == staff.desk_officer
    assert "desk officer for France" in ranking[0].explanation
    assert "Who could take this case" in response.text


def test_a_desk_officer_who_may_not_see_others_ratings_gets_no_ranking(new_case, staff):
    case = new_case()
    client = Client()
    client.force_login(staff.desk_officer.user)

    response = client.get(reverse("programs:case-detail", args=[case.pk]))

    assert response.context["staffing"] is None
    assert "Who could take this case" not in response.text


def test_a_financial_analyst_on_a_case_gains_pricing_systems_and_accounting_not_the_desk_s_codes(
    new_case, staff
):
    case = new_case()

    services.assign_staff(
        user=staff.desk_officer.user, case=case, person=staff.program_member,
        role="financial analyst",
    )  # fmt: skip

    assert evidence_codes(staff.program_member) == ["4.C", "4.D", "4.L"]


def test_the_country_desk_on_a_case_gains_evidence_on_the_request_and_the_portfolio_data(
    new_case, staff
):
    case = new_case()

    services.assign_staff(
        user=staff.desk_officer.user, case=case, person=staff.program_member, role="country desk"
    )

    assert evidence_codes(staff.program_member) == ["4.F", "4.J"]


def test_someone_holding_two_roles_on_a_case_gains_the_evidence_of_both(new_case, staff):
    case = new_case()
    for role in ("country desk", "training manager"):
        services.assign_staff(
            user=staff.desk_officer.user, case=case, person=staff.program_member, role=role
        )

    assert evidence_codes(staff.program_member) == ["4.F", "4.H", "4.J"]


def test_the_work_mapping_page_names_the_roles_that_exercise_each_sub_competency(
    client, staff, seed_framework
):
    client.force_login(staff.desk_officer.user)
    page = client.get(
        reverse("competencies:work-mapping", args=[seed_framework.slug])
    ).content.decode()
    assert "by the case manager, the financial analyst" in page
