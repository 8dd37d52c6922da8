"""Fixtures of the programs app, shared by the cooperation, agreement and case tests.

On top of the directorate's personas (tests/conftest.py):

- France: Tina (alpha) holds the desk, Uma (alpha) the backup; Sam and Lee are
  above them in the supervisor chain.
- Japan: Bob (bravo) holds the desk, with no backup; Sue and Lee are above him.
- Pat Program (alpha team) and Quinn Program (bravo team) are program-team
  members with no desk.
- Lee is leadership, Ada the administrator, Nora holds no role.
"""

from dataclasses import dataclass

import pytest

from seccoop.core.permissions import Role
from seccoop.partners.models import Country
from tests.factories import PersonFactory, PositionFactory, UserFactory


@dataclass
class ProgramsStaff:
    directorate: object
    france: Country
    japan: Country
    desk_officer: object  # Tina, France's primary desk officer (alpha)
    backup_desk_officer: object  # Uma, France's backup (alpha)
    japan_desk_officer: object  # Bob, Japan's desk officer (bravo)
    alpha_lead: object  # Sam, above Tina and Uma
    bravo_lead: object  # Sue, above Bob
    program_member: object  # Pat, program team, alpha
    other_program_member: object  # Quinn, program team, bravo
    leadership: object  # Lee
    administrator: object  # Ada
    outsider: object  # Nora


def _program_member(first, last, username, team, lead, role_type):
    user = UserFactory(
        username=username, first_name=first, last_name=last, roles=[Role.PROGRAM_TEAM]
    )
    person = PersonFactory(first_name=first, last_name=last, user=user)
    PositionFactory(
        incumbent=person,
        title=f"Program Analyst ({first})",
        role_type=role_type,
        org_unit=team,
        reports_to=lead.position,
    )
    person.refresh_from_db()
    return person


@pytest.fixture
def staff(directorate):
    """The people of the programs tests, with France's and Japan's desks held."""
    d = directorate
    france = Country.objects.get(iso_code="FR")
    france.primary_desk_officer = d.teammate
    france.backup_desk_officer = d.underling
    france.save()
    japan = Country.objects.get(iso_code="JP")
    japan.primary_desk_officer = d.bravo_member
    japan.save()
    return ProgramsStaff(
        directorate=d,
        france=france,
        japan=japan,
        desk_officer=d.teammate,
        backup_desk_officer=d.underling,
        japan_desk_officer=d.bravo_member,
        alpha_lead=d.alpha_lead,
        bravo_lead=d.bravo_lead,
        program_member=_program_member("Pat", "Program", "pat", d.alpha, d.alpha_lead, d.role_type),
        other_program_member=_program_member(
            "Quinn", "Program", "quinn", d.bravo, d.bravo_lead, d.role_type
        ),
        leadership=d.leader,
        administrator=d.administrator,
        outsider=d.outsider,
    )


# --- cooperation programs and agreements -------------------------------------------


@pytest.fixture
def make_program(staff):
    """`make_program(**changes)`: a program added by the administrator, France its partner."""
    from seccoop.programs.services.cooperation import create_program

    def make(*, countries=None, **changes):
        data = {"name": "Coalition Combat Identification", "kind": "cwp", "fiscal_year": 2027}
        data.update(changes)
        return create_program(
            user=staff.administrator.user,
            data=data,
            countries=[staff.france] if countries is None else countries,
        )

    return make


@pytest.fixture
def make_agreement(staff):
    """`make_agreement(**changes)`: a cooperative R&D agreement (10 U.S.C. 2350a) with France
    added by the administrator."""
    from seccoop.programs.models import AgreementAuthority, AgreementType
    from seccoop.programs.services.agreements import create_agreement

    def make(*, countries=None, **changes):
        data = {
            "title": "Memorandum of understanding on sensor research",
            "agreement_type": AgreementType.objects.get(slug="mou"),
            "authority": AgreementAuthority.objects.get(slug="usc10-2350a"),
        }
        data.update(changes)
        return create_agreement(
            user=staff.administrator.user,
            data=data,
            countries=[staff.france] if countries is None else countries,
        )

    return make


@pytest.fixture
def bring_into_force(staff):
    """`bring_into_force(agreement)`: take an agreement through coordination, signature and
    entry into force, as the administrator and leadership would."""
    import datetime

    from seccoop.programs.models import Agreement
    from seccoop.programs.services.agreements import move_agreement, record_concurrence

    def bring(agreement):
        admin = staff.administrator.user
        agreement.statement_of_intent = "Joint work."
        agreement.authority_to_develop_on = datetime.date(2025, 1, 1)
        agreement.save()
        move_agreement(user=admin, agreement=agreement, name="request-authority")
        move_agreement(user=admin, agreement=agreement, name="start-negotiation")
        Agreement.objects.filter(pk=agreement.pk).update(state="coordination")
        agreement.refresh_from_db()
        for office in agreement.required_offices():
            record_concurrence(
                user=admin,
                agreement=agreement,
                data={
                    "office": office,
                    "answer": "concur",
                    "answered_on": datetime.date(2025, 1, 20),
                },
            )
        move_agreement(user=admin, agreement=agreement, name="request-final-approval")
        move_agreement(
            user=staff.leadership.user,
            agreement=agreement,
            name="sign",
            values={
                "final_approval_on": datetime.date(2025, 2, 1),
                "signed_on": datetime.date(2025, 2, 2),
            },
        )
        move_agreement(
            user=admin,
            agreement=agreement,
            name="enter-into-force",
            values={"in_force_on": datetime.date(2025, 3, 1)},
        )
        return agreement

    return bring
