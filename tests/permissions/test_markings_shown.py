"""Marked records show their marking: the banner on their page and a column in exports.

Any record subclassing partners.models.Marked does; a policy or guidance
document stands in for all of them here.
"""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from seccoop.evaluation.models import GuidanceDocument
from seccoop.partners.markings import export_marking, highest_marking, require_releasable
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


def test_a_refusal_to_release_names_the_marking_the_records_banner_shows(export_controlled):
    banner = INCLUDE.render(Context({"record": export_controlled}))

    with pytest.raises(ValidationError) as refused:
        require_releasable(export_controlled, Country.objects.filter(iso_code="DE"))

    (message,) = refused.value.message_dict["countries"]
    assert message.endswith("it is marked CUI//EXPT/PRVCY//REL TO USA, FRA, GBR.")
    assert ">CUI//EXPT/PRVCY//REL TO USA, FRA, GBR</div>" in banner


def test_an_unclassified_record_without_limits_shows_unclassified(db):
    plain = _document("Public guidance", classification=Classification.UNCLASSIFIED)
    assert ">UNCLASSIFIED</div>" in INCLUDE.render(Context({"record": plain}))


def test_the_export_marking_names_usa_first_then_the_countries_by_their_codes_in_order(db):
    coalition = _document("Coalition plan", categories="opsec", countries=["NO", "DE", "AU"])

    assert export_marking(coalition) == "CUI//OPSEC//REL TO USA, AUS, DEU, NOR"


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
