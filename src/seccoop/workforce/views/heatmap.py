"""The gap heatmaps: org units x sub-competencies, and one unit's people x sub-competencies.

Who sees which rows is decided in `workforce.heatmaps` (people whose ratings
the viewer may see); these views only read the request and render.
"""

from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, path, reverse
from django.utils.safestring import mark_safe

from seccoop.competencies.models import Framework
from seccoop.workforce import gap_figures, heatmaps
from seccoop.workforce.models import OrgUnit
from seccoop.workforce.policies import is_workforce_manager
from seccoop.workforce.signals import MAY_STAFF_KEY
from seccoop.workforce.views.staffing import RequirementFormSet

PEOPLE_PER_PAGE = 50
MEASURES = {"share": "Share meeting the requirement", "shortfall": "Mean shortfall in levels"}


def _framework(request) -> Framework:
    slug = request.GET.get("framework") or settings.SECCOOP_DEFAULT_FRAMEWORK
    return get_object_or_404(Framework.objects.active().select_related("scale"), slug=slug)


def _unit(request, *, required: bool) -> OrgUnit | None:
    value = request.GET.get("unit", "")
    if not value:
        if required:
            raise Http404("Choose an org unit.")
        return None
    if not value.isdigit():
        raise Http404("No such org unit.")
    return get_object_or_404(OrgUnit.objects.active(), pk=int(value))


def _ancestors(unit: OrgUnit | None) -> list[OrgUnit]:
    if unit is None:
        return []
    return list(OrgUnit.objects.filter(pk__in=unit.ancestor_ids()).order_by("path"))


# How long a rendered heatmap stays cached. Its key names the stored figures
# it was drawn from, so it is never shown once they change; this only frees
# the memory of heatmaps nobody opens again.
TABLE_CACHE_SECONDS = 3600


def onward_links(framework: Framework, code: str, unit: OrgUnit | None, *, may_staff: bool):
    """Where a gap leads: the staffing page ranking the unit's people on the
    sub-competency at the framework's proficient level (only for those who may
    rank people), and the development catalog's courses that build it."""
    training = reverse("development:course-list") + "?" + urlencode({"competency": code})
    staffing = None
    if may_staff:
        query = {"framework": framework.slug}
        if unit is not None:
            query["unit"] = unit.pk
        query.update(
            {
                "form-TOTAL_FORMS": RequirementFormSet.max_num,
                "form-INITIAL_FORMS": 0,
                "form-0-competency": code,
                "form-0-level": framework.scale.proficient_value,
            }
        )
        staffing = reverse("workforce:staffing") + "?" + urlencode(query)
    return {"staffing": staffing, "training": training}


def _offers_staffing(request) -> bool:
    """Whether to offer the staffing page: as the navigation does, from the answer given
    at sign-in (`signals.MAY_STAFF_KEY`); the staffing page asks the policy again."""
    return bool(request.session.get(MAY_STAFF_KEY))


def _sort_link(request, sort: str) -> str:
    """The page's own address sorted another way (the default order drops `sort`)."""
    query = request.GET.copy()
    query.pop("sort", None)
    if sort:
        query["sort"] = sort
    return "?" + query.urlencode()


@login_required
def unit_heatmap(request):
    framework = _framework(request)
    unit = _unit(request, required=False)
    measure = request.GET.get("measure") if request.GET.get("measure") in MEASURES else "share"
    sort = request.GET.get("sort", "")
    may_staff = _offers_staffing(request)
    context = {"framework": framework, "unit": unit, "measure": measure, "measures": MEASURES}
    # Everyone who may see all ratings sees the same table, drawn from the
    # figures stored ahead of time: while they are fresh, it is drawn once.
    cache_key = None
    if is_workforce_manager(request.user):
        build = gap_figures.fresh_build_key(framework)
        if build is not None:
            cache_key = (
                f"seccoop:heatmap:{framework.pk}:{unit.pk if unit else 0}:{measure}:"
                f"{quote(sort, safe='')}:{int(may_staff)}:{build}"
            )
    table = cache.get(cache_key) if cache_key else None
    if table is None:
        heatmap = heatmaps.unit_heatmap_for(request.user, framework, unit)
        codes = [competency.code for competency in heatmap.competencies]
        if sort != heatmaps.SORT_TOTAL and sort not in codes:
            sort = ""
        cells = heatmaps.CellMarkup(
            heatmap.competencies, framework_slug=framework.slug, measure=measure
        )
        # The widest gap first: the most people short, the widest shortfall, the lowest share.
        widest_first = sort == heatmaps.SORT_TOTAL or measure == "shortfall"
        order = "descending" if widest_first else "ascending"
        table = render_to_string(
            "workforce/heatmap/_units_table.html",
            {
                **context,
                "heatmap": heatmap,
                "rows": [
                    (row, cells.row(row))
                    for row in heatmaps.sort_rows(heatmap.rows, sort, measure, codes)
                ],
                "total": (heatmap.total, cells.row(heatmap.total)) if heatmap.total else None,
                "sort": sort,
                "sort_order": order,
                "sort_links": {
                    "unit_order": _sort_link(request, ""),
                    heatmaps.SORT_TOTAL: _sort_link(request, heatmaps.SORT_TOTAL),
                },
                "columns": [
                    (competency, _sort_link(request, competency.code))
                    for competency in heatmap.competencies
                ],
                "top_gaps": [
                    (gap, onward_links(framework, gap.competency.code, unit, may_staff=may_staff))
                    for gap in heatmap.top_gaps
                ],
            },
        )
        if cache_key:
            cache.set(cache_key, table, TABLE_CACHE_SECONDS)
    return render(
        request,
        "workforce/heatmap/units.html",
        {**context, "ancestors": _ancestors(unit), "table": mark_safe(table)},  # noqa: S308
    )


def _person_url(pk: int) -> str | None:
    # The person page lives in another views module; the heatmap works without it.
    try:
        return reverse("workforce:person-detail", args=[pk])
    except NoReverseMatch:
        return None


@login_required
def people_heatmap(request):
    framework = _framework(request)
    unit = _unit(request, required=True)
    chosen = request.GET.get("competency", "")
    page = Paginator(heatmaps.people_in_unit_for(request.user, unit), PEOPLE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    competencies, rows = heatmaps.people_heatmap(framework, list(page.object_list))
    chosen_competency = next((c for c in competencies if c.code == chosen), None)
    onward = None
    if chosen_competency is not None:
        onward = onward_links(framework, chosen, unit, may_staff=_offers_staffing(request))
    return render(
        request,
        "workforce/heatmap/people.html",
        {
            "onward": onward,
            "framework": framework,
            "unit": unit,
            "ancestors": _ancestors(unit),
            "competencies": competencies,
            "rows": [(row, _person_url(row.person.pk)) for row in rows],
            "chosen": chosen_competency,
            "page": page,
        },
    )


urlpatterns = [
    path("heatmap/", unit_heatmap, name="heatmap"),
    path("heatmap/people/", people_heatmap, name="heatmap-people"),
]
