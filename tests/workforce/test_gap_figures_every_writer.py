"""Every way of changing what a gap figure counts is followed by the next heatmap read.

The stored gap figures (`workforce.gap_figures`) are served only while no
change has been recorded since they were summed. Each test here sums them,
makes one change through a real path a user or operator has (a service, an
importer, the API, the admin, a page, a management command, a restore, the
demo loader), and then reads the heatmap and the dashboard figures the way a
workforce manager's page, API call and export do: they must equal the live
aggregate, which must itself have moved, or the test would prove nothing.
"""

import io
import json
import re

import numpy as np
import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from seccoop.core.api_auth import issue_token
from seccoop.core.services import archive, update_record
from seccoop.workforce import change_triggers, gap_figures
from seccoop.workforce.heatmaps import gap_summary, heatmap_rollup, heatmap_units, unit_heatmap
from seccoop.workforce.imports import import_table
from seccoop.workforce.models import (
    CurrentLevel,
    Person,
    Position,
    Rating,
    RatingSource,
    RoleRequirement,
    UnitGapFigures,
)
from seccoop.workforce.services import (
    record_rating,
    refresh_current_levels,
    set_template_requirements,
)
from tests.factories import RatingFactory

ROLLUP = ("people", "required", "meeting", "shortfall_sum", "proficient")


def parents(d):
    return (None, d.division, d.alpha, d.bravo)


def _figures(rollup) -> tuple:
    return tuple(np.asarray(getattr(rollup, name)).tolist().__repr__() for name in ROLLUP)


def live_figures(d) -> dict:
    """What the heatmaps and the dashboard should show: the live aggregate, nothing stored."""
    everyone = Person.objects.active()
    figures = {
        parent: (
            [unit.pk for unit in heatmap_units(parent)],
            _figures(heatmap_rollup(d.framework, everyone, heatmap_units(parent), parent)),
        )
        for parent in parents(d)
    }
    figures["dashboard"] = gap_summary(d.framework, everyone)
    return figures


def shown_figures(d) -> dict:
    """What a workforce manager is shown: the figures the page, the API and the export read."""
    figures = {}
    for parent in parents(d):
        heatmap = unit_heatmap(d.framework, parent)
        figures[parent] = ([unit.pk for unit in heatmap.units], _figures(heatmap.rollup))
    figures["dashboard"] = gap_summary(d.framework, Person.objects.active(), everyone=True)
    return figures


def summed(d) -> dict:
    """Sum the stored figures and return what a workforce manager is shown from them."""
    gap_figures.build()
    assert gap_figures.is_fresh()
    before = shown_figures(d)
    assert before == live_figures(d)
    return before


def assert_the_next_read_shows_the_change(d, before: dict) -> None:
    after = live_figures(d)
    assert after != before, "the write under test should have changed a figure"
    assert shown_figures(d) == after


def rate_teammate(d, code="1.A", level=5):
    record_rating(
        user=d.alpha_lead.user,
        person=d.teammate,
        competency=d.framework.competencies.get(code=code),
        level=level,
        source=RatingSource.SUPERVISOR,
    )


# --- importers -----------------------------------------------------------------------


def test_a_ratings_import_after_the_build_is_shown_on_the_next_heatmap_read(directorate):
    d = directorate
    d.teammate.external_id = "P-TINA"
    d.teammate.save()
    before = summed(d)
    import_table(
        "ratings",
        io.BytesIO(
            b"external_id,person_external_id,code,level,source,rated_on\n"
            b"R-1,P-TINA,1.A,5,validated,2025-03-01\n"
        ),
        "ratings.csv",
        user=d.workforce_manager.user,
    )
    assert_the_next_read_shows_the_change(d, before)


