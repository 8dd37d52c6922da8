"""Disclosure policy pages: the ceiling table and policy restrictions, exceptions to National
Disclosure Policy, and the approval of delegation letters."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from seccoop.controls import disclosure_policy
from seccoop.controls.forms import (
    ApproveDelegationForm,
    CeilingForm,
    ExceptionForm,
    ExceptionMoveForm,
    RestrictionForm,
)
from seccoop.controls.models import (
    CEILING_DATA_NOTICE,
    DelegationOfDisclosureAuthority,
    DisclosureCategory,
    DisclosureCeiling,
    PolicyException,
    PolicyRestriction,
)
from seccoop.controls.views.common import require_controls_reader, require_controls_writer
from seccoop.controls.views.disclosure import _disclosure
from seccoop.core import permissions
from seccoop.core.history import change_history
from seccoop.core.lookups import visible_or_404
from seccoop.core.pages import flash_errors, put_errors
from seccoop.core.services import ConcurrentEditError, create_record

# --- ceilings and restrictions -------------------------------------------------------------


@login_required
def ceiling_list(request, *, form=None, status=200):
    """The current ceiling of each country per NDP category, as a table, with the restrictions."""
    user = request.user
    require_controls_reader(user)
    ceilings = (
        DisclosureCeiling.objects.visible_to(user)
        .active()
        .filter(superseded_on__isnull=True)
        .select_related("country")
        .order_by("country__name", "category")
    )
    rows = {}
    for ceiling in ceilings:
        row = rows.setdefault(ceiling.country_id, {"country": ceiling.country, "cells": {}})
        row["cells"][ceiling.category] = ceiling
    categories = list(DisclosureCategory)
    table = [
        {"country": row["country"], "cells": [row["cells"].get(c.value) for c in categories]}
        for row in rows.values()
    ]
    restrictions = list(
        PolicyRestriction.objects.visible_to(user)
        .active()
        .filter(lifted_on__isnull=True)
        .select_related("country")
    )
    may_add = permissions.can(user, "add", DisclosureCeiling())
    return render(
        request,
        "controls/ceiling_list.html",
        {
            "notice": CEILING_DATA_NOTICE,
            "categories": categories,
            "table": table,
            "restrictions": restrictions,
            "may_add": may_add,
            "form": form
            or (CeilingForm(initial={"effective_on": timezone.localdate()}) if may_add else None),
        },
        status=status,
    )


@login_required
@require_POST
def ceiling_new(request):
    require_controls_writer(request.user)
    form = CeilingForm(request.POST)
    if form.is_valid():
        try:
            ceiling = disclosure_policy.record_ceiling(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(
                request,
                f"Version {ceiling.version_number} of the ceiling for {ceiling.country}, "
                f"category {ceiling.category}, was entered.",
            )
            return redirect("controls:ceiling-list")
    return ceiling_list(request, form=form, status=400)


@login_required
def ceiling_history(request, country_id, category):
    """Every version of one country's ceiling in one category, newest first."""
    require_controls_reader(request.user)
    versions = list(
        DisclosureCeiling.objects.visible_to(request.user)
        .filter(country_id=country_id, category=category)
        .select_related("country", "entered_by")
        .order_by("-version_number")
    )
    if not versions:
        from django.http import Http404

        raise Http404("No ceiling was entered for this country and category.")
    return render(
        request,
        "controls/ceiling_history.html",
        {"versions": versions, "first": versions[0], "notice": CEILING_DATA_NOTICE},
    )


