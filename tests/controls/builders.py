"""Controls records built through the services, for tests outside tests/controls (browser)."""

import datetime

from seccoop.controls import services
from seccoop.controls.models import (
    EeumArticle,
    EndUseItem,
    ExecutionConstraint,
    Nominee,
    ReviewKind,
    SecurityAgreement,
)
from seccoop.core.permissions import Role
from seccoop.core.services import create_record
from seccoop.partners.models import Country
from seccoop.programs.models import Case, Program
from tests.factories import PersonFactory, UserFactory

TODAY = datetime.date(2026, 6, 1)


def disclosure_specialist():
    user = UserFactory(
        username="dana",
        first_name="Dana",
        last_name="Discloser",
        roles=[Role.DISCLOSURE_SPECIALIST],
    )
    PersonFactory(first_name="Dana", last_name="Discloser", user=user)
    return user


def submitter():
    """A second disclosure specialist, who submits what Dana reviews and decides."""
    user = UserFactory(
        username="fiona",
        first_name="Fiona",
        last_name="Filer",
        roles=[Role.DISCLOSURE_SPECIALIST],
    )
    PersonFactory(first_name="Fiona", last_name="Filer", user=user)
    return user


def build_records(dana) -> dict:
    """A request in review (its one review concurred), and one record of every other kind."""
    france = Country.objects.get(iso_code="FR")
    japan = Country.objects.get(iso_code="JP")
    france.save()  # a first history entry, as a country that has been edited has
    case = Case.objects.create(identifier="FR-D-QAA", title="F-16 sustainment", country=france)
    program = Program.objects.create(name="Coalition radar")
    request = services.submit_disclosure_request(
        user=submitter(),
        data=services.DisclosureData(
            title="Radar performance data",
            category="3",
            submitted_on=TODAY,
            countries=[france, japan],
            program=program,
            reviews=[ReviewKind.TECHNOLOGY_SECURITY],
        ),
    )
    services.move_disclosure_request(user=dana, request=request, name="start-review")
    services.complete_review(
        user=dana, review=request.reviews.get(), outcome="concur", completed_on=TODAY
    )
    letter = services.issue_delegation(
        user=dana,
        program=program,
        data={
            "title": "Coalition radar DDL",
            "classification_ceiling": "S",
            "disclosure_methods": ["oral", "visual"],
            "categories": ["3"],
            "may_disclose": "Interface data.",
            "may_not_disclose": "Source code.",
            "effective_on": TODAY,
        },
        countries=[france],
    )
    agreement = create_record(
        user=dana,
        model=SecurityAgreement,
        data={"country": france, "kind": "gsomia", "title": "U.S.–France GSOMIA",
              "status": "in-force", "signed_on": datetime.date(2019, 5, 1),
              "in_force_on": datetime.date(2019, 6, 1)},
    )  # fmt: skip
    goggles = EeumArticle.objects.create(
        name="Night vision goggles",
        designation_reference="SAMM C8.4 designated articles",
        designated_on=datetime.date(2015, 1, 1),
    )
    item = create_record(
        user=dana,
        model=EndUseItem,
        data={"case": case, "description": "Night vision goggles", "article": goggles,
              "serial_number": "NV-1", "arrived_on": datetime.date(2020, 1, 10)},
    )  # fmt: skip
    services.record_incident(
        user=dana, item=item, kind="loss", discovered_on=datetime.date(2021, 1, 1),
        description="Missing at the depot.",
    )  # fmt: skip
    nominee = create_record(
        user=dana,
        model=Nominee,
        data={"country": france, "kind": "unit", "name": "1st Marine Infantry Regiment",
              "nominated_on": TODAY},
    )  # fmt: skip
    services.record_assistance(
        user=dana, nominee=nominee, provided_on=TODAY, description="Marksmanship course"
    )
    constraint = create_record(
        user=dana,
        model=ExecutionConstraint,
        data={"kind": "authorities", "title": "No authority to train police units",
              "plan_reference": "Campaign plan line of effort 2", "identified_on": TODAY},
    )  # fmt: skip
    return {
        "france": france,
        "request": request,
        "letter": letter,
        "agreement": agreement,
        "item": item,
        "nominee": nominee,
        "constraint": constraint,
    }
