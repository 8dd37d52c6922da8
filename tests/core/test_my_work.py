"""My work: each app's panel on the home page, for the people whose work it is.

Tina is France's desk officer with a follow-up action and a case; Dana is a
foreign disclosure specialist; Nora has no role and no work. Each count links
to the filtered list behind it, and the page's queries do not grow with the
work it finds.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from seccoop.controls import services as controls
from seccoop.controls.models import DisclosureCategory, DisclosureRequest
from seccoop.core.permissions import Role
from seccoop.partners.models import Country, EngagementType
from seccoop.partners.services import ActionData, EngagementData, record_engagement
from seccoop.programs.models import Case, CaseState
from seccoop.workforce.models import Assignment
from tests.factories import PersonFactory, UserFactory

HOME = reverse("dashboard")


@pytest.fixture
def today():
    return timezone.localdate()


def put_on_desk(person):
    """France, with `person` as its primary desk officer."""
    country = Country.objects.get(iso_code="FR")
    country.primary_desk_officer = person
    country.save()
    return country


def disclosure_specialist():
    """Dana, a foreign disclosure specialist."""
    user = UserFactory(
        username="dana", first_name="Dana", last_name="Discloser",
        roles=[Role.DISCLOSURE_SPECIALIST],
    )  # fmt: skip
    PersonFactory(first_name="Dana", last_name="Discloser", user=user)
    user.refresh_from_db()
    return user


@pytest.fixture
def france(directorate):
    return put_on_desk(directorate.teammate)


@pytest.fixture
def dana(directorate):
    return disclosure_specialist()


def talks(directorate, france, today, *, starts_in=7, actions=()):
    return record_engagement(
        user=directorate.teammate.user,
        data=EngagementData(
            title=f"Staff talks in {starts_in} days",
            engagement_type=EngagementType.objects.get(slug="staff-talks"),
            starts_on=today + datetime.timedelta(days=starts_in),
            ends_on=today + datetime.timedelta(days=starts_in + 1),
            countries=[france],
            participants=[directorate.teammate],
        ),
        actions=actions,
    )


def offered_case(person, france, today, number, *, expires_in):
    case = Case.objects.create(
        identifier=f"FR-D-{number:03d}",
        title=f"Sustainment {number}",
        country=france,
        state=CaseState.OFFERED,
        state_changed_at=timezone.now() - datetime.timedelta(days=3),
        offered_on=today - datetime.timedelta(days=10),
        offer_expires_on=today + datetime.timedelta(days=expires_in),
    )
    assign(person, case, "case manager", today)
    return case


def assign(person, record, role, today):
    Assignment.objects.create(
        person=person,
        source_type=ContentType.objects.get_for_model(type(record)),
        source_id=record.pk,
        role=role,
        assigned_on=today,
    )


def disclosure(dana, france, today, number):
    return controls.submit_disclosure_request(
        user=dana,
        data=controls.DisclosureData(
            title=f"Radar data {number}",
            category=DisclosureCategory.RESEARCH,
            submitted_on=today,
            countries=[france],
            visit_description="A visit of French engineers",
        ),
    )


def home(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def panel(html, heading):
    """The text of the home panel headed `heading`, up to the next panel."""
    start = html.index(f">{heading}</h2>")
    end = html.find("seccoop-home-panel", start)
    return html[start : end if end != -1 else None]


def test_a_desk_officer_finds_an_overdue_follow_up_action(client, directorate, france, today):
    d = directorate
    overdue = ActionData("Send the meeting minutes", d.teammate, today - datetime.timedelta(days=2))
    talks(d, france, today, starts_in=-10, actions=[overdue])
    card = panel(home(client, d.teammate.user), "Follow-up actions")
    assert "Send the meeting minutes" in card
    assert f'href="{reverse("partners:action-list")}"><strong>1</strong> overdue action</a>' in card
    assert "Overdue" in card


def test_a_desk_officer_finds_a_coming_engagement_linked_to_the_filtered_list(
    client, directorate, france, today
):
    talks(directorate, france, today, starts_in=7)
    card = panel(home(client, directorate.teammate.user), "Coming engagements")
    assert "Staff talks in 7 days" in card
    assert "<strong>1</strong> engagement in the next 30 days" in card
    assert "?mine=true&amp;after=" in card


def test_a_desk_officer_finds_their_countries(client, directorate, france):
    card = panel(home(client, directorate.teammate.user), "My countries")
    assert reverse("partners:country-detail", args=[france.pk]) in card
    assert "<strong>1</strong> country on my desk" in card
    assert "Primary desk officer; no engagement in the last 30 days" in card


def test_the_my_countries_count_opens_only_the_countries_on_my_desk(client, directorate, france):
    client.force_login(directorate.teammate.user)
    html = client.get(reverse("partners:country-list") + "?mine=true").content.decode()
    assert "France" in html
    assert "Japan" not in html


def test_a_case_manager_finds_their_case_with_its_clock(client, directorate, france, today):
    case = offered_case(directorate.teammate, france, today, 1, expires_in=-1)
    card = panel(home(client, directorate.teammate.user), "My cases")
    assert "FR-D-001 Sustainment 1" in card
    assert "3 days in this stage" in card
    assert "offer expires" in card
    assert (today - datetime.timedelta(days=1)).strftime("%-d %b %Y") in card
    assert reverse("programs:case-detail", args=[case.pk]) in card
    assert "<strong>1</strong> case with an overdue clock" in card


def test_the_my_cases_count_opens_only_my_cases(client, directorate, france, today):
    offered_case(directorate.teammate, france, today, 1, expires_in=20)
    offered_case(directorate.underling, france, today, 2, expires_in=20)
    client.force_login(directorate.administrator.user)
    listed = f"{reverse('programs:case-list')}?assignee={directorate.teammate.pk}&open=true"
    html = client.get(listed).content.decode()
    assert "FR-D-001" in html
    assert "FR-D-002" not in html


def test_a_disclosure_specialist_finds_the_requests_awaiting_a_decision(
    client, directorate, france, today, dana
):
    disclosure(dana, france, today, 1)
    card = panel(home(client, dana), "Disclosure requests waiting")
    assert "Radar data 1" in card
    assert "<strong>1</strong> request submitted, not yet in review" in card
    assert "?state=submitted" in card


def test_someone_with_no_role_and_no_work_sees_no_work_panel(client, directorate, france, dana):
    html = home(client, directorate.outsider.user)
    assert "seccoop-home-panel" not in html
    assert "Your biggest gaps" in html


def test_a_reviewer_finds_the_review_waiting_on_them(client, directorate, france, today, dana):
    request = disclosure(dana, france, today, 1)
    assign(directorate.teammate, request, "reviewer", today)
    controls.add_review(
        user=dana, request=request, kind="technology-security", reviewer=directorate.teammate
    )
    card = panel(home(client, directorate.teammate.user), "Disclosure requests waiting")
    assert "A review of yours is open." in card
    assert f"?reviewer={directorate.teammate.pk}" in card


def test_a_desk_officer_is_not_shown_disclosure_requests(client, directorate, france, today, dana):
    disclosure(dana, france, today, 1)
    assert "Disclosure requests waiting" not in home(client, directorate.teammate.user)


def test_own_gaps_come_after_the_work(client, directorate, france):
    html = home(client, directorate.teammate.user)
    assert html.index("My countries") < html.index("Your biggest gaps")


@pytest.mark.parametrize("extra", [1, 12])
def test_the_home_page_queries_do_not_grow_with_the_work(
    client, directorate, france, today, dana, django_assert_max_num_queries, extra
):
    d = directorate
    for n in range(extra):
        due = today + datetime.timedelta(days=n % 5 - 2)
        talks(d, france, today, starts_in=n % 20, actions=[ActionData(f"Act {n}", d.teammate, due)])
        offered_case(d.teammate, france, today, n + 1, expires_in=n - 3)
        request = disclosure(dana, france, today, n)
        # Reviewers are assigned to the request, which lets them see it.
        assign(d.teammate, request, "reviewer", today)
        controls.add_review(
            user=dana, request=request, kind="technology-security", reviewer=d.teammate
        )
    assert DisclosureRequest.objects.count() == extra
    client.force_login(d.teammate.user)
    with django_assert_max_num_queries(45):
        response = client.get(HOME)
    assert response.status_code == 200
    assert "Radar data" in panel(response.content.decode(), "Disclosure requests waiting")
