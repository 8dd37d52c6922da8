"""Cooperation programs and international agreements of the demo, added by `seccoop load-demo`.

A Coalition Warfare Program project in execution and another in review, a
Defense Exportability Features project, a foreign comparative test and a
co-development, each run by its demo team with staff assigned; and
agreements in several states (one in force and expiring within its warning
period, one past its expiry, one in negotiation with a round held). Every
state was reached through the workflows, so each record has its log. Dates
are relative to today so the demo never goes stale.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from seccoop.partners.models import Country, EngagementType
from seccoop.partners.services import EngagementData, record_engagement
from seccoop.programs.models import (
    AgreementAuthority,
    AgreementType,
    ContributionKind,
    CriticalProgramInformation,
    CwpResourcePlan,
    DefDeliverable,
    DocumentKind,
    ExecutionReport,
    FundingLine,
    Instrument,
    NominationScore,
    NoticeKind,
    PartnerContribution,
    PartnerProgramAssessment,
    PpbePhase,
    Program,
    ProgramAssessment,
    ProgramKind,
    RequirementsHarmonization,
    Risk,
    TechnologyReleaseRoadmap,
)
from seccoop.programs.services import agreements as agreement_services
from seccoop.programs.services import cooperation as services
from seccoop.workforce.models import OrgUnit, Position

MARKER = "DEMO-PRG-CWP-CCI"  # the reference of the first demo program


def _days(today, n) -> datetime.datetime:
    moment = datetime.datetime.combine(today + datetime.timedelta(days=n), datetime.time(10))
    return timezone.make_aware(moment)


def _incumbent(title_part: str):
    position = (
        Position.objects.filter(title__icontains=title_part, incumbent__isnull=False)
        .select_related("incumbent")
        .order_by("title")
        .first()
    )
    return position.incumbent if position else None


def build_demo(*, seed: int, today: datetime.date | None = None) -> str:
    """Build the demo programs and agreements; say what was done (or why nothing was)."""
    if Program.objects.filter(external_id=MARKER).exists():
        return "The demo programs and agreements are already loaded; nothing was changed."
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return "No demo administrator exists, so no programs were loaded."
    countries = {c.iso_code: c for c in Country.objects.all()}
    if not Country.objects.filter(primary_desk_officer__isnull=False).exists():
        return "No demo partner nations exist, so no programs were loaded."
    today = today or timezone.localdate()
    rng = random.Random(seed)
    teams = {unit.name: unit for unit in OrgUnit.objects.active()}
    fy = today.year + (1 if today.month >= 10 else 0)
    with transaction.atomic():
        programs = _programs(admin, countries, teams, today, fy, rng)
        agreements = _agreements(admin, countries, teams, programs, today)
    return f"Loaded {len(programs)} cooperation programs and {agreements} international agreements."


def _assign(admin, record, title_part, role, assigned_on):
    person = _incumbent(title_part)
    if person is not None:
        services.assign_staff(
            user=admin, record=record, person=person, role=role, assigned_on=assigned_on
        )


def _programs(admin, c, teams, today, fy, rng) -> list[Program]:
    cwp_team = teams.get("Coalition Warfare Program Team")
    def_team = teams.get("Defense Exportability Features Team")
    coop_team = teams.get("Cooperative Programs Team")
    programs = []

    cci = services.create_program(
        user=admin,
        data={
            "external_id": MARKER,
            "name": "Coalition Combat Identification Interoperability",
            "kind": ProgramKind.CWP,
            "description": "Demonstrate combat identification between U.S., U.K., Australian "
            "and Canadian ground forces in a coalition exercise.",
            "org_unit": cwp_team,
            "fiscal_year": fy,
            "starts_on": today - datetime.timedelta(days=120),
            "ends_on": today + datetime.timedelta(days=600),
            "nominating_organisation": "Army Combat Capabilities Development Command",
            "advocate": "Deputy Director, Coalition Interoperability (fictitious)",
            "endorsing_command": "U.S. European Command",
            "endorsed_on": today - datetime.timedelta(days=310),
            "trl_at_entry": 5,
            "trl_at_exit": 7,
            "partner_equitability": "The U.K. matches CWP funds; Australia and Canada give "
            "range time, vehicles and engineers worth about a third of the project.",
        },
        countries=[c["GB"], c["AU"], c["CA"]],
    )
    line = FundingLine.objects.create(
        program=cci, fiscal_year=fy, phase=PpbePhase.EXECUTION, appropriation="RDT&E",
        program_element="0603790D8Z", budget_line_item="P790", amount=Decimal("1850000"),
    )  # fmt: skip
    for year, cwp_funds, partner_funds in [
        (fy, "1850000", "900000"),
        (fy + 1, "1750000", "850000"),
    ]:
        CwpResourcePlan.objects.create(
            program=cci, fiscal_year=year, cwp_funds=Decimal(cwp_funds),
            partner_funds=Decimal(partner_funds),
        )  # fmt: skip
    for criterion, score in [
        ("coalition-need", 5),
        ("interoperability", 4),
        ("partner-leverage", 4),
        ("transition", 3),
        ("technical-merit", 4),
    ]:
        NominationScore.objects.create(program=cci, criterion=criterion, score=score)
    # Four months of execution, running totals, a little behind the spend plan.
    start = (today - datetime.timedelta(days=120)).replace(day=1)
    for n, (plan, committed, obligated, expended) in enumerate([
        (300000, 320000, 250000, 40000), (600000, 640000, 510000, 160000),
        (900000, 900000, 780000, 330000), (1200000, 1150000, 990000, 520000),
    ]):  # fmt: skip
        month = (start + datetime.timedelta(days=32 * n)).replace(day=1)
        if month > today:
            break
        ExecutionReport.objects.create(
            program=cci, funding_line=line, month=month, planned_obligations=Decimal(plan),
            committed=Decimal(committed), obligated=Decimal(obligated),
            expended=Decimal(expended),
        )  # fmt: skip
    for name, values, note, days in [
        ("submit-quad-chart", {"quad_chart": "Need: coalition combat ID gaps seen in the "
         "last exercise. Approach: joint demonstration. Schedule: 18 months. Cost: $3.6M."},
         "", -300),
        ("submit-full-nomination", {"full_nomination": "Full nomination with partner letters "
         "of support from the U.K., Australia and Canada."}, "", -260),
        ("begin-review", {}, "", -220),
        ("select", {}, "Ranked third of fourteen nominations.", -180),
        ("fund", {}, "", -150),
        # Execution begins once its agreement is in force (see _agreements).
    ]:  # fmt: skip
        services.move_program(user=admin, program=cci, name=name, values=values, note=note)
        _backdate(services.PROGRAM_WORKFLOW, cci, _days(today, days))
    for iso, kind, amount, text in [
        ("GB", ContributionKind.FINANCIAL, "900000", "Matching funds"),
        ("AU", ContributionKind.IN_KIND, "450000", "Range time and test vehicles"),
        ("CA", ContributionKind.IN_KIND, "300000", "Two engineers for the demonstration"),
    ]:
        PartnerContribution.objects.create(
            program=cci, country=c[iso], kind=kind, fiscal_year=fy, amount=Decimal(amount),
            description=text,
        )  # fmt: skip
    Risk.objects.create(
        program=cci, title="Partner radios not certified in time", likelihood=2, impact=3,
        mitigation="Bench certification with the U.K. a quarter early.",
    )  # fmt: skip
    _assign(
        admin,
        cci,
        "Coalition Warfare Program Manager",
        "Program manager",
        today - datetime.timedelta(days=300),
    )
    _assign(
        admin,
        cci,
        "Project Officer, Interoperability",
        "Project officer",
        today - datetime.timedelta(days=250),
    )
    programs.append(cci)

    review = services.create_program(
        user=admin,
        data={
            "external_id": "DEMO-PRG-CWP-BALTIC",
            "name": "Baltic Air Surveillance Data Sharing",
            "kind": ProgramKind.CWP,
            "org_unit": cwp_team,
            "fiscal_year": fy + 1,
            "quad_chart": "Need: a shared air picture with Poland and Estonia. Cost: $2.1M.",
            "full_nomination": "Full nomination submitted with the partners' endorsements.",
        },
        countries=[c["PL"], c["EE"]],
    )
    for name, days in [
        ("submit-quad-chart", -60),
        ("submit-full-nomination", -30),
        ("begin-review", -12),
    ]:
        services.move_program(user=admin, program=review, name=name)
        _backdate(services.PROGRAM_WORKFLOW, review, _days(today, days))
    _assign(
        admin,
        review,
        "Project Officer, Command and Control",
        "Project officer",
        today - datetime.timedelta(days=60),
    )
    programs.append(review)

    radar = services.create_program(
        user=admin,
        data={
            "external_id": "DEMO-PRG-DEF-RADAR",
            "name": "Exportable Airborne Surveillance Radar",
            "kind": ProgramKind.DEF,
            "org_unit": def_team,
            "fiscal_year": fy,
            "candidate_program": "Next-generation airborne surveillance radar",
            "differential_capability": "Export variant without the electronic protection "
            "modes and with a reduced waveform library.",
            "protection_features": "Anti-tamper enclosure; software keyed to the export variant.",
            "industry_cost_share": Decimal("40.00"),
            "cost_share_authorised_by": "Under Secretary of Defense for Acquisition and "
            "Sustainment (fictitious memorandum)",
            "cost_share_authorised_on": today - datetime.timedelta(days=215),
            "cost_share_authorisation_reason": "A small export market makes an even share "
            "uneconomic for the contractor; partner interest justifies the DoD share.",
        },
        countries=[c["JP"], c["AU"]],
    )
    for title, due, delivered in [
        ("Exportability assessment", -150, -155),
        ("Export variant design description", -20, None),
        ("Anti-tamper implementation plan", 90, None),
    ]:
        DefDeliverable.objects.create(
            program=radar, title=title, due_on=today + datetime.timedelta(days=due),
            delivered_on=today + datetime.timedelta(days=delivered) if delivered else None,
        )  # fmt: skip
    services.move_program(user=admin, program=radar, name="start", note="Design study under way.")
    _backdate(services.PROGRAM_WORKFLOW, radar, _days(today, -200))
    ProgramAssessment.objects.create(
        program=radar, assessed_on=today - datetime.timedelta(days=240),
        findings="Strong interest from two partners; exportability designed in costs less than "
        "a later retrofit.", recommendation="Fund the DEF design study.",
    )  # fmt: skip
    CriticalProgramInformation.objects.create(
        program=radar, name="Electronic protection algorithms",
        countermeasures="Removed from the export variant; anti-tamper.",
        identified_on=today - datetime.timedelta(days=230),
    )  # fmt: skip
    roadmap = TechnologyReleaseRoadmap.objects.create(
        program=radar, technology="Export radar variant",
        planned_release_on=today + datetime.timedelta(days=400),
        decision_needed="Technology security and foreign disclosure release decision",
    )  # fmt: skip
    roadmap.countries.set([c["JP"], c["AU"]])
    services.attach_document(
        user=admin,
        data={"program": radar, "kind": DocumentKind.PPP, "title": "Program protection plan",
              "classification": "CUI", "cui_categories": "EXPT"},
        releasable_to=[c["JP"], c["AU"]],
        first_version={"summary": "Approved baseline",
                       "dated_on": today - datetime.timedelta(days=210)},
    )  # fmt: skip
    _assign(
        admin,
        radar,
        "Exportability Project Officer, Air Systems",
        "Project officer",
        today - datetime.timedelta(days=240),
    )
    programs.append(radar)

    fct = services.create_program(
        user=admin,
        data={
            "external_id": "DEMO-PRG-FCT-SEEKER",
            "name": "Foreign Comparative Test of a Naval Strike Missile Seeker",
            "kind": ProgramKind.FCT,
            "org_unit": coop_team,
            "fiscal_year": fy,
        },
        countries=[c["NO"]],
    )
    services.move_program(user=admin, program=fct, name="start")
    _backdate(services.PROGRAM_WORKFLOW, fct, _days(today, -90))
    PartnerProgramAssessment.objects.create(
        program=fct, country=c["NO"], partner_program="Imaging infrared seeker",
        assessed_on=today - datetime.timedelta(days=150),
        potential_benefit="Meets the littoral target discrimination requirement at lower cost.",
    )  # fmt: skip
    _assign(
        admin,
        fct,
        "Foreign Comparative Testing Program Manager",
        "Test manager",
        today - datetime.timedelta(days=150),
    )
    programs.append(fct)

    materials = services.create_program(
        user=admin,
        data={
            "external_id": "DEMO-PRG-RDTE-MATERIALS",
            "name": "Cooperative High-Temperature Materials Research",
            "kind": ProgramKind.RDTE,
            "org_unit": coop_team,
            "fiscal_year": fy + 1,
        },
        countries=[c["AU"], c["GB"]],
    )
    RequirementsHarmonization.objects.create(
        program=materials, country=c["AU"], requirement="Test temperature envelope",
        us_position="Up to 2,000 °C", partner_position="Up to 1,800 °C",
    )  # fmt: skip
    Risk.objects.create(
        program=materials, title="Export licences for test samples",
        likelihood=rng.choice([1, 2]), impact=2,
    )  # fmt: skip
    _assign(
        admin,
        materials,
        "Cooperative Development",
        "Program manager",
        today - datetime.timedelta(days=45),
    )
    programs.append(materials)
    return programs


def _backdate(workflow, record, when) -> None:
    log = workflow.log(record).last()
    type(log).objects.filter(pk=log.pk).update(at=when)
    type(record).objects.filter(pk=record.pk).update(state_changed_at=when)


# The draft text of the materials MOU's amendment: the text circulated for concurrence,
# then the text revised after the comptroller's non-concurrence (fictitious).
AMENDMENT_DRAFTS = (
    (
        "Text circulated for concurrence",
        """AMENDMENT 1