def test_a_ratings_import_from_the_upload_page_is_shown_on_the_next_heatmap_read(
    client, directorate
):
    d = directorate
    d.teammate.external_id = "P-TINA"
    d.teammate.save()
    before = summed(d)
    client.force_login(d.workforce_manager.user)
    response = client.post(
        reverse("workforce:import"),
        {
            "kind": "ratings",
            "file": SimpleUploadedFile(
                "ratings.csv",
                b"external_id,person_external_id,code,level,source,rated_on\n"
                b"R-1,P-TINA,1.D,5,validated,2025-03-01\n",
            ),
        },
    )
    assert response.status_code == 200
    assert_the_next_read_shows_the_change(d, before)


def test_a_ratings_import_at_the_command_line_is_shown_on_the_next_heatmap_read(
    directorate, tmp_path
):
    d = directorate
    d.bravo_member.external_id = "P-BOB"
    d.bravo_member.save()
    before = summed(d)
    sheet = tmp_path / "ratings.csv"
    sheet.write_text(
        "external_id,person_external_id,code,level,source,rated_on\n"
        "R-1,P-BOB,4.C,5,validated,2025-03-01\n"
    )
    call_command("import-data", "ratings", str(sheet), stdout=io.StringIO())
    assert_the_next_read_shows_the_change(d, before)


def test_an_org_unit_import_is_shown_on_the_next_heatmap_read(directorate):
    d = directorate
    before = summed(d)
    import_table(
        "orgunits",
        io.BytesIO(b"external_id,name,kind,parent_external_id\nOU-9,Charlie Team,team,\n"),
        "units.csv",
        user=d.administrator.user,
    )
    assert_the_next_read_shows_the_change(d, before)


def test_a_people_import_is_recorded_as_a_change_and_the_next_read_is_live(directorate):
    d = directorate
    before = summed(d)
    import_table(
        "people",
        io.BytesIO(b"external_id,first_name,last_name\nP-NEW,Nia,Newcomer\n"),
        "people.csv",
        user=d.administrator.user,
    )
    # Someone without a position counts in no figure, so the figures stay
    # as they were; the import is recorded all the same.
    assert not gap_figures.is_fresh()
    assert shown_figures(d) == live_figures(d) == before


def test_a_positions_import_moving_a_position_is_shown_on_the_next_heatmap_read(directorate):
    d = directorate
    position = d.teammate.position
    for record, key in ((position, "POS-TINA"), (d.bravo, "OU-BRAVO")):
        record.external_id = key
        record.save()
    before = summed(d)
    import_table(
        "positions",
        io.BytesIO(
            b"external_id,title,role_type,org_unit_external_id\n"
            b"POS-TINA,Desk Officer (Tina),country-desk-officer,OU-BRAVO\n"
        ),
        "positions.csv",
        user=d.administrator.user,
    )
    assert_the_next_read_shows_the_change(d, before)


# --- services ------------------------------------------------------------------------


def test_a_recorded_rating_is_shown_on_the_next_heatmap_read(directorate):
    d = directorate
    before = summed(d)
    rate_teammate(d)
    assert_the_next_read_shows_the_change(d, before)


def test_current_levels_refreshed_from_ratings_written_directly_are_shown(directorate):
    d = directorate
    before = summed(d)
    RatingFactory(person=d.underling, competency=d.framework.competencies.get(code="1.D"), level=5)
    refresh_current_levels([d.underling.pk])
    assert_the_next_read_shows_the_change(d, before)


def test_a_template_edit_is_shown_on_the_next_heatmap_read(directorate):
    d = directorate
    before = summed(d)
    template = d.role_type.templates.get()
    set_template_requirements(
        user=d.administrator.user,
        template=template,
        levels={"1.A": 3, "2.B": 2},
        expected_version=template.version,
    )
    assert_the_next_read_shows_the_change(d, before)


def test_a_position_moved_by_an_edit_is_shown_on_the_next_heatmap_read(directorate):
    d = directorate
    before = summed(d)
    position = d.teammate.position
    update_record(
        user=d.workforce_manager.user,
        record=position,
        changes={"org_unit": d.bravo},
        expected_version=position.version,
    )
    assert_the_next_read_shows_the_change(d, before)


