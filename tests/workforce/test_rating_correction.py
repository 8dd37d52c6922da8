"""Correcting ratings: a date after today is refused on every path, and a rating is withdrawn.

A rating recorded in error is withdrawn by its rater or a workforce manager,
with a reason; it stays in the person's history and the current level is
worked out again from the ratings left.
"""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seccoop.core.api_auth import issue_token
from seccoop.core.imports import ImportErrors
from seccoop.core.models import AuditAction, AuditEntry
from seccoop.workforce import gap_figures
from seccoop.workforce.gaps import people_due_for_assessment
from seccoop.workforce.imports import import_table
from seccoop.workforce.models import CurrentLevel, Person, Rating, RatingSource
from seccoop.workforce.services import (
    record_rating,
    refresh_current_levels,
    withdraw_rating,
)
from tests.factories import RatingFactory

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture
def api_as():
    def client_for(person) -> Client:
        _, secret = issue_token(user=person.user, name="tests", lifetime_days=30)
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return client_for


def one_a(d):
    return d.framework.competencies.get(code="1.A")


def current(person, d):
    row = CurrentLevel.objects.filter(person=person, competency=one_a(d)).first()
    return (row.level, row.source) if row else None


def sams_rating_of_tina(d, level=4, **extra):
    return record_rating(
        user=d.alpha_lead.user,
        person=d.teammate,
        competency=one_a(d),
        level=level,
        source=RatingSource.SUPERVISOR,
        **extra,
    )


def tinas_self_rating(d, level=2):
    return record_rating(
        user=d.teammate.user,
        person=d.teammate,
        competency=one_a(d),
        level=level,
        source=RatingSource.SELF,
    )


# --- a date after today -------------------------------------------------------------


def test_it_refuses_a_rating_dated_after_today_naming_the_date(directorate):
    with pytest.raises(ValidationError) as caught:
        sams_rating_of_tina(directorate, rated_on=TOMORROW)
    [message] = caught.value.messages
    assert message.startswith(
        f"Tina Teammate, 1.A, rated_on: {TOMORROW.isoformat()} is after today"
    )
    assert not Rating.objects.exists()


def test_a_rating_dated_today_is_recorded(directorate):
    rating = sams_rating_of_tina(directorate, rated_on=timezone.localdate())
    assert current(directorate.teammate, directorate) == (4, "supervisor")
    assert rating.rated_on == timezone.localdate()


