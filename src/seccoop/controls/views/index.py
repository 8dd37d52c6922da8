"""The controls home page: what the viewer may see, with counts and what needs attention."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import path

from seccoop.controls import services
from seccoop.controls.models import (
    Assistance,
    DelegationOfDisclosureAuthority,
    DisclosureRequest,
    DisclosureState,
    EndUseItem,
    ExecutionConstraint,
    Nominee,
    SecurityAgreement,
    UseIncident,
)
from seccoop.controls.policies import may_change_controls
from seccoop.controls.views.common import require_controls_reader


def _count(user, model):
    return model.objects.visible_to(user).active().count()


@login_required
def index(request):
    user = request.user
    require_controls_reader(user)
    requests = (
        DisclosureRequest.objects.visible_to(user)
        .active()
        .aggregate(
            requests=Count("pk"),
            in_review=Count("pk", filter=Q(state=DisclosureState.IN_REVIEW)),
            submitted=Count("pk", filter=Q(state=DisclosureState.SUBMITTED)),
        )
    )
    constraints = (
        ExecutionConstraint.objects.visible_to(user)
        .active()
        .aggregate(constraints=Count("pk"), open_constraints=Count("pk", filter=Q(status="open")))
    )
    counts = {
        **requests,
        **constraints,
        "letters": _count(user, DelegationOfDisclosureAuthority),
        "agreements": _count(user, SecurityAgreement),
        "items": _count(user, EndUseItem),
        "nominees": _count(user, Nominee),
        "overdue_inventories": services.overdue_inventories(
            EndUseItem.objects.visible_to(user)
        ).count(),
        "overdue_incidents": services.overdue_incident_reports(
            UseIncident.objects.visible_to(user)
        ).count(),
        "flags": services.vetting_flags(Assistance.objects.visible_to(user)).count(),
    }
    return render(
        request,
        "controls/index.html",
        {"counts": counts, "may_change": may_change_controls(user)},
    )


urlpatterns = [path("", index, name="index")]
