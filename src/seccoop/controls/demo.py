"""The controls records of the demo directorate, added by `seccoop load-demo`.

Foundational security agreements with the partner nations, disclosure
requests at every step of their workflow (one approved for France and denied
for Japan, where a release to Japan is refused), a program's delegation
letter in two versions, end-use items under the demo's cases with an overdue
inventory and an overdue incident report, vetted and unvetted units (the
assistance to the unvetted ones flagged), and constraints on plans and
cases. The foreign disclosure officers of the demo are assigned to them.
Dates are placed relative to today; the same seed builds the same records.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from seccoop.controls import services
from seccoop.controls.demo_visits import build_visits_demo
from seccoop.controls.models import (
    AgreementKind,
    AgreementStatus,
    ConstraintKind,
    CountryOutcome,
    DisclosureCategory,
    DisclosureRequest,
    EeumArticle,
    EndUseItem,
    ExecutionConstraint,
    Nominee,
    NomineeKind,
    ReviewKind,
    SecurityAgreement,
)
from seccoop.core.permissions import Role
from seccoop.core.services import create_record
from seccoop.partners.models import Country
from seccoop.partners.services import assign
from seccoop.programs.models import Case, Program
from seccoop.workforce.models import Person

MARKER = "DEMO-DR-1"  # the external id of the first demo disclosure request

AGREEMENTS = [
    # ISO code, kind, status, years since signature
    ("GB", AgreementKind.GSOMIA, AgreementStatus.IN_FORCE, 20),
    ("GB", AgreementKind.INDUSTRIAL, AgreementStatus.IN_FORCE, 18),
    ("FR", AgreementKind.GSOMIA, AgreementStatus.IN_FORCE, 15),
    ("FR", AgreementKind.COMSEC, AgreementStatus.IN_FORCE, 9),
    ("DE", AgreementKind.GSOMIA, AgreementStatus.IN_FORCE, 16),
    ("JP", AgreementKind.GSOMIA, AgreementStatus.IN_FORCE, 19),
    ("JP", AgreementKind.INDUSTRIAL, AgreementStatus.NEGOTIATING, None),
    ("KR", AgreementKind.GSOMIA, AgreementStatus.IN_FORCE, 10),
    ("AU", AgreementKind.GSOIA, AgreementStatus.IN_FORCE, 22),
    ("IN", AgreementKind.GSOMIA, AgreementStatus.IN_FORCE, 24),
    ("IN", AgreementKind.COMSEC, AgreementStatus.SIGNED, 8),
    ("BR", AgreementKind.GSOMIA, AgreementStatus.SIGNED, 1),
    ("MX", AgreementKind.GSOMIA, AgreementStatus.PROPOSED, None),
    ("KE", AgreementKind.GSOMIA, AgreementStatus.NEGOTIATING, None),
]


def demo_is_loaded() -> bool:
    return DisclosureRequest.objects.filter(external_id=MARKER).exists()


def _officers() -> list[Person]:
    return list(
        Person.objects.active()
        .filter(user__groups__name=Role.DISCLOSURE_SPECIALIST)
        .order_by("last_name", "first_name")
    )


def build_controls_demo(*, seed: int, today: datetime.date | None = None) -> str:
    if demo_is_loaded():
        return "The demo's controls records are already loaded."
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return "No demo administrator exists, so no controls records were loaded."
    today = today or timezone.localdate()
    rng = random.Random(seed)
    countries = {c.iso_code: c for c in Country.objects.filter(iso_code__in=_codes())}
    officers = _officers() or list(Person.objects.active().order_by("pk")[:3])
    with transaction.atomic():
        agreements = _agreements(admin, countries, today)
        requests = _disclosure(admin, countries, today, officers)
        items = _end_use(admin, today, rng, officers)
        nominees = _vetting(admin, countries, today)
        constraints = _constraints(admin, countries, today)
        visits = build_visits_demo(admin, countries, today, officers)
    return (
        f"Loaded {agreements} security agreements, {requests} disclosure requests, "
        f"{items} end-use items, {nominees} vetting nominees, {constraints} constraints, "
        f"{visits}."
    )


def _codes():
    return {code for code, *_ in AGREEMENTS} | {"FR", "JP", "GB", "KE", "MX"}


def _years_ago(today, years):
    return today.replace(year=today.year - years, day=1)


def _agreements(admin, countries, today) -> int:
    count = 0
    for code, kind, status, years in AGREEMENTS:
        if code not in countries:
            continue
        signed = _years_ago(today, years) if years is not None else None
        create_record(
            user=admin,
            model=SecurityAgreement,
            data={
                "country": countries[code],
                "kind": kind,
                "title": f"U.S.–{countries[code].name} {AgreementKind(kind).label}",
                "status": status,
                "signed_on": signed,
                "in_force_on": signed if status == AgreementStatus.IN_FORCE else None,
            },
        )
        count += 1
    return count


def _disclosure(admin, countries, today, officers) -> int:
    program = Program.objects.active().order_by("pk").first()
    case = Case.objects.active().order_by("pk").first()
    france, japan, britain = countries["FR"], countries["JP"], countries["GB"]

    def submit(number, title, category, targets, **purpose):
        request = services.submit_disclosure_request(
            user=admin,
            data=services.DisclosureData(
                external_id=f"DEMO-DR-{number}",
                title=title,
                category=category,
                submitted_on=today - datetime.timedelta(days=60 - number * 5),
                countries=targets,
                reviews=[ReviewKind.TECHNOLOGY_SECURITY, ReviewKind.PROGRAM_OFFICE],
                **purpose,
            ),
        )
        if officers:
            assign(user=admin, record=request, person=officers[number % len(officers)],
                   role="foreign disclosure officer")  # fmt: skip
        return request

    def reviewed(request):
        services.move_disclosure_request(user=admin, request=request, name="start-review")
        for review in request.reviews.all():
            services.complete_review(user=admin, review=review, outcome="concur")
        return request

    purpose = {"program": program} if program else {"visit_description": "Partner program review"}
    visit = {"visit_description": "Japanese delegation visit to the radar laboratory"}
    limited = reviewed(
        submit(
            1,
            "Radar performance and interface data",
            DisclosureCategory.RESEARCH,
            [france, japan],
            **purpose,
        )  # fmt: skip
    )
    services.move_disclosure_request(
        user=admin,
        request=limited,
        name="approve-with-limitations",
        reasons="France is a co-developer under the program agreement.",
        conditions="Interface data only; no signal processing algorithms.",
        countries=[
            services.CountryLine(japan, CountryOutcome.DENIED, reasons="No program agreement yet.")
        ],
    )
    services.record_release(
        user=admin,
        request=limited,
        country=france,
        released_on=today - datetime.timedelta(days=10),
        description="Interface control document, revision C",
    )
    approved = reviewed(
        submit(
            2,
            "Sustainment training materials",
            DisclosureCategory.ORGANIZATION,
            [britain],
            **({"case": case} if case else visit),
        )  # fmt: skip
    )
    services.move_disclosure_request(
        user=admin, request=approved, name="approve", reasons="Within the delegation letter."
    )
    reviewed(submit(3, "Laboratory briefing", DisclosureCategory.RESEARCH, [japan], **visit))
    submit(4, "Production tooling data", DisclosureCategory.PRODUCTION, [france], **purpose)
    referred = reviewed(
        submit(5, "Threat library extracts", DisclosureCategory.INTELLIGENCE, [japan], **visit)
    )
    services.move_disclosure_request(
        user=admin, request=referred, name="refer",
        note="Category 8 above the country's disclosure level: exception needed.",
    )  # fmt: skip
    if program:
        for number, (effective, title) in enumerate(
            [(today - datetime.timedelta(days=700), f"{program} DDL"),
             (today - datetime.timedelta(days=90), f"{program} DDL, amendment 1")], start=1,
        ):  # fmt: skip
            services.issue_delegation(
                user=admin,
                program=program,
                data={
                    "title": title,
                    "classification_ceiling": "S" if number == 2 else "C",
                    "may_disclose": "Form, fit, function and interface data.",
                    "may_not_disclose": "Source code, signal processing, vulnerability data.",
                    "procedures": "Each release is recorded against an approved request.",
                    "redelegation": "Not permitted.",
                    "effective_on": effective,
                },
                countries=[france, japan] if number == 2 else [france],
            )
    return 5


DESIGNATED = ["Night vision goggles", "Javelin command launch unit", "Stinger gripstock"]


def _end_use(admin, today, rng, officers) -> int:
    cases = list(Case.objects.active().select_related("country").order_by("pk")[:3])
    # Enhanced monitoring comes from the article's designation (SAMM C8.4), not from entry.
    articles = [
        create_record(
            user=admin,
            model=EeumArticle,
            data={
                "name": name,
                "designation_reference": "SAMM C8.4 list of EEUM-designated articles",
                "designated_on": today.replace(year=today.year - 10, day=1),
            },
        )
        for name in DESIGNATED
    ]
    count = 0
    for index, case in enumerate(cases):
        for number in range(4):
            arrived = today - datetime.timedelta(days=rng.randint(30, 700))
            item = create_record(
                user=admin,
                model=EndUseItem,
                data={
                    "external_id": f"DEMO-EUI-{index}-{number}",
                    "case": case,
                    "description": [
                        "Night vision goggles",
                        "Javelin command launch unit",
                        "Stinger gripstock",
                        "Thermal weapon sight",
                    ][number],  # fmt: skip
                    "article": articles[number] if number < 3 else None,
                    "serial_number": f"SN-{index}{number:03}" if number < 3 else "",
                    "quantity": 1 if number < 3 else 40,
                    "arrived_on": arrived,
                    "location": "Central depot",
                },
            )
            count += 1
            if number == 0 and (today - arrived).days > 100:
                services.record_inventory(
                    user=admin, item=item, inventoried_on=arrived + datetime.timedelta(days=80),
                    result="accounted-for",
                )  # fmt: skip
            if number == 1 and index == 0:
                services.record_incident(
                    user=admin, item=item, kind="loss",
                    discovered_on=today - datetime.timedelta(days=45),
                    description="Not found at the quarterly check; search under way.",
                )  # fmt: skip
            if officers and number == 0:
                assign(user=admin, record=item, person=officers[-1], role="EEUM monitor")
    return count


def _vetting(admin, countries, today) -> int:
    names = [
        ("KE", NomineeKind.UNIT, "Kenya Rangers Battalion", "approved"),
        ("KE", NomineeKind.UNIT, "Coast Guard Boarding Team", "pending"),
        ("MX", NomineeKind.UNIT, "Naval Infantry Battalion", "approved"),
        ("MX", NomineeKind.INDIVIDUAL, "Captain A. Ruiz", "suspended"),
    ]
    for code, kind, name, result in names:
        if code not in countries:
            continue
        nominee = create_record(
            user=admin,
            model=Nominee,
            data={"country": countries[code], "kind": kind, "name": name,
                  "nominated_on": today - datetime.timedelta(days=200)},
        )  # fmt: skip
        values = {"requested_on": today - datetime.timedelta(days=190), "result": result}
        if result != "pending":
            values["vetted_on"] = today - datetime.timedelta(days=150)
        if result == "suspended":
            values["remediation"] = "Credible allegation under review; retraining required."
        services.record_vetting(user=admin, nominee=nominee, **values)
        services.record_assistance(
            user=admin, nominee=nominee, provided_on=today - datetime.timedelta(days=30),
            description="Maritime interdiction course",
        )  # fmt: skip
    return len(names)


def _constraints(admin, countries, today) -> int:
    rows = [
        (ConstraintKind.AUTHORITIES, "No authority to train border police units",
         "Theater campaign plan, line of effort 3", countries.get("KE")),
        (ConstraintKind.RESOURCES, "Training funds exhausted for the fiscal year",
         "Security cooperation plan for East Africa", countries.get("KE")),
        (ConstraintKind.PARTNER_CAPABILITY, "Partner lacks secure storage for night vision devices",
         "Country plan, enhanced end-use controls", countries.get("MX")),
    ]  # fmt: skip
    for kind, title, plan, country in rows:
        create_record(
            user=admin,
            model=ExecutionConstraint,
            data={"kind": kind, "title": title, "plan_reference": plan, "country": country,
                  "identified_on": today - datetime.timedelta(days=40)},
        )  # fmt: skip
    return len(rows)
