"""Writes of international agreements: creating and editing them, their workflow from
opportunity to in force and beyond, negotiation rounds, post-agreement interactions,
and the expiry clock.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from seccoop.core import permissions
from seccoop.core import services as core
from seccoop.core.permissions import Role, require
from seccoop.core.workflow import Transition, Workflow
from seccoop.partners import services as partner_services
from seccoop.partners.models import Country, Engagement
from seccoop.programs.models import Agreement, AgreementInteraction, AgreementState
from seccoop.programs.models.agreements import BINDING_STATES
from seccoop.programs.services.cooperation import _releasable_everywhere, with_own_team

S = AgreementState

# --- guards ----------------------------------------------------------------------


def _has_statement_of_intent(agreement: Agreement) -> str | None:
    if not agreement.statement_of_intent.strip():
        return "The summary statement of intent is missing."
    return None


def _has_authority_to_develop(agreement: Agreement) -> str | None:
    if agreement.authority_to_develop_on is None:
        return "Negotiation cannot start before authority to develop is recorded."
    return None


def _has_negotiation_round(agreement: Agreement) -> str | None:
    if not agreement.negotiation_rounds.exists():
        return "No negotiation round is recorded."
    return None


def _has_signature_date(agreement: Agreement) -> str | None:
    if agreement.signed_on is None:
        return "The date of signature is missing."
    return None


def _has_final_approval(agreement: Agreement) -> str | None:
    if agreement.final_approval_on is None:
        return "The date of final approval is missing."
    return None


def _has_entry_into_force(agreement: Agreement) -> str | None:
    if agreement.in_force_on is None:
        return "The date of entry into force is missing."
    return None


def _has_run_out(agreement: Agreement) -> str | None:
    if agreement.expires_on is None:
        return "It has no expiry date."
    if agreement.expires_on > timezone.localdate():
        return f"It does not expire until {agreement.expires_on:%d %b %Y}."
    return None


AGREEMENT_WORKFLOW = Workflow(
    Agreement,
    AgreementState,
    transitions=[
        Transition(
            "request-authority",
            "Request authority to develop",
            (S.OPPORTUNITY,),
            S.AUTHORITY_REQUESTED,
            guards=(_has_statement_of_intent,),
            fields=("statement_of_intent",),
        ),
        Transition(
            "start-negotiation",
            "Start negotiation",
            (S.AUTHORITY_REQUESTED,),
            S.NEGOTIATION,
            guards=(_has_authority_to_develop,),
            fields=("authority_to_develop_on",),
        ),
        Transition(
            "request-final-approval",
            "Request final approval",
            (S.NEGOTIATION,),
            S.FINAL_APPROVAL_REQUESTED,
            guards=(_has_negotiation_round,),
        ),
        Transition(
            "sign",
            "Record the signature",
            (S.FINAL_APPROVAL_REQUESTED,),
            S.SIGNED,
            roles=(Role.LEADERSHIP,),
            guards=(_has_final_approval, _has_signature_date),
            fields=("final_approval_on", "signed_on", "expires_on"),
        ),
        Transition(
            "enter-into-force",
            "Record entry into force",
            (S.SIGNED,),
            S.IN_FORCE,
            guards=(_has_entry_into_force,),
            fields=("in_force_on", "expires_on"),
        ),
        Transition(
            "amend",
            "Record an amendment",
            (S.IN_FORCE, S.AMENDED),
            S.AMENDED,
            fields=("expires_on",),
            note_required=True,
        ),
        Transition(
            "expire",
            "Record the expiry",
            tuple(BINDING_STATES),
            S.EXPIRED,
            guards=(_has_run_out,),
        ),
        Transition(
            "terminate",
            "Terminate",
            (
                S.OPPORTUNITY,
                S.AUTHORITY_REQUESTED,
                S.NEGOTIATION,
                S.FINAL_APPROVAL_REQUESTED,
                *BINDING_STATES,
            ),
            S.TERMINATED,
            note_required=True,
        ),
    ],
)


# --- agreements ------------------------------------------------------------------


def create_agreement(*, user, data: dict, countries: Iterable[Country] = ()) -> Agreement:
    """Create an agreement at the identified opportunity."""
    data = {**with_own_team(user, data), "state": S.OPPORTUNITY}
    return core.create_record(
        user=user, model=Agreement, data=data, links={"countries": list(countries)}
    )


def update_agreement(
    *,
    user,
    agreement: Agreement,
    changes: dict,
    expected_version: int,
    countries: Iterable[Country] | None = None,
) -> Agreement:
    """Edit an agreement's fields (not its state, which moves through the workflow)."""
    if "state" in changes or "state_changed_at" in changes:
        raise ValidationError({"state": ["The state changes through the agreement's transitions."]})
    if countries is not None:
        countries = list(countries)
        _releasable_everywhere(agreement, countries)
    core.update_record(
        user=user,
        record=agreement,
        changes=changes,
        expected_version=expected_version,
        links={"countries": countries},
    )
    return agreement


def move_agreement(
    *,
    user,
    agreement: Agreement,
    name: str,
    note: str = "",
    values: dict | None = None,
    expected_version: int | None = None,
):
    """Take a transition of the agreement's workflow; see AGREEMENT_WORKFLOW."""
    return AGREEMENT_WORKFLOW.move(
        user=user,
        record=agreement,
        name=name,
        note=note,
        values=values,
        expected_version=expected_version,
    )


@transaction.atomic
def record_negotiation_round(*, user, agreement: Agreement, engagement: Engagement) -> None:
    """Count an engagement (seen by the user) as a negotiation round of the agreement."""
    require(user, "change", agreement)
    if not permissions.can(user, "view", engagement):
        raise ValidationError({"engagement": ["No such engagement."]})
    if agreement.state not in (S.AUTHORITY_REQUESTED, S.NEGOTIATION):
        raise ValidationError(
            {"engagement": ["Negotiation rounds are recorded while the agreement is negotiated."]}
        )
    agreement.negotiation_rounds.add(engagement)


def add_interaction(*, user, data: dict) -> AgreementInteraction:
    """Record a post-agreement interaction (3.H); only a signed agreement has them."""
    agreement = data.get("agreement")
    if agreement is not None:
        require(user, "change", agreement)
    if agreement is not None and agreement.state not in (*BINDING_STATES, S.EXPIRED):
        raise ValidationError(
            {"agreement": ["Post-agreement interactions follow the signature of the agreement."]}
        )
    return core.create_record(user=user, model=AgreementInteraction, data=data)


def assign_staff(*, user, agreement: Agreement, person, role: str, assigned_on=None):
    return partner_services.assign(
        user=user, record=agreement, person=person, role=role, assigned_on=assigned_on
    )


# --- the expiry clock -------------------------------------------------------------


def expiring(
    agreements: QuerySet[Agreement], *, today: datetime.date | None = None
) -> list[Agreement]:
    """Binding agreements that are within their warning period or past their expiry date.

    The warning period is the agreement's own (180 days unless set), so the
    last step is done on the few binding agreements with an expiry date.
    """
    today = today or timezone.localdate()
    candidates = agreements.filter(state__in=BINDING_STATES, expires_on__isnull=False).order_by(
        "expires_on", "title"
    )
    return [agreement for agreement in candidates if agreement.expiry_status(today)]
