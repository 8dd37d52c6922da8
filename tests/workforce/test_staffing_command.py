"""`seccoop staffing assign FILE`: records and candidates from a file, the best assignment out."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from seccoop.workforce.models import RatingSource
from seccoop.workforce.services import record_rating


def rate(d, person, code, level):
    record_rating(
        user=d.workforce_manager.user,
        person=person,
        competency=d.framework.competencies.get(code=code),
        level=level,
        source=RatingSource.VALIDATED,
    )


@pytest.fixture
def levels(directorate):
    d = directorate
    rate(d, d.teammate, "1.A", 1)
    rate(d, d.teammate, "4.C", 4)
    rate(d, d.bravo_member, "1.A", 4)
    rate(d, d.bravo_member, "4.C", 3)
    d.bravo_member.external_id = "E-2001"
    d.bravo_member.save()
    return d


def run(path):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("staffing", "assign", str(path), stdout=out, stderr=err)
    finally:
        run.out, run.err = out.getvalue(), err.getvalue()
    return out.getvalue()


def csv_file(tmp_path, text):
    path = tmp_path / "staffing.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_command_prints_the_assignment_that_maximises_the_total_fit(levels, tmp_path):
    d = levels
    # As worked by hand in tests/api/test_staffing.py: Bob to the talks, Tina to the review,
    # 1 + 2/3; the other way round would give 0.25 + 1.
    path = csv_file(
        tmp_path,
        "record,code,level,candidate,capacity\n"
        "Armaments talks,1.A,4,,\n"
        "Pricing review,1.A,3,,\n"
        "Pricing review,4.C,3,,\n"
        f",,,person-{d.teammate.pk},1\n"
        ",,,E-2001,\n",
    )

    lines = run(path).splitlines()

    assert [line.split("\t")[:3] for line in lines[:2]] == [
        ["Armaments talks", "Bob Bravo", "1.00"],
        ["Pricing review", "Tina Teammate", "0.67"],
    ]
    assert lines[1].split("\t")[3] == (
        "Meets 1 of 2 requirements; short on 1.A (level 1 of the 3 wanted); "
        "meets 4.C (level 4, 3 wanted). Average 67%."
    )
    assert lines[2] == "Total fit\t1.67"


def test_the_command_reads_the_same_from_json(levels, tmp_path):
    d = levels
    path = tmp_path / "staffing.json"
    path.write_text(
        json.dumps(
            {
                "records": [
                    {"record": "Armaments talks", "requirements": [{"code": "1.A", "level": 4}]},
                    {
                        "record": "Pricing review",
                        "requirements": [{"code": "1.A", "level": 3}, {"code": "4.C", "level": 3}],
                    },
                ],
                "candidates": [
                    {"candidate": f"person-{d.teammate.pk}"},
                    {"candidate": "E-2001", "capacity": 1},
                ],
            }
        )
    )
    assert run(path).splitlines()[-1] == "Total fit\t1.67"


def test_the_command_names_a_bad_row_and_prints_no_assignment(levels, tmp_path):
    path = csv_file(
        tmp_path,
        "record,code,level,candidate,capacity\n"
        "Armaments talks,1.A,4,,\n"
        "Pricing review,4.C,nine,,\n"
        ",,,E-2001,\n",
    )

    with pytest.raises(CommandError, match="nothing was assigned"):
        run(path)

    assert run.out == ""
    assert "row 3, column level: The lowest level wanted is one of" in run.err


def test_a_candidate_nobody_has_is_named_by_row(levels, tmp_path):
    path = csv_file(
        tmp_path,
        "record,code,level,candidate,capacity\nArmaments talks,1.A,4,,\n,,,E-9999,\n",
    )
    with pytest.raises(CommandError):
        run(path)
    assert "row 3, column candidate: no person has the external id or key 'E-9999'." in run.err
    assert run.out == ""


def test_a_bad_requirement_in_json_is_named_by_its_path(levels, tmp_path):
    path = tmp_path / "staffing.json"
    path.write_text(
        json.dumps(
            {
                "records": [{"record": "Talks", "requirements": [{"code": "99.Z", "level": 3}]}],
                "candidates": [{"candidate": "E-2001"}],
            }
        )
    )
    with pytest.raises(CommandError):
        run(path)
    assert "records[0].requirements[0].code: No sub-competency '99.Z'" in run.err
    assert run.out == ""
