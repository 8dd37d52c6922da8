"""Every app's tables share one import page, one export page, one worker and one pair of commands.

The tables come from the registry (seccoop.core.transfer), so a table an app
registers is tried here without a word. Whether someone may import is the
policy's (`can(user, "import", model)`); someone it refuses gets the site's
refused page and nothing is written. tests/core/test_round_trip_every_table.py
carries every table there and back through the commands, the pages and the
worker with the records of the demo directorate.
"""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seccoop.core import permissions, transfer
from seccoop.core.models import TransferJob
from seccoop.partners.models import Region
from seccoop.programs.models import Case
from tests.factories import UserFactory

IMPORTED = [pytest.param(t.key, id=t.key) for t in transfer.tables() if t.importer is not None]
REGIONS = "code,name\n" + "".join(f"R-{n},Region {n}\n" for n in range(1200))

# Written on every request by design: the session and the audit log (refusals are audited).
BOOKKEEPING_TABLES = {"django_session", "core_auditentry"}
WRITE_STATEMENT = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)


def tables_written(queries) -> list[str]:
    return sorted(
        {
            match.group(1)
            for query in queries
            if (match := WRITE_STATEMENT.match(query["sql"]))
            and match.group(1) not in BOOKKEEPING_TABLES
        }
    )


def one_row_file(table: transfer.Table) -> SimpleUploadedFile:
    """A file with the table's columns and one row, as someone would upload it."""
    names = [column.name for column in table.columns]
    return SimpleUploadedFile(
        f"{table.name}.csv", (",".join(names) + "\n" + ",".join("X" for _ in names)).encode()
    )


@pytest.fixture
def jobs_in_the_request(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SECCOOP_BACKGROUND_IMPORT_BYTES = 0


@pytest.mark.parametrize("key", IMPORTED)
def test_someone_without_a_role_or_staff_record_is_refused_the_import_and_nothing_is_written(
    db, client, key
):
    table = transfer.table(key)
    client.force_login(UserFactory(username="visitor"))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse(transfer.area(table.area).import_url),
            {"kind": table.name, "file": one_row_file(table)},
        )
    page = response.content.decode()
    assert response.status_code == 403
    assert "This page is not open to you" in page
    assert tables_written(queries.captured_queries) == []


@pytest.mark.parametrize("key", IMPORTED)
def test_the_import_itself_refuses_someone_without_a_role_wherever_it_is_started(db, key):
    table = transfer.table(key)
    with pytest.raises(PermissionDenied, match=re.escape(table.importer.refusal)):
        transfer.import_table(
            key, one_row_file(table), f"{table.name}.csv", user=UserFactory(username="visitor")
        )


def test_the_refused_page_says_who_imports_the_tables(directorate, client):
    client.force_login(directorate.outsider.user)
    page = client.get(reverse("partners:import")).content.decode()
    assert "Only administrators may import partner data." in page


def test_the_policy_lets_a_desk_officer_import_cases_but_not_regions(directorate):
    desk_officer = UserFactory(username="desk", roles=[permissions.Role.DESK_OFFICER])
    assert permissions.can(desk_officer, "import", Case)
    assert not permissions.can(desk_officer, "import", Region)


def test_the_page_of_every_table_offers_only_those_the_user_may_import(directorate, client):
    client.force_login(directorate.workforce_manager.user)
    page = client.get(reverse("data-import")).content.decode()
    assert '<option value="workforce.ratings">Ratings</option>' in page
    assert '<option value="development.courses">Courses</option>' in page
    assert "partners.regions" not in page


def test_the_page_of_every_table_imports_into_the_table_chosen(directorate, client):
    client.force_login(directorate.administrator.user)
    upload = SimpleUploadedFile("regions.csv", b"code,name\nR-1,Northern Region\n")
    response = client.post(reverse("data-import"), {"kind": "partners.regions", "file": upload})
    assert "regions: 1 created, 0 updated, 0 unchanged." in response.content.decode()
    assert Region.objects.get(code="R-1").name == "Northern Region"


def test_a_large_partner_file_goes_to_the_worker_which_counts_its_rows(
    directorate, client, jobs_in_the_request
):
    client.force_login(directorate.administrator.user)
    upload = SimpleUploadedFile("regions.csv", REGIONS.encode())
    response = client.post(reverse("partners:import"), {"kind": "regions", "file": upload})
    job = TransferJob.objects.get()
    assert response["Location"] == reverse("job", args=[job.pk])
    assert (job.kind, job.rows_done, job.rows_total) == ("partners.regions", 1200, 1200)
    page = client.get(response["Location"]).content.decode()
    assert "regions: 1200 created, 0 updated, 0 unchanged." in page


def test_a_waiting_partner_import_shows_its_progress_bar(directorate, client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SECCOOP_BACKGROUND_IMPORT_BYTES = 0
    client.force_login(directorate.administrator.user)
    upload = SimpleUploadedFile("regions.csv", REGIONS.encode())
    location = client.post(reverse("partners:import"), {"kind": "regions", "file": upload})[
        "Location"
    ]
    page = client.get(location).content.decode()
    assert "<progress" in page
    assert 'hx-trigger="every 1s"' in page
    assert "Import of Regions" in page
    assert not Region.objects.filter(code="R-1").exists()


def test_the_command_shows_the_progress_of_any_table(directorate, tmp_path, capsys):
    path = tmp_path / "regions.csv"
    path.write_text(REGIONS)
    call_command("import-data", "partners.regions", str(path))
    captured = capsys.readouterr()
    assert "checked 500 of 1,200 rows" in captured.err
    assert "regions: 1200 created" in captured.out


def test_the_command_names_the_tables_when_asked_for_an_unknown_one(db, tmp_path):
    with pytest.raises(CommandError, match="choose one of workforce.orgunits, "):
        call_command("import-data", "partners.ships", str(tmp_path / "ships.csv"))


def test_the_heatmap_options_are_refused_for_another_table(db):
    with pytest.raises(CommandError, match="--parent do not apply to partners.regions"):
        call_command("export-data", "partners.regions", "--parent", "D-ACD")


def test_a_job_opens_at_its_first_workforce_address_too(directorate, client, jobs_in_the_request):
    client.force_login(directorate.workforce_manager.user)
    client.post(reverse("workforce:export"), {"kind": "orgunits", "format": "csv"})
    job = TransferJob.objects.get()
    page = client.get(reverse("workforce:job", args=[job.pk])).content.decode()
    assert "Export of Org units" in page
    assert reverse("job-download", args=[job.pk]) in page
