"""Permission entries of the evaluation routes.

Every signed-in member of staff reads objectives, plans and evaluations.
Leadership and administrators change them; Tina (desk_officer) is assigned
to the matrix initiative, so she also keeps its assessment, indicators,
measurements, evaluations, returns, recommendations and lessons. Nobody
else changes anything; anonymous visitors are sent to sign in.
"""

import datetime
from decimal import Decimal

from seccoop.evaluation import services
from seccoop.evaluation.kinds import KINDS
from seccoop.evaluation.models import (
    Activity,
    AssessmentFramework,
    Criterion,
    DocumentVersion,
    Evaluation,
    GuidanceDocument,
    Indicator,
    InitialAssessment,
    Initiative,
    InvestmentReturn,
    Lesson,
    Measurement,
    Objective,
    Recommendation,
    ResourceAllocation,
)
from tests.permissions.expect import SIGNED_IN, Entry, Ref

DAY = datetime.date(2026, 2, 1)
LEADERS = frozenset({"administrator", "leadership"})
# Tina is assigned to the initiative these records belong to.
INITIATIVE_KEEPERS = LEADERS | {"desk_officer"}
KEPT_BY_TINA = {
    "initiatives",
    "initial-assessments",
    "indicators",
    "measurements",
    "evaluations",
    "returns",
    "recommendations",
    "lessons",
}


def records(world):
    lee = world.users["leadership"]
    france = world.records["france"]

    def save(slug, model, links=None, **data):
        record = services.save_record(user=lee, model=model, data=data, links=links or {})
        world.add(f"eval_{slug}", record)
        return record

    document = save("documents", GuidanceDocument, title="Matrix plan", kind="campaign-plan")
    save("document-versions", DocumentVersion, document=document, number="1.0", issued_on=DAY)
    objective = save(
        "objectives", Objective, code="MTX-FR-1", title="Matrix objective", level="country",
        country=france, document=document,
    )  # fmt: skip
    activity = save(
        "activities", Activity, links={"objectives": [objective]}, title="Matrix seminar",
        country=france, kind="institution-building", line_of_effort="doctrine", starts_on=DAY,
        ends_on=DAY,
    )  # fmt: skip
    save("resources", ResourceAllocation, objective=objective, fiscal_year=2026, amount=1000)
    framework = save("frameworks", AssessmentFramework, name="Matrix framework")
    save("criteria", Criterion, framework=framework, dimension="relevance", name="Fit",
         definition="Serves an objective.")  # fmt: skip
    initiative = save(
        "initiatives", Initiative, links={"activities": [activity]}, title="Matrix initiative",
        country=france, starts_on=DAY,
    )  # fmt: skip
    services.assign(user=lee, record=initiative, person=world.records["tina"], role="Lead")
    save("initial-assessments", InitialAssessment, initiative=initiative, assessed_on=DAY,
         findings="Found.", baseline="Nothing yet.")  # fmt: skip
    indicator = save(
        "indicators", Indicator, initiative=initiative, name="Matrix crews", kind="performance",
        unit="crews", baseline_value=0, baseline_on=DAY, target_value=10,
        target_on=DAY + datetime.timedelta(days=365),
    )  # fmt: skip
    save("measurements", Measurement, indicator=indicator, measured_on=DAY, value=Decimal(1))
    evaluation = save(
        "evaluations", Evaluation, initiative=initiative, evaluated_on=DAY, relevance=3,
        effectiveness=3, supportability=3, sustainability=3, findings="Fine.",
    )  # fmt: skip
    save("returns", InvestmentReturn, initiative=initiative, assessed_on=DAY, investment=10,
         benefit=20)  # fmt: skip
    save("recommendations", Recommendation, evaluation=evaluation, text="Matrix advice.")
    save("lessons", Lesson, title="Matrix lesson", kind="lesson", observation="Seen.",
         initiative=initiative, recorded_on=DAY)  # fmt: skip
    for slug, kind in KINDS.items():
        # A stand-in whose `slug` names the kind in the record pages' URLs.
        world.records[f"kind_{slug}"] = kind
        world.markers[f"kind_{slug}"] = kind.plural


