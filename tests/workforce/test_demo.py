"""The demo directorate that `make run` loads."""

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count
from django.test import override_settings

from seccoop.core.permissions import Role
from seccoop.workforce.demo import ADMIN_PASSWORD, DEMO_PASSWORD, build_demo
from seccoop.workforce.gaps import gap_matrix, people_due_for_assessment
from seccoop.workforce.models import Person, Position, Rating, RatingSource, RoleType


@pytest.fixture(scope="module")
def _demo_for_module(django_db_setup, django_db_blocker):
    # Built once for the module, in a transaction rolled back at its end; each test
    # runs in a savepoint inside it, so the tests still cannot see each other's writes.
    # The tests' password hasher (see conftest), set here as well since this fixture
    # outlives the per-test settings.
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with fast_hashing, django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_for_module, db):
    """The demo directorate, loaded."""


def test_the_demo_directorate_has_about_sixty_people(demo):
    assert 55 <= Person.objects.count() <= 65


def test_every_role_type_has_positions_in_the_demo(demo):
    empty = RoleType.objects.annotate(n=Count("positions")).filter(n=0)
    assert list(empty) == []


def test_the_demo_has_a_few_vacancies(demo):
    assert 1 <= Position.objects.filter(incumbent__isnull=True).count() <= 5


def test_everyone_in_a_demo_position_has_ratings_in_a_cycle(demo):
    unrated = Person.objects.filter(position__isnull=False).exclude(ratings__cycle__isnull=False)
    assert list(unrated) == []


def test_only_the_director_reports_to_nobody(demo):
    tops = Position.objects.filter(reports_to__isnull=True)
    assert [position.title for position in tops] == ["Director, International Cooperation"]


def test_each_position_sits_under_its_supervisors_position(demo):
    for position in Position.objects.select_related("reports_to").exclude(reports_to=None):
        assert position.path == f"{position.reports_to.path}{position.pk}/"


def test_supervisor_ratings_come_from_someone_up_the_chain(demo):
    rated = (
        Rating.objects.filter(source=RatingSource.SUPERVISOR, rater__isnull=False)
        .values_list("person__position__path", "rater__person__position__path")
        .distinct()
    )
    assert rated
    for person_path, rater_path in rated:
        assert person_path.startswith(rater_path) and person_path != rater_path


def test_the_demo_accounts_hold_the_directorate_roles(demo):
    members = dict(Group.objects.annotate(n=Count("user")).values_list("name", "n"))
    assert members[Role.WORKFORCE_MANAGER] == 2
    assert members[Role.AUDITOR] == 1
    assert members[Role.LEADERSHIP] >= 2
    assert members[Role.DESK_OFFICER] >= 10
    assert members[Role.PROGRAM_TEAM] >= 8
    assert members[Role.DISCLOSURE_SPECIALIST] >= 4


def test_the_demo_administrator_signs_in(demo, client):
    assert client.login(username="admin", password=ADMIN_PASSWORD)


def test_a_demo_desk_officer_signs_in_with_the_demo_password(demo, client):
    person = Person.objects.filter(user__groups__name=Role.DESK_OFFICER).first()
    username = f"{person.first_name[0]}{person.last_name}".lower()
    assert client.login(username=username, password=DEMO_PASSWORD)


def test_someone_in_the_demo_is_due_for_assessment(demo):
    due = people_due_for_assessment(Person.objects.all())
    assert 1 <= due.count() <= 8


def test_the_demo_shows_gaps_against_the_role_templates(demo, seed_framework):
    matrix = gap_matrix(seed_framework, Person.objects.all())
    required = matrix.required > 0
    short = (matrix.shortfall > 0) & required
    assert short.sum() > 0.1 * required.sum()
    assert short.sum() < 0.6 * required.sum()
