"""Ratings recorded in the app (no external id) export and import back unchanged.

Such a row is matched by what the rating is: the same person, sub-competency,
source, day and rater with the same content is unchanged; with other content
it would change a rating, and is refused naming the row.
"""

import csv
import datetime
import io

import pytest

from seccoop.core.exports import render
from seccoop.core.imports import ImportErrors
from seccoop.workforce.exports import export_table
from seccoop.workforce.imports import import_table
from seccoop.workforce.models import Rating, RatingSource
from seccoop.workforce.services import record_rating

DAY = datetime.date(2024, 5, 2)


@pytest.fixture
def recorded(directorate):
    """Sam rates Tina on 1.A and 1.D, twice on 1.A the same day (he changed his mind)."""
    d = directorate
    # People come from the personnel import, with their external ids; ratings are recorded here.
    for person, key in [(d.teammate, "P-TINA"), (d.bravo_member, "P-BOB")]:
        person.external_id = key
        person.save()
    for code, level in [("1.A", 2), ("1.A", 3), ("1.D", 4)]:
        record_rating(
            user=d.alpha_lead.user,
            person=d.teammate,
            competency=d.framework.competencies.get(code=code),
            level=level,
            source=RatingSource.SUPERVISOR,
            rated_on=DAY,
            evidence="Led the staff talks.\n",
        )
    assert not Rating.objects.exclude(external_id=None).exists()
    return d


def ratings() -> list[tuple]:
    return sorted(
        Rating.objects.values_list("person_id", "competency_id", "level", "rater_id", "evidence")
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_of_ratings_recorded_in_the_app_imports_back_unchanged(recorded, file_format):
    before = ratings()
    data = render(export_table("ratings"), file_format)
    result = import_table("ratings", io.BytesIO(data), f"ratings.{file_format}")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert ratings() == before


def test_a_changed_level_without_an_external_id_is_refused_naming_the_row(recorded):
    text = render(export_table("ratings"), "csv").decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(text, newline=""))
    number = next(n for n, row in enumerate(rows, start=2) if row[header.index("level")] == "4")
    rows[number - 2][header.index("level")] = "1"
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    with pytest.raises(ImportErrors) as caught:
        import_table("ratings", io.BytesIO(out.getvalue().encode()), "ratings.csv")
    assert [str(error) for error in caught.value.errors] == [
        f"row {number}: a rating of this person on this sub-competency, from this source "
        "and rater on this day, already exists with other content; ratings are never changed, "
        "so record a new rating under an external id."
    ]


def test_a_new_rating_without_an_external_id_is_created_once(recorded):
    header = "person_external_id,code,level,source,rated_on,rater_username"
    row = f"{recorded.bravo_member.external_id},4.C,2,supervisor,{DAY},sue"
    data = f"{header}\n{row}\n".encode()
    first = import_table("ratings", io.BytesIO(data), "ratings.csv")
    again = import_table("ratings", io.BytesIO(data), "ratings.csv")
    assert (first.created, again.created, again.unchanged) == (1, 0, 1)
    assert Rating.objects.filter(person=recorded.bravo_member).count() == 1


def test_the_same_new_rating_twice_in_a_file_is_refused_naming_both_rows(recorded):
    header = "person_external_id,code,level,source,rated_on,rater_username"
    row = f"{recorded.bravo_member.external_id},4.C,2,supervisor,{DAY},sue"
    data = f"{header}\n{row}\n{row}\n".encode()
    with pytest.raises(ImportErrors) as caught:
        import_table("ratings", io.BytesIO(data), "ratings.csv")
    assert [str(error) for error in caught.value.errors] == [
        "row 3: the same rating already appears on row 2."
    ]
