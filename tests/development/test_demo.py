"""The demo's courses, development plans and certifications, added by `seccoop load-demo`."""

from io import StringIO

from django.core.management import call_command

from seccoop.development.models import (
    CertificationRequirement,
    Course,
    DevelopmentActivity,
    DevelopmentPlan,
)
from seccoop.development.services import standings
from seccoop.partners.models import PracticeEvidence
from seccoop.workforce.models import Person


def test_the_demo_has_a_mapped_catalog_plans_with_completed_courses_and_certifications(
    seed_framework,
):
    out = StringIO()
    call_command("load-demo", stdout=out)
    assert "Loaded 14 courses" in out.getvalue()
    assert Course.objects.filter(builds__isnull=True).count() == 1  # left for suggestions
    assert DevelopmentPlan.objects.count() == 8
    completed = DevelopmentActivity.objects.filter(completed_on__isnull=False)
    assert completed.exists()
    assert PracticeEvidence.objects.filter(source_id__in=completed.values("pk")).exists()
    assert CertificationRequirement.objects.exists()
    rows = standings(Person.objects.all())
    assert any(not row.in_good_standing for row in rows)
    assert any(row.in_good_standing for row in rows)
