"""Logistics records exercise the multinational logistician's sub-competencies."""

from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.urls import reverse

from seccoop.competencies.exercises import codes_of, unknown_codes
from seccoop.partners.models import EvidenceStatus, PracticeEvidence
from seccoop.partners.services import assign

LOGISTICS_MODELS = [
    model
    for model in apps.get_app_config("logistics").get_models()
    if not model.__name__.startswith("Historical")
]
TEMPLATES = Path(apps.get_app_config("workforce").path) / "data" / "role-templates.yaml"


def logistician_requirements() -> set[str]:
    templates = yaml.safe_load(TEMPLATES.read_text())["templates"]
    template = next(t for t in templates if t["role_type"] == "multinational-logistician")
    return {line["code"] for line in template["requirements"]}


@pytest.mark.parametrize("model", LOGISTICS_MODELS, ids=lambda m: m.__name__)
def test_every_logistics_record_type_declares_what_it_exercises(model):
    assert codes_of(model)


@pytest.mark.parametrize("model", LOGISTICS_MODELS, ids=lambda m: m.__name__)
def test_every_logistics_record_exercises_only_what_the_logistician_template_requires(model):
    assert set(codes_of(model)) <= logistician_requirements()


def test_logistics_records_declare_only_codes_of_the_framework(seed_framework):
    labels = {str(m._meta.verbose_name).capitalize() for m in LOGISTICS_MODELS}
    found = unknown_codes(seed_framework)
    assert not {label: codes for label, codes in found.items() if label in labels}


def test_a_logistician_assigned_to_an_acsa_gains_evidence_of_practice_on_what_it_exercises(
    directorate, logistics
):
    assign(user=logistics.lena.user, record=logistics.french_acsa, person=logistics.lena,
           role="ACSA manager")  # fmt: skip
    evidence = PracticeEvidence.objects.filter(person=logistics.lena)
    assert {e.competency.code for e in evidence} == {"3.H", "6.D", "8.D"}
    assert {e.status for e in evidence} == {EvidenceStatus.CONFIRMED}


def test_an_order_officer_gains_evidence_of_practice_on_accounting_and_execution(logistics):
    assign(user=logistics.lena.user, record=logistics.old_order, person=logistics.leo,
           role="order officer")  # fmt: skip
    codes = set(
        PracticeEvidence.objects.filter(person=logistics.leo).values_list(
            "competency__code", flat=True
        )
    )
    assert codes == {"4.H", "4.L", "6.D"}


def test_someone_is_assigned_to_an_agreement_from_its_page(client, logistics):
    client.force_login(logistics.lena.user)
    client.post(
        reverse("logistics:assign", args=["acsa", logistics.french_acsa.pk]),
        {"person": logistics.leo.pk, "role": "ACSA manager"},
    )
    page = client.get(reverse("logistics:acsa-detail", args=[logistics.french_acsa.pk]))
    assert "Leo Loader, ACSA manager" in page.content.decode()
