"""Supply support arrangements, and the logistics records in the Django admin."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from seccoop.core.services import create_record
from seccoop.logistics.models import SupplyArrangement
from seccoop.programs.models import Case

LOGISTICS_MODELS = [
    model
    for model in apps.get_app_config("logistics").get_models()
    if not model.__name__.startswith("Historical")
]


def clssa(logistics, **overrides):
    data = {
        "country": logistics.france, "kind": "clssa", "title": "France common-item CLSSA",
        "implementing_agency": "air-force", "status": "proposed", "org_unit": logistics.team,
    }  # fmt: skip
    data.update(overrides)
    return data


def test_a_clssa_names_its_fmso_i_case_with_the_same_country(directorate, logistics):
    case = Case.objects.create(identifier="FR-D-SAC", title="FMSO I", country=logistics.france)
    record = create_record(user=logistics.lena.user, model=SupplyArrangement,
                           data=clssa(logistics, fmso_i_case=case))  # fmt: skip
    assert record.fmso_i_case == case


def test_an_fmso_case_with_another_country_is_refused_naming_the_field(directorate, logistics):
    case = Case.objects.create(identifier="JA-P-SAC", title="FMSO I", country=logistics.japan)
    with pytest.raises(ValidationError) as refused:
        create_record(user=directorate.administrator.user, model=SupplyArrangement,
                      data=clssa(logistics, fmso_i_case=case))  # fmt: skip
    assert refused.value.message_dict["fmso_i_case"] == ["The case is with another country."]
    assert not SupplyArrangement.objects.exists()


def test_a_supply_arrangement_in_force_has_the_day_it_was_signed(directorate, logistics):
    with pytest.raises(ValidationError) as refused:
        create_record(user=logistics.lena.user, model=SupplyArrangement,
                      data=clssa(logistics, status="in-force"))  # fmt: skip
    assert "signed_on" in refused.value.message_dict


def test_a_logistician_records_a_clssa_from_its_page(client, logistics):
    client.force_login(logistics.lena.user)
    response = client.post(reverse("logistics:supply-new"), {
        "country": logistics.france.pk, "kind": "clssa", "title": "Rafale common items",
        "implementing_agency": "air-force", "status": "proposed",
        "org_unit": logistics.team.pk})  # fmt: skip
    record = SupplyArrangement.objects.get(title="Rafale common items")
    assert response["Location"] == reverse("logistics:supply-detail", args=[record.pk])


@pytest.mark.parametrize("model", LOGISTICS_MODELS, ids=lambda m: m.__name__)
def test_every_logistics_record_type_is_in_the_admin(model):
    assert model in admin.site._registry


def test_the_admin_lists_of_logistics_records_load_for_a_superuser(admin_client, logistics):
    for model in LOGISTICS_MODELS:
        address = reverse(f"admin:logistics_{model._meta.model_name}_changelist")
        assert admin_client.get(address).status_code == 200, model
