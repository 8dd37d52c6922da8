"""Marked records show their marking: the banner on their page and a column in exports.

Any record subclassing partners.models.Marked does; a policy or guidance
document stands in for all of them here.
"""

import pytest
from django.template import Context, Template

from seccoop.evaluation.models import GuidanceDocument
from seccoop.partners.markings import (
    MARKING_COLUMN,
    export_marking,
    highest_marking,
    marking_line,
)
from seccoop.partners.models import Classification, Country

INCLUDE = Template('{% include "partners/includes/marking.html" with record=record %}')
PAGE_INCLUDE = Template('{% include "partners/includes/marking.html" with records=records %}')


def _document(title, *, classification=Classification.CUI, categories="", countries=()):
    document = GuidanceDocument.objects.create(
        title=title, kind="guidance", classification=classification, cui_categories=categories
    )
    document.releasable_to.set(Country.objects.filter(iso_code__in=countries))
    return document


@pytest.fixture
def export_controlled(db):
    return _document("Export-controlled plan", categories="expt, prvcy", countries=["GB", "FR"])


def test_a_record_page_shows_the_records_marking_banner(export_controlled):
    html = INCLUDE.render(Context({"record": export_controlled}))
    assert 'class="seccoop-marking seccoop-marking--record"' in html
    assert 'role="note"' in html
    assert ">CUI//EXPT/PRVCY//REL TO USA, FRA, GBR</div>" in html


def test_the_banner_reads_the_same_as_the_marking_line(export_controlled):
    assert export_marking(export_controlled) == marking_line(export_controlled)


def test_an_unclassified_record_without_limits_shows_unclassified(db):
    plain = _document("Public guidance", classification=Classification.UNCLASSIFIED)
    assert ">UNCLASSIFIED</div>" in INCLUDE.render(Context({"record": plain}))


def test_an_export_row_carries_the_marking_column(export_controlled):
    assert MARKING_COLUMN == "Marking"
    assert export_marking(export_controlled) == "CUI//EXPT/PRVCY//REL TO USA, FRA, GBR"


def test_the_export_marking_reads_prefetched_releasability_without_a_query(
    export_controlled, django_assert_num_queries
):
    _document("Second plan", countries=["FR"])
    documents = list(GuidanceDocument.objects.prefetch_related("releasable_to"))
    with django_assert_num_queries(0):
        lines = [export_marking(document) for document in documents]
    assert "CUI//REL TO USA, FRA" in lines


def test_a_page_of_several_records_shows_the_most_restrictive_marking(export_controlled):
    other = _document("Privacy plan", categories="PRVCY, OPSEC", countries=["FR", "DE"])
    public = _document("Public guidance", classification=Classification.UNCLASSIFIED)
    line = highest_marking([public, export_controlled, other])
    assert line == "CUI//EXPT/PRVCY/OPSEC//REL TO USA, FRA"
    html = PAGE_INCLUDE.render(Context({"records": [public, export_controlled, other]}))
    assert f">{line}</div>" in html


def test_a_page_without_records_shows_no_record_banner(db):
    assert PAGE_INCLUDE.render(Context({"records": []})).strip() == ""
