"""`seccoop load-demo`: what it prints, and that running it again changes nothing."""

from io import StringIO

from django.core.management import call_command

from seccoop.workforce.demo import ADMIN_PASSWORD
from seccoop.workforce.models import OrgUnit, Person, Position, Rating


def load_demo() -> str:
    out = StringIO()
    call_command("load-demo", stdout=out)
    return out.getvalue()


def test_loading_the_demo_prints_how_to_sign_in(seed_framework):
    output = load_demo()
    assert f"admin     {ADMIN_PASSWORD}" in output
    assert "workforce manager" in output
    assert "country desk officer" in output


def test_loading_the_demo_twice_changes_nothing(seed_framework):
    load_demo()
    counts = [model.objects.count() for model in (OrgUnit, Person, Position, Rating)]
    output = load_demo()
    assert "already loaded; nothing was changed" in output
    assert [model.objects.count() for model in (OrgUnit, Person, Position, Rating)] == counts
