"""The work mapping page: each sub-competency with the kinds of work records that exercise it.

Every kind of work record declares the sub-competencies it exercises
(`seccoop.competencies.exercises`); this page turns the declarations around,
so a reader sees, competency by competency, what work gives staff practice
in each sub-competency, and which ones no kind of work exercises yet.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from seccoop.competencies import exercises
from seccoop.competencies.models import Competency, Framework
from seccoop.core.lookups import visible_or_404


@login_required
def work_mapping(request, slug):
    framework = visible_or_404(request.user, Framework.objects.visible_to(request.user), slug=slug)
    rows = exercises.mapping(framework)
    parents = {
        parent.pk: parent
        for parent in Competency.objects.filter(pk__in={row.competency.parent_id for row in rows})
    }
    groups: list[tuple[Competency | None, list]] = []
    for row in rows:
        parent = parents.get(row.competency.parent_id)
        if not groups or groups[-1][0] != parent:
            groups.append((parent, []))
        groups[-1][1].append(row)
    unexercised = [row.competency for row in rows if not row.declarations]
    return render(
        request,
        "competencies/work_mapping.html",
        {
            "framework": framework,
            "groups": groups,
            "total": len(rows),
            "unexercised": unexercised,
            "unknown": sorted(exercises.unknown_codes(framework).items()),
        },
    )
