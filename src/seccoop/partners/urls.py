from seccoop.partners.views import countries, engagements, people, transfer

app_name = "partners"

# Each views module declares its own routes, so the areas stay independent.
urlpatterns = [
    *countries.urlpatterns,
    *engagements.urlpatterns,
    *people.urlpatterns,
    *transfer.urlpatterns,
]
