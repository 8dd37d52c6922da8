"""The everyday workforce pages: the directory, positions, org units and rating entry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse

from seccoop.competencies.models import CompetencyKind, Framework
from seccoop.core import permissions
from seccoop.core.history import change_history
from seccoop.core.lookups import visible_or_404
from seccoop.core.pages import page_of, with_uswds_classes
from seccoop.core.panels import panels_for
from seccoop.workforce import gaps, selectors, services
from seccoop.workforce.filters import PersonFilter, PositionFilter
from seccoop.workforce.forms import PersonRatingForm, RatingWithdrawalForm, TeamRatingForm
from seccoop.workforce.models import OrgUnit, Person, Position, Rating, RatingSource
from seccoop.workforce.policies import is_workforce_manager, rating_sources_for
from seccoop.workforce.selectors import shown_date


def _person_or_404(user, pk) -> Person:
    try:
        return selectors.person_for_page(user, pk)
    except Person.DoesNotExist as exc:
        raise Http404("No such person.") from exc


# --- people ------------------------------------------------------------------


@login_required
def person_list(request):
    people = PersonFilter(request.GET, queryset=selectors.directory(request.user))
    with_uswds_classes(people.form)
    page, page_range = page_of(request, people.qs)
    return render(
        request,
        "workforce/person_list.html",
        {"filter": people, "page": page, "page_range": page_range},
    )


@login_required
def person_detail(request, pk):
    person = _person_or_404(request.user, pk)
    # The scale's level names are read once, for the gap table and the history.
    framework = (
        Framework.objects.select_related("scale").prefetch_related("scale__levels").default()
    )
    context = {
        "person": person,
        "supervisor": selectors.supervisor_of(person),
        "direct_reports": selectors.direct_reports_of(person),
        "may_view_ratings": permissions.can(request.user, "view_ratings", person),
        "may_rate": permissions.can(request.user, "rate", person),
        "may_edit": permissions.can(request.user, "change", person),
        "history": change_history(person),
        "framework": framework,
        # Other apps' panels, such as the person's development plan.
        "panels": panels_for("person", request.user, person),
    }
    if context["may_view_ratings"]:
        person_gaps = gaps.person_gaps(person, framework)
        context["gap_groups"] = selectors.gap_table(person_gaps, framework)
        context["page"], context["page_range"] = selectors.rating_history_page(
            request.user, person, framework, request.GET.get("page")
        )
    return render(request, "workforce/person_detail.html", context)


# --- positions ---------------------------------------------------------------


@login_required
def position_list(request):
    found = PositionFilter(request.GET, queryset=selectors.positions(request.user))
    with_uswds_classes(found.form)
    page, page_range = page_of(request, found.qs)
    return render(
        request,
        "workforce/position_list.html",
        {"filter": found, "page": page, "page_range": page_range},
    )


@login_required
def position_detail(request, pk):
    try:
        position = selectors.position_for_page(request.user, pk)
    except Position.DoesNotExist as exc:
        raise Http404("No such position.") from exc
    framework = Framework.objects.default()
    template = selectors.role_template_of(position, framework)
    return render(
        request,
        "workforce/position_detail.html",
        {
            "position": position,
            "framework": framework,
            "template": template,
            "requirement_groups": selectors.requirement_lines(template, framework),
            "history": change_history(position),
            "may_edit": permissions.can(request.user, "change", position),
        },
    )


# --- org units ---------------------------------------------------------------


@login_required
def orgunit_list(request):
    return render(
        request, "workforce/orgunit_list.html", {"tree": selectors.org_unit_tree(request.user)}
    )


@login_required
def orgunit_detail(request, pk):
    unit = visible_or_404(request.user, OrgUnit.objects.visible_to(request.user), pk=pk)
    return render(
        request,
        "workforce/orgunit_detail.html",
        {
            "unit": unit,
            "ancestors": selectors.ancestors_of(unit),
            "children": OrgUnit.objects.visible_to(request.user).active().filter(parent=unit),
            "positions": selectors.positions(request.user).filter(org_unit=unit),
            "people": selectors.people_in_unit(unit),
            "history": change_history(unit),
            "may_edit": permissions.can(request.user, "change", unit),
        },
    )


# --- rating entry ------------------------------------------------------------


def _record(request, form, *, entries, source) -> bool:
    """Record the form's ratings; on refusal put each reason on the form and return False.

    Supervisor ratings that a validated rating keeps from counting are named
    in a warning: they wait in the validation queue.
    """
    try:
        created = services.record_ratings(user=request.user, entries=entries, source=source)
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return False
    held = services.held_back(created)
    if held:
        named = ", ".join(f"{rating.person} on {rating.competency.code}" for rating in held)
        messages.warning(
            request,
            f"{len(held)} of these ratings ({named}) "
            f"{'does' if len(held) == 1 else 'do'} not change the current level, because a "
            "validated rating stands. "
            f"{'It waits' if len(held) == 1 else 'They wait'} for a workforce manager "
            "to confirm or return "
            f"{'it' if len(held) == 1 else 'them'} in the validation queue.",
        )
    return True


@login_required
def rate_team(request):
    team = list(
        gaps.team_of(request.user)
        .active()
        .select_related("position", "position__org_unit")
        .order_by("last_name", "first_name")
    )
    if not team:
        raise PermissionDenied("You supervise no one, so there is no team to rate.")
    framework = Framework.objects.default()
    subs = framework.competencies.filter(kind=CompetencyKind.SUB_COMPETENCY)
    code = request.GET.get("competency")
    if code:
        competency = get_object_or_404(subs, code=code)
    else:
        competency = subs.order_by("sort_order", "code").first()
    sources = [RatingSource.SUPERVISOR]
    if is_workforce_manager(request.user):
        sources.append(RatingSource.VALIDATED)
    form = TeamRatingForm(
        request.POST or None,
        people=team,
        levels=selectors.level_choices(framework),
        sources=sources,
        current=selectors.current_levels(team, competency),
    )
    if request.method == "POST" and form.is_valid():
        entries = form.entries(competency)
        if _record(request, form, entries=entries, source=form.cleaned_data["source"]):
            messages.success(
                request,
                f"Recorded {len(entries)} rating{'s' if len(entries) != 1 else ''} "
                f"on {competency.code}.",
            )
            return redirect(f"{reverse('workforce:rate-team')}?competency={competency.code}")
    return render(
        request,
        "workforce/rate_team.html",
        {
            "form": form,
            "competency": competency,
            "competency_choices": selectors.sub_competency_choices(framework),
        },
    )


@login_required
def rate_person(request, pk):
    person = _person_or_404(request.user, pk)
    permissions.require(request.user, "rate", person)
    framework = Framework.objects.default()
    groups = selectors.group_by_competency(framework, gaps.sub_competencies(framework))
    form = PersonRatingForm(
        request.POST or None,
        person=person,
        groups=groups,
        levels=selectors.level_choices(framework),
        sources=rating_sources_for(request.user, person),
        current=selectors.current_levels_of(person, framework),
    )
    if request.method == "POST" and form.is_valid():
        entries = form.entries()
        if _record(request, form, entries=entries, source=form.cleaned_data["source"]):
            messages.success(
                request,
                f"Recorded {len(entries)} rating{'s' if len(entries) != 1 else ''} for {person}.",
            )
            return redirect("workforce:person-detail", pk=person.pk)
    return render(request, "workforce/rate_person.html", {"person": person, "form": form})


@login_required
def rating_withdraw(request, pk):
    """Withdraw a rating recorded in error, with a reason: its rater or a workforce manager."""
    rating = get_object_or_404(
        permissions.visible_to(
            request.user,
            Rating.objects.select_related("person", "competency", "rater", "withdrawn_by"),
        ),
        pk=pk,
    )
    permissions.require(request.user, "withdraw", rating)
    form = RatingWithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not rating.is_withdrawn:
        try:
            services.withdraw_rating(
                user=request.user, rating=rating, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                f"Withdrew the {rating.competency.code} rating of {shown_date(rating.rated_on)}; "
                f"{rating.person}'s current level no longer counts it.",
            )
            return redirect("workforce:person-detail", pk=rating.person_id)
    return render(
        request,
        "workforce/rating_withdraw.html",
        {
            "rating": rating,
            "form": form,
            "level_name": selectors.level_names(rating.competency.framework).get(
                rating.level, str(rating.level)
            ),
        },
    )


urlpatterns = [
    path("people/", person_list, name="person-list"),
    path("people/<int:pk>/", person_detail, name="person-detail"),
    path("people/<int:pk>/rate/", rate_person, name="rate-person"),
    path("positions/", position_list, name="position-list"),
    path("positions/<int:pk>/", position_detail, name="position-detail"),
    path("units/", orgunit_list, name="orgunit-list"),
    path("units/<int:pk>/", orgunit_detail, name="orgunit-detail"),
    path("rate/team/", rate_team, name="rate-team"),
    path("ratings/<int:pk>/withdraw/", rating_withdraw, name="rating-withdraw"),
]
