"""The controls app: open to foreign disclosure specialists, leadership and administrators.

Everyone else is refused: list pages answer 403, and a record they may not
see is reported missing (404) on its pages and in the API alike, the probe
audited; the API refuses the lists (403). Disclosure
specialists and administrators change the records; leadership reads. The
people assigned to a record (none among the personas here) see it too;
tests/controls proves that.
"""

import datetime
from dataclasses import dataclass

from seccoop.controls import disclosure_policy, oversight_services, services
from seccoop.controls.models import (
    ComplianceVisit,
    DisclosureCriterion,
    EeumArticle,
    EndUseItem,
    EndUseRequest,
    ExecutionConstraint,
    ForeignRepresentative,
    Nominee,
    SecurityAgreement,
    VisitRequest,
)
from seccoop.core.services import create_record
from seccoop.programs.models import Case, Program
from tests.permissions.expect import SIGNED_IN, Entry, Ref

READERS = frozenset({"administrator", "leadership", "disclosure_specialist"})
WRITERS = frozenset({"administrator", "disclosure_specialist"})
HIDDEN = SIGNED_IN - READERS
DAY = datetime.date(2026, 2, 1)


@dataclass(frozen=True)
class Word:
    """A fixed word of a page address (the kind of record in controls:assign)."""

    value: str

    def __str__(self) -> str:
        return self.value


def records(world):
    world.add("ctl_item_kind", Word("item"))
    dana = world.users["disclosure_specialist"]
    france, japan = world.records["france"], world.records["japan"]
    case = Case.objects.create(identifier="CTL-FR-1", title="Controls matrix case", country=france)
    program = Program.objects.create(name="Controls matrix program")
    request = services.submit_disclosure_request(
        user=dana,
        data=services.DisclosureData(
            title="Matrix radar data",
            category="3",
            submitted_on=DAY,
            countries=[france, japan],
            program=program,
            reviews=["technology-security"],
        ),
    )
    world.add("ctl_request", request)
    world.add("ctl_review", request.reviews.get())
    world.add(
        "ctl_letter",
        services.issue_delegation(
            user=dana,
            program=program,
            countries=[france],
            data={
                "title": "Matrix DDL",
                "classification_ceiling": "C",
                "disclosure_methods": ["oral"],
                "categories": ["3"],
                "may_disclose": "Interfaces.",
                "may_not_disclose": "Code.",
                "effective_on": DAY,
            },
        ),
    )
    world.add(
        "ctl_agreement",
        create_record(
            user=dana,
            model=SecurityAgreement,
            data={
                "country": france,
                "kind": "gsomia",
                "title": "Matrix GSOMIA",
                "status": "proposed",
            },
        ),
    )
    item = world.add(
        "ctl_item",
        create_record(
            user=dana,
            model=EndUseItem,
            data={
                "case": case,
                "description": "Matrix goggles",
                "article": EeumArticle.objects.create(
                    name="Matrix goggles", designation_reference="Matrix", designated_on=DAY
                ),
                "serial_number": "MX-1",
                "arrived_on": DAY,
            },
        ),
    )
    world.add(
        "ctl_incident",
        services.record_incident(
            user=dana, item=item, kind="loss", discovered_on=DAY, description="Matrix loss"
        ),
    )
    world.add(
        "ctl_nominee",
        create_record(
            user=dana,
            model=Nominee,
            data={
                "country": france,
                "kind": "unit",
                "name": "Matrix Regiment",
                "nominated_on": DAY,
            },
        ),
    )
    world.add(
        "ctl_constraint",
        create_record(
            user=dana,
            model=ExecutionConstraint,
            data={
                "kind": "resources",
                "title": "Matrix constraint",
                "plan_reference": "Matrix plan",
                "identified_on": DAY,
            },
        ),
    )
    world.add("ctl_case", case)
    world.add("ctl_program", program)
    ceiling = disclosure_policy.record_ceiling(
        user=dana, country=japan, category="3", level="C", effective_on=DAY, source_note="Matrix"
    )
    world.add("ctl_ceiling", ceiling)
    world.add(
        "ctl_exception",
        disclosure_policy.prepare_exception(
            user=dana,
            request=request,
            information="Matrix data.",
            justification="Matrix.",
            countries=[japan],
            criteria=[
                disclosure_policy.CriterionLine(c.value, "met", "Matrix.")
                for c in DisclosureCriterion
            ],
        ),
    )
    _visit_records(world, dana, france, case, item)


