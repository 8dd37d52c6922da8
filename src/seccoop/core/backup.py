"""Backing up the database to one file, and restoring it from one.

SQLite is copied with its online backup API, page by page under a read
transaction, so the copy is consistent even while the application writes.
PostgreSQL is dumped with pg_dump's custom format and restored with
pg_restore, which drops and recreates every object the dump holds.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connections
from django.db.utils import DatabaseError

SQLITE = "django.db.backends.sqlite3"


class BackupError(Exception):
    """The backup or restore could not be done; the message says why."""


@dataclass(frozen=True)
class Holdings:
    """What a database holds that a restore would overwrite."""

    counts: dict[str, int]

    @property
    def empty(self) -> bool:
        return not any(self.counts.values())

    def __str__(self) -> str:
        return ", ".join(f"{count:,} {name}" for name, count in self.counts.items() if count)


def describe(alias: str = "default") -> str:
    """The database in words: the file of a SQLite database, else name@host:port."""
    settings = connections[alias].settings_dict
    if settings["ENGINE"] == SQLITE:
        return str(settings["NAME"])
    host = settings.get("HOST") or "localhost"
    port = settings.get("PORT") or "5432"
    return f"{settings['NAME']} on {host}:{port}"


def holdings(alias: str = "default") -> Holdings:
    """Count the records people enter; the seeded framework alone is not data to lose."""
    from django.contrib.auth import get_user_model

    from seccoop.workforce.models import OrgUnit, Person, Rating

    counts = {}
    for name, model in [
        ("user accounts", get_user_model()),
        ("people", Person),
        ("org units", OrgUnit),
        ("ratings", Rating),
    ]:
        try:
            counts[name] = model._default_manager.using(alias).count()
        except DatabaseError:
            # Not migrated yet: nothing to lose in that table.
            connections[alias].close()
            counts[name] = 0
    return Holdings(counts)


def _postgres_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise BackupError(f"{name} was not found on PATH or under /usr/lib/postgresql/*/bin.")
    return candidates[-1]


def _postgres_arguments(settings: dict) -> tuple[list[str], dict[str, str]]:
    arguments = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        arguments += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        arguments += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        arguments += ["--username", settings["USER"]]
    environment = {**os.environ}
    if settings.get("PASSWORD"):
        # The environment, not the command line, where other users could read it.
        environment["PGPASSWORD"] = settings["PASSWORD"]
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    finished = subprocess.run(command, env=environment, capture_output=True, text=True)
    if finished.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {finished.stderr.strip()}")


def backup(path: Path, alias: str = "default") -> None:
    """Write a consistent copy of the database to `path`."""
    settings = connections[alias].settings_dict
    path = Path(path)
    if settings["ENGINE"] == SQLITE:
        partial = path.with_name(path.name + ".partial")
        source = sqlite3.connect(settings["NAME"])
        try:
            target = sqlite3.connect(partial)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
        # Only a complete copy takes the name.
        partial.replace(path)
        return
    arguments, environment = _postgres_arguments(settings)
    _run(
        [_postgres_tool("pg_dump"), "--format=custom", "--file", str(path), *arguments], environment
    )


def _check_sqlite_backup(path: Path) -> None:
    try:
        copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            [result] = copy.execute("PRAGMA quick_check").fetchone()
            copy.execute("SELECT COUNT(*) FROM django_migrations").fetchone()
        finally:
            copy.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a seccoop SQLite backup ({exc}).") from exc
    if result != "ok":
        raise BackupError(f"{path} is damaged: {result}.")


def restore(path: Path, alias: str = "default") -> None:
    """Replace the whole database with the backup at `path`."""
    settings = connections[alias].settings_dict
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    # Django's own connection must not hold the database open across the swap.
    connections[alias].close()
    if settings["ENGINE"] == SQLITE:
        _check_sqlite_backup(path)
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(settings["NAME"])
            try:
                # The backup API replaces the live database in one step, under
                # its write lock, so readers never see half of each.
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
        return
    arguments, environment = _postgres_arguments(settings)
    _run(
        [
            _postgres_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *arguments,
            str(path),
        ],
        environment,
    )
