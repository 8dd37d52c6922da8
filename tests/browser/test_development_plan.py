"""A supervisor opens a team member's development plan, adds a recommended course, completes it
and sees the gap shrink; the catalog, a course, training seats and certification pages pass axe."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from seccoop.competencies import mapping
from seccoop.development import services
from seccoop.development.models import (
    AreaOfConcentration,
    CertificationLevel,
    Course,
    CourseCompetency,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def catalog(directorate):
    """Two mapped courses against the desk officer template (1.A 3, 1.D 4, 4.C 2) and one not."""
    framework = directorate.framework

    def course(title, builds, **kwargs):
        made = Course.objects.create(title=title, provider="DSCU", hours=16, **kwargs)
        for code, level in builds.items():
            CourseCompetency.objects.create(
                course=made, competency=framework.competencies.get(code=code), level=level
            )
        return made

    course("Orientation", {"1.A": 2, "1.D": 2}, required_for_certification=True)
    course("Sales Basics", {"4.C": 2})
    course(
        "End-Use Monitoring",
        {},
        description="Planning end-use checks of defense articles transferred to partners.",
    )
    services.set_requirement(
        user=directorate.workforce_manager.user,
        position=directorate.teammate.position,
        level=CertificationLevel.BASIC,
    )


def test_a_supervisor_plans_and_completes_a_recommended_course_and_sees_the_gap_shrink(
    sign_in, url, axe, directorate, catalog
):
    page = sign_in(directorate.alpha_lead)
    page.goto(url("development:plan", directorate.teammate.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text("Development plan of Tina Teammate")
    remaining = page.get_by_test_id("gap-remaining")
    expect(remaining).to_have_text("9 levels")
    recommended = page.get_by_role("region", name="Recommended courses")
    expect(recommended.get_by_text("1.D: required 4, now 0 (4 below)")).to_be_visible()
    axe(page)

    page.get_by_role("button", name="Add “Orientation” to the plan").click()
    expect(page.get_by_text("“Orientation” was added to the plan.")).to_be_visible()
    plan = page.get_by_role("table", name="Courses and on-the-job assignments on the plan")
    expect(plan.get_by_role("rowheader", name="Orientation")).to_be_visible()

    today = datetime.date.today().isoformat()
    page.get_by_label("Completed on").fill(today)
    page.get_by_role("button", name="Mark “Orientation” complete").click()
    expect(page.get_by_text("“Orientation” is complete.")).to_be_visible()
    expect(page.get_by_test_id("gap-remaining")).to_have_text("5 levels")
    axe(page)


def test_the_catalog_course_seats_and_certification_pages_pass_axe(
    sign_in, url, axe, directorate, catalog
):
    # Load the embedding model before the page asks for it: loading takes seconds.
    mapping.suggest(directorate.framework, "Planning end-use checks")
    page = sign_in(directorate.workforce_manager)
    page.get_by_role("button", name="Workforce", exact=True).click()
    page.get_by_role("link", name="Development", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training and development")
    axe(page)

    page.get_by_role("link", name="Browse the catalog").click()
    table = page.get_by_role("table", name="3 courses")
    expect(table.get_by_role("link", name="Orientation")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="End-Use Monitoring").click()
    suggestions = page.get_by_role("region", name="Suggested from the description")
    expect(suggestions).to_be_visible()
    axe(page)
    suggestions.get_by_role("button", name=re.compile(r"^Accept ")).first.click()
    decisions = page.get_by_role("table", name=re.compile("Suggestions people accepted"))
    expect(decisions.get_by_role("cell", name="Accepted")).to_be_visible()
    expect(page.get_by_text("(100% precision)")).to_be_visible()
    axe(page)

    page.goto(url("development:course-new"))
    axe(page)
    page.goto(url("development:course-import"))
    axe(page)

    page.goto(url("development:unit-recommendations", unit=directorate.division.pk))
    seats = page.get_by_role("table", name="Courses closing the most gap across")
    expect(seats.get_by_role("link", name="Orientation")).to_be_visible()
    axe(page)

    page.goto(url("development:standing"))
    not_good = page.get_by_role("table", name="People not in good standing")
    expect(not_good.get_by_role("link", name="Tina Teammate")).to_be_visible()
    axe(page)


def test_the_certification_authority_approves_a_request_on_the_plan_page_which_passes_axe(
    sign_in, url, axe, directorate, catalog
):
    manager = directorate.workforce_manager.user
    tina = directorate.teammate
    today = datetime.date.today()
    services.record_certification_dates(
        user=manager, person=tina, entered_position_on=today - datetime.timedelta(days=30)
    )
    services.record_experience(
        user=manager,
        person=tina,
        area=AreaOfConcentration.objects.get(code="SCO"),
        level=CertificationLevel.BASIC,
        started_on=today - datetime.timedelta(days=400),
    )
    orientation = Course.objects.get(title="Orientation")
    activity = services.add_course(user=manager, person=tina, course=orientation, due_on=today)
    services.complete_activity(user=manager, activity=activity, completed_on=today)
    services.request_certification(user=tina.user, person=tina, level=CertificationLevel.BASIC)

    page = sign_in(directorate.workforce_manager)
    page.goto(url("development:plan", tina.pk))
    requests = page.get_by_role("table", name="Certifications asked for")
    expect(requests.get_by_text("Awaiting the certification authority")).to_be_visible()
    axe(page)
    page.get_by_label("Decision").select_option("approve")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Tina Teammate is certified.")).to_be_visible()
    axe(page)

    page.goto(url("development:standing"))
    good = page.get_by_role("table", name="People certified")
    expect(good.get_by_role("link", name="Tina Teammate")).to_be_visible()
    axe(page)
