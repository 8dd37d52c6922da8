"""The home page, "My work": what needs attention, from where the signed-in user stands.

Each app contributes its panels (core.panels.HOME: actions, engagements,
countries, cases, disclosure requests), chosen by the user's roles and
assignments; then the workforce figures of the people whose ratings the user
may see (a supervisor's team, a manager's directorate); and last the user's
own gaps and development plan. It lives in the workforce app because it
gathers workforce figures; every figure is scoped by the policy.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from seccoop.competencies.models import Framework
from seccoop.core.panels import HOME, panels_for
from seccoop.workforce import heatmaps
from seccoop.workforce.gaps import people_due_for_assessment, person_gaps
from seccoop.workforce.policies import is_workforce_manager, own_position

DUE_SHOWN = 10


def _person_url(person) -> str:
    return person.get_absolute_url()


@login_required
def dashboard(request):
    user = request.user
    person = getattr(user, "person", None)
    try:
        framework = Framework.objects.select_related("scale").default()
    except Framework.DoesNotExist:
        framework = None
    context = {"framework": framework, "person": person, "panels": panels_for(HOME, user)}
    if framework is None:
        return render(request, "workforce/dashboard.html", {**context, "scope": "none"})
    visible = heatmaps.people_whose_ratings_are_visible(user)
    scope = heatmaps.figures_scope(user)
    # Everyone's own gaps come last, whatever else the page shows them.
    gaps = []
    if person is not None:
        gaps = sorted(
            (gap for gap in person_gaps(person, framework) if gap.shortfall > 0),
            key=lambda gap: (-gap.shortfall, gap.competency.sort_order),
        )[:5]
    context.update(
        scope=scope,
        own_gaps=gaps,
        has_position=own_position(user) is not None,
        person_url=_person_url(person) if person is not None else None,
    )
    if scope != "own":
        others = visible.exclude(pk=person.pk) if person is not None else visible
        due = people_due_for_assessment(others)
        position = own_position(user)
        context.update(
            summary=heatmaps.gap_summary(framework, visible, everyone=is_workforce_manager(user)),
            due=list(due[:DUE_SHOWN]),
            due_count=due.count(),
            home_unit=position.org_unit if position is not None and scope == "team" else None,
        )
    return render(request, "workforce/dashboard.html", context)
