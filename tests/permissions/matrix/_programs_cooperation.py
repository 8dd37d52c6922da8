"""Permission entries of the cooperation program and international agreement routes.

Composed into the programs module (tests/permissions/matrix/programs.py).

`mx_program` and `mx_agreement` are France's and run by the alpha team:
Tina (France's desk) sees and changes them, Sam (above her) and Lee
(leadership) see them, administrators do everything. Pat (program team,
bravo) sees the bravo team's `mx_bravo_program` instead; everyone else signed
in finds neither (404). Program-team members, desk officers and
administrators add programs and agreements.
"""

import datetime
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from seccoop.programs.models import AgreementType, FundingLine
from seccoop.programs.services.agreements import add_obligation, create_agreement, upload_draft
from seccoop.programs.services.cooperation import attach_document, create_program
from tests.permissions.expect import SIGNED_IN, Entry, Filtered, Ref

VIEW = frozenset({"administrator", "leadership", "supervisor", "desk_officer"})
CHANGE = frozenset({"administrator", "desk_officer"})
CREATE = frozenset({"administrator", "desk_officer", "program_team"})
HIDDEN = SIGNED_IN - VIEW
PROGRAM = {"pk": "mx_program"}
AGREEMENT = {"pk": "mx_agreement"}
API_PROGRAM = {"program_id": "mx_program"}
API_AGREEMENT = {"agreement_id": "mx_agreement"}
DAY = datetime.date(2026, 2, 1).isoformat()

PROGRAM_LIST = {
    "desk_officer": Filtered(shows=["mx_program"], hides=["mx_bravo_program"]),
    "supervisor": Filtered(shows=["mx_program"], hides=["mx_bravo_program"]),
    "program_team": Filtered(shows=["mx_bravo_program"], hides=["mx_program"]),
    "staff": Filtered(hides=["mx_program", "mx_bravo_program"]),
}
AGREEMENT_LIST = {
    "desk_officer": Filtered(shows=["mx_agreement"]),
    "program_team": Filtered(hides=["mx_agreement"]),
    "staff": Filtered(hides=["mx_agreement"]),
}


def records(world):
    admin = world.users["administrator"]
    france, alpha, bravo = world.records["france"], world.records["alpha"], world.records["bravo"]
    program = world.add(
        "mx_program",
        create_program(
            user=admin,
            data={"name": "Matrix coalition project", "kind": "cwp", "org_unit": alpha},
            countries=[france],
        ),
    )
    world.add(
        "mx_funding_line",
        FundingLine.objects.create(program=program, fiscal_year=2026, amount=100),
        marker="Matrix funding line",
    )
    world.add(
        "mx_bravo_program",
        create_program(user=admin, data={"name": "Matrix bravo study", "org_unit": bravo}),
    )
    world.add(
        "mx_document",
        attach_document(
            user=admin,
            data={"program": program, "kind": "scg", "title": "Matrix classification guide"},
        ),
    )
    world.add(
        "mx_agreement",
        create_agreement(
            user=admin,
            data={
                "title": "Matrix research MOU",
                "agreement_type": AgreementType.objects.get(slug="mou"),
                "org_unit": alpha,
            },
            countries=[france],
        ),
    )
    world.add(
        "mx_obligation",
        add_obligation(
            user=admin,
            agreement=world.records["mx_agreement"],
            data={"kind": "report", "description": "Matrix annual report", "due_on": DAY},
        ),
    )
    for number, text in ((1, b"Article 1\nScope.\n"), (2, b"Article 1\nScope and purpose.\n")):
        world.add(
            f"mx_draft_{number}",
            upload_draft(
                user=admin,
                agreement=world.records["mx_agreement"],
                upload=SimpleUploadedFile(f"matrix-draft-{number}.txt", text),
            ),
        )
    # Route parameters that are names rather than records.
    world.add("mx_kind", SimpleNamespace(pk="risk"), marker="Add: risk")
    world.add("mx_cycle", SimpleNamespace(pk=2027), marker="2027")
    world.add("mx_program_move", SimpleNamespace(pk="submit-quad-chart"), marker="quad chart")
    world.add("mx_agreement_move", SimpleNamespace(pk="request-authority"), marker="authority")


def _read(**params):
    return Entry(allowed=VIEW, not_found=HIDDEN, params=params)


def _write(method="POST", data=None, **params):
    return Entry(allowed=CHANGE, not_found=HIDDEN, params=params, method=method, data=data or {})


