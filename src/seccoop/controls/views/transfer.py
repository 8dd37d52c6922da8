"""Controls data transfer pages: upload disclosure requests or end-use items, download them."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path

from seccoop.controls.exports import KINDS, export_table
from seccoop.controls.imports import IMPORTERS, import_table, may_import
from seccoop.controls.views.common import require_controls_reader
from seccoop.core import exports as sheets
from seccoop.core.imports import ImportErrors

KIND_LABELS = {"disclosure-requests": "Disclosure requests", "end-use-items": "End-use items"}


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
    if not may_import(request.user):
        raise PermissionDenied(
            "Only foreign disclosure specialists and administrators import controls records."
        )
    result, errors = None, []
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_table(form.cleaned_data["kind"], upload, upload.name, user=request.user)
        except ImportErrors as exc:
            errors = exc.shown()
        else:
            form = ImportForm(initial={"kind": form.cleaned_data["kind"]})
    return render(
        request,
        "controls/import.html",
        {"form": form, "result": result, "errors": errors, "importers": IMPORTERS},
        status=400 if errors else 200,
    )


@login_required
def export_data(request):
    require_controls_reader(request.user)
    kind = request.GET.get("kind")
    if not kind:
        return render(
            request, "controls/export.html", {"tables": [(k, KIND_LABELS[k]) for k in KINDS]}
        )
    file_format = request.GET.get("format", "csv")
    if kind not in KINDS or file_format not in sheets.CONTENT_TYPES:
        raise Http404("No such export.")
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
