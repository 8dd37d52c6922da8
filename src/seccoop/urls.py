from django.contrib import admin
from django.urls import include, path

from seccoop.api import api
from seccoop.core import refusals
from seccoop.core.admin import admin_sign_in
from seccoop.workforce.views.dashboard import dashboard

urlpatterns = [
    # The dashboard gathers workforce figures, so the workforce app serves it.
    path("", dashboard, name="dashboard"),
    path("", include("seccoop.core.urls")),
    path("frameworks/", include("seccoop.competencies.urls")),
    path("workforce/", include("seccoop.workforce.urls")),
    path("partners/", include("seccoop.partners.urls")),
    path("programs/", include("seccoop.programs.urls")),
    path("controls/", include("seccoop.controls.urls")),
    path("evaluation/", include("seccoop.evaluation.urls")),
    path("development/", include("seccoop.development.urls")),
    path("logistics/", include("seccoop.logistics.urls")),
    path("api/v1/", api.urls),
    # Ahead of the admin's own sign-in form, which skips the notice and consent banner.
    path("admin/login/", admin_sign_in, name="admin-sign-in"),
    path("admin/", admin.site.urls),
]

# Refused and missing pages in the site's own layout, saying why and where to go.
handler403 = refusals.refused
handler404 = refusals.not_found
