"""A process killed while recording a batch of ratings leaves no rating and no current level.

A real Python process records a batch through workforce.services.record_ratings
against a database of its own. Once the first rows of the batch are written
(inside the service's transaction) the process reports it and waits; it is
killed with SIGKILL there, and the database must hold what it held before.
"""

import signal
import subprocess
import sys
import textwrap

import pytest

from tests.core.scratch_databases import PROJECT, scratch_database
from tests.core.test_kill_during_import import wait_for

PEOPLE = 40

SETUP = textwrap.dedent(
    f"""
    import django
    django.setup()
    from django.contrib.auth.models import Group, User
    from seccoop.workforce.models import Person

    manager = User.objects.create_user("walter", password="not-used-here")
    manager.groups.add(Group.objects.get_or_create(name="workforce-manager")[0])
    Person.objects.bulk_create(
        Person(first_name="Person", last_name=f"Number {{n}}") for n in range({PEOPLE})
    )
    # The fiscal year's cycle is open, as `seccoop open-cycle` leaves it each October:
    # the batch only files its ratings there.
    from seccoop.competencies.models import Framework
    from seccoop.workforce.cycles import open_fiscal_year_cycle
    open_fiscal_year_cycle(Framework.objects.default())
    """
)

# Records every person on every sub-competency; after the first INSERT of
# ratings (the transaction is open, nothing committed) it says so and waits.
BATCH = textwrap.dedent(
    """
    import sys, time
    import django
    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from seccoop.competencies.models import Framework
    from seccoop.workforce.gaps import sub_competencies
    from seccoop.workforce.models import Person, RatingSource
    from seccoop.workforce.services import RatingEntry, record_ratings

    competencies = sub_competencies(Framework.objects.default())
    entries = [
        RatingEntry(person, competency, 3)
        for person in Person.objects.all()
        for competency in competencies
    ]

    def pause_after_first_write(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith("INSERT") and "workforce_rating" in sql:
            sys.stderr.write(f"writing {len(entries)} ratings\\n")
            sys.stderr.flush()
            time.sleep(120)
        return result

    with connection.execute_wrapper(pause_after_first_write):
        record_ratings(user=User.objects.get(username="walter"), entries=entries,
                       source=RatingSource.VALIDATED)
    sys.stderr.write("finished\\n")
    """
)


@pytest.fixture
def database(tmp_path, migrated_database_template):
    yield from scratch_database(tmp_path, copy_of=migrated_database_template)


@pytest.fixture
def staffed(database):
    subprocess.run(
        [sys.executable, "-c", SETUP], env=database.environment(), cwd=PROJECT, check=True,
        capture_output=True, timeout=300,
    )  # fmt: skip
    return database


def test_a_rating_batch_killed_while_writing_leaves_no_rating_behind(staffed):
    before = staffed.row_counts()
    assert before["workforce_rating"] == 0
    process = subprocess.Popen(
        [sys.executable, "-c", BATCH], env=staffed.environment(), cwd=PROJECT,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        said = wait_for(process, "writing", timeout=300)
        assert "finished" not in said
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
        process.stderr.close()
    after = staffed.row_counts()
    assert after["workforce_rating"] == 0
    assert after == before
