"""Frameworks in and out as Moodle competency framework CSV files."""

import pytest

from seccoop.competencies.models import Competency, Framework, ProficiencyScale
from seccoop.competencies.services import (
    FrameworkImportError,
    export_framework,
    import_framework,
)
from tests.competencies.packages import as_csv, scale_snapshot, seed_rows, snapshot

pytestmark = pytest.mark.django_db

OLD_HEADER = (
    '"Parent id number","Id number",Shortname,Description,"Description format","Scale values",'
    '"Scale configuration","Rule type (optional)","Rule outcome (optional)",'
    '"Rule config (optional)","Cross referenced competency id numbers",'
    '"Exported id (optional)","Is framework",Taxonomy'
)
SCALE_CONFIG = (
    '"[{""scaleid"":""2""},{""id"":1,""scaledefault"":1,""proficient"":0},'
    '{""id"":2,""scaledefault"":0,""proficient"":1}]"'
)
# As Moodle writes it: older header spellings, HTML descriptions with CRLF inside quoted fields.
MOODLE_FILE = "\r\n".join(
    [
        OLD_HEADER,
        ',OECD-CORE,OECD,"<p>The Core Competencies summarise the capabilities that are\r\n'
        'important across all jobs.</p>",1,"Not yet competent,Competent",'
        + SCALE_CONFIG
        + ',,,,,,1,"competency,competency"',
        ',delivery,Delivery-related,"<p>Achieving Results &amp; more<br></p>",1,,,,0,null,,8,,',
        'delivery,DR-AT1,"Distinguishes between critical and irrelevant pieces of information",'
        '"<p>Distinguishes between critical and irrelevant\r\npieces of information<br></p>",'
        "1,,,,0,null,DR-AT%2C2,26,,",
        'delivery,"DR-AT,2","Gathers information",'
        '"<p>Gathers information from a variety of sources.</p>",1,,,,0,null,,27,,',
    ]
).encode()


def counts():
    return Framework.objects.count(), Competency.objects.count(), ProficiencyScale.objects.count()


def refused(content: bytes) -> list[str]:
    before = counts()
    with pytest.raises(FrameworkImportError) as failure:
        import_framework(content=content)
    assert counts() == before
    return failure.value.messages


def test_the_moodle_export_has_the_fourteen_columns_and_one_framework_row(seed_framework):
    rows = seed_rows(seed_framework)
    assert rows[0][:3] == ["Parent ID number", "ID number", "Short name"]
    assert {len(row) for row in rows} == {14}
    framework_rows = [row for row in rows[1:] if row[12] == "1"]
    assert len(framework_rows) == 1
    assert framework_rows[0][5] == "None,Awareness,Basic,Intermediate,Advanced,Expert"
    assert framework_rows[0][13] == "competency,competency"


def test_the_moodle_export_names_sub_competencies_by_their_truncated_statement(seed_framework):
    rows = {row[1]: row for row in seed_rows(seed_framework)}
    statement = seed_framework.competencies.get(code="1.A").description
    assert rows["1.A"][0] == "1.0"
    assert rows["1.A"][2] == statement[:100].strip()
    assert rows["1.A"][3] == f"<p>{statement}</p>"
    assert rows["1.0"][2] == "Country/Regional Orientation and Awareness"


def test_a_moodle_round_trip_gives_back_the_seed_framework(seed_framework):
    exported = export_framework(framework=seed_framework, format="moodle-csv").content.encode()
    framework = import_framework(content=exported).framework
    assert snapshot(framework) == snapshot(seed_framework)
    assert scale_snapshot(framework) == scale_snapshot(seed_framework)
    assert framework.scale == seed_framework.scale
    assert framework.title == seed_framework.title


def test_a_file_written_by_moodle_imports(seed_framework):
    result = import_framework(content=MOODLE_FILE)
    framework = result.framework
    assert framework.title == "OECD"
    assert framework.description == (
        "The Core Competencies summarise the capabilities that are important across all jobs."
    )
    assert [item[:2] for item in snapshot(framework)] == [
        ("delivery", "competency"),
        ("DR-AT1", "sub-competency"),
        ("DR-AT,2", "sub-competency"),
    ]


def test_html_descriptions_become_plain_statements(seed_framework):
    framework = import_framework(content=MOODLE_FILE).framework
    assert framework.competencies.get(code="delivery").description == "Achieving Results & more"
    item = framework.competencies.get(code="DR-AT1")
    assert item.description == "Distinguishes between critical and irrelevant pieces of information"


def test_a_short_name_that_is_the_truncated_statement_means_no_title(seed_framework):
    framework = import_framework(content=MOODLE_FILE).framework
    assert framework.competencies.get(code="DR-AT1").title == ""
    assert framework.competencies.get(code="DR-AT,2").title == "Gathers information"


