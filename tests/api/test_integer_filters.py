"""A number too large for the database, in any filter of any list, is refused naming the filter.

SQLite fails on whole numbers past 64 bits; the FilterSets (one base for all)
refuse them as any other bad value, for the pages and the API alike.
"""

import django_filters
from django.urls import reverse

from seccoop.core.filters import FilterSet

TWENTY_DIGITS = "9" * 20


def list_operations(client) -> list[tuple[str, list[str]]]:
    """(path, query parameters but the paging ones) of each GET without a path parameter."""
    document = client.get("/api/v1/openapi.json").json()
    found = []
    for path, operations in document["paths"].items():
        operation = operations.get("get")
        if operation is None or "{" in path:
            continue
        names = [
            parameter["name"]
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query" and parameter["name"] not in ("limit", "offset")
        ]
        found.append((path.removeprefix("/api/v1"), names))
    return found


def test_no_list_answers_a_twenty_digit_filter_with_a_server_error(client, directorate):
    client.force_login(directorate.administrator.user)
    client.raise_request_exception = False
    failures, refused = [], 0
    for path, names in list_operations(client):
        for name in names:
            response = client.get(f"/api/v1{path}", {name: TWENTY_DIGITS})
            if response.status_code >= 500:
                failures.append(f"{path}?{name}: {response.status_code}")
            elif response.status_code == 422:
                refused += 1
                assert name in response.json()["errors"], (path, name, response.json())
    assert failures == []
    # Every id filter is among them (people, counterparts, actions, programs, ...).
    assert refused > 20


def test_a_twenty_digit_person_filter_answers_422_naming_it(client, directorate):
    client.force_login(directorate.administrator.user)
    response = client.get("/api/v1/ratings", {"person": TWENTY_DIGITS})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "person": ["Ensure this value is less than or equal to 9223372036854775807."]
    }


def test_an_id_filter_refuses_a_fraction(client, directorate):
    client.force_login(directorate.administrator.user)
    response = client.get("/api/v1/ratings", {"person": "1.5"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"person": ["Enter a whole number."]}


def test_a_list_page_leaves_out_a_twenty_digit_filter_instead_of_failing(client, directorate):
    client.force_login(directorate.administrator.user)
    client.raise_request_exception = False
    response = client.get(reverse("partners:counterpart-list"), {"organization": TWENTY_DIGITS})
    assert response.status_code == 200


def every_filterset(cls=django_filters.FilterSet):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from every_filterset(subclass)


def test_every_filterset_of_seccoop_takes_the_bounded_base():
    ours = [
        cls
        for cls in every_filterset()
        if cls.__module__.startswith("seccoop.") and cls is not FilterSet
    ]
    assert ours
    assert [cls.__qualname__ for cls in ours if not issubclass(cls, FilterSet)] == []
