"""End-use oversight: designations, compliance assessment visits, requests for consent
and potential violations (SAMM C8.4-C8.7). Each write in a transaction, checked
against the policy and validated with full_clean() before it writes."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from seccoop.controls.models import (
    CaseLineDesignation,
    ComplianceFinding,
    ComplianceVisit,
    EndUseItem,
    EndUseRequest,
    EndUseRequestKind,
    EndUseRequestOutcome,
    NotifiedParty,
    PotentialViolation,
    ViolationNotice,
)
from seccoop.core.permissions import require
from seccoop.core.services import _refresh, claim, require_in_reach


def _refresh_items(items) -> None:
    """Read each item's monitoring level again from the designations (SAMM C8.4)."""
    for item in items:
        level = item.designated_monitoring()
        if level != item.monitoring:
            item.full_clean()
            item.save()


@transaction.atomic
def designate_case_line(*, user, case_line, loa_note: str, designated_on, article=None):
    """Designate a case line for enhanced monitoring; its items follow (SAMM C8.4)."""
    designation = CaseLineDesignation(
        case_line=case_line, loa_note=loa_note.strip(), designated_on=designated_on, article=article
    )
    require(user, "add", designation)
    designation.full_clean()
    designation._history_user = user
    designation.save()
    items = list(EndUseItem.objects.active().filter(case_line=case_line))
    try:
        _refresh_items(items)
    except ValidationError as exc:
        names = ", ".join(str(item) for item in items if not item.serial_number)
        raise ValidationError(
            {
                "case_line": [
                    "Items of this line would come under enhanced monitoring without a serial "
                    f"number ({names}): record their serial numbers first."
                ]
            }
        ) from exc
    return designation


def items_of_delivery(*, line, quantity, delivered_on, serial_numbers, user, **kwargs) -> None:
    """Make the end-use items of a delivered line under enhanced monitoring (SAMM C8.4).

    Connected to `programs.signals.line_delivered`, so it runs in the delivery's
    transaction: a line designated by its own LOA note or by a designation
    recorded here gives one serialized item per article delivered, arrived on
    the day of the delivery, from which the inventory clocks run (90 days, then
    yearly). The items are the consequence of a delivery the user may record,
    so they are made for whoever records it; a bad serial number refuses the
    delivery, naming it.
    """
    designated = (
        line.enhanced_monitoring
        or CaseLineDesignation.objects.active().filter(case_line=line).exists()
    )
    if not designated:
        return
    if len(serial_numbers) != quantity:
        raise ValidationError(
            {
                "serial_numbers": [
                    f"Line {line.number} is designated for enhanced end-use monitoring "
                    f"(SAMM C8.4): give one serial number for each of the {quantity} articles "
                    "delivered."
                ]
            }
        )
    for serial in serial_numbers:
        item = EndUseItem(
            case_id=line.case_id,
            case_line=line,
            description=line.description,
            serial_number=serial,
            quantity=1,
            arrived_on=delivered_on,
        )
        try:
            item.full_clean()
        except ValidationError as exc:
            raise ValidationError(
                {"serial_numbers": [f"Serial number {serial}: {' '.join(exc.messages)}"]}
            ) from exc
        item._history_user = user
        item.save()


# --- compliance assessment visits -------------------------------------------------------


@transaction.atomic
def record_finding(
    *,
    user,
    visit: ComplianceVisit,
    description: str,
    item=None,
    corrective_action: str = "",
    action_due_on=None,
) -> ComplianceFinding:
    """Record a finding of a compliance assessment visit (SAMM C8.5)."""
    finding = ComplianceFinding(
        visit=visit,
        item=item,
        description=description.strip(),
        corrective_action=corrective_action.strip(),
        action_due_on=action_due_on,
    )
    require(user, "add", finding)
    finding.full_clean()
    finding._history_user = user
    finding.save()
    return finding


@transaction.atomic
def close_finding(
    *,
    user,
    finding: ComplianceFinding,
    corrective_action: str,
    closed_on: datetime.date | None = None,
    expected_version: int | None = None,
) -> ComplianceFinding:
    """Close a finding by the corrective action taken."""
    require(user, "change", finding)
    if finding.closed_on:
        raise ValidationError({"closed_on": ["This finding is already closed."]})
    fresh = claim(finding, expected_version, user=user)
    fresh.corrective_action = corrective_action.strip() or fresh.corrective_action
    fresh.closed_on = closed_on or timezone.localdate()
    fresh.full_clean()
    fresh._history_user = user
    fresh.save()
    require_in_reach(user, fresh)
    _refresh(finding, fresh)
    return finding


