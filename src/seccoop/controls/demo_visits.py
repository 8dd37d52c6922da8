"""The demo's foreign visits, liaison and exchange officers, and end-use oversight.

Every name, number and reference here is fictitious. Visits by France and
Japan (one approved on its disclosure decision, one waiting for it, one
done with its after-visit record), a French liaison officer under the
program's delegation letter, a Japanese exchange engineer whose letter has
ended (flagged), a compliance assessment visit with findings, requests for
consent, and a potential violation routed to the four parties.
"""

from __future__ import annotations

import datetime

from seccoop.controls import oversight_services, visit_services
from seccoop.controls.models import (
    ComplianceVisit,
    DelegationOfDisclosureAuthority,
    DisclosureRequest,
    EndUseItem,
    EndUseRequest,
    ForeignRepresentative,
    UseIncident,
    VisitRequest,
)
from seccoop.core.services import create_record


def build_visits_demo(admin, countries, today, officers) -> str:
    visits = _visits(admin, countries, today, officers)
    representatives = _representatives(admin, countries, today, officers)
    oversight = _oversight(admin, countries, today)
    return f"{visits} foreign visits, {representatives} liaison and exchange officers, {oversight}"


def _day(today, days):
    return today + datetime.timedelta(days=days)


def _visits(admin, countries, today, officers) -> int:
    france, japan = countries["FR"], countries["JP"]
    decided = DisclosureRequest.objects.filter(external_id="DEMO-DR-1").first()
    in_review = DisclosureRequest.objects.filter(external_id="DEMO-DR-3").first()
    host = officers[0] if officers else None
    rows = [
        (france, "one-time", "FVS-FR-26-0412",
         "Lt Col A. Marchand; Maj C. Dubois (French Air Force)", "Radar integration laboratory",
         "Review the interface control document with the program office.",
         14, 16, "Interface control document, revision C (oral and visual).", decided),
        (japan, "one-time", "FVS-JA-26-0177", "Cdr K. Sato; Lt R. Mori (JMSDF)",
         "Radar integration laboratory", "Laboratory briefing on test results.",
         30, 31, "Test results briefing, unclassified portions and SECRET summary.", in_review),
        (france, "recurring", "FVS-FR-26-0101", "Ing. P. Laurent (DGA)",
         "Program office", "Monthly program management reviews.",
         -60, -58, "Program schedule and cost data.", decided),
    ]  # fmt: skip
    for index, (country, kind, ref, who, where, why, start, end, info, request) in enumerate(rows):
        visit = create_record(
            user=admin,
            model=VisitRequest,
            data={
                "country": country, "kind": kind, "reference": ref, "visitors": who,
                "host_organization": where, "host": host, "purpose": why,
                "starts_on": _day(today, start), "ends_on": _day(today, end),
                "information": info, "disclosure_request": request,
                "escort": officers[-1] if officers else None,
            },
        )  # fmt: skip
        if index in (0, 2) and request is not None and request.is_decided:
            visit_services.move_visit(
                user=admin, visit=visit, name="approve",
                decision_reasons="Rests on the approved disclosure decision for France.",
            )  # fmt: skip
        if index == 2 and visit.state == "approved":
            visit_services.move_visit(
                user=admin, visit=visit, name="record-visit",
                after_visit_record="Both sessions held as planned; only the approved schedule "
                "data was shown. No incident.",
            )  # fmt: skip
    return len(rows)


