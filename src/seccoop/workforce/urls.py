from django.urls import path

from seccoop.core import transfer_views
from seccoop.workforce.views import cycles, editing, heatmap, people, staffing, validation

app_name = "workforce"

# Each views module declares its own routes, so the areas stay independent.
urlpatterns = [
    *people.urlpatterns,
    *heatmap.urlpatterns,
    # The import and export pages of the workforce tables, served by core.
    *transfer_views.routes("workforce"),
    # Job pages moved to core (/data/jobs/); their first addresses still lead there.
    path("jobs/<int:pk>/", transfer_views.job_detail, name="job"),
    path("jobs/<int:pk>/download/", transfer_views.job_download, name="job-download"),
    *editing.urlpatterns,
    *staffing.urlpatterns,
    *validation.urlpatterns,
    *cycles.urlpatterns,
]