def test_the_api_refuses_a_rating_dated_after_today_naming_the_field(directorate, api_as):
    d = directorate
    response = api_as(d.alpha_lead).post(
        "/api/v1/ratings",
        {
            "person": d.teammate.pk,
            "code": "1.A",
            "level": 3,
            "source": "supervisor",
            "rated_on": TOMORROW.isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    [message] = response.json()["errors"]["rated_on"]
    assert "is after today" in message
    assert not Rating.objects.exists()


def test_an_import_names_the_row_of_a_rating_dated_after_today_and_writes_nothing(directorate):
    d = directorate
    Person.objects.filter(pk=d.teammate.pk).update(external_id="P-1")
    text = (
        "external_id,person_external_id,code,level,source,rated_on\n"
        "R-1,P-1,1.A,3,supervisor,2025-03-01\n"
        f"R-2,P-1,1.A,4,supervisor,{TOMORROW.isoformat()}\n"
    )
    with pytest.raises(ImportErrors) as caught:
        import_table("ratings", io.BytesIO(text.encode()), "ratings.csv")
    [error] = [str(error) for error in caught.value.errors]
    assert error.startswith(f"row 3, column rated_on: {TOMORROW.isoformat()} is after today")
    assert not Rating.objects.exists()


# --- withdrawing ----------------------------------------------------------------------


def test_the_rater_withdraws_a_rating_and_the_current_level_falls_back(directorate):
    d = directorate
    tinas_self_rating(d, level=2)
    rating = sams_rating_of_tina(d, level=4)
    assert current(d.teammate, d) == (4, "supervisor")
    withdraw_rating(user=d.alpha_lead.user, rating=rating, reason="Rated the wrong person.")
    assert current(d.teammate, d) == (2, "self")


def test_a_withdrawn_rating_stays_in_the_history_with_who_when_and_why(directorate):
    d = directorate
    rating = sams_rating_of_tina(d)
    withdraw_rating(user=d.alpha_lead.user, rating=rating, reason="Rated the wrong person.")
    kept = Rating.objects.get(pk=rating.pk)
    assert kept.is_withdrawn
    assert kept.withdrawn_by == d.alpha_lead.user
    assert kept.withdrawal_reason == "Rated the wrong person."
    assert kept.level == 4


def test_withdrawing_the_only_rating_leaves_no_current_level(directorate):
    d = directorate
    rating = sams_rating_of_tina(d)
    withdraw_rating(user=d.alpha_lead.user, rating=rating, reason="Entered twice.")
    assert current(d.teammate, d) is None


def test_a_workforce_manager_withdraws_a_rating_someone_else_recorded(directorate):
    d = directorate
    rating = sams_rating_of_tina(d)
    withdraw_rating(user=d.workforce_manager.user, rating=rating, reason="Duplicate of R-12.")
    assert Rating.objects.get(pk=rating.pk).withdrawn_by == d.workforce_manager.user


def test_a_desk_officer_cannot_withdraw_the_rating_her_supervisor_gave_her(directorate):
    d = directorate
    rating = sams_rating_of_tina(d)
    with pytest.raises(PermissionDenied):
        withdraw_rating(user=d.teammate.user, rating=rating, reason="I disagree.")
    assert not Rating.objects.get(pk=rating.pk).is_withdrawn
    assert current(d.teammate, d) == (4, "supervisor")


def test_a_leader_above_the_rater_cannot_withdraw_a_rating_he_did_not_give(directorate):
    d = directorate
    rating = sams_rating_of_tina(d)
    with pytest.raises(PermissionDenied):
        withdraw_rating(user=d.leader.user, rating=rating, reason="Too generous.")
    assert not Rating.objects.get(pk=rating.pk).is_withdrawn


def test_it_refuses_a_withdrawal_without_a_reason_and_changes_nothing(directorate):
    d = directorate
    rating = sams_rating_of_tina(d)
    with pytest.raises(ValidationError) as caught:
        withdraw_rating(user=d.alpha_lead.user, rating=rating, reason="   ")
    assert caught.value.message_dict == {"reason": ["Give the reason the rating is withdrawn."]}
    assert not Rating.objects.get(pk=rating.pk).is_withdrawn
    assert current(d.teammate, d) == (4, "supervisor")


def test_a_rating_is_withdrawn_only_once(directorate):
    d = directorate
    rating = sams_rating_of_tina(d)
    withdraw_rating(user=d.alpha_lead.user, rating=rating, reason="Entered twice.")
    with pytest.raises(ValidationError, match="already withdrawn"):
        withdraw_rating(user=d.workforce_manager.user, rating=rating, reason="Again.")
    assert Rating.objects.get(pk=rating.pk).withdrawal_reason == "Entered twice."


def test_a_rating_dated_ahead_before_the_rule_can_be_withdrawn(directorate):
    d = directorate
    # Written as an older release let it through: dated 2999 and counting ever since.
    stuck = RatingFactory(
        person=d.teammate,
        competency=one_a(d),
        level=5,
        source=RatingSource.VALIDATED,
        rated_on=datetime.date(2999, 1, 1),
        rater=d.workforce_manager.user,
    )
    tinas_self_rating(d, level=2)
    assert current(d.teammate, d) == (5, "validated")
    withdraw_rating(user=d.workforce_manager.user, rating=stuck, reason="Dated 2999 by mistake.")
    assert current(d.teammate, d) == (2, "self")


def test_a_withdrawal_is_written_to_the_audit_log_with_its_reason(directorate):
    d = directorate
    rating = sams_rating_of_tina(d)
    withdraw_rating(user=d.alpha_lead.user, rating=rating, reason="Rated the wrong person.")
    [entry] = AuditEntry.objects.filter(action=AuditAction.UPDATE, model="workforce.rating")
    assert entry.actor == d.alpha_lead.user
    assert entry.object_id == str(rating.pk)
    assert entry.changes["withdrawal_reason"] == {"old": "", "new": "Rated the wrong person."}


def test_withdrawing_a_rating_makes_the_stored_gap_figures_stale(directorate):
    d = directorate
    rating = sams_rating_of_tina(d)
    gap_figures.build()
    withdraw_rating(user=d.alpha_lead.user, rating=rating, reason="Entered twice.")
    assert gap_figures.rebuild_stale() != []


def test_a_person_whose_only_supervisor_rating_was_withdrawn_is_due_for_assessment(directorate):
    d = directorate
    rating = sams_rating_of_tina(d)
    assert d.teammate not in people_due_for_assessment(Person.objects.all())
    withdraw_rating(user=d.alpha_lead.user, rating=rating, reason="Rated the wrong person.")
    assert d.teammate in people_due_for_assessment(Person.objects.all())


def test_recomputing_current_levels_leaves_withdrawn_ratings_out(directorate):
    d = directorate
    tinas_self_rating(d, level=2)
    rating = sams_rating_of_tina(d, level=4)
    withdraw_rating(user=d.alpha_lead.user, rating=rating, reason="Entered twice.")
    refresh_current_levels([d.teammate.pk])
    assert current(d.teammate, d) == (2, "self")


# --- the page ---------------------------------------------------------------------------


def test_the_rater_sees_a_withdraw_link_on_the_person_page(client, directorate):
    d = directorate
    rating = sams_rating_of_tina(d)
    client.force_login(d.alpha_lead.user)
    page = client.get(reverse("workforce:person-detail", args=[d.teammate.pk])).content.decode()
    assert reverse("workforce:rating-withdraw", args=[rating.pk]) in page


def test_the_person_rated_sees_no_withdraw_link(client, directorate):
    d = directorate
    rating = sams_rating_of_tina(d)
    client.force_login(d.teammate.user)
    page = client.get(reverse("workforce:person-detail", args=[d.teammate.pk])).content.decode()
    assert reverse("workforce:rating-withdraw", args=[rating.pk]) not in page


def test_the_rater_withdraws_a_rating_from_its_page_and_the_person_page_says_why(
    client, directorate
):
    d = directorate
    rating = sams_rating_of_tina(d)
    client.force_login(d.alpha_lead.user)
    url = reverse("workforce:rating-withdraw", args=[rating.pk])
    assert b"Withdraw this rating" in client.get(url).content
    response = client.post(url, {"reason": "Rated the wrong person."}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "workforce:person-detail", args=[d.teammate.pk]
    )
    page = response.content.decode()
    assert "Withdrawn" in page
    assert "Rated the wrong person." in page
    assert current(d.teammate, d) is None


def test_the_withdraw_page_names_a_missing_reason_beside_its_field(client, directorate):
    d = directorate
    rating = sams_rating_of_tina(d)
    client.force_login(d.alpha_lead.user)
    response = client.post(reverse("workforce:rating-withdraw", args=[rating.pk]), {"reason": ""})
    assert response.status_code == 200
    assert b"Give the reason the rating is withdrawn." in response.content
    assert b'aria-describedby="id_reason-hint id_reason-error"' in response.content
    assert not Rating.objects.get(pk=rating.pk).is_withdrawn


def test_a_desk_officer_is_refused_the_withdraw_page_of_her_own_rating(client, directorate):
    d = directorate
    rating = sams_rating_of_tina(d)
    client.force_login(d.teammate.user)
    url = reverse("workforce:rating-withdraw", args=[rating.pk])
    assert client.post(url, {"reason": "I disagree."}).status_code == 403
    assert not Rating.objects.get(pk=rating.pk).is_withdrawn


def test_someone_who_may_not_see_the_rating_is_told_it_does_not_exist(client, directorate):
    d = directorate
    rating = sams_rating_of_tina(d)
    client.force_login(d.bravo_lead.user)
    assert client.get(reverse("workforce:rating-withdraw", args=[rating.pk])).status_code == 404


# --- the API ----------------------------------------------------------------------------


def test_the_rater_withdraws_a_rating_through_the_api(directorate, api_as):
    d = directorate
    rating = sams_rating_of_tina(d)
    response = api_as(d.alpha_lead).post(
        f"/api/v1/ratings/{rating.pk}/withdraw",
        {"reason": "Rated the wrong person."},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["withdrawal_reason"] == "Rated the wrong person."
    assert body["withdrawn_by"] == "Sam Supervisor"
    assert body["withdrawn_at"] is not None
    assert current(d.teammate, d) is None


def test_the_api_refuses_a_withdrawal_by_the_person_rated(directorate, api_as):
    d = directorate
    rating = sams_rating_of_tina(d)
    response = api_as(d.teammate).post(
        f"/api/v1/ratings/{rating.pk}/withdraw",
        {"reason": "I disagree."},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Rating.objects.get(pk=rating.pk).is_withdrawn


def test_the_api_names_a_missing_reason(directorate, api_as):
    d = directorate
    rating = sams_rating_of_tina(d)
    response = api_as(d.alpha_lead).post(
        f"/api/v1/ratings/{rating.pk}/withdraw", {"reason": ""}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"reason": ["Give the reason the rating is withdrawn."]}


def test_the_api_answers_404_for_a_rating_the_caller_may_not_see(directorate, api_as):
    d = directorate
    rating = sams_rating_of_tina(d)
    response = api_as(d.bravo_lead).post(
        f"/api/v1/ratings/{rating.pk}/withdraw",
        {"reason": "Not mine."},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Rating.objects.get(pk=rating.pk).is_withdrawn
