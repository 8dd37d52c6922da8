"""The migration that retires the Expert level carries existing records over."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("development", "0002_history_of_links")]
AFTER = [("development", "0003_certification_levels_areas_and_review")]
SINCE = datetime.date(2022, 5, 1)


@pytest.fixture
def migrated_from_expert(directorate):
    """An Expert billet, course and certification written before the change, then migrated."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    tina = directorate.teammate
    old.get_model("development", "Course").objects.create(
        title="Old Expert Course", provider="DSCU", level="expert", hours=8
    )
    old.get_model("development", "CertificationRequirement").objects.create(
        position_id=tina.position.pk, level="expert"
    )
    old.get_model("development", "CertificationRecord").objects.create(
        person_id=tina.pk,
        experience_since=SINCE,
        certified_level="expert",
        certified_on=datetime.date(2023, 1, 1),
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    yield executor.loader.project_state(AFTER).apps, tina
    # Going back unapplied the migrations of other apps that depend on this one;
    # every later test expects the whole schema.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_expert_courses_billets_and_certifications_become_advanced(migrated_from_expert):
    apps, tina = migrated_from_expert
    assert apps.get_model("development", "Course").objects.get().level == "advanced"
    requirement = apps.get_model("development", "CertificationRequirement").objects.get()
    assert (requirement.level, requirement.area_id, requirement.key) == ("advanced", None, False)
    record = apps.get_model("development", "CertificationRecord").objects.get()
    assert record.certified_level == "advanced"


def test_the_experience_date_becomes_an_open_period_at_the_billets_level(migrated_from_expert):
    apps, tina = migrated_from_expert
    period = apps.get_model("development", "ExperiencePeriod").objects.get()
    assert (period.person_id, period.level, period.area_id) == (tina.pk, "advanced", None)
    assert (period.started_on, period.ended_on) == (SINCE, None)
