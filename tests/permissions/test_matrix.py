"""The permission matrix: every page and API operation, for every persona.

Routes are read from the URL conf and the API schema; what each persona
gets is stated in tests/permissions/matrix/<app>.py. A route without an
entry fails, naming the file to add it to (see tests/permissions/README.md).
"""

from __future__ import annotations

import html
import json
import re

import pytest
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.permissions import matrix
from tests.permissions.expect import WRITE_METHODS, Entry, Ref
from tests.permissions.routes import all_routes
from tests.permissions.world import PERSONAS

# Who may do what is decided before the database is asked: `make test` runs
# the matrix once, on SQLite, while PostgreSQL takes the API fuzzing.
pytestmark = pytest.mark.once_on_sqlite

ROUTES = all_routes()
ENTRIES = matrix.entries()
SIGN_IN = resolve_url("login")


def _value(world, route, spec):
    if isinstance(spec, int):
        return spec
    name, _, attribute = spec.partition(".")
    if name not in world.records:
        raise AssertionError(
            f"{route.key}: parameter refers to {name!r}, which is not a record of the world "
            f"(tests/permissions/world.py, or a `records(world)` function in {route.matrix_file})."
        )
    record = world.records[name]
    return getattr(record, attribute) if attribute else record.pk


def _url(world, route, entry: Entry) -> str:
    missing = set(route.params) - set(entry.params)
    if missing:
        raise AssertionError(
            f"{route.key}: the entry in {route.matrix_file} gives no record for {sorted(missing)}."
        )
    values = {name: _value(world, route, entry.params[name]) for name in route.params}
    if route.kind == "page":
        if route.name is None:
            raise AssertionError(f"{route.pattern} has no URL name; name it in its urls.py.")
        url = reverse(route.name, kwargs=values)
    else:
        url = route.pattern
        for name, value in values.items():
            url = url.replace("{" + name + "}", str(value))
    if not entry.query:
        return url
    names = re.findall(r"{([\w.]+)}", entry.query)
    query = entry.query
    for name in names:
        query = query.replace("{" + name + "}", str(_value(world, route, name)))
    return f"{url}?{query}"


def _data(world, route, entry: Entry) -> dict:
    return {
        key: _value(world, route, value.name) if isinstance(value, Ref) else value
        for key, value in entry.data.items()
    }


def _request(world, route, entry: Entry, persona: str, url: str):
    client = Client(raise_request_exception=False)
    for name, value in world.sessions[persona].items():
        client.cookies[name] = value.value
    method = route.method if route.kind == "api" else entry.method
    if route.kind == "api" and method in WRITE_METHODS:
        return getattr(client, method.lower())(
            url, data=json.dumps(_data(world, route, entry)), content_type="application/json"
        )
    if method == "POST":
        return client.post(url, data=_data(world, route, entry))
    return client.get(url)


# Written on every request by design: the session (its last activity) and the audit log
# (every refusal is audited).
BOOKKEEPING_TABLES = {"django_session", "core_auditentry"}
WRITE_STATEMENT = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)


def _tables_written(queries) -> list[str]:
    """The tables a request wrote to (even if its transaction was rolled back), but bookkeeping."""
    tables = {
        match.group(1)
        for query in queries
        if (match := WRITE_STATEMENT.match(query["sql"]))
        and match.group(1) not in BOOKKEEPING_TABLES
    }
    return sorted(tables)


def _text(response) -> str:
    body = response.content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            return json.dumps(json.loads(body), ensure_ascii=False)
        except ValueError:
            return body
    return html.unescape(body)


def _refused(route, persona, response) -> bool:
    if persona == "anonymous":
        if route.kind == "api":
            return response.status_code == 401
        return response.status_code == 302 and response["Location"].startswith(SIGN_IN)
    return response.status_code == 403


def _check(world, route, entry: Entry, persona: str, url: str) -> str | None:
    method = route.method if route.kind == "api" else entry.method
    writes = method in WRITE_METHODS
    expected = entry.outcome(persona)
    with CaptureQueriesContext(connection) as queries:
        response = _request(world, route, entry, persona, url)
    status = response.status_code
    where = response.get("Location", "")
    said = f"answered {status}{' to ' + where if where else ''}"
    if status == 405 and not writes:
        return f"{persona}: {said}: the route does not take GET; say method='POST' in the entry"
    if status >= 500:
        return f"{persona}: {said} (a server error)"
    if expected == "answers":
        if status != entry.answers[persona]:
            return f"{persona}: expected {entry.answers[persona]}, {said}"
    elif expected == "refused":
        if not _refused(route, persona, response):
            wanted = "401" if route.kind == "api" else "a redirect to sign-in"
            wanted = wanted if persona == "anonymous" else "403"
            return f"{persona}: expected refused ({wanted}), {said}"
    elif expected == "not found":
        if status != 404:
            return f"{persona}: expected 404 (hidden record), {said}"
    elif writes:
        if status in (401, 403) or (status == 302 and where.startswith(SIGN_IN)):
            return f"{persona}: expected allowed, {said}"
    else:
        if status not in entry.success:
            return f"{persona}: expected {'/'.join(map(str, entry.success))}, {said}"
        if expected == "filtered":
            text = _text(response)
            rule = entry.filtered[persona]
            for name in rule.shows:
                if world.markers[name] not in text:
                    return (
                        f"{persona}: expected to see {name} ({world.markers[name]!r}); it is absent"
                    )
            for name in rule.hides:
                if world.markers[name] in text:
                    return f"{persona}: must not see {name} ({world.markers[name]!r}); it is shown"
    if writes and expected != "allowed" and (written := _tables_written(queries.captured_queries)):
        return f"{persona}: {said} but wrote to {', '.join(written)}"
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.key)
def test_every_persona_gets_what_the_matrix_says(route, world):
    if route.kind == "broken":
        pytest.fail(f"The API schema cannot be built: {route.pattern}", pytrace=False)
    entry = ENTRIES.get((route.app, route.key))
    if entry is None:
        pytest.fail(
            f"No permission entry for {route.kind} route {route.key!r} ({route.pattern}): "
            f"add ROUTES[{route.key!r}] to {route.matrix_file}.",
            pytrace=False,
        )
    url = _url(world, route, entry)
    problems = [
        problem
        for persona in entry.personas or PERSONAS
        if (problem := _check(world, route, entry, persona, url)) is not None
    ]
    assert not problems, f"{route.key} ({url}):\n  " + "\n  ".join(problems)


def test_every_entry_names_a_route_that_exists():
    known = {(route.app, route.key) for route in ROUTES}
    stale = sorted(
        f"{key!r} in tests/permissions/matrix/{app}.py"
        for app, key in ENTRIES
        if (app, key) not in known
    )
    assert not stale, "Entries for routes that no longer exist: " + ", ".join(stale)
