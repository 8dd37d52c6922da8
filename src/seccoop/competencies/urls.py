from django.urls import path

from seccoop.competencies import mapping_views, views, work_views

app_name = "competencies"
urlpatterns = [
    path("", views.framework_list, name="framework-list"),
    path("import/", views.framework_import, name="framework-import"),
    path("mapping/", mapping_views.mapping_page, name="mapping"),
    path("<slug:slug>/", views.framework_detail, name="framework-detail"),
    path("<slug:slug>/export/", views.framework_export, name="framework-export"),
    path("<slug:slug>/items/<path:code>/", views.competency_detail, name="competency-detail"),
    path("<slug:slug>/work/", work_views.work_mapping, name="work-mapping"),
]