@login_required
def restriction_new(request):
    require_controls_writer(request.user)
    form = RestrictionForm(request.POST or None, initial={"effective_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            create_record(user=request.user, model=PolicyRestriction, data=form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, "The policy restriction was recorded.")
            return redirect("controls:ceiling-list")
    return render(
        request,
        "controls/form_page.html",
        {
            "form": form,
            "title": "Record a policy restriction",
            "submit": "Record the restriction",
            "cancel": "../",
            "list_url": "controls:ceiling-list",
            "list_label": "Disclosure ceilings",
            "intro": "A restriction on disclosure to a country that the office must respect, "
            "such as a committee decision (International Programs Security Handbook, chapter "
            "3). A request to the country in its category needs an exception to National "
            "Disclosure Policy before it can be approved.",
        },
    )


# --- exceptions to national disclosure policy ---------------------------------------------------


@login_required
def exception_new(request, pk):
    user = request.user
    disclosure = _disclosure(user, pk)
    permissions.require(user, "add", PolicyException(request=disclosure))
    countries = disclosure.countries.all()
    conflicts = disclosure_policy.policy_conflicts(disclosure, countries)
    form = ExceptionForm(
        request.POST or None,
        countries=countries,
        initial={"countries": list(conflicts), "information": disclosure.title},
    )
    if request.method == "POST" and form.is_valid():
        try:
            exception = disclosure_policy.prepare_exception(
                user=user,
                request=disclosure,
                information=form.cleaned_data["information"],
                justification=form.cleaned_data["justification"],
                countries=list(form.cleaned_data["countries"]),
                criteria=form.criteria_lines(),
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, "The exception request was prepared.")
            return redirect("controls:exception-detail", exception.pk)
    return render(
        request,
        "controls/exception_form.html",
        {
            "form": form,
            "disclosure": disclosure,
            "conflicts": [line for lines in conflicts.values() for line in lines],
        },
        status=400 if form.errors else 200,
    )


def _exception(user, pk) -> PolicyException:
    return visible_or_404(
        user,
        PolicyException.objects.select_related("request", "prepared_by").prefetch_related(
            "countries", "granted_countries"
        ),
        pk=pk,
    )


@login_required
def exception_detail(request, pk, *, move_form=None, status=200):
    user = request.user
    exception = _exception(user, pk)
    countries = list(exception.countries.all())
    return render(
        request,
        "controls/exception_detail.html",
        {
            "record": exception,
            "exception": exception,
            "countries": countries,
            "criteria": list(exception.criteria.active()),
            "log": list(disclosure_policy.EXCEPTION_WORKFLOW.log(exception)),
            "transitions": disclosure_policy.EXCEPTION_WORKFLOW.available(user, exception),
            "move_form": move_form
            or ExceptionMoveForm(
                initial={"version": exception.version, "decided_on": timezone.localdate()},
                countries=exception.countries.all(),
            ),
            "history": change_history(exception),
        },
        status=status,
    )


@login_required
@require_POST
def exception_move(request, pk):
    user = request.user
    exception = _exception(user, pk)
    permissions.require(user, "change", exception)
    form = ExceptionMoveForm(request.POST, countries=exception.countries.all())
    name = request.POST.get("transition", "")
    if form.is_valid():
        keys = disclosure_policy.DECISION_VALUES
        if name in disclosure_policy.GRANTING:
            keys = disclosure_policy.GRANT_VALUES
        values = {key: form.cleaned_data[key] for key in keys}
        if name in ("submit", "withdraw"):
            values = {}
        try:
            disclosure_policy.move_exception(
                user=user,
                exception=exception,
                name=name,
                note=form.cleaned_data["note"],
                values=values,
                granted_countries=list(form.cleaned_data["granted_countries"]),
                expected_version=form.cleaned_data["version"],
            )
        except (ConcurrentEditError, ValidationError) as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"The exception is now “{exception.get_state_display()}”.")
            return redirect("controls:exception-detail", exception.pk)
    return exception_detail(request, pk, move_form=form, status=400)


# --- delegation letters ---------------------------------------------------------------------


@login_required
@require_POST
def delegation_approve(request, pk):
    user = request.user
    letter = visible_or_404(user, DelegationOfDisclosureAuthority.objects.all(), pk=pk)
    permissions.require(user, "change", letter)
    form = ApproveDelegationForm(request.POST)
    if form.is_valid():
        try:
            disclosure_policy.approve_delegation(
                user=user,
                letter=letter,
                approving_authority=form.cleaned_data["approving_authority"],
                approved_on=form.cleaned_data["approved_on"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            put_errors(form, exc)
    if form.errors:
        flash_errors(request, form)
    else:
        messages.success(request, f"Version {letter.version_number} of the letter was approved.")
    return redirect("controls:delegation-detail", letter.pk)


urlpatterns = [
    path("ceilings/", ceiling_list, name="ceiling-list"),
    path("ceilings/new/", ceiling_new, name="ceiling-new"),
    path("ceilings/<int:country_id>/<str:category>/", ceiling_history, name="ceiling-history"),
    path("restrictions/new/", restriction_new, name="restriction-new"),
    path("disclosure/<int:pk>/exceptions/new/", exception_new, name="exception-new"),
    path("exceptions/<int:pk>/", exception_detail, name="exception-detail"),
    path("exceptions/<int:pk>/move/", exception_move, name="exception-move"),
    path("delegations/<int:pk>/approve/", delegation_approve, name="delegation-approve"),
]