to the Memorandum of Understanding between the Department of Defense of the United States
of America, the Department of Defence of Australia and the Ministry of Defence of the
United Kingdom concerning Cooperative Research on High-Temperature Materials

Article 1 - Duration
Section 12.1 of the MOU is replaced by: "This MOU will remain in effect for fifteen years
from the date of its entry into force."

Article 2 - Scope
Section 3.2 of the MOU is supplemented by: "(e) research on thermal-barrier coatings for
leading edges."

Article 3 - Financial Arrangements
The Participants will share the costs of the work added by Article 2 equitably.

Article 4 - Entry into Force
This Amendment will enter into force upon signature by all Participants.
""",
    ),
    (
        "Revised after the comptroller's non-concurrence: contributions by fiscal year",
        """AMENDMENT 1
to the Memorandum of Understanding between the Department of Defense of the United States
of America, the Department of Defence of Australia and the Ministry of Defence of the
United Kingdom concerning Cooperative Research on High-Temperature Materials

Article 1 - Duration
Section 12.1 of the MOU is replaced by: "This MOU will remain in effect for fifteen years
from the date of its entry into force."

Article 2 - Scope
Section 3.2 of the MOU is supplemented by: "(e) research on thermal-barrier coatings for
leading edges and combustor liners."

Article 3 - Financial Arrangements
The Participants will share the costs of the work added by Article 2 equitably, as set out
by fiscal year in the revised Financial Annex attached to this Amendment.

