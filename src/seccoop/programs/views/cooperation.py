"""Program pages: the list, creating and editing, the page of a program with its cycle,
staff, staffing ranking and the records kept around it, and import and export.

What every work-record page shares (the transitions, the state-change log,
the staff assigned and the staffing ranking) is built by `record_context`,
which the agreement pages use too.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from seccoop.core import permissions, transfer_views
from seccoop.core.history import change_history
from seccoop.core.lookups import visible_or_404
from seccoop.core.pages import flash_errors, page_of, put_errors, with_uswds_classes
from seccoop.core.panels import panels_for
from seccoop.core.services import ConcurrentEditError
from seccoop.partners.staffing import rank_for_record
from seccoop.programs.charts import execution_chart
from seccoop.programs.filters_cooperation import ProgramFilter
from seccoop.programs.forms_cooperation import (
    PROGRAM_RECORDS,
    AssignmentForm,
    DocumentForm,
    DocumentVersionForm,
    ProgramForm,
    TransitionForm,
    record_form,
    uswds,
)
from seccoop.programs.models import Program, ProgramDocument
from seccoop.programs.policies_cooperation import may_create
from seccoop.programs.services import cooperation as services
from seccoop.workforce.models import Assignment
from seccoop.workforce.staffing import may_staff

# --- what every work-record page shares ---------------------------------------------


def record_context(user, record, workflow, *, countries) -> dict:
    """Transitions, state-change log, staff, staffing ranking and history of a record."""
    available = workflow.available(user, record)
    transitions = [
        {
            "transition": transition,
            "form": TransitionForm(
                transition=transition, model=type(record), initial={"version": record.version}
            ),
            "blockers": workflow.blockers(record, transition),
        }
        for transition in available
    ]
    may_change = permissions.can(user, "change", record)
    context = {
        "state_label": workflow.state_label(workflow.state_of(record)),
        "transitions": transitions,
        "log": list(workflow.log(record)),
        "assignments": list(
            Assignment.objects.active().of(record).select_related("person").order_by("assigned_on")
        ),
        "may_change": may_change,
        "assignment_form": AssignmentForm() if may_change else None,
        "history": change_history(record),
        "ranking": None,
    }
    if may_staff(user):
        context["ranking"] = rank_for_record(user, record, countries=countries)
    return context


def take_transition(request, record, workflow, redirect_to):
    """Run a transition posted from a record page; errors become messages, nothing saved."""
    name = request.POST.get("transition", "")
    try:
        transition = workflow.transition(name)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(redirect_to)
    workflow.require_may(request.user, record, transition)
    form = TransitionForm(request.POST, transition=transition, model=type(record))
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{field.replace('_', ' ').capitalize()}: {error}")
        return redirect(redirect_to)
    try:
        workflow.move(
            user=request.user,
            record=record,
            name=name,
            note=form.cleaned_data["note"],
            values=form.values(),
            expected_version=form.cleaned_data.get("version"),
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, f"“{transition.label}” was refused: {error}")
    else:
        messages.success(
            request, f"{transition.label}: now {workflow.state_label(workflow.state_of(record))}."
        )
    return redirect(redirect_to)


def add_assignment(request, record, redirect_to):
    form = AssignmentForm(request.POST)
    if form.is_valid():
        try:
            services.assign_staff(
                user=request.user,
                record=record,
                person=form.cleaned_data["person"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                f"{form.cleaned_data['person']} is assigned as {form.cleaned_data['role']}.",
            )
    else:
        flash_errors(request, form)
    return redirect(redirect_to)


def with_markings(documents):
    """Each document's banner line, from its prefetched countries (no query per document)."""
    for document in documents:
        parts = [document.get_classification_display()]
        if document.cui_categories:
            parts.append(
                "/".join(c.strip().upper() for c in document.cui_categories.split(",") if c.strip())
            )
        codes = sorted(c.iso_alpha3 for c in document.releasable_to.all() if c.iso_alpha3 != "USA")
        if codes:
            parts.append("REL TO " + ", ".join(["USA", *codes]))
        document.marking = "//".join(parts)
    return documents


