"""What lets any export import back unchanged: generated keys and formula quotes.

A record made in the app has no external id; its export names it by a
generated key ("person-12"), read back as that record. Text that a spreadsheet
would run as a formula is exported behind a single quote, which the import
takes off again, exactly once.
"""

import csv
import io

import pytest

from seccoop.core.exports import render
from seccoop.workforce.exports import export_table
from seccoop.workforce.imports import import_table
from seccoop.workforce.models import OrgUnit, Person, Position


def _export(kind: str, file_format: str = "csv") -> bytes:
    return render(export_table(kind), file_format)


def _cells(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _people() -> list[tuple]:
    return sorted(
        Person.objects.values_list(
            "pk", "external_id", "first_name", "last_name", "email", "org_unit_id", "user_id"
        )
    )


def test_a_person_made_in_the_app_is_exported_under_a_generated_key(directorate):
    tina = directorate.teammate
    row = next(row for row in _cells(_export("people")) if row["first_name"] == tina.first_name)
    assert row["external_id"] == f"person-{tina.pk}"


def test_an_org_unit_is_named_by_its_generated_key_wherever_it_is_referred_to(directorate):
    alpha, tina = directorate.alpha, directorate.teammate
    tina.org_unit = alpha
    tina.save()
    row = next(row for row in _cells(_export("people")) if row["first_name"] == "Tina")
    assert row["org_unit_external_id"] == f"orgunit-{alpha.pk}"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_people_made_in_the_app_import_back_unchanged(directorate, file_format):
    before = _people()
    data = _export("people", file_format)
    result = import_table("people", io.BytesIO(data), f"people.{file_format}")
    assert (result.created, result.updated, result.unchanged) == (0, 0, len(before))
    assert _people() == before


def test_positions_made_in_the_app_import_back_unchanged(directorate):
    before = sorted(
        Position.objects.values_list("pk", "external_id", "incumbent_id", "reports_to_id")
    )
    result = import_table("positions", io.BytesIO(_export("positions")), "positions.csv")
    assert (result.created, result.updated) == (0, 0)
    assert (
        sorted(Position.objects.values_list("pk", "external_id", "incumbent_id", "reports_to_id"))
        == before
    )


def test_a_changed_row_under_a_generated_key_updates_that_person(directorate):
    tina = directorate.teammate
    data = f"external_id,first_name,last_name\nperson-{tina.pk},Tina,Renamed\n".encode()
    result = import_table("people", io.BytesIO(data), "people.csv")
    tina.refresh_from_db()
    assert (result.updated, tina.last_name, tina.external_id) == (1, "Renamed", None)


def test_an_external_id_written_like_a_generated_key_names_the_record_that_has_it(directorate):
    tina, bob = directorate.teammate, directorate.bravo_member
    bob.external_id = f"person-{tina.pk}"
    bob.save()
    data = f"external_id,first_name,last_name\nperson-{tina.pk},Bob,Renamed\n".encode()
    import_table("people", io.BytesIO(data), "people.csv")
    tina.refresh_from_db()
    bob.refresh_from_db()
    assert (bob.last_name, tina.last_name) == ("Renamed", "Teammate")


def test_a_generated_key_of_a_record_that_has_an_external_id_creates_a_new_record(directorate):
    tina = directorate.teammate
    tina.external_id = "P-TINA"
    tina.save()
    data = f"external_id,first_name,last_name\nperson-{tina.pk},Tina,Twin\n".encode()
    result = import_table("people", io.BytesIO(data), "people.csv")
    assert result.created == 1
    assert Person.objects.get(external_id=f"person-{tina.pk}").last_name == "Twin"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "name",
    ["=SUM(A1:A2) cell", "+ liaison", "@ the embassy", "'=quoted already", "''+twice", "'-3", "-3"],
)
def test_a_name_that_looks_like_a_formula_imports_back_as_it_was(directorate, file_format, name):
    unit = directorate.alpha
    OrgUnit.objects.filter(pk=unit.pk).update(name=name)
    data = _export("orgunits", file_format)
    result = import_table("orgunits", io.BytesIO(data), f"orgunits.{file_format}")
    unit.refresh_from_db()
    assert (result.updated, unit.name) == (0, name)


def test_the_export_puts_one_quote_before_text_that_would_read_back_as_quoted(directorate):
    unit = directorate.alpha
    OrgUnit.objects.filter(pk=unit.pk).update(name="'=x")
    row = next(row for row in _cells(_export("orgunits")) if row["name"].endswith("=x"))
    assert row["name"] == "''=x"


def test_an_unquoted_formula_in_an_import_is_still_refused(directorate):
    tina = directorate.teammate
    data = f"external_id,first_name,last_name\nperson-{tina.pk},=CMD(),Teammate\n".encode()
    with pytest.raises(Exception) as caught:
        import_table("people", io.BytesIO(data), "people.csv")
    assert "row 2, column first_name: looks like a spreadsheet formula" in str(caught.value)
