"""Permission entries of the workforce routes.

The directory (people, positions, org units, role types) is open to all
staff; ratings and gaps to the person, their supervisor chain, workforce
managers and administrators; changes to workforce managers and
administrators; an import or export job to whoever started it.
"""

import datetime

from seccoop.workforce.models import AssessmentCycle, RatingSource
from seccoop.workforce.services import record_rating
from tests.permissions.expect import SIGNED_IN, WORKFORCE_STEWARDS, Entry, Filtered, Ref

# Who reads Tina's ratings: herself, Sam and Lee above her, and the stewards.
TINAS_CHAIN = {"administrator", "leadership", "workforce_manager", "supervisor", "desk_officer"}
SEES_TINA = Filtered(shows=["tina_rating"], hides=["bob_rating"])
SEES_BOTH = Filtered(shows=["tina_rating", "bob_rating"])
SEES_NONE = Filtered(hides=["tina_rating", "bob_rating"])
ALL_RATINGS = {"administrator": SEES_BOTH, "leadership": SEES_BOTH, "workforce_manager": SEES_BOTH}
OWN_TEAM = {"supervisor": SEES_TINA, "desk_officer": SEES_TINA}
NO_RATINGS = dict.fromkeys(["program_team", "disclosure_specialist", "auditor", "staff"], SEES_NONE)
TINA = {"pk": "tina"}
STAFFERS = {"administrator", "leadership", "workforce_manager", "supervisor"}
STEWARDS_WRITE = {"allowed": WORKFORCE_STEWARDS}


def _editing(kind: str, record: str) -> dict:
    return {
        f"workforce:{kind}-create": Entry(**STEWARDS_WRITE),
        f"workforce:{kind}-edit": Entry(params={"pk": record}, **STEWARDS_WRITE),
        f"workforce:{kind}-archive": Entry(method="POST", params={"pk": record}, **STEWARDS_WRITE),
        f"workforce:{kind}-restore": Entry(method="POST", params={"pk": record}, **STEWARDS_WRITE),
    }


