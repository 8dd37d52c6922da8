"""An export of any table imports back unchanged.

Every table that an app registers for import (seccoop.core.transfer) is
exported with its exporter and imported back through its importer: the
import reports every row unchanged, and the table's rows are the same
afterwards. The records come from the demo
directorate of every app and from the app's own services and factories, so
many have no external id, as records made in the app have none.

The same holds through the `export-data` and `import-data` commands, through
the one export and import page of the table's area as an administrator
(who may import every table), and through the background worker a large
upload goes to.

The tables are read from the registry, so a table added there is round-tripped
here without a word.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models, transaction
from django.urls import reverse

from seccoop.competencies.models import Competency
from seccoop.core import transfer
from seccoop.core.exports import render
from seccoop.core.models import TransferJob
from seccoop.core.services import create_record
from seccoop.development.models import Course
from seccoop.partners.models import Counterpart, Country, Engagement, PartnerOrganization
from seccoop.partners.services import assign_desk_officers, sync_practice_evidence
from seccoop.workforce.models import OrgUnit, Person, Position, RatingSource, RoleType
from seccoop.workforce.services import record_rating

DAY = datetime.date(2024, 5, 2)
DEFAULT = "dod-security-cooperation"


TABLES = [
    pytest.param(table.key, id=table.key)
    for table in transfer.tables()
    if table.importer is not None
]


def test_every_table_imported_is_also_exported():
    one_way = [table.key for table in transfer.tables() if table.importer and not table.exporter]
    assert not one_way, f"{', '.join(one_way)} import but do not export; register an exporter."


@pytest.fixture(scope="module")
def recorded(django_db_setup, django_db_blocker):
    """The demo of every app, and records made in the app as a person makes them.

    The demo is loaded once for the module, in a transaction rolled back at its
    end; each test runs in a savepoint inside it. The org unit, person, position,
    course, organization and counterpart made here have no external id, as the app
    gives them none, and an engagement and a country refer to them; one
    rating's evidence begins with a formula character.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load-demo", stdout=io.StringIO())
        admin = get_user_model().objects.get(username="admin")
        unit = create_record(
            user=admin,
            model=OrgUnit,
            data={"name": "Liaison Cell", "kind": "team", "parent": OrgUnit.objects.first()},
        )
        person = create_record(
            user=admin,
            model=Person,
            data={"first_name": "Nia", "last_name": "Newcomer", "email": "nia@example.mil"},
        )
        create_record(
            user=admin,
            model=Position,
            data={
                "title": "Liaison officer",
                "org_unit": unit,
                "role_type": RoleType.objects.first(),
                "incumbent": person,
            },
        )
        for code, evidence in [("1.A", "=SUM(A1:A2) was the point."), ("1.D", "@ the talks")]:
            record_rating(
                user=admin,
                person=person,
                competency=Competency.objects.get(framework__slug=DEFAULT, code=code),
                level=3,
                source=RatingSource.SUPERVISOR,
                rated_on=DAY,
                evidence=evidence,
            )
        organization = create_record(
            user=admin,
            model=PartnerOrganization,
            data={"name": "Liaison Office", "kind": "embassy", "country": Country.objects.first()},
        )
        counterpart = create_record(
            user=admin,
            model=Counterpart,
            data={"organization": organization, "first_name": "Ola", "last_name": "Other"},
        )
        # Links to records without external ids, as the engagement and country pages make them.
        engagement = Engagement.objects.order_by("pk").first()
        engagement.participants.add(person)
        engagement.counterparts.add(counterpart)
        engagement.organizations.add(organization)
        sync_practice_evidence([engagement], recorded_by=admin)
        assign_desk_officers(
            user=admin, country=Country.objects.order_by("pk").first(), primary=person, backup=None
        )
        create_record(
            user=admin,
            model=Course,
            data={"title": "Liaison basics", "provider": "DSCU", "level": "basic", "hours": 8},
        )
        yield
        transaction.set_rollback(True)


