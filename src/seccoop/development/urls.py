from seccoop.development.views import catalog, certification, index, plans

app_name = "development"

# Each views module declares its own routes, so the areas stay independent.
urlpatterns = [
    *index.urlpatterns,
    *catalog.urlpatterns,
    *plans.urlpatterns,
    *certification.urlpatterns,
]
