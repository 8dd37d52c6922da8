from django.contrib.auth import views as auth_views
from django.urls import path

from seccoop.core import audit_views, calendar_views, digest_views, token_views, transfer_views
from seccoop.core.certificate_views import certificate_sign_in
from seccoop.core.forms import SignInForm, consent_banner

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
            extra_context={"consent_banner": consent_banner},
        ),
        name="login",
    ),
    path("sign-in/certificate/", certificate_sign_in, name="certificate-sign-in"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("api-tokens/", token_views.token_list, name="api-token-list"),
    path("api-tokens/new/", token_views.token_create, name="api-token-create"),
    path("api-tokens/<int:pk>/revoke/", token_views.token_revoke, name="api-token-revoke"),
    path("calendar/", calendar_views.feed_page, name="calendar-feed-page"),
    path("calendar/new/", calendar_views.feed_create, name="calendar-feed-create"),
    path("calendar/revoke/", calendar_views.feed_revoke, name="calendar-feed-revoke"),
    path("calendar/feed/<str:secret>.ics", calendar_views.feed, name="calendar-feed"),
    path("digest/", digest_views.preferences, name="digest-preferences"),
    path("audit/", audit_views.entry_list, name="audit-list"),
    path("audit/export/", audit_views.entry_export, name="audit-export"),
    *transfer_views.urlpatterns,
]
