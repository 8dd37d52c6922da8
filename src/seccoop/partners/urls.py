from seccoop.core import transfer_views
from seccoop.partners.views import countries, engagements, people

app_name = "partners"

# Each views module declares its own routes, so the areas stay independent.
urlpatterns = [
    *countries.urlpatterns,
    *engagements.urlpatterns,
    *people.urlpatterns,
    # The import and export pages of the partner tables, served by core.
    *transfer_views.routes("partners"),
]
