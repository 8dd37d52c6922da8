"""The evaluation overview and the priorities page (where effort and money go)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import path, reverse

from seccoop.evaluation import charts, services
from seccoop.evaluation.kinds import KINDS
from seccoop.evaluation.models import (
    Activity,
    Indicator,
    Objective,
    Recommendation,
    RecommendationState,
)


@login_required
def index(request):
    user = request.user
    listed = [kind for kind in KINDS.values() if kind.listed]
    counts = [(kind, kind.model.objects.visible_to(user).active().count()) for kind in listed]
    indicators = Indicator.objects.visible_to(user).active().select_related("initiative")
    behind = [
        line for line in services.trends(indicators) if line.standing == services.Standing.BEHIND
    ]
    open_recommendations = (
        Recommendation.objects.visible_to(user)
        .active()
        .filter(state__in=[RecommendationState.PROPOSED, RecommendationState.ACCEPTED])
        .select_related("evaluation__initiative", "owner")
        .order_by("due_on", "pk")[:20]
    )
    return render(
        request,
        "evaluation/index.html",
        {
            "kinds": listed,
            "counts": counts,
            "behind": behind,
            "open_recommendations": list(open_recommendations),
        },
    )


@login_required
def priorities(request):
    """Objectives ranked, the activities serving each, and where effort and money go."""
    user = request.user
    objectives = (
        Objective.objects.visible_to(user)
        .active()
        .select_related("region", "country")
        .annotate(resource_count=Count("resources", filter=Q(resources__archived_at__isnull=True)))
        .order_by("priority", "code")
    )
    activities = Activity.objects.visible_to(user).active()
    serving = services.objectives_with_activities(objectives, activities)
    bars = charts.bars(
        [
            (
                str(line.objective),
                line.count,
                reverse("evaluation:record-detail", args=["objectives", line.objective.pk]),
            )
            for line in serving
        ]
    )
    return render(
        request,
        "evaluation/priorities.html",
        {
            "kinds": [kind for kind in KINDS.values() if kind.listed],
            "serving": list(zip(serving, bars, strict=True)),
            "by_objective": services.allocation_by_objective(objectives, activities),
            "by_country": services.allocation_by_country(activities),
        },
    )


urlpatterns = [
    path("", index, name="index"),
    path("priorities/", priorities, name="priorities"),
]
