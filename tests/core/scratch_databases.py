"""A database of its own for tests that run `seccoop` in a subprocess.

On SQLite a file in a temporary directory; when DATABASE_URL points to
PostgreSQL, a database created beside the test database and dropped after.
The subprocess is given the database through DATABASE_URL.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import dj_database_url

PROJECT = Path(__file__).resolve().parents[2]


@dataclass
class ScratchDatabase:
    url: str

    @property
    def on_postgres(self) -> bool:
        return self.url.startswith(("postgres:", "postgresql:"))

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.url,
            "DJANGO_SETTINGS_MODULE": "seccoop.settings",
        }

    def seccoop(self, *args: str, timeout: float = 180, check: bool = True):
        """Run `python -m seccoop.cli ARGS` against this database."""
        return subprocess.run(
            [sys.executable, "-m", "seccoop.cli", *args],
            env=self.environment(),
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=check,
        )

    def popen(self, *args: str, **kwargs) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "seccoop.cli", *args],
            env=self.environment(),
            cwd=PROJECT,
            **kwargs,
        )

    def execute(self, *statements: str) -> None:
        """Run SQL statements in one transaction, without Django."""
        if self.on_postgres:
            import psycopg

            with psycopg.connect(self.url) as connection:
                for statement in statements:
                    connection.execute(statement)
            return
        connection = sqlite3.connect(dj_database_url.parse(self.url)["NAME"])
        try:
            with connection:
                for statement in statements:
                    connection.execute(statement)
        finally:
            connection.close()

    def row_counts(self) -> dict[str, int]:
        """Rows in every table of the database, read without Django."""
        if self.on_postgres:
            import psycopg

            with psycopg.connect(self.url) as connection:
                tables = [
                    name
                    for (name,) in connection.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    )
                ]
                return {
                    table: connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                    for table in tables
                }
        connection = sqlite3.connect(dj_database_url.parse(self.url)["NAME"])
        try:
            tables = [
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            ]
            return {
                table: connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                for table in tables
            }
        finally:
            connection.close()


def _admin_connection(url: str):
    import psycopg

    config = dj_database_url.parse(url)
    return psycopg.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        autocommit=True,
    )


def scratch_database(directory: Path, *, copy_of: ScratchDatabase | None = None):
    """Yield a new ScratchDatabase, empty or a copy of `copy_of`; a PostgreSQL one is dropped after.

    Copying a migrated database takes a second where migrating takes most of a minute.
    """
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres:", "postgresql:")):
        path = directory / "scratch.sqlite3"
        if copy_of is not None:
            shutil.copyfile(dj_database_url.parse(copy_of.url)["NAME"], path)
        yield ScratchDatabase(f"sqlite:///{path}")
        return
    name = f"seccoop_scratch_{uuid.uuid4().hex[:12]}"
    admin = _admin_connection(url)
    try:
        if copy_of is None:
            admin.execute(f'CREATE DATABASE "{name}"')
        else:
            template = copy_of.url.rsplit("/", 1)[1]
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        base = url.rsplit("/", 1)[0]
        yield ScratchDatabase(f"{base}/{name}")
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def migrated_template(directory: Path):
    """Yield one scratch database migrated by `seccoop migrate`, for tests to copy."""
    databases = scratch_database(directory)
    database = next(databases)
    try:
        database.seccoop("migrate", "--no-input", timeout=900)
        yield database
    finally:
        databases.close()
