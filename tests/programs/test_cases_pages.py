"""The case pages: list, opening a case, its page with workflow and records, pipeline, quality."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seccoop.core.models import StateChange
from seccoop.programs.models import Case, CaseState
from seccoop.programs.services import cases as services
from tests.clients import token_client
from tests.programs.cases_fixtures import *  # noqa: F403 (the case fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tina(staff):
    client = Client()
    client.force_login(staff.desk_officer.user)
    return client


@pytest.fixture
def api(staff):
    """An API client of Tina, France's desk officer."""
    return token_client(staff.desk_officer)


def detail(case):
    return reverse("programs:case-detail", args=[case.pk])


def test_a_desk_officer_opens_a_case_with_its_request_through_the_page(tina, staff):
    response = tina.post(
        reverse("programs:case-new"),
        {
            "case-identifier": "FR-D-NEW",
            "case-title": "Reaper support",
            "case-country": staff.france.pk,
            "case-kind": "fms",
            "case-offer_validity_days": 85,
            "request-kind": "lor",
            "request-received_on": "2026-05-04",
            "request-items_described": "on",
        },
    )

    case = Case.objects.get(identifier="FR-D-NEW")
    assert response.status_code == 302
    assert response["Location"] == detail(case)
    assert case.request.items_described


def test_opening_a_case_with_an_identifier_in_use_names_the_field_and_writes_nothing(
    tina, new_case, staff
):
    existing = new_case()

    response = tina.post(
        reverse("programs:case-new"),
        {
            "case-identifier": existing.identifier,
            "case-title": "Duplicate",
            "case-country": staff.france.pk,
            "case-kind": "fms",
            "case-offer_validity_days": 85,
            "request-kind": "lor",
        },
    )

    assert response.status_code == 400
    assert "Case with this Identifier already exists." in response.text
    assert Case.objects.count() == 1


def test_the_case_page_shows_the_state_the_clock_and_what_is_missing(tina, case_in):
    case = case_in(CaseState.OFFERED, offered_on=datetime.date(2025, 1, 2),
                   offer_expires_on=datetime.date(2025, 3, 28))  # fmt: skip

    response = tina.get(detail(case))

    assert response.status_code == 200
    assert "Offer expiry" in response.text
    assert "overdue by" in response.text
    assert "The offer expired on 28 Mar 2025." in response.text
    assert [item["transition"].name for item in response.context["transitions"]] == [
        "extend_offer",
        "restate",
        "accept",
        "cancel",
    ]


def test_a_transition_taken_from_the_page_moves_the_case_and_is_logged(tina, new_case):
    case = new_case()

    response = tina.post(
        reverse("programs:case-move", args=[case.pk, "complete_request"]),
        {"complete_request-note": "All there.", "version": case.version},
        follow=True,
    )

    case.refresh_from_db()
    assert case.state == CaseState.REQUEST_COMPLETE
    assert "is now request complete" in response.text
    assert "All there." in response.text


def test_a_refused_transition_on_the_page_says_why_and_changes_nothing(tina, case_in):
    case = case_in(CaseState.DEVELOPMENT)

    response = tina.post(
        reverse("programs:case-move", args=[case.pk, "write"]), {"version": case.version},
        follow=True,
    )  # fmt: skip

    case.refresh_from_db()
    assert case.state == CaseState.DEVELOPMENT
    assert "Name the implementing agency." in response.text
    assert not StateChange.objects.exists()


def test_lines_and_payments_are_added_from_the_case_page(tina, new_case):
    case = new_case()

    tina.post(
        reverse("programs:case-line-new", args=[case.pk]),
        {"line-description": "Spares", "line-quantity": 2, "line-unit_value": "1000"},
    )
    tina.post(
        reverse("programs:case-payment-new", args=[case.pk]),
        {"payment-due_on": "2026-08-01", "payment-amount": "2000"},
    )

    assert services.case_value(case) == 2000
    assert services.scheduled_total(case) == 2000


def test_a_bad_line_on_the_case_page_names_the_field(tina, new_case):
    case = new_case()

    response = tina.post(
        reverse("programs:case-line-new", args=[case.pk]),
        {"line-description": "Spares", "line-quantity": 0, "line-unit_value": "1000"},
        follow=True,
    )

    assert "Quantity: Ensure this value is greater than or equal to 1." in response.text
    assert not case.lines.exists()