def _rows(model: type[models.Model]) -> list[tuple]:
    """Every stored column of every row of a table, in primary-key order.

    A link table (many-to-many) is compared by its links alone: their row numbers
    mean nothing to anyone.
    """
    if model._meta.auto_created:
        columns = [field.attname for field in model._meta.concrete_fields if not field.primary_key]
        return sorted(model._default_manager.values_list(*columns))
    columns = [field.attname for field in model._meta.concrete_fields]
    return list(model._default_manager.order_by("pk").values_list(*columns))


def _all_tables() -> dict[str, list[tuple]]:
    """Every table of the project's apps, history and audit log aside.

    Those two grow with every write by design; the domain tables must not move.
    """
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        if not label.startswith(
            ("workforce.", "partners.", "programs.", "controls.", "evaluation.", "development.")
        ):
            continue
        if label.split(".")[1].startswith("Historical") or model._meta.proxy:
            continue
        tables[label] = _rows(model)
    return tables


def _changed(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> dict:
    """{table: (rows only before, rows only after)} for the tables that differ."""
    differences = {}
    for label, rows in before.items():
        if rows != after[label]:
            gone = [row for row in rows if row not in after[label]][:3]
            new = [row for row in after[label] if row not in rows][:3]
            differences[label] = (gone, new)
    return differences


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("key", TABLES)
def test_an_export_of_the_table_imports_back_unchanged(recorded, db, key, file_format):
    table = transfer.table(key)
    sheet = transfer.export_table(key)
    data = render(sheet, file_format)
    exported = data.count(b"\n") if file_format == "csv" else None
    assert exported is None or exported > 1, (
        f"the {key} export holds no row: make the `recorded` fixture create one."
    )
    before = _all_tables()
    result = transfer.import_table(key, io.BytesIO(data), f"{table.name}.{file_format}")
    assert (result.created, result.updated) == (0, 0), str(result)
    assert result.unchanged > 0
    assert _changed(before, _all_tables()) == {}


@pytest.mark.parametrize("key", TABLES)
def test_the_commands_export_the_table_and_import_it_back_unchanged(recorded, db, key, tmp_path):
    path = tmp_path / f"{transfer.table(key).name}.csv"
    call_command("export-data", key, "-o", str(path), stderr=io.StringIO())
    before = _all_tables()
    out = io.StringIO()
    call_command("import-data", key, str(path), stdout=out)
    assert " 0 created, 0 updated, " in out.getvalue()
    assert _changed(before, _all_tables()) == {}


def _download_and_upload(client, key, file_format):
    """The table as its area's export page gives it, uploaded to its area's import page."""
    table = transfer.table(key)
    area = transfer.area(table.area)
    client.force_login(get_user_model().objects.get(username="admin"))
    download = client.get(reverse(area.export_url), {"kind": table.name, "format": file_format})
    assert download.status_code == 200
    upload = SimpleUploadedFile(f"{table.name}.{file_format}", download.content)
    return client.post(reverse(area.import_url), {"kind": table.name, "file": upload})


@pytest.mark.parametrize("key", TABLES)
def test_an_administrator_exports_the_table_from_its_page_and_imports_it_back_there(
    recorded, db, key, client, settings
):
    settings.SECCOOP_BACKGROUND_IMPORT_BYTES = 100 * 1024 * 1024
    before = _all_tables()
    response = _download_and_upload(client, key, "xlsx")
    assert response.status_code == 200
    assert " 0 created, 0 updated, " in response.content.decode()
    assert _changed(before, _all_tables()) == {}


@pytest.mark.parametrize("key", TABLES)
def test_a_large_upload_of_the_table_goes_to_the_worker_whose_page_shows_the_result(
    recorded, db, key, client, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SECCOOP_BACKGROUND_IMPORT_BYTES = 0
    response = _download_and_upload(client, key, "csv")
    job = TransferJob.objects.get(kind=key)
    assert response["Location"] == reverse("job", args=[job.pk])
    assert job.status == TransferJob.Status.SUCCEEDED, job.problems
    assert " 0 created, 0 updated, " in client.get(response["Location"]).content.decode()
