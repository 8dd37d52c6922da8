"""Evidence of practice someone records for another person waits for them or their chain.

Bob (bravo team) logs staff talks with France naming only Tina (alpha team),
whose supervisor is Sam, under Lee. The talks exercise 1.D, 1.E and 6.A.
Staffing here is Sam's ranking of his team on 1.D, where nobody is rated: the
scores tie, so confirmed practice decides the order.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from seccoop.partners.models import PracticeEvidence
from seccoop.partners.services import (
    EngagementData,
    assign,
    confirm_evidence,
    decline_evidence,
    evidence_competencies,
    update_engagement,
)
from seccoop.workforce.staffing import Requirement, rank_people
from tests.controls import conftest as controls_fixtures

controls = controls_fixtures.controls
dana = controls_fixtures.dana
make_request = controls_fixtures.make_request


def states(person) -> dict[str, str]:
    return dict(
        PracticeEvidence.objects.filter(person=person).values_list("competency__code", "status")
    )


def practice_in_staffing(directorate, person) -> int:
    """Records of confirmed practice on 1.D that Sam's staffing ranking credits `person` with."""
    d = directorate
    ranking = rank_people(
        d.alpha_lead.user, d.framework, [Requirement(d.framework.competencies.get(code="1.D"), 3)]
    )
    row = next(row for row in ranking if row.person == person)
    return row.lines[0].practised


def ranked_names(directorate) -> list[str]:
    """Tina and Uma in the order of Sam's ranking of his team on 1.D."""
    d = directorate
    ranking = rank_people(
        d.alpha_lead.user, d.framework, [Requirement(d.framework.competencies.get(code="1.D"), 3)]
    )
    return [row.person.first_name for row in ranking if row.person in (d.teammate, d.underling)]


@pytest.fixture
def bobs_talks(directorate, log_engagement):
    """Staff talks Bob logs naming only Tina."""
    d = directorate
    return log_engagement(d.bravo_member.user, participants=[d.teammate])


def tinas(code="1.D") -> PracticeEvidence:
    return PracticeEvidence.objects.get(person__user__username="tina", competency__code=code)


# --- who records, and what counts ------------------------------------------------


def test_a_staff_member_who_logs_an_engagement_naming_only_a_colleague_gives_them_pending_evidence(
    directorate, bobs_talks
):
    assert states(directorate.teammate) == dict.fromkeys(["1.D", "1.E", "6.A"], "pending")


def test_pending_evidence_does_not_count_in_staffing(directorate, bobs_talks):
    assert practice_in_staffing(directorate, directorate.teammate) == 0


def test_pending_evidence_is_not_among_the_sub_competencies_a_person_has_practised(
    directorate, bobs_talks
):
    assert not evidence_competencies(directorate.teammate).exists()


def test_the_colleague_confirms_it_and_it_counts_in_staffing(directorate, bobs_talks):
    confirm_evidence(user=directorate.teammate.user, evidence=tinas())
    assert practice_in_staffing(directorate, directorate.teammate) == 1


def test_confirmed_practice_ranks_a_person_first_among_equal_scores(directorate, log_engagement):
    d = directorate
    log_engagement(d.bravo_member.user, participants=[d.underling])
    assert ranked_names(d) == ["Tina", "Uma"]  # unrated alike: by name
    confirm_evidence(
        user=d.underling.user,
        evidence=PracticeEvidence.objects.get(person=d.underling, competency__code="1.D"),
    )
    assert ranked_names(d) == ["Uma", "Tina"]


def test_the_staffing_explanation_names_confirmed_practice(directorate, bobs_talks):
    d = directorate
    confirm_evidence(user=d.teammate.user, evidence=tinas())
    ranking = rank_people(
        d.alpha_lead.user, d.framework, [Requirement(d.framework.competencies.get(code="1.D"), 3)]
    )
    tina = next(row for row in ranking if row.person == d.teammate)
    assert "no rating on 1.D (3 wanted), practised on 1 work record" in tina.explanation


