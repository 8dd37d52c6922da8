"""Controls fixtures: a foreign disclosure specialist and the records she keeps.

Dana is the directorate's foreign disclosure specialist; Fiona, a second one,
submits the requests Dana reviews and decides (separation of duties). France and Japan
are partner nations; an F-16 sustainment case with France and a coalition
radar program with both carry the disclosure and end-use records. Tina
(a desk officer) and Nora (no role) see no controls record unless assigned.
"""

import datetime
from dataclasses import dataclass

import pytest

from seccoop.controls import disclosure_policy, services
from seccoop.controls.disclosure_policy import CriterionLine
from seccoop.controls.models import (
    AgreementKind,
    AgreementStatus,
    ConstraintKind,
    CriterionFinding,
    DisclosureCategory,
    DisclosureCriterion,
    DisclosureRequest,
    EeumArticle,
    EndUseItem,
    ExecutionConstraint,
    Nominee,
    NomineeKind,
    PolicyRestriction,
    ReviewKind,
    SecurityAgreement,
)
from seccoop.core.permissions import Role
from seccoop.core.services import create_record
from seccoop.partners.models import Country
from seccoop.programs.models import Case, CaseLine, Program
from tests.factories import PersonFactory, UserFactory

TODAY = datetime.date(2026, 6, 1)


# A finding of "met" on every disclosure criterion (DoDD 5230.11, enclosure 3).
ALL_MET = [
    CriterionLine(criterion.value, CriterionFinding.MET, "Assessed against the request.")
    for criterion in DisclosureCriterion
]


@dataclass
class Controls:
    specialist: object
    submitter: object
    france: Country
    japan: Country
    case: Case
    line: CaseLine
    program: Program
    goggles: EeumArticle


@pytest.fixture
def controls(directorate):
    user = UserFactory(
        username="dana",
        first_name="Dana",
        last_name="Discloser",
        roles=[Role.DISCLOSURE_SPECIALIST],
    )
    specialist = PersonFactory(first_name="Dana", last_name="Discloser", user=user)
    sam = UserFactory(
        username="fiona",
        first_name="Fiona",
        last_name="Filer",
        roles=[Role.DISCLOSURE_SPECIALIST],
    )
    PersonFactory(first_name="Fiona", last_name="Filer", user=sam)
    france = Country.objects.get(iso_code="FR")
    japan = Country.objects.get(iso_code="JP")
    france.save()  # a first history entry, as a country that has been edited has
    case = Case.objects.create(identifier="FR-D-QAA", title="F-16 sustainment", country=france)
    line = CaseLine.objects.create(case=case, number=1, description="Night vision devices")
    program = Program.objects.create(name="Coalition radar")
    program.countries.set([france, japan])
    goggles = EeumArticle.objects.create(
        name="Night vision goggles",
        designation_reference="SAMM C8.4 designated articles",
        designated_on=datetime.date(2015, 1, 1),
    )
    return Controls(
        specialist=specialist,
        submitter=sam,
        france=france,
        japan=japan,
        case=case,
        line=line,
        program=program,
        goggles=goggles,
    )


@pytest.fixture
def dana(controls):
    return controls.specialist.user


@pytest.fixture
def make_request(controls, dana):
    """`make_request(**changes)`: a request to release radar data to France and Japan."""

    def make(*, user=None, **changes) -> DisclosureRequest:
        values = {
            "title": "Radar performance data",
            "category": DisclosureCategory.RESEARCH,
            "submitted_on": TODAY,
            "countries": [controls.france, controls.japan],
            "program": controls.program,
            "reviews": [ReviewKind.TECHNOLOGY_SECURITY],
        }
        values.update(changes)
        return services.submit_disclosure_request(
            user=user or controls.submitter, data=services.DisclosureData(**values)
        )

    return make


@pytest.fixture
def reviewed_request(make_request, dana):
    """A request in review whose one review concurred: ready to decide."""
    request = make_request()
    services.move_disclosure_request(user=dana, request=request, name="start-review")
    review = request.reviews.get()
    services.complete_review(user=dana, review=review, outcome="concur", completed_on=TODAY)
    request.refresh_from_db()
    return request


