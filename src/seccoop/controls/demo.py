"""The controls records of the demo directorate, added by `seccoop load-demo`.

Foundational security agreements with the partner nations, a fictitious
ceiling table and policy restriction, disclosure requests at every step of
their workflow (one approved for France and denied for Japan, where a release
to Japan is refused; one above Japan's ceiling taken through an exception to
release; one waiting on the committee), delegation letters (a program's in
two approved versions, a liaison officer's, an exchange position's awaiting
approval), end-use items under the demo's cases with an overdue
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

from seccoop.controls import disclosure_policy, services
from seccoop.controls.demo_visits import build_visits_demo
from seccoop.controls.disclosure_policy import CriterionLine
from seccoop.controls.models import (
    AgreementKind,
    AgreementStatus,
    ConstraintKind,
    CountryOutcome,
    CriterionFinding,
    DisclosureCategory,
    DisclosureCriterion,
    DisclosureRequest,
    EeumArticle,
    EndUseItem,
    ExecutionConstraint,
    LetterSubject,
    Nominee,
    NomineeKind,
    PolicyRestriction,
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


# Fictitious ceilings for the demo: (country, NDP category, level). Not taken from NDP-1,
# whose chart is not public; the source note of each says so.
DEMO_CEILINGS = [
    ("GB", "1", "S"), ("GB", "2", "S"), ("GB", "3", "S"), ("GB", "4", "S"), ("GB", "8", "S"),
    ("FR", "1", "S"), ("FR", "2", "S"), ("FR", "3", "S"), ("FR", "4", "C"), ("FR", "8", "C"),
    ("JP", "1", "S"), ("JP", "2", "S"), ("JP", "3", "C"), ("JP", "4", "C"), ("JP", "8", "0"),
]  # fmt: skip
DEMO_SOURCE = "Demo value, fictitious: not taken from NDP-1"


def _criteria(note: str, *, conditions: bool = False):
    finding = CriterionFinding.MET_WITH_CONDITIONS if conditions else CriterionFinding.MET
    reasons = {
        DisclosureCriterion.FOREIGN_POLICY: "Supports the bilateral defense cooperation plan.",
        DisclosureCriterion.MILITARY_SECURITY: "Improves coalition interoperability.",
        DisclosureCriterion.PROTECTION: "General security agreement in force; survey current.",
        DisclosureCriterion.BENEFIT: note,
        DisclosureCriterion.LIMITED: "Only the data the purpose needs.",
    }
    return [
        CriterionLine(
            criterion.value,
            finding if criterion == DisclosureCriterion.LIMITED else CriterionFinding.MET,
            reasons[criterion],
        )
        for criterion in DisclosureCriterion
    ]


def _submitter(admin):
    """A disclosure specialist who submits the demo's requests, so the administrator decides
    them (separation of duties); the administrator when there is none."""
    user = (
        get_user_model()
        .objects.filter(groups__name=Role.DISCLOSURE_SPECIALIST, is_active=True)
        .exclude(pk=admin.pk)
        .order_by("pk")
        .first()
    )
    return user or admin


def _ceilings(admin, countries, today) -> None:
    for code, category, level in DEMO_CEILINGS:
        if code in countries:
            disclosure_policy.record_ceiling(
                user=admin, country=countries[code], category=category, level=level,
                effective_on=today - datetime.timedelta(days=400), source_note=DEMO_SOURCE,
            )  # fmt: skip
    if "JP" in countries:
        create_record(
            user=admin,
            model=PolicyRestriction,
            data={
                "country": countries["JP"], "category": DisclosureCategory.INTELLIGENCE,
                "title": "No threat library data before the next security survey",
                "authority": "Demo committee record 24-077 (fictitious)",
                "effective_on": today - datetime.timedelta(days=300),
            },
        )  # fmt: skip


def _letters(admin, program, countries, today):
    """The program's letter in two approved versions, and letters for people and agreements."""
    france, japan = countries["FR"], countries["JP"]
    current = None
    if program:
        for number, (effective, title) in enumerate(
            [(today - datetime.timedelta(days=700), f"{program} DDL"),
             (today - datetime.timedelta(days=90), f"{program} DDL, amendment 1")], start=1,
        ):  # fmt: skip
            letter = services.issue_delegation(
                user=admin,
                program=program,
                data={
                    "title": title,
                    "classification_ceiling": "S" if number == 2 else "C",
                    "disclosure_methods": ["oral", "visual", "documentary"],
                    "categories": ["3", "4"],
                    "scope": "Program office staff, for the program's cooperative development.",
                    "may_disclose": "Form, fit, function and interface data.",
                    "may_not_disclose": "Source code, signal processing, vulnerability data.",
                    "procedures": "Each release is recorded against an approved request.",
                    "redelegation": "Not permitted.",
                    "effective_on": effective,
                },
                countries=[france, japan] if number == 2 else [france],
            )
            current = disclosure_policy.approve_delegation(
                user=admin, letter=letter, approved_on=effective,
                approving_authority="Director, International Programs (demo)",
            )  # fmt: skip
    liaison = services.issue_delegation(
        user=admin,
        data={
            "subject_kind": LetterSubject.LIAISON_OFFICER,
            "subject_name": "French liaison officer, program office",
            "title": "Liaison officer DDL, program office",
            "classification_ceiling": "C",
            "disclosure_methods": ["oral", "visual"],
            "categories": ["1", "3"],
            "scope": "Information needed for the officer's certified duties only.",
            "may_disclose": "Schedules, test plans and interface data.",
            "may_not_disclose": "Information of other nations; cost data.",
            "procedures": "Escort in controlled areas; contact officer briefs before meetings.",
            "redelegation": "Not permitted.",
            "effective_on": today - datetime.timedelta(days=200),
        },
        countries=[france],
    )
    disclosure_policy.approve_delegation(
        user=admin, letter=liaison, approved_on=today - datetime.timedelta(days=200),
        approving_authority="Director, International Programs (demo)",
    )  # fmt: skip
    services.issue_delegation(
        user=admin,
        data={
            "subject_kind": LetterSubject.EXCHANGE,
            "subject_name": "Japanese engineer and scientist exchange position",
            "title": "Exchange engineer DDL, radar laboratory",
            "classification_ceiling": "C",
            "disclosure_methods": ["oral", "visual"],
            "categories": ["3"],
            "scope": "The laboratory's unclassified and CONFIDENTIAL test work.",
            "may_disclose": "Test procedures and results of the host project.",
            "may_not_disclose": "Data of other programs.",
            "redelegation": "Not permitted.",
            "effective_on": today + datetime.timedelta(days=30),
        },
        countries=[japan],
    )
    return current