def _create_payload(slug: str) -> dict:
    """A body the schema accepts, so that the policy decides the answer."""
    parent = {
        "document-versions": {"document": Ref("eval_documents"), "number": "2.0",
                              "issued_on": "2026-03-01"},
        "resources": {"objective": Ref("eval_objectives"), "fiscal_year": 2027, "amount": "5"},
        "initial-assessments": {"initiative": Ref("eval_initiatives"), "assessed_on": "2026-03-01",
                                "findings": "F", "baseline": "B"},
        "indicators": {"initiative": Ref("eval_initiatives"), "name": "Other", "kind": "input",
                       "unit": "u", "baseline_value": "0", "baseline_on": "2026-01-01",
                       "target_value": "5", "target_on": "2026-06-01"},
        "measurements": {"indicator": Ref("eval_indicators"), "measured_on": "2026-03-01",
                         "value": "2"},
        "evaluations": {"initiative": Ref("eval_initiatives"), "evaluated_on": "2026-03-01",
                        "relevance": 3, "effectiveness": 3, "supportability": 3,
                        "sustainability": 3, "findings": "F"},
        "returns": {"initiative": Ref("eval_initiatives"), "assessed_on": "2026-03-01",
                    "investment": "1", "benefit": "2"},
        "recommendations": {"evaluation": Ref("eval_evaluations"), "text": "More."},
        "criteria": {"framework": Ref("eval_frameworks"), "dimension": "effectiveness",
                     "name": "Progress", "definition": "D"},
        "lessons": {"title": "L", "kind": "practice", "observation": "O",
                    "recorded_on": "2026-03-01", "initiative": Ref("eval_initiatives")},
        "objectives": {"code": "MTX-NEW", "title": "T", "level": "national"},
        "documents": {"title": "T", "kind": "policy"},
        "activities": {"title": "T", "country": Ref("france"), "kind": "mil-to-mil",
                       "line_of_effort": "training", "starts_on": "2026-03-01",
                       "ends_on": "2026-03-02"},
        "initiatives": {"title": "T", "starts_on": "2026-03-01"},
        "frameworks": {"name": "Another framework"},
    }  # fmt: skip
    return parent[slug]


def _api_routes() -> dict:
    routes = {}
    for slug, kind in KINDS.items():
        base = f"/api/v1/evaluation/{slug}"
        item = {"record_id": f"eval_{slug}"}
        keepers = INITIATIVE_KEEPERS if slug in KEPT_BY_TINA else LEADERS
        # Only leadership adds what belongs to nothing; what belongs to the initiative, Tina too.
        adders = INITIATIVE_KEEPERS if slug in KEPT_BY_TINA - {"initiatives"} else LEADERS
        routes[f"GET {base}"] = Entry(allowed=SIGNED_IN)
        routes[f"GET {base}/{{record_id}}"] = Entry(allowed=SIGNED_IN, params=item)
        routes[f"POST {base}"] = Entry(allowed=adders, data=_create_payload(slug))
        routes[f"PATCH {base}/{{record_id}}"] = Entry(
            allowed=keepers, params=item, data={"version": Ref(f"eval_{slug}.version")}
        )
        routes[f"POST {base}/{{record_id}}/archive"] = Entry(
            allowed=keepers, params=item, data={"version": Ref(f"eval_{slug}.version")}
        )
        if kind.model in services.ASSIGNABLE:
            routes[f"POST {base}/{{record_id}}/assignments"] = Entry(
                allowed=keepers, params=item, data={"person": Ref("uma"), "role": "Analyst"}
            )
    for name in ("accept", "reject", "implement"):
        routes[f"POST /api/v1/evaluation/recommendations/{{record_id}}/{name}"] = Entry(
            allowed=INITIATIVE_KEEPERS,
            params={"record_id": "eval_recommendations"},
            data={
                "note": "Why.",
                "action_taken": "Done.",
                "version": Ref("eval_recommendations.version"),
            },
        )
    routes["GET /api/v1/evaluation/indicators/{record_id}/trend"] = Entry(
        allowed=SIGNED_IN, params={"record_id": "eval_indicators"}
    )
    return routes


ROUTES = {
    "evaluation:index": Entry(allowed=SIGNED_IN),
    "evaluation:priorities": Entry(allowed=SIGNED_IN),
    "evaluation:export": Entry(allowed=SIGNED_IN),
    # Everyone on the staff may upload; rows about initiatives they do not keep are refused.
    "evaluation:import": Entry(allowed=SIGNED_IN),
    "evaluation:record-list": Entry(
        allowed=SIGNED_IN, params={"kind_slug": "kind_objectives.slug"}
    ),
    "evaluation:record-new": Entry(allowed=LEADERS, params={"kind_slug": "kind_objectives.slug"}),
    "evaluation:record-detail": Entry(
        allowed=SIGNED_IN, params={"kind_slug": "kind_initiatives.slug", "pk": "eval_initiatives"}
    ),
    "evaluation:record-edit": Entry(
        allowed=INITIATIVE_KEEPERS,
        params={"kind_slug": "kind_indicators.slug", "pk": "eval_indicators"},
    ),
    "evaluation:record-assign": Entry(
        method="POST",
        allowed=INITIATIVE_KEEPERS,
        params={"kind_slug": "kind_initiatives.slug", "pk": "eval_initiatives"},
        data={"person": Ref("uma"), "role": "Analyst"},
    ),
    "evaluation:record-archive": Entry(
        method="POST",
        allowed=INITIATIVE_KEEPERS,
        params={"kind_slug": "kind_indicators.slug", "pk": "eval_indicators"},
    ),
    "evaluation:recommendation-move": Entry(
        method="POST",
        allowed=INITIATIVE_KEEPERS,
        params={"pk": "eval_recommendations"},
        data={"transition": "accept", "version": Ref("eval_recommendations.version")},
    ),
    **_api_routes(),
}
