"""Rating entry pages: a supervisor rates the team on one sub-competency, or one person on all."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from seccoop.core.permissions import Role
from seccoop.workforce.models import CurrentLevel, Rating, RatingSource
from seccoop.workforce.services import record_rating
from tests.factories import PersonFactory, PositionFactory


def team_page(code="1.A"):
    return f"{reverse('workforce:rate-team')}?competency={code}"


def person_rating_page(person):
    return reverse("workforce:rate-person", args=[person.pk])


def test_a_supervisor_rates_the_team_on_one_sub_competency(client, directorate):
    d = directorate
    client.force_login(d.alpha_lead.user)
    response = client.post(
        team_page("1.A"),
        {
            "source": "supervisor",
            f"level_{d.teammate.pk}": "3",
            f"evidence_{d.teammate.pk}": "Briefed the country team",
            f"level_{d.underling.pk}": "2",
            f"evidence_{d.underling.pk}": "",
        },
        follow=True,
    )
    assert "Recorded 2 ratings on 1.A." in response.text
    levels = dict(
        CurrentLevel.objects.filter(competency__code="1.A").values_list(
            "person__first_name", "level"
        )
    )
    assert levels == {"Tina": 3, "Uma": 2}


def test_team_ratings_appear_on_the_person_page(client, directorate):
    d = directorate
    client.force_login(d.alpha_lead.user)
    client.post(
        team_page("1.A"),
        {
            "source": "supervisor",
            f"level_{d.teammate.pk}": "3",
            f"evidence_{d.teammate.pk}": "Briefed the country team",
        },
    )
    page = client.get(reverse("workforce:person-detail", args=[d.teammate.pk])).text
    assert "3 Intermediate" in page
    assert "Briefed the country team" in page
    assert "Sam Supervisor" in page


def test_the_team_page_shows_each_members_current_level(client, directorate):
    d = directorate
    record_rating(
        user=d.alpha_lead.user,
        person=d.teammate,
        competency=d.framework.competencies.get(code="4.C"),
        level=4,
        source=RatingSource.SUPERVISOR,
    )
    client.force_login(d.alpha_lead.user)
    page = client.get(team_page("4.C")).text
    assert "4 Advanced" in page
    assert "Level for Uma Underling" in page
    assert "Bob Bravo" not in page


def test_the_team_page_groups_sub_competencies_by_competency(client, directorate):
    client.force_login(directorate.alpha_lead.user)
    page = client.get(team_page("4.C")).text
    assert '<optgroup label="4.0 ' in page
    assert '<option value="4.C" selected>' in page


def test_a_level_outside_the_scale_is_refused_naming_the_person(client, directorate):
    d = directorate
    client.force_login(d.alpha_lead.user)
    response = client.post(
        team_page("1.A"),
        {
            "source": "supervisor",
            f"level_{d.teammate.pk}": "3",
            f"level_{d.underling.pk}": "9",
            f"evidence_{d.underling.pk}": "Typed by hand",
        },
    )
    assert response.status_code == 200
    assert "Uma Underling, 1.A, level: Level 9 is not on the scale" in response.text
    assert 'value="Typed by hand"' in response.text
    assert not Rating.objects.exists()


def test_evidence_without_a_level_is_refused_naming_the_person(client, directorate):
    d = directorate
    client.force_login(d.alpha_lead.user)
    response = client.post(
        team_page("1.A"),
        {"source": "supervisor", f"evidence_{d.teammate.pk}": "Led the staff talks"},
    )
    assert "Tina Teammate: choose a level to go with the evidence." in response.text
    assert not Rating.objects.exists()


def test_someone_who_supervises_no_one_cannot_open_the_team_page(client, directorate):
    client.force_login(directorate.outsider.user)
    assert client.get(team_page()).status_code == 403


def test_a_supervisor_cannot_record_validated_ratings(client, directorate):
    d = directorate
    client.force_login(d.alpha_lead.user)
    response = client.post(team_page("1.A"), {"source": "validated", f"level_{d.teammate.pk}": "3"})
    assert "Select a valid choice" in response.text
    assert not Rating.objects.exists()


def test_a_workforce_manager_who_supervises_may_record_validated_ratings(client, directorate):
    d = directorate
    d.alpha_lead.user.groups.add(Group.objects.get_or_create(name=Role.WORKFORCE_MANAGER)[0])
    client.force_login(d.alpha_lead.user)
    client.post(team_page("1.A"), {"source": "validated", f"level_{d.teammate.pk}": "4"})
    assert Rating.objects.get().source == RatingSource.VALIDATED


def test_a_supervisor_cannot_open_the_rating_page_of_someone_in_another_team(client, directorate):
    client.force_login(directorate.alpha_lead.user)
    assert client.get(person_rating_page(directorate.bravo_member)).status_code == 403


def test_someone_without_a_role_cannot_rate_a_colleague(client, directorate):
    client.force_login(directorate.outsider.user)
    response = client.post(
        person_rating_page(directorate.teammate), {"source": "self", "level_1_A": "3"}
    )
    assert response.status_code == 403
    assert not Rating.objects.exists()


def test_the_person_rating_form_has_a_fieldset_per_competency_and_every_sub_competency(
    client, directorate
):
    client.force_login(directorate.alpha_lead.user)
    page = client.get(person_rating_page(directorate.teammate)).text
    assert page.count('<fieldset class="usa-fieldset margin-top-4">') == 9
    assert page.count('class="usa-select"') == 58


def test_the_person_rating_form_starts_at_the_current_level(client, directorate):
    d = directorate
    record_rating(
        user=d.alpha_lead.user,
        person=d.teammate,
        competency=d.framework.competencies.get(code="1.D"),
        level=4,
        source=RatingSource.SUPERVISOR,
    )
    client.force_login(d.alpha_lead.user)
    page = client.get(person_rating_page(d.teammate)).text
    start = page.index('name="level_1_D"')
    assert '<option value="4" selected>4 Advanced</option>' in page[start : start + 600]


def test_only_changed_levels_become_new_ratings(client, directorate):
    d = directorate
    record_rating(
        user=d.alpha_lead.user,
        person=d.teammate,
        competency=d.framework.competencies.get(code="1.D"),
        level=4,
        source=RatingSource.SUPERVISOR,
    )
    client.force_login(d.alpha_lead.user)
    response = client.post(
        person_rating_page(d.teammate),
        {"source": "supervisor", "level_1_D": "4", "level_2_A": "3", "level_3_B": ""},
        follow=True,
    )
    assert "Recorded 1 rating for Tina Teammate." in response.text
    assert sorted(Rating.objects.values_list("competency__code", "level")) == [
        ("1.D", 4),
        ("2.A", 3),
    ]


def test_a_staff_member_rates_themselves_as_self(client, directorate):
    d = directorate
    client.force_login(d.teammate.user)
    page = client.get(person_rating_page(d.teammate)).text
    assert "Recorded as self ratings." in page
    client.post(person_rating_page(d.teammate), {"source": "self", "level_5_A": "2"})
    assert Rating.objects.get().source == RatingSource.SELF


def test_a_staff_member_cannot_post_a_supervisor_rating_of_themselves(client, directorate):
    d = directorate
    client.force_login(d.teammate.user)
    client.post(person_rating_page(d.teammate), {"source": "supervisor", "level_5_A": "5"})
    assert not Rating.objects.exists()


def test_a_workforce_manager_records_validated_ratings_on_the_person_form(client, directorate):
    d = directorate
    client.force_login(d.workforce_manager.user)
    assert "Recorded as validated ratings." in client.get(person_rating_page(d.teammate)).text
    client.post(person_rating_page(d.teammate), {"source": "validated", "level_1_A": "3"})
    assert Rating.objects.get().source == RatingSource.VALIDATED


def test_someone_with_several_sources_chooses_one_with_radio_buttons(client, directorate):
    client.force_login(directorate.administrator.user)
    page = client.get(person_rating_page(directorate.teammate)).text
    assert '<legend class="usa-legend">Record as</legend>' in page
    assert page.count('class="usa-radio__input"') == 2


def test_submitting_without_any_change_records_nothing(client, directorate):
    client.force_login(directorate.alpha_lead.user)
    response = client.post(person_rating_page(directorate.teammate), {"source": "supervisor"})
    assert "nothing to record" in response.text
    assert not Rating.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in_from_the_rating_pages(client, directorate):
    response = client.get(team_page())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("team_size", [5, 30])
def test_the_team_rating_page_reads_a_fixed_number_of_queries(
    client, directorate, django_assert_max_num_queries, team_size
):
    d = directorate
    for _ in range(team_size):
        member = PersonFactory()
        PositionFactory(
            incumbent=member,
            role_type=d.role_type,
            org_unit=d.alpha,
            reports_to=d.alpha_lead.position,
        )
        Rating.objects.create(
            person=member,
            competency=d.framework.competencies.get(code="1.A"),
            level=2,
            source=RatingSource.SUPERVISOR,
            rated_on="2025-01-01",
        )
    client.force_login(d.alpha_lead.user)
    with django_assert_max_num_queries(16):
        response = client.get(team_page("1.A"))
    assert response.text.count('class="usa-select"') == team_size + 3
