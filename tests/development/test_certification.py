"""Certification as DoDI 5132.15 has it: billets' SC codes, deadlines from assignment,
experience in the billet's area at the level, and the certification authority's review."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from seccoop.development import services
from seccoop.development.models import (
    AreaOfConcentration,
    CertificationLevel,
    CertificationRecord,
    CertificationRequest,
    CertificationRequirement,
    ExperiencePeriod,
    ReviewStatus,
)
from seccoop.workforce.models import Person
from tests.development.conftest import make_course

TODAY = datetime.date.today()
BASIC = CertificationLevel.BASIC
INTERMEDIATE = CertificationLevel.INTERMEDIATE
ADVANCED = CertificationLevel.ADVANCED
EXECUTIVE = CertificationLevel.EXECUTIVE


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def sco():
    """The area the migration seeds."""
    return AreaOfConcentration.objects.get(code="SCO")


@pytest.fixture
def planning():
    return AreaOfConcentration.objects.create(code="PLN", name="Planning (test area)")


def billet(directorate, level, area=None):
    """Tina's billet carries an SC code at this level."""
    services.set_requirement(
        user=directorate.workforce_manager.user,
        position=directorate.teammate.position,
        level=level,
        area=area,
    )


@pytest.fixture
def basic_billet(directorate, catalog):
    """Tina's billet is coded Basic; Sales Basics is the required course."""
    billet(directorate, BASIC)


def standing_of(person):
    [row] = services.standings(Person.objects.filter(pk=person.pk))
    return row


def assigned(directorate, on):
    services.record_certification_dates(
        user=directorate.workforce_manager.user,
        person=directorate.teammate,
        entered_position_on=on,
    )


def experience(directorate, area, level, since, until=None):
    services.record_experience(
        user=directorate.workforce_manager.user,
        person=directorate.teammate,
        area=area,
        level=level,
        started_on=since,
        ended_on=until,
    )


def complete(directorate, course, on):
    d = directorate
    activity = services.add_course(
        user=d.teammate.user, person=d.teammate, course=course, due_on=on
    )
    services.complete_activity(user=d.teammate.user, activity=activity, completed_on=on)


def ask(directorate, level=BASIC, area=None, *, by=None):
    return services.request_certification(
        user=(by or directorate.teammate).user,
        person=directorate.teammate,
        level=level,
        area=area,
    )


# --- levels and deadlines -------------------------------------------------------------


def test_there_is_no_expert_level():
    assert "expert" not in CertificationLevel.values
    assert CertificationLevel.values == ["basic", "intermediate", "advanced", "executive"]


def test_a_basic_billet_must_be_certified_within_one_year_of_assignment(directorate, basic_billet):
    assigned(directorate, datetime.date(2025, 3, 15))
    assert standing_of(directorate.teammate).deadline == datetime.date(2026, 3, 15)


@pytest.mark.parametrize(
    ("level", "deadline"),
    [
        (INTERMEDIATE, datetime.date(2028, 3, 15)),
        (ADVANCED, datetime.date(2030, 3, 15)),
        (EXECUTIVE, datetime.date(2028, 3, 15)),
    ],
)
def test_intermediate_and_executive_allow_three_years_and_advanced_five(
    directorate, sco, level, deadline
):
    billet(directorate, level, sco)
    assigned(directorate, datetime.date(2025, 3, 15))
    assert standing_of(directorate.teammate).deadline == deadline


def test_an_intermediate_billet_must_name_its_area_of_concentration(directorate):
    with pytest.raises(ValidationError, match="area of concentration"):
        billet(directorate, INTERMEDIATE)
    assert not CertificationRequirement.objects.filter(
        position=directorate.teammate.position
    ).exists()


def test_a_person_within_the_deadline_is_in_progress_and_in_good_standing(
    directorate, sco, basic_billet
):
    assigned(directorate, days_ago(200))
    experience(directorate, sco, BASIC, days_ago(100))
    row = standing_of(directorate.teammate)
    assert row.status == services.IN_PROGRESS and row.in_good_standing
    assert [course.title for course in row.missing_courses] == ["Sales Basics"]
    assert row.experience_months == 3
    assert row.days_left == (row.deadline - TODAY).days


