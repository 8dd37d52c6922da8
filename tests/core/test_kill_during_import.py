"""A process killed in the middle of an import leaves no partial data.

A real `seccoop import-data` process imports a large ratings file into a
database of its own; once it reports that every row is checked and it is
writing them (inside its transaction), it is killed with SIGKILL, and the
database must hold exactly the rows it held before.
"""

import datetime
import os
import select
import signal
import time

import pytest

from tests.core.scratch_databases import scratch_database

PEOPLE = 50
CODES = [f"{major}.{minor}" for major in range(1, 10) for minor in "ABCD"]
# Large enough that writing takes far longer than the moment between seeing
# "writing" and the kill.
RATINGS = 40_000


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
    process = staffed.popen(
        "import-data", "ratings", str(big_ratings_file(tmp_path / "ratings.csv")), stderr=-1
    )
    try:
        wait_for(process, "writing", timeout=300)
        # Well inside the write: batches are being inserted, nothing is committed.
        time.sleep(0.2)
        assert process.poll() is None, "the import finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
        process.stderr.close()
    assert staffed.row_counts() == before
