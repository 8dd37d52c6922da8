"""Every write to a table the gap figures read records a change, whoever makes it.

Signals and service calls record the changes Django sees; a trigger in the
database also sees bulk writes, raw SQL, COPY, loaddata and any writer added
later, so a stale stored figure can never be served (see workforce.gap_figures).
"""

from django.db import migrations

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

# PostgreSQL: one row per statement. Writers only add rows, so two writers
# never wait for each other (see gap_figures on why there is no counter row).
POSTGRESQL_FUNCTION = f"""
CREATE FUNCTION workforce_gap_figures_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {CHANGES} (changed_at) VALUES (clock_timestamp());
    RETURN NULL;
END;
$$;
"""


def postgresql_trigger(table: str) -> str:
    return (
        f"CREATE TRIGGER gap_figures_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION workforce_gap_figures_changed();"
    )


# SQLite has row triggers only. It admits one writer at a time, so a row
# already waiting means the figures are stale until a rebuild that has not yet
# begun (a rebuild holds the write lock from its first statement to its
# commit): one row per burst is enough, and a million-row import adds one.
def sqlite_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER gap_figures_changed_on_{event.lower()}_{table} AFTER {event} ON {table} "
        f"WHEN NOT EXISTS (SELECT 1 FROM {CHANGES}) "
        f"BEGIN INSERT INTO {CHANGES} (changed_at) VALUES (CURRENT_TIMESTAMP); END;"
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


def create_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL_FUNCTION)
            for table in SOURCE_TABLES:
                cursor.execute(postgresql_trigger(table))
        elif schema_editor.connection.vendor == "sqlite":
            for table in SOURCE_TABLES:
                for statement in sqlite_triggers(table):
                    cursor.execute(statement)


def drop_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            for table in SOURCE_TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS gap_figures_changed ON {table};")
            cursor.execute("DROP FUNCTION IF EXISTS workforce_gap_figures_changed();")
        elif schema_editor.connection.vendor == "sqlite":
            for table in SOURCE_TABLES:
                for event in ("insert", "update", "delete"):
                    cursor.execute(
                        f"DROP TRIGGER IF EXISTS gap_figures_changed_on_{event}_{table};"
                    )


def mark_stale(apps, schema_editor):
    # Figures summed before the triggers may already be stale (a ratings
    # import recorded no change): serve the live aggregate until a rebuild.
    apps.get_model("workforce", "GapFigureChange").objects.create()


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0003_record_version"),
        ("workforce", "0005_gap_figures"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(mark_stale, migrations.RunPython.noop),
    ]
