"""Exporting the workforce tables: the import's columns, safe in a spreadsheet, policy-filtered."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from seccoop.core.exports import render
from seccoop.workforce.exports import export_heatmap, export_table
from seccoop.workforce.imports import import_table
from seccoop.workforce.models import OrgUnit, Person, Position, Rating
from seccoop.workforce.services import record_rating
from tests.factories import PersonFactory, RoleTypeFactory, UserFactory
from tests.workforce.test_import_tables import ORG_UNITS, PEOPLE, POSITIONS, RATINGS, everything


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def import_csv(kind, text):
    return import_table(kind, io.BytesIO(text.encode()), f"{kind}.csv")


@pytest.fixture
def imported(db):
    UserFactory(username="tina")
    RoleTypeFactory(name="Country desk officer", slug="country-desk-officer")
    for kind, text in [
        ("orgunits", ORG_UNITS),
        ("people", PEOPLE),
        ("positions", POSITIONS),
        ("ratings", RATINGS),
    ]:
        import_csv(kind, text)


def test_an_export_has_the_import_columns(imported):
    header = rows_of(render(export_table("positions"), "csv"))[0]
    assert header == POSITIONS.splitlines()[0].split(",")


@pytest.mark.parametrize("kind", ["orgunits", "people", "positions", "ratings"])
def test_an_exported_csv_imports_again_unchanged(imported, kind):
    before = everything()
    data = render(export_table(kind), "csv")
    result = import_table(kind, io.BytesIO(data), f"{kind}.csv")
    assert (result.created, result.updated) == (0, 0)
    assert everything() == before


@pytest.mark.parametrize("kind", ["orgunits", "people", "positions", "ratings"])
def test_an_exported_workbook_imports_again_unchanged(imported, kind):
    before = everything()
    data = render(export_table(kind), "xlsx")
    result = import_table(kind, io.BytesIO(data), f"{kind}.xlsx")
    assert (result.created, result.updated) == (0, 0)
    assert everything() == before


def test_an_exported_workbook_loads_into_an_empty_database(db):
    UserFactory(username="tina")
    import_csv("orgunits", ORG_UNITS)
    import_csv("people", PEOPLE)
    files = {kind: render(export_table(kind), "xlsx") for kind in ["orgunits", "people"]}
    Person.objects.all().delete()
    OrgUnit.objects.filter(parent__isnull=False).delete()
    OrgUnit.objects.all().delete()
    for kind, data in files.items():
        import_table(kind, io.BytesIO(data), f"{kind}.xlsx")
    tina = Person.objects.get(external_id="P-1")
    assert (tina.org_unit.name, tina.user.username) == ("Alpha Team", "tina")


def test_a_ratings_workbook_keeps_the_rating_date(imported):
    workbook = load_workbook(io.BytesIO(render(export_table("ratings"), "xlsx")))
    dates = [row[6] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert {value.date() for value in dates} == {
        datetime.date(2025, 3, 1),
        datetime.date(2025, 4, 1),
    }


def test_a_formula_looking_name_is_neutralized_in_a_csv_export(db):
    PersonFactory(external_id="P-X", first_name='=HYPERLINK("http://evil.example","x")')
    row = rows_of(render(export_table("people"), "csv"))[1]
    assert row[1] == '\'=HYPERLINK("http://evil.example","x")'


def test_a_formula_looking_name_is_text_in_a_workbook_export(db):
    PersonFactory(external_id="P-X", first_name="@SUM(A1:A9)", last_name="+1-2")
    workbook = load_workbook(io.BytesIO(render(export_table("people"), "xlsx")))
    cells = list(workbook.active.iter_rows(min_row=2, values_only=True))[0]
    assert cells[1:3] == ("'@SUM(A1:A9)", "'+1-2")


def test_a_supervisor_exporting_ratings_gets_only_their_chain(directorate, client):
    d = directorate
    for person in (d.teammate, d.bravo_member):
        Person.objects.filter(pk=person.pk).update(external_id=f"P-{person.first_name}")
        record_rating(
            user=d.workforce_manager.user,
            person=person,
            competency=d.framework.competencies.get(code="1.A"),
            level=3,
            source="validated",
        )
    client.force_login(d.alpha_lead.user)
    response = client.get(reverse("workforce:export"), {"kind": "ratings", "format": "csv"})
    people = [row[1] for row in rows_of(response.content)[1:]]
    assert people == ["P-Tina"]
    assert Rating.objects.count() == 2


def test_the_export_page_offers_every_table_to_a_member_of_staff(directorate, client):
    client.force_login(directorate.teammate.user)
    response = client.get(reverse("workforce:export"))
    assert response.status_code == 200
    assert b"?kind=positions&amp;format=xlsx" in response.content
    assert b"Download the heatmap" not in response.content


def test_a_download_names_its_file(directorate, client):
    client.force_login(directorate.workforce_manager.user)
    response = client.get(reverse("workforce:export"), {"kind": "orgunits", "format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="orgunits.xlsx"'
    assert load_workbook(io.BytesIO(response.content)).active.title == "orgunits"


def test_the_heatmap_export_gives_share_meeting_and_mean_shortfall(directorate):
    d = directorate
    OrgUnit.objects.filter(pk=d.alpha.pk).update(external_id="T-ALPHA")
    record_rating(
        user=d.alpha_lead.user,
        person=d.teammate,
        competency=d.framework.competencies.get(code="1.D"),
        level=4,
        source="supervisor",
    )
    rows = rows_of(render(export_heatmap(parent=d.division), "csv"))
    line = {(row[0], row[3]): row for row in rows[1:]}[("T-ALPHA", "1.D")]
    # Tina meets 1.D (4 of 4), Uma has no rating: one of two required meets it.
    assert line[4:9] == ["3", "2", "1", "0.5", "2.0"]


def test_a_supervisor_may_not_export_the_heatmap(directorate, client):
    client.force_login(directorate.alpha_lead.user)
    response = client.get(reverse("workforce:export"), {"kind": "heatmap", "format": "csv"})
    assert response.status_code == 403


def test_the_export_command_writes_a_workbook_the_import_command_reads(imported, tmp_path):
    target = tmp_path / "positions.xlsx"
    call_command("export-data", "positions", "--format", "xlsx", "-o", str(target))
    Position.objects.all().delete()
    out = io.StringIO()
    call_command("import-data", "positions", str(target), stdout=out)
    assert out.getvalue().strip() == "positions: 2 created, 0 updated, 0 unchanged."
    assert Position.objects.get(external_id="POS-2").reports_to.external_id == "POS-1"


def test_the_export_command_writes_csv_to_standard_output(imported):
    out = io.StringIO()
    call_command("export-data", "orgunits", stdout=out)
    assert out.getvalue().splitlines() == [
        "external_id,name,short_name,kind,parent_external_id",
        "D-ACD,Armaments Cooperation Division,ACD,division,",
        "T-ALPHA,Alpha Team,AT,team,D-ACD",
    ]
