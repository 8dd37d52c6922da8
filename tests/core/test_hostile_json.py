"""JSON from outside that nests without end or holds numbers out of range is refused, naming where.

Python reads 1e400 as infinity and answers deep nesting with a RecursionError;
each reader (CASE packages, Moodle scale configurations, API bodies) must say
what is wrong instead of ending in a traceback or a server error.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from seccoop.competencies.models import Framework
from seccoop.competencies.services import FrameworkImportError, import_framework
from seccoop.workforce.models import OrgUnit
from tests.competencies.packages import as_csv, seed_package, seed_rows

DEEP = "[" * 10_000 + "]" * 10_000
SCORE = "$.CFRubrics[0].CFRubricCriteria[0].CFRubricCriterionLevels[0].score"


def case_package_with(framework, *, score: str = "1", extra: str = "") -> bytes:
    """The seed framework as a CASE package under a new identity, its first score as given."""
    package = seed_package(framework)
    package["CFDocument"]["identifier"] = "6f1c2a52-8d5e-4c1e-9a43-3f2b6d7e8a90"
    package["CFDocument"]["title"] = "Hostile copy"
    package["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"][0]["score"] = 12345
    text = json.dumps(package).replace('"score": 12345', f'"score": {score}', 1)
    if extra:
        text = text[:-1] + f', "CFExtra": {extra}}}'
    return text.encode()


def refused(content: bytes) -> list[str]:
    before = Framework.objects.count()
    with pytest.raises(FrameworkImportError) as failure:
        import_framework(content=content)
    assert Framework.objects.count() == before
    return failure.value.messages


def test_a_case_package_nested_ten_thousand_deep_is_refused(seed_framework):
    assert refused(case_package_with(seed_framework, extra=DEEP)) == [
        "$: the JSON nests deeper than 64 levels."
    ]


def test_a_case_package_nested_a_hundred_deep_is_refused_naming_where(seed_framework):
    [message] = refused(case_package_with(seed_framework, extra="[" * 100 + "]" * 100))
    assert message.startswith("$.CFExtra[0][0]")
    assert message.endswith("the JSON nests deeper than 64 levels.")


@pytest.mark.parametrize("score", ["1e400", "-1e400", "NaN", "Infinity"])
def test_a_rubric_score_out_of_range_is_refused_naming_the_field(seed_framework, score):
    assert refused(case_package_with(seed_framework, score=score)) == [
        f"{SCORE}: the number {score} is out of range (numbers must be finite, and whole "
        "numbers within ±9,223,372,036,854,775,807)."
    ]


def test_the_upload_page_names_the_problem_of_a_deep_package(client, directorate):
    client.force_login(directorate.administrator.user)
    content = case_package_with(directorate.framework, extra=DEEP)
    response = client.post(
        reverse("competencies:framework-import"),
        {"file": SimpleUploadedFile("deep.json", content)},
    )
    assert response.status_code == 400
    assert "$: the JSON nests deeper than 64 levels." in response.text


def moodle_with_configuration(framework, configuration: str) -> bytes:
    rows = seed_rows(framework)
    header, framework_row, *items = rows
    column = header.index("Scale configuration")
    framework_row[column] = configuration
    framework_row[header.index("ID number")] = "hostile-copy"
    framework_row[header.index("Exported ID (optional)")] = ""
    return as_csv([header, framework_row, *items])


def test_a_moodle_scale_configuration_nested_ten_thousand_deep_is_refused(seed_framework):
    [message] = refused(moodle_with_configuration(seed_framework, DEEP))
    assert message == (
        "Line 2, column Scale configuration: $: the JSON nests deeper than 64 levels."
    )


def test_a_moodle_scale_value_of_1e400_is_refused_naming_the_entry(seed_framework):
    configuration = '[{"scaleid": "1"}, {"id": 1, "value": 1e400}]'
    [message] = refused(moodle_with_configuration(seed_framework, configuration))
    assert message.startswith("Line 2, column Scale configuration: $[1].value: the number 1e400")


def test_a_moodle_scale_value_beyond_a_small_whole_number_is_refused(seed_framework):
    configuration = '[{"scaleid": "1"}, {"id": 1, "value": 40000}]'
    [message] = refused(moodle_with_configuration(seed_framework, configuration))
    assert message.endswith("must be a whole number from 0 to 32767.")


# --- API bodies ------------------------------------------------------------------------


def test_an_api_body_nested_ten_thousand_deep_answers_400_naming_the_problem(client, directorate):
    client.force_login(directorate.administrator.user)
    response = client.post(
        "/api/v1/org-units",
        '{"name": "Deep", "kind": "team", "x": ' + DEEP + "}",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "body: the JSON nests deeper than 64 levels."
    assert not OrgUnit.objects.filter(name="Deep").exists()


def test_an_api_body_holding_1e400_answers_400_naming_the_field(client, directorate):
    client.force_login(directorate.administrator.user)
    response = client.post(
        "/api/v1/org-units",
        '{"name": "Huge", "kind": "team", "sort_order": 1e400}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("body.sort_order: the number 1e400 is out of range")


def test_an_api_body_over_the_upload_limit_answers_413(client, directorate, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(directorate.administrator.user)
    body = json.dumps({"name": "Big", "kind": "team", "short_name": "x" * 2000})
    response = client.post("/api/v1/org-units", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request body is larger than the limit of 1,000 bytes.",
        "errors": {},
    }
    assert not OrgUnit.objects.filter(name="Big").exists()
