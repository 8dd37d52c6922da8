"""The validation queue: supervisor ratings a validated rating keeps from counting.

Walter (a workforce manager) validated Tina at 3 on 1.A; Sam, her supervisor,
then rates her 4. The current level stays 3 until Walter confirms Sam's
rating or returns it.
"""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from seccoop.core.models import AuditEntry
from seccoop.workforce import services
from seccoop.workforce.models import CurrentLevel, Rating, RatingReview, RatingSource

QUEUE = reverse("workforce:validation-queue")


def competency(directorate, code="1.A"):
    return directorate.framework.competencies.get(code=code)


def validated(directorate, person, level=3, code="1.A"):
    return services.record_rating(
        user=directorate.workforce_manager.user,
        person=person,
        competency=competency(directorate, code),
        level=level,
        source=RatingSource.VALIDATED,
        rated_on=timezone.localdate() - datetime.timedelta(days=30),
    )


def supervisor_rating(directorate, person, level=4, code="1.A"):
    return services.record_rating(
        user=directorate.alpha_lead.user,
        person=person,
        competency=competency(directorate, code),
        level=level,
        source=RatingSource.SUPERVISOR,
        evidence="Led the staff talks alone",
    )


def current_level(person, code="1.A"):
    return CurrentLevel.objects.get(person=person, competency__code=code)


@pytest.fixture
def held(directorate):
    validated(directorate, directorate.teammate)
    return supervisor_rating(directorate, directorate.teammate)


def test_a_supervisor_is_told_a_rating_does_not_change_the_level_a_validated_rating_holds(
    client, directorate
):
    d = directorate
    validated(d, d.teammate)
    client.force_login(d.alpha_lead.user)
    response = client.post(
        reverse("workforce:rate-person", args=[d.teammate.pk]),
        {"source": "supervisor", "level_1_A": "4"},
        follow=True,
    )
    assert "1 of these ratings (Tina Teammate on 1.A) does not change the current level, " in (
        response.text
    )
    assert "because a validated rating stands." in response.text
    assert current_level(d.teammate).level == 3


def test_a_team_rating_held_back_by_a_validated_rating_is_named_on_the_team_page(
    client, directorate
):
    d = directorate
    validated(d, d.teammate)
    client.force_login(d.alpha_lead.user)
    response = client.post(
        f"{reverse('workforce:rate-team')}?competency=1.A",
        {"source": "supervisor", f"level_{d.teammate.pk}": "4", f"level_{d.underling.pk}": "2"},
        follow=True,
    )
    assert "Recorded 2 ratings on 1.A." in response.text
    assert "1 of these ratings (Tina Teammate on 1.A) does not change" in response.text
    assert current_level(d.underling).level == 2


def test_a_supervisor_rating_with_no_validated_rating_standing_brings_no_warning(
    client, directorate
):
    d = directorate
    client.force_login(d.alpha_lead.user)
    response = client.post(
        reverse("workforce:rate-person", args=[d.teammate.pk]),
        {"source": "supervisor", "level_1_A": "4"},
        follow=True,
    )
    assert "does not change the current level" not in response.text
    assert current_level(d.teammate).level == 4


def test_the_rating_form_says_where_a_validated_rating_stands(client, directorate):
    d = directorate
    validated(d, d.teammate)
    client.force_login(d.alpha_lead.user)
    page = client.get(reverse("workforce:rate-person", args=[d.teammate.pk])).text
    assert page.count("A validated rating stands") == 1


def test_a_workforce_manager_finds_the_held_back_rating_in_the_queue(client, directorate, held):
    client.force_login(directorate.workforce_manager.user)
    page = client.get(QUEUE).text
    assert "1 rating waiting, oldest first" in page
    assert "Tina Teammate" in page
    assert "Led the staff talks alone" in page
    assert "by Sam Supervisor" in page


def test_a_rating_that_already_counts_is_not_in_the_queue(client, directorate):
    d = directorate
    supervisor_rating(d, d.teammate)
    client.force_login(d.workforce_manager.user)
    assert "No supervisor rating is waiting for validation." in client.get(QUEUE).text


def test_confirming_makes_the_supervisors_level_the_validated_current_level(
    client, directorate, held
):
    d = directorate
    client.force_login(d.workforce_manager.user)
    response = client.post(reverse("workforce:rating-confirm", args=[held.pk]), follow=True)
    assert "Confirmed Tina Teammate's 1.A rating at level 4" in html.unescape(response.text)
    now = current_level(d.teammate)
    assert (now.level, now.source, now.rated_on) == (4, "validated", timezone.localdate())
    assert RatingReview.objects.get(rating=held).validated_rating_id == now.rating_id
    assert "No supervisor rating is waiting for validation." in response.text


