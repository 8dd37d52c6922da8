"""The pages of every kind of evaluation record: list, detail, create, edit, assign, archive.

Built from `evaluation.kinds`; the rules live in the policy and the services.
"""

from __future__ import annotations

import copy
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from seccoop.core import permissions
from seccoop.core import services as core_services
from seccoop.core.history import change_history
from seccoop.core.lookups import visible_or_404
from seccoop.core.pages import flash_errors, page_of, put_errors, with_uswds_classes
from seccoop.core.services import ConcurrentEditError
from seccoop.evaluation import charts, policies, services
from seccoop.evaluation.forms import AssignForm, MoveForm, form_for
from seccoop.evaluation.kinds import CHILDREN, KIND_OF_MODEL, KINDS, Kind
from seccoop.evaluation.models import (
    Activity,
    Indicator,
    Initiative,
    Lesson,
    Objective,
    Recommendation,
)
from seccoop.partners.markings import marking_line
from seccoop.partners.staffing import rank_for_record
from seccoop.workforce.models import Assignment
from seccoop.workforce.staffing import may_staff

# Other apps' records whose pages a field of ours links to.
OTHER_PAGES = {
    "partners.country",
    "partners.engagement",
    "partners.partnerorganization",
    "workforce.person",
}


def kind_or_404(slug: str) -> Kind:
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404("No such kind of record.")
    return kind


def url_of(record) -> str | None:
    """The page of a record, ours or another app's, if it has one."""
    kind = KIND_OF_MODEL.get(type(record))
    if kind is not None:
        return reverse("evaluation:record-detail", args=[kind.slug, record.pk])
    if record._meta.label_lower in OTHER_PAGES:
        return record.get_absolute_url()
    return None


def shown(record, name: str):
    """A field's value as a page shows it: (text, link or None)."""
    model_field = record._meta.get_field(name)
    value = getattr(record, name)
    if value is None or value == "":
        return "—", None
    if model_field.choices:
        return getattr(record, f"get_{name}_display")(), None
    if isinstance(model_field, models.ForeignKey):
        return str(value), url_of(value)
    if isinstance(value, Decimal):
        return f"{value:,.2f}", None
    return value, None


def visible(kind: Kind, user):
    return kind.model.objects.visible_to(user).select_related(*kind.select)


# --- lists ---------------------------------------------------------------------


@login_required
def record_list(request, kind_slug):
    kind = kind_or_404(kind_slug)
    queryset = visible(kind, request.user).active()
    found = kind.filterset(request.GET, queryset=queryset) if kind.filterset else None
    if found is not None:
        with_uswds_classes(found.form)
        queryset = found.qs if found.is_valid() else queryset.none()
    page, page_range = page_of(request, queryset)
    headers = [kind.model._meta.get_field(name).verbose_name for name in kind.columns]
    rows = [
        (record, url_of(record), [shown(record, name) for name in kind.columns]) for record in page
    ]
    return render(
        request,
        "evaluation/record_list.html",
        {
            "kind": kind,
            "filter": found,
            "page": page,
            "page_range": page_range,
            "headers": headers,
            "rows": rows,
            "may_add": kind.parent is None and policies.may_add_top_level(request.user),
            "kinds": [k for k in KINDS.values() if k.listed],
        },
    )


# --- a record's page --------------------------------------------------------------


def _children(kind: Kind, record, user) -> list[dict]:
    sections = []
    for heading, slug, back in CHILDREN.get(kind.slug, []):
        child = KINDS[slug]
        rows = visible(child, user).active().filter(**{back: record})
        sample = child.model(**{back: record})
        sections.append(
            {
                "heading": heading,
                "kind": child,
                "headers": [child.model._meta.get_field(n).verbose_name for n in child.columns],
                "rows": [
                    (row, url_of(row), [shown(row, name) for name in child.columns]) for row in rows
                ],
                "add_url": (
                    reverse("evaluation:record-new", args=[slug]) + f"?{back}={record.pk}"
                    if permissions.can(user, "add", sample)
                    else None
                ),
            }
        )
    return sections


