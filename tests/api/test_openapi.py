"""The OpenAPI document and the interactive docs."""

import json

from django.test import Client
from django.urls import reverse

EXPECTED_PATHS = {
    "/api/v1/me": {"get"},
    "/api/v1/audit": {"get"},
    "/api/v1/frameworks": {"get"},
    "/api/v1/frameworks/{slug}": {"get"},
    "/api/v1/frameworks/{slug}/competencies": {"get"},
    "/api/v1/frameworks/{slug}/competencies/{code}": {"get"},
    "/api/v1/org-units": {"get", "post"},
    "/api/v1/org-units/{unit_id}": {"get", "patch"},
    "/api/v1/org-units/{unit_id}/archive": {"post"},
    "/api/v1/org-units/{unit_id}/restore": {"post"},
    "/api/v1/people": {"get", "post"},
    "/api/v1/people/{person_id}": {"get", "patch"},
    "/api/v1/people/{person_id}/archive": {"post"},
    "/api/v1/people/{person_id}/restore": {"post"},
    "/api/v1/people/{person_id}/gaps": {"get"},
    "/api/v1/positions": {"get", "post"},
    "/api/v1/positions/{position_id}": {"get", "patch"},
    "/api/v1/positions/{position_id}/archive": {"post"},
    "/api/v1/positions/{position_id}/restore": {"post"},
    "/api/v1/role-types": {"get", "post"},
    "/api/v1/role-types/starting-set": {"post"},
    "/api/v1/role-types/{role_type_id}": {"patch"},
    "/api/v1/role-types/{role_type_id}/archive": {"post"},
    "/api/v1/role-types/{role_type_id}/restore": {"post"},
    "/api/v1/role-templates": {"post"},
    "/api/v1/role-templates/{template_id}": {"get", "patch"},
    "/api/v1/role-templates/{template_id}/requirements": {"put"},
    "/api/v1/role-templates/{template_id}/archive": {"post"},
    "/api/v1/role-templates/{template_id}/restore": {"post"},
    "/api/v1/ratings": {"get", "post"},
    "/api/v1/ratings/{rating_id}/withdraw": {"post"},
    "/api/v1/evidence/pending": {"get"},
    "/api/v1/evidence/{evidence_id}/confirm": {"post"},
    "/api/v1/evidence/{evidence_id}/decline": {"post"},
    "/api/v1/heatmap": {"get"},
    "/api/v1/mapping/suggest": {"post"},
    "/api/v1/regions": {"get"},
    "/api/v1/countries": {"get"},
    "/api/v1/countries/{country_id}": {"get"},
    "/api/v1/organizations": {"get"},
    "/api/v1/organizations/{organization_id}": {"get"},
    "/api/v1/counterparts": {"get"},
    "/api/v1/counterparts/{counterpart_id}": {"get"},
    "/api/v1/engagements": {"get", "post"},
    "/api/v1/engagements/{engagement_id}": {"get"},
    "/api/v1/actions": {"get"},
    "/api/v1/actions/{action_id}/done": {"post"},
    "/api/v1/coverage": {"get"},
    # Staffing: rankings, coverage with the what-if, the best assignment.
    "/api/v1/staffing/ranking": {"post"},
    "/api/v1/staffing/coverage": {"get"},
    "/api/v1/staffing/records/{kind}/{record_id}": {"get"},
    "/api/v1/staffing/assignment": {"post"},
    # Strategy, plans, and assessment, monitoring and evaluation.
    "/api/v1/evaluation/objectives": {"get", "post"},
    "/api/v1/evaluation/objectives/{record_id}": {"get", "patch"},
    "/api/v1/evaluation/objectives/{record_id}/archive": {"post"},
    "/api/v1/evaluation/objectives/{record_id}/assignments": {"post"},
    "/api/v1/evaluation/documents": {"get", "post"},
    "/api/v1/evaluation/documents/{record_id}": {"get", "patch"},
    "/api/v1/evaluation/documents/{record_id}/archive": {"post"},
    "/api/v1/evaluation/documents/{record_id}/assignments": {"post"},
    "/api/v1/evaluation/document-versions": {"get", "post"},
    "/api/v1/evaluation/document-versions/{record_id}": {"get", "patch"},
    "/api/v1/evaluation/document-versions/{record_id}/archive": {"post"},
    "/api/v1/evaluation/activities": {"get", "post"},
    "/api/v1/evaluation/activities/{record_id}": {"get", "patch"},
    "/api/v1/evaluation/activities/{record_id}/archive": {"post"},
    "/api/v1/evaluation/activities/{record_id}/assignments": {"post"},
    "/api/v1/evaluation/resources": {"get", "post"},
    "/api/v1/evaluation/resources/{record_id}": {"get", "patch"},
    "/api/v1/evaluation/resources/{record_id}/archive": {"post"},
    "/api/v1/evaluation/initiatives": {"get", "post"},
    "/api/v1/evaluation/initiatives/{record_id}": {"get", "patch"},
    "/api/v1/evaluation/initiatives/{record_id}/archive": {"post"},
    "/api/v1/evaluation/initiatives/{record_id}/assignments": {"post"},
    "/api/v1/evaluation/initial-assessments": {"get", "post"},
    "/api/v1/evaluation/initial-assessments/{record_id}": {"get", "patch"},
    "/api/v1/evaluation/initial-assessments/{record_id}/archive": {"post"},
    "/api/v1/evaluation/indicators": {"get", "post"},
    "/api/v1/evaluation/indicators/{record_id}": {"get", "patch"},
    "/api/v1/evaluation/indicators/{record_id}/archive": {"post"},
    "/api/v1/evaluation/measurements": {"get", "post"},
    "/api/v1/evaluation/measurements/{record_id}": {"get", "patch"},
    "/api/v1/evaluation/measurements/{record_id}/archive": {"post"},
    "/api/v1/evaluation/evaluations": {"get", "post"},
    "/api/v1/evaluation/evaluations/{record_id}": {"get", "patch"},
    "/api/v1/evaluation/evaluations/{record_id}/archive": {"post"},
    "/api/v1/evaluation/returns": {"get", "post"},
    "/api/v1/evaluation/returns/{record_id}": {"get", "patch"},
    "/api/v1/evaluation/returns/{record_id}/archive": {"post"},
    "/api/v1/evaluation/recommendations": {"get", "post"},
    "/api/v1/evaluation/recommendations/{record_id}": {"get", "patch"},
    "/api/v1/evaluation/recommendations/{record_id}/archive": {"post"},
    "/api/v1/evaluation/lessons": {"get", "post"},
    "/api/v1/evaluation/lessons/{record_id}": {"get", "patch"},
    "/api/v1/evaluation/lessons/{record_id}/archive": {"post"},
    "/api/v1/evaluation/lessons/{record_id}/assignments": {"post"},
    "/api/v1/evaluation/frameworks": {"get", "post"},
    "/api/v1/evaluation/frameworks/{record_id}": {"get", "patch"},
    "/api/v1/evaluation/frameworks/{record_id}/archive": {"post"},
    "/api/v1/evaluation/frameworks/{record_id}/assignments": {"post"},
    "/api/v1/evaluation/criteria": {"get", "post"},
    "/api/v1/evaluation/criteria/{record_id}": {"get", "patch"},
    "/api/v1/evaluation/criteria/{record_id}/archive": {"post"},
    "/api/v1/evaluation/recommendations/{record_id}/accept": {"post"},
    "/api/v1/evaluation/recommendations/{record_id}/reject": {"post"},
    "/api/v1/evaluation/recommendations/{record_id}/implement": {"post"},
    "/api/v1/evaluation/indicators/{record_id}/trend": {"get"},
    # Training, development plans and certification.
    "/api/v1/courses": {"get", "post"},
    "/api/v1/courses/{course_id}": {"get"},
    "/api/v1/courses/{course_id}/mapping": {"put"},
    "/api/v1/courses/{course_id}/decisions": {"post"},
    "/api/v1/mapping-decisions": {"get"},
    "/api/v1/mapping-decisions/precision": {"get"},
    "/api/v1/development-plans/{person_id}": {"get"},
    "/api/v1/development-plans/{person_id}/recommendations": {"get"},
    "/api/v1/development-plans/{person_id}/activities": {"post"},
    "/api/v1/development-activities": {"get"},
    "/api/v1/development-activities/{activity_id}/complete": {"post"},
    "/api/v1/training-seats": {"get"},
    "/api/v1/certification-requirements": {"get"},
    "/api/v1/certification-requirements/{position_id}": {"put", "delete"},
    "/api/v1/certification-records": {"get"},
    "/api/v1/certification-standing": {"get"},
    # Foreign disclosure, security agreements, end-use monitoring, vetting, constraints.
    "/api/v1/disclosure-requests": {"get", "post"},
    "/api/v1/disclosure-requests/{request_id}": {"get"},
    "/api/v1/disclosure-requests/{request_id}/transitions": {"post"},
    "/api/v1/disclosure-requests/{request_id}/reviews": {"post"},
    "/api/v1/disclosure-requests/{request_id}/releases": {"get", "post"},
    "/api/v1/disclosure-reviews/{review_id}/complete": {"post"},
    "/api/v1/disclosure-delegations": {"get", "post"},
    "/api/v1/disclosure-delegations/{letter_id}": {"get"},
    "/api/v1/disclosure-delegations/{letter_id}/approve": {"post"},
    "/api/v1/disclosure-ceilings": {"get", "post"},
    "/api/v1/policy-restrictions": {"get", "post"},
    "/api/v1/disclosure-requests/{request_id}/exceptions": {"get", "post"},
    "/api/v1/disclosure-exceptions/{exception_id}": {"get"},
    "/api/v1/disclosure-exceptions/{exception_id}/transitions": {"post"},
    "/api/v1/security-agreements": {"get", "post"},
    "/api/v1/security-agreements/{agreement_id}": {"get"},
    "/api/v1/end-use-items": {"get", "post"},
    "/api/v1/end-use-items/{item_id}": {"get"},
    "/api/v1/end-use-items/{item_id}/inventories": {"post"},
    "/api/v1/end-use-items/{item_id}/incidents": {"post"},
    "/api/v1/end-use-incidents/{incident_id}/report": {"post"},
    "/api/v1/end-use-delinquencies": {"get"},
    "/api/v1/vetting-nominees": {"get", "post"},
    "/api/v1/vetting-nominees/{nominee_id}": {"get"},
    "/api/v1/vetting-nominees/{nominee_id}/vettings": {"post"},
    "/api/v1/vetting-nominees/{nominee_id}/assistance": {"post"},
    "/api/v1/vetting-flags": {"get"},
    "/api/v1/execution-constraints": {"get", "post"},
    "/api/v1/execution-constraints/{constraint_id}": {"get"},
    # Cooperation programs and international agreements.
    "/api/v1/programs": {"get", "post"},
    "/api/v1/programs/{program_id}": {"get", "patch"},
    "/api/v1/programs/{program_id}/transitions/{name}": {"post"},
    "/api/v1/programs/{program_id}/assignments": {"post"},
    "/api/v1/programs/{program_id}/contributions": {"get", "post"},
    "/api/v1/programs/{program_id}/funding-lines": {"get", "post"},
    "/api/v1/programs/{program_id}/assessments": {"get", "post"},
    "/api/v1/programs/{program_id}/critical-information": {"get", "post"},
    "/api/v1/programs/{program_id}/roadmaps": {"get", "post"},
    "/api/v1/programs/{program_id}/harmonizations": {"get", "post"},
    "/api/v1/programs/{program_id}/partner-assessments": {"get", "post"},
    "/api/v1/programs/{program_id}/risks": {"get", "post"},
    "/api/v1/programs/{program_id}/execution-reports": {"get", "post"},
    "/api/v1/programs/{program_id}/resource-plan": {"get", "post"},
    "/api/v1/programs/{program_id}/nomination-scores": {"get", "post"},
    "/api/v1/programs/{program_id}/def-deliverables": {"get", "post"},
    "/api/v1/programs/{program_id}/execution": {"get"},
    "/api/v1/cwp-cycles/{fiscal_year}": {"get"},
    "/api/v1/programs/{program_id}/documents": {"get", "post"},
    "/api/v1/documents/{document_id}/versions": {"post"},
    "/api/v1/agreement-types": {"get"},
    "/api/v1/agreements": {"get", "post"},
    "/api/v1/agreements/expiring": {"get"},
    "/api/v1/agreements/{agreement_id}": {"get", "patch"},
    "/api/v1/agreements/{agreement_id}/transitions/{name}": {"post"},
    "/api/v1/agreements/{agreement_id}/assignments": {"post"},
    "/api/v1/agreements/{agreement_id}/negotiation-rounds": {"post"},
    "/api/v1/agreements/{agreement_id}/concurrences": {"post"},
    "/api/v1/agreements/{agreement_id}/notices": {"post"},
    "/api/v1/agreement-authorities": {"get"},
    "/api/v1/agreements/{agreement_id}/documents": {"get", "post"},
    "/api/v1/agreements/{agreement_id}/interactions": {"get", "post"},
    "/api/v1/agreements/{agreement_id}/drafts": {"get"},
    "/api/v1/agreements/{agreement_id}/drafts/compare": {"get"},
    # Sales and transfer cases.
    "/api/v1/cases": {"get", "post"},
    "/api/v1/cases/pipeline": {"get"},
    "/api/v1/cases/overdue": {"get"},
    "/api/v1/cases/{case_id}": {"get", "patch"},
    "/api/v1/cases/{case_id}/request": {"get", "patch"},
    "/api/v1/cases/{case_id}/data-quality": {"get"},
    "/api/v1/cases/{case_id}/transitions": {"get"},
    "/api/v1/cases/{case_id}/transitions/{name}": {"post"},
    "/api/v1/cases/{case_id}/log": {"get"},
    "/api/v1/cases/{case_id}/lines": {"get", "post"},
    "/api/v1/cases/{case_id}/payments": {"get", "post"},
    "/api/v1/case-payments/{payment_id}/received": {"post"},
    "/api/v1/cases/{case_id}/milestones": {"get", "post"},
    "/api/v1/case-milestones/{milestone_id}/done": {"post"},
    "/api/v1/cases/{case_id}/reviews": {"get", "post"},
    "/api/v1/cases/{case_id}/closure-actions": {"get", "post"},
    "/api/v1/case-closure-actions/{action_id}/done": {"post"},
    "/api/v1/cases/{case_id}/assignments": {"get", "post"},
    "/api/v1/cases/{case_id}/engagements": {"post"},
    "/api/v1/cases/offer-dates": {"get"},
    "/api/v1/cases/portfolio/country/{country_id}": {"get"},
    "/api/v1/cases/portfolio/program/{program_id}": {"get"},
    "/api/v1/case-lines/{line_id}/deliveries": {"post"},
    "/api/v1/cases/{case_id}/versions": {"get", "post"},
    "/api/v1/case-versions/{version_id}/transitions/{name}": {"post"},
    # Export licences and case-status extracts.
    "/api/v1/case-findings/{finding_id}/resolve": {"post"},
    "/api/v1/cases/status-extracts": {"get", "post"},
    "/api/v1/cases/status-extracts/{run_id}": {"get"},
    "/api/v1/licence-provisos/{proviso_id}/acknowledged": {"post"},
    "/api/v1/licences": {"get", "post"},
    "/api/v1/licences/{licence_id}": {"get", "patch"},
    "/api/v1/licences/{licence_id}/log": {"get"},
    "/api/v1/licences/{licence_id}/provisos": {"get", "post"},
    "/api/v1/licences/{licence_id}/transitions": {"get"},
    "/api/v1/licences/{licence_id}/transitions/{name}": {"post"},
    # Multinational logistics: cross-servicing agreements, their orders, supply arrangements.
    "/api/v1/acsas": {"get", "post"},
    "/api/v1/acsas/{acsa_id}": {"get"},
    "/api/v1/acsas/{acsa_id}/arrangements": {"get", "post"},
    "/api/v1/acsas/{acsa_id}/orders": {"post"},
    "/api/v1/acsa-orders": {"get"},
    "/api/v1/acsa-orders/{order_id}": {"get"},
    "/api/v1/acsa-orders/{order_id}/settlements": {"get", "post"},
    "/api/v1/supply-arrangements": {"get", "post"},
    "/api/v1/supply-arrangements/{arrangement_id}": {"get"},
}


