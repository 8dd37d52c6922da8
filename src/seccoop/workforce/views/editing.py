"""Creating, editing, archiving and restoring the directory's records.

Org units, people, positions and role types each have a create and an edit
form and archive/restore buttons; a role template has one form for the level
it requires on every sub-competency.

Every save goes through core.services (or workforce.services for a template's
levels), which checks the policy, validates with full_clean() and refuses an
edit made against a version someone else has since changed. The pages only
show the outcome: field errors on their fields, a refused stale edit in an
alert with the other person's values beside the form.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from seccoop.core import permissions
from seccoop.core import services as records
from seccoop.core.lookups import visible_or_404
from seccoop.core.pages import put_errors
from seccoop.core.services import ConcurrentEditError
from seccoop.workforce import gaps, selectors, services
from seccoop.workforce.forms import (
    AssessmentCycleForm,
    OrgUnitForm,
    PersonForm,
    PositionForm,
    RoleTemplateForm,
    RoleTypeForm,
    TemplateRequirementsForm,
)
from seccoop.workforce.models import (
    AssessmentCycle,
    OrgUnit,
    Person,
    Position,
    RoleRequirement,
    RoleTemplate,
    RoleType,
)


@dataclass(frozen=True)
class Kind:
    """One kind of directory record the pages edit, and where its pages are."""

    model: type
    form: type
    slug: str  # the URL segment, as the detail pages use it
    name: str  # the route name prefix
    list_route: str
    detail_route: str | None  # None: the list is the record's page
    plural: str


KINDS = {
    "units": Kind(
        OrgUnit, OrgUnitForm, "units", "orgunit", "orgunit-list", "orgunit-detail", "Org units"
    ),
    "people": Kind(
        Person, PersonForm, "people", "person", "person-list", "person-detail", "People"
    ),
    "positions": Kind(
        Position,
        PositionForm,
        "positions",
        "position",
        "position-list",
        "position-detail",
        "Positions",
    ),
    "role-types": Kind(
        RoleType, RoleTypeForm, "role-types", "roletype", "roletype-list", None, "Role types"
    ),
    # A template is listed under its role type; its levels have their own page.
    "role-templates": Kind(
        RoleTemplate,
        RoleTemplateForm,
        "role-templates",
        "roletemplate",
        "roletype-list",
        None,
        "Role types",
    ),
    # The cycles page (views/cycles.py) lists them and closes them.
    "cycles": Kind(
        AssessmentCycle,
        AssessmentCycleForm,
        "cycles",
        "cycle",
        "cycle-list",
        None,
        "Assessment cycles",
    ),
}


def _page_of(kind: Kind, record) -> str:
    if kind.detail_route is None:
        return reverse(f"workforce:{kind.list_route}")
    return reverse(f"workforce:{kind.detail_route}", args=[record.pk])


def _record_or_404(kind: Kind, user, pk):
    return visible_or_404(user, kind.model.objects.visible_to(user), pk=pk)


def _show_conflict(request, form, exc: ConcurrentEditError) -> dict:
    """Keep the editor's entries, show the saved ones, and let a second save go through.

    The hidden version becomes the one now saved: saving again after
    reviewing the other person's change is a deliberate overwrite.
    """
    data = request.POST.copy()
    data["version"] = exc.current.version
    form.data = data
    return {"message": exc.messages[0], "values": form.saved_values(exc.current)}


def _render_form(request, kind: Kind, form, *, record=None, conflict=None):
    return render(
        request,
        "workforce/editing/record_form.html",
        {
            "form": form,
            "record": record,
            "kind": kind,
            "kind_name": kind.model._meta.verbose_name,
            "list_url": reverse(f"workforce:{kind.list_route}"),
            "cancel_url": _page_of(kind, record)
            if record
            else reverse(f"workforce:{kind.list_route}"),
            "conflict": conflict,
        },
    )


@login_required
def create(request, kind_slug: str):
    kind = KINDS[kind_slug]
    # Asked before the form is shown, so nobody fills in a form they may not save.
    permissions.require(request.user, "add", kind.model())
    # A link may preselect a field (the role type a new template is for: ?role_type=3).
    initial = {name: request.GET[name] for name in kind.form._meta.fields if name in request.GET}
    form = kind.form(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = records.create_record(user=request.user, model=kind.model, data=form.changes())
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, f"Created the {kind.model._meta.verbose_name} {record}.")
            return redirect(_page_of(kind, record))
    return _render_form(request, kind, form)


@login_required
def edit(request, kind_slug: str, pk: int):
    kind = KINDS[kind_slug]
    record = _record_or_404(kind, request.user, pk)
    permissions.require(request.user, "change", record)
    # The form works on a copy: the page's heading keeps naming the record as saved.
    form = kind.form(request.POST or None, instance=copy.copy(record))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            records.update_record(
                user=request.user,
                record=record,
                changes=form.changes(),
                expected_version=form.cleaned_data["version"],
            )
        except ConcurrentEditError as exc:
            conflict = _show_conflict(request, form, exc)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, f"Saved {record}.")
            return redirect(_page_of(kind, record))
    return _render_form(request, kind, form, record=record, conflict=conflict)


def _archive_or_restore(request, kind_slug: str, pk: int, *, operation, done: str):
    kind = KINDS[kind_slug]
    record = _record_or_404(kind, request.user, pk)
    # Refused users are told so (403) before anything they posted is read.
    permissions.require(request.user, "archive", record)
    version = request.POST.get("version")
    try:
        operation(
            user=request.user,
            record=record,
            expected_version=records.posted_version(version),
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"{done} {record}.")
    return redirect(_page_of(kind, record))


@login_required
@require_POST
def archive(request, kind_slug: str, pk: int):
    return _archive_or_restore(request, kind_slug, pk, operation=records.archive, done="Archived")


@login_required
@require_POST
def restore(request, kind_slug: str, pk: int):
    return _archive_or_restore(request, kind_slug, pk, operation=records.restore, done="Restored")


# --- role types and what their templates require ---------------------------------


@login_required
def role_type_list(request):
    role_types = (
        RoleType.objects.visible_to(request.user)
        .prefetch_related(
            Prefetch("templates", queryset=RoleTemplate.objects.select_related("framework"))
        )
        .order_by("archived_at", "name")
    )
    return render(
        request,
        "workforce/editing/roletype_list.html",
        {
            "role_types": role_types,
            "may_edit": permissions.can(request.user, "add", RoleType()),
        },
    )


@login_required
@require_POST
def load_starting_set(request):
    """Load the directorate's unofficial starting set; what exists already is kept."""
    permissions.require(request.user, "add", RoleType())
    try:
        loaded = services.load_starting_set(user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            f"Loaded the starting set: {loaded.role_types_created} role types and "
            f"{loaded.templates_created} templates created; existing ones were left as they are.",
        )
    return redirect("workforce:roletype-list")