def test_the_colleague_declines_it_and_it_never_counts_even_when_the_engagement_is_saved_again(
    directorate, partners, bobs_talks
):
    d = directorate
    decline_evidence(user=d.teammate.user, evidence=tinas())
    update_engagement(
        user=d.leader.user,
        engagement=bobs_talks,
        data=EngagementData(
            title=bobs_talks.title,
            engagement_type=bobs_talks.engagement_type,
            starts_on=bobs_talks.starts_on,
            ends_on=bobs_talks.ends_on + datetime.timedelta(days=1),
            countries=[partners.france],
            participants=[d.teammate],
        ),
    )
    assert states(d.teammate)["1.D"] == "declined"
    assert practice_in_staffing(d, d.teammate) == 0


def test_declined_evidence_cannot_be_confirmed_afterwards(directorate, bobs_talks):
    d = directorate
    decline_evidence(user=d.teammate.user, evidence=tinas())
    with pytest.raises(ValidationError, match="already declined"):
        confirm_evidence(user=d.alpha_lead.user, evidence=tinas())


def test_the_supervisor_can_confirm_a_reports_pending_evidence(directorate, bobs_talks):
    confirm_evidence(user=directorate.alpha_lead.user, evidence=tinas())
    assert states(directorate.teammate)["1.D"] == "confirmed"


def test_someone_higher_up_the_chain_can_decline_it(directorate, bobs_talks):
    decline_evidence(user=directorate.leader.user, evidence=tinas())
    assert states(directorate.teammate)["1.D"] == "declined"


@pytest.mark.parametrize(
    "who", ["bravo_member", "outsider", "underling", "workforce_manager", "administrator"]
)
def test_nobody_outside_the_person_and_their_chain_can_confirm_it(directorate, bobs_talks, who):
    with pytest.raises(PermissionDenied):
        confirm_evidence(user=getattr(directorate, who).user, evidence=tinas())
    assert states(directorate.teammate)["1.D"] == "pending"


def test_evidence_a_person_records_for_themself_counts_at_once(directorate, log_engagement):
    d = directorate
    log_engagement(d.teammate.user, participants=[d.teammate])
    assert states(d.teammate) == dict.fromkeys(["1.D", "1.E", "6.A"], "confirmed")
    assert practice_in_staffing(d, d.teammate) == 1


def test_evidence_a_supervisor_records_for_a_report_counts_at_once(directorate, log_engagement):
    d = directorate
    log_engagement(d.alpha_lead.user, participants=[d.teammate])
    assert states(d.teammate) == dict.fromkeys(["1.D", "1.E", "6.A"], "confirmed")


def test_an_engagement_naming_the_logger_and_a_colleague_confirms_only_the_loggers_evidence(
    directorate, log_engagement
):
    d = directorate
    log_engagement(d.bravo_member.user, participants=[d.bravo_member, d.teammate])
    assert set(states(d.bravo_member).values()) == {"confirmed"}
    assert set(states(d.teammate).values()) == {"pending"}


def test_someone_assigning_a_colleague_to_a_record_gives_them_pending_evidence(
    directorate, make_request, dana
):
    assign(user=dana, record=make_request(), person=directorate.teammate, role="Reviewer")
    assert set(states(directorate.teammate).values()) == {"pending"}


def test_every_decision_is_kept_in_the_evidence_history_with_who_made_it(directorate, bobs_talks):
    d = directorate
    confirm_evidence(user=d.alpha_lead.user, evidence=tinas())
    latest = tinas().history.order_by("-history_date", "-history_id").first()
    assert (latest.status, latest.history_user, latest.decided_by) == (
        "confirmed",
        d.alpha_lead.user,
        d.alpha_lead.user,
    )
    decline_evidence(user=d.teammate.user, evidence=tinas())
    statuses = list(
        tinas().history.order_by("history_date", "history_id").values_list("status", flat=True)
    )
    assert statuses[-2:] == ["confirmed", "declined"]


# --- the pages -------------------------------------------------------------------


def test_the_person_sees_pending_evidence_with_confirm_and_decline_buttons(
    client, directorate, bobs_talks
):
    client.force_login(directorate.teammate.user)
    page = client.get(reverse("partners:person-work", args=[directorate.teammate.pk]))
    html = page.content.decode()
    assert "Evidence waiting for confirmation" in html
    assert reverse("partners:evidence-confirm", args=[tinas().pk]) in html
    assert reverse("partners:evidence-decline", args=[tinas().pk]) in html
    assert "csrfmiddlewaretoken" in html


