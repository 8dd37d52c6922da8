"""Foreign visit pages and the pages of liaison officers and exchange personnel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from seccoop.controls import visit_services
from seccoop.controls.models import ForeignRepresentative, VisitRequest
from seccoop.controls.views.common import record_context, require_controls_reader
from seccoop.controls.views.records import _edit, _list
from seccoop.controls.visit_filters import RepresentativeFilter, VisitRequestFilter
from seccoop.controls.visit_forms import (
    ExtensionForm,
    RepresentativeForm,
    VisitMoveForm,
    VisitRequestForm,
)
from seccoop.core import permissions
from seccoop.core.lookups import visible_or_404
from seccoop.core.pages import flash_errors, page_of, put_errors, with_uswds_classes
from seccoop.core.services import ConcurrentEditError
from seccoop.partners.markings import metadata_only_notice

VISIT_INTRO = (
    "Visits are one-time (a single short visit, normally under 30 days), recurring or "
    "extended (SAMM C3.4.1, DoDD 5230.20). Approving a visit is a disclosure decision: link "
    "the disclosure request it rests on; the visit is approved only once that request is "
    "decided for the visitors' country."
)


# --- visit requests ---------------------------------------------------------------------


@login_required
def visit_list(request):
    return _list(
        request,
        VisitRequest,
        VisitRequestFilter,
        "controls/visit_list.html",
        VisitRequest.objects.select_related("country", "disclosure_request"),
    )


@login_required
def visit_new(request):
    return _edit(
        request,
        model=VisitRequest,
        form_class=VisitRequestForm,
        detail="controls:visit-detail",
        title="Record a foreign visit request",
        list_url="controls:visit-list",
        list_label="Foreign visits",
        intro=VISIT_INTRO,
    )


@login_required
def visit_edit(request, pk):
    visit = visible_or_404(request.user, VisitRequest.objects.all(), pk=pk)
    return _edit(
        request,
        model=VisitRequest,
        form_class=VisitRequestForm,
        record=visit,
        detail="controls:visit-detail",
        title=f"Edit “{visit}”",
        list_url="controls:visit-list",
        list_label="Foreign visits",
        intro=VISIT_INTRO,
    )


def _visit(user, pk):
    return visible_or_404(
        user,
        VisitRequest.objects.select_related("country", "host", "escort", "disclosure_request"),
        pk=pk,
    )


def _metadata_only(visit) -> str:
    """The notice of a visit whose information, by its disclosure request, is above CUI."""
    disclosure = visit.disclosure_request
    if disclosure is None:
        return ""
    return metadata_only_notice(
        disclosure.information_level, disclosure.get_information_level_display()
    )


@login_required
def visit_detail(request, pk, *, move_form=None, status=200):
    user = request.user
    visit = _visit(user, pk)
    return render(
        request,
        "controls/visit_detail.html",
        {
            "record": visit,
            "visit": visit,
            "refusal": visit_services.decision_refusal(visit),
            "metadata_only": _metadata_only(visit),
            "transitions": visit_services.VISIT_WORKFLOW.available(user, visit),
            "move_form": move_form or VisitMoveForm(initial={"version": visit.version}),
            "log": list(visit_services.VISIT_WORKFLOW.log(visit)),
            **record_context(user, visit, "visit", [visit.country]),
        },
        status=status,
    )


@login_required
@require_POST
def visit_move(request, pk):
    user = request.user
    visit = _visit(user, pk)
    permissions.require(user, "change", visit)
    form = VisitMoveForm(request.POST)
    if form.is_valid():
        values = dict(form.cleaned_data)
        try:
            visit_services.move_visit(
                user=user,
                visit=visit,
                name=request.POST.get("transition", ""),
                note=values.pop("note"),
                expected_version=values.pop("version"),
                **values,
            )
        except (ConcurrentEditError, ValidationError) as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"The visit is now “{visit.get_state_display()}”.")
            return redirect("controls:visit-detail", visit.pk)
    return visit_detail(request, pk, move_form=form, status=400)


# --- liaison officers and exchange personnel ---------------------------------------------


@login_required
def representative_list(request):
    user = request.user
    require_controls_reader(user)
    today = timezone.localdate()
    found = RepresentativeFilter(
        request.GET,
        queryset=ForeignRepresentative.objects.visible_to(user)
        .active()
        .select_related("country", "governing_letter"),
    )
    with_uswds_classes(found.form)
    page, page_range = page_of(request, found.qs)
    return render(
        request,
        "controls/representative_list.html",
        {
            "filter": found,
            "page": page,
            "page_range": page_range,
            "rows": [(rep, visit_services.representative_flags(rep, today=today)) for rep in page],
            "warning_days": visit_services.warning_days(),
            "may_add": permissions.can(user, "add", ForeignRepresentative()),
        },
    )


@login_required
def representative_new(request):
    return _edit(
        request,
        model=ForeignRepresentative,
        form_class=RepresentativeForm,
        detail="controls:representative-detail",
        title="Record a liaison officer or exchange officer",
        list_url="controls:representative-list",
        list_label="Liaison and exchange officers",
        intro="Foreign liaison officers, exchange personnel (ESEP, MPEP) and cooperative program "
        "personnel fill certified positions under DoDD 5230.20. Name the delegation of "
        "disclosure authority letter that governs them: a program letter recorded here, or the "
        "reference and date of one kept elsewhere.",
    )


@login_required
def representative_edit(request, pk):
    representative = visible_or_404(request.user, ForeignRepresentative.objects.all(), pk=pk)
    return _edit(
        request,
        model=ForeignRepresentative,
        form_class=RepresentativeForm,
        record=representative,
        detail="controls:representative-detail",
        title=f"Edit “{representative}”",
        list_url="controls:representative-list",
        list_label="Liaison and exchange officers",
    )


@login_required
def representative_detail(request, pk):
    user = request.user
    representative = visible_or_404(
        user,
        ForeignRepresentative.objects.select_related(
            "country", "contact_officer", "governing_letter"
        ),
        pk=pk,
    )
    today = timezone.localdate()
    return render(
        request,
        "controls/representative_detail.html",
        {
            "record": representative,
            "representative": representative,
            "flags": visit_services.representative_flags(representative, today=today),
            "warning_days": visit_services.warning_days(),
            "extensions": list(representative.extensions.active()),
            "extension_form": ExtensionForm(
                initial={"version": representative.version, "approved_on": today}
            ),
            **record_context(user, representative, "representative", [representative.country]),
        },
    )


@login_required
@require_POST
def representative_extend(request, pk):
    user = request.user
    representative = visible_or_404(user, ForeignRepresentative.objects.all(), pk=pk)
    permissions.require(user, "change", representative)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        values = dict(form.cleaned_data)
        try:
            visit_services.extend_representative(
                user=user,
                representative=representative,
                expected_version=values.pop("version"),
                **values,
            )
        except (ConcurrentEditError, ValidationError) as exc:
            if isinstance(exc, ValidationError):
                put_errors(form, exc)
            else:
                form.add_error(None, exc.messages)
    if form.errors:
        flash_errors(request, form)
    else:
        messages.success(request, "The extension was recorded.")
    return redirect("controls:representative-detail", representative.pk)


urlpatterns = [
    path("visits/", visit_list, name="visit-list"),
    path("visits/new/", visit_new, name="visit-new"),
    path("visits/<int:pk>/", visit_detail, name="visit-detail"),
    path("visits/<int:pk>/edit/", visit_edit, name="visit-edit"),
    path("visits/<int:pk>/move/", visit_move, name="visit-move"),
    path("liaison/", representative_list, name="representative-list"),
    path("liaison/new/", representative_new, name="representative-new"),
    path("liaison/<int:pk>/", representative_detail, name="representative-detail"),
    path("liaison/<int:pk>/edit/", representative_edit, name="representative-edit"),
    path("liaison/<int:pk>/extend/", representative_extend, name="representative-extend"),
]