def test_a_moodle_scale_becomes_the_framework_scale(seed_framework):
    result = import_framework(content=MOODLE_FILE)
    scale = result.framework.scale
    assert [(level.value, level.name) for level in scale.levels.all()] == [
        (1, "Not yet competent"),
        (2, "Competent"),
    ]
    assert scale.proficient_value == 2
    assert any("cross-referenced" in note for note in result.notes)


def test_a_file_with_no_framework_row_is_refused(seed_framework):
    rows = [row for row in seed_rows(seed_framework) if row[12] != "1"]
    assert refused(as_csv(rows)) == [
        "The file has no framework row: exactly one row needs Is framework = 1."
    ]


def test_a_file_with_two_framework_rows_is_refused_naming_the_second(seed_framework):
    rows = seed_rows(seed_framework)
    rows.insert(5, rows[1])
    (message,) = refused(as_csv(rows))
    assert message.startswith("Line 6, column Is framework: a second framework row")
    assert "(the first is on line 2)" in message


def test_an_unknown_parent_is_refused_naming_the_line_and_column(seed_framework):
    rows = seed_rows(seed_framework)
    rows[4][0] = "9.9"
    (message,) = refused(as_csv(rows))
    assert message == (
        f"Line 5 (ID number {rows[4][1]}): its parent 9.9 "
        "(line 5, column Parent ID number) is not in the file."
    )


def test_duplicate_id_numbers_are_refused_naming_both_lines(seed_framework):
    rows = seed_rows(seed_framework)
    rows[4][1] = rows[3][1]
    (message,) = refused(as_csv(rows))
    assert message.startswith(f"Line 5 (ID number {rows[3][1]}): {rows[3][1]} appears twice")
    assert "(first at Line 4" in message


def test_a_cycle_is_refused(seed_framework):
    rows = seed_rows(seed_framework)
    assert rows[2][1] == "1.0" and rows[3][0] == "1.0"
    rows[2][0] = rows[3][1]  # 1.0 under 1.A, which is under 1.0
    (message,) = refused(as_csv(rows))
    assert "the tree has a cycle" in message
    assert "1.0" in message and "1.A" in message


def test_the_framework_row_must_carry_its_scale(seed_framework):
    rows = seed_rows(seed_framework)
    rows[1][5] = ""
    assert refused(as_csv(rows)) == [
        "Line 2, column Scale values: the framework row must list its scale values."
    ]


def test_a_broken_scale_configuration_is_refused_naming_the_line(seed_framework):
    rows = seed_rows(seed_framework)
    rows[1][6] = "[{not json"
    (message,) = refused(as_csv(rows))
    assert message.startswith("Line 2, column Scale configuration: not valid JSON")


def test_an_id_number_over_100_characters_is_refused(seed_framework):
    rows = seed_rows(seed_framework)
    rows[3][1] = "X" * 101
    assert refused(as_csv(rows)) == ["Line 4, column ID number: longer than 100 characters."]


def test_line_numbers_count_line_breaks_inside_quoted_fields(seed_framework):
    broken = MOODLE_FILE.replace(b"delivery,DR-AT1", b"nowhere,DR-AT1")
    (message,) = refused(broken)
    assert message.startswith("Line 5 (ID number DR-AT1)")


def test_every_problem_is_reported_at_once(seed_framework):
    rows = seed_rows(seed_framework)
    rows[3][1] = ""
    rows[6][2] = ""
    messages = refused(as_csv(rows))
    assert messages == [
        "Line 4, column ID number: the competency has no ID number.",
        f"Line 7, column Short name: the competency {rows[6][1]} has no short name.",
    ]


def test_a_header_only_file_is_refused(seed_framework):
    assert refused(as_csv(seed_rows(seed_framework)[:1])) == [
        "The file has no rows below its header."
    ]


def test_a_csv_without_the_moodle_columns_is_refused(seed_framework):
    (message,) = refused(b"name,email\nAda,ada@example.mil\n")
    assert message.startswith("Line 1: the header has no column")


def test_a_latin1_csv_is_refused_naming_the_line(seed_framework):
    rows = seed_rows(seed_framework)
    content = as_csv(rows).replace(b"Awareness", "Awaréness".encode("latin-1"))
    (message,) = refused(content)
    assert message.startswith("Line 2: the file is not UTF-8 text")


def test_a_csv_with_a_byte_order_mark_imports(seed_framework):
    content = b"\xef\xbb\xbf" + as_csv(seed_rows(seed_framework))
    assert import_framework(content=content).framework.competencies.count() == 67
