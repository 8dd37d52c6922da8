"""The framework browser: frameworks, their scale and tree, competencies, import and export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from seccoop.competencies import services
from seccoop.competencies.filters import CompetencyFilter
from seccoop.competencies.forms import FrameworkExportForm, FrameworkImportForm
from seccoop.competencies.models import Competency, Framework
from seccoop.core import permissions
from seccoop.core.lookups import visible_or_404


def _can_import(user) -> bool:
    return permissions.can(user, "add", Framework())


def _list_page(request, *, form=None, import_errors=(), status=200):
    frameworks = (
        Framework.objects.visible_to(request.user)
        .active()
        .select_related("scale")
        .annotate(item_count=Count("competencies", filter=Q(competencies__archived_at=None)))
    )
    can_import = _can_import(request.user)
    context = {
        "frameworks": frameworks,
        "export_formats": services.EXPORT_FORMATS,
        "import_form": (form or FrameworkImportForm()) if can_import else None,
        "import_errors": list(import_errors),
    }
    return render(request, "competencies/framework_list.html", context, status=status)


@login_required
def framework_list(request):
    return _list_page(request)


@login_required
def framework_detail(request, slug):
    framework = visible_or_404(
        request.user, Framework.objects.visible_to(request.user).select_related("scale"), slug=slug
    )
    items = framework.competencies.active().order_by("sort_order", "code")
    filterset = CompetencyFilter(request.GET, queryset=items)
    searching = any(request.GET.get(name) for name in filterset.form.fields)
    context = {
        "framework": framework,
        "levels": framework.scale.levels.all(),
        "filterset": filterset,
        "searching": searching,
    }
    if searching:
        context["results"] = (
            list(filterset.qs.select_related("parent")) if filterset.is_valid() else []
        )
    else:
        context["tree"] = _tree(list(items))
    template = (
        "competencies/_framework_items.html"
        if request.headers.get("HX-Request")
        else "competencies/framework_detail.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _tree(items: list[Competency]) -> list[dict]:
    """Nested nodes ({"item", "children"}) from a flat list read in one query."""
    nodes = {item.pk: {"item": item, "children": []} for item in items}
    roots = []
    for item in items:
        parent = nodes.get(item.parent_id)
        (parent["children"] if parent else roots).append(nodes[item.pk])
    return roots


@login_required
def competency_detail(request, slug, code):
    competency = visible_or_404(
        request.user,
        Competency.objects.visible_to(request.user).select_related("framework", "parent"),
        framework__slug=slug,
        code=code,
    )
    children = competency.children.active().order_by("sort_order", "code")
    return render(
        request,
        "competencies/competency_detail.html",
        {"framework": competency.framework, "competency": competency, "children": children},
    )


@login_required
def framework_export(request, slug):
    framework = visible_or_404(request.user, Framework.objects.visible_to(request.user), slug=slug)
    form = FrameworkExportForm(request.GET)
    if not form.is_valid():
        choices = ", ".join(services.EXPORT_FORMATS)
        return HttpResponse(f"Choose an export format: {choices}.", status=400)
    exported = services.export_framework(
        framework=framework, format=form.cleaned_data["format"], user=request.user
    )
    response = HttpResponse(
        exported.content, content_type=f"{exported.content_type}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


@login_required
@require_POST
def framework_import(request):
    permissions.require(request.user, "add", Framework())
    form = FrameworkImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list_page(request, form=form, status=400)
    try:
        result = services.import_framework(
            content=form.cleaned_data["file"].read(), user=request.user
        )
    except services.FrameworkImportError as exc:
        return _list_page(request, form=form, import_errors=exc.messages, status=400)
    framework = result.framework
    messages.success(request, f"Imported {framework.title} as {framework.slug}.")
    for note in result.notes:
        messages.info(request, note)
    return redirect("competencies:framework-detail", slug=framework.slug)
