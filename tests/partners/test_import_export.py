"""Importing and exporting the partner tables: all or nothing, errors by row and column,
idempotent by key, and an export that imports unchanged."""

import io

import pytest
from django.core.exceptions import PermissionDenied

from seccoop.core.exports import render
from seccoop.core.imports import ImportErrors
from seccoop.partners.exports import export_table
from seccoop.partners.imports import import_table
from seccoop.partners.models import Country, Engagement, PracticeEvidence, Region


def run(kind, text, user=None):
    return import_table(kind, io.BytesIO(text.encode()), f"{kind}.csv", user=user)


def test_importing_regions_then_countries_places_countries_and_desks(directorate, partners):
    d = directorate
    d.teammate.external_id = "P-TINA"
    d.teammate.save()
    run("regions", "code,name\ncentcom,U.S. Central Command\n")
    result = run(
        "countries",
        "iso_code,region,groupings,primary_desk_officer_external_id\n"
        "jo,centcom,,P-TINA\n"
        "DE,eucom,nato,\n",
    )
    assert (result.created, result.updated) == (0, 2)
    jordan = Country.objects.get(iso_code="JO")
    assert jordan.region.code == "centcom" and jordan.primary_desk_officer == d.teammate
    assert list(Country.objects.get(iso_code="DE").groupings.values_list("code", flat=True)) == [
        "nato"
    ]


def test_a_bad_row_names_its_row_and_column_and_nothing_is_written(partners):
    with pytest.raises(ImportErrors) as refused:
        run("countries", "iso_code,region\nDE,eucom\nXX,eucom\nIT,nowhere\n")
    messages = [str(error) for error in refused.value.errors]
    assert messages == [
        "row 3, column iso_code: no country has the ISO 3166 code “XX”.",
        "row 4, column region: no region “nowhere” exists.",
    ]
    assert Country.objects.get(iso_code="DE").region is None


def test_importing_the_same_file_twice_changes_nothing(partners):
    text = "code,name\ncentcom,U.S. Central Command\nafricom,U.S. Africa Command\n"
    assert run("regions", text).created == 2
    again = run("regions", text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Region.objects.count() == 4


def test_an_imported_engagement_gives_its_participants_evidence(directorate, partners):
    d = directorate
    d.teammate.external_id = "P-TINA"
    d.teammate.save()
    run(
        "engagements",
        "external_id,title,type,starts_on,ends_on,countries,participants,counterparts\n"
        "E-1,Paris trade show,trade-show,2026-06-15,2026-06-19,FR,P-TINA,CP-CLAIRE\n",
    )
    engagement = Engagement.objects.get(external_id="E-1")
    assert list(engagement.countries.all()) == [partners.france]
    assert set(
        PracticeEvidence.objects.filter(person=d.teammate).values_list(
            "competency__code", flat=True
        )
    ) == {"4.K", "4.G"}


def test_an_engagement_ending_before_it_starts_is_refused_by_row(partners):
    with pytest.raises(ImportErrors) as refused:
        run(
            "engagements",
            "external_id,title,type,starts_on,ends_on\nE-1,Talks,visit,2026-06-15,2026-06-01\n",
        )
    assert [str(error) for error in refused.value.errors] == [
        "row 2, column ends_on: An engagement ends on or after the day it starts."
    ]
    assert not Engagement.objects.exists()


def test_only_administrators_import_partner_data(directorate, partners):
    with pytest.raises(PermissionDenied):
        run("regions", "code,name\ncentcom,U.S. Central Command\n", user=directorate.teammate.user)
    run("regions", "code,name\ncentcom,U.S. Central Command\n", user=directorate.administrator.user)


@pytest.mark.parametrize("kind", ["regions", "countries", "organizations", "counterparts"])
def test_an_exported_table_imports_unchanged(directorate, partners, kind):
    # Desk officers are named by their external ids.
    for number, person in enumerate(
        [directorate.teammate, directorate.underling, directorate.bravo_member]
    ):
        person.external_id = f"P-{number}"
        person.save()
    exported = render(export_table(kind), "csv")
    result = import_table(kind, io.BytesIO(exported), f"{kind}.csv")
    assert result.created == 0 and result.updated == 0


def test_exported_engagements_import_unchanged(directorate, partners, log_engagement):
    engagement = log_engagement(directorate.administrator.user, participants=[])
    engagement.external_id = "E-1"
    engagement.save()
    exported = render(export_table("engagements"), "xlsx")
    result = import_table("engagements", io.BytesIO(exported), "engagements.xlsx")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert list(Engagement.objects.get().counterparts.all()) == [partners.claire]


def test_reimporting_the_countries_export_keeps_a_desk_officer_who_has_no_external_id(
    directorate, partners
):
    d = directorate
    assert d.teammate.external_id is None
    exported = render(export_table("countries", user=d.administrator.user), "csv")
    run("countries", exported.decode("utf-8-sig"), user=d.administrator.user)
    assert Country.objects.get(iso_code="FR").primary_desk_officer == d.teammate


def test_a_blank_desk_cell_still_removes_a_desk_officer_who_has_an_external_id(
    directorate, partners
):
    d = directorate
    d.bravo_member.external_id = "P-BOB"
    d.bravo_member.save()
    run("countries", "iso_code,primary_desk_officer_external_id\nJP,\n")
    assert Country.objects.get(iso_code="JP").primary_desk_officer is None
