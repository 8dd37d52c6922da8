"""Certification pages: who is in good standing, and what each position requires."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from seccoop.core.pages import flash_errors
from seccoop.development import services
from seccoop.development.forms import RequirementForm
from seccoop.development.models import CertificationRequirement
from seccoop.development.policies import may_manage_catalog, visible_people
from seccoop.workforce.models import Person


@login_required
def standing_list(request):
    """Everyone the user may see whose position requires certification; the not-good first."""
    user = request.user
    rows = services.standings(visible_people(user, Person.objects.all()))
    return render(
        request,
        "development/standing.html",
        {
            "at_risk": [row for row in rows if row.at_risk],
            "not_good": [row for row in rows if not row.in_good_standing],
            "good": [row for row in rows if row.in_good_standing],
            "requirements": list(
                CertificationRequirement.objects.active().select_related(
                    "position", "position__org_unit", "position__incumbent", "area"
                )
            ),
            "standards": [(level, services.STANDARDS[level]) for level in services.STANDARDS],
            "learning_hours": services.continuous_learning_hours(),
            "learning_months": services.continuous_learning_months(),
            "at_risk_caption": (
                f"People not yet ready whose deadline falls within {services.at_risk_days()} days"
            ),
            "requirement_form": RequirementForm() if may_manage_catalog(user) else None,
        },
    )


@login_required
@require_POST
def requirement_set(request):
    if not may_manage_catalog(request.user):
        raise PermissionDenied("Workforce managers and administrators set certification levels.")
    form = RequirementForm(request.POST)
    if form.is_valid():
        services.set_requirement(user=request.user, **form.cleaned_data)
        position = form.cleaned_data["position"]
        messages.success(request, f"The certification required of “{position}” was saved.")
    else:
        flash_errors(request, form)
    return redirect("development:standing")


urlpatterns = [
    path("certification/", standing_list, name="standing"),
    path("certification/requirements/", requirement_set, name="requirement-set"),
]