# --- programs ---------------------------------------------------------------------


def _programs(user):
    return Program.objects.visible_to(user).active()


def _program(user, pk) -> Program:
    return visible_or_404(user, _programs(user).select_related("org_unit"), pk=pk)


@login_required
def program_list(request):
    found = ProgramFilter(request.GET, queryset=_programs(request.user))
    with_uswds_classes(found.form)
    page, page_range = page_of(
        request, found.qs.select_related("org_unit").prefetch_related("countries")
    )
    return render(
        request,
        "programs/cooperation/program_list.html",
        {
            "filter": found,
            "page": page,
            "page_range": page_range,
            "may_create": may_create(request.user),
        },
    )


def _edit_form(request, form, save, title, cancel, template="programs/cooperation/form.html"):
    if request.method == "POST" and form.is_valid():
        try:
            return save()
        except ConcurrentEditError as exc:
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            put_errors(form, exc)
    return render(request, template, {"form": form, "title": title, "cancel": cancel})


@login_required
def program_new(request):
    if not may_create(request.user):
        raise PermissionDenied(
            "Program-team members, desk officers and administrators add programs."
        )
    form = ProgramForm(request.POST or None)

    def save():
        program = services.create_program(
            user=request.user, data=form.changes(), countries=form.cleaned_data["countries"]
        )
        messages.success(request, f"The program “{program}” was added.")
        return redirect(program)

    return _edit_form(request, form, save, "Add a program", cancel=None)


@login_required
def program_edit(request, pk):
    program = _program(request.user, pk)
    permissions.require(request.user, "change", program)
    form = ProgramForm(request.POST or None, instance=Program.objects.get(pk=pk))

    def save():
        services.update_program(
            user=request.user,
            program=program,
            changes=form.changes(),
            expected_version=form.cleaned_data["version"],
            countries=form.cleaned_data["countries"],
        )
        messages.success(request, "The program was saved.")
        return redirect(program)

    return _edit_form(request, form, save, f"Edit “{program}”", cancel=program)


def _with_lateness(program):
    today = timezone.localdate()
    deliverables = list(program.deliverables.active())
    for deliverable in deliverables:
        deliverable.late = deliverable.is_late(today)
    return deliverables


@login_required
def program_detail(request, pk):
    user = request.user
    program = _program(user, pk)
    countries = list(program.countries.all())
    documents = with_markings(
        list(program.documents.active().prefetch_related("releasable_to", "versions"))
    )
    funding_lines = list(program.funding_lines.active())
    execution = services.execution_series(program, funding_lines)
    context = {
        "program": program,
        "countries": countries,
        "codes": program.exercised_codes(),
        "contributions": list(program.contributions.active().select_related("country")),
        "funding_lines": funding_lines,
        "assessments": list(program.assessments.active()),
        "documents": documents,
        "critical_information": list(program.critical_information.active()),
        "roadmaps": list(program.roadmaps.active().prefetch_related("countries")),
        "harmonizations": list(program.harmonizations.active().select_related("country")),
        "partner_assessments": list(
            program.partner_program_assessments.active().select_related("country")
        ),
        "risks": list(program.risks.active()),
        "agreements": list(program.agreements.visible_to(user).active()),
        "resource_plan": list(program.resource_plan.active()) if program.is_cwp else [],
        "scores": list(program.scores.active()) if program.is_cwp else [],
        "cycle_rank": services.rank_in_cycle(program, _programs(user)),
        "deliverables": _with_lateness(program) if program.is_def else [],
        "execution": execution,
        "execution_chart": execution_chart(execution),
        "record_kinds": [(kind, heading) for kind, (_, _, heading) in PROGRAM_RECORDS.items()],
        **record_context(user, program, services.PROGRAM_WORKFLOW, countries=countries),
        # Other apps' panels, such as the objectives the program serves.
        "panels": panels_for("program", user, program),
    }
    return render(request, "programs/cooperation/program_detail.html", context)