def _links(kind: Kind, record, user) -> list[tuple[str, list]]:
    lines = []
    for name in kind.links:
        related = getattr(record, name).all()
        if related.model in KIND_OF_MODEL or related.model._meta.label_lower in OTHER_PAGES:
            related = permissions.visible_to(user, related)
        label = record._meta.get_field(name).verbose_name
        lines.append((label, [(str(other), url_of(other)) for other in related]))
    return lines


def _extras(kind: Kind, record, user) -> dict:
    """What some kinds show beyond their fields."""
    extras: dict = {}
    if isinstance(record, Indicator):
        extras["trend"] = services.trend(record)
        extras["chart"] = charts.trend_chart(extras["trend"])
    if isinstance(record, Initiative):
        extras["trends"] = services.trends(record.indicators.active())
    if isinstance(record, Objective):
        extras["serving"] = [
            (str(a), url_of(a))
            for a in Activity.objects.visible_to(user).active().filter(objectives=record)
        ]
        extras["serving_initiatives"] = [
            (str(i), url_of(i))
            for i in Initiative.objects.visible_to(user).active().filter(objectives=record)
        ]
        extras["supported_by"] = [
            (str(o), url_of(o)) for o in record.supported_by.visible_to(user).active()
        ]
    if isinstance(record, Activity):
        extras["enables"] = [(str(a), url_of(a)) for a in record.enables.visible_to(user).active()]
    if isinstance(record, Lesson):
        extras["sources"] = [(str(s), url_of(s)) for s in record.sources]
    if isinstance(record, Recommendation):
        workflow = services.RECOMMENDATION_WORKFLOW
        extras["log"] = list(workflow.log(record))
        extras["transitions"] = [
            (
                transition,
                MoveForm(initial={"transition": transition.name, "version": record.version}),
            )
            for transition in workflow.available(user, record)
        ]
    if hasattr(record, "releasable_to"):
        extras["marking"] = marking_line(record)
    return extras


@login_required
def record_detail(request, kind_slug, pk):
    kind = kind_or_404(kind_slug)
    user = request.user
    record = visible_or_404(user, visible(kind, user), pk=pk)
    may_change = permissions.can(user, "change", record)
    context = {
        "kind": kind,
        "record": record,
        "fields": [
            (record._meta.get_field(name).verbose_name, *shown(record, name))
            for name in kind.fields
        ],
        "links": _links(kind, record, user),
        "children": _children(kind, record, user),
        "may_change": may_change,
        "history": change_history(record),
        **_extras(kind, record, user),
    }
    if kind.model in services.ASSIGNABLE:
        context["assignments"] = list(
            Assignment.objects.active()
            .of(record)
            .select_related("person")
            .order_by("released_on", "-assigned_on")
        )
        if may_change:
            context["assign_form"] = AssignForm(user=user)
        if may_staff(user):
            context["ranking"] = rank_for_record(user, record)
    return render(request, "evaluation/record_detail.html", context)


# --- creating and editing ------------------------------------------------------


def _fixed_parent(kind: Kind, request, user):
    """The record a new child belongs to, named in the query string (?initiative=3)."""
    fixed = {}
    for name in kind.fields:
        model_field = kind.model._meta.get_field(name)
        raw = request.GET.get(name)
        if raw and isinstance(model_field, models.ForeignKey) and raw.isdigit():
            target = (
                permissions.visible_to(user, model_field.related_model._default_manager.all())
                .filter(pk=int(raw))
                .first()
            )
            if target is None:
                raise Http404("The record this one would belong to does not exist.")
            fixed[name] = target
    return fixed


@login_required
def record_new(request, kind_slug):
    kind = kind_or_404(kind_slug)
    user = request.user
    fixed = _fixed_parent(kind, request, user)
    if kind.parent and not fixed:
        raise Http404(f"A new {kind.name} is added from the page of what it belongs to.")
    # Asked before the form is shown, so nobody fills in a form they may not save.
    permissions.require(user, "add", kind.model(**fixed))
    form_class = form_for(kind, fixed=tuple(fixed))
    form = form_class(request.POST or None, user=user, instance=kind.model(**fixed))
    if request.method == "POST" and form.is_valid():
        try:
            record = services.save_record(
                user=user,
                model=kind.model,
                data={**form.changes(), **fixed},
                links=form.links(),
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, f"Created the {kind.name} “{record}”.")
            return redirect(url_of(record))
    parent = next(iter(fixed.values()), None)
    return render(
        request,
        "evaluation/record_form.html",
        {
            "kind": kind,
            "form": form,
            "record": None,
            "parent": parent,
            "parent_url": url_of(parent) if parent else None,
            "cancel_url": url_of(parent)
            if parent
            else reverse("evaluation:record-list", args=[kind.slug]),
        },
    )