def _visit_records(world, dana, france, case, item):
    """A visit, a liaison officer, a designation, an assessment, a request and a violation."""
    world.add(
        "ctl_visit",
        create_record(
            user=dana,
            model=VisitRequest,
            data={
                "country": france,
                "kind": "one-time",
                "visitors": "Matrix visitor",
                "host_organization": "Matrix lab",
                "purpose": "Matrix purpose",
                "starts_on": DAY,
                "ends_on": DAY,
                "information": "Matrix data",
            },
        ),
    )
    world.add(
        "ctl_officer",
        create_record(
            user=dana,
            model=ForeignRepresentative,
            data={
                "country": france,
                "kind": "liaison-officer",
                "name": "Matrix officer",
                "position": "Matrix position",
                "host_organization": "Matrix host",
                "certified_on": DAY,
                "certification_ends_on": DAY,
                "reports_on": DAY,
                "departs_on": DAY,
                "duties": "Liaison",
                "access": "Oral",
            },
        ),
    )
    world.add("ctl_article", EeumArticle.objects.get(name="Matrix goggles"))
    assessment = world.add(
        "ctl_assessment",
        create_record(
            user=dana,
            model=ComplianceVisit,
            data={
                "country": france,
                "starts_on": DAY,
                "ends_on": DAY,
                "team_lead": "Matrix lead",
                "scope": "Matrix scope",
            },
        ),  # fmt: skip
    )
    world.add(
        "ctl_finding",
        oversight_services.record_finding(
            user=dana, visit=assessment, description="Matrix finding"
        ),
    )
    world.add(
        "ctl_consent",
        create_record(
            user=dana,
            model=EndUseRequest,
            data={
                "kind": "disposal",
                "item": item,
                "received_on": DAY,
                "description": "Matrix disposal",
            },
        ),  # fmt: skip
    )
    violation = world.add(
        "ctl_violation",
        oversight_services.record_potential_violation(
            user=dana, item=item, discovered_on=DAY, description="Matrix violation"
        ),
    )
    world.add("ctl_notice", violation.notices.order_by("pk").first())


def page(**kwargs):
    return Entry(allowed=READERS, **kwargs)


def record_page(params):
    """A record's own page: hidden from anyone who may not see the record (404)."""
    return Entry(allowed=READERS, not_found=HIDDEN, params=params)


def edit_page(params):
    return Entry(allowed=WRITERS, not_found=HIDDEN, params=params)


def write_page(params, data=None):
    """A write on a record: 404 for whoever may not see it, 403 for readers who may not write."""
    return Entry(method="POST", allowed=WRITERS, not_found=HIDDEN, params=params, data=data or {})


def api_read(params=None):
    return Entry(allowed=READERS, not_found=HIDDEN, params=params or {})


def api_write(params=None, data=None, hidden=True):
    return Entry(
        allowed=WRITERS,
        not_found=HIDDEN if hidden else (),
        params=params or {},
        data=data or {},
    )


REQUEST = {"pk": "ctl_request"}
ITEM = {"pk": "ctl_item"}
NOMINEE = {"pk": "ctl_nominee"}
VISIT = {"pk": "ctl_visit"}
OFFICER = {"pk": "ctl_officer"}

