"""An import costs a fixed number of queries, whatever the number of rows."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seccoop.workforce.imports import import_table
from tests.factories import RoleTypeFactory

# In the order they refer to one another.
TABLES = ["orgunits", "people", "positions", "ratings"]


def files(prefix: str, count: int) -> dict[str, list[str]]:
    """Four linked tables of `count` rows; units and positions each form one long chain."""

    def next_of(letter, i):
        return f"{letter}{prefix}-{i + 1}" if i + 1 < count else ""

    rows = range(count)
    return {
        "orgunits": ["external_id,name,parent_external_id"]
        + [f"U{prefix}-{i},Unit {i},{next_of('U', i)}" for i in rows],
        "people": ["external_id,first_name,last_name,email,org_unit_external_id"]
        + [f"P{prefix}-{i},Al,Bee,al{i}@example.mil,U{prefix}-{i}" for i in rows],
        "positions": [
            "external_id,title,role_type,org_unit_external_id,incumbent_external_id,"
            "reports_to_external_id"
        ]
        + [
            f"S{prefix}-{i},Officer,desk,U{prefix}-{i},P{prefix}-{i},{next_of('S', i)}"
            for i in rows
        ],
        "ratings": ["external_id,person_external_id,code,level,source,rated_on"]
        + [f"R{prefix}-{i},P{prefix}-{i},1.A,3,self,2025-01-01" for i in rows],
    }


def queries_to_import(kind: str, lines: list[str]) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        import_table(kind, io.BytesIO("\n".join(lines).encode()), f"{kind}.csv")
    return [query["sql"] for query in captured.captured_queries]


def reads_and_updates(queries: list[str]) -> list[str]:
    return [sql for sql in queries if not sql.startswith("INSERT")]


@pytest.mark.parametrize("kind", TABLES)
def test_importing_two_hundred_rows_queries_as_often_as_importing_ten(db, kind):
    RoleTypeFactory(slug="desk")
    small, large = files("small", 10), files("large", 200)
    for earlier in TABLES[: TABLES.index(kind)]:
        queries_to_import(earlier, small[earlier])
        queries_to_import(earlier, large[earlier])
    few = queries_to_import(kind, small[kind])
    many = queries_to_import(kind, large[kind])
    assert len(reads_and_updates(many)) == len(reads_and_updates(few))
    # Rows are inserted in batches, as large as the database accepts.
    assert len(many) - len(reads_and_updates(many)) <= 12


def test_reimporting_two_hundred_rows_costs_what_ten_cost(db):
    RoleTypeFactory(slug="desk")
    small, large = files("small", 10), files("large", 200)
    for kind in ["orgunits", "people"]:
        queries_to_import(kind, small[kind])
        queries_to_import(kind, large[kind])
    assert len(queries_to_import("people", large["people"])) == len(
        queries_to_import("people", small["people"])
    )
