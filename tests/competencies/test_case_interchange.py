"""Frameworks in and out as 1EdTech CASE 1.0 packages."""

import json
import uuid

import jsonschema
import pytest

from seccoop.competencies.models import Competency, Framework, ProficiencyScale
from seccoop.competencies.services import (
    FrameworkImportError,
    export_framework,
    import_framework,
)
from tests.competencies.packages import (
    ITEM_TYPE_TEST,
    SCHEMA_PATH,
    as_json,
    scale_snapshot,
    seed_package,
    snapshot,
)
from tests.factories import CompetencyFactory, FrameworkFactory, SubCompetencyFactory

pytestmark = pytest.mark.django_db


def counts():
    return Framework.objects.count(), Competency.objects.count(), ProficiencyScale.objects.count()


def refused(content: bytes) -> list[str]:
    """The messages of an import that must fail, after checking it wrote nothing."""
    before = counts()
    with pytest.raises(FrameworkImportError) as failure:
        import_framework(content=content)
    assert counts() == before
    return failure.value.messages


def test_the_case_export_of_the_seed_validates_against_the_case_schema(seed_framework):
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft4Validator(schema).validate(seed_package(seed_framework))


def test_the_case_export_uses_codes_statements_and_titles(seed_framework):
    items = {item["humanCodingScheme"]: item for item in seed_package(seed_framework)["CFItems"]}
    assert items["4.0"]["abbreviatedStatement"] == "Sales and Transfers"
    assert items["4.0"]["CFItemType"] == "Competency"
    assert items["4.C"]["CFItemType"] == "Sub-competency"
    assert "abbreviatedStatement" not in items["4.C"]
    sub = seed_framework.competencies.get(code="4.C")
    assert items["4.C"]["fullStatement"] == sub.description
    assert items["4.C"]["identifier"] == str(sub.identifier)


def test_the_case_export_carries_the_scale_as_a_rubric(seed_framework):
    (rubric,) = seed_package(seed_framework)["CFRubrics"]
    levels = rubric["CFRubricCriteria"][0]["CFRubricCriterionLevels"]
    assert rubric["title"] == "OPM proficiency levels"
    assert [(level["score"], level["quality"]) for level in levels][3] == (3, "Intermediate")


def test_a_case_round_trip_gives_back_the_seed_framework(seed_framework):
    exported = export_framework(framework=seed_framework, format="case").content.encode()
    result = import_framework(content=exported)
    assert snapshot(result.framework) == snapshot(seed_framework)
    assert scale_snapshot(result.framework) == scale_snapshot(seed_framework)
    assert result.framework.title == seed_framework.title
    assert result.framework.version == seed_framework.version


def test_a_round_trip_reuses_the_identical_scale(seed_framework):
    result = import_framework(content=as_json(seed_package(seed_framework)))
    assert result.framework.scale == seed_framework.scale


def test_an_imported_framework_gets_a_fresh_slug_from_its_title(seed_framework):
    package = as_json(seed_package(seed_framework))
    first = import_framework(content=package).framework
    second = import_framework(content=package).framework
    assert first.slug == "dod-security-cooperation-competency-model"
    assert second.slug == "dod-security-cooperation-competency-model-2"


def test_a_clashing_document_identifier_gets_new_identifiers_and_says_so(seed_framework):
    result = import_framework(content=as_json(seed_package(seed_framework)))
    assert result.framework.identifier != seed_framework.identifier
    assert any("already used by another framework" in note for note in result.notes)
    copied = result.framework.competencies.get(code="1.A")
    assert copied.identifier != seed_framework.competencies.get(code="1.A").identifier


def test_identifiers_are_kept_when_they_are_new(seed_framework):
    document_id = str(uuid.uuid4())
    content = as_json(seed_package(seed_framework))
    content = content.replace(str(seed_framework.identifier).encode(), document_id.encode())
    result = import_framework(content=content)
    assert str(result.framework.identifier) == document_id
    assert result.notes == []
    original = seed_framework.competencies.get(code="2.B").identifier
    assert result.framework.competencies.get(code="2.B").identifier == original


def test_a_round_trip_keeps_a_deeper_tree_and_its_sibling_order():
    framework = FrameworkFactory(title="Deep tree")
    top = CompetencyFactory(framework=framework, code="A", sort_order=1)
    middle = SubCompetencyFactory(framework=framework, parent=top, code="A.2", sort_order=2)
    SubCompetencyFactory(framework=framework, parent=middle, code="A.2.x", sort_order=3)
    SubCompetencyFactory(framework=framework, parent=top, code="A.1", sort_order=4)
    exported = export_framework(framework=framework, format="case").content.encode()
    copy = import_framework(content=exported).framework
    assert snapshot(copy) == snapshot(framework)


def test_the_opensalt_item_type_package_imports(seed_framework):
    result = import_framework(content=ITEM_TYPE_TEST.read_bytes())
    framework = result.framework
    assert framework.title == "Item Type Test"
    assert framework.slug == "item-type-test"
    (item,) = framework.competencies.all()
    assert item.description == "Item 1"
    assert item.parent is None


