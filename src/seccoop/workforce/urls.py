from seccoop.workforce.views import heatmap, people, transfer

app_name = "workforce"

# Each views module declares its own routes, so the areas stay independent.
urlpatterns = [*people.urlpatterns, *heatmap.urlpatterns, *transfer.urlpatterns]
