"""The development pages: what each persona sees, and what they cost in queries."""

import datetime

import pytest
from django.urls import reverse

from seccoop.development import services
from seccoop.development.models import (
    AreaOfConcentration,
    CertificationLevel,
    CertificationRequest,
    Course,
    CourseCompetency,
    DevelopmentActivity,
    MappingDecision,
)
from tests.development.conftest import make_course

DAY = datetime.date(2026, 3, 2)


def test_the_hub_and_the_catalog_open_for_any_member_of_staff(client, directorate, catalog):
    client.force_login(directorate.outsider.user)
    assert client.get(reverse("development:index")).status_code == 200
    page = client.get(reverse("development:course-list"), {"competency": "1.D"})
    assert [c.title for c in page.context["page"]] == ["Engagement Skills", "Orientation"]


@pytest.mark.parametrize("count", [1, 8])
def test_the_catalog_costs_the_same_queries_for_any_number_of_courses(
    client, directorate, django_assert_max_num_queries, count
):
    for number in range(count):
        make_course(directorate.framework, f"Course {number}", {"1.A": 2})
    client.force_login(directorate.teammate.user)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("development:course-list")).status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_a_course_page_costs_the_same_queries_for_any_number_of_lines(
    client, directorate, django_assert_max_num_queries, count
):
    codes = ["1.A", "1.B", "1.C", "1.D", "1.E", "2.A"][:count]
    course = make_course(directorate.framework, "Mapped", dict.fromkeys(codes, 2))
    client.force_login(directorate.workforce_manager.user)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("development:course-detail", args=[course.pk])).status_code == 200


def test_a_workforce_manager_adds_a_course_through_its_form(client, directorate):
    client.force_login(directorate.workforce_manager.user)
    response = client.post(
        reverse("development:course-new"),
        {
            "title": "Negotiation",
            "provider": "DSCU",
            "level": "intermediate",
            "hours": "24",
            "delivery": "virtual",
            "description": "",
            "required_for_certification": "False",
        },
    )
    course = Course.objects.get(title="Negotiation")
    assert response.status_code == 302 and course.hours == 24


def test_a_course_with_zero_hours_is_refused_naming_the_field(client, directorate):
    client.force_login(directorate.workforce_manager.user)
    response = client.post(
        reverse("development:course-new"),
        {
            "title": "X",
            "provider": "DSCU",
            "level": "basic",
            "hours": "0",
            "delivery": "online",
            "required_for_certification": "False",
        },
    )
    assert response.status_code == 400
    assert "hours" in response.context["form"].errors
    assert not Course.objects.exists()


def test_a_desk_officer_cannot_open_the_course_form(client, directorate):
    client.force_login(directorate.teammate.user)
    assert client.get(reverse("development:course-new")).status_code == 403


def test_accepting_a_suggestion_on_the_course_page_adds_it_to_the_mapping(client, directorate):
    course = Course.objects.create(title="End-use checks", provider="DSCU", hours=8)
    client.force_login(directorate.workforce_manager.user)
    client.post(
        reverse("development:suggestion-decide", args=[course.pk]),
        {"code": "6.F", "score": "0.6812", "rank": "1", "decision": "accept"},
    )
    client.post(
        reverse("development:suggestion-decide", args=[course.pk]),
        {"code": "4.K", "score": "0.4012", "rank": "2", "decision": "reject"},
    )
    assert list(CourseCompetency.objects.values_list("competency__code", flat=True)) == ["6.F"]
    assert dict(MappingDecision.objects.values_list("competency__code", "decision")) == {
        "6.F": "accepted",
        "4.K": "rejected",
    }
    page = client.get(reverse("development:course-detail", args=[course.pk]))
    assert page.context["course_precision"].precision == 0.5
    assert "(50% precision)" in page.content.decode()


@pytest.mark.parametrize("count", [1, 4])
def test_a_plan_costs_the_same_queries_for_any_number_of_activities(
    client, directorate, catalog, django_assert_max_num_queries, count
):
    d = directorate
    for course in [catalog.regional, catalog.engagement, catalog.sales, catalog.orientation][
        :count
    ]:
        activity = services.add_course(
            user=d.teammate.user, person=d.teammate, course=course, due_on=DAY
        )
        services.complete_activity(user=d.teammate.user, activity=activity, completed_on=DAY)
    client.force_login(d.alpha_lead.user)
    with django_assert_max_num_queries(45):
        response = client.get(reverse("development:plan", args=[d.teammate.pk]))
    assert response.status_code == 200


def test_a_supervisor_outside_the_chain_is_told_the_plan_does_not_exist(
    client, directorate, catalog
):
    d = directorate
    services.add_course(user=d.teammate.user, person=d.teammate, course=catalog.sales, due_on=DAY)
    client.force_login(d.bravo_lead.user)
    assert client.get(reverse("development:plan", args=[d.teammate.pk])).status_code == 404
    response = client.post(
        reverse("development:plan-add-course", args=[d.teammate.pk]),
        {"course": catalog.regional.pk, "due_on": "2026-05-01"},
    )
    assert response.status_code == 404
    assert DevelopmentActivity.objects.count() == 1