def test_identifiers_outside_the_uuid_pattern_are_accepted_and_replaced(seed_framework):
    result = import_framework(content=ITEM_TYPE_TEST.read_bytes())
    assert any("is not an RFC 4122 UUID" in note for note in result.notes)
    assert str(result.framework.identifier) != "d0000000-0000-0000-0000-000000000000"
    exported = json.loads(export_framework(framework=result.framework, format="case").content)
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft4Validator(schema).validate(exported)


def test_a_package_without_a_rubric_gets_the_opm_scale(seed_framework):
    framework = import_framework(content=ITEM_TYPE_TEST.read_bytes()).framework
    assert framework.scale == seed_framework.scale


def test_a_package_without_a_rubric_creates_the_opm_scale_when_it_is_missing(seed_framework):
    seed_framework.scale.name = "Renamed scale"
    seed_framework.scale.save()
    framework = import_framework(content=ITEM_TYPE_TEST.read_bytes()).framework
    assert framework.scale.name == "OPM proficiency levels"
    assert [level.name for level in framework.scale.levels.all()][-1] == "Expert"


def test_a_different_scale_with_a_taken_name_is_created_under_a_new_name(seed_framework):
    package = seed_package(seed_framework)
    levels = package["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"]
    levels[5]["description"] = "A different descriptor."
    framework = import_framework(content=as_json(package)).framework
    assert framework.scale.name == "OPM proficiency levels (2)"
    assert framework.scale.levels.get(value=5).descriptor == "A different descriptor."
    assert framework.scale.proficient_value == 3


def test_malformed_json_is_refused_with_its_line(seed_framework):
    (message,) = refused(b'{"CFDocument": {\n  "title": }')
    assert message.startswith("Line 2, column 12: the file is not valid JSON")


def test_json_that_is_not_a_cfpackage_is_refused(seed_framework):
    (message,) = refused(b'{"name": "not a framework"}')
    assert "not a CASE CFPackage" in message


def test_schema_violations_are_refused_naming_the_json_path_and_item(seed_framework):
    package = seed_package(seed_framework)
    broken = package["CFItems"][3]
    del broken["fullStatement"]
    messages = refused(as_json(package))
    assert messages == [
        f"$.CFItems[3] (identifier {broken['identifier']}): 'fullStatement' is a required property"
    ]


def test_an_unknown_parent_is_refused_naming_the_item(seed_framework):
    package = seed_package(seed_framework)
    association = package["CFAssociations"][2]
    association["destinationNodeURI"]["identifier"] = "no-such-item"
    messages = refused(as_json(package))
    assert len(messages) == 1
    assert messages[0].startswith("$.CFItems[2] (identifier ")
    assert "its parent no-such-item ($.CFAssociations[2]" in messages[0]


def test_duplicate_codes_are_refused_naming_both_items(seed_framework):
    package = seed_package(seed_framework)
    package["CFItems"][2]["humanCodingScheme"] = "1.A"
    (message,) = refused(as_json(package))
    assert message.startswith("$.CFItems[2]")
    assert "the code 1.A is used twice (first at $.CFItems[1]" in message


def test_a_cycle_is_refused_naming_its_members(seed_framework):
    package = seed_package(seed_framework)
    # 1.A is a child of 1.0; make 1.0 a child of 1.A as well.
    one_a = package["CFItems"][1]
    package["CFAssociations"][0]["destinationNodeURI"] = {
        "title": "1.A",
        "identifier": one_a["identifier"],
        "uri": one_a["uri"],
    }
    (message,) = refused(as_json(package))
    assert "the tree has a cycle" in message
    assert "1.0 → 1.A → 1.0" in message or "1.A → 1.0 → 1.A" in message


def test_a_rubric_level_without_a_whole_score_is_refused(seed_framework):
    package = seed_package(seed_framework)
    package["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"][2]["score"] = 2.5
    (message,) = refused(as_json(package))
    assert message.startswith("$.CFRubrics[0].CFRubricCriteria[0].CFRubricCriterionLevels[2]")


def test_an_empty_file_is_refused(seed_framework):
    assert refused(b"") == ["The file is empty."]
    assert refused(b"  \n ") == ["The file is empty."]


def test_a_file_that_is_not_utf8_is_refused_with_its_line(seed_framework):
    content = '{"CFDocument": {\n"title": "Caf\u00e9"}}'.encode("latin-1")
    (message,) = refused(content)
    assert message.startswith("Line 2: the file is not UTF-8 text")


def test_a_utf16_file_with_a_byte_order_mark_is_read(seed_framework):
    content = json.dumps(seed_package(seed_framework)).encode("utf-16")
    assert import_framework(content=content).framework.competencies.count() == 67


def test_a_title_too_long_for_the_framework_is_refused_naming_the_field(seed_framework):
    package = seed_package(seed_framework)
    package["CFDocument"]["title"] = "T" * 301
    (message,) = refused(as_json(package))
    assert message.startswith("$.CFDocument, title: Ensure this value has at most 300 characters")
