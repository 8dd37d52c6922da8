"""The dashboard: each persona sees the figures of the people whose ratings they may see."""

import re

import pytest
from django.urls import reverse

from seccoop.workforce.models import RatingSource
from seccoop.workforce.services import record_rating
from tests.factories import PersonFactory, PositionFactory

DASHBOARD = reverse("dashboard")


def rate(d, rater, person, code, level, source=RatingSource.SUPERVISOR):
    record_rating(
        user=rater.user,
        person=person,
        competency=d.framework.competencies.get(code=code),
        level=level,
        source=source,
    )


def open_dashboard(client, person):
    client.force_login(person.user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


def section(html, heading):
    """The text of the card whose heading is `heading`, up to the next card."""
    start = re.search(rf'usa-card__heading"[^>]*>{re.escape(heading)}</h', html).start()
    end = html.find('<li class="usa-card', start)
    return html[start : end if end != -1 else None]


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_nora_with_no_role_and_no_team_gets_her_own_view(client, directorate):
    html = open_dashboard(client, directorate.outsider)
    assert "Your biggest gaps" in html
    assert "You hold no position, so nothing is required of you yet." in html
    assert "Due for assessment" not in html


def test_a_team_member_sees_their_own_biggest_gaps_widest_first(client, directorate):
    d = directorate
    rate(d, d.alpha_lead, d.teammate, "1.A", 3)
    card = section(open_dashboard(client, d.teammate), "Your biggest gaps")
    # 1.D asks for 4 and 4.C for 2; 1.A is met.
    assert card.index(">1.D</abbr>") < card.index(">4.C</abbr>")
    assert ">1.A</abbr>" not in card


def test_a_supervisor_sees_the_biggest_gaps_of_the_people_they_may_see(client, directorate):
    d = directorate
    rate(d, d.alpha_lead, d.teammate, "1.D", 4)
    rate(d, d.alpha_lead, d.underling, "1.D", 4)
    card = section(open_dashboard(client, d.alpha_lead), "Your team's biggest gaps")
    assert card.index(">1.A</abbr>") < card.index(">4.C</abbr>")
    assert ">1.D</abbr>" not in card
    assert "3.0 levels" in card


def test_a_supervisor_sees_who_in_their_team_is_due_for_assessment(client, directorate):
    d = directorate
    rate(d, d.alpha_lead, d.teammate, "1.A", 3)
    card = section(open_dashboard(client, d.alpha_lead), "Due for assessment")
    assert "Uma Underling" in card
    assert "Tina Teammate" not in card
    assert "Sam Supervisor" not in card
    assert "Bob Bravo" not in card


def test_a_workforce_manager_sees_directorate_wide_figures(client, directorate):
    d = directorate
    rate(d, d.workforce_manager, d.bravo_member, "4.C", 2, RatingSource.VALIDATED)
    html = open_dashboard(client, d.workforce_manager)
    assert "Directorate-wide figures" in html
    # Three desk officers, three requirements each, one of them met.
    assert "1 of 9 person-by-sub-competency requirements" in html
    assert "Bob Bravo" not in section(html, "Due for assessment")


def test_the_leader_sees_directorate_wide_figures_over_the_chain(client, directorate):
    html = open_dashboard(client, directorate.leader)
    assert "Directorate-wide figures" in html
    assert "over the 6 people whose ratings you may see" in html


@pytest.mark.parametrize("extra", [0, 25])
def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, directorate, django_assert_max_num_queries, extra
):
    d = directorate
    for n in range(extra):
        person = PersonFactory(first_name=f"Extra{n}", last_name="Member")
        PositionFactory(
            incumbent=person,
            role_type=d.role_type,
            org_unit=d.alpha,
            reports_to=d.alpha_lead.position,
        )
    client.force_login(d.alpha_lead.user)
    # The workforce figures, the supervisor's own gaps and each app's home panel, whose
    # queries are fixed however many people or records they find.
    with django_assert_max_num_queries(30):
        response = client.get(DASHBOARD)
    assert f"the {3 + extra} people whose ratings you may see" in response.content.decode()
