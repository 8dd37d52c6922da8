"""The demo's sales and transfer cases, added by `seccoop load-demo` after the partner nations."""

from django.utils import timezone

from seccoop.core.models import StateChange
from seccoop.partners.demo import build_partner_demo
from seccoop.programs import demo_cases, demo_licences
from seccoop.programs.models import Case, CaseState, ExportLicence
from seccoop.programs.services import cases as services
from seccoop.programs.services import licences as licence_services
from seccoop.workforce.demo import DEMO_SEED, build_demo


def load_demo() -> str:
    """The demo directorate and its partner nations, then the cases on top of them."""
    build_demo(seed=DEMO_SEED)
    build_partner_demo(seed=DEMO_SEED)
    return demo_cases.build_demo(seed=DEMO_SEED) + demo_licences.build_demo()


def test_the_demo_has_cases_in_every_stage_with_overdue_clocks(seed_framework):
    output = load_demo()

    assert "Loaded 15 sales and transfer cases, 2 of them with an overdue clock." in output
    states = set(Case.objects.values_list("state", flat=True))
    assert {CaseState.REQUEST_RECEIVED, CaseState.PROPOSED, CaseState.OFFERED,
            CaseState.IMPLEMENTED, CaseState.INTERIM_CLOSED, CaseState.CLOSED,
            CaseState.CANCELLED} <= states  # fmt: skip
    today = timezone.localdate()
    assert {case.identifier for case in services.overdue(Case.objects.all(), today=today)} == {
        "NO-P-GAE",
        "JA-P-LAF",
    }
    # Every case got where it is through its workflow.
    assert StateChange.objects.count() > 60


def test_loading_the_demo_twice_adds_no_cases(seed_framework):
    load_demo()
    count = Case.objects.count()

    assert "The demo cases are already loaded" in demo_cases.build_demo(seed=DEMO_SEED)
    assert Case.objects.count() == count


def test_the_demo_identifiers_carry_the_customer_code_and_the_agency_letter(seed_framework):
    load_demo()

    letters = {"army": "B", "navy": "P", "air-force": "D"}
    for case in Case.objects.select_related("country"):
        customer, agency, designator = case.identifier.split("-")
        assert customer == case.country.sc_customer_code, case.identifier
        assert agency == letters[case.implementing_agency], case.identifier
        assert len(designator) == 3


def test_the_demo_cases_are_made_under_the_authority_of_their_kind(seed_framework):
    load_demo()

    authorities = dict(Case.objects.values_list("kind", "legal_authority").distinct())
    assert authorities["bpc"] == "10-usc-333"
    assert "dcs" not in authorities
    assert not Case.objects.filter(kind="bpc", payments__isnull=False).exists()
    assert not Case.objects.filter(kind="bpc", funds_obligate_by__isnull=True).exists()


def test_the_demo_patriot_case_waits_for_its_fifteen_day_congressional_review(seed_framework):
    load_demo()
    patriot = Case.objects.get(identifier="GY-B-UAC")

    notice = services.notification_for(patriot)
    assert (patriot.state, notice.required, notice.review_days) == ("proposed", True, 15)
    assert patriot.congress_notified_on is not None


def test_the_demo_cases_are_linked_to_their_country_s_program_and_agreement(seed_framework):
    from seccoop.programs import demo_cooperation

    build_demo(seed=DEMO_SEED)
    build_partner_demo(seed=DEMO_SEED)
    demo_cooperation.build_demo(seed=DEMO_SEED)
    demo_cases.build_demo(seed=DEMO_SEED)

    linked = Case.objects.filter(programs__isnull=False).distinct()
    assert linked.exists()
    for case in linked.prefetch_related("programs__countries"):
        assert all(case.country in program.countries.all() for program in case.programs.all())


def test_the_demo_direct_commercial_sales_are_export_licences_with_their_review(seed_framework):
    output = load_demo()

    assert "Loaded 7 export licences and agreements of direct commercial sales." in output
    provisoed = ExportLicence.objects.get(reference="050100001")
    assert provisoed.state == "approved-with-provisos"
    assert provisoed.provisos.count() == 2
    assert provisoed.dod_recommendation == "approve-with-provisos"
    waiting = ExportLicence.objects.get(reference="050100002")
    notice = licence_services.certification_for(waiting)
    assert (waiting.state, notice.section, notice.review_days) == (
        "congressional-review",
        "36(c)",
        30,
    )
    agreement = ExportLicence.objects.get(reference="050100004")
    assert (agreement.state, licence_services.certification_for(agreement).section) == (
        "approved",
        "36(d)",
    )