def test_a_person_past_the_deadline_without_the_training_is_not_in_good_standing(
    directorate, basic_billet
):
    assigned(directorate, days_ago(400))
    row = standing_of(directorate.teammate)
    assert row.status == services.OVERDUE and not row.in_good_standing
    assert any("Sales Basics" in reason for reason in row.reasons)


def test_a_person_without_an_assignment_date_is_not_in_good_standing(directorate, basic_billet):
    row = standing_of(directorate.teammate)
    assert row.status == services.NO_RECORD and not row.in_good_standing


def test_people_without_a_coded_billet_are_not_listed(directorate, basic_billet):
    rows = services.standings(Person.objects.all())
    assert [row.person for row in rows] == [directorate.teammate]


# --- at risk ----------------------------------------------------------------------------


def test_a_person_not_ready_with_the_deadline_inside_the_window_is_at_risk(
    directorate, basic_billet, settings
):
    settings.SECCOOP_CERTIFICATION_AT_RISK_DAYS = 60
    assigned(directorate, days_ago(330))  # about 35 days left
    assert standing_of(directorate.teammate).at_risk


def test_a_person_not_ready_with_the_deadline_beyond_the_window_is_not_at_risk(
    directorate, basic_billet, settings
):
    settings.SECCOOP_CERTIFICATION_AT_RISK_DAYS = 30
    assigned(directorate, days_ago(330))
    assert not standing_of(directorate.teammate).at_risk


def test_a_person_ready_to_certify_is_not_at_risk(directorate, catalog, sco, basic_billet):
    assigned(directorate, days_ago(350))
    experience(directorate, sco, BASIC, days_ago(400))
    complete(directorate, catalog.sales, days_ago(5))
    row = standing_of(directorate.teammate)
    assert row.status == services.ELIGIBLE and not row.at_risk


# --- training -----------------------------------------------------------------------------


def test_a_higher_standard_level_includes_the_required_courses_of_the_lower_ones(
    directorate, catalog
):
    advanced = make_course(
        directorate.framework,
        "Planning",
        {"6.A": 4},
        level=ADVANCED,
        required_for_certification=True,
    )
    assert services.required_courses(ADVANCED) == [catalog.sales, advanced]
    assert services.required_courses(BASIC) == [catalog.sales]


def test_an_executive_billet_asks_only_for_the_executive_courses(directorate, catalog):
    executive = make_course(
        directorate.framework,
        "Strategic Security Cooperation",
        {"6.A": 4},
        level=EXECUTIVE,
        required_for_certification=True,
    )
    assert services.required_courses(EXECUTIVE) == [executive]


def test_a_course_for_another_area_is_not_required_of_the_billet(
    directorate, catalog, sco, planning
):
    for title, area in (("SCO Course", sco), ("Planning Course", planning)):
        make_course(
            directorate.framework,
            title,
            {"6.A": 3},
            level=INTERMEDIATE,
            required_for_certification=True,
            area=area,
        )
    billet(directorate, INTERMEDIATE, sco)
    assigned(directorate, days_ago(30))
    row = standing_of(directorate.teammate)
    assert [course.title for course in row.courses_needed] == ["Sales Basics", "SCO Course"]


# --- experience ---------------------------------------------------------------------------


def test_experience_in_another_area_does_not_count_toward_the_billet(directorate, sco, planning):
    billet(directorate, INTERMEDIATE, sco)
    assigned(directorate, days_ago(30))
    experience(directorate, planning, INTERMEDIATE, days_ago(800))
    row = standing_of(directorate.teammate)
    assert row.experience_months == 0
    assert "0 of 12 months of experience in SCO Operations and Management" in " ".join(row.reasons)


def test_experience_at_a_lower_level_does_not_count_toward_a_higher_billet(directorate, sco):
    billet(directorate, ADVANCED, sco)
    assigned(directorate, days_ago(30))
    experience(directorate, sco, INTERMEDIATE, days_ago(800))
    assert standing_of(directorate.teammate).experience_months == 0


def test_experience_at_a_higher_level_counts_toward_a_lower_billet(directorate, sco):
    billet(directorate, INTERMEDIATE, sco)
    assigned(directorate, days_ago(30))
    experience(directorate, sco, ADVANCED, days_ago(400))
    assert standing_of(directorate.teammate).experience_months == 13


