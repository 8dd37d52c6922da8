from seccoop.controls.views import common, disclosure, index, policy, records, transfer

app_name = "controls"

# Each views module declares its own routes, so the areas stay independent.
urlpatterns = [
    *index.urlpatterns,
    *disclosure.urlpatterns,
    *policy.urlpatterns,
    *records.urlpatterns,
    *common.urlpatterns,
    *transfer.urlpatterns,
]