@login_required
def record_edit(request, kind_slug, pk):
    kind = kind_or_404(kind_slug)
    user = request.user
    record = visible_or_404(user, visible(kind, user), pk=pk)
    permissions.require(user, "change", record)
    fixed = (kind.parent,) if kind.parent else ()
    form_class = form_for(kind, fixed=fixed)
    form = form_class(request.POST or None, user=user, instance=copy.copy(record))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_record(
                user=user,
                model=kind.model,
                record=record,
                data=form.changes(),
                links=form.links(),
                expected_version=form.cleaned_data["version"],
            )
        except ConcurrentEditError as exc:
            data = request.POST.copy()
            data["version"] = exc.current.version
            form.data = data
            conflict = {"message": exc.messages[0], "values": form.saved_values(exc.current)}
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, f"Saved {record}.")
            return redirect(url_of(record))
    return render(
        request,
        "evaluation/record_form.html",
        {
            "kind": kind,
            "form": form,
            "record": record,
            "conflict": conflict,
            "cancel_url": url_of(record),
        },
    )


@login_required
@require_POST
def record_archive(request, kind_slug, pk):
    kind = kind_or_404(kind_slug)
    record = visible_or_404(request.user, visible(kind, request.user), pk=pk)
    # Refused users are told so (403) before anything they posted is read.
    permissions.require(request.user, "archive", record)
    version = request.POST.get("version", "")
    try:
        core_services.archive(
            user=request.user,
            record=record,
            expected_version=core_services.posted_version(version),
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(url_of(record))
    messages.success(request, f"Archived {record}.")
    return redirect("evaluation:record-list", kind.slug)


@login_required
@require_POST
def record_assign(request, kind_slug, pk):
    kind = kind_or_404(kind_slug)
    if kind.model not in services.ASSIGNABLE:
        raise Http404("People are assigned to the record this one belongs to.")
    user = request.user
    record = visible_or_404(user, visible(kind, user), pk=pk)
    permissions.require(user, "change", record)
    form = AssignForm(request.POST, user=user)
    if form.is_valid():
        try:
            services.assign(
                user=user,
                record=record,
                person=form.cleaned_data["person"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, f"Assigned {form.cleaned_data['person']} to {record}.")
    else:
        flash_errors(request, form)
    return redirect(url_of(record))


@login_required
@require_POST
def recommendation_move(request, pk):
    user = request.user
    recommendation = visible_or_404(
        user,
        Recommendation.objects.visible_to(user).select_related("evaluation__initiative"),
        pk=pk,
    )
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The form lost the version it was opened at; reload the page.")
        return redirect(url_of(recommendation))
    name = form.cleaned_data["transition"]
    values = {}
    if name == "implement":
        values["action_taken"] = form.cleaned_data["action_taken"]
    try:
        services.move_recommendation(
            user=user,
            recommendation=recommendation,
            name=name,
            note=form.cleaned_data["note"],
            values=values,
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request, f"The recommendation is now {recommendation.get_state_display().lower()}."
        )
    return redirect(url_of(recommendation))


urlpatterns = [
    path("recommendations/<int:pk>/move/", recommendation_move, name="recommendation-move"),
    path("<slug:kind_slug>/", record_list, name="record-list"),
    path("<slug:kind_slug>/new/", record_new, name="record-new"),
    path("<slug:kind_slug>/<int:pk>/", record_detail, name="record-detail"),
    path("<slug:kind_slug>/<int:pk>/edit/", record_edit, name="record-edit"),
    path("<slug:kind_slug>/<int:pk>/assign/", record_assign, name="record-assign"),
    path("<slug:kind_slug>/<int:pk>/archive/", record_archive, name="record-archive"),
]
