"""Course pages: the catalog, a course with its mapping and suggestions, import and export."""

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from seccoop.competencies.mapping import MappingUnavailable
from seccoop.competencies.models import Competency, Framework
from seccoop.core import permissions, transfer_views
from seccoop.core.history import change_history
from seccoop.core.lookups import visible_or_404
from seccoop.core.pages import flash_errors, page_of, put_errors, with_uswds_classes
from seccoop.core.services import (
    ConcurrentEditError,
    create_record,
    posted_version,
    update_record,
)
from seccoop.development import services
from seccoop.development.filters import CourseFilter
from seccoop.development.forms import CourseForm, MappingLineForm
from seccoop.development.models import Course, MappingDecision
from seccoop.development.policies import may_manage_catalog


@login_required
def course_list(request):
    found = CourseFilter(request.GET, queryset=Course.objects.visible_to(request.user).active())
    with_uswds_classes(found.form)
    page, page_range = page_of(request, found.qs.order_by("title", "pk"))
    return render(
        request,
        "development/course_list.html",
        {
            "filter": found,
            "page": page,
            "page_range": page_range,
            "may_manage": may_manage_catalog(request.user),
        },
    )


def _course(user, pk) -> Course:
    return visible_or_404(user, Course.objects.visible_to(user), pk=pk)


@login_required
def course_detail(request, pk):
    user = request.user
    course = _course(user, pk)
    lines = list(course.builds.active().select_related("competency"))
    may_change = permissions.can(user, "change", course)
    proposals, unavailable = [], None
    if may_change and not lines:
        try:
            proposals = services.suggestions_for(course)
        except MappingUnavailable as exc:
            unavailable = str(exc)
    decisions = list(
        course.decisions.active().select_related("competency", "decided_by").order_by("rank")
    )
    return render(
        request,
        "development/course_detail.html",
        {
            "course": course,
            "lines": lines,
            "may_change": may_change,
            "proposals": proposals,
            "unavailable": unavailable,
            "decisions": decisions,
            "precision": services.mapping_precision(),
            "course_precision": services.mapping_precision(
                MappingDecision.objects.filter(course=course)
            ),
            "line_form": MappingLineForm() if may_change else None,
            "history": change_history(course),
        },
    )


def _course_form_page(request, course: Course | None):
    if course is None:
        if not may_manage_catalog(request.user):
            raise PermissionDenied("Workforce managers and administrators keep the catalog.")
        form = CourseForm(request.POST or None)
    else:
        permissions.require(request.user, "change", course)
        form = CourseForm(request.POST or None, initial=CourseForm.initial_from(course))
    if request.method == "POST" and form.is_valid():
        try:
            if course is None:
                course = create_record(user=request.user, model=Course, data=form.cleaned_data)
            else:
                update_record(
                    user=request.user,
                    record=course,
                    changes=form.cleaned_data,
                    expected_version=posted_version(request.POST.get("version")),
                )
        except ConcurrentEditError as exc:
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, f"The course “{course}” was saved.")
            return redirect(course)
    return render(
        request,
        "development/course_form.html",
        {
            "form": form,
            "course": course,
            "title": f"Edit “{course}”" if course else "Add a course",
        },
        status=400 if form.errors else 200,
    )


@login_required
def course_new(request):
    return _course_form_page(request, None)


@login_required
def course_edit(request, pk):
    return _course_form_page(request, _course(request.user, pk))


def _levels(course: Course) -> dict[str, int]:
    return {
        line.competency.code: line.level
        for line in course.builds.active().select_related("competency")
    }


@login_required
@require_POST
def mapping_add(request, pk):
    course = _course(request.user, pk)
    permissions.require(request.user, "change", course)
    form = MappingLineForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect(course)
    levels = _levels(course)
    levels[form.cleaned_data["competency"].code] = form.cleaned_data["level"]
    try:
        services.set_course_mapping(
            user=request.user, course=course, levels=levels, expected_version=course.version
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"The course now builds {form.cleaned_data['competency'].code}.")
    return redirect(course)


@login_required
@require_POST
def mapping_remove(request, pk, code):
    course = _course(request.user, pk)
    permissions.require(request.user, "change", course)
    levels = _levels(course)
    if code not in levels:
        raise Http404("The course does not build this sub-competency.")
    del levels[code]
    services.set_course_mapping(
        user=request.user, course=course, levels=levels, expected_version=course.version
    )
    messages.success(request, f"{code} was taken off the course's mapping.")
    return redirect(course)


@login_required
@require_POST
def suggestion_decide(request, pk):
    course = _course(request.user, pk)
    competency = get_object_or_404(
        Competency,
        code=request.POST.get("code"),
        framework=Framework.objects.default(),
    )
    try:
        score = float(request.POST.get("score", ""))
        rank = int(request.POST.get("rank", ""))
    except ValueError as exc:
        raise Http404("The suggestion is incomplete.") from exc
    # float() reads "1e400" as infinity and "nan" as no number at all.
    if not math.isfinite(score):
        raise Http404("The suggestion is incomplete.")
    accept = request.POST.get("decision") == "accept"
    try:
        services.decide_suggestion(
            user=request.user,
            course=course,
            competency=competency,
            accept=accept,
            score=score,
            rank=rank,
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        verb = "accepted: the course now builds it" if accept else "rejected"
        messages.success(request, f"{competency.code} {verb}.")
    return redirect(course)


IMPORT = {"area": "development"}
EXPORT = {"area": "development", "table": "courses"}

urlpatterns = [
    path("courses/", course_list, name="course-list"),
    path("courses/new/", course_new, name="course-new"),
    # The catalog's import and export, served by core's pages; the export link of the
    # course list downloads the catalog at once (`?format=csv`).
    path("courses/import/", transfer_views.import_data, IMPORT, name="course-import"),
    path("courses/export/", transfer_views.export_data, EXPORT, name="course-export"),
    path("courses/<int:pk>/", course_detail, name="course-detail"),
    path("courses/<int:pk>/edit/", course_edit, name="course-edit"),
    path("courses/<int:pk>/mapping/", mapping_add, name="mapping-add"),
    path("courses/<int:pk>/mapping/<str:code>/remove/", mapping_remove, name="mapping-remove"),
    path("courses/<int:pk>/suggestions/", suggestion_decide, name="suggestion-decide"),
]
