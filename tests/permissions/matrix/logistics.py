"""The logistics app: agreements, orders and arrangements follow the work-record rule.

France's ACSA, its order and France's supply arrangement are kept by the
bravo team (Pat's). They are seen by administrators, leadership, France's
desk officers (Tina) and their chain (Sam), and Pat's program team; anyone
else is answered 404 on their pages and in the API. They are changed by
administrators, Tina and Pat: leadership and Sam read only (403). Lists are
open to everyone signed in and show only what each may see: Tina sees
France's agreement and not Japan's. Desk officers, program-team members and
administrators record new agreements and arrangements.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from seccoop.core.services import create_record
from seccoop.logistics.models import Acsa, AcsaOrder, ImplementingArrangement, SupplyArrangement
from tests.permissions.expect import SIGNED_IN, Entry, Filtered, Ref

VIEWERS = frozenset({"administrator", "leadership", "supervisor", "desk_officer", "program_team"})
CHANGERS = frozenset({"administrator", "desk_officer", "program_team"})
RECORDERS = CHANGERS
HIDDEN = SIGNED_IN - VIEWERS
DAY = datetime.date(2026, 2, 1)


@dataclass(frozen=True)
class Word:
    """A fixed word of a page address (the kind of record in logistics:assign)."""

    value: str

    def __str__(self) -> str:
        return self.value


def records(world):
    ada = world.users["administrator"]
    france, japan, bravo = world.records["france"], world.records["japan"], world.records["bravo"]
    world.add("lg_acsa_kind", Word("acsa"))
    acsa = create_record(user=ada, model=Acsa, data={
        "country": france, "identifier": "ACSA-FR-M", "title": "Matrix ACSA",
        "status": "in-force", "signed_on": DAY, "org_unit": bravo})  # fmt: skip
    world.add("lg_fr_acsa", acsa, "ACSA-FR-M")
    world.add("lg_jp_acsa", create_record(user=ada, model=Acsa, data={
        "country": japan, "identifier": "ACSA-JP-M", "title": "Matrix Japan ACSA",
        "status": "in-force", "signed_on": DAY}), "ACSA-JP-M")  # fmt: skip
    create_record(user=ada, model=ImplementingArrangement, data={
        "acsa": acsa, "title": "Matrix arrangement", "us_party": "EUCOM",
        "partner_party": "EMA"})  # fmt: skip
    world.add("lg_order", create_record(user=ada, model=AcsaOrder, data={
        "acsa": acsa, "number": "FR-M-0001", "direction": "provided", "category": "fuel",
        "description": "Matrix fuel", "payment_method": "reimbursement",
        "amount": Decimal("5000.00"), "ordered_on": DAY}), "FR-M-0001")  # fmt: skip
    world.add("lg_supply", create_record(user=ada, model=SupplyArrangement, data={
        "country": france, "kind": "clssa", "title": "Matrix CLSSA",
        "implementing_agency": "navy", "status": "proposed", "org_unit": bravo}))  # fmt: skip


def listed(shows: str, hides: str):
    return Entry(
        allowed=SIGNED_IN, filtered={"desk_officer": Filtered(shows=[shows], hides=[hides])}
    )


def record_page(params):
    return Entry(allowed=VIEWERS, not_found=HIDDEN, params=params)


def change_page(params):
    return Entry(allowed=CHANGERS, not_found=HIDDEN, params=params)


def write(params, data=None):
    """A write on a record: 404 for whoever may not see it, 403 for those who only read."""
    return Entry(method="POST", allowed=CHANGERS, not_found=HIDDEN, params=params,
                 data=data or {})  # fmt: skip


def api_write(params, data):
    return Entry(allowed=CHANGERS, not_found=HIDDEN, params=params, data=data)


ACSA = {"pk": "lg_fr_acsa"}
ORDER = {"pk": "lg_order"}
SUPPLY = {"pk": "lg_supply"}

ROUTES = {
    "logistics:acsa-list": listed("lg_fr_acsa", "lg_jp_acsa"),
    "logistics:acsa-new": Entry(allowed=RECORDERS),
    "logistics:acsa-detail": record_page(ACSA),
    "logistics:acsa-edit": change_page(ACSA),
    "logistics:arrangement-new": change_page(ACSA),
    "logistics:order-new": change_page(ACSA),
    "logistics:order-list": Entry(allowed=SIGNED_IN),
    "logistics:order-detail": record_page(ORDER),
    "logistics:order-edit": change_page(ORDER),
    "logistics:settlement-new": write(
        ORDER, {"settled_on": "2026-03-01", "method": "payment", "amount": "100.00"}
    ),  # fmt: skip
    "logistics:supply-list": Entry(allowed=SIGNED_IN),
    "logistics:supply-new": Entry(allowed=RECORDERS),
    "logistics:supply-detail": record_page(SUPPLY),
    "logistics:supply-edit": change_page(SUPPLY),
    "logistics:assign": write({"kind": "lg_acsa_kind.value", "pk": "lg_fr_acsa"}),
    # API
    "GET /api/v1/acsas": listed("lg_fr_acsa", "lg_jp_acsa"),
    "POST /api/v1/acsas": Entry(
        allowed=RECORDERS,
        data={
            "country": "FR",
            "identifier": "ACSA-FR-M2",
            "title": "Matrix second ACSA",
            "status": "proposed",
            "org_unit": Ref("bravo"),
        },
    ),  # fmt: skip
    "GET /api/v1/acsas/{acsa_id}": record_page({"acsa_id": "lg_fr_acsa"}),
    "GET /api/v1/acsas/{acsa_id}/arrangements": record_page({"acsa_id": "lg_fr_acsa"}),
    "POST /api/v1/acsas/{acsa_id}/arrangements": api_write(
        {"acsa_id": "lg_fr_acsa"},
        {"title": "Matrix arrangement 2", "us_party": "EUCOM", "partner_party": "EMA"},
    ),  # fmt: skip
    "POST /api/v1/acsas/{acsa_id}/orders": api_write(
        {"acsa_id": "lg_fr_acsa"},
        {
            "number": "FR-M-0002",
            "direction": "received",
            "category": "billeting",
            "description": "Matrix billeting",
            "payment_method": "reimbursement",
            "amount": "1200.00",
            "ordered_on": "2026-03-01",
        },
    ),  # fmt: skip
    "GET /api/v1/acsa-orders": Entry(allowed=SIGNED_IN),
    "GET /api/v1/acsa-orders/{order_id}": record_page({"order_id": "lg_order"}),
    "GET /api/v1/acsa-orders/{order_id}/settlements": record_page({"order_id": "lg_order"}),
    "POST /api/v1/acsa-orders/{order_id}/settlements": api_write(
        {"order_id": "lg_order"},
        {"settled_on": "2026-03-01", "method": "payment", "amount": "100.00"},
    ),  # fmt: skip
    "GET /api/v1/supply-arrangements": Entry(allowed=SIGNED_IN),
    "POST /api/v1/supply-arrangements": Entry(
        allowed=RECORDERS,
        data={
            "country": "FR",
            "kind": "cooperative-logistics",
            "title": "Matrix cooperative",
            "implementing_agency": "army",
            "status": "proposed",
            "org_unit": Ref("bravo"),
        },
    ),  # fmt: skip
    "GET /api/v1/supply-arrangements/{arrangement_id}": record_page(
        {"arrangement_id": "lg_supply"}
    ),
}
