"""The logistics pages: ACSAs, their arrangements and orders, and supply arrangements.

Every list is open to anyone signed in and shows only what the logistics
policy lets them see; a record hidden from someone answers 404 like a
missing one. Forms gather the input; `seccoop.core.services` and
`seccoop.logistics.services` check the policy and validate.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from seccoop.core import permissions
from seccoop.core.history import change_history
from seccoop.core.lookups import visible_or_404
from seccoop.core.pages import flash_errors, page_of, put_errors, with_uswds_classes
from seccoop.core.services import (
    ConcurrentEditError,
    create_record,
    posted_version,
    update_record,
)
from seccoop.logistics import services
from seccoop.logistics.filters import AcsaFilter, AcsaOrderFilter, SupplyArrangementFilter
from seccoop.logistics.forms import (
    AcsaForm,
    ArrangementForm,
    AssignForm,
    OrderForm,
    SettlementForm,
    SupplyArrangementForm,
)
from seccoop.logistics.models import (
    Acsa,
    AcsaOrder,
    ImplementingArrangement,
    OrderSettlement,
    SupplyArrangement,
)
from seccoop.logistics.policies import may_record
from seccoop.partners.services import assign
from seccoop.partners.staffing import rank_for_record
from seccoop.workforce.models import Assignment
from seccoop.workforce.staffing import may_staff

app_name = "logistics"

# The records people are assigned to, by the word used in their page addresses.
ASSIGNABLE = {
    "acsa": (Acsa, "logistics:acsa-detail"),
    "order": (AcsaOrder, "logistics:order-detail"),
    "supply": (SupplyArrangement, "logistics:supply-detail"),
}


def _partner_countries(acsa) -> list:
    """The country whose desk staffs an ACSA's work; none for an international organisation."""
    return [acsa.country] if acsa.country_id else []


def _record_context(user, record, kind: str, countries=()) -> dict:
    """The assignments, staffing ranking and history every record page shows."""
    context = {
        "record": record,
        "history": change_history(record),
        "assignments": list(
            Assignment.objects.active().of(record).select_related("person").order_by("pk")
        ),
        "assign_kind": kind,
        "may_change": permissions.can(user, "change", record),
        "ranking": None,
        "exercised": record.exercises,
    }
    if may_staff(user):
        context["ranking"] = rank_for_record(user, record, countries=countries)
    if context["may_change"]:
        context["assign_form"] = AssignForm()
    return context


def _list(request, *, model, filter_class, queryset, template, new_url=None, **extra):
    found = filter_class(request.GET, queryset=queryset)
    with_uswds_classes(found.form)
    page, page_range = page_of(request, found.qs)
    return render(
        request,
        template,
        {
            "filter": found,
            "page": page,
            "page_range": page_range,
            "may_add": may_record(request.user) and new_url is not None,
            "new_url": new_url,
            **extra,
        },
    )


def _form_page(request, *, form, title, cancel, record=None, intro=""):
    return render(
        request,
        "logistics/form_page.html",
        {
            "form": form,
            "title": title,
            "intro": intro,
            "cancel": cancel,
            "submit": "Save" if record is not None else "Record it",
            "version": record.version if record is not None else None,
        },
    )


def _save(request, form, *, model, record=None, extra=None):
    """Create or update through the core services; errors go back on the form."""
    data = {**dict(form.cleaned_data), **(extra or {})}
    try:
        if record is None:
            record = create_record(user=request.user, model=model, data=data)
            messages.success(request, f"“{record}” was recorded.")
        else:
            update_record(
                user=request.user,
                record=record,
                changes=data,
                expected_version=posted_version(request.POST.get("version")),
            )
            messages.success(request, f"“{record}” was saved.")
    except ConcurrentEditError as exc:
        form.add_error(None, exc.messages)
    except ValidationError as exc:
        put_errors(form, exc)
    else:
        return record
    return None


def _require_recorder(user) -> None:
    if not may_record(user):
        raise PermissionDenied(
            "Desk officers, program-team members and administrators record logistics work."
        )


def _require_change(user, record) -> None:
    if not permissions.can(user, "change", record):
        raise PermissionDenied(
            "Only the people assigned to it, its country's desk officers, the team that keeps "
            "it and administrators change this record."
        )


# --- acquisition and cross-servicing agreements --------------------------------------


@login_required
def acsa_list(request):
    return _list(
        request,
        model=Acsa,
        filter_class=AcsaFilter,
        queryset=Acsa.objects.visible_to(request.user)
        .active()
        .select_related("country", "organization"),
        template="logistics/acsa_list.html",
        new_url="logistics:acsa-new",
    )


