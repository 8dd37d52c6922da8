"""The two clocks of a case, the overdue list, the pipeline, and the data-quality flags."""

import datetime

import pytest

from seccoop.programs.models import Case, CaseState
from seccoop.programs.services import cases as services
from tests.programs.cases_fixtures import *  # noqa: F403 (the case fixtures)
from tests.programs.cases_fixtures import TODAY

pytestmark = pytest.mark.django_db


def messages(case, today=TODAY):
    return [flag.message for flag in services.data_quality(case, today=today)]


def test_an_offer_past_its_expiry_is_listed_as_overdue(case_in):
    late = case_in(CaseState.OFFERED, offered_on=datetime.date(2026, 2, 1),
                   offer_expires_on=datetime.date(2026, 4, 27))  # fmt: skip
    case_in(CaseState.OFFERED, offered_on=TODAY, offer_expires_on=datetime.date(2026, 8, 25))

    overdue = services.overdue(Case.objects.all(), today=TODAY)

    assert list(overdue) == [late]
    assert late.offer_expired(TODAY)


def test_an_offer_expiring_today_is_not_yet_overdue(case_in):
    case = case_in(CaseState.OFFERED, offered_on=TODAY, offer_expires_on=TODAY)

    assert not case.offer_expired(TODAY)
    assert not services.overdue(Case.objects.all(), today=TODAY).exists()


def test_a_closure_past_its_due_date_is_listed_as_overdue(case_in):
    late = case_in(CaseState.INTERIM_CLOSED, supply_complete_on=datetime.date(2025, 5, 1),
                   closure_due_on=datetime.date(2026, 5, 1))  # fmt: skip
    case_in(CaseState.SUPPLY_COMPLETE, supply_complete_on=datetime.date(2026, 5, 1),
            closure_due_on=datetime.date(2027, 5, 1))  # fmt: skip

    assert list(services.overdue(Case.objects.all(), today=TODAY)) == [late]


def test_a_closed_case_has_no_running_clock(case_in):
    case_in(CaseState.CLOSED, closure_due_on=datetime.date(2025, 1, 1))

    assert not services.overdue(Case.objects.all(), today=TODAY).exists()


def test_the_pipeline_counts_cases_by_state_with_their_age_and_overdue_clocks(case_in, staff):
    old = timezone_days_ago(40)
    case_in(CaseState.OFFERED, offered_on=datetime.date(2025, 1, 1),
            offer_expires_on=datetime.date(2025, 3, 27), state_changed_at=old)  # fmt: skip
    case_in(CaseState.OFFERED, offered_on=TODAY, offer_expires_on=datetime.date(2099, 1, 1),
            state_changed_at=timezone_days_ago(10))  # fmt: skip
    case_in(CaseState.WRITTEN, state_changed_at=timezone_days_ago(3))

    rows = {row.state: row for row in services.pipeline(Case.objects.all(), today=TODAY)}

    assert (rows["offered"].count, rows["offered"].oldest_days) == (2, 40)
    assert rows["offered"].average_days == 25
    assert rows["offered"].overdue == 1
    assert rows["offered"].share == 100
    assert (rows["written"].count, rows["written"].share) == (1, 50)
    assert rows["closed"].count == 0


def timezone_days_ago(days):
    from django.utils import timezone

    return timezone.now() - datetime.timedelta(days=days, hours=1)


# --- data quality --------------------------------------------------------------------


def test_a_new_case_with_an_incomplete_request_says_what_the_request_lacks(
    new_case, incomplete_request
):
    case = new_case(request=incomplete_request)

    flags = messages(case)

    assert any(flag.startswith("The request lacks") for flag in flags)
    assert "No case manager is assigned." in flags
    assert "No program team manages the case." in flags


def test_a_case_past_the_request_without_an_agency_is_flagged(case_in):
    case = case_in(CaseState.REQUEST_COMPLETE)

    assert "The implementing agency is missing." in messages(case)


def test_an_offered_case_whose_schedule_does_not_match_its_value_is_flagged(case_in, staff):
    case = case_in(CaseState.OFFERED, offered_on=TODAY, offer_expires_on=TODAY)
    services.add_line(user=staff.desk_officer.user, case=case, description="Extra",
                      unit_value=500)  # fmt: skip

    assert (
        "The payment schedule ($3,000,000.00) does not match the case value ($3,000,500.00)."
        in messages(case)
    )


def test_an_offer_without_an_expiry_date_is_flagged(case_in):
    case = case_in(CaseState.OFFERED, offered_on=TODAY)

    assert "The offer expiry date is missing." in messages(case)


def test_past_due_milestones_and_payments_are_flagged_on_an_open_case(case_in, staff):
    case = case_in(CaseState.IMPLEMENTED, offered_on=TODAY, accepted_on=TODAY)
    services.add_milestone(user=staff.desk_officer.user, case=case, title="Radar delivered",
                           due_on=datetime.date(2026, 5, 1))  # fmt: skip

    flags = messages(case, today=datetime.date(2026, 7, 15))

    assert "Past due and not complete: Radar delivered." in flags
    assert "1 payment past due." in flags
    assert "No program or financial review in the past year." in flags


def test_a_recent_review_clears_the_review_flag(case_in, staff):
    case = case_in(CaseState.IMPLEMENTED, offered_on=TODAY, accepted_on=TODAY)
    services.record_review(user=staff.desk_officer.user, case=case, kind="program",
                           held_on=datetime.date(2026, 3, 1))  # fmt: skip

    assert "No program or financial review in the past year." not in messages(case)


def test_a_supply_complete_case_without_its_closure_due_date_is_flagged(case_in):
    case = case_in(CaseState.SUPPLY_COMPLETE, offered_on=TODAY, accepted_on=TODAY,
                   supply_complete_on=TODAY)  # fmt: skip

    assert "The closure due date is missing." in messages(case)


def test_a_complete_case_has_nothing_missing(case_in, staff):
    case = case_in(CaseState.REVIEWED)
    Case.objects.filter(pk=case.pk).update(org_unit=staff.directorate.alpha)
    case.refresh_from_db()

    assert messages(case) == []


def test_the_portfolio_report_lists_only_cases_that_lack_something(case_in, new_case, staff):
    complete = case_in(CaseState.REVIEWED)
    Case.objects.filter(pk=complete.pk).update(org_unit=staff.directorate.alpha)
    lacking = new_case()

    report = services.portfolio_quality(Case.objects.all(), today=TODAY)

    assert [case for case, _ in report] == [lacking]


def test_the_portfolio_report_reads_a_fixed_number_of_queries(
    case_in, new_case, django_assert_max_num_queries
):
    for _ in range(3):
        new_case()
        case_in(CaseState.IMPLEMENTED)

    with django_assert_max_num_queries(8):
        services.portfolio_quality(Case.objects.all(), today=TODAY)
