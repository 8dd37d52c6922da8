from seccoop.programs.views import agreements, case_status, cases, cooperation, index, licences

app_name = "programs"

# Each views module declares its own routes, so the areas stay independent.
urlpatterns = [
    *index.urlpatterns,
    *cooperation.urlpatterns,
    *agreements.urlpatterns,
    *cases.urlpatterns,
    *case_status.urlpatterns,
    *licences.urlpatterns,
]
