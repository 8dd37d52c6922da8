"""Case pages: the list, opening and editing a case, its page with workflow and records,
the pipeline, the data-quality report, and import and export.

Every rule lives in the services and the policy; these views gather input and
show the outcome.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from seccoop.core import panels, permissions, transfer_views
from seccoop.core.history import change_history
from seccoop.core.lookups import visible_or_404
from seccoop.core.pages import flash_errors, page_of, put_errors, with_uswds_classes
from seccoop.core.panels import panels_for
from seccoop.core.services import ConcurrentEditError, posted_version
from seccoop.partners import services as partner_services
from seccoop.partners.models import Country, Engagement
from seccoop.partners.staffing import rank_for_record
from seccoop.programs import policies_cases as policies
from seccoop.programs.filters_cases import CaseFilter
from seccoop.programs.forms_cases import (
    AssignForm,
    CaseForm,
    ClosureActionForm,
    DeliveryForm,
    EngagementLinkForm,
    LineForm,
    MilestoneForm,
    PaymentForm,
    RequestForm,
    ReviewForm,
    TransitionForm,
    VersionForm,
    VersionMoveForm,
)
from seccoop.programs.models import (
    Case,
    CaseLine,
    CaseMilestone,
    CaseVersion,
    ClosureAction,
    LetterOfRequest,
    Payment,
    Program,
)
from seccoop.programs.services import case_versions
from seccoop.programs.services import cases as services
from seccoop.workforce.models import Assignment, Person
from seccoop.workforce.staffing import may_staff

LINKABLE_ENGAGEMENT_TYPES = ("meeting", "trade-show", "program-review", "conference", "visit")


def visible_cases(user):
    return services.with_value(Case.objects.visible_to(user).active()).select_related("country")


def _case(user, pk, *, valued: bool = False) -> Case:
    """The case, read with its value (`services.value_of`) when the page shows it."""
    cases = Case.objects.visible_to(user).select_related("country", "org_unit")
    return visible_or_404(user, services.with_value(cases) if valued else cases, pk=pk)


# --- the list, opening and editing --------------------------------------------------


@login_required
def case_list(request):
    found = CaseFilter(request.GET, queryset=visible_cases(request.user))
    with_uswds_classes(found.form)
    page, page_range = page_of(request, found.qs)
    today = timezone.localdate()
    for case in page:
        # The list shows the first clock of each case, computed where the page's is.
        case.clocks = services.clocks(case, today=today)
    return render(
        request,
        "programs/cases/list.html",
        {
            "filter": found,
            "page": page,
            "page_range": page_range,
            "today": today,
            "may_open": policies.may_open_cases(request.user),
        },
    )


@login_required
def case_new(request):
    user = request.user
    if not policies.may_open_cases(user):
        raise PermissionDenied("Desk officers, program teams and leadership open cases.")
    initial = {"country": request.GET.get("country")}
    case_form = CaseForm(request.POST or None, initial=initial, prefix="case", user=user)
    request_form = RequestForm(
        request.POST or None, initial={"received_on": timezone.localdate()}, prefix="request"
    )
    if request.method == "POST" and case_form.is_valid() and request_form.is_valid():
        try:
            case = services.open_case(
                user=user, case=case_form.changes(), request=request_form.changes()
            )
        except ValidationError as exc:
            put_errors(case_form, exc)
        else:
            messages.success(request, f"The case {case.identifier} was opened.")
            return redirect(case)
    return render(
        request,
        "programs/cases/form.html",
        {
            "case_form": case_form,
            "request_form": request_form,
            "title": "Open a case",
            "case": None,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def case_edit(request, pk):
    case = _case(request.user, pk)
    permissions.require(request.user, "change", case)
    form = CaseForm(request.POST or None, instance=case, prefix="case", user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case(
                user=request.user,
                case=case,
                changes=form.changes(),
                expected_version=form.cleaned_data["version"] or 0,
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, "The case was saved.")
            return redirect(case)
    return render(
        request,
        "programs/cases/form.html",
        {"case_form": form, "title": f"Edit {case.identifier}", "case": case},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def request_edit(request, pk):
    case = _case(request.user, pk)
    letter = get_object_or_404(LetterOfRequest, case=case)
    permissions.require(request.user, "change", letter)
    form = RequestForm(request.POST or None, instance=letter, prefix="request")
    if request.method == "POST" and form.is_valid():
        try:
            services.update_request(
                user=request.user,
                request=letter,
                changes=form.changes(),
                expected_version=form.cleaned_data["version"] or 0,
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, "The letter of request was saved.")
            return redirect(case)
    return render(
        request,
        "programs/cases/request_form.html",
        {"request_form": form, "case": case, "title": f"Letter of request of {case.identifier}"},
        status=400 if request.method == "POST" else 200,
    )


# --- the case page --------------------------------------------------------------------


def _linkable_engagements(user, case):
    return (
        Engagement.objects.visible_to(user)
        .active()
        .filter(engagement_type__slug__in=LINKABLE_ENGAGEMENT_TYPES)
        .exclude(pk__in=case.engagements.values("pk"))
        .select_related("engagement_type")
        .order_by("-starts_on")[:200]
    )


@login_required
def case_detail(request, pk):
    user = request.user
    case = _case(user, pk, valued=True)
    today = timezone.localdate()
    may_change = permissions.can(user, "change", case)
    data = services.case_data([case])[case.pk]
    lines = data.lines
    value = services.value_of(case)
    scheduled = sum((payment.amount for payment in data.payments), services.ZERO)
    transitions = []
    if may_change:
        for transition in services.WORKFLOW.available(user, case):
            transitions.append(
                {
                    "transition": transition,
                    "form": TransitionForm(transition=transition, case=case),
                    "blockers": services.WORKFLOW.blockers(case, transition),
                }
            )
    assignments = list(Assignment.objects.open().of(case).select_related("person"))
    staffing = None
    # Whoever sees the case and may read others' ratings sees the ranking; those who work
    # the case assign people.
    may_assign = permissions.can(user, "staff", case)
    if may_staff(user):
        staffing = rank_for_record(user, case)
    review_engagements = Engagement.objects.visible_to(user).filter(
        engagement_type__slug="program-review", countries=case.country
    )
    versions = case_versions.versions_of(case)
    current = case_versions.current_version(versions)
    version_items = [
        {
            "version": version,
            "current": version == current,
            "moves": [
                {
                    "transition": transition,
                    "form": VersionMoveForm(transition=transition),
                    "blockers": case_versions.VERSION_WORKFLOW.blockers(version, transition),
                }
                for transition in (
                    case_versions.transitions_for(user, version) if may_change else []
                )
            ],
        }
        for version in reversed(versions)
    ]
    context = {
        "case": case,
        "today": today,
        "versions": version_items,
        "current_version": current,
        "may_write_version": may_change and case.state in case_versions.MODIFIABLE,
        "anticipated_offer_on": case.anticipated_offer_on,
        "request_record": data.request,
        "missing": data.request.missing_items() if data.request else [],
        "lines": lines,
        "deliverable": case.state in services.DELIVERY_STATES,
        "value": value,
        "payments": data.payments,
        "scheduled": scheduled,
        "milestones": data.milestones,
        "reviews": sorted(data.reviews, key=lambda review: review.held_on, reverse=True),
        "closure_actions": list(case.closure_actions.active()),
        "engagements": list(case.engagements.visible_to(user).select_related("engagement_type")),
        "linked_programs": list(case.programs.visible_to(user)),
        "linked_agreements": list(case.agreements.visible_to(user)),
        "assignments": assignments,
        "flags": services.flags_for(case, data, today=today),
        "clocks": services.clocks(case, today=today),
        "notification": services.notification_for(case),
        "transitions": transitions,
        "log": [
            {
                "change": change,
                "source": services.WORKFLOW.state_label(change.source),
                "target": services.WORKFLOW.state_label(change.target),
            }
            for change in services.WORKFLOW.log(case)
        ],
        "history": change_history(case),
        "may_change": may_change,
        "may_assign": may_assign,
        "staffing": staffing,
        "competencies": case.exercised_codes(),
        # Other apps' panels: the objectives the case serves, its disclosure requests.
        "panels": panels_for("case", user, case),
    }
    if may_change:
        context.update(
            line_form=LineForm(),
            payment_form=PaymentForm(),
            milestone_form=MilestoneForm(),
            review_form=ReviewForm(engagements=review_engagements, initial={"held_on": today}),
            closure_form=ClosureActionForm(),
            link_form=EngagementLinkForm(engagements=_linkable_engagements(user, case)),
            version_form=VersionForm(),
        )
    if may_assign:
        context["assign_form"] = AssignForm(people=Person.objects.visible_to(user).active())
    return render(request, "programs/cases/detail.html", context)


def _back(case) -> HttpResponse:
    return redirect(case)


def _version(text: str | None) -> int:
    """The version the page was opened at; a move without one is refused."""
    return posted_version(text)


@login_required
@require_POST
def case_move(request, pk, name):
    user = request.user
    case = _case(user, pk)
    try:
        transition = services.WORKFLOW.transition(name)
    except ValidationError as exc:
        raise Http404("No such transition.") from exc
    services.WORKFLOW.require_may(user, case, transition)
    form = TransitionForm(request.POST, transition=transition, case=case)
    if not form.is_valid():
        flash_errors(request, form)
        return _back(case)
    try:
        services.move_case(
            user=user,
            case=case,
            name=name,
            note=form.cleaned_data["note"],
            values=form.values(),
            expected_version=_version(request.POST.get("version")),
        )
    except ConcurrentEditError as exc:
        messages.error(request, exc.messages[0])
    except ValidationError as exc:
        messages.error(request, f"The case was not moved: “{transition.label}” needs more.")
        flash_errors(request, exc)
    else:
        messages.success(request, f"{case.identifier} is now {case.get_state_display().lower()}.")
    return _back(case)


def _record_form(request, pk, form_class, save, success: str, action="change", **form_kwargs):
    """Handle one of the small forms of the case page, then go back to the case."""
    case = _case(request.user, pk)
    permissions.require(request.user, action, case)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            save(case, form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, success)
    else:
        flash_errors(request, form)
    return _back(case)


@login_required
@require_POST
def line_new(request, pk):
    return _record_form(
        request,
        pk,
        LineForm,
        lambda case, data: services.add_line(user=request.user, case=case, **data),
        "The line was added.",
    )


@login_required
@require_POST
def payment_new(request, pk):
    return _record_form(
        request,
        pk,
        PaymentForm,
        lambda case, data: services.add_payment(user=request.user, case=case, **data),
        "The payment was added to the schedule.",
    )


@login_required
@require_POST
def milestone_new(request, pk):
    return _record_form(
        request,
        pk,
        MilestoneForm,
        lambda case, data: services.add_milestone(user=request.user, case=case, **data),
        "The milestone was added.",
    )


@login_required
@require_POST
def review_new(request, pk):
    return _record_form(
        request,
        pk,
        ReviewForm,
        lambda case, data: services.record_review(user=request.user, case=case, **data),
        "The review was recorded.",
        engagements=Engagement.objects.visible_to(request.user).filter(
            engagement_type__slug="program-review"
        ),
    )


@login_required
@require_POST
def closure_action_new(request, pk):
    return _record_form(
        request,
        pk,
        ClosureActionForm,
        lambda case, data: services.add_closure_action(user=request.user, case=case, **data),
        "The closure action was added.",
    )


@login_required
@require_POST
def assignment_new(request, pk):
    return _record_form(
        request,
        pk,
        AssignForm,
        lambda case, data: services.assign_staff(user=request.user, case=case, **data),
        "The assignment was made.",
        action="staff",
        people=Person.objects.visible_to(request.user).active(),
    )


@login_required
@require_POST
def engagement_link(request, pk):
    return _record_form(
        request,
        pk,
        EngagementLinkForm,
        lambda case, data: services.link_engagement(user=request.user, case=case, **data),
        "The engagement was linked to the case.",
        engagements=Engagement.objects.visible_to(request.user).active(),
    )


@login_required
def line_delivery(request, pk):
    """Record a delivery of a line's articles; a designated line's need serial numbers."""
    user = request.user
    line = visible_or_404(user, CaseLine.objects.select_related("case", "case__country"), pk=pk)
    case = line.case
    permissions.require(user, "change", line)
    initial = {"version": line.version, "delivered_on": timezone.localdate(),
               "quantity": line.undelivered or None}  # fmt: skip
    form = DeliveryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_delivery(
                user=user,
                line=line,
                quantity=data["quantity"],
                delivered_on=data["delivered_on"],
                serial_numbers=services.serial_numbers_from(data["serial_numbers"]),
                expected_version=data["version"],
            )
        except ConcurrentEditError as exc:
            form.add_error(None, exc.messages[0])
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(
                request,
                f"The delivery of line {line.number} was recorded: {line.delivered_quantity} of "
                f"{line.quantity} delivered.",
            )
            return redirect(case)
    return render(
        request,
        "programs/cases/delivery.html",
        {
            "case": case,
            "line": line,
            "form": form,
            "history": change_history(line),
            "title": f"Record a delivery of line {line.number} of {case.identifier}",
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def version_new(request, pk):
    return _record_form(
        request,
        pk,
        VersionForm,
        lambda case, data: case_versions.write_version(user=request.user, case=case, **data),
        "The change was written; it takes effect once accepted or issued.",
    )


@login_required
@require_POST
def version_move(request, pk, name):
    user = request.user
    version = visible_or_404(user, CaseVersion.objects.visible_to(user).active(), pk=pk)
    try:
        transition = case_versions.VERSION_WORKFLOW.transition(name)
    except ValidationError as exc:
        raise Http404("No such transition.") from exc
    case_versions.VERSION_WORKFLOW.require_may(user, version, transition)
    form = VersionMoveForm(request.POST, transition=transition)
    if not form.is_valid():
        flash_errors(request, form)
        return _back(version.case)
    try:
        case_versions.move_version(
            user=user,
            version=version,
            name=name,
            note=form.cleaned_data["note"],
            values=form.values(),
            expected_version=_version(request.POST.get("version")),
        )
    except ConcurrentEditError as exc:
        messages.error(request, exc.messages[0])
    except ValidationError as exc:
        messages.error(request, f"{version.label} was not moved: “{transition.label}” needs more.")
        flash_errors(request, exc)
    else:
        messages.success(request, f"{version.label} is now {version.get_state_display().lower()}.")
    return _back(version.case)


@login_required
@require_POST
def payment_paid(request, pk):
    payment = visible_or_404(request.user, Payment.objects.visible_to(request.user), pk=pk)
    services.record_payment(user=request.user, payment=payment)
    messages.success(request, "The payment was recorded as received.")
    return _back(payment.case)


@login_required
@require_POST
def milestone_done(request, pk):
    milestone = visible_or_404(request.user, CaseMilestone.objects.visible_to(request.user), pk=pk)
    services.complete_milestone(user=request.user, milestone=milestone)
    messages.success(request, f"“{milestone}” is complete.")
    return _back(milestone.case)


@login_required
@require_POST
def closure_action_done(request, pk):
    action = visible_or_404(request.user, ClosureAction.objects.visible_to(request.user), pk=pk)
    services.complete_closure_action(user=request.user, action=action)
    messages.success(request, f"“{action}” is done.")
    return _back(action.case)


@login_required
@require_POST
def assignment_release(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.active().filter(source_type=ContentType.objects.get_for_model(Case)),
        pk=pk,
    )
    case = _case(request.user, assignment.source_id)
    permissions.require(request.user, "staff", case)
    if assignment.released_on is not None:
        messages.info(request, f"{assignment.person} was already released from the case.")
    else:
        partner_services.release(user=request.user, assignment=assignment)
        messages.success(request, f"{assignment.person} was released from the case.")
    return _back(case)


# --- the portfolio pages ----------------------------------------------------------------


@login_required
def pipeline(request):
    user = request.user
    today = timezone.localdate()
    cases = Case.objects.visible_to(user).active()
    rows = services.pipeline(cases, today=today)
    late = list(services.with_value(services.overdue(cases, today=today)).select_related("country"))
    for case in late:
        case.overdue_clock = services.overdue_clock(case, today=today)
    return render(
        request,
        "programs/cases/pipeline.html",
        {
            "rows": rows,
            "total": sum(row.count for row in rows),
            "overdue": late,
            "today": today,
            "offer_dates": services.offer_date_shares(Case.objects.visible_to(user), today=today),
            "aod_goal": settings.SECCOOP_AOD_ON_TIME_GOAL,
        },
    )


@login_required
def data_quality(request):
    user = request.user
    cases = Case.objects.visible_to(user).active()
    found = CaseFilter(request.GET, queryset=cases)
    with_uswds_classes(found.form)
    report = services.portfolio_quality(found.qs)
    return render(
        request,
        "programs/cases/data_quality.html",
        {
            "report": report,
            "filter": found,
            "checked": found.qs.count(),
        },
    )


def _portfolio_page(request, found, *, page: str, title: str, back: tuple[str, str]):
    return render(
        request,
        "programs/cases/portfolio.html",
        {
            "portfolio": found,
            "title": title,
            "back": back,
            "today": timezone.localdate(),
            # The disclosure requests the cases depend on, from the controls app.
            "panels": panels_for(page, request.user, found),
        },
    )


@login_required
def country_portfolio(request, pk):
    user = request.user
    country = visible_or_404(user, Country.objects.all(), pk=pk)
    return _portfolio_page(
        request,
        services.portfolio(user, country=country),
        page=panels.COUNTRY_PORTFOLIO,
        title=f"Cases of {country.name}",
        back=(country.name, country.get_absolute_url()),
    )


@login_required
def program_portfolio(request, pk):
    user = request.user
    program = visible_or_404(user, Program.objects.all(), pk=pk)
    return _portfolio_page(
        request,
        services.portfolio(user, program=program),
        page=panels.PROGRAM_PORTFOLIO,
        title=f"Cases of the program {program.name}",
        back=(program.name, program.get_absolute_url()),
    )


CASES = {"area": "programs.cases"}

urlpatterns = [
    path("cases/", case_list, name="case-list"),
    path("cases/new/", case_new, name="case-new"),
    path("cases/pipeline/", pipeline, name="case-pipeline"),
    path("cases/data-quality/", data_quality, name="case-data-quality"),
    path("cases/portfolio/country/<int:pk>/", country_portfolio, name="case-portfolio-country"),
    path("cases/portfolio/program/<int:pk>/", program_portfolio, name="case-portfolio-program"),
    # The import and export of cases and their lines, served by core's pages.
    path("cases/import/", transfer_views.import_data, CASES, name="case-import"),
    path("cases/export/", transfer_views.export_data, CASES, name="case-export"),
    path("cases/<int:pk>/", case_detail, name="case-detail"),
    path("cases/<int:pk>/edit/", case_edit, name="case-edit"),
    path("cases/<int:pk>/request/", request_edit, name="case-request"),
    path("cases/<int:pk>/move/<slug:name>/", case_move, name="case-move"),
    path("cases/<int:pk>/lines/", line_new, name="case-line-new"),
    path("cases/<int:pk>/payments/", payment_new, name="case-payment-new"),
    path("cases/<int:pk>/milestones/", milestone_new, name="case-milestone-new"),
    path("cases/<int:pk>/reviews/", review_new, name="case-review-new"),
    path("cases/<int:pk>/closure-actions/", closure_action_new, name="case-closure-action-new"),
    path("cases/<int:pk>/assignments/", assignment_new, name="case-assignment-new"),
    path("cases/<int:pk>/engagements/", engagement_link, name="case-engagement-link"),
    path("case-lines/<int:pk>/delivery/", line_delivery, name="case-line-delivery"),
    path("cases/<int:pk>/versions/", version_new, name="case-version-new"),
    path("case-versions/<int:pk>/move/<slug:name>/", version_move, name="case-version-move"),
    path("case-payments/<int:pk>/received/", payment_paid, name="case-payment-paid"),
    path("case-milestones/<int:pk>/done/", milestone_done, name="case-milestone-done"),
    path("case-closure-actions/<int:pk>/done/", closure_action_done, name="case-closure-done"),
    path("case-assignments/<int:pk>/release/", assignment_release, name="case-assignment-release"),
]
