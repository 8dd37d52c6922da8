"""The sales and transfer cases of the demo directorate, added by `seccoop load-demo`.

Cases for the demo partner nations at every stage of the FMS workflow, each
moved there through the workflow itself (so every case has its state-change
log), with lines, payment schedules, milestones, reviews and closure actions.
Dates are placed relative to today: one offer has expired unanswered and one
closure is past due, so the overdue lists have something to show. The same
seed builds the same cases.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from seccoop.partners.models import Country, Engagement
from seccoop.programs.models import Case, CaseState, MilestoneKind
from seccoop.programs.services import cases as services
from seccoop.workforce.models import OrgUnit

MARKER = "GB-D-QAA"  # the identifier of the first demo case

# identifier | country | kind | agency | title | state it reaches | days since it got there
CASES_TABLE = """
GB-D-QAA | GB | fms | navy | P-8A Poseidon follow-on spares and repair | executing | 120
FR-D-SAB | FR | fms | air-force | KC-135 aerial refueling pods and training | offered | 20
DE-B-UAC | DE | fms | army | Patriot PAC-3 MSE missiles and launchers | case-development | 35
PL-B-ZAD | PL | fms | army | HIMARS launchers with initial support | accepted | 12
NO-D-GAE | NO | fms | navy | Naval strike missile integration support | offered | 100
JP-P-LAF | JP | fms | air-force | E-2D Advanced Hawkeye sustainment | supply-complete | 420
KR-D-MAG | KR | fms | air-force | F-16 avionics upgrade kits | closure-in-progress | 200
AU-B-TAH | AU | hybrid | navy | Mk 48 torpedo maintenance and industry support | reviewed | 9
IN-D-KAJ | IN | fms | navy | MH-60R helicopter follow-on support | pa-provided | 25
CA-D-RAK | CA | fms | air-force | F-35A initial spares | written | 14
BR-B-WAL | BR | bpc | army | Humanitarian demining equipment | request-complete | 18
EE-B-FAM | EE | bpc | army | Javelin training rounds | request-received | 6
KE-B-HAN | KE | bpc | army | Border security surveillance towers | request-received | 40
AE-D-NAP | AE | dcs | air-force | Commercial satellite ground terminals | closed | 60
BE-D-CAQ | BE | fms | navy | Frigate spares and repair parts | cancelled | 30
"""
CASES = [
    tuple(cell.strip() for cell in line.split("|")) for line in CASES_TABLE.strip().splitlines()
]

COMPLETE_REQUEST = {
    "requested_response": "loa",
    "funding_source": "national",
    "from_authorized_official": True,
    "through_proper_channels": True,
    "items_described": True,
    "end_use_stated": True,
    "total_package_considered": True,
    "point_of_contact": True,
}
# The main line of the workflow, and the transition that reaches each state.
PATH = [
    ("complete_request", CaseState.REQUEST_COMPLETE),
    ("start_development", CaseState.DEVELOPMENT),
    ("write", CaseState.WRITTEN),
    ("review", CaseState.REVIEWED),
    ("offer", CaseState.OFFERED),
    ("accept", CaseState.ACCEPTED),
    ("implement", CaseState.IMPLEMENTED),
    ("start_execution", CaseState.EXECUTING),
    ("complete_supply", CaseState.SUPPLY_COMPLETE),
    ("start_closure", CaseState.CLOSURE),
    ("close", CaseState.CLOSED),
]
LINES = [
    ("Major end items", "A1"),
    ("Initial spares and repair parts", "R4"),
    ("Support equipment", "S2"),
    ("Training and publications", "T1"),
    ("Technical assistance", "V3"),
]


def demo_is_loaded() -> bool:
    return Case.objects.filter(identifier=MARKER).exists()


def build_demo(*, seed: int, today: datetime.date | None = None) -> str:
    """Build the demo cases; say what was done (or why nothing was)."""
    if demo_is_loaded():
        return "The demo cases are already loaded; nothing was changed."
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return "No demo administrator exists, so no cases were loaded."
    countries = {c.iso_code: c for c in Country.objects.filter(primary_desk_officer__isnull=False)}
    if not countries:
        return "No demo partner nation has a desk officer, so no cases were loaded."
    today = today or timezone.localdate()
    rng = random.Random(seed)
    team = OrgUnit.objects.filter(name="International Acquisition Team").first()
    built = 0
    with transaction.atomic():
        for identifier, iso, kind, agency, title, state, days in CASES:
            country = countries.get(iso)
            if country is None:
                continue
            _build_case(
                admin=admin,
                rng=rng,
                today=today,
                identifier=identifier,
                country=country,
                kind=kind,
                agency=agency,
                title=title,
                state=state,
                reached=today - datetime.timedelta(days=int(days)),
                team=team,
            )
            built += 1
    overdue = services.overdue(Case.objects.all(), today=today).count()
    return f"Loaded {built} sales and transfer cases, {overdue} of them with an overdue clock."


def _build_case(
    *, admin, rng, today, identifier, country, kind, agency, title, state, reached, team
):
    # The steps are spread over the weeks before the day the case reached its state.
    steps = _steps_to(state)
    start = reached - datetime.timedelta(days=21 * len(steps) + 10)
    received = start - datetime.timedelta(days=rng.randint(3, 20))
    complete = state != CaseState.REQUEST_RECEIVED or identifier.startswith("EE")
    request = {
        "reference": f"{country.iso_alpha3}/LOR/{rng.randint(100, 999)}",
        "received_on": received,
        "desired_delivery_on": today + datetime.timedelta(days=rng.randint(400, 900)),
    }
    if complete:
        request.update(COMPLETE_REQUEST)
    else:
        request.update(items_described=True, point_of_contact=True, funding_source="fmf")
    case = services.open_case(
        user=admin,
        case={
            "identifier": identifier,
            "title": title,
            "country": country,
            "kind": kind,
            "implementing_agency": agency,
            "org_unit": team,
            "description": f"{title} for {country.name}.",
        },
        request=request,
    )
    desk = country.primary_desk_officer
    services.assign_staff(
        user=admin, case=case, person=desk, role="country desk", assigned_on=received
    )
    if state == CaseState.PRICE_AND_AVAILABILITY:
        _move(admin, case, "complete_request", start)
        _move(
            admin,
            case,
            "provide_price_and_availability",
            reached,
            values={"estimated_value": Decimal(rng.randint(20, 400) * 100_000)},
        )
        return
    for index, name in enumerate(steps):
        day = reached if index == len(steps) - 1 else start + datetime.timedelta(days=21 * index)
        _prepare(admin, rng, case, name, day, desk)
        _move(
            admin,
            case,
            name,
            day,
            note="The partner chose a direct commercial sale." if name == "cancel" else "",
        )


def _steps_to(state: str) -> list[str]:
    if state == CaseState.CANCELLED:
        names = [name for name, _ in PATH[: PATH.index(("offer", CaseState.OFFERED)) + 1]]
        return [*names, "cancel"]
    names = []
    for name, target in PATH:
        if STATE_INDEX[target] > STATE_INDEX[state]:
            break
        names.append(name)
    return names


STATE_INDEX = {state: index for index, state in enumerate(CaseState.values)}


def _prepare(admin, rng, case, name, day, desk) -> None:
    """Add what the transition's guards ask for, as the case's staff would have."""
    if name == "write":
        for number, (description, code) in enumerate(rng.sample(LINES, 3), start=1):
            services.add_line(
                user=admin,
                case=case,
                number=number,
                description=description,
                item_code=code,
                quantity=rng.randint(1, 12),
                unit_value=Decimal(rng.randint(5, 90) * 10_000),
            )
    elif name == "review":
        services.assign_staff(
            user=admin, case=case, person=desk, role=services.CASE_MANAGER, assigned_on=day
        )
    elif name == "offer":
        value = services.case_value(case)
        deposit = (value * Decimal("0.2")).quantize(Decimal("0.01"))
        services.add_payment(
            user=admin, case=case, due_on=day + datetime.timedelta(days=60), amount=deposit,
            description="Initial deposit",
        )  # fmt: skip
        services.add_payment(
            user=admin, case=case, due_on=day + datetime.timedelta(days=240),
            amount=value - deposit, description="Balance",
        )  # fmt: skip
    elif name == "implement":
        services.record_payment(
            user=admin, payment=case.payments.order_by("due_on").first(), paid_on=day
        )
    elif name == "start_execution":
        for offset, (kind, title) in enumerate(
            [
                (MilestoneKind.MILESTONE, "Supply requisitions released"),
                (MilestoneKind.DELIVERABLE, "First deliveries received by the partner"),
                (MilestoneKind.DELIVERABLE, "Training completed"),
            ],
            start=1,
        ):
            services.add_milestone(
                user=admin, case=case, title=title, kind=kind,
                due_on=day + datetime.timedelta(days=45 * offset),
            )  # fmt: skip
        review = Engagement.objects.filter(
            engagement_type__slug="program-review", countries=case.country
        ).first()
        services.record_review(
            user=admin, case=case, kind="program", held_on=day, engagement=review,
            summary="Schedule and deliveries reviewed with the partner's program office.",
        )  # fmt: skip
    elif name == "complete_supply":
        for milestone in case.milestones.filter(completed_on__isnull=True):
            services.complete_milestone(user=admin, milestone=milestone, completed_on=day)
    elif name == "start_closure":
        for stakeholder, description in [
            ("Contracting office", "Contracts closed out"),
            ("Defense Finance and Accounting Service", "Final bill issued"),
            ("Partner's program office", "Final statement acknowledged"),
        ]:
            services.add_closure_action(
                user=admin, case=case, stakeholder=stakeholder, description=description,
                due_on=day + datetime.timedelta(days=90),
            )  # fmt: skip
    elif name == "close":
        for action in case.closure_actions.filter(done_on__isnull=True):
            services.complete_closure_action(user=admin, action=action, done_on=day)
        for payment in case.payments.filter(paid_on__isnull=True):
            services.record_payment(user=admin, payment=payment, paid_on=day)


def _move(admin, case, name, day, *, values=None, note="") -> None:
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    services.move_case(user=admin, case=case, name=name, values=values, note=note, today=day, at=at)
