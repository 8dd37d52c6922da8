"""Imports are linear: a large framework imports in seconds, in a fixed number of queries."""

import math
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seccoop.competencies.models import Competency
from seccoop.competencies.services import BATCH_SIZE, import_framework
from tests.competencies.packages import generated_package

pytestmark = pytest.mark.django_db


def test_ten_thousand_items_import_in_seconds(seed_framework):
    content = generated_package(10_000)
    started = time.perf_counter()
    framework = import_framework(content=content).framework
    # Takes about ten seconds; anything worse than linear would take minutes.
    assert time.perf_counter() - started < 30
    assert framework.competencies.count() == 10_000
    assert framework.competencies.filter(parent=None).count() == 100


def inserts_needed(model, rows: int) -> int:
    """How many INSERT statements the database's limit on parameters splits `rows` rows into."""
    fields = [field for field in model._meta.concrete_fields if field is not model._meta.pk]
    size = min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, [None] * rows) or rows)
    return math.ceil(rows / size)


def queries_beyond_batching(count: int, title: str) -> int:
    """Queries an import of `count` generated items makes, less the splitting of bulk inserts."""
    roots = math.ceil(count / 100)
    with CaptureQueriesContext(connection) as captured:
        import_framework(content=generated_package(count, title=title))
    splitting = sum(
        inserts_needed(model, rows) - 1
        for rows in (roots, count - roots)
        for model in (Competency, Competency.history.model)
    )
    return len(captured.captured_queries) - splitting


def test_the_query_count_does_not_grow_with_the_number_of_items(seed_framework):
    small = queries_beyond_batching(50, "Small")
    large = queries_beyond_batching(1_500, "Large")
    assert small == large
    assert large < 25
