from seccoop.logistics.views import urlpatterns  # noqa: F401

app_name = "logistics"
