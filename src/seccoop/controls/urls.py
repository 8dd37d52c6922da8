from seccoop.controls.views import common, disclosure, index, oversight, records, transfer, visits

app_name = "controls"

# Each views module declares its own routes, so the areas stay independent.
urlpatterns = [
    *index.urlpatterns,
    *disclosure.urlpatterns,
    *records.urlpatterns,
    *common.urlpatterns,
    *transfer.urlpatterns,
    *visits.urlpatterns,
    *oversight.urlpatterns,
]
