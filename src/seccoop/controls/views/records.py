"""Security agreement, end-use, vetting and constraint pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from seccoop.controls import services
from seccoop.controls.filters import (
    ConstraintFilter,
    EndUseItemFilter,
    NomineeFilter,
    SecurityAgreementFilter,
)
from seccoop.controls.forms import (
    AssistanceForm,
    ConstraintForm,
    EndUseItemForm,
    IncidentForm,
    InventoryForm,
    NomineeForm,
    SecurityAgreementForm,
    VettingForm,
)
from seccoop.controls.models import (
    Assistance,
    EndUseItem,
    ExecutionConstraint,
    Inventory,
    Nominee,
    SecurityAgreement,
    UseIncident,
    Vetting,
    incident_report_days,
)
from seccoop.controls.views.common import (
    record_context,
    require_controls_reader,
    require_controls_writer,
)
from seccoop.controls.visit_forms import DisposalForm
from seccoop.core import permissions
from seccoop.core.lookups import visible_or_404
from seccoop.core.pages import flash_errors, page_of, put_errors, with_uswds_classes
from seccoop.core.services import (
    ConcurrentEditError,
    create_record,
    posted_version,
    update_record,
)


def _list(request, model, filter_class, template, queryset, **extra):
    require_controls_reader(request.user)
    found = filter_class(request.GET, queryset=queryset.visible_to(request.user).active())
    with_uswds_classes(found.form)
    page, page_range = page_of(request, found.qs)
    return render(
        request,
        template,
        {
            "filter": found,
            "page": page,
            "page_range": page_range,
            "may_add": permissions.can(request.user, "add", model()),
            **extra,
        },
    )


def _edit(
    request, *, model, form_class, record=None, detail, title, list_url, list_label, intro=""
):
    """Create (record=None) or edit a record of `model` through the core services."""
    user = request.user
    require_controls_writer(user)
    initial = {}
    if record is not None:
        many = {field.name for field in model._meta.many_to_many}
        initial = {
            # A many-to-many field starts from the records it links, not its manager.
            name: list(getattr(record, name).all()) if name in many else getattr(record, name)
            for name in form_class._meta.fields
        }
    else:
        initial = {
            name: timezone.localdate()
            for name in ("identified_on", "nominated_on")
            if name in form_class._meta.fields
        }
        initial.update(
            {key: value for key, value in request.GET.items() if key in form_class._meta.fields}
        )
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # Many-to-many fields (such as a marking's releasability) are set after the save.
        links = {
            field.name: data.pop(field.name)
            for field in model._meta.many_to_many
            if field.name in data
        }
        try:
            if record is None:
                record = create_record(user=user, model=model, data=data, links=links)
                messages.success(request, f"“{record}” was recorded.")
            else:
                version = posted_version(request.POST.get("version"))
                update_record(user=user, record=record, changes=data,
                              expected_version=version, links=links)  # fmt: skip
                messages.success(request, f"“{record}” was saved.")
        except ConcurrentEditError as exc:
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            return redirect(detail, record.pk)
    return render(
        request,
        "controls/form_page.html",
        {
            "form": form,
            "title": title,
            "submit": "Save" if record is not None else "Record it",
            "cancel": reverse(detail, args=[record.pk])
            if record is not None
            else reverse(list_url),
            "list_url": list_url,
            "list_label": list_label,
            "intro": intro,
            "version": record.version if record is not None else None,
        },
    )


# --- security agreements --------------------------------------------------------------


@login_required
def agreement_list(request):
    return _list(
        request,
        SecurityAgreement,
        SecurityAgreementFilter,
        "controls/agreement_list.html",
        SecurityAgreement.objects.select_related("country"),
    )


@login_required
def agreement_new(request):
    return _edit(
        request,
        model=SecurityAgreement,
        form_class=SecurityAgreementForm,
        detail="controls:agreement-detail",
        title="Record a security agreement",
        list_url="controls:agreement-list",
        list_label="Security agreements",
    )


@login_required
def agreement_edit(request, pk):
    agreement = visible_or_404(request.user, SecurityAgreement.objects.all(), pk=pk)
    return _edit(
        request,
        model=SecurityAgreement,
        form_class=SecurityAgreementForm,
        record=agreement,
        detail="controls:agreement-detail",
        title=f"Edit “{agreement}”",
        list_url="controls:agreement-list",
        list_label="Security agreements",
    )


@login_required
def agreement_detail(request, pk):
    agreement = visible_or_404(
        request.user, SecurityAgreement.objects.select_related("country"), pk=pk
    )
    return render(
        request,
        "controls/agreement_detail.html",
        {
            "record": agreement,
            "agreement": agreement,
            **record_context(request.user, agreement, "agreement", [agreement.country]),
        },
    )


# --- end-use monitoring -----------------------------------------------------------------


@login_required
def item_list(request):
    items = services.with_inventory_clock(
        EndUseItem.objects.select_related("case", "case__country", "case_line")
    )
    return _list(request, EndUseItem, EndUseItemFilter, "controls/item_list.html", items)


@login_required
def item_new(request):
    return _edit(
        request,
        model=EndUseItem,
        form_class=EndUseItemForm,
        detail="controls:item-detail",
        title="Record an end-use item",
        list_url="controls:item-list",
        list_label="End-use items",
        intro="An item is under enhanced monitoring when it is an EEUM-designated article or "
        "comes under a case line designated for it (SAMM C8.4); it is then one serialized "
        "article whose first inventory is due 90 days after it arrives, then every year.",
    )


@login_required
def item_edit(request, pk):
    item = visible_or_404(request.user, EndUseItem.objects.all(), pk=pk)
    return _edit(
        request,
        model=EndUseItem,
        form_class=EndUseItemForm,
        record=item,
        detail="controls:item-detail",
        title=f"Edit “{item}”",
        list_url="controls:item-list",
        list_label="End-use items",
    )


@login_required
def item_detail(request, pk):
    user = request.user
    item = visible_or_404(
        user,
        services.with_inventory_clock(
            EndUseItem.objects.select_related("case", "case__country", "case_line")
        ),
        pk=pk,
    )
    today = timezone.localdate()
    due = item.inventory_due(item.last_inventory)
    incidents = list(item.incidents.active())
    probe = UseIncident(item=item)
    return render(
        request,
        "controls/item_detail.html",
        {
            "record": item,
            "item": item,
            "due": due,
            "overdue": due is not None and due < today,
            "today": today,
            "report_days": incident_report_days(),
            "designation": item.designation_source(),
            "inventories": list(item.inventories.active().select_related("performed_by")),
            "incidents": incidents,
            "may_record": permissions.can(user, "add", probe),
            "may_report": permissions.can(user, "change", probe),
            "inventory_form": InventoryForm(initial={"inventoried_on": today}, prefix="inventory"),
            "consents": list(item.end_use_requests.active()),
            "violations": list(item.potential_violations.active()),
            "disposal_form": DisposalForm(initial={"version": item.version, "disposed_on": today}),
            "incident_form": IncidentForm(initial={"discovered_on": today}, prefix="incident"),
            **record_context(user, item, "item", [item.case.country]),
        },
    )


@login_required
@require_POST
def inventory_new(request, pk):
    item = visible_or_404(request.user, EndUseItem.objects.all(), pk=pk)
    permissions.require(request.user, "add", Inventory(item=item))
    form = InventoryForm(request.POST, prefix="inventory")
    if form.is_valid():
        try:
            services.record_inventory(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
    if form.errors:
        flash_errors(request, form)
    else:
        messages.success(request, "The inventory was recorded.")
    return redirect(item)


@login_required
@require_POST
def incident_new(request, pk):
    item = visible_or_404(request.user, EndUseItem.objects.all(), pk=pk)
    permissions.require(request.user, "add", UseIncident(item=item))
    form = IncidentForm(request.POST, prefix="incident")
    if form.is_valid():
        try:
            incident = services.record_incident(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(
                request,
                f"The incident was recorded; its report is due {incident.report_due:%d %b %Y}.",
            )
    if form.errors:
        flash_errors(request, form)
    return redirect(item)


@login_required
@require_POST
def incident_reported(request, pk):
    incident = visible_or_404(request.user, UseIncident.objects.select_related("item"), pk=pk)
    try:
        services.report_incident(user=request.user, incident=incident)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The incident is marked reported today.")
    return redirect("controls:item-detail", incident.item_id)


@login_required
def delinquencies(request):
    user = request.user
    require_controls_reader(user)
    today = timezone.localdate()
    return render(
        request,
        "controls/delinquencies.html",
        {
            "today": today,
            "report_days": incident_report_days(),
            "inventories": list(
                services.overdue_inventories(EndUseItem.objects.visible_to(user), today=today)
            ),
            "incidents": list(
                services.overdue_incident_reports(UseIncident.objects.visible_to(user), today=today)
            ),
        },
    )


# --- human rights vetting ------------------------------------------------------------


@login_required
def nominee_list(request):
    return _list(
        request,
        Nominee,
        NomineeFilter,
        "controls/nominee_list.html",
        Nominee.objects.select_related("country"),
    )


@login_required
def nominee_new(request):
    return _edit(
        request,
        model=Nominee,
        form_class=NomineeForm,
        detail="controls:nominee-detail",
        title="Nominate a unit or individual for vetting",
        list_url="controls:nominee-list",
        list_label="Vetting",
    )


@login_required
def nominee_detail(request, pk):
    user = request.user
    nominee = visible_or_404(user, Nominee.objects.select_related("country"), pk=pk)
    today = timezone.localdate()
    vettings = list(nominee.vettings.active())
    return render(
        request,
        "controls/nominee_detail.html",
        {
            "record": nominee,
            "nominee": nominee,
            "vettings": vettings,
            "current": next((v for v in vettings if v.is_current(today)), None),
            "assistance": list(
                services.with_cover(nominee.assistance.active()).select_related("case")
            ),
            "vetting_form": VettingForm(initial={"requested_on": today}, prefix="vetting"),
            "assistance_form": AssistanceForm(initial={"provided_on": today}, prefix="assistance"),
            **record_context(user, nominee, "nominee", [nominee.country]),
        },
    )


@login_required
@require_POST
def vetting_new(request, pk):
    nominee = visible_or_404(request.user, Nominee.objects.all(), pk=pk)
    permissions.require(request.user, "add", Vetting(nominee=nominee))
    form = VettingForm(request.POST, prefix="vetting")
    if form.is_valid():
        try:
            services.record_vetting(user=request.user, nominee=nominee, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
    if form.errors:
        flash_errors(request, form)
    else:
        messages.success(request, "The vetting was recorded.")
    return redirect(nominee)


@login_required
@require_POST
def assistance_new(request, pk):
    nominee = visible_or_404(request.user, Nominee.objects.all(), pk=pk)
    permissions.require(request.user, "add", Assistance(nominee=nominee))
    form = AssistanceForm(request.POST, prefix="assistance")
    if form.is_valid():
        try:
            _, flagged = services.record_assistance(
                user=request.user, nominee=nominee, **form.cleaned_data
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            if flagged:
                messages.warning(
                    request,
                    f"The assistance was recorded and flagged: {nominee} had no current vetting "
                    "approval on that day.",
                )
            else:
                messages.success(request, "The assistance was recorded.")
    if form.errors:
        flash_errors(request, form)
    return redirect(nominee)


@login_required
def vetting_flags(request):
    user = request.user
    require_controls_reader(user)
    return render(
        request,
        "controls/vetting_flags.html",
        {"flags": list(services.vetting_flags(Assistance.objects.visible_to(user)))},
    )


# --- constraints and restraints --------------------------------------------------------


@login_required
def constraint_list(request):
    return _list(
        request,
        ExecutionConstraint,
        ConstraintFilter,
        "controls/constraint_list.html",
        ExecutionConstraint.objects.select_related("program", "case", "country"),
    )


@login_required
def constraint_new(request):
    return _edit(
        request,
        model=ExecutionConstraint,
        form_class=ConstraintForm,
        detail="controls:constraint-detail",
        title="Record a constraint or restraint",
        list_url="controls:constraint-list",
        list_label="Constraints and restraints",
        intro="Record it against a plan (in words), a program or a case.",
    )


@login_required
def constraint_edit(request, pk):
    constraint = visible_or_404(request.user, ExecutionConstraint.objects.all(), pk=pk)
    return _edit(
        request,
        model=ExecutionConstraint,
        form_class=ConstraintForm,
        record=constraint,
        detail="controls:constraint-detail",
        title=f"Edit “{constraint}”",
        list_url="controls:constraint-list",
        list_label="Constraints and restraints",
    )


@login_required
def constraint_detail(request, pk):
    constraint = visible_or_404(
        request.user,
        ExecutionConstraint.objects.select_related("program", "case", "country"),
        pk=pk,
    )
    countries = [constraint.country] if constraint.country_id else []
    return render(
        request,
        "controls/constraint_detail.html",
        {
            "record": constraint,
            "constraint": constraint,
            **record_context(request.user, constraint, "constraint", countries),
        },
    )


urlpatterns = [
    path("agreements/", agreement_list, name="agreement-list"),
    path("agreements/new/", agreement_new, name="agreement-new"),
    path("agreements/<int:pk>/", agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/edit/", agreement_edit, name="agreement-edit"),
    path("end-use/", item_list, name="item-list"),
    path("end-use/new/", item_new, name="item-new"),
    path("end-use/delinquencies/", delinquencies, name="delinquencies"),
    path("end-use/<int:pk>/", item_detail, name="item-detail"),
    path("end-use/<int:pk>/edit/", item_edit, name="item-edit"),
    path("end-use/<int:pk>/inventories/", inventory_new, name="inventory-new"),
    path("end-use/<int:pk>/incidents/", incident_new, name="incident-new"),
    path("incidents/<int:pk>/reported/", incident_reported, name="incident-reported"),
    path("vetting/", nominee_list, name="nominee-list"),
    path("vetting/new/", nominee_new, name="nominee-new"),
    path("vetting/flags/", vetting_flags, name="vetting-flags"),
    path("vetting/<int:pk>/", nominee_detail, name="nominee-detail"),
    path("vetting/<int:pk>/vettings/", vetting_new, name="vetting-new"),
    path("vetting/<int:pk>/assistance/", assistance_new, name="assistance-new"),
    path("constraints/", constraint_list, name="constraint-list"),
    path("constraints/new/", constraint_new, name="constraint-new"),
    path("constraints/<int:pk>/", constraint_detail, name="constraint-detail"),
    path("constraints/<int:pk>/edit/", constraint_edit, name="constraint-edit"),
]
