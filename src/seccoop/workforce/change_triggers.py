"""The database triggers that record a gap figure change on any write to a table the figures read.

Migration 0006 created them. They must also outlive later migrations: on
SQLite, Django alters a table by copying it into a new one and dropping the
old, and the old table's triggers go with it (a new field on positions would
silently end the guarantee for positions). So after every `migrate` the
triggers are checked and any that are missing are installed again, and the
figures are marked stale, since writes made while a trigger was missing went
unrecorded. See workforce.gap_figures for why the figures need them.
"""

from __future__ import annotations

from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

# The tables the gap figures are summed from. tests/workforce/
# test_gap_figures_every_writer.py reads the SQL of a build and of a heatmap
# and fails if it reads a table missing here.
SOURCE_TABLES = (
    "competencies_competency",
    "competencies_framework",
    "competencies_proficiencyscale",
    "workforce_currentlevel",
    "workforce_orgunit",
    "workforce_person",
    "workforce_position",
    "workforce_rolerequirement",
    "workforce_roletemplate",
)
CHANGES = "workforce_gapfigurechange"
EVENTS = ("INSERT", "UPDATE", "DELETE")
TRIGGERS_MIGRATION = ("workforce", "0006_gap_figure_change_triggers")

# PostgreSQL: one row per statement. Writers only add rows, so two writers
# never wait for each other (see gap_figures on why there is no counter row).
POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION workforce_gap_figures_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {CHANGES} (changed_at) VALUES (clock_timestamp());
    RETURN NULL;
END;
$$;
"""


def _postgresql_trigger(table: str) -> str:
    return (
        f"CREATE TRIGGER gap_figures_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION workforce_gap_figures_changed();"
    )


# SQLite has row triggers only. It admits one writer at a time, so a row
# already waiting means the figures are stale until a rebuild that has not yet
# begun (a rebuild holds the write lock from its first statement to its
# commit): one row per burst is enough, and a million-row import adds one.
def _sqlite_trigger(table: str, event: str) -> str:
    return (
        f"CREATE TRIGGER IF NOT EXISTS gap_figures_changed_on_{event.lower()}_{table} "
        f"AFTER {event} ON {table} WHEN NOT EXISTS (SELECT 1 FROM {CHANGES}) "
        f"BEGIN INSERT INTO {CHANGES} (changed_at) VALUES (CURRENT_TIMESTAMP); END;"
    )


def present(connection) -> dict[str, set[str]]:
    """{table: the events (INSERT, UPDATE, DELETE) on which it records a change}."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT event_object_table, event_manipulation FROM information_schema.triggers "
                "WHERE trigger_name = 'gap_figures_changed'"
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name, upper(substr(name, length('gap_figures_changed_on_') + 1, 6)) "
                "FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'gap_figures_changed_%'"
            )
        else:
            return {}
        found: dict[str, set[str]] = {}
        for table, event in cursor.fetchall():
            found.setdefault(table, set()).add(event.strip("_"))
    return found


def missing(connection) -> list[str]:
    """The source tables that lack a trigger for one of the three events."""
    found = present(connection)
    return [table for table in SOURCE_TABLES if set(EVENTS) - found.get(table, set())]


def install(connection) -> list[str]:
    """Install the triggers the source tables lack; return the tables that lacked them."""
    tables = missing(connection)
    if not tables:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL_FUNCTION)
            for table in tables:
                cursor.execute(f"DROP TRIGGER IF EXISTS gap_figures_changed ON {table};")
                cursor.execute(_postgresql_trigger(table))
        elif connection.vendor == "sqlite":
            for table in tables:
                for event in EVENTS:
                    cursor.execute(_sqlite_trigger(table, event))
        # Writes made while a trigger was missing went unrecorded.
        cursor.execute(f"INSERT INTO {CHANGES} (changed_at) VALUES (CURRENT_TIMESTAMP)")
    return tables


def reinstall_after_migrate(*, using, plan=None, **_signal_arguments) -> None:
    """post_migrate: put back any trigger a migration dropped with its table."""
    connection = connections[using]
    if TRIGGERS_MIGRATION not in MigrationRecorder(connection).applied_migrations():
        return  # not migrated that far yet, or migrated back past it on purpose
    install(connection)