def test_overlapping_periods_of_experience_are_counted_once(directorate, sco, basic_billet):
    assigned(directorate, days_ago(30))
    experience(directorate, sco, BASIC, days_ago(300), days_ago(100))
    experience(directorate, sco, BASIC, days_ago(200), days_ago(10))
    # 290 days without double counting, 9 whole months.
    assert standing_of(directorate.teammate).experience_months == 9


def test_recording_experience_ending_before_it_starts_is_refused_and_writes_nothing(
    directorate, sco
):
    with pytest.raises(ValidationError, match="ends on or after it starts"):
        experience(directorate, sco, BASIC, days_ago(10), days_ago(20))
    assert not ExperiencePeriod.objects.exists()


def test_a_desk_officer_cannot_record_their_own_experience(directorate, sco):
    with pytest.raises(PermissionDenied):
        services.record_experience(
            user=directorate.teammate.user,
            person=directorate.teammate,
            area=sco,
            level=BASIC,
            started_on=days_ago(500),
        )


# --- the certification authority's review -------------------------------------------------


@pytest.fixture
def ready(directorate, catalog, sco, basic_billet):
    """Tina has the training and a year of experience in her billet's level."""
    assigned(directorate, days_ago(300))
    experience(directorate, sco, BASIC, days_ago(800))
    complete(directorate, catalog.sales, days_ago(30))


def test_a_requested_certification_counts_only_once_the_authority_approves_it(directorate, ready):
    request = ask(directorate)
    row = standing_of(directorate.teammate)
    assert row.status == services.REQUESTED
    assert row.attained_label == "None"
    services.approve_certification(user=directorate.workforce_manager.user, request=request)
    row = standing_of(directorate.teammate)
    assert row.status == services.CERTIFIED
    assert row.attained_label == "Basic"


def test_a_returned_request_certifies_no_one_and_keeps_the_reason(directorate, ready):
    request = ask(directorate)
    services.return_certification(
        user=directorate.workforce_manager.user, request=request, note="Transcript missing."
    )
    request.refresh_from_db()
    assert request.status == ReviewStatus.RETURNED and request.note == "Transcript missing."
    assert standing_of(directorate.teammate).status == services.ELIGIBLE


def test_returning_a_request_without_a_reason_is_refused(directorate, ready):
    request = ask(directorate)
    with pytest.raises(ValidationError, match="Say why"):
        services.return_certification(
            user=directorate.workforce_manager.user, request=request, note=" "
        )
    request.refresh_from_db()
    assert request.status == ReviewStatus.REQUESTED


def test_a_desk_officer_cannot_approve_their_own_certification(directorate, ready):
    request = ask(directorate)
    with pytest.raises(PermissionDenied):
        services.approve_certification(user=directorate.teammate.user, request=request)
    assert standing_of(directorate.teammate).status == services.REQUESTED


def test_a_workforce_manager_cannot_approve_their_own_certification(directorate):
    walter = directorate.workforce_manager
    request = CertificationRequest.objects.create(
        person=walter, level=BASIC, requested_by=walter.user, requested_on=TODAY
    )
    with pytest.raises(PermissionDenied, match="their own certification"):
        services.approve_certification(user=walter.user, request=request)
    request.refresh_from_db()
    assert request.status == ReviewStatus.REQUESTED


def test_a_supervisor_may_ask_but_not_approve(directorate, ready):
    request = ask(directorate, by=directorate.alpha_lead)
    with pytest.raises(PermissionDenied):
        services.approve_certification(user=directorate.alpha_lead.user, request=request)


def test_someone_outside_the_chain_cannot_ask_for_a_certification(directorate, ready):
    with pytest.raises(PermissionDenied):
        ask(directorate, by=directorate.bravo_member)


def test_a_request_already_decided_cannot_be_decided_again(directorate, ready):
    request = ask(directorate)
    manager = directorate.workforce_manager.user
    services.approve_certification(user=manager, request=request)
    with pytest.raises(ValidationError, match="already decided"):
        services.return_certification(user=manager, request=request, note="Second thoughts.")