# --- requests for consent: third-party transfer, change of end use, disposal -------------


@transaction.atomic
def decide_end_use_request(
    *,
    user,
    request: EndUseRequest,
    outcome: str,
    decided_on: datetime.date,
    decided_by: str,
    reasons: str = "",
    conditions: str = "",
    expected_version: int | None = None,
) -> EndUseRequest:
    """Record the U.S. Government's decision on a request for consent (AECA sec. 3; SAMM C8.7).

    Consent to a disposal ends the item's monitoring on the day of the decision,
    unless the item already records when it was disposed of.
    """
    require(user, "change", request)
    if request.outcome != EndUseRequestOutcome.PENDING:
        raise ValidationError({"outcome": ["This request is already decided."]})
    if outcome == EndUseRequestOutcome.PENDING:
        raise ValidationError({"outcome": ["Give consent or refuse it."]})
    fresh = claim(request, expected_version, user=user)
    fresh.outcome = outcome
    fresh.decided_on = decided_on
    fresh.decided_by = decided_by.strip()
    fresh.reasons = reasons.strip()
    fresh.conditions = conditions.strip()
    fresh.full_clean()
    fresh._history_user = user
    fresh.save()
    require_in_reach(user, fresh)
    _refresh(request, fresh)
    return request


@transaction.atomic
def record_disposal(
    *, user, item: EndUseItem, disposed_on: datetime.date, expected_version: int | None = None
) -> EndUseItem:
    """Record that an item was disposed of: refused without consent to its disposal."""
    require(user, "change", item)
    refusal = item.consent_refusal(EndUseRequestKind.DISPOSAL)
    if refusal:
        raise ValidationError({"disposed_on": [refusal]})
    fresh = claim(item, expected_version, user=user)
    fresh.disposed_on = disposed_on
    fresh.full_clean()
    fresh._history_user = user
    fresh.save()
    require_in_reach(user, fresh)
    _refresh(item, fresh)
    return item


# --- potential violations ---------------------------------------------------------------


@transaction.atomic
def record_potential_violation(
    *,
    user,
    item: EndUseItem,
    discovered_on: datetime.date,
    description: str,
    incident=None,
) -> PotentialViolation:
    """Record a potential violation and route it to each party SAMM C8.1.1 and C8.6 name."""
    violation = PotentialViolation(
        item=item,
        incident=incident,
        discovered_on=discovered_on,
        description=description.strip(),
        recorded_by=getattr(user, "person", None),
    )
    require(user, "add", violation)
    violation.full_clean()
    violation._history_user = user
    violation.save()
    for party in NotifiedParty.values:
        notice = ViolationNotice(violation=violation, party=party)
        notice.full_clean()
        notice._history_user = user
        notice.save()
    return violation


@transaction.atomic
def record_notice(
    *,
    user,
    notice: ViolationNotice,
    sent_on: datetime.date | None = None,
    acknowledged_on: datetime.date | None = None,
    acknowledged_by: str = "",
    expected_version: int | None = None,
) -> ViolationNotice:
    """Record that a party was sent the violation, or that it acknowledged it."""
    require(user, "change", notice)
    fresh = claim(notice, expected_version, user=user)
    if sent_on:
        if fresh.sent_on:
            raise ValidationError({"sent_on": ["This notice was already sent."]})
        fresh.sent_on = sent_on
    if acknowledged_on:
        if fresh.acknowledged_on:
            raise ValidationError({"acknowledged_on": ["This notice was already acknowledged."]})
        fresh.acknowledged_on = acknowledged_on
        fresh.acknowledged_by = acknowledged_by.strip()
    if not sent_on and not acknowledged_on:
        raise ValidationError({"sent_on": ["Give the day it was sent or acknowledged."]})
    fresh.full_clean()
    fresh._history_user = user
    fresh.save()
    require_in_reach(user, fresh)
    _refresh(notice, fresh)
    return notice


def unacknowledged(violation: PotentialViolation) -> list[ViolationNotice]:
    """The parties that have not acknowledged the violation yet."""
    return [notice for notice in violation.notices.all() if notice.acknowledged_on is None]
