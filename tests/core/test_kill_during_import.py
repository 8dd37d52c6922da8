"""A process killed in the middle of an import leaves no partial data.

A real Python process runs the `import-data` command on a ratings file
against a database of its own. Once the ratings are written (inside the
import's transaction, nothing committed) and it starts on the current levels
they change, it reports it and waits; it is killed with SIGKILL there, and
the database must hold exactly the rows it held before.
"""

import datetime
import os
import select
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tests.core.scratch_databases import PROJECT, scratch_database

PEOPLE = 50
CODES = [f"{major}.{minor}" for major in range(1, 10) for minor in "ABCD"]
RATINGS = 2_000

# The ratings go in by COPY on PostgreSQL, which no statement wrapper sees, so
# the pause comes just before the current levels are written from them, in the
# same transaction.
IMPORT = textwrap.dedent(
    """
    import sys, time
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    def pause_once_the_ratings_are_written(execute, sql, params, many, context):
        if "INSERT INTO workforce_currentlevel" in sql:
            sys.stderr.write("the ratings are written\\n")
            sys.stderr.flush()
            time.sleep(120)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(pause_once_the_ratings_are_written):
        call_command("import-data", "ratings", sys.argv[1])
    sys.stderr.write("finished\\n")
    """
)


@pytest.fixture
def database(tmp_path, migrated_database_template):
    yield from scratch_database(tmp_path, copy_of=migrated_database_template)


@pytest.fixture
def staffed(database, tmp_path):
    """A migrated database with fifty people."""
    people = tmp_path / "people.csv"
    people.write_text(
        "external_id,first_name,last_name\n"
        + "".join(f"P-{n},Person,Number {n}\n" for n in range(PEOPLE)),
        encoding="utf-8",
    )
    database.seccoop("import-data", "people", str(people))
    return database


def big_ratings_file(path):
    day = datetime.date(2025, 1, 1)
    with path.open("w", encoding="utf-8") as file:
        file.write("external_id,person_external_id,code,level,source,rated_on\n")
        for n in range(RATINGS):
            rated_on = day + datetime.timedelta(days=n % 300)
            code = CODES[n % len(CODES)]
            file.write(f"R-{n},P-{n % PEOPLE},{code},{n % 6},supervisor,{rated_on}\n")
    return path


def wait_for(process, text: str, timeout: float) -> str:
    """Read the process's stderr until `text` appears; return what was read."""
    seen = b""
    deadline = time.monotonic() + timeout
    while text.encode() not in seen:
        assert time.monotonic() < deadline, f"no {text!r} within {timeout} s: {seen[-500:]!r}"
        ready, _, _ = select.select([process.stderr], [], [], 0.5)
        if ready:
            chunk = os.read(process.stderr.fileno(), 65536)
            assert chunk, f"the import ended before {text!r}: {seen[-500:]!r}"
            seen += chunk
    return seen.decode(errors="replace")


def test_an_import_killed_while_writing_leaves_no_rating_behind(staffed, tmp_path):
    before = staffed.row_counts()
    assert before["workforce_rating"] == 0
    ratings = big_ratings_file(tmp_path / "ratings.csv")
    process = subprocess.Popen(
        [sys.executable, "-c", IMPORT, str(ratings)], env=staffed.environment(), cwd=PROJECT,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        said = wait_for(process, "the ratings are written", timeout=300)
        assert "finished" not in said
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
        process.stderr.close()
    assert staffed.row_counts() == before