Article 4 - Entry into Force
This Amendment will enter into force upon signature by all Participants.
""",
    ),
)


def _amendment_drafts(admin, amendment) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    for number, (note, text) in enumerate(AMENDMENT_DRAFTS, start=1):
        agreement_services.upload_draft(
            user=admin,
            agreement=amendment,
            upload=SimpleUploadedFile(f"materials-mou-amendment-1-v{number}.txt", text.encode()),
            note=note,
        )


def _agreements(admin, c, teams, programs, today) -> int:
    team = teams.get("Agreements Negotiation Team")
    types = {kind.slug: kind for kind in AgreementType.objects.all()}
    authorities = {authority.slug: authority for authority in AgreementAuthority.objects.all()}
    cci, _, radar, fct, materials = programs
    move = agreement_services.move_agreement
    flow = agreement_services.AGREEMENT_WORKFLOW
    made = 0
    day = lambda n: today + datetime.timedelta(days=n)  # noqa: E731

    def agreement(title, kind, parties, program=None, authority=None, **data):
        nonlocal made
        made += 1
        return agreement_services.create_agreement(
            user=admin,
            data={"title": title, "agreement_type": types.get(kind), "program": program,
                  "org_unit": team, "authority": authorities.get(authority), **data},
            countries=[c[iso] for iso in parties],
        )  # fmt: skip

    def concur(record, on, skip=(), answers=None):
        """Every required office concurs on day `on`, but those in `skip`."""
        officials = {
            "legal": "Office of the General Counsel, International Affairs",
            "comptroller": "Comptroller, Program and Budget",
            "policy": "Policy, Armaments Cooperation",
            "state-c175": "Department of State, Office of the Legal Adviser",
            "acquisition": "Office of the Under Secretary of Defense (A&S), International "
            "Cooperation",
            "security": "Foreign Disclosure Office",
        }
        for office in record.required_offices():
            if office in skip:
                continue
            answer, comments = (answers or {}).get(office, ("concur", ""))
            agreement_services.record_concurrence(
                user=admin, agreement=record,
                data={"office": office, "answer": answer, "answered_on": day(on),
                      "official": officials[office], "comments": comments},
            )  # fmt: skip

    def to_coordination(record, start, soi):
        move(user=admin, agreement=record, name="request-authority",
             values={"statement_of_intent": soi})  # fmt: skip
        _backdate(flow, record, _days(today, start))
        move(user=admin, agreement=record, name="start-negotiation",
             values={"authority_to_develop_on": day(start + 20)})  # fmt: skip
        _backdate(flow, record, _days(today, start + 20))
        round_ = record_engagement(
            user=admin,
            data=EngagementData(
                title=f"Negotiation round: {record.title}",
                engagement_type=EngagementType.objects.get(slug="negotiation-round"),
                starts_on=day(start + 40),
                ends_on=day(start + 42),
                countries=list(record.countries.all()),
            ),
            actions=[],
        )
        agreement_services.record_negotiation_round(user=admin, agreement=record, engagement=round_)
        move(user=admin, agreement=record, name="circulate-draft")
        _backdate(flow, record, _days(today, start + 50))

    def to_signed(record, start, signed, expires, soi):
        to_coordination(record, start, soi)
        concur(record, start + 55)
        move(user=admin, agreement=record, name="request-final-approval")
        _backdate(flow, record, _days(today, start + 60))
        move(user=admin, agreement=record, name="sign", values={
            "final_approval_on": day(signed - 10), "signed_on": day(signed),
            "expires_on": day(expires)})  # fmt: skip
        _backdate(flow, record, _days(today, signed))

    def reported(record, *kinds):
        for kind in kinds:
            sent_on = record.signed_on + datetime.timedelta(
                days=12 if kind == NoticeKind.STATE_TRANSMITTAL else 40
            )
            agreement_services.record_notice(
                user=admin, agreement=record,
                data={"kind": kind, "sent_on": min(sent_on, today),
                      "reference": f"DoD-IA-{record.pk:04d}"},
            )  # fmt: skip

    def in_force(record, on):
        move(user=admin, agreement=record, name="enter-into-force",
             values={"in_force_on": day(on)})  # fmt: skip
        _backdate(flow, record, _days(today, on))

    both = (NoticeKind.STATE_TRANSMITTAL, NoticeKind.CASE_ACT)

    def oblige(record, kind, description, owner, due, met=None, contribution=None):
        obligation = agreement_services.add_obligation(
            user=admin, agreement=record,
            data={"kind": kind, "description": description, "owner": owner, "due_on": day(due),
                  "contribution": contribution},
        )  # fmt: skip
        if met is not None:
            agreement_services.meet_obligation(
                user=admin, obligation=obligation, met_on=day(met),
                expected_version=obligation.version,
            )  # fmt: skip

    # Cooperative research under 10 U.S.C. 2350a, in force and amended (the amendment
    # is in coordination, with the comptroller's non-concurrence to answer).
    mou = agreement(
        "Cooperative Research MOU on High-Temperature Materials", "mou", ["AU", "GB"], materials,
        authority="usc10-2350a",
    )  # fmt: skip
    to_signed(mou, -1900, -1800, 120, "Joint research on materials for hypersonic flight.")
    in_force(mou, -1790)
    reported(mou, *both)
    _assign(
        admin,
        mou,
        "Negotiator, Research and Development",
        "Agreement manager",
        today - datetime.timedelta(days=1900),
    )
    negotiator = _incumbent("Negotiator, Research and Development")
    oblige(mou, "steering-committee", "Annual steering committee meeting, Canberra", negotiator,
           45)  # fmt: skip
    oblige(mou, "report", "Annual progress report to the steering committee", negotiator, -5)
    oblige(mou, "deliverable", "Final report on coating test results", negotiator, -200, -210)
    amendment = agreement(
        "Amendment 1 to the Cooperative Research MOU on High-Temperature Materials: "
        "five-year extension", "mou", [], materials, authority="usc10-2350a",
        instrument=Instrument.AMENDMENT, parent=mou, new_expires_on=day(120 + 5 * 365),
    )  # fmt: skip
    _amendment_drafts(admin, amendment)
    to_coordination(amendment, -90, "Extend the MOU by five years and add thermal-barrier work.")
    concur(amendment, -20, answers={"comptroller": (
        "non-concur",
        "The added thermal-barrier work has no cost share in the financial annex; show the "
        "partners' contributions by fiscal year.",
    )})  # fmt: skip

    # A research, development, test and evaluation MOU with Norway and a project
    # arrangement under it, signed and awaiting its Case Act report.
    norway = agreement(
        "Research, Development, Test and Evaluation Projects MOU", "mou", ["NO"], fct,
        authority="usc10-2350a",
    )  # fmt: skip
    to_signed(norway, -2600, -2500, 1200, "Framework for cooperative test and evaluation.")
    in_force(norway, -2490)
    reported(norway, *both)
    pa = agreement(
        "Project Arrangement for the Comparative Test of a Missile Seeker", "project-arrangement",
        ["NO"], fct, authority="usc10-2350a", instrument=Instrument.PROJECT_ARRANGEMENT,
        parent=norway,
    )  # fmt: skip
    to_signed(pa, -200, -100, 1000, "Test of a Norwegian seeker under the RDT&E MOU.")
    reported(pa, NoticeKind.STATE_TRANSMITTAL)
    _assign(
        admin,
        pa,
        "Negotiator, Research and Development",
        "Lead negotiator",
        today - datetime.timedelta(days=200),
    )

    # A loan for cooperative RDT&E under AECA section 65, past its expiry date.
    loan = agreement(
        "Loan Agreement for Combat Identification Test Equipment", "loan-agreement", ["CA"], cci,
        authority="aeca-65",
    )  # fmt: skip
    to_signed(loan, -500, -400, -10, "Loan of two test sets for the coalition demonstration.")
    in_force(loan, -395)
    reported(loan, *both)
    # The coalition demonstration executes under the loan agreement now in force.
    services.move_program(
        user=admin, program=cci, name="begin-execution", note="Kick-off held with the partners."
    )
    _backdate(services.PROGRAM_WORKFLOW, cci, _days(today, -120))
    manager = _incumbent("Coalition Warfare Program Manager")
    oblige(loan, "deliverable", "Return of the two test sets, inspected", manager, -5)
    oblige(loan, "contribution", "Canadian engineers for the demonstration", manager, -120, -118,
           contribution=cci.contributions.filter(country=c["CA"]).first())  # fmt: skip

    # In negotiation; classified test data will be exchanged, so a security annex is due.
    emta = agreement(
        "Equipment and Material Transfer Arrangement for Radar Test Articles", "emta", ["JP"],
        radar, authority="usc10-2350a", involves_classified=True,
    )  # fmt: skip
    move(user=admin, agreement=emta, name="request-authority",
         values={"statement_of_intent": "Transfer of two radar test articles for trials."},
         )  # fmt: skip
    _backdate(flow, emta, _days(today, -80))
    move(user=admin, agreement=emta, name="start-negotiation",
         values={"authority_to_develop_on": day(-50)})  # fmt: skip
    _backdate(flow, emta, _days(today, -50))
    _assign(
        admin,
        emta,
        "Negotiator, Reciprocal Procurement",
        "Lead negotiator",
        today - datetime.timedelta(days=80),
    )

    # Information exchange under 10 U.S.C. 4001 (formerly 2358): a master agreement in
    # force and a new annex under it.
    master = agreement(
        "Master Information Exchange Agreement on Defense Research", "mou", ["DE"],
        authority="usc10-4001",
    )  # fmt: skip
    to_signed(master, -3000, -2900, 700, "Exchange of research information by annex.")
    in_force(master, -2890)
    reported(master, *both)
    agreement(
        "Information Exchange Program Annex on Counter-Unmanned Aircraft Systems", "iep-annex",
        ["DE"], authority="usc10-4001", instrument=Instrument.ANNEX, parent=master,
    )  # fmt: skip

    # A cooperative project under AECA section 27 with two NATO members.
    requested = agreement(
        "Memorandum of Understanding on Coalition Interoperability Testing", "mou", ["PL", "EE"],
        authority="aeca-27",
    )  # fmt: skip
    move(user=admin, agreement=requested, name="request-authority",
         values={"statement_of_intent": "A framework for coalition interoperability tests."},
         )  # fmt: skip
    _backdate(flow, requested, _days(today, -25))
    return made
