"""Analytics reads go to the read replica when there is one; writes always go to the primary."""

import warnings

import pytest
from django.db import router, transaction

from seccoop.workforce.models import CurrentLevel, Person, Rating, RoleRequirement


@pytest.fixture
def replica(settings, tmp_path):
    # A second SQLite alias is enough to see where the router sends each query;
    # no query runs, so Django's warning about changing DATABASES does not apply.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        settings.DATABASES = {
            **settings.DATABASES,
            "analytics": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "r.db")},
        }


def test_current_levels_are_read_from_the_replica(replica):
    assert CurrentLevel.objects.all().db == "analytics"


def test_role_requirements_are_read_from_the_replica(replica):
    assert RoleRequirement.objects.all().db == "analytics"


def test_people_and_ratings_are_read_from_the_primary(replica):
    assert Person.objects.all().db == "default"
    assert Rating.objects.all().db == "default"


def test_current_levels_are_written_to_the_primary(replica):
    assert router.db_for_write(CurrentLevel) == "default"
    assert CurrentLevel.objects.filter(pk=1).select_for_update().db == "default"


def test_the_replica_is_never_migrated(replica):
    assert not router.allow_migrate("analytics", "workforce", model_name="currentlevel")


@pytest.mark.django_db
def test_a_read_inside_a_transaction_stays_on_the_primary(replica):
    with transaction.atomic():
        assert CurrentLevel.objects.all().db == "default"


def test_without_a_replica_every_read_goes_to_the_primary():
    assert CurrentLevel.objects.all().db == "default"
