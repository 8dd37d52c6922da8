"""End-use oversight pages: EEUM designations (SAMM C8.4), compliance assessment visits
(C8.5), potential violations (C8.1.1, C8.6), requests for consent and disposals (C8.7)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from seccoop.controls import oversight_services
from seccoop.controls.models import (
    CaseLineDesignation,
    ComplianceFinding,
    ComplianceVisit,
    EeumArticle,
    EndUseItem,
    EndUseRequest,
    PotentialViolation,
    ViolationNotice,
)
from seccoop.controls.views.common import (
    record_context,
    require_controls_reader,
    require_controls_writer,
)
from seccoop.controls.views.records import _edit, _list
from seccoop.controls.visit_filters import (
    ComplianceVisitFilter,
    EndUseRequestFilter,
    ViolationFilter,
)
from seccoop.controls.visit_forms import (
    CloseFindingForm,
    ComplianceVisitForm,
    DecideRequestForm,
    DesignationForm,
    DisposalForm,
    EeumArticleForm,
    EndUseRequestForm,
    FindingForm,
    NoticeForm,
    ViolationForm,
)
from seccoop.core import permissions
from seccoop.core.lookups import visible_or_404
from seccoop.core.pages import flash_errors, put_errors
from seccoop.core.services import ConcurrentEditError

# --- EEUM designations -------------------------------------------------------------------


@login_required
def article_list(request):
    user = request.user
    require_controls_reader(user)
    return render(
        request,
        "controls/article_list.html",
        {
            "articles": list(EeumArticle.objects.visible_to(user).active()),
            "designations": list(
                CaseLineDesignation.objects.visible_to(user)
                .active()
                .select_related("case_line", "case_line__case", "article")
            ),
            "may_add": permissions.can(user, "add", EeumArticle()),
        },
    )


@login_required
def article_new(request):
    return _edit(
        request,
        model=EeumArticle,
        form_class=EeumArticleForm,
        detail="controls:article-edit",
        title="Record an EEUM-designated article",
        list_url="controls:article-list",
        list_label="EEUM designations",
        intro="Record an article as it is designated for enhanced end-use monitoring by the "
        "process of SAMM C8.4, with the reference of the designation.",
    )


@login_required
def article_edit(request, pk):
    article = visible_or_404(request.user, EeumArticle.objects.all(), pk=pk)
    return _edit(
        request,
        model=EeumArticle,
        form_class=EeumArticleForm,
        record=article,
        detail="controls:article-edit",
        title=f"Edit “{article}”",
        list_url="controls:article-list",
        list_label="EEUM designations",
        intro="An article no longer requiring enhanced monitoring is withdrawn with the day "
        "(DSCA policy 23-44); its items then come under routine monitoring when next saved.",
    )


@login_required
def designation_new(request):
    user = request.user
    require_controls_writer(user)
    form = DesignationForm(request.POST or None, initial={"designated_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            oversight_services.designate_case_line(user=user, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, "The case line is designated for enhanced monitoring.")
            return redirect("controls:article-list")
    return render(
        request,
        "controls/form_page.html",
        {
            "form": form,
            "title": "Designate a case line for enhanced monitoring",
            "submit": "Designate the line",
            "cancel": reverse("controls:article-list"),
            "list_url": "controls:article-list",
            "list_label": "EEUM designations",
            "intro": "A line is designated by its LOA note (SAMM C8.4); every item recorded "
            "under it comes under enhanced monitoring.",
        },
    )


# --- compliance assessment visits ---------------------------------------------------------


@login_required
def compliance_list(request):
    return _list(
        request,
        ComplianceVisit,
        ComplianceVisitFilter,
        "controls/compliance_list.html",
        ComplianceVisit.objects.select_related("country"),
    )


@login_required
def compliance_new(request):
    return _edit(
        request,
        model=ComplianceVisit,
        form_class=ComplianceVisitForm,
        detail="controls:compliance-detail",
        title="Record a compliance assessment visit",
        list_url="controls:compliance-list",
        list_label="Compliance assessment visits",
        intro="A compliance assessment visit checks a country's end-use monitoring (SAMM C8.5).",
    )


@login_required
def compliance_detail(request, pk):
    user = request.user
    visit = visible_or_404(user, ComplianceVisit.objects.select_related("country"), pk=pk)
    today = timezone.localdate()
    findings = list(visit.findings.active().select_related("item"))
    finding_form = FindingForm(prefix="finding")
    finding_form.fields["item"].queryset = (
        EndUseItem.objects.visible_to(user).active().filter(case__country=visit.country)
    )
    return render(
        request,
        "controls/compliance_detail.html",
        {
            "record": visit,
            "visit": visit,
            "findings": findings,
            "finding_form": finding_form,
            "close_forms": {
                finding.pk: CloseFindingForm(
                    prefix=f"close-{finding.pk}",
                    initial={"closed_on": today, "corrective_action": finding.corrective_action},
                )
                for finding in findings
                if finding.is_open
            },
            **record_context(user, visit, "compliance-visit", [visit.country]),
        },
    )


@login_required
@require_POST
def finding_new(request, pk):
    user = request.user
    visit = visible_or_404(user, ComplianceVisit.objects.all(), pk=pk)
    permissions.require(user, "add", ComplianceFinding(visit=visit))
    form = FindingForm(request.POST, prefix="finding")
    if form.is_valid():
        try:
            oversight_services.record_finding(user=user, visit=visit, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
    if form.errors:
        flash_errors(request, form)
    else:
        messages.success(request, "The finding was recorded.")
    return redirect("controls:compliance-detail", visit.pk)


@login_required
@require_POST
def finding_close(request, pk):
    user = request.user
    finding = visible_or_404(user, ComplianceFinding.objects.select_related("visit"), pk=pk)
    permissions.require(user, "change", finding)
    form = CloseFindingForm(request.POST, prefix=f"close-{finding.pk}")
    if form.is_valid():
        try:
            oversight_services.close_finding(user=user, finding=finding, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
    if form.errors:
        flash_errors(request, form)
    else:
        messages.success(request, "The finding is closed.")
    return redirect("controls:compliance-detail", finding.visit_id)


# --- requests for consent ----------------------------------------------------------------


@login_required
def consent_list(request):
    return _list(
        request,
        EndUseRequest,
        EndUseRequestFilter,
        "controls/consent_list.html",
        EndUseRequest.objects.select_related("item", "item__case", "item__case__country"),
    )


@login_required
def consent_new(request):
    return _edit(
        request,
        model=EndUseRequest,
        form_class=EndUseRequestForm,
        detail="controls:consent-detail",
        title="Record a request for consent",
        list_url="controls:consent-list",
        list_label="Requests for consent",
        intro="A third-party transfer, a change of end use or a disposal needs the U.S. "
        "Government's prior written consent (AECA sec. 3(a)(2), 22 U.S.C. 2753; SAMM C8.7).",
    )


@login_required
def consent_detail(request, pk, *, decide_form=None, status=200):
    user = request.user
    consent = visible_or_404(
        user,
        EndUseRequest.objects.select_related("item", "item__case", "item__case__country"),
        pk=pk,
    )
    return render(
        request,
        "controls/consent_detail.html",
        {
            "record": consent,
            "consent": consent,
            "decide_form": decide_form
            or DecideRequestForm(
                initial={"version": consent.version, "decided_on": timezone.localdate()}
            ),
            **record_context(user, consent, "consent", [consent.item.case.country]),
        },
        status=status,
    )


@login_required
@require_POST
def consent_decide(request, pk):
    user = request.user
    consent = visible_or_404(user, EndUseRequest.objects.all(), pk=pk)
    permissions.require(user, "change", consent)
    form = DecideRequestForm(request.POST)
    if form.is_valid():
        values = dict(form.cleaned_data)
        try:
            oversight_services.decide_end_use_request(
                user=user, request=consent, expected_version=values.pop("version"), **values
            )
        except ConcurrentEditError as exc:
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, "The decision was recorded.")
            return redirect("controls:consent-detail", consent.pk)
    return consent_detail(request, pk, decide_form=form, status=400)


@login_required
@require_POST
def item_disposal(request, pk):
    user = request.user
    item = visible_or_404(user, EndUseItem.objects.all(), pk=pk)
    permissions.require(user, "change", item)
    form = DisposalForm(request.POST)
    if form.is_valid():
        try:
            oversight_services.record_disposal(
                user=user,
                item=item,
                disposed_on=form.cleaned_data["disposed_on"],
                expected_version=form.cleaned_data["version"],
            )
        except ConcurrentEditError as exc:
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            put_errors(form, exc)
    if form.errors:
        flash_errors(request, form)
    else:
        messages.success(request, "The disposal was recorded: monitoring of the item ends.")
    return redirect("controls:item-detail", item.pk)


# --- potential violations ----------------------------------------------------------------


@login_required
def violation_list(request):
    return _list(
        request,
        PotentialViolation,
        ViolationFilter,
        "controls/violation_list.html",
        PotentialViolation.objects.select_related(
            "item", "item__case", "item__case__country"
        ).prefetch_related("notices"),
    )


@login_required
def violation_new(request):
    user = request.user
    require_controls_writer(user)
    form = ViolationForm(request.POST or None, initial={"discovered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            violation = oversight_services.record_potential_violation(
                user=user, **form.cleaned_data
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(
                request, "The potential violation was recorded and routed to the four parties."
            )
            return redirect("controls:violation-detail", violation.pk)
    return render(
        request,
        "controls/form_page.html",
        {
            "form": form,
            "title": "Record a potential violation",
            "submit": "Record and route it",
            "cancel": reverse("controls:violation-list"),
            "list_url": "controls:violation-list",
            "list_label": "Potential violations",
            "intro": "A potential unauthorized end use, transfer or security violation is "
            "reported through Department of State channels and forwarded to DSCA's Golden "
            "Sentry program, the combatant command and the military department (SAMM C8.1.1, "
            "C8.6). Each is recorded as a notice to send and to have acknowledged.",
        },
    )


@login_required
def violation_detail(request, pk):
    user = request.user
    violation = visible_or_404(
        user,
        PotentialViolation.objects.select_related(
            "item", "item__case", "item__case__country", "incident", "recorded_by"
        ),
        pk=pk,
    )
    notices = list(violation.notices.active())
    today = timezone.localdate()
    return render(
        request,
        "controls/violation_detail.html",
        {
            "record": violation,
            "violation": violation,
            "notices": [
                (
                    notice,
                    NoticeForm(
                        prefix=f"notice-{notice.pk}",
                        initial={
                            "version": notice.version,
                            "sent_on": None if notice.sent_on else today,
                            "acknowledged_on": today if notice.sent_on else None,
                        },
                    ),
                )
                for notice in notices
            ],
            **record_context(user, violation, "violation", [violation.item.case.country]),
        },
    )


@login_required
@require_POST
def notice_record(request, pk):
    user = request.user
    notice = visible_or_404(user, ViolationNotice.objects.select_related("violation"), pk=pk)
    permissions.require(user, "change", notice)
    form = NoticeForm(request.POST, prefix=f"notice-{notice.pk}")
    if form.is_valid():
        values = dict(form.cleaned_data)
        try:
            oversight_services.record_notice(
                user=user, notice=notice, expected_version=values.pop("version"), **values
            )
        except ConcurrentEditError as exc:
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            put_errors(form, exc)
    if form.errors:
        flash_errors(request, form)
    else:
        messages.success(request, f"The notice to {notice.get_party_display()} was updated.")
    return redirect("controls:violation-detail", notice.violation_id)


urlpatterns = [
    path("end-use/designations/", article_list, name="article-list"),
    path("end-use/designations/new/", article_new, name="article-new"),
    path("end-use/designations/<int:pk>/edit/", article_edit, name="article-edit"),
    path("end-use/designations/lines/new/", designation_new, name="designation-new"),
    path("end-use/<int:pk>/disposal/", item_disposal, name="item-disposal"),
    path("compliance-visits/", compliance_list, name="compliance-list"),
    path("compliance-visits/new/", compliance_new, name="compliance-new"),
    path("compliance-visits/<int:pk>/", compliance_detail, name="compliance-detail"),
    path("compliance-visits/<int:pk>/findings/", finding_new, name="finding-new"),
    path("findings/<int:pk>/close/", finding_close, name="finding-close"),
    path("consent/", consent_list, name="consent-list"),
    path("consent/new/", consent_new, name="consent-new"),
    path("consent/<int:pk>/", consent_detail, name="consent-detail"),
    path("consent/<int:pk>/decide/", consent_decide, name="consent-decide"),
    path("violations/", violation_list, name="violation-list"),
    path("violations/new/", violation_new, name="violation-new"),
    path("violations/<int:pk>/", violation_detail, name="violation-detail"),
    path("notices/<int:pk>/", notice_record, name="notice-record"),
]
