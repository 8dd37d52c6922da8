"""Imports and exports carried out by a background worker, and how far they have got.

Any table of the transfer registry (seccoop.core.transfer) may go to a
worker. The upload and export pages call `start_import` / `start_export`, which record
a TransferJob and put `run_transfer_job` on the task queue (the database,
Redis, or the request itself, as settings.TASKS says). A worker runs it and
writes the progress on the job; the job page reads it.

An import checks and writes its rows inside one transaction, which the job
page cannot see into. So progress is written on a connection of its own where
the database allows a second writer (PostgreSQL); SQLite allows one writer
at a time, so there the page shows the stages either side of that transaction.
"""

from __future__ import annotations

import io
import logging
import time

from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone
from django_tasks import task

from seccoop.core import exports as sheets
from seccoop.core import transfer
from seccoop.core.imports import ImportErrors, file_error, max_file_bytes
from seccoop.core.models import TransferJob

logger = logging.getLogger(__name__)

# Seconds between two progress writes: the job page polls once a second.
PROGRESS_INTERVAL = 0.5
EXPORT_PROGRESS_EVERY = 1000


def start_import(*, user, kind: str, upload) -> TransferJob:
    """Record an import of an uploaded file into the table `kind` and queue it for a worker.

    The policy is checked here and again by the worker, which imports as
    `user`. A file over the import limit is refused before it is stored.
    """
    table = transfer.table(kind)
    if table.importer is None:
        raise LookupError(f"The table {table.key} is exported only, not imported.")
    if not table.importable_by(user):
        raise PermissionDenied(table.importer.refusal)
    limit = max_file_bytes()
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise file_error(f"The file is larger than the limit of {limit // (1024 * 1024)} MB.")
    job = TransferJob.objects.create(
        direction=TransferJob.Direction.IMPORT,
        kind=table.key,
        filename=upload.name,
        content=content,
        requested_by=user,
    )
    run_transfer_job.enqueue(job.pk)
    return job


def start_export(*, user, kind: str, file_format: str) -> TransferJob:
    """Record an export of the table `kind`, as the rows `user` may see, and queue it."""
    table = transfer.table(kind)
    if table.exporter is None or table.options:
        raise LookupError(f"The table {table.key} cannot be prepared in the background.")
    if file_format not in sheets.FORMATS:
        raise ValueError(f"Unknown format {file_format!r}; choose csv or xlsx.")
    job = TransferJob.objects.create(
        direction=TransferJob.Direction.EXPORT,
        kind=table.key,
        file_format=file_format,
        filename=f"{table.name}.{file_format}",
        requested_by=user,
    )
    run_transfer_job.enqueue(job.pk)
    return job


class JobProgress:
    """The progress callback of a running job: writes stage and rows on the job row."""

    def __init__(self, job: TransferJob):
        self.job = job
        self.written_at = 0.0
        self.side = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == self.job.stage and now - self.written_at < PROGRESS_INTERVAL:
            return
        self.written_at = now
        self.job.stage, self.job.rows_done, self.job.rows_total = stage, done, total
        values = {"stage": stage, "rows_done": done, "rows_total": total}
        if not connection.in_atomic_block:
            TransferJob.objects.filter(pk=self.job.pk).update(**values)
        elif connection.vendor == "postgresql":
            self._write_beside_the_transaction(values)

    def _write_beside_the_transaction(self, values: dict) -> None:
        if self.side is None:
            # A connection of its own, in autocommit, so the page sees progress
            # while the import's transaction is still open.
            primary = connections[DEFAULT_DB_ALIAS]
            self.side = type(primary)(dict(primary.settings_dict), alias="transfer-progress")
        table = self.side.ops.quote_name(TransferJob._meta.db_table)
        columns = ", ".join(f"{self.side.ops.quote_name(name)} = %s" for name in values)
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {columns} WHERE id = %s",  # noqa: S608 - names are ours
                [*values.values(), self.job.pk],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


@task()
def run_transfer_job(job_id: int) -> str:
    """Carry out one queued import or export; a job already taken by a worker is left alone."""
    # Claimed with a conditional update, so two workers never run one job.
    claimed = TransferJob.objects.filter(pk=job_id, status=TransferJob.Status.WAITING).update(
        status=TransferJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "already taken"
    job = TransferJob.objects.select_related("requested_by").get(pk=job_id)
    progress = JobProgress(job)
    try:
        if job.direction == TransferJob.Direction.IMPORT:
            _import(job, progress)
        else:
            _export(job, progress)
    except (ImportErrors, PermissionDenied, LookupError, ValueError) as exc:
        messages = [str(e) for e in exc.shown()] if isinstance(exc, ImportErrors) else [str(exc)]
        _finish(job, TransferJob.Status.FAILED, problems=messages)
    except Exception:
        logger.exception("Transfer job %s stopped on an unexpected error", job_id)
        _finish(
            job,
            TransferJob.Status.FAILED,
            problems=["The job stopped on an unexpected error; nothing was imported."],
        )
        raise
    finally:
        progress.close()
    return job.status


def _import(job: TransferJob, progress: JobProgress) -> None:
    result = transfer.import_table(
        job.kind,
        io.BytesIO(bytes(job.content)),
        job.filename,
        user=job.requested_by,
        progress=progress,
    )
    # The upload is not kept once imported: the records hold what it said.
    job.content = b""
    _finish(job, TransferJob.Status.SUCCEEDED, outcome=str(result), rows=progress.job.rows_total)


def _export(job: TransferJob, progress: JobProgress) -> None:
    sheet = transfer.export_table(job.kind, user=job.requested_by)
    written = 0

    def counted(rows):
        nonlocal written
        for row in rows:
            written += 1
            if written % EXPORT_PROGRESS_EVERY == 0:
                progress("writing", written, 0)
            yield row

    sheet.rows = counted(sheet.rows)
    stream = io.BytesIO()
    sheets.write(sheet, job.file_format, stream)
    job.content = stream.getvalue()
    job.filename = sheet.filename(job.file_format)
    _finish(job, TransferJob.Status.SUCCEEDED, outcome=f"{written:,} rows exported.", rows=written)


def _finish(job, status, *, outcome: str = "", problems=(), rows: int | None = None) -> None:
    job.status = status
    job.outcome = outcome
    job.problems = list(problems)
    job.stage = ""
    job.finished_at = timezone.now()
    if rows is not None:
        job.rows_done = job.rows_total = rows
    if status == TransferJob.Status.FAILED and job.direction == TransferJob.Direction.IMPORT:
        job.content = b""
    job.save()
