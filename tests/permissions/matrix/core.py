"""Permission entries of the core routes: sign-in, API tokens, the audit log, the API pages,
and the pages of every app's tables (import, export, background jobs)."""

from dataclasses import dataclass

from seccoop.core import calendar_feed
from tests.permissions.expect import AUDIT_READERS, EVERYONE, SIGNED_IN, Entry

ROUTES = {
    # Signed-in users are sent on to the dashboard.
    "login": Entry(allowed={"anonymous"}, answers=dict.fromkeys(SIGNED_IN, 302)),
    # Off unless SECCOOP_CLIENT_CERT_HEADER is set (tests/core/test_client_certificate.py).
    "certificate-sign-in": Entry(not_found=EVERYONE),
    # Only POST signs out, and sends everyone to the sign-in page.
    "logout": Entry(method="POST", answers=dict.fromkeys(EVERYONE, 302)),
    "api-token-list": Entry(allowed=SIGNED_IN),
    "api-token-create": Entry(allowed=SIGNED_IN),
    # A token is revoked by its owner only; anyone else finds no such token.
    "api-token-revoke": Entry(
        method="POST",
        params={"pk": "tina_token"},
        allowed={"desk_officer"},
        not_found=SIGNED_IN - {"desk_officer"},
    ),
    # My calendar feed: each member of staff makes and revokes their own address.
    "calendar-feed-page": Entry(allowed=SIGNED_IN),
    # My e-mail digest: each member of staff chooses their own.
    "digest-preferences": Entry(allowed=SIGNED_IN),
    "calendar-feed-create": Entry(method="POST", allowed=SIGNED_IN),
    "calendar-feed-revoke": Entry(method="POST", allowed=SIGNED_IN),
    # The feed's address is its own credential: whoever holds it reads Tina's feed.
    "calendar-feed": Entry(params={"secret": "tina_feed.secret"}, allowed=EVERYONE),
    "audit-list": Entry(allowed=AUDIT_READERS),
    "audit-export": Entry(allowed=AUDIT_READERS, query="format=csv"),
    "GET /api/v1/audit": Entry(allowed=AUDIT_READERS),
    # Every table of every app: open to whoever may import one of them, which any member
    # of staff with a staff record may (an initiative's indicators, if assigned to it).
    "data-import": Entry(allowed=SIGNED_IN),
    "data-export": Entry(allowed=SIGNED_IN),
    # Walter's export: his and the administrators'; hidden from everyone else.
    "job": Entry(
        params={"pk": "walter_job"},
        allowed={"workforce_manager", "administrator"},
        not_found=SIGNED_IN - {"workforce_manager", "administrator"},
    ),
    "job-download": Entry(
        params={"pk": "walter_job"},
        allowed={"workforce_manager", "administrator"},
        not_found=SIGNED_IN - {"workforce_manager", "administrator"},
    ),
    "GET /api/v1/me": Entry(allowed=SIGNED_IN),
    # The schema and its browsable documentation are public; the API root has no page.
    # Building the schema is costly and the same for all: a visitor and a member of staff.
    "api:openapi-json": Entry(allowed=EVERYONE, personas=("anonymous", "staff")),
    "api:openapi-view": Entry(allowed=EVERYONE),
    "api:api-root": Entry(allowed=EVERYONE, success=(404,)),
}


@dataclass
class FeedAddress:
    secret: str

    def __str__(self) -> str:
        return self.secret


def records(world):
    """Tina's calendar feed address."""
    _, secret = calendar_feed.issue(user=world.users["desk_officer"])
    world.add("tina_feed", FeedAddress(secret))
