from seccoop.controls.views import index

app_name = "controls"

# Each views module declares its own routes, so the areas stay independent.
urlpatterns = [
    *index.urlpatterns,
]
