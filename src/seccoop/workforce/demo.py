"""The demo directorate that `make run` loads: the International Cooperation Directorate.

About sixty people in divisions and teams, every role type of seed 000, a
supervisor chain with a few vacancies, demo accounts in the directorate's
roles, three assessment cycles and a rating history that leaves real gaps and
a few people overdue for assessment. The same seed on the same day builds the
same directorate; rating dates are placed relative to today so the demo never
goes stale.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from seccoop.competencies.models import Competency, CompetencyKind, Framework
from seccoop.core.permissions import Role
from seccoop.workforce import gap_figures
from seccoop.workforce.cycles import fiscal_year, open_fiscal_year_cycle
from seccoop.workforce.models import (
    AssessmentCycle,
    OrgUnit,
    OrgUnitKind,
    Person,
    Position,
    Rating,
    RatingSource,
    RoleRequirement,
    RoleType,
)
from seccoop.workforce.reference import load_reference_data
from seccoop.workforce.services import refresh_current_levels

DEMO_MARKER = "ICD"  # the external id of the directorate's org unit
DEMO_SEED = 2014
# Published in the README and printed by load-demo: these accounts exist only in the demo.
DEMO_PASSWORD = "seccoop-demo"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "seccoop-demo-admin"

SES = ("SES",)
CHIEF_GRADES = ("GS-15", "GS-15", "GS-15", "O-6")
LEAD_GRADES = ("GS-15", "GS-14", "GS-14", "O-6", "O-5")
STAFF_GRADES = ("GS-13", "GS-13", "GS-14", "GS-14", "GS-14", "O-5")

# The group a member of staff joins by the role type of their position.
GROUP_OF_ROLE_TYPE = {
    "country-desk-officer": Role.DESK_OFFICER,
    "coalition-warfare-program-team": Role.PROGRAM_TEAM,
    "defense-exportability-features-team": Role.PROGRAM_TEAM,
    "international-agreements-negotiator": Role.PROGRAM_TEAM,
    "multinational-logistician": Role.PROGRAM_TEAM,
    "acquisition-professional": Role.PROGRAM_TEAM,
    "foreign-disclosure-specialist": Role.DISCLOSURE_SPECIALIST,
}


# --- the plan of the directorate ----------------------------------------------


@dataclass(frozen=True)
class Seat:
    """A position in the plan; the first seat of a unit heads it."""

    title: str
    role_type: str
    grades: tuple[str, ...] = STAFF_GRADES
    groups: tuple[str, ...] | None = None  # None: by role type
    vacant: bool = False


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str
    seats: list[Seat]
    children: list[Unit] = field(default_factory=list)


LEAD = "leadership-and-support"
DESK = "country-desk-officer"


def _team(code, name, role_type, lead_title, staff_titles, vacant=()):
    return Unit(
        code,
        name,
        OrgUnitKind.TEAM,
        [Seat(lead_title, role_type, LEAD_GRADES)]
        + [Seat(title, role_type, vacant=title in vacant) for title in staff_titles],
    )


def _division(code, name, groups, teams):
    return Unit(
        code,
        f"{name} Division",
        OrgUnitKind.DIVISION,
        [Seat(f"Chief, {name}", LEAD, CHIEF_GRADES, groups=groups)],
        teams,
    )


PLAN = Unit(
    DEMO_MARKER,
    "International Cooperation Directorate",
    OrgUnitKind.DIRECTORATE,
    [
        Seat("Director, International Cooperation", LEAD, SES, groups=(Role.LEADERSHIP,)),
        Seat("Principal Deputy Director", LEAD, SES, groups=(Role.LEADERSHIP,)),
        Seat("Deputy Director (Military)", LEAD, ("O-6",), groups=(Role.LEADERSHIP,)),
        Seat("Military Assistant", LEAD, ("O-5",), groups=()),
        Seat("Executive Officer", LEAD, ("GS-14",), groups=()),
    ],
    [
        _division(
            "RA",
            "Regional Affairs",
            (Role.DESK_OFFICER,),
            [
                _team(
                    "EUR",
                    "Europe and NATO Desk",
                    DESK,
                    "Lead Country Desk Officer, Europe and NATO",
                    [
                        "Country Desk Officer, United Kingdom",
                        "Country Desk Officer, France and Benelux",
                        "Country Desk Officer, Germany and Central Europe",
                        "Country Desk Officer, Nordic and Baltic States",
                        "Country Desk Officer, NATO",
                    ],
                ),
                _team(
                    "INDOPAC",
                    "Indo-Pacific Desk",
                    DESK,
                    "Lead Country Desk Officer, Indo-Pacific",
                    [
                        "Country Desk Officer, Japan and Republic of Korea",
                        "Country Desk Officer, Australia and New Zealand",
                        "Country Desk Officer, India and South Asia",
                    ],
                ),
                _team(
                    "AMER",
                    "Americas Desk",
                    DESK,
                    "Lead Country Desk Officer, Americas",
                    [
                        "Country Desk Officer, Canada",
                        "Country Desk Officer, Brazil and Southern Cone",
                        "Country Desk Officer, Mexico and Central America",
                    ],
                    vacant=["Country Desk Officer, Mexico and Central America"],
                ),
                _team(
                    "MEA",
                    "Middle East and Africa Desk",
                    DESK,
                    "Lead Country Desk Officer, Middle East and Africa",
                    [
                        "Country Desk Officer, Israel and the Gulf States",
                        "Country Desk Officer, Africa",
                    ],
                ),
            ],
        ),
        _division(
            "IA",
            "International Agreements",
            (Role.PROGRAM_TEAM,),
            [
                _team(
                    "NEG",
                    "Agreements Negotiation Team",
                    "international-agreements-negotiator",
                    "Lead International Agreements Negotiator",
                    [
                        "International Agreements Negotiator, Research and Development",
                        "International Agreements Negotiator, Reciprocal Procurement",
                        "International Agreements Negotiator, Security Agreements",
                    ],
                )
            ],
        ),
        _division(
            "TSFD",
            "Technology Security and Foreign Disclosure",
            (Role.DISCLOSURE_SPECIALIST,),
            [
                _team(
                    "FD",
                    "Foreign Disclosure Office",
                    "foreign-disclosure-specialist",
                    "Principal Foreign Disclosure Officer",
                    [
                        "Foreign Disclosure Officer, Aviation Systems",
                        "Foreign Disclosure Officer, Land and Maritime Systems",
                        "Foreign Disclosure Officer, Space and Cyber",
                    ],
                    vacant=["Foreign Disclosure Officer, Space and Cyber"],
                ),
                _team(
                    "TS",
                    "Technology Security Team",
                    "foreign-disclosure-specialist",
                    "Lead Technology Security Specialist",
                    [
                        "Technology Security Specialist, End-Use Controls",
                        "Technology Security Specialist, Program Protection",
                    ],
                ),
            ],
        ),
        _division(
            "AC",
            "Armaments Cooperation",
            (Role.PROGRAM_TEAM,),
            [
                _team(
                    "COOP",
                    "Cooperative Programs Team",
                    "acquisition-professional",
                    "Lead International Programs Manager",
                    [
                        "International Programs Manager, Cooperative Development",
                        "Foreign Comparative Testing Program Manager",
                        "Reciprocal Procurement Analyst",
                    ],
                )
            ],
        ),
        _division(
            "CWE",
            "Coalition Warfare and Exportability Programs",
            (Role.PROGRAM_TEAM,),
            [
                _team(
                    "CWP",
                    "Coalition Warfare Program Team",
                    "coalition-warfare-program-team",
                    "Coalition Warfare Program Manager",
                    [
                        "Coalition Warfare Project Officer, Command and Control",
                        "Coalition Warfare Project Officer, Interoperability",
                        "Coalition Warfare Project Officer, Science and Technology",
                    ],
                ),
                _team(
                    "DEF",
                    "Defense Exportability Features Team",
                    "defense-exportability-features-team",
                    "Defense Exportability Features Program Manager",
                    [
                        "Exportability Project Officer, Air Systems",
                        "Exportability Project Officer, Missiles and Munitions",
                        "Exportability Project Officer, Ground Systems",
                    ],
                    vacant=["Exportability Project Officer, Ground Systems"],
                ),
            ],
        ),
        _division(
            "MLA",
            "Multinational Logistics and Acquisition",
            (Role.PROGRAM_TEAM,),
            [
                _team(
                    "LOG",
                    "Multinational Logistics Team",
                    "multinational-logistician",
                    "Lead Multinational Logistician",
                    [
                        "Multinational Logistician, Cross-Servicing Agreements",
                        "Multinational Logistician, Cooperative Sustainment",
                        "Multinational Logistician, Logistics Interoperability",
                    ],
                ),
                _team(
                    "ACQ",
                    "International Acquisition Team",
                    "acquisition-professional",
                    "Lead International Acquisition Specialist",
                    [
                        "International Acquisition Specialist, Cost and Pricing",
                        "International Acquisition Specialist, Industry Engagement",
                    ],
                ),
            ],
        ),
        _division(
            "OPS",
            "Operations and Support",
            (),
            [
                Unit(
                    "WFR",
                    "Workforce and Resources Team",
                    OrgUnitKind.TEAM,
                    [
                        Seat(
                            "Workforce Manager",
                            LEAD,
                            ("GS-14",),
                            groups=(Role.WORKFORCE_MANAGER,),
                        ),
                        Seat(
                            "Workforce Development Specialist",
                            LEAD,
                            ("GS-13",),
                            groups=(Role.WORKFORCE_MANAGER,),
                        ),
                        Seat("Budget Analyst", LEAD, ("GS-13",), groups=()),
                        Seat("Administrative Specialist", LEAD, ("GS-12",), groups=()),
                    ],
                )
            ],
        ),
    ],
)

AUDITOR_TITLE = "Inspector General liaison (auditor)"

FIRST_NAMES = [
    "Aisha", "Alan", "Alicia", "Andrew", "Angela", "Anthony", "Beatriz", "Benjamin", "Brian",
    "Camille", "Carlos", "Catherine", "Charles", "Chen", "Christopher", "Claire", "Daniel",
    "Daniela", "David", "Deborah", "Derek", "Diana", "Douglas", "Elena", "Emily", "Eric",
    "Fatima", "Frances", "Gabriel", "Grace", "Gregory", "Hannah", "Hector", "Isabel", "James",
    "Janet", "Jason", "Jennifer", "Joanna", "Jonathan", "Joseph", "Julia", "Karen", "Kenji",
    "Kevin", "Laura", "Linda", "Lucas", "Marcus", "Maria", "Matthew", "Megan", "Michael",
    "Michelle", "Nadia", "Nathan", "Nicole", "Olivia", "Patrick", "Paul", "Priya", "Rachel",
    "Raymond", "Rebecca", "Ricardo", "Robert", "Samuel", "Sandra", "Sarah", "Steven", "Susan",
    "Teresa", "Thomas", "Victoria", "William", "Yuki",
]  # fmt: skip
LAST_NAMES = [
    "Abbott", "Alvarez", "Anderson", "Baker", "Bennett", "Brooks", "Caldwell", "Castillo",
    "Chang", "Coleman", "Delgado", "Donovan", "Ellison", "Espinoza", "Fischer", "Fitzgerald",
    "Foster", "Garrison", "Gomez", "Gupta", "Hale", "Hamilton", "Harper", "Hayes", "Hoffman",
    "Ibarra", "Jackson", "Jensen", "Kaplan", "Keller", "Kim", "Kowalski", "Lambert", "Larsen",
    "Lindqvist", "Marsh", "Mendoza", "Morales", "Nakamura", "Nguyen", "Novak", "Okafor",
    "Olsen", "Palmer", "Patel", "Pearson", "Quinn", "Ramirez", "Reyes", "Richter", "Romero",
    "Sato", "Schneider", "Shapiro", "Sherman", "Sullivan", "Tanaka", "Thornton", "Torres",
    "Underwood", "Vasquez", "Vaughn", "Wallace", "Warren", "Weber", "Whitaker", "Yamamoto",
    "Young", "Zimmerman",
]  # fmt: skip


# --- building ------------------------------------------------------------------


@dataclass
class DemoAccount:
    username: str
    password: str
    description: str


@dataclass
class DemoSummary:
    people: int
    positions: int
    vacancies: int
    divisions: int
    teams: int
    ratings: int
    cycles: list[str]
    accounts: list[DemoAccount]


def demo_is_loaded() -> bool:
    return OrgUnit.objects.filter(external_id=DEMO_MARKER).exists()


@dataclass
class _Member:
    """A seat of the plan as it is built: its unit, its supervisor, and who holds it."""

    seat: Seat
    org_unit: OrgUnit
    supervisor: _Member | None
    position: Position | None = None
    person: Person | None = None
    user: object = None


def build_demo(*, seed: int = DEMO_SEED, today: datetime.date | None = None) -> DemoSummary | None:
    """Build the demo directorate; return None, changing nothing, if it is already there."""
    if demo_is_loaded():
        return None
    today = today or timezone.localdate()
    rng = random.Random(seed)
    with transaction.atomic():
        load_reference_data()
        framework = Framework.objects.default()
        groups = {role: Group.objects.get_or_create(name=role)[0] for role in Role.values}
        members = _build_units(PLAN)
        occupied = [m for m in members if not m.seat.vacant]
        # Distinct last names keep the usernames (first initial and last name) distinct;
        # one name more than the positions, for the auditor.
        last_names = rng.sample(LAST_NAMES, len(occupied) + 1)
        names = [(rng.choice(FIRST_NAMES), last) for last in last_names]
        # Every demo account shares the published demo password, so one hash serves them
        # all (hashing is deliberately slow: sixty hashes would cost many seconds).
        password = make_password(DEMO_PASSWORD)
        _staff(occupied, names[:-1], rng, groups, password)
        _build_positions(members)
        auditor = _staff_auditor(names[-1], groups, password)
        admin_account = _ensure_admin()
        cycles = _cycles(framework, today)
        ratings = _ratings(members, framework, cycles, today, rng)
        Rating.objects.bulk_create(ratings, batch_size=2000)
        refresh_current_levels(m.person.pk for m in occupied)
        cycles = _close_past_and_open_current(framework, cycles, today)
    # The heatmap's figures, summed now rather than by the worker's first run.
    gap_figures.build()
    units = [m.org_unit for m in members]
    return DemoSummary(
        people=len(occupied) + 1,
        positions=len(members),
        vacancies=len(members) - len(occupied),
        divisions=len({u.pk for u in units if u.kind == OrgUnitKind.DIVISION}),
        teams=len({u.pk for u in units if u.kind == OrgUnitKind.TEAM}),
        ratings=len(ratings),
        cycles=[cycle.name for cycle in cycles],
        accounts=[admin_account, *_example_accounts(members), auditor],
    )


def _build_units(plan: Unit) -> list[_Member]:
    """Create the org units, parents first, and lay out their seats (head first)."""
    members: list[_Member] = []

    def build(unit: Unit, parent: OrgUnit | None, external_id: str, above: _Member | None):
        org_unit = OrgUnit(
            external_id=external_id, name=unit.name, short_name=unit.code, kind=unit.kind,
            parent=parent,
        )  # fmt: skip
        org_unit.save()
        head = None
        for seat in unit.seats:
            member = _Member(seat, org_unit, supervisor=head or above)
            members.append(member)
            head = head or member
        for child in unit.children:
            build(child, org_unit, f"{external_id}-{child.code}", head)

    build(plan, None, plan.code, None)
    return members


def _build_positions(members: list[_Member]) -> None:
    """Create the positions in plan order, so each supervisor's position exists first."""
    role_types = {rt.slug: rt for rt in RoleType.objects.all()}
    for number, member in enumerate(members, start=1):
        member.position = Position(
            external_id=f"{DEMO_MARKER}-POS{number:03d}",
            title=member.seat.title,
            role_type=role_types[member.seat.role_type],
            org_unit=member.org_unit,
            incumbent=member.person,
            reports_to=member.supervisor.position if member.supervisor else None,
        )
        member.position.save()


