"""Writes of cooperation programs: creating and editing them, the Coalition Warfare Program
cycle, the records kept around a program, documents with their markings, and staffing.

Every function is keyword-only, runs in a transaction, checks permission
through the policy and validates with full_clean() before it writes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from seccoop.core import services as core
from seccoop.core.permissions import Role, has_role, require
from seccoop.core.workflow import Transition, Workflow
from seccoop.partners import services as partner_services
from seccoop.partners.markings import require_releasable
from seccoop.partners.models import Country
from seccoop.programs.models import (
    AgreementState,
    ExecutionReport,
    FundingLine,
    NominationScore,
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


def _has_agreement_in_force(program: Program) -> str | None:
    """A CWP project is carried out with its partners under an international agreement,
    which must be in force before the cooperative work starts (CWP Frequently Asked
    Questions, "What is an International Agreement?", linked from
    https://www.acq.osd.mil/ic/cwp.html; DoDI 5530.03)."""
    if program.kind != ProgramKind.CWP:
        return None
    agreements = program.agreements.active()
    if not agreements.exists():
        return "No international agreement is linked to the project."
    if not agreements.filter(state=AgreementState.IN_FORCE).exists():
        return "The project's international agreement is not in force yet."
    return None


def _cost_share_authorised(program: Program) -> str | None:
    """A DEF study is approved only with industry's share recorded, and a share below half
    with its authorisation (FY2011 NDAA section 243 as amended by the FY2015 NDAA)."""
    if program.kind != ProgramKind.DEF:
        return None
    if program.industry_cost_share is None:
        return "Industry's cost share is not recorded."
    missing = program.missing_cost_share_authorisation()
    if missing:
        return (
            f"Industry pays {program.industry_cost_share:g}%, less than half: record the "
            "authorisation of that share (" + ", ".join(missing) + ")."
        )
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
        Transition(
            "begin-execution",
            "Begin execution",
            (S.FUNDED,),
            S.EXECUTING,
            guards=(_has_agreement_in_force,),
        ),
        Transition(
            "start",
            "Start execution",
            (S.PLANNING,),
            S.EXECUTING,
            guards=(_not_cwp, _cost_share_authorised),
        ),
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


def add_execution_report(*, user, program: Program, data: dict) -> ExecutionReport:
    """Record a month's commitments, obligations and expenditures of one of its lines."""
    return core.create_record(user=user, model=ExecutionReport, data={**data, "program": program})


# --- Coalition Warfare Program selection ---------------------------------------------


@dataclass
class RankedNomination:
    program: Program
    total: Decimal
    scored: list[str] = field(default_factory=list)
    rank: int | None = None


def cycle_ranking(programs, fiscal_year: int) -> list[RankedNomination]:
    """The CWP nominations of one fiscal year's cycle, ranked by their weighted scores.

    The weights are SECCOOP_CWP_SELECTION_CRITERIA's. Nominations of equal
    total share a rank; one not yet scored on every criterion is listed,
    unranked, after the ranked ones. `programs` is what the reader may see.
    """
    weights = settings.SECCOOP_CWP_SELECTION_CRITERIA
    nominations = list(
        programs.filter(kind=ProgramKind.CWP, fiscal_year=fiscal_year).order_by("name")
    )
    by_program: dict[int, RankedNomination] = {
        p.pk: RankedNomination(program=p, total=Decimal(0)) for p in nominations
    }
    scores = NominationScore.objects.active().filter(program_id__in=by_program)
    for score in scores:
        entry = by_program[score.program_id]
        weight = weights.get(score.criterion)
        if weight is None:
            continue
        entry.total += Decimal(score.score * weight)
        entry.scored.append(score.criterion)
    complete = [e for e in by_program.values() if set(e.scored) >= set(weights)]
    partial = [e for e in by_program.values() if e not in complete]
    complete.sort(key=lambda e: (-e.total, e.program.name))
    previous = None
    for position, entry in enumerate(complete, start=1):
        entry.rank = previous.rank if previous and previous.total == entry.total else position
        previous = entry
    return complete + partial


def rank_in_cycle(program: Program, programs) -> RankedNomination | None:
    if program.kind != ProgramKind.CWP or program.fiscal_year is None:
        return None
    for entry in cycle_ranking(programs, program.fiscal_year):
        if entry.program.pk == program.pk:
            return entry
    return None


# --- execution against plan ----------------------------------------------------------


@dataclass
class ExecutionMonth:
    month: datetime.date
    planned_obligations: Decimal | None
    committed: Decimal
    obligated: Decimal
    expended: Decimal


def execution_series(program: Program, lines=None) -> dict:
    """The program's monthly execution summed over its funding lines, with the plan.

    The plan is the funding lines' total; the planned obligations of a month
    are summed where every line reporting that month gives one. `lines` are
    the program's active funding lines when the caller already has them.
    """
    lines = list(program.funding_lines.active()) if lines is None else lines
    reports = ExecutionReport.objects.active().filter(
        program=program, funding_line__archived_at__isnull=True
    )
    months: dict[datetime.date, ExecutionMonth] = {}
    for report in reports.order_by("month"):
        row = months.setdefault(
            report.month,
            ExecutionMonth(report.month, Decimal(0), Decimal(0), Decimal(0), Decimal(0)),
        )
        if report.planned_obligations is None or row.planned_obligations is None:
            row.planned_obligations = None
        else:
            row.planned_obligations += report.planned_obligations
        row.committed += report.committed
        row.obligated += report.obligated
        row.expended += report.expended
    return {
        "planned_total": sum((line.amount for line in lines), Decimal(0)),
        "months": list(months.values()),
    }


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
