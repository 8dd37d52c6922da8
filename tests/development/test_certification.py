"""Certification: what a position requires, a person's progress, and who is in good standing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from seccoop.development import services
from seccoop.development.models import CertificationLevel, CertificationRecord
from seccoop.workforce.models import Person

TODAY = datetime.date.today()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def basic_position(directorate, catalog):
    """Tina's position requires basic certification; Sales Basics is its required course."""
    services.set_requirement(
        user=directorate.workforce_manager.user,
        position=directorate.teammate.position,
        level=CertificationLevel.BASIC,
    )
    return directorate.teammate.position


def standing_of(person):
    [row] = services.standings(Person.objects.filter(pk=person.pk))
    return row


def dates(directorate, *, entered, since):
    services.record_certification_dates(
        user=directorate.workforce_manager.user,
        person=directorate.teammate,
        entered_position_on=entered,
        experience_since=since,
    )


def complete_sales(directorate, catalog, on):
    d = directorate
    activity = services.add_course(
        user=d.teammate.user, person=d.teammate, course=catalog.sales, due_on=on
    )
    services.complete_activity(user=d.teammate.user, activity=activity, completed_on=on)


def test_a_person_within_the_deadline_is_in_progress_and_in_good_standing(
    directorate, basic_position
):
    dates(directorate, entered=days_ago(100), since=days_ago(100))
    row = standing_of(directorate.teammate)
    assert row.status == services.IN_PROGRESS and row.in_good_standing
    assert row.deadline == services.add_months(days_ago(100), 12)
    assert [course.title for course in row.missing_courses] == ["Sales Basics"]
    assert row.experience_months == 3


def test_a_person_past_the_deadline_without_the_training_is_not_in_good_standing(
    directorate, basic_position
):
    dates(directorate, entered=days_ago(400), since=days_ago(400))
    row = standing_of(directorate.teammate)
    assert row.status == services.OVERDUE and not row.in_good_standing
    assert any("Sales Basics" in reason for reason in row.reasons)


def test_a_person_with_the_training_and_a_year_of_experience_is_ready_to_certify(
    directorate, catalog, basic_position
):
    dates(directorate, entered=days_ago(400), since=days_ago(800))
    complete_sales(directorate, catalog, days_ago(30))
    row = standing_of(directorate.teammate)
    assert row.status == services.ELIGIBLE and row.in_good_standing


def test_a_person_without_a_start_date_is_listed_as_not_in_good_standing(
    directorate, basic_position
):
    row = standing_of(directorate.teammate)
    assert row.status == services.NO_RECORD and not row.in_good_standing


def test_certifying_is_refused_while_a_required_course_is_missing(directorate, basic_position):
    dates(directorate, entered=days_ago(400), since=days_ago(800))
    with pytest.raises(ValidationError, match="Sales Basics"):
        services.certify(
            user=directorate.workforce_manager.user,
            person=directorate.teammate,
            level=CertificationLevel.BASIC,
        )
    assert CertificationRecord.objects.get(person=directorate.teammate).certified_level == ""


def test_certifying_is_refused_with_less_than_a_year_of_experience(
    directorate, catalog, basic_position
):
    dates(directorate, entered=days_ago(100), since=days_ago(100))
    complete_sales(directorate, catalog, days_ago(30))
    with pytest.raises(ValidationError, match="3 of 12 months"):
        services.certify(
            user=directorate.workforce_manager.user,
            person=directorate.teammate,
            level=CertificationLevel.BASIC,
        )


def test_a_certified_person_with_recent_training_is_in_good_standing(
    directorate, catalog, basic_position
):
    dates(directorate, entered=days_ago(400), since=days_ago(800))
    complete_sales(directorate, catalog, days_ago(30))
    services.certify(
        user=directorate.workforce_manager.user,
        person=directorate.teammate,
        level=CertificationLevel.BASIC,
        certified_on=days_ago(10),
    )
    assert standing_of(directorate.teammate).status == services.CERTIFIED


def test_a_certification_lapses_without_continuous_learning(directorate, catalog, basic_position):
    dates(directorate, entered=days_ago(1500), since=days_ago(2000))
    complete_sales(directorate, catalog, days_ago(1000))
    services.certify(
        user=directorate.workforce_manager.user,
        person=directorate.teammate,
        level=CertificationLevel.BASIC,
        certified_on=days_ago(900),
    )
    row = standing_of(directorate.teammate)
    assert row.status == services.LAPSED and not row.in_good_standing
    assert row.reasons == ["0 of 40 hours of training in the last 24 months."]


def test_a_desk_officer_cannot_certify_themselves(directorate, catalog, basic_position):
    with pytest.raises(PermissionDenied):
        services.certify(
            user=directorate.teammate.user,
            person=directorate.teammate,
            level=CertificationLevel.BASIC,
        )


def test_a_desk_officer_cannot_set_a_positions_certification_level(directorate):
    with pytest.raises(PermissionDenied):
        services.set_requirement(
            user=directorate.teammate.user,
            position=directorate.teammate.position,
            level=CertificationLevel.ADVANCED,
        )


def test_a_higher_level_includes_the_required_courses_of_the_lower_ones(directorate, catalog):
    from tests.development.conftest import make_course

    advanced = make_course(
        directorate.framework,
        "Planning",
        {"6.A": 4},
        level=CertificationLevel.ADVANCED,
        required_for_certification=True,
    )
    assert services.required_courses(CertificationLevel.ADVANCED) == [catalog.sales, advanced]
    assert services.required_courses(CertificationLevel.BASIC) == [catalog.sales]


def test_people_without_a_certification_position_are_not_listed(directorate, basic_position):
    rows = services.standings(Person.objects.all())
    assert [row.person for row in rows] == [directorate.teammate]
