"""Reconciling a case-status extract through the API: the same service and report as the page.

`POST /cases/status-extracts` takes the file as multipart form data (field
`file`); a file with a bad row answers 400 naming every row and column, and
writes nothing. `?dry_run=true` answers the report without writing.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from seccoop.core.api import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, ErrorOut, LimitOffset
from seccoop.core.imports import ImportErrors, max_file_bytes
from seccoop.core.permissions import can
from seccoop.programs.models import ReconciliationFinding
from seccoop.programs.services import case_status as services

router = Router(tags=["cases"])


class FindingOut(Schema):
    id: int | None = None
    identifier: str
    case_id: int | None = None
    case_version: str = Field(description="The case version the extract reported.")
    row: int = Field(description="The extract's row, as a spreadsheet numbers it.")
    kind: str = Field(description="filled, disagrees or unknown.")
    field: str
    label: str
    app_value: str
    extract_value: str
    note: str
    resolution: str = ""


class ReportOut(Schema):
    reconciliation_id: int | None = Field(None, description="The run kept; none for a dry run.")
    applied: bool
    file_name: str
    rows_read: int
    cases_in_file: int
    cases_matched: int
    filled: int
    disagreements: int
    unknown_cases: int
    ignored_columns: list[str]
    findings: list[FindingOut]


class RunOut(Schema):
    id: int
    file_name: str
    imported_by: str | None
    applied_at: datetime.datetime | None
    cases_in_file: int
    filled: int
    disagreements: int
    unknown_cases: int


class RunDetailOut(RunOut):
    findings: list[FindingOut]


class ResolveIn(Schema):
    resolution: str = Field(description="“kept” (the app's value stands) or “applied”.")
    version: int = Field(description="The finding's version you read; a stale one answers 409.")
    case_version: int | None = Field(
        None, description="The case's version you read, when applying; a stale one answers 409."
    )


def _finding(finding) -> dict:
    return {
        "id": getattr(finding, "pk", None),
        "identifier": finding.identifier,
        "case_id": (
            finding.case_id
            if hasattr(finding, "case_id")
            else (finding.case.pk if finding.case is not None else None)
        ),
        "case_version": finding.case_version,
        "row": finding.row,
        "kind": finding.kind,
        "field": finding.field,
        "label": finding.label,
        "app_value": finding.app_value,
        "extract_value": finding.extract_value,
        "note": finding.note,
        "resolution": getattr(finding, "resolution", ""),
    }


def _run(run) -> dict:
    user = run.imported_by
    return {
        "id": run.pk,
        "file_name": run.file_name,
        "imported_by": user.get_full_name() or user.username if user else None,
        "applied_at": run.applied_at,
        "cases_in_file": run.cases_in_file,
        "filled": run.filled,
        "disagreements": run.disagreements,
        "unknown_cases": run.unknown_cases,
    }


UPLOAD = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            }
        }
    }
}


@router.post(
    "/cases/status-extracts",
    response={200: ReportOut, **WRITE_ERRORS},
    summary="Reconcile a case-status extract (CSV or XLSX) against the cases held",
    description="Fills what the app lacks, lists every disagreement without changing anything, "
    "and lists cases the app does not hold; the columns are in docs/case-status-extract.md. "
    "400 names every bad row and column, and nothing is written.",
    openapi_extra=UPLOAD,
)
def reconcile_extract(request, dry_run: bool = False):
    user = request.user
    if not services.may_reconcile(user):
        raise PermissionDenied("Desk officers, program teams and administrators import cases.")
    upload = request.FILES.get("file")
    if upload is None:
        return Status(400, ErrorOut(detail="Send the extract as the multipart field “file”."))
    if upload.size > max_file_bytes():
        return Status(400, ErrorOut(detail="The file is larger than the import limit."))
    data = upload.read()
    try:
        if dry_run:
            report = services.preview(user=user, data=data, filename=upload.name)
        else:
            report = services.reconcile(user=user, data=data, filename=upload.name)
    except ImportErrors as exc:
        shown = [str(error) for error in exc.shown()]
        return Status(
            400,
            ErrorOut(detail="The file was not reconciled; nothing was written.",
                     errors={"file": shown}),
        )  # fmt: skip
    return {
        "reconciliation_id": report.reconciliation.pk if report.reconciliation else None,
        "applied": report.applied,
        "file_name": report.file_name,
        "rows_read": report.rows_read,
        "cases_in_file": report.cases_in_file,
        "cases_matched": report.cases_matched,
        "filled": report.filled,
        "disagreements": report.disagreements,
        "unknown_cases": report.unknown_cases,
        "ignored_columns": report.ignored_columns,
        "findings": [_finding(finding) for finding in report.findings],
    }


@router.get(
    "/cases/status-extracts",
    response={200: list[RunOut], **LIST_ERRORS},
    summary="Case-status extracts reconciled, newest first",
)
@paginate(LimitOffset)
def list_runs(request):
    runs = services.runs_visible_to(request.user).select_related("imported_by")
    return [_run(run) for run in runs]


@router.get(
    "/cases/status-extracts/{run_id}",
    response={200: RunDetailOut, **READ_ERRORS},
    summary="One reconciliation and its findings on the cases you see",
)
def get_run(request, run_id: int):
    run = get_object_or_404(services.runs_visible_to(request.user), pk=run_id)
    findings = services.findings_visible_to(request.user, run)
    return {**_run(run), "findings": [_finding(finding) for finding in findings]}


@router.post(
    "/case-findings/{finding_id}/resolve",
    response={200: FindingOut, 409: ErrorOut, **WRITE_ERRORS},
    summary="Resolve a disagreement: keep the app's value or apply the extract's",
)
def resolve_finding(request, finding_id: int, payload: ResolveIn):
    finding = get_object_or_404(ReconciliationFinding.objects.select_related("case"), pk=finding_id)
    if finding.case_id is None or not can(request.user, "view", finding):
        raise Http404
    services.resolve(
        user=request.user,
        finding=finding,
        resolution=payload.resolution,
        expected_version=payload.version,
        case_version=payload.case_version,
    )
    return _finding(finding)
