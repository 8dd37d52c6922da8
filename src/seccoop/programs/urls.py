from seccoop.programs.views import index

app_name = "programs"

# Each views module declares its own routes, so the areas stay independent.
urlpatterns = [
    *index.urlpatterns,
]
