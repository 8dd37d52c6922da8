from seccoop.evaluation.views import index

app_name = "evaluation"

# Each views module declares its own routes, so the areas stay independent.
urlpatterns = [
    *index.urlpatterns,
]
