from seccoop.controls.views import common, disclosure, index, oversight, policy, records, visits
from seccoop.core import transfer_views

app_name = "controls"

# Each views module declares its own routes, so the areas stay independent.
urlpatterns = [
    *index.urlpatterns,
    *disclosure.urlpatterns,
    *policy.urlpatterns,
    *records.urlpatterns,
    *common.urlpatterns,
    # The import and export pages of the controls tables, served by core.
    *transfer_views.routes("controls"),
    *visits.urlpatterns,
    *oversight.urlpatterns,
]
