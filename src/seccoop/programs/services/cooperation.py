"""Writes of cooperation programs: creating and editing them, the Coalition Warfare Program
cycle, the records kept around a program, documents with their markings, and staffing.

Every function is keyword-only, runs in a transaction, checks permission
through the policy and validates with full_clean() before it writes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from seccoop.core import services as core
from seccoop.core.permissions import Role, has_role, require
from seccoop.core.workflow import Transition, Workflow
from seccoop.partners import services as partner_services
from seccoop.partners.markings import require_releasable
from seccoop.partners.models import Country
from seccoop.programs.models import (
    FundingLine,
    Program,
    ProgramDocument,
    ProgramDocumentVersion,
    ProgramKind,
    ProgramState,
)
from seccoop.workforce.models import Person
from seccoop.workforce.staffing import unit_of

S = ProgramState

# --- guards: each names what is missing ------------------------------------------


def _is_cwp(program: Program) -> str | None:
    if program.kind != ProgramKind.CWP:
        return "Only a Coalition Warfare Program project goes through nomination."
    return None


def _not_cwp(program: Program) -> str | None:
    if program.kind == ProgramKind.CWP:
        return (
            "A Coalition Warfare Program project is nominated, selected and funded "
            "before it executes."
        )
    return None


def _has_quad_chart(program: Program) -> str | None:
    if not program.quad_chart.strip():
        return "The quad chart is missing."
    return None


def _has_full_nomination(program: Program) -> str | None:
    if not program.full_nomination.strip():
        return "The full nomination is missing."
    return None


def _has_funding_for_its_year(program: Program) -> str | None:
    if program.fiscal_year is None:
        return "The fiscal year it is funded for is missing."
    if (
        not FundingLine.objects.active()
        .filter(program=program, fiscal_year=program.fiscal_year)
        .exists()
    ):
        return f"There is no funding line for FY{program.fiscal_year}."
    return None


PROGRAM_WORKFLOW = Workflow(
    Program,
    ProgramState,
    transitions=[
        Transition(
            "submit-quad-chart",
            "Submit the quad chart",
            (S.CALL_FOR_NOMINATIONS,),
            S.QUAD_CHART,
            guards=(_is_cwp, _has_quad_chart),
            fields=("quad_chart",),
        ),
        Transition(
            "submit-full-nomination",
            "Submit the full nomination",
            (S.QUAD_CHART,),
            S.FULL_NOMINATION,
            guards=(_has_quad_chart, _has_full_nomination),
            fields=("full_nomination",),
        ),
        Transition("begin-review", "Begin the review", (S.FULL_NOMINATION,), S.REVIEW),
        Transition("select", "Select", (S.REVIEW,), S.SELECTED, roles=(Role.LEADERSHIP,)),
        Transition(
            "not-select",
            "Do not select",
            (S.REVIEW,),
            S.NOT_SELECTED,
            roles=(Role.LEADERSHIP,),
            note_required=True,
        ),
        Transition(
            "fund",
            "Record the funding",
            (S.SELECTED,),
            S.FUNDED,
            roles=(Role.LEADERSHIP,),
            guards=(_has_funding_for_its_year,),
            fields=("fiscal_year",),
        ),
        Transition("begin-execution", "Begin execution", (S.FUNDED,), S.EXECUTING),
        Transition("start", "Start execution", (S.PLANNING,), S.EXECUTING, guards=(_not_cwp,)),
        Transition(
            "transition",
            "Transition to a program of record",
            (S.EXECUTING,),
            S.TRANSITIONED,
            guards=(_is_cwp,),
            note_required=True,
        ),
        Transition("complete", "Complete", (S.EXECUTING,), S.COMPLETE),
    ],
)


def initial_state(kind: str) -> str:
    return S.CALL_FOR_NOMINATIONS if kind == ProgramKind.CWP else S.PLANNING


# --- programs --------------------------------------------------------------------


def _releasable_everywhere(program: Program, countries: Iterable[Country]) -> None:
    """Refuse new countries that one of the program's documents may not go to."""
    for document in program.documents.active().prefetch_related("releasable_to"):
        require_releasable(document, countries)


