"""Fixtures shared by every test: the seed framework and the directorate's personas."""

import os
from dataclasses import dataclass

import pytest

from seccoop.core.permissions import Role
from tests.core.scratch_databases import migrated_template
from tests.factories import (
    OrgUnitFactory,
    PersonFactory,
    PositionFactory,
    RoleRequirementFactory,
    RoleTemplateFactory,
    RoleTypeFactory,
    UserFactory,
)

# live_server runs in a thread beside synchronous Playwright.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _commits(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures


def pytest_collection_modifyitems(items):
    # Tests that commit leave the database flushed, without the seed framework
    # that migrations loaded; like Django's own runner, run them after the rest.
    # Browser tests come first among them: their session fixture snapshots the
    # database the first time Playwright starts, which must be before any flush.
    def order(item):
        if not _commits(item):
            return 0
        return 1 if item.get_closest_marker("browser") is not None else 2

    items.sort(key=order)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing strength is not what these tests are about; PBKDF2 costs ~0.3 s a persona.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _lockout_off_unless_asked(settings):
    # django-axes refuses client.login() without a request; the lockout tests turn it back on.
    settings.AXES_ENABLED = False


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def seed_framework(db):
    """The DoD Security Cooperation framework, present after migrate."""
    from seccoop.competencies.models import Framework

    return Framework.objects.get(slug="dod-security-cooperation")


@dataclass
class Directorate:
    """A small directorate: a division with two teams, a supervisor in each, and staff.

    alpha team:  Sam Supervisor (alpha lead) -> Tina Teammate, Uma Underling
    bravo team:  Sue Supervisor (bravo lead) -> Bob Bravo
    Walter the workforce manager, Ada the administrator, Nora who holds no
    special role, and Lee from leadership at the top of the chain.
    """

    framework: object
    division: object
    alpha: object
    bravo: object
    role_type: object
    lead_type: object
    leader: object
    alpha_lead: object
    bravo_lead: object
    teammate: object
    underling: object
    bravo_member: object
    workforce_manager: object
    administrator: object
    outsider: object

    def user(self, person):
        return person.user


def _staff(first, last, username, *, position_kwargs=None, roles=()):
    user = UserFactory(username=username, first_name=first, last_name=last, roles=roles)
    person = PersonFactory(first_name=first, last_name=last, user=user)
    if position_kwargs is not None:
        PositionFactory(incumbent=person, **position_kwargs)
    person.refresh_from_db()
    return person


@pytest.fixture
def directorate(seed_framework):
    division = OrgUnitFactory(name="Armaments Cooperation Division", kind="division")
    alpha = OrgUnitFactory(name="Alpha Team", parent=division)
    bravo = OrgUnitFactory(name="Bravo Team", parent=division)
    role_type = RoleTypeFactory(name="Country desk officer", slug="country-desk-officer")
    lead_type = RoleTypeFactory(name="Leadership and support", slug="leadership-and-support")
    template = RoleTemplateFactory(role_type=role_type, framework=seed_framework)
    for code, level in [("1.A", 3), ("1.D", 4), ("4.C", 2)]:
        RoleRequirementFactory(
            template=template, competency=seed_framework.competencies.get(code=code), level=level
        )
    leader = _staff(
        "Lee",
        "Leader",
        "lee",
        position_kwargs={"title": "Division Chief", "role_type": lead_type, "org_unit": division},
        roles=[Role.LEADERSHIP],
    )
    alpha_lead = _staff(
        "Sam",
        "Supervisor",
        "sam",
        position_kwargs={
            "title": "Alpha Team Lead",
            "role_type": lead_type,
            "org_unit": alpha,
            "reports_to": leader.position,
        },
    )
    bravo_lead = _staff(
        "Sue",
        "Supervisor",
        "sue",
        position_kwargs={
            "title": "Bravo Team Lead",
            "role_type": lead_type,
            "org_unit": bravo,
            "reports_to": leader.position,
        },
    )

    def member(first, last, username, team, lead):
        return _staff(
            first,
            last,
            username,
            position_kwargs={
                "title": f"Desk Officer ({first})",
                "role_type": role_type,
                "org_unit": team,
                "reports_to": lead.position,
            },
            roles=[Role.DESK_OFFICER],
        )

    return Directorate(
        framework=seed_framework,
        division=division,
        alpha=alpha,
        bravo=bravo,
        role_type=role_type,
        lead_type=lead_type,
        leader=leader,
        alpha_lead=alpha_lead,
        bravo_lead=bravo_lead,
        teammate=member("Tina", "Teammate", "tina", alpha, alpha_lead),
        underling=member("Uma", "Underling", "uma", alpha, alpha_lead),
        bravo_member=member("Bob", "Bravo", "bob", bravo, bravo_lead),
        workforce_manager=_staff("Walter", "Manager", "walter", roles=[Role.WORKFORCE_MANAGER]),
        administrator=_staff("Ada", "Administrator", "ada", roles=[Role.ADMINISTRATOR]),
        outsider=_staff("Nora", "Nobody", "nora"),
    )


@pytest.fixture(scope="session")
def migrated_database_template(tmp_path_factory):
    """A database migrated once per run by a real `seccoop migrate`, for scratch copies."""
    yield from migrated_template(tmp_path_factory.mktemp("migrated"))