def test_an_archived_person_leaves_the_next_heatmap_read(directorate):
    d = directorate
    before = summed(d)
    archive(user=d.workforce_manager.user, record=d.bravo_member, expected_version=None)
    assert_the_next_read_shows_the_change(d, before)


def test_a_deleted_rating_takes_its_level_off_the_next_heatmap_read(directorate):
    d = directorate
    rate_teammate(d)
    before = summed(d)
    Rating.objects.filter(person=d.teammate).delete()
    assert_the_next_read_shows_the_change(d, before)


# --- API, pages and admin ------------------------------------------------------------


def bearer(person) -> dict:
    _, secret = issue_token(user=person.user, name="tests", lifetime_days=30)
    return {"Authorization": f"Bearer {secret}"}


def test_a_rating_recorded_through_the_api_is_shown_on_the_next_heatmap_read(client, directorate):
    d = directorate
    before = summed(d)
    response = client.post(
        "/api/v1/ratings",
        json.dumps({"person": d.teammate.pk, "code": "1.D", "level": 5, "source": "supervisor"}),
        content_type="application/json",
        headers=bearer(d.alpha_lead),
    )
    assert response.status_code == 201, response.text
    assert_the_next_read_shows_the_change(d, before)


def test_a_position_moved_through_the_api_is_shown_on_the_next_heatmap_read(client, directorate):
    d = directorate
    before = summed(d)
    position = d.underling.position
    response = client.patch(
        f"/api/v1/positions/{position.pk}",
        json.dumps({"org_unit": d.bravo.pk, "version": position.version}),
        content_type="application/json",
        headers=bearer(d.workforce_manager),
    )
    assert response.status_code == 200, response.text
    assert_the_next_read_shows_the_change(d, before)


def test_team_ratings_posted_on_the_page_are_shown_on_the_next_heatmap_read(client, directorate):
    d = directorate
    before = summed(d)
    client.force_login(d.alpha_lead.user)
    response = client.post(
        f"{reverse('workforce:rate-team')}?competency=1.A",
        {"source": "supervisor", f"level_{d.teammate.pk}": "4", f"level_{d.underling.pk}": "3"},
    )
    assert response.status_code == 302
    assert_the_next_read_shows_the_change(d, before)


def test_a_position_moved_on_its_edit_page_is_shown_on_the_next_heatmap_read(client, directorate):
    d = directorate
    before = summed(d)
    position = d.teammate.position
    client.force_login(d.workforce_manager.user)
    response = client.post(
        reverse("workforce:position-edit", args=[position.pk]),
        {
            "title": position.title,
            "role_type": position.role_type_id,
            "org_unit": d.bravo.pk,
            "incumbent": position.incumbent_id,
            "reports_to": position.reports_to_id,
            "version": position.version,
        },
    )
    assert response.status_code == 302
    assert_the_next_read_shows_the_change(d, before)


def test_an_org_unit_archived_in_the_admin_leaves_the_next_heatmap_read(admin_client, directorate):
    d = directorate
    before = summed(d)
    admin_client.post(
        reverse("admin:workforce_orgunit_changelist"),
        {"action": "archive_selected", admin.helpers.ACTION_CHECKBOX_NAME: [d.bravo.pk]},
    )
    assert_the_next_read_shows_the_change(d, before)


