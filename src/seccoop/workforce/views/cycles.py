"""The assessment cycles page: the cycles of every framework, and closing one.

Creating, editing, archiving and restoring a cycle go through the directory's
editing pages (views/editing.py, kind "cycles"). Reading the page opens the
fiscal year's cycle of the default framework if it is not there yet
(workforce.cycles), so the year's cycle is listed from its first day.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from seccoop.competencies.models import Framework
from seccoop.core import permissions
from seccoop.core import services as records
from seccoop.core.lookups import visible_or_404
from seccoop.core.services import ConcurrentEditError
from seccoop.workforce import cycles
from seccoop.workforce.models import AssessmentCycle


@login_required
def cycle_list(request):
    # Managing cycles is for those who may change them; the list is their page.
    permissions.require(request.user, "add", AssessmentCycle())
    current = cycles.open_fiscal_year_cycle(Framework.objects.default())
    today = timezone.localdate()
    rows = list(
        AssessmentCycle.objects.visible_to(request.user)
        .select_related("framework")
        .annotate(rating_count=Count("ratings"))
        .order_by("archived_at", "-opens_on", "name")
    )
    for cycle in rows:
        if cycle.is_closed:
            cycle.status = "Closed"
        elif cycle.opens_on > today:
            cycle.status = "Not yet open"
        elif cycle.closes_on < today:
            cycle.status = "Past its closing date, not closed"
        else:
            cycle.status = "Open"
    return render(
        request,
        "workforce/cycle_list.html",
        {
            "cycles": rows,
            "current": current,
            "fiscal_year": cycles.fiscal_year(today),
        },
    )


@login_required
@require_POST
def cycle_close(request, pk: int):
    cycle = visible_or_404(request.user, AssessmentCycle.objects.visible_to(request.user), pk=pk)
    permissions.require(request.user, "change", cycle)
    try:
        cycles.close_cycle(
            user=request.user,
            cycle=cycle,
            expected_version=records.posted_version(request.POST.get("version")),
        )
    except ConcurrentEditError as exc:
        messages.error(request, exc.messages[0])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Closed the cycle {cycle}: it takes no more ratings.")
    return redirect("workforce:cycle-list")


urlpatterns = [
    path("cycles/", cycle_list, name="cycle-list"),
    path("cycles/<int:pk>/close/", cycle_close, name="cycle-close"),
]
