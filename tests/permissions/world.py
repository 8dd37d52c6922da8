"""The directorate every permission-matrix route is tried against, built once.

Personas (the keys of `World.users`):

- administrator: Ada, an administrator;
- leadership: Lee, division chief at the top of the supervisor chain;
- workforce_manager: Walter;
- supervisor: Sam, lead of the alpha team (Tina and Uma report to him);
  Sue leads the bravo team (Bob) but is not a persona;
- desk_officer: Tina (alpha team), primary desk officer of France;
  Uma is France's backup, Bob (bravo team) holds Japan's desk;
- program_team: Pat, a program team member in the bravo team;
- disclosure_specialist: Dana, a foreign disclosure specialist;
- auditor: Aude;
- staff: Nora, on the staff with no special role and no position;
- anonymous: nobody signed in (`None`).

Shared records (the keys of `World.records`, usable in route parameters):
the seed framework (`framework`, by slug), its sub-competency `competency`
(1.A, by code), org units `division`, `alpha`, `bravo`, people (`tina`,
`uma`, `bob`, `sam`, `sue`, `lee`, `nora`, ...) and their positions
(`tina_position`, ...), the role type `desk_role` and its template
`desk_template`, countries `france` and `japan`, organizations
`french_ministry` and `japanese_ministry`, counterparts `claire` and `kenji`,
an engagement with France `paris_talks` and its follow-up action
`paris_action` (owned by Tina), an export job started by Walter
(`walter_job`), an API token of Tina's (`tina_token`), Tina's and Bob's
ratings (`tina_rating`, `bob_rating`).

`World.markers` holds texts whose presence or absence in a response proves
what a persona saw (`Filtered(shows=..., hides=...)` names them); every
record's `str()` is a marker under its own name, and a few more are added
(`claire_email`, `kenji_email`, ...).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from seccoop.core.models import ApiToken, TransferJob
from seccoop.core.permissions import Role
from seccoop.partners.models import (
    Counterpart,
    Country,
    EngagementType,
    OrganizationKind,
    PartnerOrganization,
)
from seccoop.partners.services import EngagementData, add_follow_up_action, record_engagement
from seccoop.workforce.models import RatingSource
from seccoop.workforce.services import record_rating
from tests.factories import (
    OrgUnitFactory,
    PersonFactory,
    PositionFactory,
    RoleRequirementFactory,
    RoleTemplateFactory,
    RoleTypeFactory,
    UserFactory,
)

PERSONAS = (
    "administrator",
    "leadership",
    "workforce_manager",
    "supervisor",
    "desk_officer",
    "program_team",
    "disclosure_specialist",
    "auditor",
    "staff",
    "anonymous",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    records: dict = field(default_factory=dict)
    markers: dict = field(default_factory=dict)

    def add(self, name: str, record, marker: str | None = None):
        """Register a record under a name, usable in route parameters and as a marker."""
        if name in self.records:
            raise ValueError(f"Two records are registered under the name {name!r}.")
        self.records[name] = record
        self.markers[name] = marker if marker is not None else str(record)
        return record

    def mark(self, name: str, text: str) -> None:
        """Register a text to look for in responses."""
        self.markers[name] = text


def _person(world, name, first, last, *, roles=(), position=None):
    user = UserFactory(username=name, first_name=first, last_name=last, roles=roles)
    person = PersonFactory(first_name=first, last_name=last, user=user)
    if position is not None:
        world.add(f"{name}_position", PositionFactory(incumbent=person, **position))
    person.refresh_from_db()
    return world.add(name, person, f"{first} {last}")


def build_world() -> World:
    """Create the personas and shared records; the caller holds the database open."""
    from seccoop.competencies.models import Framework

    world = World()
    framework = Framework.objects.get(slug="dod-security-cooperation")
    world.add("framework", framework)
    competency = framework.competencies.get(code="1.A")
    world.add("competency", competency)

    division = world.add(
        "division", OrgUnitFactory(name="Armaments Cooperation Division", kind="division")
    )
    alpha = world.add("alpha", OrgUnitFactory(name="Alpha Team", parent=division))
    bravo = world.add("bravo", OrgUnitFactory(name="Bravo Team", parent=division))
    desk_role = world.add(
        "desk_role", RoleTypeFactory(name="Country desk officer", slug="country-desk-officer")
    )
    lead_role = RoleTypeFactory(name="Leadership and support", slug="leadership-and-support")
    template = world.add(
        "desk_template", RoleTemplateFactory(role_type=desk_role, framework=framework)
    )
    for code, level in [("1.A", 3), ("1.D", 4)]:
        RoleRequirementFactory(
            template=template, competency=framework.competencies.get(code=code), level=level
        )

    chief = {"title": "Division Chief", "role_type": lead_role, "org_unit": division}
    lee = _person(world, "lee", "Lee", "Leader", roles=[Role.LEADERSHIP], position=chief)
    sam = _person(world, "sam", "Sam", "Supervisor", position={
        "title": "Alpha Team Lead", "role_type": lead_role, "org_unit": alpha,
        "reports_to": lee.position})  # fmt: skip
    sue = _person(world, "sue", "Sue", "Supervisor", position={
        "title": "Bravo Team Lead", "role_type": lead_role, "org_unit": bravo,
        "reports_to": lee.position})  # fmt: skip

    def member(name, first, last, team, lead, roles):
        return _person(world, name, first, last, roles=roles, position={
            "title": f"Desk Officer ({first})", "role_type": desk_role, "org_unit": team,
            "reports_to": lead.position})  # fmt: skip

    tina = member("tina", "Tina", "Teammate", alpha, sam, [Role.DESK_OFFICER])
    uma = member("uma", "Uma", "Underling", alpha, sam, [Role.DESK_OFFICER])
    bob = member("bob", "Bob", "Bravo", bravo, sue, [Role.DESK_OFFICER])
    pat = member("pat", "Pat", "Programmer", bravo, sue, [Role.PROGRAM_TEAM])
    walter = _person(world, "walter", "Walter", "Manager", roles=[Role.WORKFORCE_MANAGER])
    ada = _person(world, "ada", "Ada", "Administrator", roles=[Role.ADMINISTRATOR])
    dana = _person(world, "dana", "Dana", "Discloser", roles=[Role.DISCLOSURE_SPECIALIST])
    aude = _person(world, "aude", "Aude", "Auditor", roles=[Role.AUDITOR])
    nora = _person(world, "nora", "Nora", "Nobody")

    world.users = {
        "administrator": ada.user,
        "leadership": lee.user,
        "workforce_manager": walter.user,
        "supervisor": sam.user,
        "desk_officer": tina.user,
        "program_team": pat.user,
        "disclosure_specialist": dana.user,
        "auditor": aude.user,
        "staff": nora.user,
        "anonymous": None,
    }

    # Ratings: Sam rates Tina (his team), Sue rates Bob (hers).
    today = datetime.date(2026, 1, 15)
    world.add("tina_rating", record_rating(
        user=sam.user, person=tina, competency=competency, level=3,
        source=RatingSource.SUPERVISOR, rated_on=today, evidence="Tina-rating-evidence"),
        "Tina-rating-evidence")  # fmt: skip
    world.add("bob_rating", record_rating(
        user=sue.user, person=bob, competency=competency, level=2,
        source=RatingSource.SUPERVISOR, rated_on=today, evidence="Bob-rating-evidence"),
        "Bob-rating-evidence")  # fmt: skip

    # Desks: France with Tina (primary) and Uma (backup), Japan with Bob.
    france = Country.objects.get(iso_code="FR")
    france.primary_desk_officer, france.backup_desk_officer = tina, uma
    france.save()
    japan = Country.objects.get(iso_code="JP")
    japan.primary_desk_officer = bob
    japan.save()
    world.add("france", france)
    world.add("japan", japan)
    french_ministry = world.add("french_ministry", PartnerOrganization.objects.create(
        external_id="ORG-FR-MOD", name="French Ministry of the Armed Forces",
        kind=OrganizationKind.MINISTRY, country=france))  # fmt: skip
    japanese_ministry = world.add("japanese_ministry", PartnerOrganization.objects.create(
        external_id="ORG-JP-MOD", name="Ministry of Defense of Japan",
        kind=OrganizationKind.MINISTRY, country=japan))  # fmt: skip
    claire = world.add("claire", Counterpart.objects.create(
        external_id="CP-CLAIRE", organization=french_ministry, first_name="Claire",
        last_name="Dubois", role="Director of International Relations",
        email="claire.dubois@defense.example", phone="+33 1 00 00 00 00"),
        "Claire Dubois")  # fmt: skip
    world.add("kenji", Counterpart.objects.create(
        external_id="CP-KENJI", organization=japanese_ministry, first_name="Kenji",
        last_name="Sato", role="Deputy Director", email="kenji.sato@mod.example"),
        "Kenji Sato")  # fmt: skip
    world.mark("claire_email", "claire.dubois@defense.example")
    world.mark("kenji_email", "kenji.sato@mod.example")

    talks = world.add("paris_talks", record_engagement(user=tina.user, data=EngagementData(
        title="Paris staff talks", engagement_type=EngagementType.objects.get(slug="staff-talks"),
        starts_on=datetime.date(2026, 3, 2), ends_on=datetime.date(2026, 3, 4), place="Paris",
        countries=[france], participants=[tina], counterparts=[claire])))  # fmt: skip
    world.add("paris_action", add_follow_up_action(
        user=tina.user, engagement=talks, description="Send the Paris minutes", owner=tina,
        due_on=datetime.date(2026, 3, 20)))  # fmt: skip

    world.add("walter_job", TransferJob.objects.create(
        direction=TransferJob.Direction.EXPORT, kind="people", filename="people.csv",
        file_format="csv", content=b"id\n", requested_by=walter.user,
        status=TransferJob.Status.SUCCEEDED), "people.csv")  # fmt: skip
    token, _secret = ApiToken.issue(user=tina.user, name="Tina-script-token")
    world.add("tina_token", token, "Tina-script-token")
    return world
