"""An export of any table imports back unchanged.

Every table that an app registers for import (an `IMPORTERS` mapping in one of
its `imports` or `transfer_*` modules) is exported with the app's exporter and
imported back through its importer: the import reports every row unchanged,
and the table's rows are the same afterwards. The records come from the demo
directorate of every app and from the app's own services and factories, so
many have no external id, as records made in the app have none.

The tables are found from the registries, so a table added without a round
trip here fails, naming the table.
"""

from __future__ import annotations

import datetime
import importlib
import io
import pkgutil
from collections.abc import Callable

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models, transaction

import seccoop
from seccoop.competencies.models import Competency
from seccoop.core.exports import Sheet, render
from seccoop.core.services import create_record
from seccoop.development.models import Course
from seccoop.partners.models import Counterpart, Country, Engagement, PartnerOrganization
from seccoop.partners.services import assign_desk_officers, sync_practice_evidence
from seccoop.workforce.models import OrgUnit, Person, Position, RatingSource, RoleType
from seccoop.workforce.services import record_rating

DAY = datetime.date(2024, 5, 2)
DEFAULT = "dod-security-cooperation"


def _registries() -> dict[str, tuple[dict, Callable[[str], Sheet]]]:
    """{module name: (its IMPORTERS, its table exporter)} for every module that registers tables."""
    found = {}
    for info in pkgutil.walk_packages(seccoop.__path__, prefix="seccoop."):
        name = info.name.rsplit(".", 1)[-1]
        if name != "imports" and not name.startswith("transfer_"):
            continue
        module = importlib.import_module(info.name)
        if not hasattr(module, "IMPORTERS"):
            continue
        found[info.name] = module
    return found


# The exporter of each registry: the function that writes one of its tables.
EXPORTERS: dict[str, Callable[[str], Sheet]] = {
    "seccoop.workforce.imports": lambda kind: _module("seccoop.workforce.exports").export_table(
        kind
    ),
    "seccoop.partners.imports": lambda kind: _module("seccoop.partners.exports").export_table(kind),
    "seccoop.controls.imports": lambda kind: _module("seccoop.controls.exports").export_table(kind),
    "seccoop.evaluation.imports": lambda kind: _module("seccoop.evaluation.exports").export_table(
        kind
    ),
    "seccoop.development.imports": lambda kind: _module(
        "seccoop.development.exports"
    ).export_courses(),
    "seccoop.programs.transfer_cases": lambda kind: _module(
        "seccoop.programs.transfer_cases"
    ).export_table(kind),
    "seccoop.programs.transfer_cooperation": lambda kind: _module(
        "seccoop.programs.transfer_cooperation"
    ).export_table(kind),
}


def _module(name: str):
    return importlib.import_module(name)


TABLES = [
    pytest.param(module_name, kind, id=kind)
    for module_name, module in sorted(_registries().items())
    for kind in module.IMPORTERS
]


def test_every_registry_of_tables_has_an_exporter_here():
    missing = sorted(set(_registries()) - set(EXPORTERS))
    assert not missing, (
        f"{', '.join(missing)} registers import tables; add its exporter to EXPORTERS in "
        "tests/core/test_round_trip_every_table.py so its tables are round-tripped."
    )


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
@pytest.mark.parametrize(("module_name", "kind"), TABLES)
def test_an_export_of_the_table_imports_back_unchanged(
    recorded, db, module_name, kind, file_format
):
    module = _registries()[module_name]
    sheet = EXPORTERS[module_name](kind)
    data = render(sheet, file_format)
    exported = data.count(b"\n") if file_format == "csv" else None
    assert exported is None or exported > 1, (
        f"the {kind} export holds no row: make the `recorded` fixture create one."
    )
    before = _all_tables()
    importer = module.IMPORTERS[kind](user=None)
    result = importer.run(io.BytesIO(data), f"{kind}.{file_format}")
    assert (result.created, result.updated) == (0, 0), str(result)
    assert result.unchanged > 0
    assert _changed(before, _all_tables()) == {}
