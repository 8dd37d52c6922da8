"""The kinds of agreement offered on a fresh install, each with where it comes from."""

import pytest

from seccoop.programs.models import AgreementType

pytestmark = pytest.mark.django_db


def test_a_fresh_install_offers_exchange_annexes_reciprocal_procurement_and_supply_arrangements():
    names = dict(AgreementType.objects.values_list("slug", "name"))
    assert names["pep-annex"] == "Personnel exchange program annex"
    assert names["rdp-mou"] == "Reciprocal defense procurement memorandum of understanding"
    assert names["sosa"] == "Security of supply arrangement"


def test_each_added_kind_names_its_source():
    descriptions = dict(
        AgreementType.objects.filter(slug__in=["pep-annex", "rdp-mou", "sosa"]).values_list(
            "slug", "description"
        )
    )
    assert "DoDD 5230.20" in descriptions["pep-annex"]
    assert "DFARS 225.872-1" in descriptions["rdp-mou"]
    assert "Non-binding" in descriptions["sosa"]
