from seccoop.workforce.views import editing, heatmap, jobs, people, staffing, transfer

app_name = "workforce"

# Each views module declares its own routes, so the areas stay independent.
urlpatterns = [
    *people.urlpatterns,
    *heatmap.urlpatterns,
    *transfer.urlpatterns,
    *editing.urlpatterns,
    *jobs.urlpatterns,
    *staffing.urlpatterns,
]
