"""The foreign visit, liaison and end-use oversight pages pass axe-core, and a specialist
sees a visit held back until its disclosure decision."""

import datetime

import pytest
from django.utils import timezone

from seccoop.controls import oversight_services
from seccoop.controls.models import (
    ComplianceVisit,
    EndUseRequest,
    ForeignRepresentative,
    VisitRequest,
)
from seccoop.core.services import create_record
from tests.controls.builders import build_records, disclosure_specialist

pytestmark = pytest.mark.browser


def build_visit_records(dana, records) -> dict:
    start = timezone.localdate() + datetime.timedelta(days=7)
    france = records["france"]
    visit = create_record(
        user=dana,
        model=VisitRequest,
        data={"country": france, "kind": "one-time", "visitors": "Lt Col A. Marchand",
              "host_organization": "Radar integration laboratory", "purpose": "Interface review",
              "starts_on": start, "ends_on": start, "information": "Interface data",
              "disclosure_request": records["request"]},
    )  # fmt: skip
    officer = create_record(
        user=dana,
        model=ForeignRepresentative,
        data={"country": france, "kind": "liaison-officer", "name": "Lt Col É. Girard",
              "position": "Liaison officer", "host_organization": "Program office",
              "certified_on": start, "certification_ends_on": start, "reports_on": start,
              "departs_on": start, "duties": "Liaison", "access": "Oral and visual"},
    )  # fmt: skip
    assessment = create_record(
        user=dana,
        model=ComplianceVisit,
        data={"country": france, "starts_on": start, "ends_on": start, "team_lead": "R. Alvarez",
              "scope": "Depot storage"},
    )  # fmt: skip
    oversight_services.record_finding(user=dana, visit=assessment, description="Log incomplete.")
    consent = create_record(
        user=dana,
        model=EndUseRequest,
        data={"kind": "disposal", "item": records["item"], "received_on": start,
              "description": "Damaged beyond repair"},
    )  # fmt: skip
    violation = oversight_services.record_potential_violation(
        user=dana, item=records["item"], discovered_on=start, description="Unit missing"
    )
    return {"visit": visit, "officer": officer, "assessment": assessment, "consent": consent,
            "violation": violation}  # fmt: skip


def test_every_visit_and_oversight_page_passes_axe(sign_in, url, axe, directorate):
    dana = disclosure_specialist()
    records = build_records(dana)
    made = build_visit_records(dana, records)
    page = sign_in(dana.person)
    pages = [
        url("controls:visit-list"),
        url("controls:visit-new"),
        url("controls:visit-detail", made["visit"].pk),
        url("controls:visit-edit", made["visit"].pk),
        url("controls:representative-list"),
        url("controls:representative-new"),
        url("controls:representative-detail", made["officer"].pk),
        url("controls:article-list"),
        url("controls:article-new"),
        url("controls:designation-new"),
        url("controls:compliance-list"),
        url("controls:compliance-new"),
        url("controls:compliance-detail", made["assessment"].pk),
        url("controls:consent-list"),
        url("controls:consent-new"),
        url("controls:consent-detail", made["consent"].pk),
        url("controls:violation-list"),
        url("controls:violation-new"),
        url("controls:violation-detail", made["violation"].pk),
        url("controls:item-detail", records["item"].pk),
    ]
    for address in pages:
        response = page.goto(address)
        assert response.status == 200, address
        axe(page)


def test_a_specialist_sees_a_visit_held_back_until_its_disclosure_decision(
    sign_in, url, directorate
):
    dana = disclosure_specialist()
    records = build_records(dana)
    made = build_visit_records(dana, records)
    page = sign_in(dana.person)
    page.goto(url("partners:country-detail", records["france"].pk))
    panel = page.get_by_role("region", name="Upcoming foreign visits")
    panel.get_by_role("link", name="Radar integration laboratory").click()
    page.get_by_label("Reasons for the decision").fill("Rests on the radar data decision.")
    page.get_by_role("button", name="Approve", exact=True).click()
    assert page.get_by_text(
        "a visit is approved only after its disclosure decision"
    ).first.is_visible()
    made["visit"].refresh_from_db()
    assert made["visit"].state == "requested"
