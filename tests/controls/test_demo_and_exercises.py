"""The demo's controls records, and the sub-competencies each controls record exercises."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from seccoop.competencies.exercises import codes_of, unknown_codes
from seccoop.controls import services
from seccoop.controls.models import (
    Assistance,
    DisclosureRequest,
    EndUseItem,
    SecurityAgreement,
    UseIncident,
)

CONTROLS_MODELS = [
    model
    for model in apps.get_app_config("controls").get_models()
    if not model.__name__.startswith("Historical")
]


def load_demo() -> str:
    out = StringIO()
    call_command("load-demo", stdout=out)
    return out.getvalue()


def test_the_demo_has_disclosure_requests_agreements_and_something_to_chase(seed_framework):
    output = load_demo()
    assert "disclosure requests" in output
    assert DisclosureRequest.objects.filter(state="approved-with-limitations").exists()
    assert SecurityAgreement.objects.filter(country__iso_code="FR").exists()
    assert services.vetting_flags(Assistance.objects.all()).exists()
    if EndUseItem.objects.exists():
        assert services.overdue_incident_reports(UseIncident.objects.all()).exists()
    assert "already loaded" in load_demo()


@pytest.mark.parametrize("model", CONTROLS_MODELS, ids=lambda m: m.__name__)
def test_every_controls_record_type_declares_what_it_exercises(model):
    assert codes_of(model), model


def test_controls_declare_only_codes_of_the_framework(seed_framework):
    labels = {str(m._meta.verbose_name).capitalize() for m in CONTROLS_MODELS}
    assert not {
        label: codes for label, codes in unknown_codes(seed_framework).items() if label in labels
    }


def test_controls_exercise_disclosure_agreements_end_use_vetting_and_constraints():
    declared = {code for m in CONTROLS_MODELS for code in codes_of(m)}
    assert {"9.A", "9.B", "9.C", "9.D", "6.C", "6.D", "6.F", "5.D", "5.E"} <= declared
