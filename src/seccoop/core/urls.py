from django.contrib.auth import views as auth_views
from django.urls import path

from seccoop.core import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
]
