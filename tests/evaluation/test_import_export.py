"""Importing and exporting objectives, indicators and measurements: all or nothing, errors by
row and column, idempotent by key, and an export that imports unchanged."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from seccoop.core.exports import render
from seccoop.core.imports import ImportErrors
from seccoop.evaluation.exports import export_table
from seccoop.evaluation.imports import import_table
from seccoop.evaluation.models import Indicator, Measurement, Objective

OBJECTIVES = (
    "code,title,level,priority,region,country,supports\n"
    "NDS-1,Deter aggression,national,1,,,\n"
    "TCP-EU-2,Interoperable command,theater,2,eucom,,NDS-1\n"
    "EE-1,Estonia plans multiyear,country,3,,ee,TCP-EU-2\n"
)


def run(kind, text, user=None):
    return import_table(kind, io.BytesIO(text.encode()), f"{kind}.csv", user=user)


def test_objectives_are_imported_with_the_objectives_they_support_further_down_the_file(world):
    result = run("objectives", OBJECTIVES)
    assert result.created == 3
    estonia = Objective.objects.get(code="EE-1")
    assert estonia.supports.code == "TCP-EU-2"
    assert estonia.supports.supports.code == "NDS-1"
    assert estonia.country.iso_code == "EE"


def test_importing_the_same_objectives_twice_changes_nothing(world):
    run("objectives", OBJECTIVES)
    again = run("objectives", OBJECTIVES)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_bad_objective_rows_name_their_row_and_column_and_nothing_is_written(world):
    text = (
        "code,title,level,priority,region,country\n"
        "NDS-1,Deter aggression,national,1,,\n"
        "TCP-X,Somewhere,theater,2,nowhere,\n"
        "XX-1,Nowhere land,country,high,,xx\n"
        "TCP-Y,No region,theater,2,,\n"
    )
    with pytest.raises(ImportErrors) as refused:
        run("objectives", text)
    assert [str(error) for error in refused.value.errors] == [
        "row 3, column region: no region “nowhere” exists.",
        "row 4, column priority: “high” is not a whole number from 1 to 9.",
        "row 4, column country: no country has the ISO 3166 code “XX”.",
        "row 5, column region: A theater campaign plan objective names its region.",
    ]
    assert not Objective.objects.filter(code="NDS-1").exists()


def test_objectives_supporting_each_other_in_a_circle_are_refused(world):
    text = "code,title,level,supports\nNDS-1,A,national,NDS-2\nNDS-2,B,national,NDS-1\n"
    with pytest.raises(ImportErrors, match="would support itself"):
        run("objectives", text)


def test_only_leadership_imports_objectives(directorate, world):
    with pytest.raises(PermissionDenied):
        run("objectives", OBJECTIVES, user=directorate.teammate.user)


def test_staff_assigned_to_an_initiative_import_its_indicators(directorate, world):
    text = (
        "external_id,initiative_external_id,name,kind,unit,baseline_value,baseline_on,"
        "target_value,target_on\n"
        "IND-PL-DAYS,INI-PL,Days per course,schedule,days,20,2026-01-01,15,2026-12-31\n"
    )
    with pytest.raises(ImportErrors) as refused:
        run("indicators", text, user=directorate.teammate.user)
    # Higher is better unless said otherwise, so the target below the baseline is refused.
    assert [str(error) for error in refused.value.errors] == [
        "row 2, column target_value: Higher is better, so the target cannot be below the baseline."
    ]
    text = text.replace("target_on\n", "target_on,direction\n").replace(
        "12-31\n", "12-31,decrease\n"
    )
    assert run("indicators", text, user=directorate.teammate.user).created == 1
    assert Indicator.objects.get(external_id="IND-PL-DAYS").direction == "decrease"


def test_staff_not_assigned_to_an_initiative_cannot_import_its_indicators(directorate, world):
    text = (
        "external_id,initiative_external_id,name,kind,unit,baseline_value,baseline_on,"
        "target_value,target_on\n"
        "IND-PL-X,INI-PL,Crews,performance,crews,0,2026-01-01,10,2026-12-31\n"
    )
    with pytest.raises(ImportErrors, match="you are not assigned to the initiative"):
        run("indicators", text, user=directorate.bravo_member.user)


def test_measurements_are_matched_by_indicator_and_day(directorate, world):
    text = (
        "indicator_external_id,measured_on,value,note\n"
        "IND-PL-CREWS,2026-07-01,45,corrected\n"
        "IND-PL-CREWS,2026-10-01,80,\n"
    )
    result = run("measurements", text, user=directorate.teammate.user)
    assert (result.created, result.updated) == (1, 1)
    assert world.indicator.measurements.get(measured_on="2026-07-01").value == Decimal(45)
    again = run("measurements", text, user=directorate.teammate.user)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_bad_measurement_rows_name_their_row_and_column_and_nothing_is_written(world):
    text = (
        "indicator_external_id,measured_on,value\n"
        "IND-PL-CREWS,2026-10-01,80\n"
        "IND-NONE,2026-10-01,1\n"
        "IND-PL-CREWS,01/11/2026,a lot\n"
        "IND-PL-CREWS,2026-10-01,81\n"
        "IND-PL-CREWS,2026-11-01,=1+1\n"
    )
    with pytest.raises(ImportErrors) as refused:
        run("measurements", text)
    assert [str(error) for error in refused.value.errors] == [
        "row 3, column indicator_external_id: no indicator “IND-NONE” exists.",
        "row 4, column measured_on: “01/11/2026” is not a date written YYYY-MM-DD.",
        "row 4, column value: “a lot” is not a number.",
        "row 5, column measured_on: “IND-PL-CREWS” is already measured on 2026-10-01 on row 2.",
        "row 6, column value: looks like a spreadsheet formula, which is refused; remove the "
        "leading “=”, “+”, “-” or “@”.",
    ]
    assert Measurement.objects.count() == 2


def test_importing_many_measurements_costs_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
):
    lines = [f"IND-PL-CREWS,2026-{month:02d}-15,{month}" for month in range(1, 13)]
    text = "indicator_external_id,measured_on,value\n" + "\n".join(lines) + "\n"
    with django_assert_max_num_queries(12):
        result = run("measurements", text)
    assert result.created == 12


@pytest.mark.parametrize("kind", ["objectives", "indicators", "measurements"])
def test_an_exported_table_imports_unchanged(directorate, world, kind):
    exported = render(export_table(kind, user=directorate.leader.user), "csv").decode("utf-8-sig")
    result = run(kind, exported)
    assert result.created == 0 and result.updated == 0 and result.unchanged > 0


def test_the_import_page_lists_every_error_and_answers_400(client, directorate, world):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(directorate.leader.user)
    upload = SimpleUploadedFile(
        "m.csv", b"indicator_external_id,measured_on,value\nX,2026-01-01,1\n"
    )
    response = client.post(reverse("evaluation:import"), {"kind": "measurements", "file": upload})
    assert response.status_code == 400
    assert "row 2, column indicator_external_id: no indicator “X” exists." in response.text
