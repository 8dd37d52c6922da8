"""Permission entries of the export licence routes (direct commercial sales).

Composed into the programs module (tests/permissions/matrix/programs.py).

Licences follow the rule of cases: `mx_licence` is France's, followed by the
alpha team: Tina (France's desk) sees and works it, Sam (above her) and Lee
(leadership) see it, administrators do everything; everyone else signed in
finds it missing (404). Pat (program team, bravo) sees the bravo team's
`mx_bravo_licence` instead. Desk officers, program-team members and
administrators record licences. The assignment route assigns Sue, who is no
persona, so that no persona comes to see the licence by being assigned to it.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from seccoop.programs.services import licences as services
from tests.permissions.expect import SIGNED_IN, Entry, Filtered, Ref

VIEW = frozenset({"administrator", "leadership", "supervisor", "desk_officer"})
CHANGE = frozenset({"administrator", "desk_officer"})
RECORD = frozenset({"administrator", "desk_officer", "program_team"})
HIDDEN = SIGNED_IN - VIEW
LICENCE = {"pk": "mx_licence"}
API_LICENCE = {"licence_id": "mx_licence"}

LICENCE_LIST = {
    "desk_officer": Filtered(shows=["mx_licence"], hides=["mx_bravo_licence"]),
    "supervisor": Filtered(shows=["mx_licence"], hides=["mx_bravo_licence"]),
    "program_team": Filtered(shows=["mx_bravo_licence"], hides=["mx_licence"]),
    "staff": Filtered(hides=["mx_licence", "mx_bravo_licence"]),
}


def _licence(admin, country, team, reference):
    licence = services.create_licence(
        user=admin,
        data={
            "kind": "dsp-5",
            "commodity": "Matrix radar spares",
            "applicant": "Matrix Avionics Inc.",
            "country": country,
            "end_user": "Matrix air force",
            "usml_category": "XI",
            "value": Decimal("1000000"),
            "org_unit": team,
        },
    )
    services.move_licence(
        user=admin,
        licence=licence,
        name="submit",
        values={"reference": reference, "submitted_on": datetime.date(2026, 5, 4)},
        expected_version=licence.version,
    )
    return licence


def records(world):
    admin = world.users["administrator"]
    licence = world.add(
        "mx_licence",
        _licence(admin, world.records["france"], world.records["alpha"], "MXLIC0001"),
        marker="MXLIC0001",
    )
    world.add(
        "mx_bravo_licence",
        _licence(admin, world.records["japan"], world.records["bravo"], "MXLIC0002"),
        marker="MXLIC0002",
    )
    world.add("mx_licence_move", SimpleNamespace(pk="refer_to_dod"), marker="referral")
    world.add(
        "mx_proviso",
        services.add_proviso(
            user=admin, licence=licence, text="Matrix proviso: no retransfer.", party="end-user"
        ),
    )


def _read(**params):
    return Entry(allowed=VIEW, not_found=HIDDEN, params=params)


def _write(data=None, method="POST", **params):
    """Worked by Tina and administrators; seen but not worked by Sam and Lee (403)."""
    return Entry(allowed=CHANGE, not_found=HIDDEN, params=params, method=method, data=data or {})


ROUTES = {
    # --- pages ---
    "programs:licence-list": Entry(allowed=SIGNED_IN, filtered=LICENCE_LIST),
    "programs:licence-new": Entry(allowed=RECORD),
    "programs:licence-detail": Entry(allowed=VIEW, not_found=HIDDEN, params=LICENCE),
    "programs:licence-edit": Entry(allowed=CHANGE, not_found=HIDDEN, params=LICENCE),
    "programs:licence-move": _write(pk="mx_licence", name="mx_licence_move"),
    "programs:licence-proviso-new": _write(
        data={"proviso-text": "No retransfer", "proviso-party": "applicant"}, **LICENCE
    ),
    "programs:licence-assignment-new": _write(
        data={"assign-person": Ref("sue"), "assign-role": "licence officer"}, **LICENCE
    ),
    "programs:licence-proviso-acknowledged": _write(pk="mx_proviso"),
    # --- API ---
    "GET /api/v1/licences": Entry(allowed=SIGNED_IN, filtered=LICENCE_LIST),
    "POST /api/v1/licences": Entry(
        allowed=RECORD, data={"commodity": "New", "applicant": "New Inc.", "country": "FR"}
    ),
    "GET /api/v1/licences/{licence_id}": _read(**API_LICENCE),
    "PATCH /api/v1/licences/{licence_id}": _write(
        data={"version": Ref("mx_licence.version"), "commodity": "Renamed"}, **API_LICENCE
    ),
    "GET /api/v1/licences/{licence_id}/transitions": _read(**API_LICENCE),
    "POST /api/v1/licences/{licence_id}/transitions/{name}": _write(
        data={"version": Ref("mx_licence.version")},
        licence_id="mx_licence",
        name="mx_licence_move",
    ),
    "GET /api/v1/licences/{licence_id}/log": _read(**API_LICENCE),
    "GET /api/v1/licences/{licence_id}/provisos": _read(**API_LICENCE),
    "POST /api/v1/licences/{licence_id}/provisos": _write(
        data={"text": "No retransfer"}, **API_LICENCE
    ),
    "POST /api/v1/licence-provisos/{proviso_id}/acknowledged": _write(proviso_id="mx_proviso"),
}