@login_required
@require_POST
def program_move(request, pk):
    program = _program(request.user, pk)
    return take_transition(
        request, program, services.PROGRAM_WORKFLOW, redirect_to=program.get_absolute_url()
    )


@login_required
@require_POST
def program_assign(request, pk):
    program = _program(request.user, pk)
    permissions.require(request.user, "change", program)
    return add_assignment(request, program, program.get_absolute_url())


@login_required
def program_add_record(request, pk, kind):
    program = _program(request.user, pk)
    permissions.require(request.user, "change", program)
    if kind not in PROGRAM_RECORDS:
        raise Http404("No such kind of record.")
    model, fields, heading = PROGRAM_RECORDS[kind]
    form = record_form(model, fields, request.POST or None, program=program)

    def save():
        data = {k: v for k, v in form.cleaned_data.items() if k != "countries"}
        services.add_record(
            user=request.user,
            model=model,
            data={**data, "program": program},
            countries=form.cleaned_data.get("countries") if "countries" in fields else None,
        )
        messages.success(request, f"The {heading.lower()} was added.")
        return redirect(program)

    return _edit_form(request, form, save, f"{heading} for “{program}”", cancel=program)


def attach_document_view(request, owner, owner_field):
    permissions.require(request.user, "change", owner)
    form = DocumentForm(request.POST or None)

    def save():
        data = {
            name: form.cleaned_data[name]
            for name in ("kind", "title", "classification", "cui_categories")
        }
        services.attach_document(
            user=request.user,
            data={**data, owner_field: owner},
            releasable_to=form.cleaned_data["releasable_to"],
            first_version={
                "summary": form.cleaned_data["version_summary"],
                "reference": form.cleaned_data["version_reference"],
            },
        )
        messages.success(request, f"The document “{data['title']}” was attached.")
        return redirect(owner.get_absolute_url())

    return _edit_form(request, form, save, f"Attach a document to “{owner}”", cancel=owner)


@login_required
def program_add_document(request, pk):
    return attach_document_view(request, _program(request.user, pk), "program")


@login_required
def document_add_version(request, pk):
    document = visible_or_404(
        request.user,
        ProgramDocument.objects.visible_to(request.user).select_related("program", "agreement"),
        pk=pk,
    )
    permissions.require(request.user, "change", document)
    form = uswds(DocumentVersionForm(request.POST or None))

    def save():
        version = services.add_document_version(
            user=request.user, document=document, data=form.cleaned_data
        )
        messages.success(request, f"Version {version.number} of “{document}” was recorded.")
        return redirect(document.owner.get_absolute_url())

    return _edit_form(request, form, save, f"A new version of “{document}”", cancel=document.owner)


urlpatterns = [
    path("cooperation/", program_list, name="program-list"),
    path("cooperation/new/", program_new, name="program-new"),
    path("cooperation/<int:pk>/", program_detail, name="program-detail"),
    path("cooperation/<int:pk>/edit/", program_edit, name="program-edit"),
    path("cooperation/<int:pk>/move/", program_move, name="program-move"),
    path("cooperation/<int:pk>/assign/", program_assign, name="program-assign"),
    path("cooperation/<int:pk>/documents/new/", program_add_document, name="program-document-new"),
    path("cooperation/<int:pk>/add/<slug:kind>/", program_add_record, name="program-record-new"),
    path(
        "cooperation/documents/<int:pk>/versions/new/",
        document_add_version,
        name="document-version-new",
    ),
    # The import and export of programs and agreements, served by core's pages.
    *transfer_views.routes("programs.cooperation", prefix="cooperation"),
]
