"""The one import page, the one export page and the page of a background job, for every app.

Each app's routes (`partners:import`, `programs:case-export`, ...) lead here
with the key of their area (see seccoop.core.transfer); the routes of core
(`data-import`, `data-export`) show every table of every app. Who may import
is the policy's (`can(user, "import", model)`); which rows an export holds is
the exporter's.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from seccoop.core import exports as sheets
from seccoop.core import permissions, transfer
from seccoop.core.imports import ImportErrors
from seccoop.core.lookups import visible_or_404
from seccoop.core.models import TransferJob
from seccoop.core.tasks import start_export, start_import

# The pages of every app's tables together, as the core routes show them.
EVERYTHING = transfer.Area(
    key="",
    title="data",
    back_url="dashboard",
    back_label="My work",
    import_url="data-import",
    export_url="data-export",
    matching=(
        "Records are matched by their key (a code, an ISO code, otherwise the external id): "
        "importing the same file again changes nothing, and a changed row updates its record."
    ),
    example_key="person-12",
)


def _area(area: str | None) -> transfer.Area:
    return transfer.area(area) if area else EVERYTHING


def _choice_value(table: transfer.Table, area: str | None) -> str:
    # An app's page names its tables alone ("orgunits"), as its forms always have.
    return table.name if area else table.key


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="Table", widget=forms.Select(attrs={"class": "usa-select"}))
    file = forms.FileField(
        label="File (.csv in UTF-8, or .xlsx)",
        widget=forms.ClearableFileInput(attrs={"class": "usa-file-input", "accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, tables, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.tables = {_choice_value(table, area): table for table in tables}
        self.fields["kind"].choices = [(value, t.label) for value, t in self.tables.items()]
        if len(self.tables) == 1:
            # A page of one table (the course catalog) takes a file without naming it.
            self.fields["kind"].required = False

    def clean_kind(self):
        value = self.cleaned_data["kind"] or next(iter(self.tables))
        return self.tables[value]


@login_required
def import_data(request, area=None):
    """Upload one table; a large file goes to a background worker and its progress page."""
    shown = transfer.tables(area)
    tables = [table for table in shown if table.importable_by(request.user)]
    # Checked before the form is shown, so nobody else sees the upload page.
    if not tables:
        raise transfer.refusal(shown)
    result, errors = None, []
    form = ImportForm(request.POST or None, request.FILES or None, tables=tables, area=area)
    if request.method == "POST" and form.is_valid():
        table, upload = form.cleaned_data["kind"], form.cleaned_data["file"]
        try:
            if upload.size > settings.SECCOOP_BACKGROUND_IMPORT_BYTES:
                job = start_import(user=request.user, kind=table.key, upload=upload)
                return redirect("job", pk=job.pk)
            result = transfer.import_table(table.key, upload, upload.name, user=request.user)
        except ImportErrors as exc:
            errors = exc.shown()
        else:
            form = ImportForm(
                initial={"kind": _choice_value(table, area)}, tables=tables, area=area
            )
    return render(
        request,
        "core/transfer/import.html",
        {
            "area": _area(area),
            "form": form,
            "result": result,
            "errors": errors,
            "tables": tables,
            "background_bytes": settings.SECCOOP_BACKGROUND_IMPORT_BYTES,
        },
        status=400 if errors else 200,
    )


def _may_export(user, table: transfer.Table) -> bool:
    """Whether the area of the table lets `user` open its export page at all."""
    check = transfer.area(table.area).export_check
    if check is None:
        return True
    try:
        check(user)
    except PermissionDenied:
        return False
    return True


def _page_tables(user, area):
    return [
        (_choice_value(table, area), table)
        for table in transfer.exportable(area)
        if _may_export(user, table)
    ]


@login_required
def export_data(request, area=None, table=None):
    """Download a table at once (GET with a kind), or have a worker prepare it (POST).

    `table` names the one table of a route that exports nothing else (the
    course catalog's `?format=csv` link); the query string reaches the
    exporter, which may filter by it (cases by the case list's filters).
    """
    page = _area(area)
    if page.export_check is not None:
        page.export_check(request.user)
    by_value = {
        _choice_value(found, area): found
        for found in transfer.tables(area)
        if found.exporter and _may_export(request.user, found)
    }
    if request.method == "POST":
        chosen = by_value.get(request.POST.get("kind", ""))
        if chosen is None:
            raise Http404("No such export.")
        try:
            job = start_export(
                user=request.user, kind=chosen.key, file_format=request.POST.get("format", "")
            )
        except (LookupError, ValueError) as exc:
            raise Http404("No such export.") from exc
        return redirect("job", pk=job.pk)
    kind = request.GET.get("kind") or table
    if not kind:
        context = {"area": page, "tables": _page_tables(request.user, area)}
        if page.export_context is not None:
            context.update(page.export_context(request.user))
        return render(request, "core/transfer/export.html", context)
    file_format = request.GET.get("format", "csv")
    chosen = by_value.get(kind)
    if chosen is None or file_format not in sheets.CONTENT_TYPES:
        raise Http404("No such export.")
    try:
        sheet = transfer.export_table(chosen.key, user=request.user, options=request.GET)
    except LookupError as exc:
        # An option naming nothing known (the heatmap's org unit or framework).
        raise Http404("No such export.") from exc
    response = HttpResponse(
        sheets.render(sheet, file_format), content_type=sheets.CONTENT_TYPES[file_format]
    )
    response["Content-Disposition"] = f'attachment; filename="{sheet.filename(file_format)}"'
    return response


def _job(request, pk):
    return visible_or_404(
        request.user, permissions.visible_to(request.user, TransferJob.objects.all()), pk=pk
    )


def _job_area(job) -> transfer.Area:
    try:
        return transfer.area(transfer.table(job.kind).area)
    except LookupError:
        return EVERYTHING


@login_required
def job_detail(request, pk):
    """The page of a background import or export: its progress, then its result or every problem."""
    job = _job(request, pk)
    # htmx polls for the status alone, once a second, until the job is finished.
    template = (
        "core/transfer/job_status.html"
        if request.headers.get("HX-Request")
        else "core/transfer/job.html"
    )
    context = {"job": job, "label": transfer.label_of(job.kind), "area": _job_area(job)}
    return render(request, template, context)


@login_required
def job_download(request, pk):
    job = _job(request, pk)
    if job.direction != TransferJob.Direction.EXPORT or job.status != TransferJob.Status.SUCCEEDED:
        raise Http404("This job has no file to download.")
    response = HttpResponse(bytes(job.content), content_type=sheets.CONTENT_TYPES[job.file_format])
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response


def routes(area: str, *, prefix: str = ""):
    """An app's routes to the pages of its area: `import/` and `export/` under the app's path.

    Named `import` and `export`, or `PREFIX-import` and `PREFIX-export`.
    """
    name = f"{prefix}-" if prefix else ""
    folder = f"{prefix}/" if prefix else ""
    return [
        path(f"{folder}import/", import_data, {"area": area}, name=f"{name}import"),
        path(f"{folder}export/", export_data, {"area": area}, name=f"{name}export"),
    ]


urlpatterns = [
    path("data/import/", import_data, name="data-import"),
    path("data/export/", export_data, name="data-export"),
    path("data/jobs/<int:pk>/", job_detail, name="job"),
    path("data/jobs/<int:pk>/download/", job_download, name="job-download"),
]
