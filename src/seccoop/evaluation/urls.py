from seccoop.core import transfer_views
from seccoop.evaluation.views import index, records

app_name = "evaluation"

# Each views module declares its own routes, so the areas stay independent; the record
# pages come last, since their first segment is any kind of record.
urlpatterns = [
    *index.urlpatterns,
    # The import and export pages of the evaluation tables, served by core.
    *transfer_views.routes("evaluation"),
    *records.urlpatterns,
]
