"""Reconciling a case-status extract: upload, preview, confirm, the past runs and their lists.

The rules are the service's (`services.case_status`); these views gather the
file and show the report.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from seccoop.core.imports import ImportErrors, max_file_bytes
from seccoop.core.pages import flash_errors, page_of
from seccoop.core.permissions import can
from seccoop.core.services import ConcurrentEditError
from seccoop.programs.models import (
    CaseStatusReconciliation,
    FindingKind,
    ReconciliationFinding,
    ReconciliationStatus,
)
from seccoop.programs.services import case_status as services


class ExtractForm(forms.Form):
    file = forms.FileField(
        label="Case-status extract (.csv in UTF-8, or .xlsx)",
        widget=forms.ClearableFileInput(
            attrs={
                "class": "usa-file-input",
                "accept": ".csv,.xlsx",
                "aria-describedby": "id_file-hint",
            }
        ),
    )


def _refuse_unless_reconciler(user) -> None:
    if not services.may_reconcile(user):
        raise PermissionDenied("Desk officers, program teams and administrators import cases.")


@login_required
def extract_list(request):
    """The upload form and the past runs, newest first."""
    _refuse_unless_reconciler(request.user)
    errors = []
    form = ExtractForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > max_file_bytes():
            errors = [f"The file is larger than the limit of {max_file_bytes() // 2**20} MB."]
        else:
            try:
                _, run = services.keep_for_confirmation(
                    user=request.user, data=upload.read(), filename=upload.name
                )
            except ImportErrors as exc:
                errors = exc.shown()
            else:
                return redirect("programs:case-extract-detail", pk=run.pk)
    runs = services.runs_visible_to(request.user).select_related("imported_by")
    page, page_range = page_of(request, runs)
    return render(
        request,
        "programs/cases/extract_list.html",
        {
            "form": form,
            "errors": errors,
            "page": page,
            "page_range": page_range,
            "columns": services.COLUMNS,
            "statuses": _statuses(),
        },
    )


def _statuses():
    """The status names read, grouped by the state they mean, for the help text."""
    grouped: dict[str, list[str]] = {}
    for name, state in services.STATUS_NAMES.items():
        grouped.setdefault(state.label, []).append(name)
    return sorted(grouped.items(), key=lambda item: services.case_services.STATE_ORDER[
        next(s for s in services.CaseState if s.label == item[0])
    ])  # fmt: skip


def _run(user, pk) -> CaseStatusReconciliation:
    run = get_object_or_404(CaseStatusReconciliation, pk=pk)
    if run.status == ReconciliationStatus.PREVIEWED:
        # A preview is its importer's until confirmed.
        if run.imported_by_id != user.pk:
            raise PermissionDenied
    elif not services.runs_visible_to(user).filter(pk=run.pk).exists():
        raise PermissionDenied
    return run


@login_required
def extract_detail(request, pk):
    """A preview to confirm, or an applied run's list of findings."""
    run = _run(request.user, pk)
    if run.status == ReconciliationStatus.PREVIEWED:
        try:
            report = services.preview(
                user=request.user, data=bytes(run.content), filename=run.file_name
            )
        except ImportErrors as exc:
            report, errors = None, exc.shown()
        else:
            errors = []
        return render(
            request,
            "programs/cases/extract_preview.html",
            {"run": run, "report": report, "errors": errors, "kinds": FindingKind},
        )
    findings = list(services.findings_visible_to(request.user, run))
    workable = services.worked_cases(request.user, {f.case_id for f in findings if f.case_id})
    for finding in findings:
        finding.may_resolve = (
            finding.kind == FindingKind.DISAGREES
            and not finding.resolution
            and finding.case_id in workable
        )
        finding.may_apply = finding.may_resolve and services.can_apply(finding)
    return render(
        request,
        "programs/cases/extract_detail.html",
        {"run": run, "findings": findings, "kinds": FindingKind},
    )


@login_required
@require_POST
def extract_confirm(request, pk):
    run = _run(request.user, pk)
    try:
        report = services.confirm(user=request.user, run=run)
    except ImportErrors as exc:
        flash_errors(request, ValidationError([str(error) for error in exc.shown()]))
        return redirect("programs:case-extract-detail", pk=run.pk)
    messages.success(
        request,
        f"Reconciled: {report.filled} value{'s' if report.filled != 1 else ''} filled, "
        f"{report.disagreements} disagreement{'s' if report.disagreements != 1 else ''} "
        f"listed, {report.unknown_cases} case{'s' if report.unknown_cases != 1 else ''} not held.",
    )
    return redirect("programs:case-extract-detail", pk=run.pk)


@login_required
@require_POST
def finding_resolve(request, pk):
    finding = get_object_or_404(ReconciliationFinding.objects.select_related("case"), pk=pk)
    if finding.case_id is None or not can(request.user, "view", finding):
        raise Http404
    try:
        services.resolve(
            user=request.user,
            finding=finding,
            resolution=request.POST.get("resolution", ""),
            expected_version=int(request.POST.get("version") or 0),
            case_version=int(request.POST.get("case_version") or 0) or None,
        )
    except ConcurrentEditError as exc:
        messages.error(request, str(exc.messages[0]))
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"{finding.identifier}: {finding.label} resolved.")
    return redirect("programs:case-extract-detail", pk=finding.reconciliation_id)


urlpatterns = [
    path("cases/status-extracts/", extract_list, name="case-extract-list"),
    path("cases/status-extracts/<int:pk>/", extract_detail, name="case-extract-detail"),
    path("cases/status-extracts/<int:pk>/confirm/", extract_confirm, name="case-extract-confirm"),
    path("case-findings/<int:pk>/resolve/", finding_resolve, name="case-finding-resolve"),
]
