"""The development hub: the catalog, one's own plan, training seats and certification."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from seccoop.development import services
from seccoop.development.models import Course
from seccoop.development.policies import may_manage_catalog


@login_required
def index(request):
    user = request.user
    return render(
        request,
        "development/index.html",
        {
            "course_count": Course.objects.active().count(),
            "person": getattr(user, "person", None),
            "may_manage": may_manage_catalog(user),
            "precision": services.mapping_precision(),
        },
    )


urlpatterns = [path("", index, name="index")]