RECORD_BODIES = {
    "contributions": {"country_id": Ref("france"), "kind": "financial", "fiscal_year": 2027,
                      "amount": "10", "description": ""},
    "funding-lines": {"fiscal_year": 2027, "phase": "planning", "appropriation": "",
                      "amount": "10"},
    "assessments": {"kind": "iae", "assessed_on": DAY, "findings": "Good", "recommendation": ""},
    "critical-information": {"name": "Seeker", "description": "", "countermeasures": "",
                             "identified_on": DAY},
    "roadmaps": {"technology": "Seeker", "countries": [], "planned_release_on": DAY,
                 "decision_needed": "", "notes": ""},
    "harmonizations": {"country_id": Ref("france"), "requirement": "Range", "us_position": "",
                       "partner_position": "", "status": "open"},
    "partner-assessments": {"country_id": Ref("france"), "partner_program": "Seeker",
                            "assessed_on": DAY, "potential_benefit": "Cost",
                            "recommendation": ""},
    "risks": {"title": "Late", "likelihood": 2, "impact": 2, "mitigation": "", "status": "open"},
    "execution-reports": {"funding_line": Ref("mx_funding_line"), "month": "2026-01-01",
                          "committed": "10", "obligated": "5", "expended": "1"},
    "resource-plan": {"fiscal_year": 2027, "cwp_funds": "10", "partner_funds": "5"},
    "nomination-scores": {"criterion": "coalition-need", "score": 3, "comments": ""},
    # mx_program is a CWP project: a deliverable is refused (422) to those who may write.
    "def-deliverables": {"title": "Design", "due_on": DAY, "notes": ""},
}  # fmt: skip

