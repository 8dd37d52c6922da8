"""Engagement pages: the list, logging and editing, the calendar, follow-up actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from seccoop.core import permissions
from seccoop.core.dates import parse_iso_date
from seccoop.core.history import change_history
from seccoop.core.pages import flash_errors, page_of, put_errors, with_uswds_classes
from seccoop.core.panels import panels_for
from seccoop.partners import policies, selectors, services
from seccoop.partners.filters import EngagementFilter
from seccoop.partners.forms import ActionForm, EngagementForm
from seccoop.partners.models import Engagement, FollowUpAction

ACTION_FIELDS = {"description": "action_description", "owner": "action_owner"}


@login_required
def engagement_list(request):
    found = EngagementFilter(request.GET, queryset=selectors.engagements(request.user))
    with_uswds_classes(found.form)
    page, page_range = page_of(request, found.qs)
    return render(
        request,
        "partners/engagement_list.html",
        {
            "filter": found,
            "page": page,
            "page_range": page_range,
            "may_log": policies.may_log_engagements(request.user),
        },
    )


def _save_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            # "actions.0.due_on" is the form's action_due_on.
            if name.startswith("actions."):
                field = name.split(".")[-1]
                name = ACTION_FIELDS.get(field, f"action_{field}")
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def engagement_new(request):
    if not policies.may_log_engagements(request.user):
        raise PermissionDenied("Only members of staff log engagements.")
    person = policies.person_of(request.user)
    today = timezone.localdate()
    initial = {"starts_on": today, "ends_on": today}
    if person is not None:
        initial.update(participants=[person.pk], action_owner=person.pk)
    if request.GET.get("country"):
        initial["countries"] = [request.GET["country"]]
    form = EngagementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            engagement = services.record_engagement(
                user=request.user, data=form.data_for_service(), actions=form.actions()
            )
        except ValidationError as exc:
            _save_errors(form, exc)
        else:
            messages.success(request, f"The engagement “{engagement}” was logged.")
            return redirect(engagement)
    return render(
        request,
        "partners/engagement_form.html",
        {"form": form, "title": "Log an engagement", "engagement": None},
    )


def _engagement(user, pk) -> Engagement:
    return get_object_or_404(
        Engagement.objects.visible_to(user).select_related("engagement_type"), pk=pk
    )


@login_required
def engagement_edit(request, pk):
    engagement = _engagement(request.user, pk)
    permissions.require(request.user, "change", engagement)
    form = EngagementForm(
        request.POST or None, initial=EngagementForm.initial_from(engagement), with_action=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_engagement(
                user=request.user,
                engagement=engagement,
                data=form.data_for_service(),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            _save_errors(form, exc)
        else:
            messages.success(request, "The engagement was saved.")
            return redirect(engagement)
    return render(
        request,
        "partners/engagement_form.html",
        {"form": form, "title": f"Edit “{engagement}”", "engagement": engagement},
    )


@login_required
def engagement_detail(request, pk):
    user = request.user
    engagement = _engagement(user, pk)
    counterparts = selectors.counterparts(user).filter(engagements=engagement)
    return render(
        request,
        "partners/engagement_detail.html",
        {
            "engagement": engagement,
            "countries": list(engagement.countries.all()),
            "participants": list(engagement.participants.all()),
            "counterparts": list(counterparts),
            "organizations": list(engagement.organizations.select_related("country")),
            "competencies": list(
                engagement.engagement_type.competencies.order_by("sort_order", "code")
            ),
            "actions": list(engagement.actions.active().select_related("owner")),
            "today": timezone.localdate(),
            "may_change": permissions.can(user, "change", engagement),
            "action_form": ActionForm(initial={"due_on": timezone.localdate()}),
            "history": change_history(engagement),
            # Other apps' panels, such as the objectives the engagement serves.
            "panels": panels_for("engagement", user, engagement),
        },
    )


@login_required
@require_POST
def action_new(request, pk):
    engagement = _engagement(request.user, pk)
    permissions.require(request.user, "change", engagement)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            services.add_follow_up_action(
                user=request.user, engagement=engagement, **form.cleaned_data
            )
        except ValidationError as exc:
            put_errors(form, exc)
    if form.errors:
        flash_errors(request, form)
    else:
        messages.success(request, "The follow-up action was added.")
    return redirect(engagement)


@login_required
@require_POST
def action_complete(request, pk):
    action = get_object_or_404(
        FollowUpAction.objects.visible_to(request.user).select_related("engagement"), pk=pk
    )
    services.complete_action(user=request.user, action=action)
    messages.success(request, f"“{action}” is done.")
    target = request.POST.get("next")
    if target in ("overdue", "mine"):
        return redirect("partners:action-list")
    return redirect("partners:engagement-detail", action.engagement_id)


@login_required
def action_list(request):
    """My overdue and open actions; leadership may see everyone's overdue actions."""
    user = request.user
    today = timezone.localdate()
    scope = request.GET.get("scope", "mine")
    if scope == "all" and not policies.is_leadership(user):
        raise PermissionDenied("Leadership and administrators see everyone's overdue actions.")
    mine = selectors.my_actions(user)
    context = {
        "scope": scope,
        "today": today,
        "may_see_all": policies.is_leadership(user),
        "overdue": list(services.overdue_actions(mine, today=today)),
        "open": list(services.open_actions(mine).filter(due_on__gte=today)),
    }
    if scope == "all":
        context["everyone_overdue"] = list(
            services.overdue_actions(selectors.actions(user), today=today)
        )
    return render(request, "partners/action_list.html", context)


@login_required
def engagement_calendar(request):
    month = request.GET.get("month")
    first = parse_iso_date(f"{month}-01") if month else timezone.localdate().replace(day=1)
    if first is None:
        raise Http404("Give the month as YYYY-MM.")
    return render(
        request,
        "partners/engagement_calendar.html",
        {
            "month": selectors.calendar_month(request.user, first),
            "today": timezone.localdate(),
            "weekdays": [
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday",
            ],
        },
    )


urlpatterns = [
    path("engagements/", engagement_list, name="engagement-list"),
    path("engagements/new/", engagement_new, name="engagement-new"),
    path("engagements/calendar/", engagement_calendar, name="engagement-calendar"),
    path("engagements/<int:pk>/", engagement_detail, name="engagement-detail"),
    path("engagements/<int:pk>/edit/", engagement_edit, name="engagement-edit"),
    path("engagements/<int:pk>/actions/", action_new, name="action-new"),
    path("actions/", action_list, name="action-list"),
    path("actions/<int:pk>/done/", action_complete, name="action-complete"),
]
