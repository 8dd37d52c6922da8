"""Real workers, in their own processes, carry out queued imports.

The database worker (`seccoop db_worker`) always runs; the Redis worker
(`seccoop rqworker`) runs when `make test` has started a Redis server and
exported SECCOOP_TEST_REDIS_URL.
"""

import os
import sqlite3
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from seccoop.core.models import TransferJob
from seccoop.core.tasks import start_import
from seccoop.workforce.models import OrgUnit

UNITS = b"external_id,name,kind\nD-ACD,Armaments Cooperation Division,division\n"
REDIS_URL = os.environ.get("SECCOOP_TEST_REDIS_URL")


class WorkerDatabase:
    """Runs a `seccoop` command in another process, on this test's database.

    PostgreSQL's test database is reached by name. SQLite's is in this
    process's memory, so it is copied to a file for the worker and back.
    """

    def __init__(self, path):
        self.path = path

    def url(self) -> str:
        if connection.vendor == "postgresql":
            db = connection.settings_dict
            return (
                f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}"
            )
        return f"sqlite:///{self.path}"

    def run(self, *command: str, **env: str) -> subprocess.CompletedProcess:
        sqlite = connection.vendor == "sqlite"
        if sqlite:
            connection.ensure_connection()
            with sqlite3.connect(self.path) as copy:
                connection.connection.backup(copy)
        inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        result = subprocess.run(
            [sys.executable, "-m", "seccoop.cli", *command],
            env={**inherited, "DATABASE_URL": self.url(), "SECCOOP_DEBUG": "false", **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        if sqlite:
            with sqlite3.connect(self.path) as copy:
                copy.backup(connection.connection)
        return result


@pytest.fixture
def worker_database(tmp_path):
    return WorkerDatabase(tmp_path / "worker.sqlite3")


# Committed, so the worker sees it; the seed framework a flush removes is put back first.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_worker_carries_out_a_queued_import(directorate, worker_database, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    upload = SimpleUploadedFile("units.csv", UNITS)
    job = start_import(user=directorate.workforce_manager.user, kind="orgunits", upload=upload)
    assert TransferJob.objects.get(pk=job.pk).status == TransferJob.Status.WAITING

    result = worker_database.run("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    assert result.returncode == 0, result.stdout + result.stderr
    job.refresh_from_db()
    assert job.status == TransferJob.Status.SUCCEEDED, job.problems
    assert job.outcome == "orgunits: 1 created, 0 updated, 0 unchanged."
    assert OrgUnit.objects.get(external_id="D-ACD").name == "Armaments Cooperation Division"


@pytest.mark.skipif(
    not REDIS_URL,
    reason="SECCOOP_TEST_REDIS_URL is not set: no Redis server (make test starts one)",
)
# Committed, so the worker sees it; the seed framework a flush removes is put back first.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_redis_worker_carries_out_a_queued_import(directorate, worker_database, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    upload = SimpleUploadedFile("units.csv", UNITS)
    job = start_import(user=directorate.workforce_manager.user, kind="orgunits", upload=upload)

    result = worker_database.run(
        "rqworker",
        "--burst",
        "--job-class",
        "django_tasks_rq.Job",
        "default",
        SECCOOP_TASK_BACKEND="redis",
        SECCOOP_REDIS_URL=REDIS_URL,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    job.refresh_from_db()
    assert job.status == TransferJob.Status.SUCCEEDED, (job.problems, result.stderr)
    assert OrgUnit.objects.filter(external_id="D-ACD").exists()