def _users_and_people(specs: list[tuple[str, str, str, OrgUnit | None]], password: str):
    """Create a Django user and a person for each (first name, last name, grade, org unit)."""
    User = get_user_model()
    usernames = [_username(first, last) for first, last, _, _ in specs]
    taken = User.objects.filter(username__in=usernames).values_list("username", flat=True)
    if taken:
        raise ValidationError(
            f"The demo cannot use these usernames, which already exist: {', '.join(sorted(taken))}."
        )
    User.objects.bulk_create(
        User(
            username=username,
            first_name=first,
            last_name=last,
            password=password,
            email=f"{first}.{last}@example.mil".lower(),
        )
        for username, (first, last, _, _) in zip(usernames, specs, strict=True)
    )
    users = User.objects.in_bulk(usernames, field_name="username")
    first_number = Person.objects.filter(external_id__startswith=f"{DEMO_MARKER}-P").count() + 1
    people = [
        Person(
            external_id=f"{DEMO_MARKER}-P{number:03d}",
            user=users[username],
            first_name=first,
            last_name=last,
            email=users[username].email,
            grade=grade,
            org_unit=org_unit,
        )
        for number, username, (first, last, grade, org_unit) in zip(
            range(first_number, first_number + len(specs)), usernames, specs, strict=True
        )
    ]
    bulk_create_with_history(people, Person)
    by_user = {p.user_id: p for p in Person.objects.filter(user__in=users.values())}
    return [(users[username], by_user[users[username].pk]) for username in usernames]


