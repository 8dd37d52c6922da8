"""Permission entries of the partners routes.

Partner records are read by all staff. A country's records are changed by
its desk officers (Tina holds France), their supervisor chain (Sam, Lee) and
administrators. Counterparts' contact details are seen by the same people
only: Claire (France) by them, Kenji (Japan) by Bob's chain, which holds no
persona but Lee and the administrator.
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from seccoop.partners.models import Engagement, EngagementType, PracticeEvidence
from seccoop.partners.services import EngagementData, record_engagement
from tests.permissions.expect import SIGNED_IN, Entry, Filtered

# Who may staff: those who see the ratings of someone besides themselves.
STAFFERS = frozenset({"administrator", "leadership", "workforce_manager", "supervisor"})
# Who sees the matrix case mx_case (tests/permissions/matrix/_programs_cases.py).
CASE_VIEWERS = frozenset({"administrator", "leadership", "supervisor", "desk_officer"})


@dataclass(frozen=True)
class Word:
    """A fixed word of an API path (the kind of work record ranked)."""

    value: str

    @property
    def pk(self) -> str:
        return self.value

    def __str__(self) -> str:
        return self.value


FRANCE = {"pk": "france"}
# Who looks after France: its desk officer, her chain, administrators.
FRANCE_OVERSIGHT = {"administrator", "leadership", "supervisor", "desk_officer"}
BOTH_CONTACTS = Filtered(shows=["claire_email", "kenji_email"])
FRENCH_CONTACTS = Filtered(shows=["claire_email"], hides=["kenji_email"])
NO_CONTACTS = Filtered(hides=["claire_email", "kenji_email"])
CONTACTS = {
    "administrator": BOTH_CONTACTS,
    "leadership": BOTH_CONTACTS,
    "supervisor": FRENCH_CONTACTS,
    "desk_officer": FRENCH_CONTACTS,
    **dict.fromkeys(
        ["workforce_manager", "program_team", "disclosure_specialist", "auditor", "staff"],
        NO_CONTACTS,
    ),
}
CLAIRES_CONTACT = {
    **dict.fromkeys(FRANCE_OVERSIGHT, Filtered(shows=["claire_email"])),
    **dict.fromkeys(SIGNED_IN - FRANCE_OVERSIGHT, Filtered(hides=["claire_email"])),
}
COVERAGE_READERS = {"administrator", "leadership", "workforce_manager"}
# Evidence Bob recorded for Tina waits for Tina or her chain (Sam, Lee) to decide it;
# workforce managers (and administrators) read it but decide nothing; to others it is hidden.
TINAS_DECIDERS = {"desk_officer", "supervisor", "leadership"}
EVIDENCE_READERS = TINAS_DECIDERS | {"workforce_manager", "administrator"}
TINAS_PENDING = {
    **dict.fromkeys(TINAS_DECIDERS, Filtered(shows=["tina_pending"])),
    **dict.fromkeys(SIGNED_IN - TINAS_DECIDERS, Filtered(hides=["tina_pending"])),
}
PENDING_EVIDENCE = {"pk": "tina_pending_evidence"}
# Personas are tried in turn on one world: Lee confirms the evidence first, and
# confirmed evidence is open to all staff, so those after him who may not decide
# are refused (403) rather than answered 404.
REFUSED_ONCE_CONFIRMED = dict.fromkeys(SIGNED_IN - EVIDENCE_READERS, 403)


def records(world):
    world.add("staffing_cases", Word("cases"))
    tina, bob = world.records["tina"], world.records["bob"]
    talks = record_engagement(
        user=bob.user,
        data=EngagementData(
            title="Tokyo industry day",
            engagement_type=EngagementType.objects.get(slug="staff-talks"),
            starts_on=datetime.date(2026, 4, 7),
            ends_on=datetime.date(2026, 4, 7),
            participants=[tina],
        ),
    )
    world.add(
        "tina_pending_evidence",
        PracticeEvidence.objects.filter(
            person=tina,
            source_type=ContentType.objects.get_for_model(Engagement),
            source_id=talks.pk,
        ).first(),
    )
    world.mark("tina_pending", "Tokyo industry day")


ROUTES = {
    "partners:country-list": Entry(allowed=SIGNED_IN),
    "partners:country-detail": Entry(allowed=SIGNED_IN, params=FRANCE),
    "partners:profile-edit": Entry(allowed=FRANCE_OVERSIGHT, params=FRANCE),
    "partners:gap-new": Entry(allowed=FRANCE_OVERSIGHT, params=FRANCE),
    # Who holds a desk is the administrators' decision.
    "partners:desk-edit": Entry(allowed={"administrator"}, params=FRANCE),
    "partners:capability-heatmap": Entry(allowed=SIGNED_IN),
    "partners:coverage": Entry(allowed=COVERAGE_READERS),
    "partners:organization-list": Entry(allowed=SIGNED_IN),
    "partners:organization-detail": Entry(
        allowed=SIGNED_IN, params={"pk": "french_ministry"}, filtered=CLAIRES_CONTACT
    ),
    "partners:counterpart-list": Entry(allowed=SIGNED_IN, filtered=CONTACTS),
    "partners:counterpart-detail": Entry(
        allowed=SIGNED_IN, params={"pk": "claire"}, filtered=CLAIRES_CONTACT
    ),
    "partners:engagement-list": Entry(allowed=SIGNED_IN),
    "partners:engagement-new": Entry(allowed=SIGNED_IN),
    "partners:engagement-calendar": Entry(allowed=SIGNED_IN),
    "partners:engagement-detail": Entry(allowed=SIGNED_IN, params={"pk": "paris_talks"}),
    # Tina took part; Sam and Lee oversee France.
    "partners:engagement-edit": Entry(allowed=FRANCE_OVERSIGHT, params={"pk": "paris_talks"}),
    "partners:action-new": Entry(
        method="POST", allowed=FRANCE_OVERSIGHT, params={"pk": "paris_talks"}
    ),
    "partners:action-complete": Entry(
        method="POST", allowed=FRANCE_OVERSIGHT, params={"pk": "paris_action"}
    ),
    "partners:action-list": Entry(allowed=SIGNED_IN),
    "partners:person-work": Entry(allowed=SIGNED_IN, params={"pk": "tina"}),
    # A language proficiency: the person herself, workforce managers, administrators.
    "partners:language-new": Entry(
        allowed={"desk_officer", "workforce_manager", "administrator"}, params={"pk": "tina"}
    ),
    "partners:evidence-pending": Entry(allowed=SIGNED_IN, filtered=TINAS_PENDING),
    "partners:evidence-confirm": Entry(
        method="POST",
        params=PENDING_EVIDENCE,
        allowed=TINAS_DECIDERS,
        answers=REFUSED_ONCE_CONFIRMED,
    ),
    "partners:evidence-decline": Entry(
        method="POST",
        params=PENDING_EVIDENCE,
        allowed=TINAS_DECIDERS,
        not_found=SIGNED_IN - EVIDENCE_READERS,
    ),
    "partners:import": Entry(allowed={"administrator"}),
    "partners:export": Entry(allowed=SIGNED_IN),
    # --- API ---
    "GET /api/v1/regions": Entry(allowed=SIGNED_IN),
    "GET /api/v1/countries": Entry(allowed=SIGNED_IN),
    "GET /api/v1/countries/{country_id}": Entry(allowed=SIGNED_IN, params={"country_id": "france"}),
    "GET /api/v1/organizations": Entry(allowed=SIGNED_IN),
    "GET /api/v1/organizations/{organization_id}": Entry(
        allowed=SIGNED_IN, params={"organization_id": "french_ministry"}
    ),
    "GET /api/v1/counterparts": Entry(allowed=SIGNED_IN, filtered=CONTACTS),
    "GET /api/v1/counterparts/{counterpart_id}": Entry(
        allowed=SIGNED_IN, params={"counterpart_id": "claire"}, filtered=CLAIRES_CONTACT
    ),
    "GET /api/v1/engagements": Entry(allowed=SIGNED_IN),
    # Every member of staff logs the engagements they take part in.
    "POST /api/v1/engagements": Entry(allowed=SIGNED_IN),
    "GET /api/v1/engagements/{engagement_id}": Entry(
        allowed=SIGNED_IN, params={"engagement_id": "paris_talks"}
    ),
    "GET /api/v1/actions": Entry(allowed=SIGNED_IN),
    "POST /api/v1/actions/{action_id}/done": Entry(
        allowed=FRANCE_OVERSIGHT, params={"action_id": "paris_action"}
    ),
    "GET /api/v1/coverage": Entry(allowed=COVERAGE_READERS),
    "GET /api/v1/evidence/pending": Entry(allowed=SIGNED_IN, filtered=TINAS_PENDING),
    "POST /api/v1/evidence/{evidence_id}/confirm": Entry(
        params={"evidence_id": "tina_pending_evidence"},
        allowed=TINAS_DECIDERS,
        answers=REFUSED_ONCE_CONFIRMED,
    ),
    "POST /api/v1/evidence/{evidence_id}/decline": Entry(
        params={"evidence_id": "tina_pending_evidence"},
        allowed=TINAS_DECIDERS,
        not_found=SIGNED_IN - EVIDENCE_READERS,
    ),
    # A work record's ranking: for those who see the case and may staff; Sam ranks his team.
    "GET /api/v1/staffing/records/{kind}/{record_id}": Entry(
        params={"kind": "staffing_cases", "record_id": "mx_case"},
        allowed=STAFFERS & CASE_VIEWERS,
        filtered={"supervisor": Filtered(shows=["tina"], hides=["bob"])},
        not_found=SIGNED_IN - CASE_VIEWERS,
    ),
    "POST /api/v1/staffing/assignment": Entry(
        data={"records": [{"label": "Talks", "requirements": [{"code": "1.A", "level": 3}]}]},
        allowed=STAFFERS,
    ),
}