def test_adding_a_recommended_course_and_completing_it_shrinks_the_gap_on_the_page(
    client, directorate, catalog
):
    d = directorate
    client.force_login(d.teammate.user)
    plan_url = reverse("development:plan", args=[d.teammate.pk])
    before = client.get(plan_url).context["view"]
    client.post(
        reverse("development:plan-add-recommended", args=[d.teammate.pk, catalog.orientation.pk])
    )
    activity = DevelopmentActivity.objects.get(course=catalog.orientation)
    client.post(
        reverse("development:activity-complete", args=[activity.pk]),
        {"completed_on": datetime.date.today().isoformat()},
    )
    after = client.get(plan_url).context["view"]
    assert (before.remaining_levels, after.remaining_levels) == (9, 5)


def test_my_plan_leads_to_the_signed_in_persons_plan(client, directorate):
    client.force_login(directorate.teammate.user)
    response = client.get(reverse("development:my-plan"))
    assert response.url == reverse("development:plan", args=[directorate.teammate.pk])


@pytest.mark.parametrize("count", [1, 3])
def test_the_standing_page_costs_the_same_queries_for_any_number_of_people(
    client, directorate, catalog, django_assert_max_num_queries, count
):
    d = directorate
    for person in [d.teammate, d.underling, d.bravo_member][:count]:
        services.set_requirement(
            user=d.workforce_manager.user, position=person.position, level=CertificationLevel.BASIC
        )
    client.force_login(d.workforce_manager.user)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("development:standing"))
    assert len(response.context["not_good"]) == count


def test_a_supervisor_sees_the_standing_of_their_chain_only(client, directorate, catalog):
    d = directorate
    for person in (d.teammate, d.bravo_member):
        services.set_requirement(
            user=d.workforce_manager.user, position=person.position, level=CertificationLevel.BASIC
        )
    client.force_login(d.alpha_lead.user)
    rows = client.get(reverse("development:standing")).context["not_good"]
    assert [row.person for row in rows] == [d.teammate]


def test_training_seats_of_a_unit_outside_the_chain_are_refused(client, directorate, catalog):
    client.force_login(directorate.alpha_lead.user)
    url = reverse("development:unit-recommendations")
    assert client.get(url, {"unit": directorate.bravo.pk}).status_code == 403
    assert client.get(url, {"unit": directorate.alpha.pk}).status_code == 200


def test_a_workforce_manager_sees_the_seats_of_any_unit(client, directorate, catalog):
    client.force_login(directorate.workforce_manager.user)
    response = client.get(
        reverse("development:unit-recommendations"), {"unit": directorate.division.pk}
    )
    assert response.context["ranked"][0].course == catalog.orientation


def test_the_standing_page_lists_who_is_at_risk_with_links_to_the_missing_courses(
    client, directorate, catalog, settings
):
    d = directorate
    settings.SECCOOP_CERTIFICATION_AT_RISK_DAYS = 60
    services.set_requirement(
        user=d.workforce_manager.user, position=d.teammate.position, level=CertificationLevel.BASIC
    )
    services.record_certification_dates(
        user=d.workforce_manager.user,
        person=d.teammate,
        entered_position_on=datetime.date.today() - datetime.timedelta(days=330),
    )
    client.force_login(d.workforce_manager.user)
    response = client.get(reverse("development:standing"))
    assert [row.person for row in response.context["at_risk"]] == [d.teammate]
    course_url = reverse("development:course-detail", args=[catalog.sales.pk])
    assert f'href="{course_url}">Sales Basics</a>' in response.text
    assert "Non-key, Basic" in response.text


def test_a_request_sent_from_the_plan_page_counts_once_the_authority_approves_it(
    client, directorate, catalog
):
    d = directorate
    manager = d.workforce_manager.user
    today = datetime.date.today()
    services.set_requirement(
        user=manager, position=d.teammate.position, level=CertificationLevel.BASIC
    )
    services.record_certification_dates(
        user=manager, person=d.teammate, entered_position_on=today - datetime.timedelta(days=30)
    )
    services.record_experience(
        user=manager,
        person=d.teammate,
        area=AreaOfConcentration.objects.get(code="SCO"),
        level=CertificationLevel.BASIC,
        started_on=today - datetime.timedelta(days=400),
    )
    activity = services.add_course(
        user=manager, person=d.teammate, course=catalog.sales, due_on=today
    )
    services.complete_activity(user=manager, activity=activity, completed_on=today)
    client.force_login(d.teammate.user)
    client.post(
        reverse("development:certification-request", args=[d.teammate.pk]),
        {"request-level": "basic"},
    )
    request = CertificationRequest.objects.get(person=d.teammate)
    assert (
        client.get(reverse("development:plan", args=[d.teammate.pk])).context["standing"].status
        == services.REQUESTED
    )
    client.force_login(manager)
    client.post(
        reverse("development:certification-decide", args=[request.pk]),
        {"decision-decision": "approve"},
    )
    page = client.get(reverse("development:plan", args=[d.teammate.pk]))
    assert page.context["standing"].status == services.CERTIFIED
