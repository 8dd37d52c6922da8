"""Development plan pages: a person's plan with recommendations, and a unit's training seats."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from seccoop.core.history import change_history
from seccoop.core.lookups import hidden, visible_or_404
from seccoop.core.pages import flash_errors
from seccoop.development import services
from seccoop.development.forms import (
    AddAssignmentForm,
    AddCourseForm,
    CertificationDatesForm,
    CompleteForm,
    DecisionForm,
    ExperienceForm,
    ObjectivesForm,
    RequestCertificationForm,
)
from seccoop.development.models import (
    CertificationRequest,
    Course,
    DevelopmentActivity,
    ExperiencePeriod,
)
from seccoop.development.policies import (
    is_certification_authority,
    may_see_person,
    visible_people,
)
from seccoop.workforce.models import OrgUnit, Person
from seccoop.workforce.policies import is_workforce_manager


def _person(user, pk) -> Person:
    person = get_object_or_404(
        Person.objects.select_related("position", "position__org_unit", "org_unit"), pk=pk
    )
    if not may_see_person(user, person):
        # Reported as missing, so the page does not reveal whose plan exists.
        raise hidden(person, "No development plan matches the given query.")
    return person


@login_required
def my_plan(request):
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404("Your account is not linked to a member of staff.")
    return redirect("development:plan", person.pk)


@login_required
def plan_page(request, pk):
    user = request.user
    person = _person(user, pk)
    view = services.plan_view(person)
    today = timezone.localdate()
    due = today + datetime.timedelta(days=90)
    standing = next(iter(services.standings(Person.objects.filter(pk=person.pk))), None)
    manager = is_workforce_manager(user)
    record = getattr(person, "certification_record", None)
    return render(
        request,
        "development/plan.html",
        {
            "person": person,
            "view": view,
            "today": today,
            "recommendation": services.recommend_for_person(person, view=view),
            "may_change": True,
            "course_form": AddCourseForm(initial={"due_on": due}),
            "assignment_form": AddAssignmentForm(initial={"due_on": due}),
            "objectives_form": ObjectivesForm(
                initial={"objectives": view.plan.objectives if view.plan else ""}
            ),
            "standing": standing,
            "may_certify": manager,
            "dates_form": CertificationDatesForm(
                initial={"entered_position_on": getattr(record, "entered_position_on", None)}
            )
            if manager
            else None,
            "experience": list(
                ExperiencePeriod.objects.active().filter(person=person).select_related("area")
            ),
            "experience_form": ExperienceForm(prefix="experience", initial={"started_on": today})
            if manager
            else None,
            "requests": list(
                CertificationRequest.objects.active()
                .filter(person=person)
                .select_related("area", "requested_by", "decided_by")
            ),
            "request_form": RequestCertificationForm(
                prefix="request",
                initial={
                    "level": getattr(standing, "required_level", None),
                    "area": getattr(getattr(standing, "requirement", None), "area_id", None),
                },
            )
            if standing is not None
            and standing.status not in (services.CERTIFIED, services.REQUESTED)
            else None,
            "decision_form": DecisionForm(prefix="decision") if manager else None,
            "history": change_history(view.plan) if view.plan else [],
        },
    )


@login_required
@require_POST
def plan_add_course(request, pk):
    person = _person(request.user, pk)
    form = AddCourseForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("development:plan", person.pk)
    try:
        activity = services.add_course(user=request.user, person=person, **form.cleaned_data)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"“{activity}” was added to the plan.")
    return redirect("development:plan", person.pk)


@login_required
@require_POST
def plan_add_recommended(request, pk, course_pk):
    """One click from a recommendation: the course joins the plan, due in ninety days."""
    person = _person(request.user, pk)
    course = visible_or_404(
        request.user, Course.objects.visible_to(request.user).active(), pk=course_pk
    )
    try:
        services.add_course(
            user=request.user,
            person=person,
            course=course,
            due_on=timezone.localdate() + datetime.timedelta(days=90),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"“{course}” was added to the plan.")
    return redirect("development:plan", person.pk)


@login_required
@require_POST
def plan_add_assignment(request, pk):
    person = _person(request.user, pk)
    form = AddAssignmentForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("development:plan", person.pk)
    try:
        activity = services.add_assignment(
            user=request.user,
            person=person,
            title=form.cleaned_data["title"],
            competencies=list(form.cleaned_data["competencies"]),
            due_on=form.cleaned_data["due_on"],
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"“{activity}” was added to the plan.")
    return redirect("development:plan", person.pk)


@login_required
@require_POST
def plan_objectives(request, pk):
    person = _person(request.user, pk)
    form = ObjectivesForm(request.POST)
    if form.is_valid():
        services.set_objectives(
            user=request.user, person=person, objectives=form.cleaned_data["objectives"]
        )
        messages.success(request, "The objectives were saved.")
    else:
        flash_errors(request, form)
    return redirect("development:plan", person.pk)


def _activity(user, pk) -> DevelopmentActivity:
    return visible_or_404(
        user,
        DevelopmentActivity.objects.visible_to(user)
        .active()
        .select_related("plan", "plan__person", "course"),
        pk=pk,
    )


@login_required
@require_POST
def activity_complete(request, pk):
    activity = _activity(request.user, pk)
    form = CompleteForm(request.POST or {"completed_on": timezone.localdate()})
    if not form.is_valid():
        flash_errors(request, form)
    else:
        try:
            services.complete_activity(
                user=request.user, activity=activity, completed_on=form.cleaned_data["completed_on"]
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, f"“{activity}” is complete.")
    return redirect("development:plan", activity.plan.person_id)


@login_required
@require_POST
def activity_remove(request, pk):
    activity = _activity(request.user, pk)
    services.remove_activity(user=request.user, activity=activity)
    messages.success(request, f"“{activity}” was taken off the plan.")
    return redirect("development:plan", activity.plan.person_id)


@login_required
def unit_recommendations(request):
    """The courses that close the most gap across a unit: for planning training seats."""
    user = request.user
    units = list(OrgUnit.objects.active())
    unit = None
    if request.GET.get("unit"):
        unit = get_object_or_404(OrgUnit.objects.active(), pk=request.GET["unit"])
    ranked = []
    if unit is not None:
        scope = Person.objects.active().filter(position__org_unit__path__startswith=unit.path)
        seen = visible_people(user, scope)
        if not is_workforce_manager(user) and seen.count() != scope.count():
            raise PermissionDenied(
                "Training seats read everyone's gaps: you see them for your own chain only."
            )
        ranked = services.recommend_for_unit(unit)
    return render(
        request,
        "development/unit_recommendations.html",
        {"units": units, "unit": unit, "ranked": ranked},
    )


@login_required
@require_POST
def certification_dates(request, pk):
    person = _person(request.user, pk)
    form = CertificationDatesForm(request.POST)
    if form.is_valid():
        try:
            services.record_certification_dates(
                user=request.user, person=person, **form.cleaned_data
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, "The certification dates were saved.")
    else:
        flash_errors(request, form)
    return redirect("development:plan", person.pk)


@login_required
@require_POST
def certification_experience(request, pk):
    person = _person(request.user, pk)
    form = ExperienceForm(request.POST, prefix="experience")
    if form.is_valid():
        try:
            services.record_experience(user=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, "The experience was recorded.")
    else:
        flash_errors(request, form)
    return redirect("development:plan", person.pk)


@login_required
@require_POST
def certification_request(request, pk):
    person = _person(request.user, pk)
    form = RequestCertificationForm(request.POST, prefix="request")
    if form.is_valid():
        try:
            services.request_certification(user=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(
                request, f"The certification of {person} awaits the certification authority."
            )
    else:
        flash_errors(request, form)
    return redirect("development:plan", person.pk)


@login_required
@require_POST
def certification_decide(request, pk):
    certification = get_object_or_404(CertificationRequest.objects.active(), pk=pk)
    person = _person(request.user, certification.person_id)
    if not is_certification_authority(request.user):
        raise PermissionDenied("Only the certification authority approves or returns a request.")
    form = DecisionForm(request.POST, prefix="decision")
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.approve_certification(user=request.user, request=certification)
                messages.success(request, f"{person} is certified.")
            else:
                services.return_certification(
                    user=request.user, request=certification, note=form.cleaned_data["note"]
                )
                messages.success(request, "The request was returned.")
        except ValidationError as exc:
            flash_errors(request, exc)
    else:
        flash_errors(request, form)
    return redirect("development:plan", person.pk)


urlpatterns = [
    path("plans/mine/", my_plan, name="my-plan"),
    path("people/<int:pk>/plan/", plan_page, name="plan"),
    path("people/<int:pk>/plan/courses/", plan_add_course, name="plan-add-course"),
    path(
        "people/<int:pk>/plan/courses/<int:course_pk>/",
        plan_add_recommended,
        name="plan-add-recommended",
    ),
    path("people/<int:pk>/plan/assignments/", plan_add_assignment, name="plan-add-assignment"),
    path("people/<int:pk>/plan/objectives/", plan_objectives, name="plan-objectives"),
    path("people/<int:pk>/certification/dates/", certification_dates, name="certification-dates"),
    path(
        "people/<int:pk>/certification/experience/",
        certification_experience,
        name="certification-experience",
    ),
    path("people/<int:pk>/certification/", certification_request, name="certification-request"),
    path(
        "certification/requests/<int:pk>/decision/",
        certification_decide,
        name="certification-decide",
    ),
    path("activities/<int:pk>/complete/", activity_complete, name="activity-complete"),
    path("activities/<int:pk>/remove/", activity_remove, name="activity-remove"),
    path("seats/", unit_recommendations, name="unit-recommendations"),
]