ROUTES = {
    # --- pages ---
    "programs:index": Entry(allowed=SIGNED_IN),
    "programs:program-list": Entry(allowed=SIGNED_IN, filtered=PROGRAM_LIST),
    "programs:program-new": Entry(allowed=CREATE),
    "programs:program-detail": _read(**PROGRAM),
    "programs:program-edit": Entry(allowed=CHANGE, not_found=HIDDEN, params=PROGRAM),
    "programs:program-move": _write(data={"transition": "submit-quad-chart"}, **PROGRAM),
    "programs:program-assign": _write(data={"person": Ref("sue"), "role": "Analyst"}, **PROGRAM),
    "programs:program-document-new": Entry(allowed=CHANGE, not_found=HIDDEN, params=PROGRAM),
    "programs:program-record-new": Entry(
        allowed=CHANGE, not_found=HIDDEN, params={"pk": "mx_program", "kind": "mx_kind"}
    ),
    "programs:document-version-new": Entry(
        allowed=CHANGE, not_found=HIDDEN, params={"pk": "mx_document"}
    ),
    "programs:cooperation-import": Entry(allowed=CREATE),
    "programs:cooperation-export": Entry(allowed=SIGNED_IN),
    "programs:agreement-list": Entry(allowed=SIGNED_IN, filtered=AGREEMENT_LIST),
    "programs:agreement-pipeline": Entry(allowed=SIGNED_IN),
    "programs:agreement-expiring": Entry(allowed=SIGNED_IN),
    "programs:agreement-new": Entry(allowed=CREATE),
    "programs:agreement-detail": _read(**AGREEMENT),
    "programs:agreement-edit": Entry(allowed=CHANGE, not_found=HIDDEN, params=AGREEMENT),
    "programs:agreement-move": _write(data={"transition": "request-authority"}, **AGREEMENT),
    "programs:agreement-assign": _write(
        data={"person": Ref("sue"), "role": "Analyst"}, **AGREEMENT
    ),
    "programs:agreement-round": _write(data={"engagement": Ref("paris_talks")}, **AGREEMENT),
    "programs:agreement-concurrence": _write(
        data={"office": "legal", "answer": "concur", "answered_on": "2026-01-05"}, **AGREEMENT
    ),
    "programs:agreement-obligation-new": Entry(allowed=CHANGE, not_found=HIDDEN, params=AGREEMENT),
    "programs:agreement-obligation-met": _write(
        data={"met_on": DAY, "version": "1"}, pk="mx_obligation"
    ),
    "programs:agreement-notice": _write(
        data={"kind": "case-act", "sent_on": "2026-01-05"}, **AGREEMENT
    ),
    "programs:agreement-document-new": Entry(allowed=CHANGE, not_found=HIDDEN, params=AGREEMENT),
    "programs:agreement-interaction-new": Entry(allowed=CHANGE, not_found=HIDDEN, params=AGREEMENT),
    "programs:agreement-draft-new": Entry(allowed=CHANGE, not_found=HIDDEN, params=AGREEMENT),
    "programs:agreement-draft-detail": _read(pk="mx_draft_2"),
    "programs:agreement-draft-compare": Entry(
        allowed=VIEW, not_found=HIDDEN, params=AGREEMENT, query="older=1&newer=2"
    ),
    # --- API ---
    "GET /api/v1/programs": Entry(allowed=SIGNED_IN, filtered=PROGRAM_LIST),
    # A new record must stay in its author's reach: Tina names her France, Pat's
    # lands in his own team.
    "POST /api/v1/programs": Entry(
        allowed=CREATE, method="POST", data={"name": "Matrix new", "countries": ["FR"]}
    ),
    "GET /api/v1/programs/{program_id}": _read(**API_PROGRAM),
    "PATCH /api/v1/programs/{program_id}": _write(
        method="PATCH", data={"version": 1}, **API_PROGRAM
    ),
    "POST /api/v1/programs/{program_id}/transitions/{name}": _write(
        data={"version": Ref("mx_program.version")}, program_id="mx_program", name="mx_program_move"
    ),
    "POST /api/v1/programs/{program_id}/assignments": _write(
        data={"person_id": Ref("sue"), "role": "Analyst"}, **API_PROGRAM
    ),
    "GET /api/v1/programs/{program_id}/documents": _read(**API_PROGRAM),
    "POST /api/v1/programs/{program_id}/documents": _write(
        data={"kind": "ppp", "title": "Matrix plan"}, **API_PROGRAM
    ),
    "POST /api/v1/documents/{document_id}/versions": _write(document_id="mx_document"),
    "GET /api/v1/programs/{program_id}/execution": _read(**API_PROGRAM),
    # Anyone signed in asks; the ranking lists only the nominations they may see.
    "GET /api/v1/cwp-cycles/{fiscal_year}": Entry(
        allowed=SIGNED_IN, params={"fiscal_year": "mx_cycle"}
    ),
    "GET /api/v1/agreement-types": Entry(allowed=SIGNED_IN),
    "GET /api/v1/agreements": Entry(allowed=SIGNED_IN, filtered=AGREEMENT_LIST),
    "GET /api/v1/agreements/expiring": Entry(allowed=SIGNED_IN),
    "POST /api/v1/agreements": Entry(
        allowed=CREATE,
        method="POST",
        data={"title": "Matrix new agreement", "countries": ["FR"]},
    ),
    "GET /api/v1/agreements/{agreement_id}": _read(**API_AGREEMENT),
    "PATCH /api/v1/agreements/{agreement_id}": _write(
        method="PATCH", data={"version": 1}, **API_AGREEMENT
    ),
    "POST /api/v1/agreements/{agreement_id}/transitions/{name}": _write(
        data={"version": Ref("mx_agreement.version")},
        agreement_id="mx_agreement",
        name="mx_agreement_move",
    ),
    "POST /api/v1/agreements/{agreement_id}/assignments": _write(
        data={"person_id": Ref("sue"), "role": "Analyst"}, **API_AGREEMENT
    ),
    "POST /api/v1/agreements/{agreement_id}/negotiation-rounds": _write(
        data={"engagement_id": Ref("paris_talks")}, **API_AGREEMENT
    ),
    "POST /api/v1/agreements/{agreement_id}/concurrences": _write(
        data={"office": "legal", "answer": "concur", "answered_on": DAY}, **API_AGREEMENT
    ),
    "POST /api/v1/agreements/{agreement_id}/notices": _write(
        data={"kind": "case-act", "sent_on": DAY}, **API_AGREEMENT
    ),
    "GET /api/v1/agreement-authorities": Entry(allowed=SIGNED_IN),
    "GET /api/v1/agreements/{agreement_id}/documents": _read(**API_AGREEMENT),
    "POST /api/v1/agreements/{agreement_id}/documents": _write(
        data={"kind": "annex", "title": "Matrix annex"}, **API_AGREEMENT
    ),
    "GET /api/v1/agreements/{agreement_id}/interactions": _read(**API_AGREEMENT),
    "GET /api/v1/agreements/{agreement_id}/drafts": _read(**API_AGREEMENT),
    "GET /api/v1/agreements/{agreement_id}/drafts/compare": Entry(
        allowed=VIEW, not_found=HIDDEN, params=API_AGREEMENT, query="older=1&newer=2"
    ),
    "POST /api/v1/agreements/{agreement_id}/interactions": _write(
        data={"kind": "report", "occurred_on": DAY, "summary": "Report"}, **API_AGREEMENT
    ),
    **{
        f"GET /api/v1/programs/{{program_id}}/{path}": _read(**API_PROGRAM)
        for path in RECORD_BODIES
    },
    **{
        f"POST /api/v1/programs/{{program_id}}/{path}": _write(data=body, **API_PROGRAM)
        for path, body in RECORD_BODIES.items()
    },
}
