"""The demo's objectives, plans and evaluations, added by `seccoop load-demo`."""

import pytest

from seccoop.evaluation import services
from seccoop.evaluation.demo import build_evaluation_demo
from seccoop.evaluation.models import Indicator, Objective, Recommendation
from seccoop.partners.models import Region
from tests.factories import UserFactory


@pytest.fixture
def demo_ground(directorate):
    Region.objects.create(code="eucom", name="U.S. European Command")
    Region.objects.create(code="indopacom", name="U.S. Indo-Pacific Command")
    root = UserFactory(username="root")
    root.is_superuser = True
    root.save()


def test_the_demo_sets_objectives_from_national_to_country_level(demo_ground):
    build_evaluation_demo(seed=1)
    estonia = Objective.objects.get(code="EE-1")
    assert estonia.supports.code == "TCP-EU-1"
    assert estonia.supports.supports.code == "NDS-1"


def test_the_demo_has_an_indicator_behind_its_course_and_recommendations_at_every_stage(
    demo_ground,
):
    build_evaluation_demo(seed=1)
    standings = {line.standing for line in services.trends(Indicator.objects.all())}
    assert services.Standing.BEHIND in standings
    assert set(Recommendation.objects.values_list("state", flat=True)) == {
        "proposed",
        "implemented",
        "rejected",
    }


def test_loading_the_demo_twice_changes_nothing(demo_ground):
    build_evaluation_demo(seed=1)
    count = Objective.objects.count()
    assert "already loaded" in build_evaluation_demo(seed=1)
    assert Objective.objects.count() == count


def test_without_the_partner_regions_the_demo_says_why_it_loads_nothing(directorate):
    root = UserFactory(username="root")
    root.is_superuser = True
    root.save()
    assert "partner nations are not loaded" in build_evaluation_demo(seed=1)
