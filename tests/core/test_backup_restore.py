"""`seccoop backup` and `seccoop restore`: a restored database answers exactly as before.

The demo directorate is loaded into a database of its own, backed up,
damaged, and restored; every page and API read in the list below must then
answer the same as before the damage.
"""

import json
import re

import pytest
from django.core.management import CommandError, call_command

from seccoop.workforce.models import Person
from tests.core.scratch_databases import scratch_database

# Renders the pages in the database's own process and prints them as JSON.
SNAPSHOT = r"""
import json, re
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from seccoop.workforce.models import OrgUnit, Person

client = Client()
client.force_login(get_user_model().objects.get(username="admin"))
person = Person.objects.order_by("pk").first()
unit = OrgUnit.objects.order_by("pk").first()
urls = [
    "/",
    "/workforce/people/",
    "/workforce/people/?page=2",
    f"/workforce/people/{person.pk}/",
    f"/workforce/units/{unit.pk}/",
    "/workforce/positions/",
    "/workforce/heatmap/",
    "/frameworks/",
    "/frameworks/dod-security-cooperation/",
    "/api/v1/me",
    "/api/v1/people?limit=500",
    f"/api/v1/people/{person.pk}",
    f"/api/v1/people/{person.pk}/gaps",
    "/api/v1/org-units?limit=500",
    "/api/v1/positions?limit=500",
    "/api/v1/ratings?limit=500",
    "/api/v1/heatmap",
    "/api/v1/frameworks",
    "/api/v1/role-types",
]
pages = {}
for url in urls:
    response = client.get(url)
    pages[url] = [response.status_code, response.content.decode()]
print(json.dumps(pages))
"""

VOLATILE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'(name="csrf-token"|data-csrf[-\w]*=)\s*(content=)?"[^"]+"'), r"\1"),
    (re.compile(r'nonce="[^"]+"'), 'nonce=""'),
    (re.compile(r'"X-CSRFToken": "[^"]+"'), '"X-CSRFToken": ""'),
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?"), "TIME"),
]


def normalized(text: str) -> str:
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def first_difference(before: list, after: list) -> str:
    """Where two rendered answers part, in a few words of each; empty if they do not."""
    if before == after:
        return ""
    if before[0] != after[0]:
        return f"status {before[0]} then {after[0]}"
    at = next(
        (i for i, (a, b) in enumerate(zip(before[1], after[1], strict=False)) if a != b),
        min(len(before[1]), len(after[1])),
    )
    return f"{before[1][at - 60 : at + 60]!r} then {after[1][at - 60 : at + 60]!r}"


@pytest.fixture
def database(tmp_path, migrated_database_template):
    yield from scratch_database(tmp_path, copy_of=migrated_database_template)


@pytest.fixture
def demo(database):
    database.seccoop("load-demo", timeout=300)
    return database


def snapshot(database) -> dict[str, list]:
    finished = database.seccoop("shell", "-c", SNAPSHOT)
    pages = json.loads(finished.stdout.strip().splitlines()[-1])
    return {url: [status, normalized(body)] for url, (status, body) in pages.items()}


def damage(database):
    database.execute(
        "DELETE FROM workforce_rating WHERE id IN "
        "(SELECT id FROM workforce_rating ORDER BY id LIMIT 500)",
        "DELETE FROM workforce_currentlevel",
        "UPDATE workforce_person SET first_name = 'Overwritten'",
    )


def test_a_restored_database_answers_every_page_and_api_read_as_before(demo, tmp_path):
    before = snapshot(demo)
    assert all(status == 200 for status, _ in before.values()), {
        url: status for url, (status, _) in before.items()
    }
    backup_file = tmp_path / "seccoop.backup"
    demo.seccoop("backup", str(backup_file))
    held = demo.row_counts()
    damage(demo)
    assert demo.row_counts()["workforce_rating"] == held["workforce_rating"] - 500

    demo.seccoop("restore", "--yes", str(backup_file))

    after = snapshot(demo)
    changed = {url: first_difference(before[url], after[url]) for url in before}
    assert {url: where for url, where in changed.items() if where} == {}


def test_restore_refuses_to_overwrite_data_without_yes_and_says_what_it_holds(
    directorate, tmp_path
):
    backup_file = tmp_path / "seccoop.backup"
    backup_file.write_bytes(b"")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup_file))
    assert re.search(r"holds \d+ user accounts, \d+ people, \d+ org units", str(refused.value))
    assert "Run again with --yes" in str(refused.value)
    assert Person.objects.filter(pk=directorate.outsider.pk).exists()