def _disclosure(admin, countries, today, officers) -> int:
    program = Program.objects.active().order_by("pk").first()
    case = Case.objects.active().order_by("pk").first()
    france, japan, britain = countries["FR"], countries["JP"], countries["GB"]
    submitter = _submitter(admin)
    separated = submitter.pk != admin.pk
    _ceilings(admin, countries, today)
    letter = _letters(admin, program, countries, today)

    def submit(number, title, category, targets, level="C", **purpose):
        request = services.submit_disclosure_request(
            user=submitter,
            data=services.DisclosureData(
                external_id=f"DEMO-DR-{number}",
                title=title,
                category=category,
                information_level=level,
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
    if not separated:
        # No disclosure specialist to submit: the requests stay submitted.
        submit(1, "Radar performance and interface data", DisclosureCategory.RESEARCH,
               [france, japan], **purpose)  # fmt: skip
        return 1
    limited = reviewed(
        submit(
            1,
            "Radar performance and interface data",
            DisclosureCategory.RESEARCH,
            [france, japan],
            delegation=letter,
            **purpose,
        )  # fmt: skip
    )
    services.move_disclosure_request(
        user=admin,
        request=limited,
        name="approve-with-limitations",
        reasons="France is a co-developer under the program agreement.",
        conditions="Interface data only; no signal processing algorithms.",
        criteria=_criteria("France shares its own radar test data in return.", conditions=True),
        countries=[
            services.CountryLine(japan, CountryOutcome.DENIED, reasons="No program agreement yet.")
        ],
    )
    services.record_release(
        user=admin,
        request=limited,
        country=france,
        released_on=today - datetime.timedelta(days=10),
        method="documentary",
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
        user=admin, request=approved, name="approve", reasons="Within the country's ceiling.",
        criteria=_criteria("Shared sustainment lowers U.S. support costs."),
    )  # fmt: skip
    reviewed(submit(3, "Laboratory briefing", DisclosureCategory.RESEARCH, [japan], **visit))
    submit(4, "Production tooling data", DisclosureCategory.PRODUCTION, [france], **purpose)
    referred = reviewed(
        submit(
            5, "Threat library extracts", DisclosureCategory.INTELLIGENCE, [japan], "S", **visit
        )  # fmt: skip
    )
    services.move_disclosure_request(
        user=admin, request=referred, name="refer",
        note="Category 8 above the country's ceiling and under a restriction: exception needed.",
    )  # fmt: skip
    pending = disclosure_policy.prepare_exception(
        user=admin, request=referred, countries=[japan],
        information="Extracts of the threat library for the coalition exercise, SECRET.",
        justification="The coalition exercise needs a common threat picture.",
        criteria=_criteria("A common threat picture for the combined exercise."),
    )  # fmt: skip
    disclosure_policy.move_exception(
        user=admin, exception=pending, name="submit",
        values={"submitted_on": today - datetime.timedelta(days=20)},
    )  # fmt: skip
    # Above Japan's ceiling: an exception approved with conditions, then the release.
    above = reviewed(
        submit(
            6,
            "Radar cross-section summary",
            DisclosureCategory.RESEARCH,
            [japan],
            "S",
            delegation=letter,
            **purpose,
        )  # fmt: skip
    )
    granted = disclosure_policy.prepare_exception(
        user=admin, request=above, countries=[japan],
        information="Summary radar cross-section tables of the program's radar, SECRET.",
        justification="Japan co-develops the radar's antenna; the tables set its design limits.",
        criteria=_criteria("Japan's antenna test data comes back to the program."),
    )  # fmt: skip
    disclosure_policy.move_exception(user=admin, exception=granted, name="submit")
    disclosure_policy.move_exception(
        user=admin, exception=granted, name="approve-with-conditions",
        values={"decided_on": today - datetime.timedelta(days=5),
                "decision_reference": "Demo committee record 26-014 (fictitious)",
                "decision_conditions": "Visual disclosure at the program office only.",
                "valid_until": today + datetime.timedelta(days=365)},
    )  # fmt: skip
    services.move_disclosure_request(
        user=admin, request=above, name="approve", reasons="Under the approved exception.",
        criteria=_criteria("Japan's antenna test data comes back to the program."),
    )  # fmt: skip
    services.record_release(
        user=admin, request=above, country=japan, released_on=today - datetime.timedelta(days=2),
        method="visual", description="Tables shown at the program office; no copies left.",
    )  # fmt: skip
    # The committee grants less than asked: SECRET where TOP SECRET was sought, so the
    # request is approved with that level as its limitation and releases stay within it.
    narrowed = reviewed(
        submit(7, "Radar waveform library", DisclosureCategory.RESEARCH, [japan], "TS", **purpose)
    )
    lowered = disclosure_policy.prepare_exception(
        user=admin, request=narrowed, countries=[japan],
        information="The radar's waveform library and its design rationale, TOP SECRET.",
        justification="Japan's signal processor must be tuned to the library's waveforms.",
        criteria=_criteria("Japan's processor test results come back to the program."),
    )  # fmt: skip
    disclosure_policy.move_exception(user=admin, exception=lowered, name="submit")
    disclosure_policy.move_exception(
        user=admin, exception=lowered, name="approve",
        values={"decided_on": today - datetime.timedelta(days=3),
                "decision_reference": "Demo committee record 26-019 (fictitious)",
                "granted_level": "S"},
    )  # fmt: skip
    services.move_disclosure_request(
        user=admin, request=narrowed, name="approve-with-limitations",
        reasons="Under the exception, at the level the committee granted.",
        conditions="Waveform parameters only; no design rationale.",
        criteria=_criteria("Japan's processor test results come back to the program."),
    )  # fmt: skip
    return 7


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