def test_a_second_request_is_refused_while_one_awaits_review(directorate, ready):
    ask(directorate)
    with pytest.raises(ValidationError, match="awaiting review"):
        ask(directorate)
    assert CertificationRequest.objects.count() == 1


def test_the_review_keeps_its_history(directorate, ready):
    request = ask(directorate)
    services.approve_certification(user=directorate.workforce_manager.user, request=request)
    statuses = [row.status for row in request.history.order_by("history_date")]
    users = {row.history_user for row in request.history.all()}
    assert statuses == [ReviewStatus.REQUESTED, ReviewStatus.APPROVED]
    assert users == {directorate.teammate.user, directorate.workforce_manager.user}


def test_asking_is_refused_while_a_required_course_is_missing_and_writes_nothing(
    directorate, sco, basic_billet
):
    assigned(directorate, days_ago(300))
    experience(directorate, sco, BASIC, days_ago(800))
    with pytest.raises(ValidationError, match="Sales Basics"):
        ask(directorate)
    assert not CertificationRequest.objects.exists()


def test_asking_is_refused_with_less_than_a_year_of_experience(
    directorate, catalog, sco, basic_billet
):
    experience(directorate, sco, BASIC, days_ago(100))
    complete(directorate, catalog.sales, days_ago(30))
    with pytest.raises(ValidationError, match="3 of 12 months"):
        ask(directorate)


def test_an_intermediate_certification_in_another_area_does_not_meet_the_billet(
    directorate, catalog, sco, planning
):
    billet(directorate, INTERMEDIATE, sco)
    assigned(directorate, days_ago(30))
    CertificationRecord.objects.filter(person=directorate.teammate).update(
        certified_level=INTERMEDIATE, certified_area=planning, certified_on=days_ago(10)
    )
    assert standing_of(directorate.teammate).status != services.CERTIFIED


def test_an_executive_certification_does_not_meet_an_advanced_billet(directorate, sco):
    billet(directorate, ADVANCED, sco)
    assigned(directorate, days_ago(30))
    CertificationRecord.objects.filter(person=directorate.teammate).update(
        certified_level=EXECUTIVE, certified_on=days_ago(10)
    )
    assert standing_of(directorate.teammate).status != services.CERTIFIED


def test_an_advanced_certification_meets_an_intermediate_billet_in_the_same_area(directorate, sco):
    billet(directorate, INTERMEDIATE, sco)
    assigned(directorate, days_ago(30))
    CertificationRecord.objects.filter(person=directorate.teammate).update(
        certified_level=ADVANCED, certified_area=sco, certified_on=days_ago(10)
    )
    assert standing_of(directorate.teammate).status == services.CERTIFIED


# --- continuous learning ------------------------------------------------------------------


def test_a_certification_lapses_without_continuous_learning(directorate, catalog, ready):
    CertificationRecord.objects.filter(person=directorate.teammate).update(
        certified_level=BASIC, certified_on=days_ago(900)
    )
    row = standing_of(directorate.teammate)
    assert row.status == services.LAPSED and not row.in_good_standing
    assert row.reasons == ["24 of 40 hours of training in the last 24 months."]


def test_the_continuous_learning_hours_are_the_directorates_setting(
    directorate, catalog, ready, settings
):
    settings.SECCOOP_CONTINUOUS_LEARNING_HOURS = 20
    CertificationRecord.objects.filter(person=directorate.teammate).update(
        certified_level=BASIC, certified_on=days_ago(900)
    )
    assert standing_of(directorate.teammate).status == services.CERTIFIED


# --- cost ---------------------------------------------------------------------------------


def test_standings_take_the_same_queries_for_one_person_or_many(
    directorate, catalog, sco, django_assert_num_queries
):
    manager = directorate.workforce_manager.user
    for person in (directorate.teammate, directorate.underling, directorate.bravo_member):
        services.set_requirement(user=manager, position=person.position, level=BASIC)
        services.record_experience(
            user=manager, person=person, area=sco, level=BASIC, started_on=days_ago(100)
        )
    with django_assert_num_queries(5):
        rows = services.standings(Person.objects.all())
    assert len(rows) == 3
