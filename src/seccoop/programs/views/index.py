"""The programs home page: where programs, agreements and cases are, with their counts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from seccoop.programs.models import Agreement, Program
from seccoop.programs.policies_cooperation import may_create
from seccoop.programs.services.agreements import expiring


@login_required
def index(request):
    user = request.user
    agreements = Agreement.objects.visible_to(user).active()
    soon = expiring(agreements, today=timezone.localdate())
    return render(
        request,
        "programs/index.html",
        {
            "program_count": Program.objects.visible_to(user).active().count(),
            "agreement_count": agreements.count(),
            "expiring_count": len(soon),
            "may_create": may_create(user),
        },
    )


urlpatterns = [path("", index, name="index")]
