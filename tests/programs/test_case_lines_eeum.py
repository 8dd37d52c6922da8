"""Case lines as the LOA writes them: the MASL item code, SME, MDE and EEUM, and their delivery.

A line designated for enhanced end-use monitoring (SAMM C8.4) that is
delivered gives the end-use items the monitors then inventory, one per serial
number, their first inventory due 90 days after the delivery.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from seccoop.controls.models import EndUseItem, MonitoringLevel
from seccoop.controls.oversight_services import designate_case_line
from seccoop.core.history import change_history
from seccoop.core.imports import ImportErrors
from seccoop.programs.models import CaseState
from seccoop.programs.services import cases as services
from tests.clients import token_client
from tests.controls.builders import disclosure_specialist
from tests.programs.cases_fixtures import *  # noqa: F403 (the case fixtures)

pytestmark = pytest.mark.django_db

DELIVERED = datetime.date(2026, 6, 10)
MASL = "F1K 1005-00-056-6753"


@pytest.fixture
def tina(staff):
    client = Client()
    client.force_login(staff.desk_officer.user)
    return client


@pytest.fixture
def api(staff):
    return token_client(staff.desk_officer)


@pytest.fixture
def eeum_line(case_in, staff):
    """An accepted case with a line of two EEUM-designated missiles."""
    case = case_in(CaseState.ACCEPTED)
    return services.add_line(
        user=staff.desk_officer.user,
        case=case,
        description="Air-to-air missiles",
        item_code=MASL,
        quantity=2,
        unit_value=Decimal("1000000"),
        significant_military_equipment=True,
        major_defense_equipment=True,
        enhanced_monitoring=True,
    )


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


# --- what a line says about its articles ----------------------------------------------


def test_a_line_keeps_its_masl_code_and_its_sme_mde_and_eeum_marks(eeum_line):
    eeum_line.refresh_from_db()

    assert (
        eeum_line.item_code,
        eeum_line.significant_military_equipment,
        eeum_line.major_defense_equipment,
        eeum_line.enhanced_monitoring,
    ) == (MASL, True, True, True)


def test_an_item_code_that_is_not_a_generic_code_and_masl_number_is_refused(new_case, staff):
    case = new_case()

    errors = errors_of(
        lambda: services.add_line(
            user=staff.desk_officer.user, case=case, description="Spares", item_code="R4"
        )
    )

    assert "thirteen-character MASL number" in errors["item_code"][0]
    assert not case.lines.exists()


def test_a_masl_number_with_the_letter_o_is_refused(new_case, staff):
    case = new_case()

    errors = errors_of(
        lambda: services.add_line(
            user=staff.desk_officer.user,
            case=case,
            description="Rockets",
            item_code="G5R 1340-O0-000-M152",
        )
    )

    assert errors["item_code"] == [
        "A MASL number uses the digits 0 and 1, never the letters O and I."
    ]


def test_major_defense_equipment_must_also_be_marked_significant_military_equipment(
    new_case, staff
):
    case = new_case()

    errors = errors_of(
        lambda: services.add_line(
            user=staff.desk_officer.user,
            case=case,
            description="Fighter aircraft",
            major_defense_equipment=True,
        )
    )

    assert "AECA section 47(6)" in errors["significant_military_equipment"][0]


def test_the_case_page_adds_a_line_with_its_marks(tina, new_case):
    case = new_case()

    tina.post(
        reverse("programs:case-line-new", args=[case.pk]),
        {
            "line-description": "Missiles",
            "line-item_code": "f1k 1005-00-056-6753",
            "line-quantity": 4,
            "line-unit_value": "1000",
            "line-significant_military_equipment": "on",
            "line-enhanced_monitoring": "on",
        },
    )

    line = case.lines.get()
    assert (line.item_code, line.significant_military_equipment, line.enhanced_monitoring) == (
        MASL,
        True,
        True,
    )


# --- delivery ---------------------------------------------------------------------------


def test_delivering_an_eeum_line_creates_one_enhanced_item_per_serial_number(eeum_line, staff):
    services.record_delivery(
        user=staff.desk_officer.user,
        line=eeum_line,
        quantity=2,
        delivered_on=DELIVERED,
        serial_numbers=["AIM-0001", "AIM-0002"],
        expected_version=eeum_line.version,
    )

    items = list(EndUseItem.objects.filter(case_line=eeum_line).order_by("serial_number"))
    assert [(i.serial_number, i.monitoring, i.arrived_on) for i in items] == [
        ("AIM-0001", MonitoringLevel.ENHANCED, DELIVERED),
        ("AIM-0002", MonitoringLevel.ENHANCED, DELIVERED),
    ]
    assert eeum_line.delivered_quantity == 2


def test_the_first_inventory_of_a_delivered_eeum_item_is_due_90_days_after_delivery(
    eeum_line, staff
):
    services.record_delivery(
        user=staff.desk_officer.user,
        line=eeum_line,
        quantity=1,
        delivered_on=DELIVERED,
        serial_numbers=["AIM-0001"],
        expected_version=eeum_line.version,
    )

    item = EndUseItem.objects.get(case_line=eeum_line)
    assert item.inventory_due(None) == DELIVERED + datetime.timedelta(days=90)


def test_an_eeum_delivery_without_a_serial_number_per_article_writes_nothing(eeum_line, staff):
    errors = errors_of(
        lambda: services.record_delivery(
            user=staff.desk_officer.user,
            line=eeum_line,
            quantity=2,
            delivered_on=DELIVERED,
            serial_numbers=["AIM-0001"],
            expected_version=eeum_line.version,
        )
    )

    assert "one serial number for each of the 2 articles" in errors["serial_numbers"][0]
    eeum_line.refresh_from_db()
    assert eeum_line.delivered_quantity == 0
    assert not EndUseItem.objects.exists()


def test_a_serial_number_already_on_the_case_refuses_the_whole_delivery(eeum_line, staff):
    services.record_delivery(
        user=staff.desk_officer.user, line=eeum_line, quantity=1, delivered_on=DELIVERED,
        serial_numbers=["AIM-0001"], expected_version=eeum_line.version,
    )  # fmt: skip

    errors = errors_of(
        lambda: services.record_delivery(
            user=staff.desk_officer.user,
            line=eeum_line,
            quantity=1,
            delivered_on=DELIVERED,
            serial_numbers=["AIM-0001"],
            expected_version=eeum_line.version,
        )  # fmt: skip
    )

    assert "Serial number AIM-0001" in errors["serial_numbers"][0]
    eeum_line.refresh_from_db()
    assert eeum_line.delivered_quantity == 1
    assert EndUseItem.objects.count() == 1


def test_a_line_designated_by_the_end_use_office_also_gives_items_when_delivered(case_in, staff):
    case = case_in(CaseState.IMPLEMENTED)
    line = case.lines.get()
    designate_case_line(
        user=disclosure_specialist(),
        case_line=line,
        loa_note="Note E-1: EEUM applies.",
        designated_on=datetime.date(2026, 5, 1),
    )

    services.record_delivery(
        user=staff.desk_officer.user, line=line, quantity=1, delivered_on=DELIVERED,
        serial_numbers=["P8-SP-1"], expected_version=line.version,
    )  # fmt: skip

    assert EndUseItem.objects.get(case_line=line).is_enhanced


def test_delivering_a_line_not_designated_creates_no_end_use_item(case_in, staff):
    case = case_in(CaseState.IMPLEMENTED)
    line = case.lines.get()

    services.record_delivery(
        user=staff.desk_officer.user, line=line, quantity=2, delivered_on=DELIVERED,
        expected_version=line.version,
    )  # fmt: skip

    line.refresh_from_db()
    assert (line.delivered_quantity, line.delivered_on) == (2, DELIVERED)
    assert not EndUseItem.objects.exists()


def test_more_than_the_line_holds_cannot_be_delivered(eeum_line, staff):
    errors = errors_of(
        lambda: services.record_delivery(
            user=staff.desk_officer.user,
            line=eeum_line,
            quantity=3,
            delivered_on=DELIVERED,
            serial_numbers=["A", "B", "C"],
            expected_version=eeum_line.version,
        )  # fmt: skip
    )

    assert errors["quantity"] == ["Line 2 has 2 of 2 left to deliver."]


def test_a_line_of_a_case_not_yet_accepted_cannot_be_delivered(case_in, staff):
    case = case_in(CaseState.OFFERED)
    line = case.lines.get()

    errors = errors_of(
        lambda: services.record_delivery(
            user=staff.desk_officer.user, line=line, quantity=1, expected_version=line.version
        )
    )

    assert "once the case is accepted" in errors["line"][0]


def test_someone_who_does_not_work_the_case_may_not_record_a_delivery(eeum_line, staff):
    with pytest.raises(PermissionDenied):
        services.record_delivery(
            user=staff.japan_desk_officer.user, line=eeum_line, quantity=1,
            serial_numbers=["AIM-0001"], expected_version=eeum_line.version,
        )  # fmt: skip
    assert not EndUseItem.objects.exists()


def test_a_delivery_from_a_stale_page_is_refused(eeum_line, staff):
    stale = eeum_line.version
    services.record_delivery(
        user=staff.desk_officer.user, line=eeum_line, quantity=1, delivered_on=DELIVERED,
        serial_numbers=["AIM-0001"], expected_version=stale,
    )  # fmt: skip

    with pytest.raises(ValidationError):
        services.record_delivery(
            user=staff.desk_officer.user, line=eeum_line, quantity=1, delivered_on=DELIVERED,
            serial_numbers=["AIM-0002"], expected_version=stale,
        )  # fmt: skip
    assert EndUseItem.objects.count() == 1


def test_a_delivery_is_recorded_from_its_page_and_kept_in_the_line_history(tina, eeum_line):
    url = reverse("programs:case-line-delivery", args=[eeum_line.pk])

    response = tina.post(
        url,
        {"version": eeum_line.version, "quantity": 2, "delivered_on": "2026-06-10",
         "serial_numbers": "AIM-0001\nAIM-0002"},
    )  # fmt: skip

    assert response.status_code == 302
    assert EndUseItem.objects.filter(case_line=eeum_line).count() == 2
    eeum_line.refresh_from_db()
    changes = {c.name: c.new for entry in change_history(eeum_line) for c in entry.changes}
    assert changes["delivered quantity"] == "2"
    assert "Delivered so far" in tina.get(url).text


def test_a_refused_delivery_on_its_page_names_the_field(tina, eeum_line):
    response = tina.post(
        reverse("programs:case-line-delivery", args=[eeum_line.pk]),
        {"version": eeum_line.version, "quantity": 2, "delivered_on": "2026-06-10"},
    )

    assert response.status_code == 400
    assert "Serial numbers: Line 2 is designated" in response.text
    assert not EndUseItem.objects.exists()


def test_the_case_page_offers_a_delivery_for_each_line_left_to_deliver(tina, eeum_line):
    response = tina.get(reverse("programs:case-detail", args=[eeum_line.case.pk]))

    assert reverse("programs:case-line-delivery", args=[eeum_line.pk]) in response.text
    assert "EEUM" in response.text


def test_a_delivery_through_the_api_creates_the_items_and_answers_the_line(api, eeum_line):
    response = api.post(
        f"/api/v1/case-lines/{eeum_line.pk}/deliveries",
        {"version": eeum_line.version, "quantity": 1, "delivered_on": "2026-06-10",
         "serial_numbers": ["AIM-0001"]},
        content_type="application/json",
    )  # fmt: skip

    assert response.status_code == 200, response.content
    assert (response.json()["delivered_quantity"], response.json()["enhanced_monitoring"]) == (
        1,
        True,
    )
    assert EndUseItem.objects.get().serial_number == "AIM-0001"


def test_a_stale_delivery_through_the_api_answers_409(api, eeum_line):
    response = api.post(
        f"/api/v1/case-lines/{eeum_line.pk}/deliveries",
        {"version": eeum_line.version - 1, "quantity": 1, "serial_numbers": ["AIM-0001"]},
        content_type="application/json",
    )

    assert response.status_code == 409


# --- import and export -------------------------------------------------------------------


def test_imported_case_lines_carry_their_marks_and_export_them_back(new_case, staff):
    import io

    from seccoop.programs.transfer_cases import export_table, import_table

    case = new_case()
    data = (
        "case,number,description,item_code,quantity,unit_value,significant_military_equipment,"
        "major_defense_equipment,enhanced_monitoring\n"
        f"{case.identifier},1,Missiles,{MASL},2,1000,yes,yes,yes\n"
    )

    import_table("case-lines", io.BytesIO(data.encode()), "l.csv", user=staff.desk_officer.user)

    line = case.lines.get()
    assert (line.major_defense_equipment, line.enhanced_monitoring) == (True, True)
    rows = list(export_table("case-lines", user=staff.desk_officer.user).rows)
    assert rows == [(case.identifier, 1, "Missiles", MASL, 2, "1000.00", "yes", "yes", "yes")]


def test_an_imported_mark_that_is_not_yes_or_no_is_refused_naming_the_row(new_case, staff):
    import io

    from seccoop.programs.transfer_cases import import_table

    case = new_case()
    data = (
        "case,number,description,unit_value,enhanced_monitoring\n"
        f"{case.identifier},1,Missiles,1000,perhaps\n"
    )

    with pytest.raises(ImportErrors) as caught:
        import_table("case-lines", io.BytesIO(data.encode()), "l.csv", user=staff.desk_officer.user)

    assert [str(error) for error in caught.value.errors] == [
        "row 2, column enhanced_monitoring: “perhaps” is not yes or no."
    ]
    assert not case.lines.exists()
