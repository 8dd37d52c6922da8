"""End-use monitoring: the 90-day and annual inventory clocks, 30-day incident reports."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from seccoop.controls import services
from seccoop.controls.models import EndUseItem, MonitoringLevel, UseIncident
from seccoop.partners.services import assign

ARRIVED = datetime.date(2026, 1, 10)


def overdue(today):
    return list(services.overdue_inventories(EndUseItem.objects.all(), today=today))


def test_an_enhanced_item_needs_a_serial_number(make_item):
    with pytest.raises(ValidationError) as refused:
        make_item(serial_number="")
    assert "serial_number" in refused.value.message_dict


def test_a_routine_item_needs_no_serial_number(make_item):
    item = make_item(article=None, serial_number="", quantity=40)
    assert item.monitoring == MonitoringLevel.ROUTINE
    assert item.inventory_due(None) is None


def test_the_first_inventory_is_due_90_days_after_arrival(make_item):
    item = make_item(arrived_on=ARRIVED)
    assert item.inventory_due(None) == datetime.date(2026, 4, 10)
    assert overdue(datetime.date(2026, 4, 10)) == []
    assert overdue(datetime.date(2026, 4, 11)) == [item]


def test_after_an_inventory_the_next_is_due_a_year_later(make_item, dana):
    item = make_item(arrived_on=ARRIVED)
    services.record_inventory(
        user=dana, item=item, inventoried_on=datetime.date(2026, 3, 1), result="accounted-for"
    )
    assert item.inventory_due(datetime.date(2026, 3, 1)) == datetime.date(2027, 3, 1)
    assert overdue(datetime.date(2027, 3, 1)) == []
    assert overdue(datetime.date(2027, 3, 2)) == [item]


def test_a_disposed_item_is_no_longer_inventoried(make_item):
    make_item(arrived_on=ARRIVED, disposed_on=datetime.date(2026, 2, 1))
    assert overdue(datetime.date(2027, 1, 1)) == []


def test_an_item_is_not_inventoried_before_it_arrives(make_item, dana):
    item = make_item(arrived_on=ARRIVED)
    with pytest.raises(ValidationError) as refused:
        services.record_inventory(
            user=dana, item=item, inventoried_on=datetime.date(2026, 1, 1), result="accounted-for"
        )
    assert "inventoried_on" in refused.value.message_dict


def test_an_incident_report_is_due_30_days_after_discovery_by_default(make_item, dana):
    item = make_item()
    incident = services.record_incident(
        user=dana,
        item=item,
        kind="theft",
        discovered_on=datetime.date(2026, 5, 1),
        description="Two goggles missing from the armory.",
    )
    assert incident.report_due == datetime.date(2026, 5, 31)
    incidents = UseIncident.objects.all()
    assert (
        list(services.overdue_incident_reports(incidents, today=datetime.date(2026, 5, 31))) == []
    )
    assert list(services.overdue_incident_reports(incidents, today=datetime.date(2026, 6, 1))) == [
        incident
    ]


def test_a_reported_incident_leaves_the_delinquency_list(make_item, dana):
    item = make_item()
    incident = services.record_incident(
        user=dana, item=item, kind="loss", discovered_on=datetime.date(2026, 5, 1), description="x"
    )
    services.report_incident(user=dana, incident=incident, reported_on=datetime.date(2026, 6, 5))
    incident.refresh_from_db()
    assert incident.reported_late
    assert not services.overdue_incident_reports(
        UseIncident.objects.all(), today=datetime.date(2026, 7, 1)
    ).exists()


def test_an_item_monitor_records_an_inventory(make_item, dana, directorate):
    item = make_item()
    assign(user=dana, record=item, person=directorate.teammate, role="EEUM monitor")
    inventory = services.record_inventory(
        user=directorate.teammate.user,
        item=item,
        inventoried_on=datetime.date(2026, 3, 1),
        result="accounted-for",
    )
    assert inventory.performed_by == directorate.teammate


def test_someone_not_assigned_cannot_record_an_inventory(make_item, directorate):
    item = make_item()
    with pytest.raises(PermissionDenied):
        services.record_inventory(
            user=directorate.teammate.user,
            item=item,
            inventoried_on=datetime.date(2026, 3, 1),
            result="accounted-for",
        )