def _staff(occupied: list[_Member], names, rng: random.Random, groups, password: str) -> None:
    specs = [
        (first, last, rng.choice(m.seat.grades), m.org_unit)
        for m, (first, last) in zip(occupied, names, strict=True)
    ]
    Membership = get_user_model().groups.through
    memberships = []
    for m, (user, person) in zip(occupied, _users_and_people(specs, password), strict=True):
        m.user, m.person = user, person
        roles = m.seat.groups
        if roles is None:
            roles = (GROUP_OF_ROLE_TYPE[m.seat.role_type],)
        memberships += [Membership(user=user, group=groups[role]) for role in roles]
    Membership.objects.bulk_create(memberships)


def _staff_auditor(name, groups, password: str) -> DemoAccount:
    """The auditor reviews the directorate from outside its chain, so holds no position."""
    first, last = name
    [(user, _person)] = _users_and_people([(first, last, "GS-14", None)], password)
    user.groups.add(groups[Role.AUDITOR])
    return DemoAccount(user.username, DEMO_PASSWORD, f"{first} {last}, {AUDITOR_TITLE}")


def _ensure_admin() -> DemoAccount:
    User = get_user_model()
    if not User.objects.filter(username=ADMIN_USERNAME).exists():
        User.objects.create_superuser(ADMIN_USERNAME, "admin@example.mil", ADMIN_PASSWORD)
    return DemoAccount(
        ADMIN_USERNAME, ADMIN_PASSWORD, "administrator (superuser; the Django admin is at /admin/)"
    )


