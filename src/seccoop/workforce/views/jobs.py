"""The page of a background import or export: its progress, then its result or every problem."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path

from seccoop.core import exports as sheets
from seccoop.core import permissions
from seccoop.core.lookups import visible_or_404
from seccoop.workforce.models import TransferJob


def _job(request, pk):
    return visible_or_404(
        request.user, permissions.visible_to(request.user, TransferJob.objects.all()), pk=pk
    )


@login_required
def job_detail(request, pk):
    job = _job(request, pk)
    # htmx polls for the status alone, once a second, until the job is finished.
    template = (
        "workforce/transfer/job_status.html"
        if request.headers.get("HX-Request")
        else "workforce/transfer/job.html"
    )
    return render(request, template, {"job": job})


@login_required
def job_download(request, pk):
    job = _job(request, pk)
    if job.direction != TransferJob.Direction.EXPORT or job.status != TransferJob.Status.SUCCEEDED:
        raise Http404("This job has no file to download.")
    response = HttpResponse(bytes(job.content), content_type=sheets.CONTENT_TYPES[job.file_format])
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response


urlpatterns = [
    path("jobs/<int:pk>/", job_detail, name="job"),
    path("jobs/<int:pk>/download/", job_download, name="job-download"),
]