@pytest.fixture
def make_item(controls, dana):
    def make(**changes) -> EndUseItem:
        values = {
            "case": controls.case,
            "case_line": controls.line,
            "description": "Night vision goggles",
            # Enhanced because the article is designated (SAMM C8.4), not because it is typed.
            "article": controls.goggles,
            "serial_number": "NV-0001",
            "arrived_on": datetime.date(2026, 1, 10),
        }
        values.update(changes)
        return create_record(user=dana, model=EndUseItem, data=values)

    return make


@pytest.fixture
def one_of_each(controls, dana, make_request, make_item):
    """One record of every controls type, made by the specialist; by model."""
    request = make_request()
    services.move_disclosure_request(user=dana, request=request, name="start-review")
    review = request.reviews.get()
    services.complete_review(user=dana, review=review, outcome="concur", completed_on=TODAY)
    exception = disclosure_policy.prepare_exception(
        user=dana,
        request=request,
        information="Radar data.",
        justification="Co-development.",
        countries=[controls.japan],
        criteria=ALL_MET,
    )
    services.move_disclosure_request(
        user=dana, request=request, name="approve", reasons="Within policy.", criteria=ALL_MET
    )
    ceiling = disclosure_policy.record_ceiling(
        user=dana,
        country=controls.japan,
        category="3",
        level="C",
        effective_on=TODAY,
        source_note="Entered for the tests.",
    )
    restriction = create_record(
        user=dana,
        model=PolicyRestriction,
        data={
            "country": controls.japan,
            "title": "No signature data",
            "authority": "Committee record 25-101",
            "effective_on": TODAY,
        },
    )
    release = services.record_release(
        user=dana, request=request, country=controls.france, released_on=TODAY
    )
    letter = services.issue_delegation(
        user=dana,
        program=controls.program,
        data={
            "title": "Coalition radar DDL",
            "classification_ceiling": "S",
            "disclosure_methods": ["oral", "documentary"],
            "categories": ["3"],
            "may_disclose": "Form, fit and function data.",
            "may_not_disclose": "Source code.",
            "effective_on": TODAY,
        },
        countries=[controls.france],
    )
    agreement = create_record(
        user=dana,
        model=SecurityAgreement,
        data={
            "country": controls.france,
            "kind": AgreementKind.GSOMIA,
            "title": "U.S.–France GSOMIA",
            "status": AgreementStatus.IN_FORCE,
            "signed_on": datetime.date(2019, 5, 1),
            "in_force_on": datetime.date(2019, 6, 1),
        },
    )
    item = make_item()
    inventory = services.record_inventory(
        user=dana, item=item, inventoried_on=datetime.date(2026, 2, 1), result="accounted-for"
    )
    incident = services.record_incident(
        user=dana, item=item, kind="loss", discovered_on=TODAY, description="Missing at depot."
    )
    nominee = create_record(
        user=dana,
        model=Nominee,
        data={
            "country": controls.france,
            "kind": NomineeKind.UNIT,
            "name": "1st Marine Infantry Regiment",
            "nominated_on": TODAY,
        },
    )
    vetting = services.record_vetting(
        user=dana,
        nominee=nominee,
        requested_on=TODAY,
        result="approved",
        vetted_on=TODAY,
    )
    assistance, _ = services.record_assistance(
        user=dana, nominee=nominee, provided_on=TODAY, description="Marksmanship course"
    )
    constraint = create_record(
        user=dana,
        model=ExecutionConstraint,
        data={
            "kind": ConstraintKind.AUTHORITIES,
            "title": "No authority to train police units",
            "plan_reference": "Campaign plan line of effort 2",
            "identified_on": TODAY,
        },
    )
    return {
        "DisclosureRequest": request,
        "DisclosureReview": review,
        "CountryDecision": request.country_decisions.first(),
        "Release": release,
        "DelegationOfDisclosureAuthority": letter,
        "SecurityAgreement": agreement,
        "EndUseItem": item,
        "Inventory": inventory,
        "UseIncident": incident,
        "Nominee": nominee,
        "Vetting": vetting,
        "Assistance": assistance,
        "ExecutionConstraint": constraint,
        "PolicyException": exception,
        "CriterionAssessment": request.criteria.first(),
        "DisclosureCeiling": ceiling,
        "PolicyRestriction": restriction,
    }