def _username(first: str, last: str) -> str:
    return f"{first[0]}{last}".lower()


def _example_accounts(members: list[_Member]) -> list[DemoAccount]:
    wanted = [
        ("Chief, Regional Affairs", "division chief and supervisor"),
        ("Country Desk Officer, United Kingdom", "country desk officer"),
        ("Coalition Warfare Program Manager", "program team member"),
        ("Principal Foreign Disclosure Officer", "foreign disclosure specialist"),
        ("Workforce Manager", "workforce manager"),
    ]
    by_title = {m.seat.title: m for m in members if m.user}
    return [
        DemoAccount(
            by_title[title].user.username,
            DEMO_PASSWORD,
            f"{by_title[title].person.full_name}, {role} ({title})",
        )
        for title, role in wanted
    ]


def _cycles(framework: Framework, today: datetime.date) -> list[AssessmentCycle]:
    """Three fiscal-year cycles, ending with the fiscal year of the day ninety days ago.

    So the latest cycle has been open long enough for most of its assessments
    to have been done.
    """
    latest = fiscal_year(today - datetime.timedelta(days=90))
    cycles = []
    for year in (latest - 2, latest - 1, latest):
        cycle, _ = AssessmentCycle.objects.get_or_create(
            framework=framework,
            name=f"FY{year}",
            defaults={
                "opens_on": datetime.date(year - 1, 10, 1),
                "closes_on": datetime.date(year, 9, 30),
            },
        )
        cycles.append(cycle)
    return cycles


