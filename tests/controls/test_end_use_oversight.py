"""End-use oversight: designations (SAMM C8.4), compliance assessment visits (C8.5),
potential violations (C8.1.1, C8.6) and requests for consent (C8.7, AECA sec. 3)."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from seccoop.controls import oversight_services, services
from seccoop.controls.exports import export_table
from seccoop.controls.models import (
    ComplianceVisit,
    EeumArticle,
    EndUseItem,
    EndUseRequest,
    MonitoringLevel,
    NotifiedParty,
    PotentialViolation,
    ViolationNotice,
)
from seccoop.core.exports import render
from seccoop.core.services import create_record

DAY = datetime.date(2026, 5, 1)


def test_an_item_is_under_enhanced_monitoring_because_its_article_is_designated(make_item):
    item = make_item()
    assert item.monitoring == MonitoringLevel.ENHANCED
    assert "Night vision goggles" in item.designation_source()


def test_monitoring_cannot_be_typed_in(controls, dana):
    with pytest.raises(ValidationError) as refused:
        create_record(
            user=dana,
            model=EndUseItem,
            data={"case": controls.case, "description": "Rifle scopes", "monitoring": "enhanced"},
        )
    assert "monitoring" in str(refused.value)
    assert not EndUseItem.objects.exists()


def test_an_item_under_a_designated_case_line_is_under_enhanced_monitoring(controls, dana):
    oversight_services.designate_case_line(
        user=dana, case_line=controls.line, loa_note="LOA note 12: EEUM", designated_on=DAY
    )
    item = create_record(
        user=dana,
        model=EndUseItem,
        data={"case": controls.case, "case_line": controls.line, "description": "Thermal sight",
              "serial_number": "TS-1"},
    )  # fmt: skip
    assert item.monitoring == MonitoringLevel.ENHANCED
    assert "Case line 1 is designated (LOA note 12: EEUM)" in item.designation_source()


def test_designating_a_case_line_brings_its_items_under_enhanced_monitoring(
    make_item, controls, dana
):
    item = make_item(article=None, serial_number="TS-2")
    assert item.monitoring == MonitoringLevel.ROUTINE
    oversight_services.designate_case_line(
        user=dana, case_line=controls.line, loa_note="LOA note 12", designated_on=DAY
    )
    item.refresh_from_db()
    assert item.monitoring == MonitoringLevel.ENHANCED


def test_a_line_whose_items_lack_serial_numbers_is_not_designated(make_item, controls, dana):
    make_item(article=None, serial_number="", quantity=40)
    with pytest.raises(ValidationError) as refused:
        oversight_services.designate_case_line(
            user=dana, case_line=controls.line, loa_note="LOA note 12", designated_on=DAY
        )
    assert "record their serial numbers first" in refused.value.message_dict["case_line"][0]
    assert not controls.line.__class__.objects.filter(eeum_designation__isnull=False).exists()


def test_an_item_of_a_withdrawn_article_is_under_routine_monitoring(make_item, controls):
    controls.goggles.withdrawn_on = DAY
    controls.goggles.save()
    item = make_item()
    assert item.monitoring == MonitoringLevel.ROUTINE


# --- compliance assessment visits -------------------------------------------------------


@pytest.fixture
def assessment(controls, dana):
    return create_record(
        user=dana,
        model=ComplianceVisit,
        data={"country": controls.france, "starts_on": DAY, "ends_on": DAY,
              "team_lead": "R. Alvarez", "scope": "Depot storage."},
    )  # fmt: skip


def test_a_finding_is_closed_only_by_a_corrective_action(assessment, dana):
    finding = oversight_services.record_finding(
        user=dana, visit=assessment, description="Vault log incomplete."
    )
    with pytest.raises(ValidationError) as refused:
        oversight_services.close_finding(user=dana, finding=finding, corrective_action="")
    assert "corrective_action" in refused.value.message_dict
    oversight_services.close_finding(
        user=dana, finding=finding, corrective_action="Custodians retrained.", closed_on=DAY
    )
    finding.refresh_from_db()
    assert (finding.closed_on, finding.corrective_action) == (DAY, "Custodians retrained.")


def test_a_finding_about_another_countrys_item_is_refused(assessment, make_item, dana, controls):
    assessment.country = controls.japan
    assessment.save()
    with pytest.raises(ValidationError) as refused:
        oversight_services.record_finding(
            user=dana, visit=assessment, item=make_item(), description="Seen elsewhere."
        )
    assert "another country" in refused.value.message_dict["item"][0]


# --- requests for consent ---------------------------------------------------------------


def test_a_third_party_transfer_names_who_would_receive_the_article(make_item, dana):
    with pytest.raises(ValidationError) as refused:
        create_record(
            user=dana,
            model=EndUseRequest,
            data={"kind": "third-party-transfer", "item": make_item(), "received_on": DAY,
                  "description": "To a neighbour."},
        )  # fmt: skip
    assert "recipient" in refused.value.message_dict


def test_a_refusal_of_consent_says_why(make_item, dana):
    request = create_record(
        user=dana,
        model=EndUseRequest,
        data={"kind": "change-of-end-use", "item": make_item(), "received_on": DAY,
              "description": "Use for police training."},
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        oversight_services.decide_end_use_request(
            user=dana, request=request, outcome="denied", decided_on=DAY, decided_by="State"
        )
    assert "reasons" in refused.value.message_dict
    request.refresh_from_db()
    assert request.outcome == "pending"


def test_an_item_is_not_disposed_of_without_consent_to_its_disposal(make_item, dana):
    item = make_item()
    with pytest.raises(ValidationError) as refused:
        oversight_services.record_disposal(user=dana, item=item, disposed_on=DAY)
    assert "No consent to the disposal" in refused.value.message_dict["disposed_on"][0]
    item.refresh_from_db()
    assert item.disposed_on is None


def consent_to_disposal(item, dana):
    """The U.S. Government's consent to the item's disposal, recorded (SAMM C8.7)."""
    request = create_record(
        user=dana,
        model=EndUseRequest,
        data={"kind": "disposal", "item": item, "received_on": DAY, "description": "Damaged."},
    )
    oversight_services.decide_end_use_request(
        user=dana, request=request, outcome="approved", decided_on=DAY, decided_by="State"
    )


def test_an_item_is_disposed_of_once_consent_is_recorded(make_item, dana):
    item = make_item()
    consent_to_disposal(item, dana)
    oversight_services.record_disposal(user=dana, item=item, disposed_on=DAY)
    item.refresh_from_db()
    assert item.disposed_on == DAY


# --- potential violations ----------------------------------------------------------------


def test_a_potential_violation_is_routed_to_each_party_the_samm_names(make_item, dana):
    violation = oversight_services.record_potential_violation(
        user=dana, item=make_item(), discovered_on=DAY, description="Unit missing."
    )
    assert sorted(violation.notices.values_list("party", flat=True)) == sorted(NotifiedParty.values)
    assert len(oversight_services.unacknowledged(violation)) == 4


def test_a_notice_is_acknowledged_only_after_it_is_sent(make_item, dana):
    violation = oversight_services.record_potential_violation(
        user=dana, item=make_item(), discovered_on=DAY, description="Unit missing."
    )
    notice = violation.notices.get(party=NotifiedParty.STATE)
    with pytest.raises(ValidationError) as refused:
        oversight_services.record_notice(
            user=dana, notice=notice, acknowledged_on=DAY, acknowledged_by="Duty officer"
        )
    assert "acknowledged after it is sent" in refused.value.message_dict["acknowledged_on"][0]
    oversight_services.record_notice(user=dana, notice=notice, sent_on=DAY)
    oversight_services.record_notice(
        user=dana, notice=notice, acknowledged_on=DAY, acknowledged_by="Duty officer"
    )
    assert len(oversight_services.unacknowledged(violation)) == 3


def test_a_violation_names_only_an_incident_of_its_own_item(make_item, dana):
    first = make_item()
    other = make_item(serial_number="NV-0002")
    incident = services.record_incident(
        user=dana, item=first, kind="loss", discovered_on=DAY, description="Lost."
    )
    with pytest.raises(ValidationError):
        oversight_services.record_potential_violation(
            user=dana, item=other, incident=incident, discovered_on=DAY, description="x"
        )
    assert not PotentialViolation.objects.exists()
    assert not ViolationNotice.objects.exists()


@override_settings(SECCOOP_EUM_INCIDENT_REPORT_DAYS=10)
def test_the_incident_report_clock_follows_the_directorates_setting(make_item, dana):
    incident = services.record_incident(
        user=dana, item=make_item(), kind="theft", discovered_on=DAY, description="Stolen."
    )
    assert incident.report_due == datetime.date(2026, 5, 11)


# --- pages ------------------------------------------------------------------------------


def test_the_violation_page_shows_who_has_not_acknowledged(client, make_item, dana):
    violation = oversight_services.record_potential_violation(
        user=dana, item=make_item(), discovered_on=DAY, description="Unit missing."
    )
    client.force_login(dana)
    page = client.get(reverse("controls:violation-detail", args=[violation.pk]))
    assert page.status_code == 200
    assert page.content.decode().count("Not acknowledged") == 4


def test_a_disposal_without_consent_is_refused_on_the_item_page(client, make_item, dana):
    item = make_item()
    client.force_login(dana)
    client.post(
        reverse("controls:item-disposal", args=[item.pk]),
        {"disposed_on": "2026-05-01", "version": item.version},
        follow=True,
    )
    item.refresh_from_db()
    assert item.disposed_on is None
    assert EeumArticle.objects.count() == 1


def disposal_file(item, disposed_on: str) -> str:
    """The item as exported, with a disposal date written in."""
    rows = list(csv.DictReader(io.StringIO(render(export_table("end-use-items"), "csv").decode(
        "utf-8-sig"))))  # fmt: skip
    [row] = [row for row in rows if row["external_id"] == item.external_id]
    row["disposed_on"] = disposed_on
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue()


def upload_disposal(client, item, disposed_on: str):
    upload = SimpleUploadedFile("items.csv", disposal_file(item, disposed_on).encode())
    return client.post(reverse("controls:import"), {"kind": "end-use-items", "file": upload})


def test_an_import_may_not_dispose_of_an_item_without_consent(client, make_item, dana):
    item = make_item()
    item.refresh_from_db()
    client.force_login(dana)
    response = upload_disposal(client, item, "2026-05-01")
    assert "row 2, column disposed_on: No consent to the disposal" in response.content.decode()
    item.refresh_from_db()
    assert item.disposed_on is None


def test_an_import_records_a_disposal_once_consent_is_recorded(client, make_item, dana):
    item = make_item()
    consent_to_disposal(item, dana)
    item.refresh_from_db()
    client.force_login(dana)
    upload_disposal(client, item, "2026-05-01")
    item.refresh_from_db()
    assert item.disposed_on == DAY
