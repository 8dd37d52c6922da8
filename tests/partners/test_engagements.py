"""Logging engagements: evidence of practice, follow-up actions, the calendar and the lists."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from seccoop.partners.models import Engagement, EngagementType, FollowUpAction, PracticeEvidence
from seccoop.partners.services import (
    ActionData,
    EngagementData,
    complete_action,
    record_engagement,
    update_engagement,
)
from tests.factories import UserFactory

YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)


def evidence_codes(person) -> set[str]:
    return set(
        PracticeEvidence.objects.filter(person=person).values_list("competency__code", flat=True)
    )


def test_staff_talks_add_evidence_of_practice_on_1d_1e_and_6a_for_each_participant(
    directorate, log_engagement
):
    d = directorate
    log_engagement(d.teammate.user, participants=[d.teammate, d.underling])
    assert evidence_codes(d.teammate) == {"1.D", "1.E", "6.A"}
    assert evidence_codes(d.underling) == {"1.D", "1.E", "6.A"}
    assert evidence_codes(d.bravo_member) == set()


def test_a_trade_show_exercises_4k_and_4g(directorate, log_engagement):
    d = directorate
    log_engagement(d.teammate.user, engagement_type=EngagementType.objects.get(slug="trade-show"))
    assert evidence_codes(d.teammate) == {"4.K", "4.G"}


def test_removing_a_participant_removes_their_evidence(directorate, partners, log_engagement):
    d = directorate
    engagement = log_engagement(d.teammate.user, participants=[d.teammate, d.underling])
    update_engagement(
        user=d.teammate.user,
        engagement=engagement,
        data=EngagementData(
            title=engagement.title,
            engagement_type=engagement.engagement_type,
            starts_on=engagement.starts_on,
            ends_on=engagement.ends_on,
            countries=[partners.france],
            participants=[d.teammate],
        ),
    )
    assert evidence_codes(d.underling) == set()
    assert evidence_codes(d.teammate) == {"1.D", "1.E", "6.A"}


def test_an_engagement_ending_before_it_starts_is_refused_and_nothing_is_written(
    directorate, log_engagement
):
    d = directorate
    with pytest.raises(ValidationError) as refused:
        log_engagement(
            d.teammate.user,
            starts_on=datetime.date(2026, 3, 4),
            ends_on=datetime.date(2026, 3, 2),
        )
    assert "ends_on" in refused.value.message_dict
    assert not Engagement.objects.exists()
    assert not PracticeEvidence.objects.exists()


def test_a_follow_up_action_without_a_description_is_refused_naming_the_action(
    directorate, log_engagement
):
    d = directorate
    with pytest.raises(ValidationError) as refused:
        log_engagement(
            d.teammate.user,
            actions=[ActionData(description="", owner=d.teammate, due_on=YESTERDAY)],
        )
    assert "actions.0.description" in refused.value.message_dict
    assert not Engagement.objects.exists()


def test_someone_with_no_staff_record_cannot_log_an_engagement(directorate, partners):
    stranger = UserFactory(username="stranger")
    with pytest.raises(PermissionDenied):
        record_engagement(
            user=stranger,
            data=EngagementData(
                title="Visit",
                engagement_type=EngagementType.objects.get(slug="visit"),
                starts_on=YESTERDAY,
                ends_on=YESTERDAY,
            ),
        )
    assert not Engagement.objects.exists()


def test_an_action_past_its_due_date_is_in_its_owners_overdue_list(
    client, directorate, log_engagement
):
    d = directorate
    log_engagement(
        d.teammate.user,
        actions=[ActionData(description="Send the minutes", owner=d.teammate, due_on=YESTERDAY)],
    )
    client.force_login(d.teammate.user)
    page = client.get(reverse("partners:action-list"))
    overdue = page.context["overdue"]
    assert [action.description for action in overdue] == ["Send the minutes"]


def test_a_done_action_leaves_the_overdue_list(client, directorate, log_engagement):
    d = directorate
    engagement = log_engagement(
        d.teammate.user,
        actions=[ActionData(description="Send the minutes", owner=d.teammate, due_on=YESTERDAY)],
    )
    complete_action(user=d.teammate.user, action=engagement.actions.get())
    client.force_login(d.teammate.user)
    assert client.get(reverse("partners:action-list")).context["overdue"] == []


def test_someone_elses_overdue_action_is_not_in_my_list(client, directorate, log_engagement):
    d = directorate
    log_engagement(
        d.teammate.user,
        actions=[ActionData(description="Send the minutes", owner=d.teammate, due_on=YESTERDAY)],
    )
    client.force_login(d.bravo_member.user)
    assert client.get(reverse("partners:action-list")).context["overdue"] == []


def test_leadership_sees_everyones_overdue_actions(client, directorate, log_engagement):
    d = directorate
    log_engagement(
        d.teammate.user,
        actions=[ActionData(description="Send the minutes", owner=d.teammate, due_on=YESTERDAY)],
    )
    client.force_login(d.leader.user)
    page = client.get(reverse("partners:action-list"), {"scope": "all"})
    assert [a.description for a in page.context["everyone_overdue"]] == ["Send the minutes"]


def test_everyones_overdue_actions_are_refused_to_a_desk_officer(client, directorate, partners):
    client.force_login(directorate.teammate.user)
    assert client.get(reverse("partners:action-list"), {"scope": "all"}).status_code == 403


def test_only_the_owner_or_those_who_may_change_the_engagement_complete_an_action(
    directorate, log_engagement
):
    d = directorate
    engagement = log_engagement(
        d.teammate.user,
        actions=[ActionData(description="Send the minutes", owner=d.teammate, due_on=YESTERDAY)],
    )
    with pytest.raises(PermissionDenied):
        complete_action(user=d.outsider.user, action=engagement.actions.get())
    assert FollowUpAction.objects.get().done_on is None


def test_the_calendar_shows_an_engagement_on_each_of_its_days(client, directorate, log_engagement):
    d = directorate
    log_engagement(d.teammate.user)  # 2 to 4 March 2026
    client.force_login(d.teammate.user)
    month = client.get(reverse("partners:engagement-calendar"), {"month": "2026-03"}).context[
        "month"
    ]
    days = {
        cell.day.day for week in month.weeks for cell in week if cell.in_month and cell.engagements
    }
    assert days == {2, 3, 4}


@pytest.mark.parametrize("month", ["2026-3", "2026-13", "March 2026"])
def test_a_calendar_month_not_written_yyyy_mm_is_not_found(client, directorate, month):
    client.force_login(directorate.teammate.user)

    response = client.get(reverse("partners:engagement-calendar"), {"month": month})

    assert response.status_code == 404


def test_logging_an_engagement_through_the_page_shows_it_on_the_country_page(
    client, directorate, partners
):
    d = directorate
    client.force_login(d.teammate.user)
    response = client.post(
        reverse("partners:engagement-new"),
        {
            "title": "Exploratory talks on counter-drone systems",
            "engagement_type": EngagementType.objects.get(slug="exploratory-discussion").pk,
            "starts_on": "2026-02-10",
            "ends_on": "2026-02-10",
            "countries": [partners.france.pk],
            "participants": [d.teammate.pk],
            "action_description": "Share the requirements paper",
            "action_owner": d.teammate.pk,
            "action_due_on": YESTERDAY.isoformat(),
        },
    )
    engagement = Engagement.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("partners:country-detail", args=[partners.france.pk]))
    assert "Exploratory talks on counter-drone systems" in page.text
    assert "Share the requirements paper" in page.text
    assert evidence_codes(d.teammate) == {"3.C"}
    assert engagement.actions.get().owner == d.teammate


def test_an_action_without_an_owner_is_refused_on_the_page(client, directorate, partners):
    client.force_login(directorate.teammate.user)
    response = client.post(
        reverse("partners:engagement-new"),
        {
            "title": "Visit",
            "engagement_type": EngagementType.objects.get(slug="visit").pk,
            "starts_on": "2026-02-10",
            "ends_on": "2026-02-10",
            "action_description": "Write it up",
        },
    )
    assert response.status_code == 200
    assert "action_owner" in response.context["form"].errors
    assert not Engagement.objects.exists()


def test_the_partner_work_page_lists_the_evidence_of_practice(client, directorate, log_engagement):
    d = directorate
    log_engagement(d.teammate.user)
    client.force_login(d.bravo_member.user)
    page = client.get(reverse("partners:person-work", args=[d.teammate.pk]))
    codes = {row.competency.code for row, _source, _url in page.context["evidence"]}
    assert codes == {"1.D", "1.E", "6.A"}
    assert "Franco-American staff talks" in page.text


@pytest.mark.parametrize("count", [1, 6])
def test_the_engagement_list_costs_the_same_queries_for_any_number_of_rows(
    client, directorate, log_engagement, django_assert_max_num_queries, count
):
    for number in range(count):
        log_engagement(directorate.teammate.user, title=f"Talks {number}")
    client.force_login(directorate.teammate.user)
    with django_assert_max_num_queries(12):
        client.get(reverse("partners:engagement-list"))


@pytest.mark.parametrize("count", [1, 6])
def test_the_engagement_page_costs_the_same_queries_for_any_number_of_actions(
    client, directorate, log_engagement, django_assert_max_num_queries, count
):
    d = directorate
    engagement = log_engagement(
        d.teammate.user,
        participants=[d.teammate, d.underling],
        actions=[
            ActionData(description=f"Action {n}", owner=d.teammate, due_on=YESTERDAY)
            for n in range(count)
        ],
    )
    client.force_login(d.teammate.user)
    # Four of them read the history's copies of the links (countries, participants,
    # counterparts, organizations), one per field whatever the number of changes;
    # two read the engagement's marking for its banner (the countries it is releasable to).
    with django_assert_max_num_queries(28):
        client.get(reverse("partners:engagement-detail", args=[engagement.pk]))
