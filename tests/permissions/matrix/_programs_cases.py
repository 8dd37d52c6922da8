"""Permission entries of the sales and transfer case routes.

Composed into the programs module (tests/permissions/matrix/programs.py).

`mx_case` is France's, run by the alpha team: Tina (France's desk) sees and
works it, Sam (above her) and Lee (leadership) see it, administrators do
everything; everyone else signed in finds it missing (404). Pat (program
team, bravo) sees the bravo team's `mx_bravo_case` instead. The assignment
routes assign Sue, who is no persona, so that no persona comes to see the
case by being assigned to it. Desk officers,
program-team members and administrators open and import cases.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from seccoop.programs.models import CaseVersion
from seccoop.programs.services import case_status
from seccoop.programs.services import cases as services
from tests.permissions.expect import SIGNED_IN, Entry, Filtered, Ref

VIEW = frozenset({"administrator", "leadership", "supervisor", "desk_officer"})
CHANGE = frozenset({"administrator", "desk_officer"})
OPEN = frozenset({"administrator", "desk_officer", "program_team"})
HIDDEN = SIGNED_IN - VIEW
# Who sees the reconciled case-status extracts: whoever imports cases, and leadership.
RUN_VIEW = OPEN | {"leadership"}
CASE = {"pk": "mx_case"}
API_CASE = {"case_id": "mx_case"}
DAY = datetime.date(2026, 8, 1).isoformat()

CASE_LIST = {
    "desk_officer": Filtered(shows=["mx_case"], hides=["mx_bravo_case"]),
    "supervisor": Filtered(shows=["mx_case"], hides=["mx_bravo_case"]),
    "program_team": Filtered(shows=["mx_bravo_case"], hides=["mx_case"]),
    "staff": Filtered(hides=["mx_case", "mx_bravo_case"]),
}


# The portfolio of France shows France's case to those who see it, never Japan's.
PORTFOLIO = {
    "desk_officer": Filtered(shows=["mx_case"], hides=["mx_bravo_case"]),
    "supervisor": Filtered(shows=["mx_case"], hides=["mx_bravo_case"]),
    "staff": Filtered(hides=["mx_case", "mx_bravo_case"]),
    "program_team": Filtered(hides=["mx_case", "mx_bravo_case"]),
}
# Who sees the alpha team's France program (see _programs_cooperation.py).
PROGRAM_VIEW = frozenset({"administrator", "leadership", "supervisor", "desk_officer"})


def records(world):
    admin = world.users["administrator"]
    france, japan = world.records["france"], world.records["japan"]
    case = world.add(
        "mx_case",
        services.open_case(
            user=admin,
            case={
                "identifier": "FR-X-MX1",
                "title": "Matrix patrol aircraft spares",
                "country": france,
                "org_unit": world.records["alpha"],
            },
            request={"received_on": datetime.date(2026, 5, 4)},
        ),  # fmt: skip
        marker="FR-X-MX1",
    )
    world.add(
        "mx_bravo_case",
        services.open_case(
            user=admin,
            case={
                "identifier": "JA-X-MX2",
                "title": "Matrix radar support",
                "country": japan,
                "org_unit": world.records["bravo"],
            },
        ),  # fmt: skip
        marker="JA-X-MX2",
    )
    world.add("mx_case_move", SimpleNamespace(pk="complete_request"), marker="complete request")
    # A modification written straight into the table: the matrix case is not accepted, so the
    # service would refuse it; the move refused for that reason is still "allowed".
    world.add(
        "mx_version",
        CaseVersion.objects.create(
            case=case,
            kind="modification",
            number=1,
            grounds="price",
            description="Matrix price change",
            value=Decimal("1000"),
        ),
        marker="Matrix price change",
    )
    world.add("mx_version_move", SimpleNamespace(pk="issue"), marker="issue the modification")
    world.add(
        "mx_payment",
        services.add_payment(
            user=admin,
            case=case,
            due_on=datetime.date(2026, 8, 1),
            amount=Decimal("1000"),
            description="Matrix deposit",
        ),  # fmt: skip
    )
    world.add(
        "mx_milestone",
        services.add_milestone(
            user=admin, case=case, title="Matrix delivery", due_on=datetime.date(2026, 9, 1)
        ),  # fmt: skip
    )
    world.add(
        "mx_closure_action",
        services.add_closure_action(
            user=admin, case=case, stakeholder="Matrix finance", description="Matrix final bill"
        ),  # fmt: skip
    )
    world.add(
        "mx_case_line",
        services.add_line(user=admin, case=case, description="Matrix spares", quantity=3),
    )
    world.add(
        "mx_case_assignment",
        services.assign_staff(
            user=admin, case=case, person=world.records["uma"], role="financial analyst"
        ),  # fmt: skip
    )
    # A reconciled extract that disagrees with the case's state, and one previewed by Ada.
    extract = b"Case identifier,Version,Status\nFR-X-MX1,Basic,Accepted\nJA-X-MX2,Basic,Offered\n"
    report = case_status.reconcile(user=admin, data=extract, filename="matrix-extract.csv")
    world.add("mx_reconciliation", report.reconciliation, marker="matrix-extract.csv")
    world.add(
        "mx_finding", report.reconciliation.findings.get(identifier="FR-X-MX1"), marker="FR-X-MX1"
    )
    _, previewed = case_status.keep_for_confirmation(
        user=admin, data=extract, filename="matrix-preview.csv"
    )
    world.add("mx_previewed_extract", previewed, marker="matrix-preview.csv")


def _read(**params):
    return Entry(allowed=VIEW, not_found=HIDDEN, params=params)


def _write(data=None, method="POST", **params):
    """Worked by Tina and administrators; seen but not worked by Sam and Lee (403)."""
    return Entry(allowed=CHANGE, not_found=HIDDEN, params=params, method=method, data=data or {})


ROUTES = {
    # --- pages ---
    "programs:case-list": Entry(allowed=SIGNED_IN, filtered=CASE_LIST),
    "programs:case-new": Entry(allowed=OPEN),
    "programs:case-pipeline": Entry(allowed=SIGNED_IN),
    "programs:case-data-quality": Entry(
        allowed=SIGNED_IN,
        filtered={
            "desk_officer": Filtered(shows=["mx_case"], hides=["mx_bravo_case"]),
            "staff": Filtered(hides=["mx_case", "mx_bravo_case"]),
        },
    ),
    "programs:case-import": Entry(allowed=OPEN),
    "programs:case-export": Entry(allowed=SIGNED_IN),
    "programs:case-extract-list": Entry(allowed=OPEN),
    "programs:case-extract-detail": Entry(
        allowed=RUN_VIEW,
        params={"pk": "mx_reconciliation"},
        filtered={
            "desk_officer": Filtered(shows=["mx_case"], hides=["mx_bravo_case"]),
            "program_team": Filtered(shows=["mx_bravo_case"], hides=["mx_case"]),
        },
    ),
    # A preview is confirmed by the person who made it (Ada), once.
    "programs:case-extract-confirm": Entry(
        allowed={"administrator"}, method="POST", params={"pk": "mx_previewed_extract"}
    ),
    "programs:case-finding-resolve": _write(
        data={"resolution": "kept", "version": 1}, pk="mx_finding"
    ),
    "programs:case-detail": Entry(allowed=VIEW, not_found=HIDDEN, params=CASE),
    "programs:case-edit": Entry(allowed=CHANGE, not_found=HIDDEN, params=CASE),
    "programs:case-request": Entry(allowed=CHANGE, not_found=HIDDEN, params=CASE),
    "programs:case-move": _write(pk="mx_case", name="mx_case_move"),
    "programs:case-version-new": _write(
        data={"version-kind": "amendment", "version-description": "D", "version-value": "1"},
        **CASE,
    ),
    "programs:case-version-move": _write(
        data={"version": Ref("mx_version.version")}, pk="mx_version", name="mx_version_move"
    ),
    "programs:case-line-new": _write(
        data={"line-description": "Spares", "line-quantity": 1, "line-unit_value": "10"}, **CASE
    ),
    "programs:case-payment-new": _write(
        data={"payment-due_on": DAY, "payment-amount": "10"}, **CASE
    ),
    "programs:case-milestone-new": _write(
        data={"milestone-kind": "milestone", "milestone-title": "M", "milestone-due_on": DAY},
        **CASE,
    ),
    "programs:case-review-new": _write(
        data={"review-kind": "program", "review-held_on": DAY}, **CASE
    ),
    "programs:case-closure-action-new": _write(
        data={"closure-stakeholder": "DFAS", "closure-description": "Bill"}, **CASE
    ),
    "programs:case-assignment-new": _write(
        data={"assign-person": Ref("sue"), "assign-role": "financial analyst"}, **CASE
    ),
    "programs:case-engagement-link": _write(data={"link-engagement": Ref("paris_talks")}, **CASE),
    # France's portfolio lists France's case to those who see it; Japan's to no one else.
    "programs:case-portfolio-country": Entry(
        allowed=SIGNED_IN, params={"pk": "france"}, filtered=PORTFOLIO
    ),
    # The program is France's (alpha): seen by those who see it, 404 for the rest.
    "programs:case-portfolio-program": Entry(
        allowed=PROGRAM_VIEW, not_found=SIGNED_IN - PROGRAM_VIEW, params={"pk": "mx_program"}
    ),
    # The case is not yet accepted: whoever works it gets the page (the delivery is refused).
    "programs:case-line-delivery": Entry(
        allowed=CHANGE, not_found=HIDDEN, params={"pk": "mx_case_line"}
    ),
    "programs:case-payment-paid": _write(pk="mx_payment"),
    "programs:case-milestone-done": _write(pk="mx_milestone"),
    "programs:case-closure-done": _write(pk="mx_closure_action"),
    "programs:case-assignment-release": _write(pk="mx_case_assignment"),
    # --- API ---
    "GET /api/v1/cases": Entry(allowed=SIGNED_IN, filtered=CASE_LIST),
    "GET /api/v1/cases/pipeline": Entry(allowed=SIGNED_IN),
    "GET /api/v1/cases/overdue": Entry(allowed=SIGNED_IN),
    "GET /api/v1/cases/portfolio/country/{country_id}": Entry(
        allowed=SIGNED_IN, params={"country_id": "france"}, filtered=PORTFOLIO
    ),
    "GET /api/v1/cases/portfolio/program/{program_id}": Entry(
        allowed=PROGRAM_VIEW,
        not_found=SIGNED_IN - PROGRAM_VIEW,
        params={"program_id": "mx_program"},
    ),
    "POST /api/v1/case-lines/{line_id}/deliveries": _write(
        data={"version": 1, "quantity": 1}, line_id="mx_case_line"
    ),
    "GET /api/v1/cases/offer-dates": Entry(allowed=SIGNED_IN),
    "GET /api/v1/cases/{case_id}/versions": _read(**API_CASE),
    "POST /api/v1/cases/{case_id}/versions": _write(
        data={"kind": "amendment", "description": "D", "value": "1"}, **API_CASE
    ),
    "POST /api/v1/case-versions/{version_id}/transitions/{name}": _write(
        data={"version": Ref("mx_version.version")},
        version_id="mx_version",
        name="mx_version_move",
    ),
    "POST /api/v1/cases": Entry(
        allowed=OPEN, data={"identifier": "FR-X-MXN", "title": "New", "country": "FR"}
    ),
    "GET /api/v1/cases/{case_id}": _read(**API_CASE),
    # Without a file, whoever may import cases is answered 400; everyone else 403.
    "POST /api/v1/cases/status-extracts": Entry(allowed=OPEN),
    "GET /api/v1/cases/status-extracts": Entry(
        allowed=SIGNED_IN,
        filtered={"staff": Filtered(hides=["mx_reconciliation"])},
    ),
    "GET /api/v1/cases/status-extracts/{run_id}": Entry(
        allowed=RUN_VIEW,
        not_found=SIGNED_IN - RUN_VIEW,
        params={"run_id": "mx_reconciliation"},
        filtered={"program_team": Filtered(shows=["mx_bravo_case"], hides=["mx_case"])},
    ),
    "POST /api/v1/case-findings/{finding_id}/resolve": _write(
        data={"resolution": "kept", "version": 1}, finding_id="mx_finding"
    ),
    "PATCH /api/v1/cases/{case_id}": _write(
        data={"version": Ref("mx_case.version"), "title": "Renamed"}, **API_CASE
    ),
    "GET /api/v1/cases/{case_id}/request": _read(**API_CASE),
    "PATCH /api/v1/cases/{case_id}/request": _write(
        data={"version": 1, "reference": "Matrix LOR"}, **API_CASE
    ),
    "GET /api/v1/cases/{case_id}/data-quality": _read(**API_CASE),
    "GET /api/v1/cases/{case_id}/transitions": _read(**API_CASE),
    "POST /api/v1/cases/{case_id}/transitions/{name}": _write(
        data={"version": Ref("mx_case.version")}, case_id="mx_case", name="mx_case_move"
    ),
    "GET /api/v1/cases/{case_id}/log": _read(**API_CASE),
    "GET /api/v1/cases/{case_id}/lines": _read(**API_CASE),
    "POST /api/v1/cases/{case_id}/lines": _write(
        data={"description": "Spares", "unit_value": "10"}, **API_CASE
    ),
    "GET /api/v1/cases/{case_id}/payments": _read(**API_CASE),
    "POST /api/v1/cases/{case_id}/payments": _write(
        data={"due_on": DAY, "amount": "10"}, **API_CASE
    ),
    "POST /api/v1/case-payments/{payment_id}/received": _write(payment_id="mx_payment"),
    "GET /api/v1/cases/{case_id}/milestones": _read(**API_CASE),
    "POST /api/v1/cases/{case_id}/milestones": _write(
        data={"title": "M", "due_on": DAY}, **API_CASE
    ),
    "POST /api/v1/case-milestones/{milestone_id}/done": _write(milestone_id="mx_milestone"),
    "GET /api/v1/cases/{case_id}/reviews": _read(**API_CASE),
    "POST /api/v1/cases/{case_id}/reviews": _write(
        data={"kind": "financial", "held_on": DAY}, **API_CASE
    ),
    "GET /api/v1/cases/{case_id}/closure-actions": _read(**API_CASE),
    "POST /api/v1/cases/{case_id}/closure-actions": _write(
        data={"stakeholder": "DFAS", "description": "Bill"}, **API_CASE
    ),
    "POST /api/v1/case-closure-actions/{action_id}/done": _write(action_id="mx_closure_action"),
    "GET /api/v1/cases/{case_id}/assignments": _read(**API_CASE),
    "POST /api/v1/cases/{case_id}/assignments": _write(
        data={"person_id": Ref("sue"), "role": "financial analyst"}, **API_CASE
    ),
    "POST /api/v1/cases/{case_id}/engagements": _write(
        data={"engagement_id": Ref("paris_talks")}, **API_CASE
    ),
}
