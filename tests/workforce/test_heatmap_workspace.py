"""The unit heatmap as a workspace: sorting, the total row, the top gaps and where a gap leads.

Lee (leadership) opens the division's heatmap. Tina, Uma (alpha) and Bob
(bravo) hold desk officer posts requiring 1.A at 3, 1.D at 4 and 4.C at 2;
nobody is rated unless a test rates them, so each of them is short on all three.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from seccoop.workforce.models import RatingSource
from seccoop.workforce.services import record_rating
from tests.factories import (
    PersonFactory,
    PositionFactory,
    RoleRequirementFactory,
    RoleTemplateFactory,
    RoleTypeFactory,
)
from tests.workforce.heatmap_tables import heatmap_table

pytestmark = pytest.mark.django_db

HEATMAP = reverse("workforce:heatmap")
PEOPLE = reverse("workforce:heatmap-people")
STAFFING = reverse("workforce:staffing")
COURSES = reverse("development:course-list")


def rate(d, person, code, level):
    record_rating(
        user=d.workforce_manager.user,
        person=person,
        competency=d.framework.competencies.get(code=code),
        level=level,
        source=RatingSource.VALIDATED,
    )


def open_heatmap(client, person, **params) -> str:
    client.force_login(person.user)
    response = client.get(HEATMAP, params)
    assert response.status_code == 200
    return response.content.decode()


def top_gap_codes(html: str) -> list[str]:
    section = html.split('id="top-gaps-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<li><strong>([^<]+)</strong>", section)


def links_in(html: str, start: str) -> list[str]:
    found = re.findall(rf'href="({re.escape(start)}[^"]*)"', html)
    return [href.replace("&amp;", "&") for href in found]


def test_the_units_can_be_sorted_by_their_total_gap_widest_first(client, directorate):
    d = directorate
    rate(d, d.teammate, "1.A", 3)  # alpha: 5 short (Tina 2, Uma 3); bravo: Bob's 3
    table = heatmap_table(open_heatmap(client, d.leader, unit=d.division.pk, sort="gap"))
    assert list(table)[:3] == [
        "Alpha Team",
        "Bravo Team",
        "Armaments Cooperation Division (placed directly in it)",
    ]
    assert [table[name]["People short"] for name in list(table)[:3]] == ["5", "3", "0"]


def test_the_units_can_be_sorted_by_one_column_lowest_share_first(client, directorate):
    d = directorate
    rate(d, d.teammate, "1.A", 3)  # alpha meets 1.A at 50%, bravo at 0%
    table = heatmap_table(open_heatmap(client, d.leader, unit=d.division.pk, sort="1.A"))
    # The division's own row requires no 1.A: it comes last.
    assert list(table)[:3] == [
        "Bravo Team",
        "Alpha Team",
        "Armaments Cooperation Division (placed directly in it)",
    ]


def test_the_sorted_column_header_says_how_it_is_sorted(client, directorate):
    d = directorate
    html = open_heatmap(client, d.leader, unit=d.division.pk, sort="1.A")
    assert '<th scope="col" class="seccoop-heat__code" aria-sort="ascending">' in html
    assert html.count("aria-sort=") == 1


def test_sorting_by_the_total_gap_marks_that_header_descending(client, directorate):
    html = open_heatmap(client, directorate.leader, unit=directorate.division.pk, sort="gap")
    assert '<th scope="col" aria-sort="descending"><a href=' in html


def test_each_column_header_is_a_link_that_sorts_by_it(client, directorate):
    html = open_heatmap(client, directorate.leader, unit=directorate.division.pk)
    [link] = [href for href in links_in(html, "?") if "sort=4.C" in href]
    assert parse_qs(urlsplit(link).query)["unit"] == [str(directorate.division.pk)]


def test_an_unknown_sort_leaves_the_units_in_their_usual_order(client, directorate):
    d = directorate
    table = heatmap_table(open_heatmap(client, d.leader, unit=d.division.pk, sort="nonsense"))
    assert list(table)[1:3] == ["Alpha Team", "Bravo Team"]
    assert "aria-sort=" not in open_heatmap(client, d.leader, unit=d.division.pk, sort="x")


def test_the_division_has_a_total_row_over_all_its_people(client, directorate):
    d = directorate
    rate(d, d.teammate, "1.A", 3)
    table = heatmap_table(open_heatmap(client, d.leader, unit=d.division.pk))
    total = table["Total: Armaments Cooperation Division"]
    assert (total["People"], total["People short"], total["1.A"]) == ("6", "8", "33%")


def test_a_team_of_one_row_has_no_total_row(client, directorate):
    d = directorate
    table = heatmap_table(open_heatmap(client, d.alpha_lead, unit=d.division.pk))
    assert list(table) == ["Alpha Team"]


@pytest.fixture
def specialist(directorate):
    """Ivy, alone in a post requiring 2.A at level 4, and unrated on it."""
    d = directorate
    kind = RoleTypeFactory(name="Cooperation specialist", slug="cooperation-specialist")
    template = RoleTemplateFactory(role_type=kind, framework=d.framework)
    RoleRequirementFactory(
        template=template, competency=d.framework.competencies.get(code="2.A"), level=4
    )
    ivy = PersonFactory(first_name="Ivy", last_name="Specialist")
    PositionFactory(
        incumbent=ivy, role_type=kind, org_unit=d.alpha, reports_to=d.alpha_lead.position
    )
    return ivy


def test_a_gap_one_person_holds_ranks_below_gaps_more_people_share(client, directorate, specialist):
    d = directorate
    rate(d, d.teammate, "1.A", 3)
    # Ivy misses 4 levels of 2.A on her own; two people miss 1.A, three 1.D and 4.C.
    codes = top_gap_codes(open_heatmap(client, d.leader, unit=d.division.pk))
    assert codes == ["1.D", "4.C", "1.A", "2.A"]


def test_the_top_gaps_say_how_the_list_is_weighted(client, directorate):
    html = open_heatmap(client, directorate.leader, unit=directorate.division.pk)
    assert "Ranked by how many people are below the level their position requires" in html


def test_a_top_gap_links_to_staffing_for_the_unit_on_that_sub_competency(client, directorate):
    d = directorate
    html = open_heatmap(client, d.leader, unit=d.division.pk)
    query = parse_qs(urlsplit(links_in(html, STAFFING + "?")[0]).query)
    assert query["unit"] == [str(d.division.pk)]
    assert query["form-0-competency"] == ["1.D"]


def test_a_top_gap_links_to_the_courses_that_build_it(client, directorate):
    html = open_heatmap(client, directorate.leader, unit=directorate.division.pk)
    assert links_in(html, COURSES + "?")[0] == f"{COURSES}?competency=1.D"


def test_someone_who_may_not_rank_people_is_not_offered_the_staffing_link(client, directorate):
    html = open_heatmap(client, directorate.teammate, unit=directorate.division.pk)
    assert top_gap_codes(html)
    assert not links_in(html, STAFFING + "?")


def test_a_cells_people_link_onward_to_staffing_and_courses(client, directorate):
    d = directorate
    client.force_login(d.alpha_lead.user)
    html = client.get(PEOPLE, {"unit": d.alpha.pk, "competency": "1.A"}).content.decode()
    query = parse_qs(urlsplit(links_in(html, STAFFING + "?")[0]).query)
    assert (query["unit"], query["form-0-competency"]) == ([str(d.alpha.pk)], ["1.A"])
    assert links_in(html, COURSES + "?") == [f"{COURSES}?competency=1.A"]


def test_staffing_for_a_unit_ranks_only_that_units_people(client, directorate):
    d = directorate
    client.force_login(d.leader.user)
    html = open_heatmap(client, d.leader, unit=d.alpha.pk)
    response = client.get(links_in(html, STAFFING + "?")[0])
    ranked = response.content.decode().split("People ranked by fit", 1)[1]
    assert "Tina Teammate" in ranked
    assert "Bob Bravo" not in ranked


def test_staffing_for_an_unknown_unit_is_not_found(client, directorate):
    client.force_login(directorate.leader.user)
    assert client.get(STAFFING, {"unit": "999999"}).status_code == 404