def test_returning_keeps_the_validated_level_and_takes_the_rating_off_the_queue(
    client, directorate, held
):
    d = directorate
    client.force_login(d.workforce_manager.user)
    response = client.post(
        reverse("workforce:rating-return", args=[held.pk]),
        {"reason": "No record of the talks yet"},
        follow=True,
    )
    assert "Returned Tina Teammate's 1.A rating to Sam Supervisor" in html.unescape(response.text)
    assert current_level(d.teammate).level == 3
    review = RatingReview.objects.get(rating=held)
    assert (review.outcome, review.note) == ("returned", "No record of the talks yet")
    assert "No supervisor rating is waiting for validation." in response.text


def test_returning_without_a_reason_is_refused_and_writes_nothing(client, directorate, held):
    client.force_login(directorate.workforce_manager.user)
    response = client.post(reverse("workforce:rating-return", args=[held.pk]), {"reason": " "})
    assert response.status_code == 200
    assert "Reason: Give the reason the rating is returned." in response.text
    assert not RatingReview.objects.exists()


def test_a_rating_answered_once_cannot_be_answered_again(directorate, held):
    services.return_rating(user=directorate.administrator.user, rating=held, reason="Too early")
    with pytest.raises(ValidationError, match="Ada Administrator already returned this rating"):
        services.confirm_rating(user=directorate.workforce_manager.user, rating=held)
    assert current_level(directorate.teammate).level == 3


def test_confirming_and_returning_are_written_to_the_audit_log(directorate, held):
    d = directorate
    other = supervisor_rating(d, d.underling, code="1.A")
    validated(d, d.underling, level=1)
    other = supervisor_rating(d, d.underling, level=2)
    services.confirm_rating(user=d.workforce_manager.user, rating=held)
    services.return_rating(user=d.workforce_manager.user, rating=other, reason="Not yet")
    details = list(
        AuditEntry.objects.filter(model="workforce.rating", actor_username="walter").values_list(
            "object_id", "changes"
        )
    )
    assert (str(held.pk), {"validation": {"old": None, "new": "confirmed"}}) in details
    assert (str(other.pk), {"validation": {"old": None, "new": "returned"}}) in details


def test_a_supervisor_is_refused_the_validation_queue(client, directorate, held):
    client.force_login(directorate.alpha_lead.user)
    assert client.get(QUEUE).status_code == 403


def test_a_supervisor_may_not_confirm_their_own_rating(client, directorate, held):
    client.force_login(directorate.alpha_lead.user)
    assert client.post(reverse("workforce:rating-confirm", args=[held.pk])).status_code == 403
    assert not RatingReview.objects.exists()


@pytest.mark.parametrize("waiting", [1, 12])
def test_the_queue_page_makes_the_same_number_of_queries_however_long_the_queue(
    client, directorate, django_assert_max_num_queries, waiting
):
    d = directorate
    codes = list(
        d.framework.competencies.filter(kind="sub-competency")
        .order_by("sort_order")
        .values_list("code", flat=True)[:waiting]
    )
    for code in codes:
        validated(d, d.teammate, code=code, level=1)
        supervisor_rating(d, d.teammate, code=code, level=2)
    client.force_login(d.workforce_manager.user)
    with django_assert_max_num_queries(12):
        response = client.get(QUEUE)
    assert f"{waiting} rating{'s' if waiting > 1 else ''} waiting" in response.text


def test_the_home_page_counts_the_ratings_waiting_and_links_to_the_queue(client, directorate, held):
    client.force_login(directorate.workforce_manager.user)
    page = client.get(reverse("dashboard")).text
    start = page.index(">Ratings waiting for validation</h2>")
    assert "supervisor rating waiting for validation" in page[start:]
    assert f'href="{QUEUE}"' in page[start:]


def test_a_supervisor_sees_no_validation_panel_on_the_home_page(client, directorate, held):
    client.force_login(directorate.alpha_lead.user)
    assert "Ratings waiting for validation" not in client.get(reverse("dashboard")).text


def test_a_withdrawn_supervisor_rating_leaves_the_queue(directorate, held):
    services.withdraw_rating(user=directorate.alpha_lead.user, rating=held, reason="Wrong person")
    assert not services.validation_queue(directorate.workforce_manager.user).exists()
    assert Rating.objects.filter(pk=held.pk, withdrawn_at__isnull=False).exists()


def test_the_supervisor_reads_the_return_and_its_reason_on_the_person_page(
    client, directorate, held
):
    services.return_rating(
        user=directorate.workforce_manager.user, rating=held, reason="No record of the talks yet"
    )
    client.force_login(directorate.alpha_lead.user)
    page = client.get(reverse("workforce:person-detail", args=[directorate.teammate.pk])).text
    assert "Returned</span> by a validator: No record of the talks yet" in page
