from django.urls import path

from seccoop.competencies import views

app_name = "competencies"
urlpatterns = [
    path("", views.framework_list, name="framework-list"),
]