ROUTES = {
    "dashboard": Entry(allowed=SIGNED_IN),
    "workforce:person-list": Entry(allowed=SIGNED_IN),
    "workforce:person-detail": Entry(
        params=TINA,
        allowed=SIGNED_IN,
        filtered={
            **dict.fromkeys(TINAS_CHAIN, Filtered(shows=["tina_rating"])),
            **dict.fromkeys(SIGNED_IN - TINAS_CHAIN, Filtered(hides=["tina_rating"])),
        },
    ),
    "workforce:rate-person": Entry(params=TINA, allowed=TINAS_CHAIN),
    "workforce:position-list": Entry(allowed=SIGNED_IN),
    "workforce:position-detail": Entry(params={"pk": "tina_position"}, allowed=SIGNED_IN),
    "workforce:orgunit-list": Entry(allowed=SIGNED_IN),
    "workforce:orgunit-detail": Entry(params={"pk": "alpha"}, allowed=SIGNED_IN),
    "workforce:rate-team": Entry(allowed={"leadership", "supervisor"}),
    # Withdrawing Sam's rating of Tina: Sam who gave it, and the stewards; hidden outside her chain.
    "workforce:rating-withdraw": Entry(
        params={"pk": "tina_rating"},
        allowed={"supervisor", "workforce_manager", "administrator"},
        not_found=SIGNED_IN - TINAS_CHAIN,
    ),
    # The validation queue and its answers: the validators (workforce managers, administrators).
    "workforce:validation-queue": Entry(
        allowed=WORKFORCE_STEWARDS,
        filtered=dict.fromkeys(WORKFORCE_STEWARDS, Filtered(shows=["held_evidence"])),
    ),
    "workforce:rating-confirm": Entry(
        method="POST", params={"pk": "tina_held_rating"}, **STEWARDS_WRITE
    ),
    "workforce:rating-return": Entry(params={"pk": "bob_held_rating"}, **STEWARDS_WRITE),
    # Assessment cycles: listed, created, edited, closed and archived by the stewards.
    "workforce:cycle-list": Entry(**STEWARDS_WRITE),
    "workforce:cycle-close": Entry(method="POST", params={"pk": "fy_cycle"}, **STEWARDS_WRITE),
    **_editing("cycle", "fy_cycle"),
    "workforce:heatmap": Entry(allowed=SIGNED_IN),
    "workforce:heatmap-people": Entry(allowed=SIGNED_IN, query="unit={alpha}"),
    "workforce:import": Entry(**STEWARDS_WRITE),
    "workforce:export": Entry(allowed=SIGNED_IN),
    **_editing("orgunit", "alpha"),
    **_editing("person", "tina"),
    **_editing("position", "tina_position"),
    **_editing("roletype", "desk_role"),
    "workforce:roletype-list": Entry(allowed=SIGNED_IN),
    "workforce:roletype-starting-set": Entry(method="POST", **STEWARDS_WRITE),
    **_editing("roletemplate", "desk_template"),
    "workforce:template-requirements": Entry(params={"pk": "desk_template"}, **STEWARDS_WRITE),
    # Walter's export, at the job page's first address: his and the administrators'.
    "workforce:job": Entry(
        params={"pk": "walter_job"},
        allowed={"workforce_manager", "administrator"},
        not_found=SIGNED_IN - {"workforce_manager", "administrator"},
    ),
    "workforce:job-download": Entry(
        params={"pk": "walter_job"},
        allowed={"workforce_manager", "administrator"},
        not_found=SIGNED_IN - {"workforce_manager", "administrator"},
    ),
    # Staffing compares ratings: of everyone (stewards), or of the people one supervises.
    "workforce:staffing": Entry(allowed=STAFFERS),
    "workforce:coverage": Entry(allowed=STAFFERS),
    # --- API ---
    "GET /api/v1/org-units": Entry(allowed=SIGNED_IN),
    "GET /api/v1/org-units/{unit_id}": Entry(allowed=SIGNED_IN, params={"unit_id": "alpha"}),
    "GET /api/v1/people": Entry(allowed=SIGNED_IN),
    "GET /api/v1/people/{person_id}": Entry(allowed=SIGNED_IN, params={"person_id": "tina"}),
    "GET /api/v1/people/{person_id}/gaps": Entry(allowed=TINAS_CHAIN, params={"person_id": "tina"}),
    "GET /api/v1/positions": Entry(allowed=SIGNED_IN),
    "GET /api/v1/positions/{position_id}": Entry(
        allowed=SIGNED_IN, params={"position_id": "tina_position"}
    ),
    "GET /api/v1/role-types": Entry(allowed=SIGNED_IN),
    "GET /api/v1/role-templates/{template_id}": Entry(
        allowed=SIGNED_IN, params={"template_id": "desk_template"}
    ),
    # Setting up role types and templates: the stewards.
    "POST /api/v1/role-types": Entry(
        data={"slug": "end-use-monitor", "name": "End-use monitor"}, **STEWARDS_WRITE
    ),
    "POST /api/v1/role-types/starting-set": Entry(**STEWARDS_WRITE),
    "PATCH /api/v1/role-types/{role_type_id}": Entry(
        params={"role_type_id": "desk_role"},
        data={"version": Ref("desk_role.version"), "name": "Desk officer"},
        **STEWARDS_WRITE,
    ),
    "POST /api/v1/role-types/{role_type_id}/archive": Entry(
        params={"role_type_id": "desk_role"},
        data={"version": Ref("desk_role.version")},
        **STEWARDS_WRITE,
    ),
    "POST /api/v1/role-types/{role_type_id}/restore": Entry(
        params={"role_type_id": "desk_role"},
        data={"version": Ref("desk_role.version")},
        **STEWARDS_WRITE,
    ),
    "POST /api/v1/role-templates": Entry(
        data={
            "role_type": "leadership-and-support",
            "framework": "dod-security-cooperation",
            "name": "Leaders",
        },
        **STEWARDS_WRITE,
    ),
    "PATCH /api/v1/role-templates/{template_id}": Entry(
        params={"template_id": "desk_template"},
        data={"version": Ref("desk_template.version"), "name": "Desk levels"},
        **STEWARDS_WRITE,
    ),
    "PUT /api/v1/role-templates/{template_id}/requirements": Entry(
        params={"template_id": "desk_template"},
        data={"version": Ref("desk_template.version"), "levels": {"1.A": 3}},
        **STEWARDS_WRITE,
    ),
    "POST /api/v1/role-templates/{template_id}/archive": Entry(
        params={"template_id": "desk_template"},
        data={"version": Ref("desk_template.version")},
        **STEWARDS_WRITE,
    ),
    "POST /api/v1/role-templates/{template_id}/restore": Entry(
        params={"template_id": "desk_template"},
        data={"version": Ref("desk_template.version")},
        **STEWARDS_WRITE,
    ),
    "GET /api/v1/ratings": Entry(
        allowed=SIGNED_IN, filtered={**ALL_RATINGS, **OWN_TEAM, **NO_RATINGS}
    ),
    "GET /api/v1/heatmap": Entry(allowed=SIGNED_IN),
    "POST /api/v1/org-units": Entry(
        data={"name": "Charlie Team", "parent": Ref("division")}, **STEWARDS_WRITE
    ),
    "PATCH /api/v1/org-units/{unit_id}": Entry(
        params={"unit_id": "alpha"},
        data={"version": Ref("alpha.version"), "name": "Alpha Squadron"},
        **STEWARDS_WRITE,
    ),
    "POST /api/v1/people": Entry(
        data={"first_name": "Neil", "last_name": "Newcomer"}, **STEWARDS_WRITE
    ),
    "PATCH /api/v1/people/{person_id}": Entry(
        params={"person_id": "tina"},
        data={"version": Ref("tina.version"), "grade": "GS-14"},
        **STEWARDS_WRITE,
    ),
    "POST /api/v1/positions": Entry(
        data={"title": "Analyst", "role_type": "country-desk-officer", "org_unit": Ref("bravo")},
        **STEWARDS_WRITE,
    ),
    "PATCH /api/v1/positions/{position_id}": Entry(
        params={"position_id": "tina_position"},
        data={"version": Ref("tina_position.version"), "title": "Senior Desk Officer"},
        **STEWARDS_WRITE,
    ),
    # A supervisor's rating of Tina: her chain and administrators (a manager validates instead).
    "POST /api/v1/ratings": Entry(
        data={"person": Ref("tina"), "code": "1.D", "level": 2, "source": "supervisor"},
        allowed={"administrator", "leadership", "supervisor"},
    ),
    "POST /api/v1/ratings/{rating_id}/withdraw": Entry(
        params={"rating_id": "tina_rating"},
        data={"reason": "Entered in error."},
        allowed={"supervisor", "workforce_manager", "administrator"},
        not_found=SIGNED_IN - TINAS_CHAIN,
    ),
    "POST /api/v1/org-units/{unit_id}/archive": Entry(
        params={"unit_id": "bravo"}, data={"version": Ref("bravo.version")}, **STEWARDS_WRITE
    ),
    "POST /api/v1/org-units/{unit_id}/restore": Entry(
        params={"unit_id": "bravo"}, data={"version": Ref("bravo.version")}, **STEWARDS_WRITE
    ),
    "POST /api/v1/people/{person_id}/archive": Entry(
        params={"person_id": "nora"}, data={"version": Ref("nora.version")}, **STEWARDS_WRITE
    ),
    "POST /api/v1/people/{person_id}/restore": Entry(
        params={"person_id": "nora"}, data={"version": Ref("nora.version")}, **STEWARDS_WRITE
    ),
    "POST /api/v1/positions/{position_id}/archive": Entry(
        params={"position_id": "tina_position"},
        data={"version": Ref("tina_position.version")},
        **STEWARDS_WRITE,
    ),
    "POST /api/v1/positions/{position_id}/restore": Entry(
        params={"position_id": "tina_position"},
        data={"version": Ref("tina_position.version")},
        **STEWARDS_WRITE,
    ),
    # Staffing and coverage as on their pages: for those who see others' ratings.
    "POST /api/v1/staffing/ranking": Entry(
        data={"requirements": [{"code": "1.A", "level": 3}]}, allowed=STAFFERS
    ),
    "GET /api/v1/staffing/coverage": Entry(allowed=STAFFERS),
}


def records(world):
    """Supervisor ratings recorded after a validated one, so they wait for validation."""
    competency = world.records["tina_rating"].competency.framework.competencies.get(code="1.D")
    rated_on = datetime.date(2026, 2, 2)
    walter = world.users["workforce_manager"]
    for name, person_name, supervisor in (("tina", "tina", "sam"), ("bob", "bob", "sue")):
        person = world.records[person_name]
        record_rating(
            user=walter, person=person, competency=competency, level=2,
            source=RatingSource.VALIDATED, rated_on=rated_on,
        )  # fmt: skip
        world.add(f"{name}_held_rating", record_rating(
            user=world.records[supervisor].user, person=person, competency=competency, level=3,
            source=RatingSource.SUPERVISOR, rated_on=rated_on, evidence="Held-for-validation"),
            "Held-for-validation")  # fmt: skip
    world.mark("held_evidence", "Held-for-validation")
    world.add(
        "fy_cycle",
        AssessmentCycle.objects.create(
            framework=competency.framework,
            name="FY2025",
            opens_on=datetime.date(2024, 10, 1),
            closes_on=datetime.date(2025, 9, 30),
        ),
    )