def openapi(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_openapi_document_lists_every_route(db):
    document = openapi(db)
    assert {path: set(methods) for path, methods in document["paths"].items()} == EXPECTED_PATHS


def test_every_operation_declares_a_schema_for_its_responses(db):
    for path, methods in openapi(db)["paths"].items():
        for method, operation in methods.items():
            for status, response in operation["responses"].items():
                assert "schema" in response["content"]["application/json"], (path, method, status)


def test_every_operation_documents_the_401(db):
    for methods in openapi(db)["paths"].values():
        for operation in methods.values():
            assert "401" in operation["responses"]


def test_list_filters_are_documented_as_query_parameters(db):
    parameters = openapi(db)["paths"]["/api/v1/people"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == {"q", "org_unit", "role_type", "limit", "offset"}


def test_the_docs_page_is_served(directorate, client):
    client.force_login(directorate.outsider.user)
    assert client.get(reverse("api:openapi-view")).status_code == 200


def test_no_two_api_schemas_share_a_name_so_none_hides_another_in_the_document():
    # The document names each schema by its class name: two classes of one name
    # would be published as one, and clients would be told the wrong shape.
    from ninja import Schema

    import seccoop.api  # noqa: F401  (every router and its schemas loaded)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    seen: dict[str, str] = {}
    clashes = []
    for schema in subclasses(Schema):
        if not schema.__module__.startswith("seccoop."):
            continue
        where = f"{schema.__module__}.{schema.__qualname__}"
        if schema.__name__ in seen and seen[schema.__name__] != where:
            clashes.append(f"{seen[schema.__name__]} and {where}")
        seen.setdefault(schema.__name__, where)
    assert clashes == []
