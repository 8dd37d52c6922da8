"""Browser tests: headless Chromium against a live server, signed in through the real page.

The live server needs committed data, so these tests commit and the database
is flushed after each. The seed framework comes from a data migration, which a
flush removes: `serialized_rollback` puts it back before each browser test,
and the browser tests run last (as Django's own runner orders transactional
tests) so that no other test meets a flushed database.
"""

import pytest
from django.conf import settings
from django.db import connections
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import PASSWORD

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session", autouse=True)
def _snapshot_survives_playwright(request, django_db_setup, django_db_blocker):
    """Give the database connection Playwright's code runs with the snapshot to restore.

    Playwright's synchronous API switches greenlets, and Django's connections
    are per context, so after it starts the tests use a fresh connection
    object that lacks the snapshot taken when the test database was created.
    That snapshot is carried over when there is one, since a test that committed
    may have flushed the database since; otherwise it is taken now.
    """
    snapshot = getattr(connections["default"], "_test_serialized_contents", None)
    request.getfixturevalue("playwright")
    connection = connections["default"]
    if not hasattr(connection, "_test_serialized_contents"):
        with django_db_blocker.unblock():
            connection._test_serialized_contents = (
                snapshot or connection.creation.serialize_db_to_string()
            )


@pytest.fixture(autouse=True)
def _committed_database(django_db_serialized_rollback, transactional_db):
    """Every browser test sees committed data and leaves the seed framework in place."""


@pytest.fixture
def browser_context_args(browser_context_args):
    # The axe script is injected into pages that will forbid inline and foreign scripts.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def url(live_server):
    """The live server's address of a named page: url("workforce:heatmap", unit=3)."""

    def build(name: str, *args, **query) -> str:
        address = f"{live_server.url}{reverse(name, args=args)}"
        if query:
            address += "?" + "&".join(f"{key}={value}" for key, value in query.items())
        return address

    return build


@pytest.fixture
def sign_in(page, url):
    """Sign a persona in through the sign-in page; the page then shows the dashboard."""

    def sign_in_as(person):
        page.goto(url("login"))
        page.get_by_label("Username").fill(person.user.username)
        page.get_by_label("Password").fill(PASSWORD)
        # USWDS draws its own checkbox over the real one, so a person clicks the label.
        page.locator("label[for=id_consent]").click()
        expect(page.get_by_label("consent to its conditions")).to_be_checked()
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(url("dashboard"))
        return page

    return sign_in_as


def _describe(violations) -> str:
    lines = []
    for violation in violations:
        targets = ", ".join(
            " ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
            for node in violation["nodes"][:5]
        )
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}"
        )
    return "\n".join(lines)


@pytest.fixture
def axe():
    """Run axe-core's WCAG 2.1 A and AA rules on a page and fail on any violation."""
    script = settings.NODE_MODULES / "axe-core" / "axe.min.js"

    def check(page) -> None:
        page.add_script_tag(path=str(script))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        violations = result["violations"]
        if violations:
            pytest.fail(
                f"{page.url} has accessibility violations:\n{_describe(violations)}",
                pytrace=False,
            )

    return check
