"""Anticipated offer dates by AOD group, and the share of offers made by them (SAMM C5.4.2)."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from seccoop.programs.models import Case, CaseState
from seccoop.programs.services import cases as services
from tests.programs.cases_fixtures import *  # noqa: F403 (the case fixtures)
from tests.programs.cases_fixtures import TODAY

pytestmark = pytest.mark.django_db

GROUP_DAYS = {"A": 100, "B": 150, "C": 240}
COMPLETE = datetime.date(2026, 1, 5)


@pytest.fixture(autouse=True)
def group_days(settings):
    settings.SECCOOP_AOD_GROUP_DAYS = GROUP_DAYS
    settings.SECCOOP_AOD_ON_TIME_GOAL = 85


def offered(case_in, group, days_after_complete, **fields):
    return case_in(
        CaseState.OFFERED,
        aod_group=group,
        request_complete_on=COMPLETE,
        offered_on=COMPLETE + datetime.timedelta(days=days_after_complete),
        **fields,
    )


def share_of(shares, group):
    return next(share for share in shares if share.group == group)


def test_marking_the_request_complete_records_the_day_the_offer_clock_counts_from(new_case, staff):
    case = new_case()

    services.move_case(
        user=staff.desk_officer.user, case=case, name="complete_request", today=TODAY
    )

    assert case.request_complete_on == TODAY


def test_the_anticipated_offer_date_is_the_groups_days_after_the_request_was_complete(case_in):
    case = case_in(CaseState.DEVELOPMENT, aod_group="B", request_complete_on=COMPLETE)

    assert case.anticipated_offer_on == datetime.date(2026, 6, 4)  # 150 days


def test_a_case_without_an_aod_group_has_no_anticipated_offer_date(case_in):
    case = case_in(CaseState.DEVELOPMENT, request_complete_on=COMPLETE)

    assert case.anticipated_offer_on is None


def test_the_anticipated_offer_clock_runs_until_the_offer_and_is_overdue_once_passed(case_in):
    case = case_in(CaseState.WRITTEN, aod_group="A", request_complete_on=COMPLETE)

    clock = services.clocks(case, today=TODAY)[0]

    assert (clock.name, clock.day, clock.overdue) == (
        "Anticipated offer",
        datetime.date(2026, 4, 15),
        True,
    )
    assert clock.label == "Past the anticipated offer date"


def test_an_offered_case_no_longer_runs_the_anticipated_offer_clock(case_in):
    case = offered(case_in, "A", 90)

    assert "Anticipated offer" not in [clock.name for clock in services.clocks(case, today=TODAY)]


def test_the_share_of_offers_made_by_their_date_is_counted_per_group(case_in):
    offered(case_in, "A", 90)
    offered(case_in, "A", 100)  # on the day itself
    offered(case_in, "A", 130)
    offered(case_in, "B", 120)

    shares = services.offer_date_shares(Case.objects.all(), today=TODAY)

    group_a = share_of(shares, "A")
    assert (group_a.offered, group_a.on_time, group_a.share, group_a.meets_goal) == (
        3,
        2,
        67,
        False,
    )
    assert (share_of(shares, "B").share, share_of(shares, "B").meets_goal) == (100, True)
    assert share_of(shares, "C").share is None


def test_a_case_still_in_development_past_its_date_is_counted_as_waiting(case_in):
    case_in(CaseState.REVIEWED, aod_group="C", request_complete_on=datetime.date(2025, 6, 1))

    shares = services.offer_date_shares(Case.objects.all(), today=TODAY)

    assert (share_of(shares, "C").offered, share_of(shares, "C").waiting_past) == (0, 1)


def test_the_share_is_computed_in_one_query_however_many_cases(case_in, django_assert_num_queries):
    for days in (10, 120, 200, 300):
        offered(case_in, "B", days)

    with django_assert_num_queries(1):
        services.offer_date_shares(Case.objects.all(), today=TODAY)


@override_settings(SECCOOP_AOD_ON_TIME_GOAL=60)
def test_the_goal_is_the_directorates_setting(case_in):
    offered(case_in, "A", 90)
    offered(case_in, "A", 100)
    offered(case_in, "A", 130)

    group_a = share_of(services.offer_date_shares(Case.objects.all(), today=TODAY), "A")

    assert (group_a.goal, group_a.meets_goal) == (60, True)


def test_the_pipeline_shows_each_groups_share_against_the_goal(case_in, staff, client):
    offered(case_in, "A", 90)
    offered(case_in, "A", 130)
    client.force_login(staff.desk_officer.user)

    page = client.get(reverse("programs:case-pipeline")).content.decode()

    assert 'id="offer-dates"' in page
    assert "against the 85% goal" in page
    assert "50%" in page and "Below the goal" in page


def test_the_pipeline_counts_only_the_cases_the_viewer_sees(case_in, staff, client):
    offered(case_in, "A", 90)
    client.force_login(staff.outsider.user)

    page = client.get(reverse("programs:case-pipeline")).content.decode()

    assert "Below the goal" not in page and "Meets the goal" not in page


def test_the_case_page_shows_the_anticipated_offer_date(case_in, staff, client):
    case = case_in(CaseState.DEVELOPMENT, aod_group="B", request_complete_on=COMPLETE)
    client.force_login(staff.desk_officer.user)

    page = client.get(reverse("programs:case-detail", args=[case.pk])).content.decode()

    assert "Anticipated offer date" in page
    assert "4 Jun 2026" in page and "Group B" in page


def test_the_api_gives_the_share_per_group_and_each_cases_anticipated_offer_date(
    case_in, staff, client
):
    case = offered(case_in, "A", 90)
    client.force_login(staff.desk_officer.user)

    shares = client.get("/api/v1/cases/offer-dates").json()
    detail = client.get(f"/api/v1/cases/{case.pk}").json()

    assert [(s["group"], s["offered"], s["share"]) for s in shares][0] == ("A", 1, 100)
    assert detail["anticipated_offer_on"] == "2026-04-15"
    assert detail["aod_group"] == "A"