@login_required
def acsa_new(request):
    _require_recorder(request.user)
    initial = {k: v for k, v in request.GET.items() if k in AcsaForm._meta.fields}
    form = AcsaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        acsa = _save(request, form, model=Acsa)
        if acsa is not None:
            return redirect("logistics:acsa-detail", acsa.pk)
    return _form_page(
        request,
        form=form,
        title="Record an acquisition and cross-servicing agreement",
        cancel=reverse("logistics:acsa-list"),
    )


@login_required
def acsa_detail(request, pk):
    user = request.user
    acsa = visible_or_404(
        user, Acsa.objects.select_related("country", "organization", "org_unit"), pk=pk
    )
    orders = list(
        services.with_balances(AcsaOrder.objects.visible_to(user).active().filter(acsa=acsa))
        .select_related("arrangement")
        .order_by("reconcile_by", "number")
    )
    return render(
        request,
        "logistics/acsa_detail.html",
        {
            "acsa": acsa,
            "arrangements": list(acsa.arrangements.active().order_by("title")),
            "orders": orders,
            "may_add_order": permissions.can(user, "add", AcsaOrder(acsa=acsa)),
            **_record_context(user, acsa, "acsa", _partner_countries(acsa)),
        },
    )


@login_required
def acsa_edit(request, pk):
    acsa = visible_or_404(request.user, Acsa.objects.all(), pk=pk)
    _require_change(request.user, acsa)
    initial = {name: getattr(acsa, name) for name in AcsaForm._meta.fields}
    form = AcsaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, model=Acsa, record=acsa)
        if saved is not None:
            return redirect("logistics:acsa-detail", acsa.pk)
    return _form_page(
        request,
        form=form,
        title=f"Edit {acsa.identifier}",
        cancel=reverse("logistics:acsa-detail", args=[acsa.pk]),
        record=acsa,
    )


@login_required
def arrangement_new(request, pk):
    acsa = visible_or_404(request.user, Acsa.objects.all(), pk=pk)
    permissions.require(request.user, "add", ImplementingArrangement(acsa=acsa))
    form = ArrangementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, model=ImplementingArrangement, extra={"acsa": acsa})
        if saved is not None:
            return redirect("logistics:acsa-detail", acsa.pk)
    return _form_page(
        request,
        form=form,
        title=f"Record an implementing arrangement under {acsa.identifier}",
        cancel=reverse("logistics:acsa-detail", args=[acsa.pk]),
    )


# --- orders ----------------------------------------------------------------------------


@login_required
def order_list(request):
    today = timezone.localdate()
    orders = services.with_balances(
        AcsaOrder.objects.visible_to(request.user)
        .active()
        .select_related("acsa__country", "acsa__organization"),
        today,
    )
    return _list(
        request,
        model=AcsaOrder,
        filter_class=AcsaOrderFilter,
        queryset=orders,
        template="logistics/order_list.html",
        today=today,
    )


