from seccoop.evaluation.views import index, records, transfer

app_name = "evaluation"

# Each views module declares its own routes, so the areas stay independent; the record
# pages come last, since their first segment is any kind of record.
urlpatterns = [
    *index.urlpatterns,
    *transfer.urlpatterns,
    *records.urlpatterns,
]