def test_pending_evidence_is_not_listed_as_evidence_of_practice(client, directorate, bobs_talks):
    client.force_login(directorate.teammate.user)
    page = client.get(reverse("partners:person-work", args=[directorate.teammate.pk]))
    assert page.context["evidence"] == []
    assert len(page.context["pending"]) == 3


def test_the_colleague_who_recorded_it_does_not_see_it_waiting(client, directorate, bobs_talks):
    client.force_login(directorate.bravo_member.user)
    page = client.get(reverse("partners:person-work", args=[directorate.teammate.pk]))
    assert page.context["pending"] == []
    assert "Evidence waiting for confirmation" not in page.content.decode()


def test_confirming_on_the_page_makes_it_count(client, directorate, bobs_talks):
    client.force_login(directorate.teammate.user)
    response = client.post(reverse("partners:evidence-confirm", args=[tinas().pk]))
    assert response.status_code == 302
    assert states(directorate.teammate)["1.D"] == "confirmed"


def test_an_outsider_posting_a_decline_is_answered_not_found_and_nothing_changes(
    client, directorate, bobs_talks
):
    client.force_login(directorate.outsider.user)
    response = client.post(reverse("partners:evidence-decline", args=[tinas().pk]))
    assert response.status_code == 404
    assert states(directorate.teammate)["1.D"] == "pending"


def test_the_supervisor_sees_the_pending_evidence_of_the_team_on_one_page(
    client, directorate, log_engagement, django_assert_max_num_queries
):
    d = directorate
    log_engagement(d.bravo_member.user, participants=[d.teammate, d.underling])
    client.force_login(d.alpha_lead.user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("partners:evidence-pending"))
    people = {row.person for row, _source, _url in page.context["pending"]}
    assert people == {d.teammate, d.underling}


def test_the_person_page_tells_the_person_that_evidence_waits(client, directorate, bobs_talks):
    client.force_login(directorate.teammate.user)
    page = client.get(reverse("workforce:person-detail", args=[directorate.teammate.pk]))
    assert "3 pieces of evidence of practice recorded by someone else are waiting" in (
        page.content.decode()
    )


def test_the_person_page_says_nothing_of_it_to_a_colleague(client, directorate, bobs_talks):
    client.force_login(directorate.bravo_member.user)
    page = client.get(reverse("workforce:person-detail", args=[directorate.teammate.pk]))
    assert "Evidence waiting for confirmation" not in page.content.decode()


# --- the API -------------------------------------------------------------------------


def test_the_api_lists_the_evidence_waiting_for_the_supervisor(client, directorate, bobs_talks):
    client.force_login(directorate.alpha_lead.user)
    answer = client.get("/api/v1/evidence/pending").json()
    assert {
        (item["person"]["id"], item["competency"], item["status"]) for item in answer["items"]
    } == {(directorate.teammate.pk, code, "pending") for code in ("1.D", "1.E", "6.A")}
    assert answer["items"][0]["source_name"] == bobs_talks.title


def test_the_api_lists_nothing_waiting_for_the_colleague_who_recorded_it(
    client, directorate, bobs_talks
):
    client.force_login(directorate.bravo_member.user)
    assert client.get("/api/v1/evidence/pending").json()["items"] == []


def test_the_person_confirms_through_the_api(client, directorate, bobs_talks):
    client.force_login(directorate.teammate.user)
    answer = client.post(f"/api/v1/evidence/{tinas().pk}/confirm")
    assert answer.status_code == 200
    assert (answer.json()["status"], answer.json()["decided_by"]) == ("confirmed", "tina")


def test_the_api_refuses_to_confirm_declined_evidence_naming_its_state(
    client, directorate, bobs_talks
):
    client.force_login(directorate.teammate.user)
    client.post(f"/api/v1/evidence/{tinas().pk}/decline")
    answer = client.post(f"/api/v1/evidence/{tinas().pk}/confirm")
    assert answer.status_code == 422
    assert "already declined" in answer.content.decode()


def test_an_outsider_cannot_confirm_through_the_api(client, directorate, bobs_talks):
    client.force_login(directorate.outsider.user)
    assert client.post(f"/api/v1/evidence/{tinas().pk}/confirm").status_code == 404
    assert states(directorate.teammate)["1.D"] == "pending"
