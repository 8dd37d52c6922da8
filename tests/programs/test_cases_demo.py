"""The demo's sales and transfer cases, added by `seccoop load-demo` after the partner nations."""

from django.utils import timezone

from seccoop.core.models import StateChange
from seccoop.partners.demo import build_partner_demo
from seccoop.programs import demo_cases
from seccoop.programs.models import Case, CaseState
from seccoop.programs.services import cases as services
from seccoop.workforce.demo import DEMO_SEED, build_demo


def load_demo() -> str:
    """The demo directorate and its partner nations, then the cases on top of them."""
    build_demo(seed=DEMO_SEED)
    build_partner_demo(seed=DEMO_SEED)
    return demo_cases.build_demo(seed=DEMO_SEED)


def test_the_demo_has_cases_in_every_stage_with_overdue_clocks(seed_framework):
    output = load_demo()

    assert "Loaded 15 sales and transfer cases, 2 of them with an overdue clock." in output
    states = set(Case.objects.values_list("state", flat=True))
    assert {CaseState.REQUEST_RECEIVED, CaseState.OFFERED, CaseState.EXECUTING,
            CaseState.CLOSED, CaseState.CANCELLED} <= states  # fmt: skip
    today = timezone.localdate()
    assert {case.identifier for case in services.overdue(Case.objects.all(), today=today)} == {
        "NO-D-GAE",
        "JP-P-LAF",
    }
    # Every case got where it is through its workflow.
    assert StateChange.objects.count() > 60


def test_loading_the_demo_twice_adds_no_cases(seed_framework):
    load_demo()
    count = Case.objects.count()

    assert "The demo cases are already loaded" in demo_cases.build_demo(seed=DEMO_SEED)
    assert Case.objects.count() == count