ROUTES = {
    # Pages: readers open them, writers change; anyone else gets 403 on the lists
    # and 404 on a record's pages (the record is hidden from them).
    "controls:index": page(),
    "controls:disclosure-list": page(),
    "controls:disclosure-new": Entry(allowed=WRITERS),
    "controls:disclosure-detail": record_page(REQUEST),
    "controls:disclosure-move": write_page(REQUEST, {"transition": "start-review"}),
    "controls:review-add": write_page(REQUEST, {"kind": "legal"}),
    "controls:release-new": write_page(REQUEST),
    "controls:review-complete": write_page({"pk": "ctl_review"}),
    "controls:delegation-list": page(),
    "controls:delegation-new": Entry(allowed=WRITERS),
    "controls:delegation-detail": record_page({"pk": "ctl_letter"}),
    "controls:delegation-approve": write_page(
        {"pk": "ctl_letter"}, {"approving_authority": "Matrix authority", "version": 1}
    ),
    "controls:ceiling-list": page(),
    "controls:ceiling-new": Entry(method="POST", allowed=WRITERS, data={}),
    "controls:ceiling-history": page(
        params={"country_id": "ctl_ceiling.country_id", "category": "ctl_ceiling.category"}
    ),
    "controls:restriction-new": Entry(allowed=WRITERS),
    "controls:exception-new": edit_page(REQUEST),
    "controls:exception-detail": record_page({"pk": "ctl_exception"}),
    "controls:exception-move": write_page(
        {"pk": "ctl_exception"}, {"transition": "submit", "version": 1}
    ),
    "controls:agreement-list": page(),
    "controls:agreement-new": Entry(allowed=WRITERS),
    "controls:agreement-detail": record_page({"pk": "ctl_agreement"}),
    "controls:agreement-edit": edit_page({"pk": "ctl_agreement"}),
    "controls:item-list": page(),
    "controls:item-new": Entry(allowed=WRITERS),
    "controls:delinquencies": page(),
    "controls:item-detail": record_page(ITEM),
    "controls:item-edit": edit_page(ITEM),
    "controls:inventory-new": write_page(ITEM),
    "controls:incident-new": write_page(ITEM),
    "controls:incident-reported": write_page({"pk": "ctl_incident"}),
    "controls:nominee-list": page(),
    "controls:nominee-new": Entry(allowed=WRITERS),
    "controls:vetting-flags": page(),
    "controls:nominee-detail": record_page(NOMINEE),
    "controls:vetting-new": write_page(NOMINEE),
    "controls:assistance-new": write_page(NOMINEE),
    "controls:constraint-list": page(),
    "controls:constraint-new": Entry(allowed=WRITERS),
    "controls:constraint-detail": record_page({"pk": "ctl_constraint"}),
    "controls:constraint-edit": edit_page({"pk": "ctl_constraint"}),
    "controls:assign": write_page({"kind": "ctl_item_kind.value", "pk": "ctl_item"}),
    "controls:import": Entry(allowed=WRITERS),
    # Foreign visits, liaison and exchange officers (same rule as every controls record).
    "controls:visit-list": page(),
    "controls:visit-new": Entry(allowed=WRITERS),
    "controls:visit-detail": record_page(VISIT),
    "controls:visit-edit": edit_page(VISIT),
    "controls:visit-move": write_page(VISIT, {"transition": "deny", "decision_reasons": "No."}),
    "controls:representative-list": page(),
    "controls:representative-new": Entry(allowed=WRITERS),
    "controls:representative-detail": record_page(OFFICER),
    "controls:representative-edit": edit_page(OFFICER),
    "controls:representative-extend": write_page(OFFICER),
    # End-use oversight.
    "controls:article-list": page(),
    "controls:article-new": Entry(allowed=WRITERS),
    "controls:article-edit": edit_page({"pk": "ctl_article"}),
    "controls:designation-new": Entry(allowed=WRITERS),
    "controls:item-disposal": write_page(ITEM),
    "controls:compliance-list": page(),
    "controls:compliance-new": Entry(allowed=WRITERS),
    "controls:compliance-detail": record_page({"pk": "ctl_assessment"}),
    "controls:finding-new": write_page({"pk": "ctl_assessment"}),
    "controls:finding-close": write_page({"pk": "ctl_finding"}),
    "controls:consent-list": page(),
    "controls:consent-new": Entry(allowed=WRITERS),
    "controls:consent-detail": record_page({"pk": "ctl_consent"}),
    "controls:consent-decide": write_page({"pk": "ctl_consent"}),
    "controls:violation-list": page(),
    "controls:violation-new": Entry(allowed=WRITERS),
    "controls:violation-detail": record_page({"pk": "ctl_violation"}),
    "controls:notice-record": write_page({"pk": "ctl_notice"}),
    "controls:export": page(),
    # API: lists refused (403) to anyone who sees no controls record; records hidden (404).
    "GET /api/v1/disclosure-requests": page(),
    "POST /api/v1/disclosure-requests": api_write(
        hidden=False,
        data={
            "title": "Matrix request",
            "category": "3",
            "countries": ["FR"],
            "visit_description": "Visit",
        },
    ),
    "GET /api/v1/disclosure-requests/{request_id}": api_read({"request_id": "ctl_request"}),
    "POST /api/v1/disclosure-requests/{request_id}/transitions": api_write(
        {"request_id": "ctl_request"},
        {"transition": "start-review", "version": Ref("ctl_request.version")},
    ),
    "POST /api/v1/disclosure-requests/{request_id}/reviews": api_write(
        {"request_id": "ctl_request"}, {"kind": "legal"}
    ),
    "GET /api/v1/disclosure-requests/{request_id}/releases": api_read(
        {"request_id": "ctl_request"}
    ),
    "POST /api/v1/disclosure-requests/{request_id}/releases": api_write(
        {"request_id": "ctl_request"}, {"country": "FR", "released_on": "2026-02-02"}
    ),
    "POST /api/v1/disclosure-reviews/{review_id}/complete": api_write(
        {"review_id": "ctl_review"}, {"outcome": "concur"}
    ),
    "GET /api/v1/disclosure-delegations": page(),
    "POST /api/v1/disclosure-delegations": api_write(
        hidden=False,
        data={
            "program": 1,
            "title": "Matrix DDL 2",
            "classification_ceiling": "C",
            "disclosure_methods": ["oral"],
            "categories": ["3"],
            "countries": ["FR"],
            "may_disclose": "a",
            "may_not_disclose": "b",
            "effective_on": "2026-03-01",
        },
    ),
    "GET /api/v1/disclosure-delegations/{letter_id}": api_read({"letter_id": "ctl_letter"}),
    "POST /api/v1/disclosure-delegations/{letter_id}/approve": api_write(
        {"letter_id": "ctl_letter"},
        {"approving_authority": "Matrix authority", "version": Ref("ctl_letter.version")},
    ),
    "GET /api/v1/disclosure-ceilings": page(),
    "POST /api/v1/disclosure-ceilings": api_write(
        hidden=False,
        data={
            "country": "FR",
            "category": "3",
            "level": "S",
            "effective_on": "2026-03-01",
            "source_note": "Matrix",
        },
    ),
    "GET /api/v1/policy-restrictions": page(),
    "POST /api/v1/policy-restrictions": api_write(
        hidden=False,
        data={
            "country": "FR",
            "title": "Matrix restriction",
            "authority": "Matrix",
            "effective_on": "2026-03-01",
        },
    ),
    "GET /api/v1/disclosure-requests/{request_id}/exceptions": api_read(
        {"request_id": "ctl_request"}
    ),
    "POST /api/v1/disclosure-requests/{request_id}/exceptions": api_write(
        {"request_id": "ctl_request"},
        {"information": "x", "countries": ["JP"], "justification": "y", "criteria": []},
    ),
    "GET /api/v1/disclosure-exceptions/{exception_id}": api_read({"exception_id": "ctl_exception"}),
    "POST /api/v1/disclosure-exceptions/{exception_id}/transitions": api_write(
        {"exception_id": "ctl_exception"},
        {"transition": "submit", "version": Ref("ctl_exception.version")},
    ),
    "GET /api/v1/security-agreements": page(),
    "POST /api/v1/security-agreements": api_write(
        hidden=False,
        data={"country": "JP", "kind": "gsomia", "title": "Matrix JP GSOMIA", "status": "proposed"},
    ),
    "GET /api/v1/security-agreements/{agreement_id}": api_read({"agreement_id": "ctl_agreement"}),
    "GET /api/v1/end-use-items": page(),
    "POST /api/v1/end-use-items": api_write(
        hidden=False, data={"case": 1, "description": "Matrix scope", "monitoring": "routine"}
    ),
    "GET /api/v1/end-use-items/{item_id}": api_read({"item_id": "ctl_item"}),
    "POST /api/v1/end-use-items/{item_id}/inventories": api_write(
        {"item_id": "ctl_item"}, {"inventoried_on": "2026-03-01", "result": "accounted-for"}
    ),
    "POST /api/v1/end-use-items/{item_id}/incidents": api_write(
        {"item_id": "ctl_item"},
        {"kind": "theft", "discovered_on": "2026-03-01", "description": "Matrix theft"},
    ),
    "POST /api/v1/end-use-incidents/{incident_id}/report": api_write(
        {"incident_id": "ctl_incident"}
    ),
    "GET /api/v1/end-use-delinquencies": page(),
    "GET /api/v1/vetting-nominees": page(),
    "POST /api/v1/vetting-nominees": api_write(
        hidden=False,
        data={
            "country": "FR",
            "kind": "unit",
            "name": "Matrix Battalion",
            "nominated_on": "2026-03-01",
        },
    ),
    "GET /api/v1/vetting-nominees/{nominee_id}": api_read({"nominee_id": "ctl_nominee"}),
    "POST /api/v1/vetting-nominees/{nominee_id}/vettings": api_write(
        {"nominee_id": "ctl_nominee"}, {"requested_on": "2026-03-01"}
    ),
    "POST /api/v1/vetting-nominees/{nominee_id}/assistance": api_write(
        {"nominee_id": "ctl_nominee"}, {"provided_on": "2026-03-01", "description": "Course"}
    ),
    "GET /api/v1/vetting-flags": page(),
    "GET /api/v1/execution-constraints": page(),
    "POST /api/v1/execution-constraints": api_write(
        hidden=False,
        data={
            "kind": "resources",
            "title": "Matrix",
            "plan_reference": "Plan",
            "identified_on": "2026-03-01",
        },
    ),
    "GET /api/v1/execution-constraints/{constraint_id}": api_read(
        {"constraint_id": "ctl_constraint"}
    ),
}
