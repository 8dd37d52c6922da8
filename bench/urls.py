"""The URL configuration of the page figures: seccoop's own routes plus the bare page."""

from django.urls import include, path

from bench.figures import bare_page

urlpatterns = [
    path("bench/bare/<int:size>/", bare_page, name="bench-bare"),
    path("", include("seccoop.urls")),
]