def test_a_template_line_changed_in_the_admin_is_shown_on_the_next_heatmap_read(
    admin_client, directorate
):
    d = directorate
    before = summed(d)
    line = RoleRequirement.objects.get(template__role_type=d.role_type, competency__code="1.A")
    response = admin_client.post(
        reverse("admin:workforce_rolerequirement_change", args=[line.pk]),
        {"template": line.template_id, "competency": line.competency_id, "level": 5},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_the_next_read_shows_the_change(d, before)


# --- demo loading --------------------------------------------------------------------


def test_loading_the_demo_is_shown_on_the_next_heatmap_read(directorate):
    d = directorate
    before = summed(d)
    call_command("load-demo", stdout=io.StringIO())
    assert_the_next_read_shows_the_change(d, before)


# --- restore from a backup (in a database of its own: a restore replaces the whole file) --

RESTORE_SETUP = """
from seccoop.workforce import gap_figures
from tests.factories import (
    OrgUnitFactory, PersonFactory, PositionFactory, RoleRequirementFactory,
    RoleTemplateFactory, RoleTypeFactory,
)
from seccoop.competencies.models import Framework
framework = Framework.objects.get(slug="dod-security-cooperation")
role_type = RoleTypeFactory(slug="country-desk-officer")
template = RoleTemplateFactory(role_type=role_type, framework=framework)
RoleRequirementFactory(template=template, competency=framework.competencies.get(code="1.A"),
                       level=3)
PositionFactory(incumbent=PersonFactory(external_id="P-1"), role_type=role_type,
                org_unit=OrgUnitFactory(name="Alpha Team"))
gap_figures.build()
"""

RESTORE_RATE = """
from seccoop.workforce import gap_figures
from seccoop.workforce.models import Person
from seccoop.workforce.services import refresh_current_levels
from tests.factories import RatingFactory
person = Person.objects.get(external_id="P-1")
line = person.position.role_type.templates.get().requirements.get()
RatingFactory(person=person, competency=line.competency, level=5)
refresh_current_levels([person.pk])
gap_figures.build()
"""

RESTORE_READ = """
import json
from seccoop.competencies.models import Framework
from seccoop.workforce.models import Person
from seccoop.workforce.heatmaps import heatmap_rollup, heatmap_units, unit_heatmap
framework = Framework.objects.get(slug="dod-security-cooperation")
shown = unit_heatmap(framework, None).rollup
live = heatmap_rollup(framework, Person.objects.active(), heatmap_units(None), None)
print(json.dumps([[getattr(r, n).tolist() for n in ("people", "required", "meeting",
                   "shortfall_sum", "proficient")] for r in (shown, live)]))
"""


def read_heatmap(database) -> tuple[list, list]:
    finished = database.seccoop("shell", "-c", RESTORE_READ)
    shown, live = json.loads(finished.stdout.strip().splitlines()[-1])
    return shown, live


@pytest.fixture
def restorable(tmp_path, migrated_database_template):
    from tests.core.scratch_databases import scratch_database

    yield from scratch_database(tmp_path, copy_of=migrated_database_template)


def test_a_restored_backup_is_shown_on_the_next_heatmap_read(restorable, tmp_path):
    database = restorable
    database.seccoop("shell", "-c", RESTORE_SETUP)
    backup_file = tmp_path / "seccoop.backup"
    database.seccoop("backup", str(backup_file))
    at_backup, _ = read_heatmap(database)
    database.seccoop("shell", "-c", RESTORE_RATE)
    rated, _ = read_heatmap(database)
    assert rated != at_backup
    database.seccoop("restore", "--yes", str(backup_file))
    shown, live = read_heatmap(database)
    assert shown == live == at_backup


# --- any writer at all: the tables the figures read record every change themselves ----

# The figures' own tables, which a build writes.
OWN_TABLES = {
    "workforce_gapfigurechange",
    "workforce_gapfigurequeue",
    "workforce_gapfigurebuild",
    "workforce_unitgapfigures",
}


def tables_read_by_the_figures(d) -> set[str]:
    """Every table a build and a live heatmap read, found in the SQL they send."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        gap_figures.build()
        for parent in parents(d):
            heatmap_rollup(d.framework, Person.objects.active(), heatmap_units(parent), parent)
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    return {
        table for table in connection.introspection.table_names() if re.search(rf"\b{table}\b", sql)
    } - OWN_TABLES


def test_every_table_the_figures_read_records_its_changes_in_the_database(directorate):
    read = tables_read_by_the_figures(directorate)
    assert "workforce_currentlevel" in read
    triggers = change_triggers.present(connection)
    missing = {
        table: sorted({"INSERT", "UPDATE", "DELETE"} - triggers.get(table, set()))
        for table in read
        if {"INSERT", "UPDATE", "DELETE"} - triggers.get(table, set())
    }
    assert missing == {}, (
        "The gap figures read these tables, which do not record a change on these writes: "
        "add them to SOURCE_TABLES in workforce/change_triggers.py and install them in a "
        "new migration like workforce/migrations/0006_gap_figure_change_triggers.py"
    )


def drop_triggers_of(table: str) -> None:
    """What an SQLite table rebuild (a migration altering the table) does to its triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER gap_figures_changed ON {table}")
        else:
            for event in change_triggers.EVENTS:
                cursor.execute(f"DROP TRIGGER gap_figures_changed_on_{event.lower()}_{table}")


def test_a_migration_that_drops_a_tables_triggers_leaves_them_installed_again(directorate):
    summed(directorate)
    drop_triggers_of("workforce_position")
    assert "workforce_position" in change_triggers.missing(connection)
    call_command("migrate", verbosity=0)
    assert change_triggers.missing(connection) == []


def test_writes_made_while_a_trigger_was_missing_leave_the_figures_stale_after_migrate(
    directorate,
):
    d = directorate
    before = summed(d)
    drop_triggers_of("workforce_position")
    Position.objects.filter(pk=d.teammate.position.pk).update(org_unit=d.bravo)
    call_command("migrate", verbosity=0)
    assert_the_next_read_shows_the_change(d, before)


@pytest.mark.parametrize("table", change_triggers.SOURCE_TABLES)
def test_raw_sql_that_touches_a_table_the_figures_read_makes_them_stale(directorate, table):
    rate_teammate(directorate)  # so that every table holds a row to touch
    summed(directorate)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET id = id WHERE id = (SELECT MIN(id) FROM {table})")  # noqa: S608
    assert not gap_figures.is_fresh()
    assert gap_figures.fresh_build_key(directorate.framework) is None


def test_current_levels_deleted_by_raw_sql_are_gone_from_the_next_heatmap_read(directorate):
    d = directorate
    rate_teammate(d)
    before = summed(d)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {CurrentLevel._meta.db_table}")  # noqa: S608
    assert_the_next_read_shows_the_change(d, before)


def test_a_position_moved_by_a_queryset_update_is_shown_on_the_next_heatmap_read(directorate):
    d = directorate
    before = summed(d)
    Position.objects.filter(pk=d.teammate.position.pk).update(org_unit=d.bravo)
    assert_the_next_read_shows_the_change(d, before)


# --- the command ---------------------------------------------------------------------


def test_the_command_never_calls_figures_up_to_date_that_differ_from_the_live_aggregate(
    directorate,
):
    d = directorate
    rate_teammate(d)
    gap_figures.build()
    # Figures left wrong by a change nobody recorded, as a database restored
    # from a backup made before every writer recorded its changes may hold.
    line = UnitGapFigures.objects.get(build__framework=d.framework, org_unit=d.alpha)
    line.subtree = {**line.subtree, "people": line.subtree["people"] + 1}
    line.save()
    assert gap_figures.is_fresh()
    out = io.StringIO()
    call_command("build-gap-figures", stdout=out)
    assert "differed from the live aggregate" in out.getvalue()
    assert "up to date" not in out.getvalue()
    assert shown_figures(d) == live_figures(d)


def test_the_command_says_up_to_date_once_the_figures_equal_the_live_aggregate(directorate):
    d = directorate
    rate_teammate(d)
    gap_figures.build()
    out = io.StringIO()
    call_command("build-gap-figures", stdout=out)
    assert out.getvalue().strip() == "The stored gap figures are up to date."
