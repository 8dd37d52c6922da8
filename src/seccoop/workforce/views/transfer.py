"""Data transfer pages: upload a workforce table, download tables and the heatmap.

The rules (who may import, which rows a user may export, what makes a row
valid) live in workforce.imports and workforce.exports; these views read the
request and render.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from seccoop.competencies.models import Framework
from seccoop.core import exports as sheets
from seccoop.core.imports import ImportErrors
from seccoop.workforce.exports import KINDS, export_heatmap, export_table
from seccoop.workforce.imports import IMPORTERS, import_table, may_import
from seccoop.workforce.models import OrgUnit
from seccoop.workforce.policies import is_workforce_manager
from seccoop.workforce.tasks import start_export, start_import

KIND_LABELS = {
    "orgunits": "Org units",
    "people": "People",
    "positions": "Positions",
    "ratings": "Ratings",
    "heatmap": "Unit heatmap (org units x sub-competencies)",
}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Table",
        choices=[(kind, KIND_LABELS[kind]) for kind in IMPORTERS],
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    file = forms.FileField(
        label="File (.csv in UTF-8, or .xlsx)",
        widget=forms.ClearableFileInput(attrs={"class": "usa-file-input", "accept": ".csv,.xlsx"}),
    )


@login_required
def import_data(request):
    # Checked before the form is shown, so nobody else sees the upload page.
    if not may_import(request.user):
        raise PermissionDenied("Only workforce managers and administrators may import data.")
    result, errors = None, []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                # A large file goes to a background worker; its page shows the progress.
                if upload.size > settings.SECCOOP_BACKGROUND_IMPORT_BYTES:
                    job = start_import(
                        user=request.user, kind=form.cleaned_data["kind"], upload=upload
                    )
                    return redirect("workforce:job", pk=job.pk)
                result = import_table(
                    form.cleaned_data["kind"], upload, upload.name, user=request.user
                )
            except ImportErrors as exc:
                errors = exc.shown()
            else:
                form = ImportForm(initial={"kind": form.cleaned_data["kind"]})
    else:
        form = ImportForm()
    return render(
        request,
        "workforce/transfer/import.html",
        {"form": form, "result": result, "errors": errors, "importers": IMPORTERS},
        status=400 if errors else 200,
    )


@login_required
def export_data(request):
    if request.method == "POST":
        # Prepared by a background worker; the job page offers the file once written.
        try:
            job = start_export(
                user=request.user,
                kind=request.POST.get("kind", ""),
                file_format=request.POST.get("format", ""),
            )
        except ValueError as exc:
            raise Http404("No such export.") from exc
        return redirect("workforce:job", pk=job.pk)
    kind = request.GET.get("kind")
    if not kind:
        return render(
            request,
            "workforce/transfer/export.html",
            {
                "tables": [(k, KIND_LABELS[k]) for k in KINDS if k != "heatmap"],
                "may_export_heatmap": is_workforce_manager(request.user),
                "units": OrgUnit.objects.active()
                .exclude(external_id=None)
                .only("name", "external_id", "path"),
            },
        )
    file_format = request.GET.get("format", "csv")
    if kind not in KINDS or file_format not in sheets.CONTENT_TYPES:
        raise Http404("No such export.")
    if kind == "heatmap":
        slug = request.GET.get("framework") or settings.SECCOOP_DEFAULT_FRAMEWORK
        framework = get_object_or_404(Framework.objects.select_related("scale"), slug=slug)
        parent_id = request.GET.get("parent")
        parent = (
            get_object_or_404(OrgUnit.objects.active(), external_id=parent_id)
            if parent_id
            else None
        )
        sheet = export_heatmap(user=request.user, framework=framework, parent=parent)
    else:
        sheet = export_table(kind, user=request.user)
    response = HttpResponse(
        sheets.render(sheet, file_format), content_type=sheets.CONTENT_TYPES[file_format]
    )
    response["Content-Disposition"] = f'attachment; filename="{sheet.filename(file_format)}"'
    return response


urlpatterns = [
    path("import/", import_data, name="import"),
    path("export/", export_data, name="export"),
]
