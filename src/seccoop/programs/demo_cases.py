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
from seccoop.programs.models import Agreement, Case, CaseState, MilestoneKind, Program
from seccoop.programs.services import case_versions
from seccoop.programs.services import cases as services
from seccoop.workforce.models import OrgUnit

MARKER = "UK-P-QAA"  # the identifier of the first demo case

# Identifiers are the SC customer code, the implementing agency's letter and a
# designator; the authority is the law each kind of case is made under.
# identifier | country | kind | agency | authority | value ($M) | title | state | days there
CASES_TABLE = """
UK-P-QAA|GB|fms|navy|aeca-22|48|P-8A Poseidon follow-on spares and repair|implemented|120
FR-D-SAB|FR|fms|air-force|aeca-22|36|KC-135 aerial refueling pods and training|offered|20
GY-B-UAC|DE|fms|army|aeca-22|640|Patriot PAC-3 MSE missiles and launchers|proposed|6
PL-B-ZAD|PL|fms|army|aeca-22|410|HIMARS launchers with initial support|accepted|12
NO-P-GAE|NO|fms|navy|aeca-21|22|Naval strike missile integration support|offered|100
JA-P-LAF|JP|fms|navy|aeca-22|75|E-2D Advanced Hawkeye sustainment|supply-complete|420
KS-D-MAG|KR|fms|air-force|aeca-22|30|F-16 avionics upgrade kits|interim-closed|200
AT-P-TAH|AU|hybrid|navy|aeca-22|55|Mk 48 torpedo maintenance and industry support|reviewed|9
IN-P-KAJ|IN|fms|navy|aeca-22|120|MH-60R helicopter follow-on support|pa-provided|25
CN-D-RAK|CA|fms|air-force|aeca-22|18|F-35A initial spares|written|14
BR-B-WAL|BR|bpc|army|10-usc-333|9|Counter-drug riverine patrol equipment|request-complete|18
EN-B-FAM|EE|bpc|army|10-usc-333|14|Border security surveillance radars|accepted|10
KE-B-HAN|KE|bpc|army|10-usc-333|7|Counterterrorism unit communications|request-received|40
TC-D-NAP|AE|fms|air-force|aeca-22|12|C-17 spares and technical publications|closed|60
BE-P-CAQ|BE|fms|navy|aeca-21|6|Frigate spares and repair parts|cancelled|30
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
    ("propose", CaseState.PROPOSED),
    ("offer", CaseState.OFFERED),
    ("accept", CaseState.ACCEPTED),
    ("implement", CaseState.IMPLEMENTED),
    ("complete_supply", CaseState.SUPPLY_COMPLETE),
    ("close_interim", CaseState.INTERIM_CLOSED),
    ("close", CaseState.CLOSED),
]
# (description, generic code and MASL number as SAMM Figure C5.F24 writes them); the
# major end items are significant military and major defense equipment.
LINES = [
    ("Major end items", "A1C 1510-01-500-0001"),
    ("Initial spares and repair parts", "R4A 1560-01-500-0002"),
    ("Support equipment", "S2B 4920-01-500-0003"),
    ("Training and publications", "T1A 6910-00-000-0004"),
    ("Technical assistance", "V3A 0000-00-000-0005"),
]
MAJOR_END_ITEMS = LINES[0][0]


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
        for identifier, iso, kind, agency, authority, value, title, state, days in CASES:
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
                authority=authority,
                value=Decimal(value) * 1_000_000,
                title=title,
                state=state,
                reached=today - datetime.timedelta(days=int(days)),
                team=team,
            )
            built += 1
        _amend(admin, today)
    overdue = services.overdue(Case.objects.all(), today=today).count()
    return f"Loaded {built} sales and transfer cases, {overdue} of them with an overdue clock."


def _build_case(
    *, admin, rng, today, identifier, country, kind, agency, authority, value, title, state,
    reached, team,
):  # fmt: skip
    # The steps are spread over the weeks before the day the case reached its state.
    steps = _steps_to(state)
    start = reached - datetime.timedelta(days=21 * len(steps) + 10)
    received = start - datetime.timedelta(days=rng.randint(3, 20))
    complete = state != CaseState.REQUEST_RECEIVED
    bpc = kind == "bpc"
    request = {
        "kind": "mor" if bpc else "lor",
        "reference": f"{country.iso_alpha3}/{'MOR' if bpc else 'LOR'}/{rng.randint(100, 999)}",
        "received_on": received,
        "desired_delivery_on": today + datetime.timedelta(days=rng.randint(400, 900)),
    }
    if complete:
        request.update(COMPLETE_REQUEST)
        if bpc:
            request["funding_source"] = "bpc"
    else:
        request.update(items_described=True, point_of_contact=True)
        request["funding_source"] = "bpc" if bpc else "fmf"
    fields = {
        "identifier": identifier,
        "title": title,
        "country": country,
        "kind": kind,
        "legal_authority": authority,
        "implementing_agency": agency,
        "org_unit": team,
        "description": f"{title} for {country.name}.",
    }
    # The anticipated offer date group the agency gave the case (SAMM C5.4.2.1): the
    # larger and more complex the sale, the longer its development.
    fields["aod_group"] = "C" if value >= 300_000_000 else "B" if value >= 40_000_000 else "A"
    if kind in ("fms", "hybrid"):
        # Most of a missile, launcher or aircraft case is major defense equipment.
        fields["mde_value"] = (value * Decimal("0.6")).quantize(Decimal("1"))
    if bpc:
        year = start.year if start.month < 10 else start.year + 1
        fields.update(
            fund_source="Operation and Maintenance, Defense-Wide (section 333)",
            fund_fiscal_year=year,
            funds_obligate_by=datetime.date(year + 1, 9, 30),
            funds_cancel_on=datetime.date(year + 7, 9, 30),
        )
    # The case serves the country's first cooperation program and rests on its first
    # agreement, as the directorate links them, so the portfolio pages show both.
    program = Program.objects.filter(countries=country).order_by("pk").first()
    agreement = Agreement.objects.filter(countries=country).order_by("pk").first()
    fields["programs"] = [program] if program else []
    fields["agreements"] = [agreement] if agreement else []
    case = services.open_case(user=admin, case=fields, request=request)
    case.demo_value = value
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
            values={"estimated_value": value},
        )
        return
    for index, name in enumerate(steps):
        day = reached if index == len(steps) - 1 else start + datetime.timedelta(days=21 * index)
        if name == "offer":
            # The offer waits for any congressional review to run.
            notice = services.notification_for(case)
            if notice.earliest_offer_on and notice.earliest_offer_on > day:
                day = notice.earliest_offer_on
        if name in ("offer", "accept") and case.offer_expires_on:
            # A short BPC offer period is answered within it.
            day = min(day, case.offer_expires_on)
        _prepare(admin, rng, case, name, day, desk)
        _move(
            admin,
            case,
            name,
            day,
            values=_values(case, name),
            note="The partner chose a direct commercial sale." if name == "cancel" else "",
        )
        if name == "propose":
            _clear(admin, case, day, last=index == len(steps) - 1, today=today)


def _amend(admin, today) -> None:
    """Versions of two cases (SAMM C6.7): the P-8A case amended and modified, HIMARS amended."""
    poseidon = Case.objects.filter(identifier=MARKER, state=CaseState.IMPLEMENTED).first()
    if poseidon is not None:
        amendment = case_versions.write_version(
            user=admin,
            case=poseidon,
            kind="amendment",
            description="Adds two spare engines and their repair services, as the purchaser "
            "asked in its letter of request for the second squadron.",
            value=services.case_value(poseidon) + Decimal("6500000"),
        )
        offered = today - datetime.timedelta(days=70)
        case_versions.move_version(
            user=admin, version=amendment, name="offer", values={"offered_on": offered},
            today=offered,
        )  # fmt: skip
        case_versions.move_version(
            user=admin,
            version=amendment,
            name="accept",
            values={"signed_by": "Director of Armaments, Ministry of Defence of the UK"},
            today=offered + datetime.timedelta(days=40),
        )
        modification = case_versions.write_version(
            user=admin,
            case=poseidon,
            kind="modification",
            grounds="price",
            description="Increases the estimated costs of line 002 to cover price increases "
            "in the repair contract.",
            value=amendment.value + Decimal("1200000"),
        )
        case_versions.move_version(
            user=admin,
            version=modification,
            name="issue",
            today=today - datetime.timedelta(days=12),
        )
    himars = Case.objects.filter(identifier="PL-B-ZAD", state=CaseState.ACCEPTED).first()
    if himars is not None:
        amendment = case_versions.write_version(
            user=admin,
            case=himars,
            kind="amendment",
            description="Adds a launcher trainer and its instructors, as the purchaser asked.",
            value=services.case_value(himars) + Decimal("18000000"),
        )
        offered = today - datetime.timedelta(days=9)
        case_versions.move_version(
            user=admin, version=amendment, name="offer", values={"offered_on": offered},
            today=offered,
        )  # fmt: skip


def _values(case, name) -> dict | None:
    if name == "accept":
        signer = (
            "Deputy Assistant Secretary, requesting authority for the U.S. Government"
            if case.kind == "bpc"
            else f"Director of Armaments, Ministry of Defence of {case.country.name}"
        )
        return {"signed_by": signer}
    if name == "cancel":
        return {"cancellation_reason": "purchaser"}
    return None


def _clear(admin, case, day, *, last, today) -> None:
    """DSCA's approval, the State Department's clearance and any notification, after MILAP."""
    steps = ["record_dsca_approval"]
    if services.notification_for(case).required:
        steps += ["record_state_clearance", "notify_congress"]
    for offset, name in enumerate(steps, start=1):
        when = min(day + datetime.timedelta(days=offset), today)
        values = {"notification_reference": f"{case.country.iso_code} 26-{case.pk:02d}"}
        _move(admin, case, name, when, values=values if name == "notify_congress" else None)


def _steps_to(state: str) -> list[str]:
    if state == CaseState.CANCELLED:
        names = [name for name, _ in PATH[: PATH.index(("offer", CaseState.OFFERED)) + 1]]
        return [*names, "cancel"]
    if state == CaseState.REQUEST_RECEIVED:
        return []
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
        shares = (Decimal("0.7"), Decimal("0.2"), Decimal("0.1"))
        picked = [LINES[0], *rng.sample(LINES[1:], 2)]
        for number, ((description, code), share) in enumerate(
            zip(picked, shares, strict=True), start=1
        ):
            quantity = rng.randint(1, 12)
            services.add_line(
                user=admin,
                case=case,
                number=number,
                description=description,
                item_code=code,
                significant_military_equipment=description == MAJOR_END_ITEMS,
                major_defense_equipment=description == MAJOR_END_ITEMS,
                quantity=quantity,
                unit_value=(case.demo_value * share / quantity).quantize(Decimal("0.01")),
            )
    elif name == "review":
        services.assign_staff(
            user=admin, case=case, person=desk, role=services.CASE_MANAGER, assigned_on=day
        )
    elif name == "propose" and case.kind != "bpc":
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
    elif name == "accept" and case.kind != "bpc":
        services.record_payment(
            user=admin, payment=case.payments.order_by("due_on").first(), paid_on=day
        )
    elif name == "implement" and case.kind == "bpc":
        case.refresh_from_db()
        services.update_case(
            user=admin, case=case, changes={"funds_available_on": day},
            expected_version=case.version,
        )  # fmt: skip
    elif name == "implement":
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
    elif name == "close_interim":
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