def with_own_team(user, data: dict) -> dict:
    """A program-team member's new record belongs to their own team unless they name one.

    As with cases (`open_case`): the team is how a program-team member sees
    and works the record, and a record they could not see is refused.
    """
    if data.get("org_unit") is not None or not has_role(user, Role.PROGRAM_TEAM):
        return data
    person = getattr(user, "person", None)
    unit = unit_of(person) if person is not None else None
    return {**data, "org_unit": unit} if unit is not None else data


def create_program(*, user, data: dict, countries: Iterable[Country] = ()) -> Program:
    """Create a program in its first state (a CWP project starts at the call for nominations)."""
    data = with_own_team(user, data)
    data = {**data, "state": initial_state(data.get("kind") or ProgramKind.RDTE)}
    return core.create_record(
        user=user, model=Program, data=data, links={"countries": list(countries)}
    )


def update_program(
    *,
    user,
    program: Program,
    changes: dict,
    expected_version: int,
    countries: Iterable[Country] | None = None,
) -> Program:
    """Edit a program's fields (not its state, which moves through the workflow)."""
    if "state" in changes or "state_changed_at" in changes:
        raise ValidationError({"state": ["The state changes through the program's transitions."]})
    if countries is not None:
        countries = list(countries)
        _releasable_everywhere(program, countries)
    with transaction.atomic():
        core.update_record(
            user=user,
            record=program,
            changes=changes,
            expected_version=expected_version,
            links={"countries": countries},
        )
        partner_services.sync_assignment_evidence([program], recorded_by=user)
    return program


def move_program(
    *,
    user,
    program: Program,
    name: str,
    note: str = "",
    values: dict | None = None,
    expected_version: int | None = None,
):
    """Take a transition of the program's cycle; see PROGRAM_WORKFLOW."""
    return PROGRAM_WORKFLOW.move(
        user=user,
        record=program,
        name=name,
        note=note,
        values=values,
        expected_version=expected_version,
    )


# --- records kept around a program -----------------------------------------------


def add_record(*, user, model, data: dict, countries: Iterable[Country] | None = None):
    """Add a record kept around a program (a risk, a funding line, an assessment...).

    The program's policy decides: whoever may change the program may add to it.
    """
    links = {"countries": list(countries)} if countries is not None else None
    return core.create_record(user=user, model=model, data=data, links=links)


def update_child(*, user, record, changes: dict, expected_version: int):
    return core.update_record(
        user=user, record=record, changes=changes, expected_version=expected_version
    )


# --- documents -------------------------------------------------------------------


def attach_document(
    *,
    user,
    data: dict,
    releasable_to: Iterable[Country] = (),
    first_version: dict | None = None,
) -> ProgramDocument:
    """Attach a marked document to a program or an agreement, with its first version.

    Refused, writing nothing, when the document is not releasable to one of
    the countries of the program or agreement it is attached to.
    """
    with transaction.atomic():
        document = core.create_record(
            user=user,
            model=ProgramDocument,
            data=data,
            links={"releasable_to": list(releasable_to)},
        )
        require_releasable(document, document.owner.countries.all())
        if first_version:
            add_document_version(user=user, document=document, data=first_version)
    return document


def add_document_version(*, user, document: ProgramDocument, data: dict) -> ProgramDocumentVersion:
    """Record a new version of a document; its number follows the last one unless given."""
    require(user, "change", document)
    data = dict(data)
    if not data.get("number"):
        last = document.versions.order_by("-number").values_list("number", flat=True).first()
        data["number"] = (last or 0) + 1
    data.setdefault("dated_on", datetime.date.today())
    version = ProgramDocumentVersion(document=document, **data)
    version.full_clean()
    version._history_user = user
    version.save()
    return version


# --- staffing ---------------------------------------------------------------------


def assign_staff(*, user, record, person: Person, role: str, assigned_on=None):
    """Assign a person to a program or agreement; they gain evidence of practice from it."""
    return partner_services.assign(
        user=user, record=record, person=person, role=role, assigned_on=assigned_on
    )
