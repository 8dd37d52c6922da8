"""Export licences of direct commercial sales through the API.

The same querysets, FilterSet, policy and services as the pages. Every
transition of the DDTC workflow is one endpoint,
`POST /licences/{id}/transitions/{name}`: a transition that cannot be taken
answers 400 naming what stands in the way, and changes nothing. A licence has
no offer, no LOA and no payments, so no endpoint offers them.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from seccoop.core.api import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    LimitOffset,
    WorkflowStateChangeOut,
    WorkflowTransitionOut,
    apply_filters,
    available_transitions,
    filter_parameters,
    get_visible,
    refused,
)
from seccoop.core.services import ConcurrentEditError
from seccoop.partners.models import Country
from seccoop.programs import policies_licences as policies
from seccoop.programs.filters_licences import LicenceFilter
from seccoop.programs.models import Agreement, ExportLicence, LicenceProviso, Program
from seccoop.programs.services import licences as services
from seccoop.workforce.models import OrgUnit

router = Router(tags=["licences"])

MOVE_ERRORS = {**WRITE_ERRORS, 409: ErrorOut}


class LicenceOut(Schema):
    id: int
    kind: str
    reference: str
    commodity: str
    description: str
    applicant: str
    country: str = Field(description="The ISO 3166 code.")
    end_user: str
    foreign_parties: str
    usml_category: str
    value: Decimal | None
    mde_value: Decimal | None
    design_construction_value: Decimal | None
    manufacture_abroad: bool
    org_unit_id: int | None
    state: str
    state_label: str
    state_changed_at: datetime.datetime | None
    submitted_on: datetime.date | None
    dod_referred_on: datetime.date | None
    dod_office: str
    dod_returned_on: datetime.date | None
    dod_recommendation: str
    congress_notified_on: datetime.date | None
    notification_reference: str
    approved_on: datetime.date | None
    expires_on: datetime.date | None
    decided_on: datetime.date | None
    revoked_on: datetime.date | None
    certification_required: bool = Field(description="Whether AECA 36(c) or 36(d) applies.")
    certification_section: str
    certification_review_days: int | None
    program_ids: list[int]
    agreement_ids: list[int]
    version: int

    @staticmethod
    def resolve_country(obj):
        return obj.country.iso_code

    @staticmethod
    def resolve_state_label(obj):
        return obj.get_state_display()

    @staticmethod
    def resolve_certification_required(obj):
        return services.certification_for(obj).required

    @staticmethod
    def resolve_certification_section(obj):
        return services.certification_for(obj).section

    @staticmethod
    def resolve_certification_review_days(obj):
        return services.certification_for(obj).review_days

    @staticmethod
    def resolve_program_ids(obj):
        return [program.pk for program in obj.programs.all()]

    @staticmethod
    def resolve_agreement_ids(obj):
        return [agreement.pk for agreement in obj.agreements.all()]


class LicenceIn(Schema):
    kind: str = "dsp-5"
    reference: str = ""
    commodity: str
    applicant: str
    country: str = Field(description="The ISO 3166 code.")
    description: str = ""
    end_user: str = ""
    foreign_parties: str = ""
    usml_category: str = ""
    value: Decimal | None = None
    mde_value: Decimal | None = None
    design_construction_value: Decimal | None = None
    manufacture_abroad: bool = False
    org_unit_id: int | None = None
    program_ids: list[int] | None = None
    agreement_ids: list[int] | None = None


class LicencePatch(Schema):
    version: int = Field(description="The version you read; a stale edit answers 409.")
    kind: str | None = None
    reference: str | None = None
    commodity: str | None = None
    applicant: str | None = None
    description: str | None = None
    end_user: str | None = None
    foreign_parties: str | None = None
    usml_category: str | None = None
    value: Decimal | None = None
    mde_value: Decimal | None = None
    design_construction_value: Decimal | None = None
    manufacture_abroad: bool | None = None
    expires_on: datetime.date | None = None
    program_ids: list[int] | None = None
    agreement_ids: list[int] | None = None


class LicenceTransitionIn(Schema):
    note: str = ""
    version: int = Field(description="The version you read; a stale move is 409.")
    reference: str | None = None
    submitted_on: datetime.date | None = None
    dod_referred_on: datetime.date | None = None
    dod_office: str | None = None
    dod_returned_on: datetime.date | None = None
    dod_recommendation: str | None = None
    congress_notified_on: datetime.date | None = None
    notification_reference: str | None = None
    approved_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    decided_on: datetime.date | None = None
    revoked_on: datetime.date | None = None


class LicenceMoveOut(Schema):
    licence: LicenceOut
    change: WorkflowStateChangeOut


class ProvisoOut(Schema):
    id: int
    text: str
    party: str
    acknowledged_on: datetime.date | None
    version: int


class ProvisoIn(Schema):
    text: str
    party: str = "applicant"


class AcknowledgedIn(Schema):
    on: datetime.date | None = Field(None, description="The day; today if left out.")


LicenceQuery = filter_parameters(LicenceFilter)


def _licences(user):
    return (
        ExportLicence.objects.visible_to(user)
        .active()
        .select_related("country")
        .prefetch_related("programs", "agreements")
    )


def _licence(user, licence_id: int) -> ExportLicence:
    return get_visible(user, _licences(user), pk=licence_id)


def _links(user, payload: dict) -> dict:
    """The programs and agreements named by id, among those the user sees."""
    links = {}
    for key, name, model in (
        ("program_ids", "programs", Program),
        ("agreement_ids", "agreements", Agreement),
    ):
        ids = payload.pop(key, None)
        if ids is None:
            continue
        found = list(model.objects.visible_to(user).filter(pk__in=ids))
        missing = sorted(set(ids) - {record.pk for record in found})
        if missing:
            raise ValidationError({key: [f"No {name} with the ids {missing} that you may see."]})
        links[name] = found
    return links


@router.get(
    "/licences",
    response={200: list[LicenceOut], **LIST_ERRORS},
    summary="Export licences and agreements you follow or oversee",
)
@paginate(LimitOffset)
def list_licences(request, filters: Query[LicenceQuery]):
    return apply_filters(LicenceFilter, filters, _licences(request.user))


@router.post(
    "/licences",
    response={201: LicenceOut, **WRITE_ERRORS},
    summary="Record an export licence or agreement application",
    description="The licence starts as drafted; 422 with nothing written if a value is invalid.",
)
def create_licence(request, payload: LicenceIn):
    user = request.user
    if not policies.may_record_licences(user):
        raise PermissionDenied("Desk officers, program teams and administrators record licences.")
    country = Country.objects.filter(iso_code=payload.country.upper()).first()
    if country is None:
        raise ValidationError({"country": [f"No country has the ISO code {payload.country!r}."]})
    data = payload.dict(exclude={"country"})
    links = _links(user, data)
    if (
        data["org_unit_id"] is not None
        and not OrgUnit.objects.filter(pk=data["org_unit_id"]).exists()
    ):
        raise ValidationError({"org_unit_id": ["No such org unit."]})
    licence = services.create_licence(user=user, data={**data, "country": country}, **links)
    return Status(201, _licence(user, licence.pk))


@router.get(
    "/licences/{licence_id}", response={200: LicenceOut, **READ_ERRORS}, summary="Export licence"
)
def get_licence(request, licence_id: int):
    return _licence(request.user, licence_id)


@router.patch(
    "/licences/{licence_id}",
    response={200: LicenceOut, 409: ErrorOut, **WRITE_ERRORS},
    summary="Edit a licence (its state moves only by transitions)",
)
def update_licence(request, licence_id: int, payload: LicencePatch):
    licence = _licence(request.user, licence_id)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    links = _links(request.user, changes)
    services.update_licence(
        user=request.user,
        licence=licence,
        changes=changes,
        expected_version=payload.version,
        **links,
    )
    return _licence(request.user, licence_id)


@router.get(
    "/licences/{licence_id}/transitions",
    response={200: list[WorkflowTransitionOut], **READ_ERRORS},
    summary="The transitions you may take from the licence's state, with what blocks each",
)
def licence_transitions(request, licence_id: int):
    licence = _licence(request.user, licence_id)
    return available_transitions(request.user, services.WORKFLOW, licence)


@router.post(
    "/licences/{licence_id}/transitions/{name}",
    response={200: LicenceMoveOut, **MOVE_ERRORS},
    summary="Move a licence: take one transition of the DDTC workflow",
    description=(
        "Transitions: "
        + ", ".join(t.name for t in services.WORKFLOW.transitions)
        + ". 400, with nothing changed, when the transition cannot be taken from the licence's "
        "state or a guard is unmet; the errors name what is missing."
    ),
)
def move_licence(request, licence_id: int, name: str, payload: LicenceTransitionIn):
    licence = _licence(request.user, licence_id)
    values = payload.dict(exclude_unset=True, exclude={"note", "version"})
    try:
        change = services.move_licence(
            user=request.user,
            licence=licence,
            name=name,
            note=payload.note,
            values=values,
            expected_version=payload.version,
        )
    except ConcurrentEditError:
        raise  # answered 409 by the API's handler
    except ValidationError as exc:
        return refused(exc, "The licence was not moved")
    return LicenceMoveOut(licence=_licence(request.user, licence_id), change=change)


@router.get(
    "/licences/{licence_id}/log",
    response={200: list[WorkflowStateChangeOut], **READ_ERRORS},
    summary="Every move of the licence, oldest first",
)
def licence_log(request, licence_id: int):
    return list(services.WORKFLOW.log(_licence(request.user, licence_id)))


@router.get(
    "/licences/{licence_id}/provisos",
    response={200: list[ProvisoOut], **READ_ERRORS},
    summary="The provisos DDTC attached",
)
def list_provisos(request, licence_id: int):
    return list(_licence(request.user, licence_id).provisos.active())


@router.post(
    "/licences/{licence_id}/provisos",
    response={201: ProvisoOut, **WRITE_ERRORS},
    summary="Record a proviso",
)
def create_proviso(request, licence_id: int, payload: ProvisoIn):
    licence = _licence(request.user, licence_id)
    return Status(201, services.add_proviso(user=request.user, licence=licence, **payload.dict()))


@router.post(
    "/licence-provisos/{proviso_id}/acknowledged",
    response={200: ProvisoOut, **WRITE_ERRORS},
    summary="Record that the party who must act acknowledged the proviso",
)
def proviso_acknowledged(request, proviso_id: int, payload: AcknowledgedIn):
    proviso = get_visible(
        request.user, LicenceProviso.objects.select_related("licence"), pk=proviso_id
    )
    return services.acknowledge_proviso(
        user=request.user, proviso=proviso, acknowledged_on=payload.on
    )