@login_required
def order_new(request, pk):
    acsa = visible_or_404(request.user, Acsa.objects.all(), pk=pk)
    permissions.require(request.user, "add", AcsaOrder(acsa=acsa))
    form = OrderForm(request.POST or None, acsa=acsa, initial={"ordered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        order = _save(request, form, model=AcsaOrder, extra={"acsa": acsa})
        if order is not None:
            return redirect("logistics:order-detail", order.pk)
    return _form_page(
        request,
        form=form,
        title=f"Record an order under {acsa.identifier}",
        cancel=reverse("logistics:acsa-detail", args=[acsa.pk]),
        intro="Leave the reconciliation day empty to have it set from the delivery day (or the "
        "order day) and the reconciliation period.",
    )


@login_required
def order_detail(request, pk):
    user = request.user
    order = visible_or_404(
        user,
        services.with_balances(
            AcsaOrder.objects.select_related("acsa__country", "acsa__organization", "arrangement")
        ),
        pk=pk,
    )
    return render(
        request,
        "logistics/order_detail.html",
        {
            "order": order,
            "settlements": list(
                OrderSettlement.objects.active().filter(order=order).order_by("settled_on", "pk")
            ),
            "may_settle": permissions.can(user, "settle", order),
            "settlement_form": SettlementForm(initial={"settled_on": timezone.localdate()}),
            **_record_context(user, order, "order", _partner_countries(order.acsa)),
        },
    )


@login_required
def order_edit(request, pk):
    order = visible_or_404(request.user, AcsaOrder.objects.select_related("acsa"), pk=pk)
    _require_change(request.user, order)
    initial = {name: getattr(order, name) for name in OrderForm._meta.fields}
    form = OrderForm(request.POST or None, acsa=order.acsa, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, model=AcsaOrder, record=order)
        if saved is not None:
            return redirect("logistics:order-detail", order.pk)
    return _form_page(
        request,
        form=form,
        title=f"Edit order {order.number}",
        cancel=reverse("logistics:order-detail", args=[order.pk]),
        record=order,
    )


@login_required
@require_POST
def settlement_new(request, pk):
    order = visible_or_404(request.user, AcsaOrder.objects.all(), pk=pk)
    if not permissions.can(request.user, "settle", order):
        raise PermissionDenied("You may not record settlements of this order.")
    form = SettlementForm(request.POST)
    if form.is_valid():
        try:
            services.settle_order(user=request.user, order=order, data=dict(form.cleaned_data))
        except ValidationError as exc:
            put_errors(form, exc)
    if form.errors:
        flash_errors(request, form)
    else:
        messages.success(request, "The settlement was recorded.")
    return redirect("logistics:order-detail", order.pk)


# --- supply arrangements ---------------------------------------------------------------


@login_required
def supply_list(request):
    return _list(
        request,
        model=SupplyArrangement,
        filter_class=SupplyArrangementFilter,
        queryset=SupplyArrangement.objects.visible_to(request.user)
        .active()
        .select_related("country"),
        template="logistics/supply_list.html",
        new_url="logistics:supply-new",
    )


@login_required
def supply_new(request):
    _require_recorder(request.user)
    initial = {k: v for k, v in request.GET.items() if k in SupplyArrangementForm._meta.fields}
    form = SupplyArrangementForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        record = _save(request, form, model=SupplyArrangement)
        if record is not None:
            return redirect("logistics:supply-detail", record.pk)
    return _form_page(
        request,
        form=form,
        title="Record a supply support arrangement",
        cancel=reverse("logistics:supply-list"),
    )


@login_required
def supply_detail(request, pk):
    record = visible_or_404(
        request.user,
        SupplyArrangement.objects.select_related(
            "country", "org_unit", "fmso_i_case", "fmso_ii_case"
        ),
        pk=pk,
    )
    return render(
        request,
        "logistics/supply_detail.html",
        {
            "arrangement": record,
            **_record_context(request.user, record, "supply", [record.country]),
        },
    )


@login_required
def supply_edit(request, pk):
    record = visible_or_404(request.user, SupplyArrangement.objects.all(), pk=pk)
    _require_change(request.user, record)
    initial = {name: getattr(record, name) for name in SupplyArrangementForm._meta.fields}
    form = SupplyArrangementForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, model=SupplyArrangement, record=record)
        if saved is not None:
            return redirect("logistics:supply-detail", record.pk)
    return _form_page(
        request,
        form=form,
        title=f"Edit {record.title}",
        cancel=reverse("logistics:supply-detail", args=[record.pk]),
        record=record,
    )


# --- assignments -------------------------------------------------------------------------


@login_required
@require_POST
def assign_person(request, kind, pk):
    if kind not in ASSIGNABLE:
        raise Http404("No such record.")
    model, detail = ASSIGNABLE[kind]
    record = visible_or_404(request.user, model.objects.all(), pk=pk)
    permissions.require(request.user, "change", record)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            assign(user=request.user, record=record, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
    if form.errors:
        flash_errors(request, form)
    else:
        messages.success(request, f"{form.cleaned_data['person']} was assigned.")
    return redirect(detail, record.pk)


urlpatterns = [
    path("", acsa_list, name="acsa-list"),
    path("acsas/new/", acsa_new, name="acsa-new"),
    path("acsas/<int:pk>/", acsa_detail, name="acsa-detail"),
    path("acsas/<int:pk>/edit/", acsa_edit, name="acsa-edit"),
    path("acsas/<int:pk>/arrangements/new/", arrangement_new, name="arrangement-new"),
    path("acsas/<int:pk>/orders/new/", order_new, name="order-new"),
    path("orders/", order_list, name="order-list"),
    path("orders/<int:pk>/", order_detail, name="order-detail"),
    path("orders/<int:pk>/edit/", order_edit, name="order-edit"),
    path("orders/<int:pk>/settlements/", settlement_new, name="settlement-new"),
    path("supply/", supply_list, name="supply-list"),
    path("supply/new/", supply_new, name="supply-new"),
    path("supply/<int:pk>/", supply_detail, name="supply-detail"),
    path("supply/<int:pk>/edit/", supply_edit, name="supply-edit"),
    path("assign/<str:kind>/<int:pk>/", assign_person, name="assign"),
]
