from seccoop.workforce.views import (
    cycles,
    editing,
    heatmap,
    jobs,
    people,
    staffing,
    transfer,
    validation,
)

app_name = "workforce"

# Each views module declares its own routes, so the areas stay independent.
urlpatterns = [
    *people.urlpatterns,
    *heatmap.urlpatterns,
    *transfer.urlpatterns,
    *editing.urlpatterns,
    *jobs.urlpatterns,
    *staffing.urlpatterns,
    *validation.urlpatterns,
    *cycles.urlpatterns,
]