@login_required
def template_requirements(request, pk: int):
    template = visible_or_404(
        request.user,
        RoleTemplate.objects.visible_to(request.user)
        .select_related("role_type", "framework", "framework__scale")
        .prefetch_related(
            Prefetch("requirements", queryset=RoleRequirement.objects.select_related("competency"))
        ),
        pk=pk,
    )
    permissions.require(request.user, "change", template)
    framework = template.framework
    form = TemplateRequirementsForm(
        request.POST or None,
        template=template,
        groups=selectors.group_by_competency(framework, gaps.sub_competencies(framework)),
        levels=selectors.level_choices(framework),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.set_template_requirements(
                user=request.user,
                template=template,
                levels=form.levels(),
                expected_version=form.cleaned_data["version"],
            )
        except ConcurrentEditError as exc:
            data = request.POST.copy()
            data["version"] = exc.current.version
            form.data = data
            conflict = {"message": exc.messages[0], "values": None}
        except ValidationError as exc:
            for message in exc.messages:
                # Each message starts with the code it is about: "4.C: Level 7 is not ...".
                field = form.field_of(message.split(":", 1)[0])
                form.add_error(field, message)
        else:
            messages.success(request, f"Saved the levels {template} requires.")
            return redirect("workforce:roletype-list")
    return render(
        request,
        "workforce/editing/template_requirements.html",
        {"template": template, "form": form, "conflict": conflict},
    )


def _routes(kind: Kind):
    slug, name = kind.slug, kind.name
    fixed = {"kind_slug": slug}
    return [
        path(f"{slug}/new/", create, fixed, name=f"{name}-create"),
        path(f"{slug}/<int:pk>/edit/", edit, fixed, name=f"{name}-edit"),
        path(f"{slug}/<int:pk>/archive/", archive, fixed, name=f"{name}-archive"),
        path(f"{slug}/<int:pk>/restore/", restore, fixed, name=f"{name}-restore"),
    ]


urlpatterns = [
    *(route for kind in KINDS.values() for route in _routes(kind)),
    path("role-types/", role_type_list, name="roletype-list"),
    path("role-types/starting-set/", load_starting_set, name="roletype-starting-set"),
    path(
        "role-templates/<int:pk>/requirements/",
        template_requirements,
        name="template-requirements",
    ),
]
