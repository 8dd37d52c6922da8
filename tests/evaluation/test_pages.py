"""The evaluation pages: lists, record pages, forms, panels on other pages, charts."""

import datetime

import pytest
from django.urls import reverse

from seccoop.evaluation.kinds import KINDS
from seccoop.evaluation.models import Lesson, Objective


def test_every_list_page_answers_within_a_fixed_number_of_queries(
    client, directorate, world, django_assert_max_num_queries
):
    client.force_login(directorate.outsider.user)
    for slug in KINDS:
        with django_assert_max_num_queries(12):
            response = client.get(reverse("evaluation:record-list", args=[slug]))
        assert response.status_code == 200, slug


def test_the_objective_list_filters_by_country(client, directorate, world):
    client.force_login(directorate.outsider.user)
    response = client.get(reverse("evaluation:record-list", args=["objectives"]), {"country": "pl"})
    assert "PL-1" in response.text
    assert "TCP-EU-1" not in response.text


def test_the_initiative_page_shows_its_indicators_standing_and_the_staffing_ranking(
    client, directorate, world, django_assert_max_num_queries
):
    client.force_login(directorate.leader.user)
    url = reverse("evaluation:record-detail", args=["initiatives", world.initiative.pk])
    with django_assert_max_num_queries(60):
        response = client.get(url)
    assert response.status_code == 200
    assert "Behind the planned course" in response.text
    assert "Who could take this" in response.text
    assert "Tina Teammate" in response.text  # assigned, and ranked


