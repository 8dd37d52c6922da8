"""Leadership walks through objectives, priorities, an initiative and its indicators, accepts a
recommendation and records a measurement; every evaluation page passes axe-core's WCAG 2.1 AA."""

import pytest
from playwright.sync_api import expect

from seccoop.evaluation.demo import build_evaluation_demo
from seccoop.evaluation.models import (
    Indicator,
    Initiative,
    Lesson,
    Objective,
    Recommendation,
    RecommendationState,
)
from seccoop.partners.models import Region
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def plans(directorate):
    """The demo's objectives, activities and initiatives, on the directorate's personas."""
    Region.objects.create(code="eucom", name="U.S. European Command")
    Region.objects.create(code="indopacom", name="U.S. Indo-Pacific Command")
    admin = UserFactory(username="root")
    admin.is_superuser = True
    admin.save()
    build_evaluation_demo(seed=7)


def test_every_evaluation_page_passes_axe(sign_in, url, axe, directorate, plans):
    page = sign_in(directorate.leader)
    kenya = Initiative.objects.get(external_id="INI-KE-NCO")
    addresses = [
        url("evaluation:index"),
        url("evaluation:priorities"),
        url("evaluation:import"),
        url("evaluation:export"),
        url("competencies:work-mapping", directorate.framework.slug),
        url("evaluation:record-detail", "objectives", Objective.objects.get(code="PL-1").pk),
        url("evaluation:record-detail", "initiatives", kenya.pk),
        url("evaluation:record-detail", "evaluations", kenya.evaluations.get().pk),
        url("evaluation:record-detail", "lessons", Lesson.objects.first().pk),
        url("evaluation:record-detail", "activities", kenya.activities.first().pk),
        url("evaluation:record-new", "objectives"),
        url("evaluation:record-edit", "initiatives", kenya.pk),
    ]
    for slug in ("objectives", "documents", "activities", "initiatives", "lessons", "frameworks"):
        addresses.append(url("evaluation:record-list", slug))
    for address in addresses:
        page.goto(address)
        expect(page.get_by_role("heading", level=1), address).to_have_count(1)
        axe(page)


def test_leadership_accepts_a_recommendation_and_an_evaluator_records_a_measurement(
    sign_in, url, axe, directorate, plans
):
    proposed = Recommendation.objects.get(state=RecommendationState.PROPOSED)
    page = sign_in(directorate.leader)
    page.goto(url("evaluation:record-detail", "recommendations", proposed.pk))
    page.get_by_role("button", name="Accept").click()
    page.wait_for_load_state()
    expect(page.get_by_text("The recommendation is now accepted.")).to_be_visible()
    axe(page)

    graduates = Indicator.objects.get(external_id="IND-KE-GRAD")
    page.goto(url("evaluation:record-detail", "indicators", graduates.pk))
    expect(
        page.get_by_role("img", name="NCOs graduated: measurements against the target")
    ).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Add measurement").click()
    page.get_by_label("Measured on").fill("2099-01-01")
    page.get_by_label("Value").fill("400")
    page.get_by_role("button", name="Create the measurement").click()
    page.wait_for_url("**/evaluation/measurements/*/")
    expect(page.get_by_text("Created the measurement")).to_be_visible()
    page.goto(url("evaluation:record-detail", "indicators", graduates.pk))
    expect(page.get_by_text("Target met").first).to_be_visible()
