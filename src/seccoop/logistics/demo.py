"""The multinational logistics records of the demo directorate, added by `seccoop load-demo`.

Acquisition and cross-servicing agreements with allies and partners (one in
negotiation, one acquisition-only), implementing arrangements with the
combatant commands, orders of every payment method (settled, partly settled
and one past its reconciliation day), and a CLSSA and a cooperative logistics
arrangement. The demo's multinational logisticians are assigned to them, so
they hold evidence of practice from them. Every name, number and amount is
fictitious; dates are placed relative to today.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from seccoop.core.services import create_record
from seccoop.logistics import services
from seccoop.logistics.models import (
    Acsa,
    AcsaKind,
    AcsaOrder,
    AcsaStatus,
    ArrangementKind,
    ArrangementStatus,
    ImplementingArrangement,
    SupplyArrangement,
)
from seccoop.partners.models import Country, OrganizationKind, PartnerOrganization
from seccoop.partners.services import assign
from seccoop.programs.models import Case
from seccoop.workforce.models import OrgUnit, Person

MARKER = "ACSA-GB-01"  # the identifier of the first demo agreement
ROLE_TYPE = "multinational-logistician"

# identifier | country | kind | status | years since signature | title
ACSAS = [
    ("ACSA-GB-01", "GB", AcsaKind.CROSS_SERVICING, AcsaStatus.IN_FORCE, 14,
     "U.S.–United Kingdom Mutual Logistics Support Arrangement"),
    ("ACSA-FR-01", "FR", AcsaKind.CROSS_SERVICING, AcsaStatus.IN_FORCE, 12,
     "U.S.–France Acquisition and Cross-Servicing Agreement"),
    ("ACSA-PL-01", "PL", AcsaKind.CROSS_SERVICING, AcsaStatus.IN_FORCE, 9,
     "U.S.–Poland Acquisition and Cross-Servicing Agreement"),
    ("ACSA-JP-01", "JP", AcsaKind.CROSS_SERVICING, AcsaStatus.IN_FORCE, 8,
     "U.S.–Japan Acquisition and Cross-Servicing Agreement"),
    ("ACSA-KE-01", "KE", AcsaKind.ACQUISITION_ONLY, AcsaStatus.IN_FORCE, 3,
     "U.S.–Kenya Acquisition-Only Agreement"),
    ("ACSA-BR-01", "BR", AcsaKind.CROSS_SERVICING, AcsaStatus.NEGOTIATING, None,
     "U.S.–Brazil Acquisition and Cross-Servicing Agreement"),
]  # fmt: skip

# ACSA | title | U.S. party | partner party | reconciliation days (None: the setting)
ARRANGEMENTS = [
    ("ACSA-GB-01", "EUCOM–UK Joint Forces Command implementing arrangement",
     "U.S. European Command", "UK Strategic Command", None),
    ("ACSA-FR-01", "EUCOM–French Joint Staff implementing arrangement",
     "U.S. European Command", "État-major des armées", 120),
    ("ACSA-PL-01", "USAREUR-AF–Polish Armed Forces Support Inspectorate arrangement",
     "U.S. Army Europe and Africa", "Armed Forces Support Inspectorate", None),
    ("ACSA-JP-01", "INDOPACOM–Joint Staff Office implementing arrangement",
     "U.S. Indo-Pacific Command", "Joint Staff Office, Ministry of Defense", None),
    ("ACSA-KE-01", "AFRICOM–Kenya Defence Forces arrangement",
     "U.S. Africa Command", "Kenya Defence Forces", None),
]  # fmt: skip

# number | ACSA | direction | category | method | amount | days ago ordered | delivered after |
# settled share (0 to 1) | description
ORDERS = [
    ("GB-24-0031", "ACSA-GB-01", "received", "fuel", "reimbursement", "184250.00", 150, 3, 1,
     "JP-8 at RAF Lossiemouth for a maritime patrol detachment"),
    ("GB-25-0007", "ACSA-GB-01", "provided", "transportation", "reimbursement", "96400.00", 40,
     5, 0, "C-17 airlift of a Royal Navy engineering team to Bahrain"),
    ("FR-24-0112", "ACSA-FR-01", "provided", "spare-parts", "replacement-in-kind", "42780.00",
     300, 10, 0.5, "KC-135 boom nozzle assemblies for an Armée de l'Air et de l'Espace tanker"),
    ("FR-25-0015", "ACSA-FR-01", "received", "billeting", "reimbursement", "61200.00", 60, 14,
     0, "Billeting and meals at Base aérienne 125 Istres during an exercise"),
    ("PL-24-0044", "ACSA-PL-01", "received", "base-operations", "equal-value-exchange",
     "128900.00", 420, 30, 0, "Base operations support at Drawsko Pomorskie training area"),
    ("PL-25-0003", "ACSA-PL-01", "provided", "ammunition", "replacement-in-kind", "77350.00",
     75, 7, 0, "5.56 mm training ammunition for a Polish brigade's live-fire exercise"),
    ("JP-25-0021", "ACSA-JP-01", "provided", "fuel", "reimbursement", "233900.00", 200, 2, 0,
     "F-76 marine diesel to a JMSDF escort flotilla during a bilateral exercise"),
    ("KE-25-0002", "ACSA-KE-01", "received", "medical", "reimbursement", "18600.00", 30, 1, 0,
     "Medical services at Laikipia Air Base for a training team"),
]  # fmt: skip


def demo_is_loaded() -> bool:
    return Acsa.objects.filter(identifier=MARKER).exists()


def _logisticians() -> list[Person]:
    return list(
        Person.objects.active()
        .filter(position__role_type__slug=ROLE_TYPE)
        .order_by("last_name", "first_name")
    )


def build_logistics_demo(*, seed: int, today: datetime.date | None = None) -> str:
    if demo_is_loaded():
        return "The demo's logistics records are already loaded."
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return "No demo administrator exists, so no logistics records were loaded."
    today = today or timezone.localdate()
    countries = {c.iso_code: c for c in Country.objects.filter(iso_code__in={a[1] for a in ACSAS})}
    team = OrgUnit.objects.filter(short_name="LOG").order_by("pk").first()
    people = _logisticians()
    with transaction.atomic():
        acsas = _acsas(admin, countries, team, today)
        acsas.update(_organization_acsa(admin, team, today))
        arrangements = _arrangements(admin, acsas, today)
        orders = _orders(admin, acsas, arrangements, today)
        supply = _supply(admin, countries, team, today)
        _staff(admin, people, list(acsas.values()), orders, supply, today)
    return (
        f"Loaded {len(acsas)} cross-servicing agreements, {len(orders)} ACSA orders and "
        f"{len(supply)} supply support arrangements."
    )


def _years_ago(today: datetime.date, years: int) -> datetime.date:
    return today.replace(year=today.year - years, day=1)


def _acsas(admin, countries, team, today) -> dict[str, Acsa]:
    made = {}
    for identifier, code, kind, status, years, title in ACSAS:
        if code not in countries:
            continue
        made[identifier] = create_record(
            user=admin,
            model=Acsa,
            data={
                "identifier": identifier,
                "country": countries[code],
                "title": title,
                "kind": kind,
                "status": status,
                "signed_on": _years_ago(today, years) if years is not None else None,
                "org_unit": team,
                "notes": "Fictitious demo agreement.",
            },
        )
    return made


def _organization_acsa(admin, team, today) -> dict[str, Acsa]:
    """An agreement with a NATO subsidiary body rather than a nation (10 U.S.C. 2342(a))."""
    agency, _ = PartnerOrganization.objects.get_or_create(
        name="NATO Support and Procurement Agency",
        defaults={
            "kind": OrganizationKind.INTERNATIONAL,
            "description": "NATO's logistics and procurement agency, a NATO subsidiary body.",
        },
    )
    if agency.kind != OrganizationKind.INTERNATIONAL:
        return {}
    acsa = create_record(
        user=admin,
        model=Acsa,
        data={
            "identifier": "ACSA-NSPA-01",
            "organization": agency,
            "title": "U.S.–NSPA Acquisition and Cross-Servicing Agreement",
            "kind": AcsaKind.CROSS_SERVICING,
            "status": AcsaStatus.IN_FORCE,
            "signed_on": _years_ago(today, 6),
            "org_unit": team,
            "notes": "Fictitious demo agreement with an international organization.",
        },
    )
    return {acsa.identifier: acsa}


def _arrangements(admin, acsas, today) -> dict[str, ImplementingArrangement]:
    made = {}
    for identifier, title, us_party, partner_party, days in ARRANGEMENTS:
        acsa = acsas.get(identifier)
        if acsa is None:
            continue
        made[identifier] = create_record(
            user=admin,
            model=ImplementingArrangement,
            data={
                "acsa": acsa,
                "title": title,
                "us_party": us_party,
                "partner_party": partner_party,
                "signed_on": acsa.signed_on + datetime.timedelta(days=90),
                "reconciliation_days": days,
            },
        )
    return made


def _orders(admin, acsas, arrangements, today) -> list[AcsaOrder]:
    made = []
    for (
        number,
        identifier,
        direction,
        category,
        method,
        amount,
        ago,
        delivery,
        share,
        text,
    ) in ORDERS:
        acsa = acsas.get(identifier)
        if acsa is None:
            continue
        ordered_on = today - datetime.timedelta(days=ago)
        order = create_record(
            user=admin,
            model=AcsaOrder,
            data={
                "acsa": acsa,
                "arrangement": arrangements.get(identifier),
                "number": number,
                "direction": direction,
                "category": category,
                "payment_method": method,
                "amount": Decimal(amount),
                "ordered_on": ordered_on,
                "delivered_on": ordered_on + datetime.timedelta(days=delivery),
                "description": text,
            },
        )
        if share:
            value = (order.amount * Decimal(str(share))).quantize(Decimal("0.01"))
            services.settle_order(
                user=admin,
                order=order,
                data={
                    "settled_on": ordered_on + datetime.timedelta(days=delivery + 45),
                    "method": "replacement" if method == "replacement-in-kind" else "payment",
                    "amount": value,
                    "reference": f"INV-{number}",
                },
            )
        made.append(order)
    return made


def _supply(admin, countries, team, today) -> list[SupplyArrangement]:
    made = []
    britain = countries.get("GB")
    if britain is not None:
        fmso = Case.objects.filter(country=britain).order_by("pk").first()
        made.append(
            create_record(
                user=admin,
                model=SupplyArrangement,
                data={
                    "country": britain,
                    "kind": ArrangementKind.CLSSA,
                    "title": "United Kingdom P-8A common-item CLSSA",
                    "implementing_agency": "navy",
                    "status": ArrangementStatus.IN_FORCE,
                    "supported_systems": "P-8A Poseidon\nMK 54 lightweight torpedo",
                    "fmso_i_case": fmso,
                    "equity_value": Decimal("4250000.00"),
                    "signed_on": _years_ago(today, 6),
                    "org_unit": team,
                    "notes": "Fictitious demo arrangement.",
                },
            )
        )
    poland = countries.get("PL")
    if poland is not None:
        made.append(
            create_record(
                user=admin,
                model=SupplyArrangement,
                data={
                    "country": poland,
                    "kind": ArrangementKind.COOPERATIVE,
                    "title": "U.S.–Poland HIMARS cooperative sustainment arrangement",
                    "implementing_agency": "army",
                    "status": ArrangementStatus.PROPOSED,
                    "supported_systems": "M142 HIMARS",
                    "org_unit": team,
                    "notes": "Fictitious demo arrangement.",
                },
            )
        )
    return made


def _staff(admin, people, acsas, orders, supply, today) -> None:
    """The team's logisticians take the agreements, orders and arrangements in turn."""
    if not people:
        return
    since = today - datetime.timedelta(days=180)
    for number, acsa in enumerate(acsas):
        assign(user=admin, record=acsa, person=people[number % len(people)],
               role="ACSA manager", assigned_on=since)  # fmt: skip
    for number, order in enumerate(orders):
        assign(user=admin, record=order, person=people[(number + 1) % len(people)],
               role="order officer", assigned_on=order.ordered_on)  # fmt: skip
    for number, arrangement in enumerate(supply):
        assign(user=admin, record=arrangement, person=people[(number + 2) % len(people)],
               role="CLSSA manager", assigned_on=since)  # fmt: skip
