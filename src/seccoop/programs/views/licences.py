"""Export licence pages: the list, recording and editing a licence, its page with the
DDTC workflow, the DoD review, the certification to Congress, provisos and staff.

Every rule lives in the services and the policy; these views gather input and
show the outcome.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from seccoop.core import permissions
from seccoop.core.history import change_history
from seccoop.core.lookups import visible_or_404
from seccoop.core.pages import flash_errors, page_of, put_errors, with_uswds_classes
from seccoop.core.services import ConcurrentEditError, posted_version
from seccoop.programs import policies_licences as policies
from seccoop.programs.filters_licences import LicenceFilter
from seccoop.programs.forms_licences import (
    LicenceAssignForm,
    LicenceForm,
    LicenceTransitionForm,
    ProvisoForm,
)
from seccoop.programs.models import ExportLicence, LicenceProviso
from seccoop.programs.services import licences as services
from seccoop.workforce.models import Assignment, Person


def _licences(user):
    return ExportLicence.objects.visible_to(user).active().select_related("country")


def _licence(user, pk) -> ExportLicence:
    return visible_or_404(
        user, ExportLicence.objects.visible_to(user).select_related("country", "org_unit"), pk=pk
    )


@login_required
def licence_list(request):
    found = LicenceFilter(request.GET, queryset=_licences(request.user))
    with_uswds_classes(found.form)
    page, page_range = page_of(request, found.qs)
    return render(
        request,
        "programs/licences/list.html",
        {
            "filter": found,
            "page": page,
            "page_range": page_range,
            "may_record": policies.may_record_licences(request.user),
        },
    )


def _save_form(request, form, save, title, licence=None):
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except ConcurrentEditError as exc:
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, f"{saved} was saved.")
            return redirect(saved)
    return render(
        request,
        "programs/licences/form.html",
        {"form": form, "title": title, "licence": licence},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def licence_new(request):
    user = request.user
    if not policies.may_record_licences(user):
        raise PermissionDenied("Desk officers, program teams and administrators record licences.")
    form = LicenceForm(
        request.POST or None, user=user, initial={"country": request.GET.get("country")}
    )

    def save():
        return services.create_licence(user=user, data=form.changes(), **form.links())

    return _save_form(request, form, save, "Record an export licence or agreement")


@login_required
def licence_edit(request, pk):
    user = request.user
    licence = _licence(user, pk)
    permissions.require(user, "change", licence)
    form = LicenceForm(request.POST or None, instance=licence, user=user)

    def save():
        return services.update_licence(
            user=user,
            licence=licence,
            changes=form.changes(),
            expected_version=form.cleaned_data["version"] or 0,
            **form.links(),
        )

    return _save_form(request, form, save, f"Edit {licence}", licence)


@login_required
def licence_detail(request, pk):
    user = request.user
    licence = _licence(user, pk)
    may_change = permissions.can(user, "change", licence)
    transitions = []
    if may_change:
        transitions = [
            {
                "transition": transition,
                "form": LicenceTransitionForm(transition=transition),
                "blockers": services.WORKFLOW.blockers(licence, transition),
            }
            for transition in services.WORKFLOW.available(user, licence)
        ]
    may_assign = permissions.can(user, "staff", licence)
    context = {
        "licence": licence,
        "state_label": services.WORKFLOW.state_label(licence.state),
        "certification": services.certification_for(licence),
        "provisos": list(licence.provisos.active()),
        "programs": list(licence.programs.visible_to(user)),
        "agreements": list(licence.agreements.visible_to(user)),
        "foreign_parties": [p for p in licence.foreign_parties.splitlines() if p.strip()],
        "assignments": list(Assignment.objects.open().of(licence).select_related("person")),
        "transitions": transitions,
        "log": [
            {
                "change": change,
                "source": services.WORKFLOW.state_label(change.source),
                "target": services.WORKFLOW.state_label(change.target),
            }
            for change in services.WORKFLOW.log(licence)
        ],
        "history": change_history(licence),
        "may_change": may_change,
        "may_assign": may_assign,
    }
    if may_change:
        context["proviso_form"] = ProvisoForm()
    if may_assign:
        context["assign_form"] = LicenceAssignForm(people=Person.objects.visible_to(user).active())
    return render(request, "programs/licences/detail.html", context)


@login_required
@require_POST
def licence_move(request, pk, name):
    user = request.user
    licence = _licence(user, pk)
    try:
        transition = services.WORKFLOW.transition(name)
    except ValidationError as exc:
        raise Http404("No such transition.") from exc
    services.WORKFLOW.require_may(user, licence, transition)
    form = LicenceTransitionForm(request.POST, transition=transition)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect(licence)
    try:
        services.move_licence(
            user=user,
            licence=licence,
            name=name,
            note=form.cleaned_data["note"],
            values=form.values(),
            expected_version=posted_version(request.POST.get("version")),
        )
    except ConcurrentEditError as exc:
        messages.error(request, exc.messages[0])
    except ValidationError as exc:
        messages.error(request, f"The licence was not moved: “{transition.label}” needs more.")
        flash_errors(request, exc)
    else:
        messages.success(request, f"The licence is now {licence.get_state_display().lower()}.")
    return redirect(licence)


@login_required
@require_POST
def proviso_new(request, pk):
    licence = _licence(request.user, pk)
    permissions.require(request.user, "change", licence)
    form = ProvisoForm(request.POST)
    if form.is_valid():
        try:
            services.add_proviso(user=request.user, licence=licence, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, "The proviso was recorded.")
    else:
        flash_errors(request, form)
    return redirect(licence)


@login_required
@require_POST
def proviso_acknowledged(request, pk):
    proviso = visible_or_404(request.user, LicenceProviso.objects.visible_to(request.user), pk=pk)
    services.acknowledge_proviso(user=request.user, proviso=proviso)
    messages.success(request, "The proviso was recorded as acknowledged.")
    return redirect(proviso.licence)


@login_required
@require_POST
def assignment_new(request, pk):
    user = request.user
    licence = _licence(user, pk)
    permissions.require(user, "staff", licence)
    form = LicenceAssignForm(request.POST, people=Person.objects.visible_to(user).active())
    if form.is_valid():
        try:
            services.assign_staff(user=user, licence=licence, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, "The assignment was made.")
    else:
        flash_errors(request, form)
    return redirect(licence)


urlpatterns = [
    path("licences/", licence_list, name="licence-list"),
    path("licences/new/", licence_new, name="licence-new"),
    path("licences/<int:pk>/", licence_detail, name="licence-detail"),
    path("licences/<int:pk>/edit/", licence_edit, name="licence-edit"),
    path("licences/<int:pk>/move/<slug:name>/", licence_move, name="licence-move"),
    path("licences/<int:pk>/provisos/", proviso_new, name="licence-proviso-new"),
    path("licences/<int:pk>/assignments/", assignment_new, name="licence-assignment-new"),
    path(
        "licence-provisos/<int:pk>/acknowledged/",
        proviso_acknowledged,
        name="licence-proviso-acknowledged",
    ),
]
