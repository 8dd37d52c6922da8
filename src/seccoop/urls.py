from django.contrib import admin
from django.urls import include, path

from seccoop.api import api

urlpatterns = [
    path("", include("seccoop.core.urls")),
    path("frameworks/", include("seccoop.competencies.urls")),
    path("workforce/", include("seccoop.workforce.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
