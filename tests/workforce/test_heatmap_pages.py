"""The gap heatmap pages: what each persona sees, drill-down, and query counts."""

import pytest
from django.urls import reverse

from seccoop.workforce.models import RatingSource
from seccoop.workforce.services import record_rating
from tests.factories import PersonFactory, PositionFactory
from tests.workforce.heatmap_tables import heatmap_table, row_starting

HEATMAP = reverse("workforce:heatmap")
PEOPLE = reverse("workforce:heatmap-people")


def rate(d, rater, person, code, level, source=RatingSource.SUPERVISOR):
    record_rating(
        user=rater.user,
        person=person,
        competency=d.framework.competencies.get(code=code),
        level=level,
        source=source,
    )


def open_heatmap(client, person, **params):
    client.force_login(person.user)
    response = client.get(HEATMAP, params)
    assert response.status_code == 200
    return response.content.decode()


def open_people(client, person, **params):
    client.force_login(person.user)
    response = client.get(PEOPLE, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("url", [HEATMAP, PEOPLE])
def test_an_anonymous_visitor_is_sent_to_sign_in(client, directorate, url):
    response = client.get(url, {"unit": directorate.alpha.pk})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sams_heatmap_counts_only_his_team(client, directorate):
    d = directorate
    table = heatmap_table(open_heatmap(client, d.alpha_lead, unit=d.division.pk))
    assert list(table) == ["Alpha Team"]
    # Sam, Tina and Uma: the people whose ratings Sam may see.
    assert table["Alpha Team"]["People"] == "3"


def test_the_leader_sees_every_team_and_the_people_placed_directly_in_the_division(
    client, directorate
):
    d = directorate
    table = heatmap_table(open_heatmap(client, d.leader, unit=d.division.pk))
    assert list(table) == [
        "Armaments Cooperation Division (placed directly in it)",
        "Alpha Team",
        "Bravo Team",
        "Total: Armaments Cooperation Division",
    ]
    assert [row["People"] for row in table.values()] == ["1", "3", "2", "6"]


def test_with_no_unit_chosen_the_top_units_are_shown(client, directorate):
    d = directorate
    table = heatmap_table(open_heatmap(client, d.workforce_manager))
    assert list(table) == ["Armaments Cooperation Division"]
    assert table["Armaments Cooperation Division"]["People"] == "6"


def test_a_cell_shows_the_share_of_required_people_meeting_the_requirement(client, directorate):
    d = directorate
    rate(d, d.alpha_lead, d.teammate, "1.A", 3)
    table = heatmap_table(open_heatmap(client, d.alpha_lead, unit=d.division.pk))
    assert table["Alpha Team"]["1.A"] == "50%"


def test_a_cell_can_show_the_mean_shortfall_instead(client, directorate):
    d = directorate
    rate(d, d.alpha_lead, d.teammate, "1.A", 2)
    table = heatmap_table(
        open_heatmap(client, d.alpha_lead, unit=d.division.pk, measure="shortfall")
    )
    # Tina is one level short and Uma, unrated, three: two levels on average.
    assert table["Alpha Team"]["1.A"] == "2.0!"


def test_a_required_sub_competency_nobody_is_proficient_on_is_flagged(client, directorate):
    d = directorate
    rate(d, d.alpha_lead, d.teammate, "1.A", 2)
    html = open_heatmap(client, d.alpha_lead, unit=d.division.pk)
    assert heatmap_table(html)["Alpha Team"]["1.A"] == "0%!"
    assert "nobody proficient" in html


def test_the_flag_goes_once_someone_is_proficient(client, directorate):
    d = directorate
    rate(d, d.alpha_lead, d.teammate, "1.A", 3)
    table = heatmap_table(open_heatmap(client, d.alpha_lead, unit=d.division.pk))
    assert table["Alpha Team"]["1.A"] == "50%"


def test_a_sub_competency_nobody_in_the_unit_requires_shows_a_dash(client, directorate):
    d = directorate
    html = open_heatmap(client, d.alpha_lead, unit=d.division.pk)
    assert heatmap_table(html)["Alpha Team"]["2.A"] == "—"
    assert '<span class="usa-sr-only">not required</span>' in html


def test_columns_carry_the_full_statement_of_each_sub_competency(client, directorate):
    d = directorate
    statement = d.framework.competencies.get(code="1.A").label
    html = open_heatmap(client, d.alpha_lead, unit=d.division.pk)
    assert f'<abbr title="{statement}">1.A</abbr>' in html
    assert 'href="#sub-competency-key"' in html
    assert html.count('<th scope="col" class="seccoop-heat__code">') == 58


def test_a_unit_row_links_to_that_units_heatmap_and_a_cell_to_its_people(client, directorate):
    d = directorate
    html = open_heatmap(client, d.leader, unit=d.division.pk)
    assert f'href="?unit={d.alpha.pk}&amp;framework=dod-security-cooperation' in html
    assert f'href="{PEOPLE}?unit={d.alpha.pk}&amp;competency=1.A&amp;' in html


def test_nora_sees_no_figures_on_the_unit_heatmap(client, directorate):
    html = open_heatmap(client, directorate.outsider, unit=directorate.division.pk)
    assert heatmap_table(html) == {}
    assert "nobody here whose ratings you may see" in html


def test_an_unknown_unit_is_not_found(client, directorate):
    client.force_login(directorate.leader.user)
    assert client.get(HEATMAP, {"unit": "999999"}).status_code == 404
    assert client.get(HEATMAP, {"unit": "alpha"}).status_code == 404
    assert client.get(PEOPLE).status_code == 404


def test_the_people_heatmap_shows_current_against_required_levels(client, directorate):
    d = directorate
    rate(d, d.alpha_lead, d.teammate, "1.A", 2)
    table = heatmap_table(open_people(client, d.alpha_lead, unit=d.alpha.pk, competency="1.A"))
    assert [name.split(" Alpha")[0].split(" Desk")[0] for name in table] == [
        "Sam Supervisor",
        "Tina Teammate",
        "Uma Underling",
    ]
    assert row_starting(table, "Tina Teammate")["1.A"] == "2/3"
    assert row_starting(table, "Uma Underling")["1.D"] == "0/4"


def test_the_people_heatmap_highlights_the_chosen_column(client, directorate):
    d = directorate
    html = open_people(client, d.alpha_lead, unit=d.alpha.pk, competency="1.D")
    assert 'id="col-1.D" class="seccoop-heat__code seccoop-heat__chosen"' in html
    assert 'id="col-1.A" class="seccoop-heat__code"' in html


def test_sue_cannot_see_the_alpha_teams_people_rows(client, directorate):
    d = directorate
    html = open_people(client, d.bravo_lead, unit=d.alpha.pk)
    assert heatmap_table(html) == {}
    assert "Tina" not in html


def test_sue_sees_only_her_own_team_in_the_divisions_people(client, directorate):
    d = directorate
    table = heatmap_table(open_people(client, d.bravo_lead, unit=d.division.pk))
    assert [name.split(" ")[0] for name in table] == ["Bob", "Sue"]


def _grow_alpha_team(d, how_many):
    for n in range(how_many):
        person = PersonFactory(first_name=f"Extra{n}", last_name="Member")
        PositionFactory(
            incumbent=person,
            role_type=d.role_type,
            org_unit=d.alpha,
            reports_to=d.alpha_lead.position,
        )
        rate(d, d.alpha_lead, person, "1.A", 3)


@pytest.mark.parametrize("extra", [0, 25])
def test_the_unit_heatmap_runs_a_fixed_number_of_queries(
    client, directorate, django_assert_max_num_queries, extra
):
    d = directorate
    _grow_alpha_team(d, extra)
    client.force_login(d.leader.user)
    with django_assert_max_num_queries(16):
        response = client.get(HEATMAP, {"unit": d.division.pk})
    assert heatmap_table(response.content.decode())["Alpha Team"]["People"] == str(3 + extra)


@pytest.mark.parametrize("extra", [0, 25])
def test_the_people_heatmap_runs_a_fixed_number_of_queries(
    client, directorate, django_assert_max_num_queries, extra
):
    d = directorate
    _grow_alpha_team(d, extra)
    client.force_login(d.alpha_lead.user)
    with django_assert_max_num_queries(17):
        response = client.get(PEOPLE, {"unit": d.alpha.pk, "competency": "1.A"})
    assert len(heatmap_table(response.content.decode())) == 3 + extra