def _representatives(admin, countries, today, officers) -> int:
    letter = (
        # A letter in force: approved and not superseded.
        DelegationOfDisclosureAuthority.objects.filter(
            superseded_on__isnull=True, approved_on__isnull=False
        )
        .order_by("pk")
        .first()
    )
    contact = officers[0] if officers else None
    rows = [
        {"country": countries["FR"], "kind": "liaison-officer", "name": "Lt Col É. Girard",
         "position": "French Air Force liaison officer, radar program",
         "host_organization": "Program executive office, sensors", "contact_officer": contact,
         "certified_on": _day(today, -400), "certification_ends_on": _day(today, 60),
         "reports_on": _day(today, -380), "departs_on": _day(today, 350),
         "duties": "Liaison between the French program office and the U.S. program office.",
         "access": "Oral and visual access to program reviews; controlled documents at the "
                   "liaison office.",
         "governing_letter": letter if letter and countries["FR"] in letter.countries.all()
         else None,
         "letter_reference": "" if letter else "PEO-S DDL 2025-07",
         "letter_dated": None if letter else _day(today, -420)},
        {"country": countries["JP"], "kind": "esep", "name": "Dr. H. Tanaka",
         "position": "ESEP engineer, antenna test range",
         "host_organization": "Research laboratory, electromagnetics branch",
         "contact_officer": contact,
         "certified_on": _day(today, -700), "certification_ends_on": _day(today, 30),
         "reports_on": _day(today, -690), "departs_on": _day(today, 40),
         "duties": "Antenna measurement campaigns under the exchange agreement.",
         "access": "Unclassified test data of the range; no program data.",
         "letter_reference": "ESEP position description JA-ESEP-2024-3",
         "letter_dated": _day(today, -720), "letter_ends_on": _day(today, -5)},
        {"country": countries["GB"], "kind": "mpep", "name": "Sqn Ldr M. Hughes",
         "position": "MPEP exchange officer, operations planning",
         "host_organization": "Air operations center, plans division", "contact_officer": contact,
         "certified_on": _day(today, -200), "certification_ends_on": _day(today, 530),
         "reports_on": _day(today, -190), "departs_on": _day(today, 540),
         "duties": "Operations planner in a U.S. billet, under U.S. direction.",
         "access": "Category 1 and 5 information up to SECRET, oral and visual.",
         "letter_reference": "AOC MPEP DDL 2025-02", "letter_dated": _day(today, -210)},
    ]  # fmt: skip
    for data in rows:
        create_record(user=admin, model=ForeignRepresentative, data=data)
    return len(rows)


def _oversight(admin, countries, today) -> str:
    items = list(
        EndUseItem.objects.filter(external_id__startswith="DEMO-EUI-0-")
        .select_related("case")
        .order_by("external_id")
    )
    if not items:
        return "no end-use oversight records"
    country = items[0].case.country
    visit = create_record(
        user=admin,
        model=ComplianceVisit,
        data={
            "country": country,
            "starts_on": _day(today, -120),
            "ends_on": _day(today, -116),
            "team_lead": "Golden Sentry team lead (fictitious: R. Alvarez)",
            "scope": "Storage sites of enhanced items at the central depot; the partner's "
            "inventory records; the SCO's checks.",
            "summary": "Satisfactory, with two findings.",
        },
    )
    oversight_services.record_finding(
        user=admin, visit=visit, item=items[0],
        description="Storage vault log missed two entries in March.",
        corrective_action="Partner retrained the vault custodians; log checked monthly.",
        action_due_on=_day(today, -60),
    )  # fmt: skip
    open_finding = oversight_services.record_finding(
        user=admin, visit=visit,
        description="Serial numbers on the partner's property book differ in format from the LOA.",
        action_due_on=_day(today, 30),
    )  # fmt: skip
    closed = visit.findings.exclude(pk=open_finding.pk).first()
    oversight_services.close_finding(
        user=admin,
        finding=closed,
        corrective_action=closed.corrective_action,
        closed_on=_day(today, -70),
    )
    routine = next((item for item in items if not item.serial_number), items[-1])
    create_record(
        user=admin,
        model=EndUseRequest,
        data={
            "kind": "third-party-transfer", "item": routine, "received_on": _day(today, -20),
            "description": "Transfer of 10 weapon sights to a neighbouring partner's border "
            "force for a joint exercise.",
            "recipient": "Fictitious neighbouring partner, border force",
        },
    )  # fmt: skip
    disposal = create_record(
        user=admin,
        model=EndUseRequest,
        data={
            "kind": "disposal", "item": items[0], "received_on": _day(today, -50),
            "description": "Demilitarize one damaged unit beyond repair.",
        },
    )  # fmt: skip
    oversight_services.decide_end_use_request(
        user=admin, request=disposal, outcome="approved", decided_on=_day(today, -35),
        decided_by="Department of State (fictitious reference PM-26-0042)",
        conditions="Demilitarization witnessed by the SCO; certificate returned.",
    )  # fmt: skip
    incident = UseIncident.objects.filter(item__in=items).first()
    violation = oversight_services.record_potential_violation(
        user=admin,
        item=incident.item if incident else items[0],
        incident=incident,
        discovered_on=_day(today, -44),
        description="Unit not found at the quarterly check; possible unauthorized transfer.",
    )
    for notice in violation.notices.all():
        oversight_services.record_notice(user=admin, notice=notice, sent_on=_day(today, -43))
        if notice.party in ("state", "dsca-golden-sentry"):
            oversight_services.record_notice(
                user=admin, notice=notice, acknowledged_on=_day(today, -40),
                acknowledged_by="Duty officer (fictitious)",
            )  # fmt: skip
    return "a compliance assessment visit, two requests for consent and a potential violation"
