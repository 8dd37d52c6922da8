"""The demo's partner nations, added by `seccoop load-demo`."""

from io import StringIO

from django.core.management import call_command

from seccoop.partners.models import Country, Engagement, FollowUpAction
from seccoop.partners.services import coverage_summary, overdue_actions


def load_demo() -> str:
    out = StringIO()
    call_command("load-demo", stdout=out)
    return out.getvalue()


def test_the_demo_has_partner_nations_with_desks_engagements_and_overdue_actions(seed_framework):
    output = load_demo()
    assert "Loaded 19 partner nations" in output
    assert Country.objects.filter(primary_desk_officer__isnull=False).count() == 18
    assert Engagement.objects.count() > 50
    assert overdue_actions().exists()
    # The Mexico desk is vacant, and two nations have no backup yet.
    summary = coverage_summary()
    assert summary.without_primary == 1 and summary.without_backup == 2


def test_loading_the_demo_twice_adds_no_partner_records(seed_framework):
    load_demo()
    counts = (Engagement.objects.count(), FollowUpAction.objects.count())
    assert "partner nations are already loaded" in load_demo()
    assert (Engagement.objects.count(), FollowUpAction.objects.count()) == counts
