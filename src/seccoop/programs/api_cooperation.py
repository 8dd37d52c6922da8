"""Cooperation programs and international agreements through the API.

The same querysets, FilterSets, policy, services and workflows as the pages.
A transition is `POST .../transitions/{name}` with a note and the values the
transition sets; a transition that may not be taken from the record's state,
or whose guards fail, answers 400 naming what is wrong, and changes nothing.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.orm import create_schema
from ninja.pagination import paginate
from ninja.responses import Status

from seccoop.core.api import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    DbId,
    ErrorOut,
    LimitOffset,
    apply_filters,
    error_map,
    filter_parameters,
    get_visible,
)
from seccoop.core.services import ConcurrentEditError
from seccoop.partners.markings import export_marking, highest_marking
from seccoop.partners.models import Country, Engagement
from seccoop.programs.filters_cooperation import AgreementFilter, ProgramFilter
from seccoop.programs.forms_cooperation import PROGRAM_RECORDS
from seccoop.programs.models import (
    Agreement,
    AgreementAuthority,
    AgreementDraft,
    AgreementInteraction,
    AgreementType,
    Program,
    ProgramDocument,
)
from seccoop.programs.services import agreements as agreement_services
from seccoop.programs.services import cooperation as services
from seccoop.workforce.models import Assignment, OrgUnit, Person

router = Router(tags=["programs"])

ProgramQuery = filter_parameters(ProgramFilter)
AgreementQuery = filter_parameters(AgreementFilter)
TRANSITION_ERRORS = {**WRITE_ERRORS, 409: ErrorOut}


# --- shared schemas ------------------------------------------------------------------


class StateChangeOut(Schema):
    transition: str
    source: str
    target: str
    at: datetime.datetime
    actor: str | None
    note: str

    @staticmethod
    def resolve_actor(obj):
        return obj.actor.get_username() if obj.actor_id else None


class TransitionOut(Schema):
    name: str
    label: str
    target: str
    fields: list[str]
    note_required: bool
    missing: list[str] = Field(description="What the guards say is still missing.")


class TransitionIn(Schema):
    note: str = ""
    values: dict[str, str | int | None] = Field(
        default_factory=dict, description="Fields the transition sets, such as signed_on."
    )
    version: int = Field(description="The version the client read; 409 if someone moved it since.")


class AssignmentIn(Schema):
    person_id: int
    role: str
    assigned_on: datetime.date | None = None


class AssignmentOut(Schema):
    id: int
    person_id: int
    person: str
    role: str
    assigned_on: datetime.date
    released_on: datetime.date | None

    @staticmethod
    def resolve_person(obj):
        return str(obj.person)


def _countries(codes: list[str], field: str = "countries") -> list[Country]:
    wanted = [code.upper() for code in codes]
    found = {c.iso_code: c for c in Country.objects.filter(iso_code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise ValidationError({field: [f"Unknown country codes: {', '.join(unknown)}."]})
    return [found[code] for code in wanted]


def _org_unit(unit_id: int | None):
    if unit_id is None:
        return None
    unit = OrgUnit.objects.active().filter(pk=unit_id).first()
    if unit is None:
        raise ValidationError({"org_unit_id": [f"No org unit {unit_id}."]})
    return unit


def _transition_values(workflow, name: str, values: dict) -> dict:
    """Convert the transition's values from JSON to the model's types, naming bad ones."""
    transition = workflow.transition(name)
    converted, errors = {}, {}
    for key, value in values.items():
        if key not in transition.fields:
            errors[key] = [f"“{transition.label}” does not set {key}."]
            continue
        try:
            converted[key] = workflow.model._meta.get_field(key).to_python(value)
        except ValidationError as exc:
            errors[key] = exc.messages
    if errors:
        raise ValidationError(errors)
    return converted


def _move(request, workflow, record, name: str, payload: TransitionIn):
    try:
        workflow.move(
            user=request.user,
            record=record,
            name=name,
            note=payload.note,
            values=_transition_values(workflow, name, payload.values),
            expected_version=payload.version,
        )
    except ValidationError as exc:
        if isinstance(exc, ConcurrentEditError):
            raise
        return Status(400, {"detail": "The transition was refused.", "errors": error_map(exc)})
    return None


def _available(user, workflow, record) -> list[TransitionOut]:
    return [
        TransitionOut(
            name=t.name,
            label=t.label,
            target=t.target,
            fields=list(t.fields),
            note_required=t.note_required,
            missing=workflow.blockers(record, t),
        )
        for t in workflow.available(user, record)
    ]


def _assign(request, record, payload: AssignmentIn):
    person = Person.objects.active().filter(pk=payload.person_id).first()
    if person is None:
        raise ValidationError({"person_id": [f"No person {payload.person_id}."]})
    assignment = services.assign_staff(
        user=request.user,
        record=record,
        person=person,
        role=payload.role,
        assigned_on=payload.assigned_on,
    )
    return Status(201, assignment)


# --- programs --------------------------------------------------------------------


class ProgramOut(Schema):
    id: int
    external_id: str | None
    name: str
    kind: str
    description: str
    countries: list[str] = Field(description="ISO 3166 codes.")
    org_unit_id: int | None
    fiscal_year: int | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    state: str
    state_changed_at: datetime.datetime | None
    quad_chart: str
    full_nomination: str
    candidate_program: str
    differential_capability: str
    protection_features: str
    industry_cost_share: Decimal | None
    cost_share_authorised_by: str
    cost_share_authorised_on: datetime.date | None
    cost_share_authorisation_reason: str
    nominating_organisation: str
    advocate: str
    endorsing_command: str
    endorsed_on: datetime.date | None
    trl_at_entry: int | None
    trl_at_exit: int | None
    partner_equitability: str
    exercises: list[str]
    version: int

    @staticmethod
    def resolve_countries(obj):
        return [country.iso_code for country in obj.countries.all()]

    @staticmethod
    def resolve_exercises(obj):
        return list(obj.exercised_codes())


class ProgramDetailOut(ProgramOut):
    transitions: list[TransitionOut]
    state_changes: list[StateChangeOut]
    assignments: list[AssignmentOut]


class ProgramIn(Schema):
    name: str
    kind: str = "rdte"
    external_id: str | None = None
    description: str = ""
    countries: list[str] = Field(default_factory=list, description="ISO 3166 codes.")
    org_unit_id: int | None = None
    fiscal_year: int | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    quad_chart: str = ""
    full_nomination: str = ""
    candidate_program: str = ""
    differential_capability: str = ""
    protection_features: str = ""
    industry_cost_share: Decimal | None = None
    cost_share_authorised_by: str = ""
    cost_share_authorised_on: datetime.date | None = None
    cost_share_authorisation_reason: str = ""
    nominating_organisation: str = ""
    advocate: str = ""
    endorsing_command: str = ""
    endorsed_on: datetime.date | None = None
    trl_at_entry: int | None = None
    trl_at_exit: int | None = None
    partner_equitability: str = ""


class ProgramPatch(Schema):
    version: int = Field(description="The version you read; 409 if someone changed it since.")
    name: str | None = None
    external_id: str | None = None
    description: str | None = None
    countries: list[str] | None = None
    org_unit_id: int | None = None
    fiscal_year: int | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    quad_chart: str | None = None
    full_nomination: str | None = None
    candidate_program: str | None = None
    differential_capability: str | None = None
    protection_features: str | None = None
    industry_cost_share: Decimal | None = None
    cost_share_authorised_by: str | None = None
    cost_share_authorised_on: datetime.date | None = None
    cost_share_authorisation_reason: str | None = None
    nominating_organisation: str | None = None
    advocate: str | None = None
    endorsing_command: str | None = None
    endorsed_on: datetime.date | None = None
    trl_at_entry: int | None = None
    trl_at_exit: int | None = None
    partner_equitability: str | None = None


def _programs(user):
    return Program.objects.visible_to(user).active().prefetch_related("countries")


def _program(request, program_id: int) -> Program:
    return get_visible(request.user, _programs(request.user), pk=program_id)


def _program_detail(request, program):
    program = _program(request, program.pk)
    program.transitions = _available(request.user, services.PROGRAM_WORKFLOW, program)
    program.state_changes = list(services.PROGRAM_WORKFLOW.log(program))
    program.assignments = list(Assignment.objects.active().of(program).select_related("person"))
    return program


@router.get(
    "/programs",
    response={200: list[ProgramOut], **LIST_ERRORS},
    summary="Cooperation programs you may see",
)
@paginate(LimitOffset)
def list_programs(request, filters: Query[ProgramQuery]):
    return apply_filters(ProgramFilter, filters, _programs(request.user))


@router.post("/programs", response={201: ProgramDetailOut, **WRITE_ERRORS}, summary="Add a program")
def create_program(request, payload: ProgramIn):
    data = payload.dict(exclude={"countries", "org_unit_id"})
    data["org_unit"] = _org_unit(payload.org_unit_id)
    program = services.create_program(
        user=request.user, data=data, countries=_countries(payload.countries)
    )
    return Status(201, _program_detail(request, program))


@router.get(
    "/programs/{program_id}",
    response={200: ProgramDetailOut, **READ_ERRORS},
    summary="A program, its transitions and its state changes",
)
def get_program(request, program_id: int):
    return _program_detail(request, _program(request, program_id))


@router.patch(
    "/programs/{program_id}",
    response={200: ProgramDetailOut, **WRITE_ERRORS, 409: ErrorOut},
    summary="Edit a program",
)
def update_program(request, program_id: int, payload: ProgramPatch):
    program = _program(request, program_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "countries"})
    if "org_unit_id" in changes:
        changes["org_unit"] = _org_unit(changes.pop("org_unit_id"))
    services.update_program(
        user=request.user,
        program=program,
        changes=changes,
        expected_version=payload.version,
        countries=_countries(payload.countries) if payload.countries is not None else None,
    )
    return _program_detail(request, program)


@router.post(
    "/programs/{program_id}/transitions/{name}",
    response={200: ProgramDetailOut, **TRANSITION_ERRORS},
    summary="Move a program through its cycle",
    description="400, with nothing changed, when the transition may not be taken now.",
)
def move_program(request, program_id: int, name: str, payload: TransitionIn):
    program = _program(request, program_id)
    refused = _move(request, services.PROGRAM_WORKFLOW, program, name, payload)
    return refused or _program_detail(request, program)


@router.post(
    "/programs/{program_id}/assignments",
    response={201: AssignmentOut, **WRITE_ERRORS},
    summary="Assign someone to a program",
)
def assign_to_program(request, program_id: int, payload: AssignmentIn):
    return _assign(request, _program(request, program_id), payload)


# --- the records kept around a program -------------------------------------------


def _is_relation(model, name: str) -> bool:
    field = model._meta.get_field(name)
    return isinstance(field, models.ForeignKey)


# The path of each kind of record kept around a program.
RECORD_PATHS = {
    "contribution": "contributions",
    "funding": "funding-lines",
    "assessment": "assessments",
    "cpi": "critical-information",
    "roadmap": "roadmaps",
    "harmonization": "harmonizations",
    "partner-assessment": "partner-assessments",
    "risk": "risks",
    "execution": "execution-reports",
    "resource-plan": "resource-plan",
    "score": "nomination-scores",
    "deliverable": "def-deliverables",
}


def _record_routes(kind: str, model, fields: list[str]) -> None:
    plural = RECORD_PATHS[kind]
    path = f"/programs/{{program_id}}/{plural}"
    out = create_schema(model, name=f"{model.__name__}Out", fields=["id", "program", *fields])
    # Relations are ids, typed here: a malformed or out-of-range id is a 422 naming the field.
    relations = [
        name
        for name in fields
        if isinstance(model._meta.get_field(name), models.ForeignKey | models.ManyToManyField)
    ]
    body = create_schema(
        model,
        name=f"{model.__name__}In",
        fields=[name for name in fields if name not in relations],
        custom_fields=[
            (name, list[DbId] | None, None)
            if isinstance(model._meta.get_field(name), models.ManyToManyField)
            else (name, DbId | None, None)
            for name in relations
        ],
    )
    label = str(model._meta.verbose_name)

    @router.get(path, response={200: list[out], **READ_ERRORS}, summary=f"A program's {plural}")
    def list_records(request, program_id: int):
        program = _program(request, program_id)
        found = model.objects.visible_to(request.user).active().filter(program=program)
        if "countries" in fields:
            found = found.prefetch_related("countries")
        return list(found)

    @router.post(path, response={201: out, **WRITE_ERRORS}, summary=f"Add a {label}")
    def add_record(request, program_id: int, payload: body):
        program = _program(request, program_id)
        data = {"program": program}
        countries = None
        for name, value in payload.dict().items():
            if value is None and not model._meta.get_field(name).null:
                continue  # left out: the model's default applies
            if name == "countries":
                countries = list(Country.objects.filter(pk__in=value or []))
            elif _is_relation(model, name):
                data[f"{name}_id"] = value
            else:
                data[name] = value
        if "country_id" in data and not Country.objects.filter(pk=data["country_id"]).exists():
            raise ValidationError({"country": [f"No country {data['country_id']}."]})
        if (
            "funding_line_id" in data
            and not program.funding_lines.filter(pk=data["funding_line_id"]).exists()
        ):
            raise ValidationError(
                {"funding_line": [f"The program has no funding line {data['funding_line_id']}."]}
            )
        record = services.add_record(user=request.user, model=model, data=data, countries=countries)
        return Status(201, record)

    list_records.__name__ = f"list_program_{kind.replace('-', '_')}"
    add_record.__name__ = f"add_program_{kind.replace('-', '_')}"


# The operation ids come from the function names given above, one pair per kind.
for _kind, (_model, _fields, _heading) in PROGRAM_RECORDS.items():
    _record_routes(_kind, _model, _fields)


# --- execution against plan and the CWP selection cycle --------------------------


class ExecutionMonthOut(Schema):
    month: datetime.date
    planned_obligations: Decimal | None
    committed: Decimal
    obligated: Decimal
    expended: Decimal


class ExecutionOut(Schema):
    planned_total: Decimal = Field(description="The program's funding lines' total (USD).")
    months: list[ExecutionMonthOut] = Field(
        description="Running totals of the fiscal year at each month's end, summed over lines."
    )


@router.get(
    "/programs/{program_id}/execution",
    response={200: ExecutionOut, **READ_ERRORS},
    summary="A program's monthly execution against its plan",
)
def get_program_execution(request, program_id: int):
    return services.execution_series(_program(request, program_id))


class RankedNominationOut(Schema):
    program_id: int
    name: str
    total: Decimal = Field(description="The weighted score (SECCOOP_CWP_SELECTION_CRITERIA).")
    rank: int | None = Field(description="None until scored on every criterion.")
    scored: list[str]

    @staticmethod
    def resolve_program_id(obj):
        return obj.program.pk

    @staticmethod
    def resolve_name(obj):
        return obj.program.name


@router.get(
    "/cwp-cycles/{fiscal_year}",
    response={200: list[RankedNominationOut], **READ_ERRORS},
    summary="The CWP nominations of a fiscal year you may see, ranked",
)
def get_cwp_cycle(request, fiscal_year: int):
    return services.cycle_ranking(Program.objects.visible_to(request.user).active(), fiscal_year)


# --- documents --------------------------------------------------------------------


class VersionOut(Schema):
    number: int
    dated_on: datetime.date
    summary: str
    reference: str


class DocumentOut(Schema):
    id: int
    program_id: int | None
    agreement_id: int | None
    kind: str
    title: str
    classification: str
    cui_categories: str
    releasable_to: list[str] = Field(description="ISO 3166 codes; empty means no limit set.")
    versions: list[VersionOut]

    @staticmethod
    def resolve_releasable_to(obj):
        return [country.iso_code for country in obj.releasable_to.all()]

    @staticmethod
    def resolve_versions(obj):
        return list(obj.versions.all())


class DocumentIn(Schema):
    kind: str
    title: str
    classification: str = "U"
    cui_categories: str = ""
    releasable_to: list[str] = Field(default_factory=list, description="ISO 3166 codes.")
    version_summary: str = ""
    version_reference: str = ""


class VersionIn(Schema):
    dated_on: datetime.date | None = None
    summary: str = ""
    reference: str = ""
    number: int | None = None


def _documents(user):
    return (
        ProgramDocument.objects.visible_to(user)
        .active()
        .prefetch_related("releasable_to", "versions")
    )


def _attach(request, owner_field: str, owner, payload: DocumentIn):
    document = services.attach_document(
        user=request.user,
        data={
            owner_field: owner,
            "kind": payload.kind,
            "title": payload.title,
            "classification": payload.classification,
            "cui_categories": payload.cui_categories,
        },
        releasable_to=_countries(payload.releasable_to, "releasable_to"),
        first_version={"summary": payload.version_summary, "reference": payload.version_reference},
    )
    return Status(201, _documents(request.user).get(pk=document.pk))


@router.get(
    "/programs/{program_id}/documents",
    response={200: list[DocumentOut], **READ_ERRORS},
    summary="A program's documents",
)
def list_program_documents(request, program_id: int):
    program = _program(request, program_id)
    return list(_documents(request.user).filter(program=program))


@router.post(
    "/programs/{program_id}/documents",
    response={201: DocumentOut, **WRITE_ERRORS},
    summary="Attach a document to a program",
    description="422 when the document is not releasable to one of the program's countries.",
)
def attach_program_document(request, program_id: int, payload: DocumentIn):
    return _attach(request, "program", _program(request, program_id), payload)


@router.post(
    "/documents/{document_id}/versions",
    response={201: DocumentOut, **WRITE_ERRORS},
    summary="Record a new version of a document",
)
def add_document_version(request, document_id: int, payload: VersionIn):
    document = get_visible(request.user, _documents(request.user), pk=document_id)
    data = payload.dict(exclude_none=True)
    services.add_document_version(user=request.user, document=document, data=data)
    return Status(201, _documents(request.user).get(pk=document.pk))


# --- agreements -------------------------------------------------------------------


class AgreementTypeOut(Schema):
    slug: str
    name: str
    description: str


class AgreementOut(Schema):
    id: int
    external_id: str | None
    title: str
    type: str | None = Field(None, description="The agreement type's slug.")
    countries: list[str] = Field(description="ISO 3166 codes of the parties.")
    instrument: str = Field(
        description="“agreement”, or an “amendment”, “annex” or “project-arrangement” under one."
    )
    parent_id: int | None = Field(None, description="The agreement an instrument falls under.")
    authority: str | None = Field(None, description="The legal authority's slug.")
    authority_citation: str | None = Field(None, description="The legal authority as cited.")
    authority_note: str = Field(
        description="An authority as first written down, where it matched none of the table."
    )
    involves_classified: bool
    program_id: int | None
    org_unit_id: int | None
    state: str
    state_changed_at: datetime.datetime | None
    statement_of_intent: str
    authority_to_develop_on: datetime.date | None
    final_approval_on: datetime.date | None
    signed_on: datetime.date | None
    in_force_on: datetime.date | None
    expires_on: datetime.date | None
    new_expires_on: datetime.date | None = Field(
        None, description="For an amendment: the expiry it sets for the agreement it amends."
    )
    warning_days: int
    expiry: str = Field(description="“expired”, “expiring” (within the warning) or empty.")
    negotiation_rounds: list[int] = Field(description="Engagement ids.")
    version: int

    @staticmethod
    def resolve_type(obj):
        return obj.agreement_type.slug if obj.agreement_type_id else None

    @staticmethod
    def resolve_authority(obj):
        return obj.authority.slug if obj.authority_id else None

    @staticmethod
    def resolve_authority_citation(obj):
        return obj.authority.citation if obj.authority_id else None

    @staticmethod
    def resolve_countries(obj):
        return [country.iso_code for country in obj.countries.all()]

    @staticmethod
    def resolve_expiry(obj):
        return obj.expiry_status(timezone.localdate())

    @staticmethod
    def resolve_negotiation_rounds(obj):
        return [engagement.pk for engagement in obj.negotiation_rounds.all()]


class AgreementConcurrenceOut(Schema):
    office: str
    required: bool
    answer: str | None = Field(None, description="“concur”, “non-concur” or none yet.")
    answered_on: datetime.date | None = None
    official: str = ""
    comments: str = ""


class AgreementClockOut(Schema):
    kind: str
    label: str
    basis: str = Field(description="The law or regulation the clock comes from.")
    rule: str
    condition: str
    due_on: datetime.date | None
    sent_on: datetime.date | None
    status: str = Field(description="“sent”, “overdue”, “due” or “not yet running”.")


class AgreementDetailOut(AgreementOut):
    transitions: list[TransitionOut]
    state_changes: list[StateChangeOut]
    assignments: list[AssignmentOut]
    concurrences: list[AgreementConcurrenceOut]
    reporting_clocks: list[AgreementClockOut]
    instruments: list[int] = Field(description="Ids of the instruments under it you may see.")

    @staticmethod
    def resolve_concurrences(obj):
        return obj.concurrences_out

    @staticmethod
    def resolve_instruments(obj):
        return obj.instruments_out


class AgreementIn(Schema):
    title: str
    type: str | None = Field(None, description="An agreement type's slug.")
    external_id: str | None = None
    countries: list[str] = Field(default_factory=list)
    instrument: str = "agreement"
    parent_id: int | None = None
    authority: str | None = Field(None, description="A legal authority's slug.")
    involves_classified: bool = False
    program_id: int | None = None
    org_unit_id: int | None = None
    statement_of_intent: str = ""
    expires_on: datetime.date | None = None
    new_expires_on: datetime.date | None = None
    warning_days: int = 180


class AgreementPatch(Schema):
    version: int = Field(description="The version you read; 409 if someone changed it since.")
    title: str | None = None
    type: str | None = None
    external_id: str | None = None
    countries: list[str] | None = None
    authority: str | None = None
    involves_classified: bool | None = None
    program_id: int | None = None
    org_unit_id: int | None = None
    statement_of_intent: str | None = None
    authority_to_develop_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    new_expires_on: datetime.date | None = None
    warning_days: int | None = None


class RoundIn(Schema):
    engagement_id: int


class AgreementAuthorityOut(Schema):
    slug: str
    citation: str
    name: str
    former_citation: str
    numbering_note: str
    description: str
    concurrences: list[str] = Field(description="Offices whose concurrence it adds.")
    notice: str
    notice_timing: str
    notice_days: int | None
    notice_condition: str


class AgreementConcurrenceIn(Schema):
    office: str
    answer: str = Field(description="“concur” or “non-concur” (which needs comments).")
    answered_on: datetime.date
    official: str = ""
    comments: str = ""


class AgreementNoticeIn(Schema):
    kind: str = Field(description="“state-transmittal”, “case-act” or “authority”.")
    sent_on: datetime.date
    reference: str = ""


class InteractionOut(Schema):
    id: int
    agreement_id: int
    kind: str
    occurred_on: datetime.date
    summary: str
    engagement_id: int | None


class InteractionIn(Schema):
    kind: str
    occurred_on: datetime.date
    summary: str
    engagement_id: int | None = None


class AgreementDraftOut(Schema):
    id: int
    agreement_id: int
    number: int
    file_name: str
    note: str
    classification: str
    cui_categories: str
    releasable_to: list[str] = Field(description="ISO 3166 codes; empty means no limit set.")
    marking: str = Field(description="The marking line, such as CUI//EXPT//REL TO USA, GBR.")
    uploaded_by: str | None
    uploaded_at: datetime.datetime
    text: str

    @staticmethod
    def resolve_releasable_to(obj):
        return [country.iso_code for country in obj.releasable_to.all()]

    @staticmethod
    def resolve_marking(obj):
        return export_marking(obj)

    @staticmethod
    def resolve_uploaded_by(obj):
        return obj.uploaded_by.get_username() if obj.uploaded_by_id else None

    @staticmethod
    def resolve_uploaded_at(obj):
        return obj.created_at


class DraftPartOut(Schema):
    kind: str = Field(description="“same”, “removed” or “added”.")
    text: str


class DraftLineOut(Schema):
    kind: str = Field(description="“same”, “removed”, “added” or “changed”.")
    old_line: int | None = Field(None, description="Line number in the earlier version.")
    new_line: int | None = Field(None, description="Line number in the later version.")
    text: str = Field(description="The line as it reads in the later version (or as removed).")
    parts: list[DraftPartOut] = Field(
        default_factory=list, description="For a changed line: its words kept, removed, added."
    )


class DraftComparisonOut(Schema):
    older: int = Field(description="The earlier version's number.")
    newer: int = Field(description="The later version's number.")
    marking: str = Field(description="The most restrictive marking of the two versions.")
    added: int
    removed: int
    changed: int
    lines: list[DraftLineOut]


def _agreements(user):
    return (
        Agreement.objects.visible_to(user)
        .active()
        .select_related("agreement_type", "authority")
        .prefetch_related("countries", "negotiation_rounds")
    )


def _agreement(request, agreement_id: int) -> Agreement:
    return get_visible(request.user, _agreements(request.user), pk=agreement_id)


def _agreement_detail(request, agreement):
    agreement = _agreement(request, agreement.pk)
    workflow = agreement_services.AGREEMENT_WORKFLOW
    agreement.transitions = _available(request.user, workflow, agreement)
    agreement.state_changes = list(workflow.log(agreement))
    agreement.assignments = list(Assignment.objects.active().of(agreement).select_related("person"))
    answers = {c.office: c for c in agreement.concurrences.active()}
    required = agreement.required_offices()
    agreement.concurrences_out = [
        {
            "office": office,
            "required": office in required,
            "answer": answers[office].answer if office in answers else None,
            "answered_on": answers[office].answered_on if office in answers else None,
            "official": answers[office].official if office in answers else "",
            "comments": answers[office].comments if office in answers else "",
        }
        for office in [*required, *(o for o in answers if o not in required)]
    ]
    agreement.reporting_clocks = [
        {**clock, "sent_on": clock["sent"].sent_on if clock["sent"] else None}
        for clock in agreement_services.reporting_clocks(agreement)
    ]
    agreement.instruments_out = list(
        _agreements(request.user).filter(parent=agreement).values_list("pk", flat=True)
    )
    return agreement


def _agreement_data(request, values: dict) -> dict:
    data = dict(values)
    if "type" in data:
        slug = data.pop("type")
        kind = AgreementType.objects.active().filter(slug=slug).first() if slug else None
        if slug and kind is None:
            raise ValidationError({"type": [f"No agreement type “{slug}”."]})
        data["agreement_type"] = kind
    if "authority" in data:
        slug = data.pop("authority")
        authority = AgreementAuthority.objects.active().filter(slug=slug).first() if slug else None
        if slug and authority is None:
            raise ValidationError({"authority": [f"No legal authority “{slug}”."]})
        data["authority"] = authority
    if "parent_id" in data:
        parent_id = data.pop("parent_id")
        data["parent"] = (
            get_visible(request.user, _agreements(request.user), pk=parent_id)
            if parent_id
            else None
        )
    if "org_unit_id" in data:
        data["org_unit"] = _org_unit(data.pop("org_unit_id"))
    if "program_id" in data:
        program_id = data.pop("program_id")
        data["program"] = (
            get_visible(request.user, _programs(request.user), pk=program_id)
            if program_id
            else None
        )
    return data


@router.get(
    "/agreement-types",
    response={200: list[AgreementTypeOut], **LIST_ERRORS},
    summary="Kinds of international agreement",
)
@paginate(LimitOffset)
def list_agreement_types(request):
    return AgreementType.objects.active()


@router.get(
    "/agreement-authorities",
    response={200: list[AgreementAuthorityOut], **LIST_ERRORS},
    summary="The legal authorities agreements are concluded under, with their rules",
)
@paginate(LimitOffset)
def list_agreement_authorities(request):
    return AgreementAuthority.objects.active()


@router.get(
    "/agreements",
    response={200: list[AgreementOut], **LIST_ERRORS},
    summary="International agreements you may see",
)
@paginate(LimitOffset)
def list_agreements(request, filters: Query[AgreementQuery]):
    return apply_filters(AgreementFilter, filters, _agreements(request.user))


@router.get(
    "/agreements/expiring",
    response={200: list[AgreementOut], **LIST_ERRORS},
    summary="Signed agreements within their expiry warning or past their expiry",
)
def list_expiring_agreements(request):
    return agreement_services.expiring(_agreements(request.user))


@router.post(
    "/agreements",
    response={201: AgreementDetailOut, **WRITE_ERRORS},
    summary="Add an international agreement",
)
def create_agreement(request, payload: AgreementIn):
    data = _agreement_data(request, payload.dict(exclude={"countries"}))
    agreement = agreement_services.create_agreement(
        user=request.user, data=data, countries=_countries(payload.countries)
    )
    return Status(201, _agreement_detail(request, agreement))


@router.get(
    "/agreements/{agreement_id}",
    response={200: AgreementDetailOut, **READ_ERRORS},
    summary="An agreement, its transitions and its state changes",
)
def get_agreement(request, agreement_id: int):
    return _agreement_detail(request, _agreement(request, agreement_id))


@router.patch(
    "/agreements/{agreement_id}",
    response={200: AgreementDetailOut, **WRITE_ERRORS, 409: ErrorOut},
    summary="Edit an agreement",
)
def update_agreement(request, agreement_id: int, payload: AgreementPatch):
    agreement = _agreement(request, agreement_id)
    changes = _agreement_data(
        request, payload.dict(exclude_unset=True, exclude={"version", "countries"})
    )
    agreement_services.update_agreement(
        user=request.user,
        agreement=agreement,
        changes=changes,
        expected_version=payload.version,
        countries=_countries(payload.countries) if payload.countries is not None else None,
    )
    return _agreement_detail(request, agreement)


@router.post(
    "/agreements/{agreement_id}/transitions/{name}",
    response={200: AgreementDetailOut, **TRANSITION_ERRORS},
    summary="Move an agreement through its workflow",
    description="400, with nothing changed, when the transition may not be taken now.",
)
def move_agreement(request, agreement_id: int, name: str, payload: TransitionIn):
    agreement = _agreement(request, agreement_id)
    refused = _move(request, agreement_services.AGREEMENT_WORKFLOW, agreement, name, payload)
    return refused or _agreement_detail(request, agreement)


@router.post(
    "/agreements/{agreement_id}/assignments",
    response={201: AssignmentOut, **WRITE_ERRORS},
    summary="Assign someone to an agreement",
)
def assign_to_agreement(request, agreement_id: int, payload: AssignmentIn):
    return _assign(request, _agreement(request, agreement_id), payload)


@router.post(
    "/agreements/{agreement_id}/negotiation-rounds",
    response={200: AgreementDetailOut, **WRITE_ERRORS},
    summary="Record an engagement as a negotiation round",
)
def add_negotiation_round(request, agreement_id: int, payload: RoundIn):
    agreement = _agreement(request, agreement_id)
    engagement = get_visible(request.user, Engagement.objects.active(), pk=payload.engagement_id)
    agreement_services.record_negotiation_round(
        user=request.user, agreement=agreement, engagement=engagement
    )
    return _agreement_detail(request, agreement)


@router.post(
    "/agreements/{agreement_id}/concurrences",
    response={200: AgreementDetailOut, **WRITE_ERRORS},
    summary="Record an office's concurrence or non-concurrence with the circulated draft",
)
def add_concurrence(request, agreement_id: int, payload: AgreementConcurrenceIn):
    agreement = _agreement(request, agreement_id)
    agreement_services.record_concurrence(
        user=request.user, agreement=agreement, data=payload.dict()
    )
    return _agreement_detail(request, agreement)


@router.post(
    "/agreements/{agreement_id}/notices",
    response={200: AgreementDetailOut, **WRITE_ERRORS},
    summary="Record a report or notice about an agreement as sent",
)
def add_notice(request, agreement_id: int, payload: AgreementNoticeIn):
    agreement = _agreement(request, agreement_id)
    agreement_services.record_notice(user=request.user, agreement=agreement, data=payload.dict())
    return _agreement_detail(request, agreement)


@router.get(
    "/agreements/{agreement_id}/documents",
    response={200: list[DocumentOut], **READ_ERRORS},
    summary="An agreement's documents",
)
def list_agreement_documents(request, agreement_id: int):
    agreement = _agreement(request, agreement_id)
    return list(_documents(request.user).filter(agreement=agreement))


@router.post(
    "/agreements/{agreement_id}/documents",
    response={201: DocumentOut, **WRITE_ERRORS},
    summary="Attach a document to an agreement",
)
def attach_agreement_document(request, agreement_id: int, payload: DocumentIn):
    return _attach(request, "agreement", _agreement(request, agreement_id), payload)


def _drafts(request, agreement):
    return (
        AgreementDraft.objects.visible_to(request.user)
        .active()
        .filter(agreement=agreement)
        .select_related("uploaded_by")
        .prefetch_related("releasable_to")
        .order_by("number")
    )


@router.get(
    "/agreements/{agreement_id}/drafts",
    response={200: list[AgreementDraftOut], **READ_ERRORS},
    summary="The versions of an agreement's draft text, oldest first",
)
def list_agreement_drafts(request, agreement_id: int):
    return list(_drafts(request, _agreement(request, agreement_id)))


@router.get(
    "/agreements/{agreement_id}/drafts/compare",
    response={200: DraftComparisonOut, **READ_ERRORS},
    summary="Two versions of an agreement's draft text compared line by line",
    description="404 when either version number is not one of the agreement's drafts.",
)
def compare_agreement_drafts(request, agreement_id: int, older: int, newer: int):
    drafts = _drafts(request, _agreement(request, agreement_id))
    earlier = get_visible(request.user, drafts, number=older)
    later = get_visible(request.user, drafts, number=newer)
    if earlier.pk == later.pk:
        raise ValidationError({"newer": ["Choose two different versions to compare."]})
    comparison = agreement_services.compare_drafts(earlier, later)
    return {
        "older": earlier.number,
        "newer": later.number,
        "marking": highest_marking([earlier, later]),
        **comparison["counts"],
        "lines": comparison["rows"],
    }


@router.get(
    "/agreements/{agreement_id}/interactions",
    response={200: list[InteractionOut], **READ_ERRORS},
    summary="Post-agreement interactions",
)
def list_interactions(request, agreement_id: int):
    agreement = _agreement(request, agreement_id)
    return list(
        AgreementInteraction.objects.visible_to(request.user).active().filter(agreement=agreement)
    )


@router.post(
    "/agreements/{agreement_id}/interactions",
    response={201: InteractionOut, **WRITE_ERRORS},
    summary="Record a post-agreement interaction",
)
def add_interaction(request, agreement_id: int, payload: InteractionIn):
    agreement = _agreement(request, agreement_id)
    data = payload.dict()
    if data["engagement_id"] is not None:
        data["engagement"] = get_visible(
            request.user, Engagement.objects.active(), pk=data["engagement_id"]
        )
    data.pop("engagement_id")
    interaction = agreement_services.add_interaction(
        user=request.user, data={**data, "agreement": agreement}
    )
    return Status(201, interaction)