def test_someone_who_may_not_staff_does_not_see_the_ranking(client, directorate, world):
    client.force_login(directorate.outsider.user)
    url = reverse("evaluation:record-detail", args=["initiatives", world.initiative.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Who could take this" not in response.text


def test_the_indicator_page_draws_the_trend_with_its_data_table(client, directorate, world):
    client.force_login(directorate.outsider.user)
    response = client.get(
        reverse("evaluation:record-detail", args=["indicators", world.indicator.pk])
    )
    assert '<svg viewBox="0 0 640 260" role="img"' in response.text
    assert "Crews certified: measurements against the planned course (crews)" in response.text
    assert "49.73" in response.text  # planned for 1 July


def test_the_priorities_page_shows_objectives_with_the_activities_serving_them(
    client, directorate, world, django_assert_max_num_queries
):
    client.force_login(directorate.outsider.user)
    # A fixed number, whatever the number of objectives, activities and resources.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("evaluation:priorities"))
    assert response.status_code == 200
    assert "Air defense staff exchange" in response.text
    assert "$250,000 estimated" in response.text


def test_the_country_page_shows_the_objectives_for_the_country_and_its_region(
    client, directorate, world
):
    client.force_login(directorate.outsider.user)
    response = client.get(reverse("partners:country-detail", args=[world.poland.pk]))
    assert "Objectives for Poland" in response.text
    assert "PL-1" in response.text and "TCP-EU-1" in response.text


def test_an_engagement_serving_an_objective_gets_the_objectives_panel(directorate, world):
    from seccoop.core.panels import panels_for
    from seccoop.partners.models import Engagement, EngagementType

    engagement = Engagement.objects.create(
        title="Air defense talks",
        engagement_type=EngagementType.objects.get(slug="staff-talks"),
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 1),
    )
    world.objective.engagements.add(engagement)
    [(template, context)] = panels_for("engagement", directorate.outsider.user, engagement)
    assert context["objectives"] == [world.objective]


def test_leadership_creates_an_objective_through_the_form(client, directorate, world):
    client.force_login(directorate.leader.user)
    response = client.post(
        reverse("evaluation:record-new", args=["objectives"]),
        {"code": "PL-2", "title": "Poland trains its crews", "level": "country", "priority": 2,
         "country": world.poland.pk},
    )  # fmt: skip
    objective = Objective.objects.get(code="PL-2")
    assert response.status_code == 302
    assert objective.history.first().history_user == directorate.leader.user


def test_a_theater_objective_without_a_region_is_refused_on_the_form(client, directorate, world):
    client.force_login(directorate.leader.user)
    response = client.post(
        reverse("evaluation:record-new", args=["objectives"]),
        {"code": "TCP-X", "title": "Somewhere", "level": "theater", "priority": 2},
    )
    assert response.status_code == 200
    assert "A theater campaign plan objective names its region." in response.text
    assert not Objective.objects.filter(code="TCP-X").exists()


def test_an_edit_made_against_an_older_version_is_refused_and_shows_the_saved_values(
    client, directorate, world
):
    client.force_login(directorate.leader.user)
    url = reverse("evaluation:record-edit", args=["objectives", world.objective.pk])
    form = {"code": "PL-1", "title": "First", "level": "country", "priority": 2,
            "country": world.poland.pk, "version": world.objective.version}  # fmt: skip
    assert client.post(url, form).status_code == 302
    response = client.post(url, {**form, "title": "Second"})
    assert "Not saved: this changed since you opened it" in response.text
    world.objective.refresh_from_db()
    assert world.objective.title == "First"


def test_a_child_record_is_added_from_its_parent_page(client, directorate, world):
    client.force_login(directorate.teammate.user)
    url = reverse("evaluation:record-new", args=["measurements"])
    response = client.post(
        f"{url}?indicator={world.indicator.pk}", {"measured_on": "2026-10-01", "value": "75"}
    )
    assert response.status_code == 302
    assert world.indicator.measurements.filter(value=75).exists()


def test_a_child_record_cannot_be_added_without_its_parent(client, directorate, world):
    client.force_login(directorate.leader.user)
    assert client.get(reverse("evaluation:record-new", args=["measurements"])).status_code == 404


def test_lessons_are_searched_by_the_words_of_where_they_came_from(
    client, directorate, world, save
):
    save(Lesson, title="Start with the partner's calendar", kind="practice",
         observation="Seminars timed to the budget cycle worked.", initiative=world.initiative,
         recorded_on=datetime.date(2026, 6, 1))  # fmt: skip
    client.force_login(directorate.outsider.user)
    url = reverse("evaluation:record-list", args=["lessons"])
    assert "partner&#x27;s calendar" in client.get(url, {"q": "polish training"}).text
    assert "No lesson" in client.get(url, {"q": "maritime"}).text


def test_the_recommendation_page_moves_the_recommendation(client, directorate, world, save):
    from seccoop.evaluation.models import Recommendation

    recommendation = save(Recommendation, evaluation=world.evaluation, text="Train instructors.")
    client.force_login(directorate.teammate.user)
    page = reverse("evaluation:record-detail", args=["recommendations", recommendation.pk])
    assert "Accept" in client.get(page).text
    client.post(
        reverse("evaluation:recommendation-move", args=[recommendation.pk]),
        {"transition": "accept", "version": recommendation.version},
    )
    recommendation.refresh_from_db()
    assert recommendation.state == "accepted"


def test_assigning_someone_from_the_page_gives_them_evidence(client, directorate, world):
    from seccoop.partners.models import PracticeEvidence

    client.force_login(directorate.leader.user)
    client.post(
        reverse("evaluation:record-assign", args=["objectives", world.objective.pk]),
        {"person": directorate.underling.pk, "role": "Planner"},
    )
    codes = set(
        PracticeEvidence.objects.filter(person=directorate.underling).values_list(
            "competency__code", flat=True
        )
    )
    assert codes == {"2.D", "4.A", "6.A", "6.B"}


@pytest.mark.parametrize("slug", ["evaluation:index", "evaluation:import", "evaluation:export"])
def test_the_area_pages_answer(client, directorate, world, slug):
    client.force_login(directorate.leader.user)
    assert client.get(reverse(slug)).status_code == 200


def test_staff_assigned_to_an_initiative_add_a_resource_from_its_page(client, directorate, world):
    from seccoop.evaluation.models import ResourceAllocation

    client.force_login(directorate.teammate.user)
    url = reverse("evaluation:record-new", args=["resources"])
    response = client.post(
        f"{url}?initiative={world.initiative.pk}",
        {"objective": world.objective.pk, "fiscal_year": 2027, "kind": "funds", "amount": "5000",
         "rank": 1},
    )  # fmt: skip
    assert response.status_code == 302
    resource = ResourceAllocation.objects.get()
    assert (resource.initiative, resource.objective) == (world.initiative, world.objective)
