"""The staffing, coverage and mapping pages pass axe-core's WCAG 2.1 AA rules."""

import pytest
from django.conf import settings
from django.test import Client

from seccoop.competencies import mapping
from seccoop.workforce.models import RatingSource
from seccoop.workforce.services import record_rating

pytestmark = pytest.mark.browser


@pytest.fixture
def sign_in(page, live_server, url):
    def sign_in_as(person):
        client = Client()
        client.force_login(person.user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
        return page

    return sign_in_as


@pytest.fixture
def rated(directorate):
    d = directorate
    for person, code, level in [(d.teammate, "4.C", 4), (d.bravo_member, "1.A", 3)]:
        record_rating(
            user=d.workforce_manager.user,
            person=person,
            competency=d.framework.competencies.get(code=code),
            level=level,
            source=RatingSource.VALIDATED,
        )
    return d


def test_the_staffing_page_with_a_ranking_passes_axe(sign_in, url, axe, rated):
    page = sign_in(rated.workforce_manager)
    page.goto(url("workforce:staffing"))
    page.get_by_label("Sub-competency, row 1").select_option("4.C")
    page.get_by_label("Lowest level wanted, row 1").select_option("3")
    page.get_by_role("button", name="Rank people").click()
    page.get_by_text("Meets 1 of 1 requirements").first.wait_for()
    axe(page)


def test_the_coverage_page_with_a_what_if_passes_axe(sign_in, url, axe, rated):
    page = sign_in(rated.workforce_manager)
    page.goto(url("workforce:coverage"))
    page.get_by_label("What if this person left?").select_option(label="Tina Teammate")
    page.get_by_role("button", name="Show coverage").click()
    page.get_by_text("Nobody would be proficient any more").wait_for()
    axe(page)


def test_the_mapping_page_with_suggestions_passes_axe(
    sign_in, url, axe, directorate, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    # Load the model and the framework's vectors before the page asks (the server shares them).
    mapping.suggest(directorate.framework, "Ran the quarterly PMR")
    page = sign_in(directorate.teammate)
    page.goto(url("competencies:mapping"))
    page.get_by_label("Description of the work").fill(
        "Ran the quarterly PMR with the Saudi customer"
    )
    page.get_by_role("button", name="Suggest sub-competencies").click()
    page.get_by_role("table").wait_for()
    axe(page)