def _close_past_and_open_current(framework, cycles, today) -> list[AssessmentCycle]:
    """Close the rated cycles whose year has ended, a month after, and open this year's."""
    for cycle in cycles:
        if cycle.closes_on < today and not cycle.is_closed:
            closed_on = min(cycle.closes_on + datetime.timedelta(days=30), today)
            cycle.closed_at = timezone.make_aware(
                datetime.datetime.combine(closed_on, datetime.time(17, 0))
            )
            cycle.save(update_fields=["closed_at"])
    current = open_fiscal_year_cycle(framework, today)
    return [*cycles, current] if current not in cycles else cycles


def _ratings(members, framework, cycles, today, rng) -> list[Rating]:
    """Self, supervisor and some validated ratings per person and cycle."""
    requirements: dict[int, dict[int, int]] = {}
    for role_type_id, competency_id, level in RoleRequirement.objects.filter(
        template__framework=framework
    ).values_list("template__role_type_id", "competency_id", "level"):
        requirements.setdefault(role_type_id, {})[competency_id] = level
    all_codes = list(
        Competency.objects.filter(
            framework=framework, kind=CompetencyKind.SUB_COMPETENCY
        ).values_list("pk", flat=True)
    )
    validator = next(m.user for m in members if m.seat.title == "Workforce Manager")
    staffed = [m for m in members if m.person]
    director = staffed[0]
    # A few people whose assessment is overdue: rated in earlier cycles, not the latest.
    overdue = {m.position.pk for m in rng.sample(staffed[1:], 4)}
    ratings: list[Rating] = []
    for member in staffed:
        required = requirements.get(member.position.role_type_id, {})
        strength = rng.gauss(0.0, 0.5) + (0.4 if member.position.depth <= 3 else 0.0)
        levels = {
            competency_id: _clamp(level + _clamp(round(rng.gauss(strength, 0.9)), -2, 2), 1, 5)
            for competency_id, level in required.items()
        }
        extras = [pk for pk in all_codes if pk not in required]
        for competency_id in rng.sample(extras, rng.randint(2, 5)):
            levels[competency_id] = rng.randint(1, 3)
        # Newer staff joined after the first cycle or two.
        first_cycle = rng.choices([0, 1, 2], weights=[70, 20, 10])[0]
        if member.position.pk in overdue:
            first_cycle = min(first_cycle, 1)
        growth = {pk: (rng.choice([0, 0, 1]), rng.choice([0, 1])) for pk in levels}
        supervisor = _rater_above(member)
        for index in range(first_cycle, len(cycles)):
            cycle = cycles[index]
            latest = index == len(cycles) - 1
            if latest and member.position.pk in overdue:
                continue
            assessed_on = _assessment_day(
                cycle, today, rng, latest=latest, early=member.position.pk in overdue
            )
            steps_back = len(cycles) - 1 - index
            cycle_levels = {
                pk: max(1, level - sum(growth[pk][:steps_back])) for pk, level in levels.items()
            }
            evidence = f"{cycle.name} annual assessment"
            if rng.random() < 0.85:
                self_on = max(cycle.opens_on, assessed_on - datetime.timedelta(rng.randint(5, 20)))
                for pk, level in cycle_levels.items():
                    # People judge themselves a little generously, now and then.
                    bias = rng.choices([-1, 0, 1], weights=[10, 65, 25])[0]
                    ratings.append(
                        Rating(
                            person=member.person, competency_id=pk, source=RatingSource.SELF,
                            level=_clamp(level + bias, 1, 5), rated_on=self_on,
                            rater=member.user, cycle=cycle, evidence=evidence,
                        )
                    )  # fmt: skip
            for pk, level in cycle_levels.items():
                ratings.append(
                    Rating(
                        person=member.person, competency_id=pk, source=RatingSource.SUPERVISOR,
                        level=level, rated_on=assessed_on, rater=supervisor, cycle=cycle,
                        evidence=evidence if member is not director else
                        f"{evidence}, by the Under Secretary's front office",
                    )
                )  # fmt: skip
            validated_on = assessed_on + datetime.timedelta(rng.randint(10, 40))
            if rng.random() < 0.3 and validated_on <= min(cycle.closes_on, today):
                for pk, level in cycle_levels.items():
                    ratings.append(
                        Rating(
                            person=member.person, competency_id=pk, source=RatingSource.VALIDATED,
                            level=level, rated_on=validated_on, rater=validator, cycle=cycle,
                            evidence=f"{cycle.name} validation panel",
                        )
                    )  # fmt: skip
    return ratings


def _assessment_day(cycle, today, rng, *, latest: bool, early: bool) -> datetime.date:
    """The day of a supervisor assessment within a cycle, never in the future.

    In the latest cycle it falls within the last year (so the person is not
    due); in earlier cycles an `early` one falls more than a year before today.
    """
    if latest:
        lower = max(cycle.opens_on + datetime.timedelta(20), today - datetime.timedelta(330))
        upper = min(cycle.closes_on, today - datetime.timedelta(7))
        return lower + datetime.timedelta(rng.randint(0, max((upper - lower).days, 0)))
    offset = rng.randint(30, 80) if early else rng.randint(30, 200)
    return cycle.opens_on + datetime.timedelta(offset)


def _rater_above(member: _Member):
    """The user who holds the nearest occupied position up the chain (None at the top)."""
    above = member.supervisor
    while above is not None and above.user is None:
        above = above.supervisor
    return above.user if above else None


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))