def test_an_administrator_may_work_any_case_from_its_page(case_in, staff):
    case = case_in(CaseState.WRITTEN)
    administrator = Client()
    administrator.force_login(staff.administrator.user)

    response = administrator.get(detail(case))

    assert response.context["may_change"] is True
    assert "Add the line" in response.text


def test_the_case_list_reads_a_fixed_number_of_queries(
    tina, new_case, case_in, django_assert_max_num_queries
):
    for _ in range(5):
        new_case()
        case_in(CaseState.OFFERED, offered_on=datetime.date(2026, 1, 1),
                offer_expires_on=datetime.date(2026, 3, 27))  # fmt: skip

    with django_assert_max_num_queries(12):
        response = tina.get(reverse("programs:case-list"))

    assert response.status_code == 200
    assert "Offer expired" in response.text


def test_the_case_page_reads_a_bounded_number_of_queries(
    tina, case_in, staff, django_assert_max_num_queries
):
    case = case_in(CaseState.IMPLEMENTED)
    for number in range(3):
        services.add_milestone(user=staff.desk_officer.user, case=case, title=f"M{number}",
                               due_on=datetime.date(2026, 9, 1))  # fmt: skip

    with django_assert_max_num_queries(60):
        response = tina.get(detail(case))

    assert response.status_code == 200


def test_the_pipeline_page_charts_cases_by_state_and_lists_overdue_clocks(tina, case_in):
    late = case_in(CaseState.OFFERED, offered_on=datetime.date(2025, 1, 2),
                   offer_expires_on=datetime.date(2025, 3, 28))  # fmt: skip

    response = tina.get(reverse("programs:case-pipeline"))

    rows = {row.state: row for row in response.context["rows"]}
    assert rows["offered"].count == 1
    assert response.context["overdue"] == [late]
    assert "Cases by state, with their age in state and overdue clocks" in response.text


def test_the_data_quality_report_lists_what_each_case_lacks(tina, new_case):
    case = new_case()

    response = tina.get(reverse("programs:case-data-quality"))

    assert response.context["report"][0][0] == case
    assert "No case manager is assigned." in response.text


def test_the_request_checklist_is_updated_on_its_page(tina, new_case):
    case = new_case(request={"received_on": "2026-05-04"})
    letter = case.request

    response = tina.post(
        reverse("programs:case-request", args=[case.pk]),
        {
            "request-version": letter.version,
            "request-kind": "lor",
            "request-received_on": "2026-05-04",
            "request-requested_response": "loa",
            "request-funding_source": "fmf",
            "request-desired_delivery_on": "2027-05-01",
            "request-from_authorized_official": "on",
            "request-through_proper_channels": "on",
            "request-items_described": "on",
            "request-end_use_stated": "on",
            "request-total_package_considered": "on",
            "request-point_of_contact": "on",
        },
    )

    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.is_complete


def test_the_case_pages_need_a_sign_in(client):
    response = client.get(reverse("programs:case-list"))

    assert response.status_code == 302


def test_the_overdue_list_names_the_expired_offer_of_a_proposed_case_and_its_days_late(
    tina, case_in
):
    today = timezone.localdate()
    case_in(CaseState.PROPOSED, offer_expires_on=today - datetime.timedelta(days=3))

    response = tina.get(reverse("programs:case-pipeline"))

    overdue = response.text.split('id="overdue-heading"')[1]
    assert "<td>Offer expiry</td>" in overdue
    assert "<td>3</td>" in overdue


def test_the_case_list_and_the_case_page_show_the_clock_the_api_gives(tina, api, case_in):
    case = case_in(CaseState.OFFERED, offered_on=datetime.date(2025, 1, 2),
                   offer_expires_on=datetime.date(2025, 3, 28))  # fmt: skip
    (clock,) = api.get(f"/api/v1/cases/{case.pk}").json()["clocks"]

    listed = tina.get(reverse("programs:case-list")).text
    page = tina.get(detail(case)).text

    assert (clock["name"], clock["overdue"]) == ("Offer expiry", True)
    assert "<strong>Offer expired</strong>" in listed
    assert f"<strong>overdue by {-clock['days']} days</strong>" in page
