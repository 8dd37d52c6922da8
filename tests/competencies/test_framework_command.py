"""`seccoop framework list | import | export` on the command line."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from seccoop.competencies.models import Framework
from tests.competencies.packages import ITEM_TYPE_TEST
from tests.core.scratch_databases import scratch_database

pytestmark = pytest.mark.django_db
SECCOOP = Path(sys.executable).with_name("seccoop")


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("framework", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_list_shows_each_framework_with_its_number_of_items(seed_framework):
    out, _ = run("list")
    assert out == "dod-security-cooperation\tDoD Security Cooperation Competency Model\t67\n"


def test_import_prints_the_new_frameworks_slug(seed_framework):
    out, _ = run("import", str(ITEM_TYPE_TEST))
    assert out == "item-type-test\n"
    assert Framework.objects.get(slug="item-type-test").competencies.count() == 1


def test_import_tells_what_it_changed_on_standard_error(seed_framework):
    _, err = run("import", str(ITEM_TYPE_TEST))
    assert "given new identifiers" in err


def test_a_bad_file_fails_with_every_message_and_writes_nothing(seed_framework, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"CFDocument": {"title": "No identifier"}}')
    with pytest.raises(CommandError) as failure:
        run("import", str(bad))
    assert f"{bad}: nothing was imported." in str(failure.value)
    assert "$.CFDocument: 'identifier' is a required property" in str(failure.value)
    assert Framework.objects.count() == 1


def test_a_missing_file_fails_clearly(seed_framework, tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*missing.csv: No such file"):
        run("import", str(tmp_path / "missing.csv"))


def test_export_writes_the_default_framework_to_standard_output(seed_framework):
    out, _ = run("export", "--format", "case")
    package = json.loads(out)
    assert package["CFDocument"]["title"] == "DoD Security Cooperation Competency Model"
    assert len(package["CFItems"]) == 67


def test_export_writes_a_named_framework_to_a_file(seed_framework, tmp_path):
    run("import", str(ITEM_TYPE_TEST))
    target = tmp_path / "out.csv"
    out, _ = run(
        "export", "--format", "moodle-csv", "--framework", "item-type-test", "-o", str(target)
    )
    assert out == ""
    lines = target.read_text().splitlines()
    assert lines[0].startswith("Parent ID number,ID number,Short name")
    assert len(lines) == 3  # header, framework row, one item


def test_an_exported_file_imports_back(seed_framework, tmp_path):
    target = tmp_path / "seed.csv"
    run("export", "--format", "moodle-csv", "-o", str(target))
    out, _ = run("import", str(target))
    assert Framework.objects.get(slug=out.strip()).competencies.count() == 67


def test_export_of_an_unknown_framework_fails(seed_framework):
    with pytest.raises(CommandError, match="No framework has the slug nowhere"):
        run("export", "--format", "case", "--framework", "nowhere")


@pytest.fixture(scope="module")
def fresh_database(tmp_path_factory, migrated_database_template):
    """The environment of a real `seccoop` process on a newly migrated database."""
    databases = scratch_database(tmp_path_factory.mktemp("cli"), copy_of=migrated_database_template)
    try:
        yield next(databases).environment()
    finally:
        databases.close()


def seccoop(environment, *args):
    return subprocess.run(
        [SECCOOP, *args], env=environment, capture_output=True, text=True, timeout=120
    )


def test_the_seccoop_command_lists_frameworks_in_a_fresh_database(fresh_database):
    listed = seccoop(fresh_database, "framework", "list")
    assert listed.returncode == 0, listed.stderr
    assert (
        listed.stdout == "dod-security-cooperation\tDoD Security Cooperation Competency Model\t67\n"
    )


def test_the_seccoop_command_exits_non_zero_on_a_bad_file(fresh_database, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = seccoop(fresh_database, "framework", "import", str(empty))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "The file is empty." in result.stderr
