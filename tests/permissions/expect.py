"""How a matrix module states what each persona gets from a route.

See tests/permissions/README.md for the format and examples.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from tests.permissions.world import PERSONAS

EVERYONE = frozenset(PERSONAS)
SIGNED_IN = EVERYONE - {"anonymous"}
ADMINISTRATORS = frozenset({"administrator"})
# Who sees people's ratings and gaps across the directorate.
WORKFORCE_STEWARDS = frozenset({"administrator", "workforce_manager"})
# Who reads the audit log.
AUDIT_READERS = frozenset({"administrator", "auditor"})

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Ref:
    """In `data`: the pk of a World record, or one of its attributes ("alpha.version")."""

    name: str


@dataclass(frozen=True)
class Filtered:
    """Allowed, and the answer shows these markers and hides those (names in `World.markers`)."""

    shows: Collection[str] = ()
    hides: Collection[str] = ()


@dataclass(frozen=True)
class Entry:
    """What every persona gets from one route.

    allowed:   personas who get the answer (a status in `success`);
    filtered:  personas who get it, with markers that must show or stay hidden;
    not_found: personas answered 404 because the record is hidden from them;
    anyone else is refused: 403 when signed in; anonymous visitors are sent
    to the sign-in page (pages) or answered 401 (API).

    params:  URL parameter -> record name in the World (its pk), or
             "name.attribute" (e.g. "framework.slug"); an int is used as is.
    query:   a query string added to the URL (without "?"); "{name}" in it stands for a
             record's pk, "{name.attribute}" for an attribute ("unit={alpha}").
    method:  "GET" by default; a route that only takes POST says "POST".
             For a write, allowed means "not refused" (any status below 500
             but 401/403); refused personas must write nothing (no INSERT, UPDATE or
             DELETE but to the session and the audit log, even if rolled back).
    data:    the body of a write (form fields for pages, JSON for the API);
             `Ref("name")` or `Ref("name.attribute")` stands for a record's pk or attribute.
    success: the statuses that count as allowed for a GET (default 200).
    answers: persona -> the exact status that persona gets (for the odd case,
             such as the sign-in page sending a signed-in user on); overrides the rest.
    personas: the personas to try, when not all: only for a costly route whose
             answer is the same for everyone (the API schema), with a comment saying so.
    """

    allowed: Collection[str] = ()
    filtered: Mapping[str, Filtered] = field(default_factory=dict)
    not_found: Collection[str] = ()
    params: Mapping[str, str | int] = field(default_factory=dict)
    query: str = ""
    method: str = "GET"
    data: Mapping = field(default_factory=dict)
    success: Collection[int] = (200,)
    answers: Mapping[str, int] = field(default_factory=dict)
    personas: Collection[str] = ()

    def __post_init__(self):
        named = set(self.allowed) | set(self.filtered) | set(self.not_found) | set(self.answers)
        unknown = named - EVERYONE
        if unknown:
            raise ValueError(f"Unknown personas {sorted(unknown)}; the personas are {PERSONAS}.")
        both = set(self.allowed) & set(self.not_found)
        if both:
            raise ValueError(f"Personas both allowed and not found: {sorted(both)}.")

    def outcome(self, persona: str) -> str:
        if persona in self.answers:
            return "answers"
        if persona in self.filtered:
            return "filtered"
        if persona in self.allowed:
            return "allowed"
        if persona in self.not_found:
            return "not found"
        return "refused"
