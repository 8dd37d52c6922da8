"""Disclosure request pages: the list, submitting, the request with its reviews, decision and
releases, and the delegation of disclosure authority letters."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from seccoop.controls import disclosure_policy, services
from seccoop.controls.filters import DelegationFilter, DisclosureRequestFilter
from seccoop.controls.forms import (
    AddReviewForm,
    ApproveDelegationForm,
    CompleteReviewForm,
    DelegationForm,
    DisclosureRequestForm,
    ReleaseForm,
    TransitionForm,
)
from seccoop.controls.models import (
    DelegationOfDisclosureAuthority,
    DisclosureRequest,
    DisclosureReview,
    PolicyException,
    Release,
    ReviewOutcome,
)
from seccoop.controls.views.common import (
    record_context,
    require_controls_reader,
    require_controls_writer,
)
from seccoop.core import permissions
from seccoop.core.lookups import visible_or_404
from seccoop.core.pages import flash_errors, page_of, put_errors, with_uswds_classes
from seccoop.core.services import ConcurrentEditError
from seccoop.partners.markings import marking_line, metadata_only_notice


@login_required
def disclosure_list(request):
    require_controls_reader(request.user)
    found = DisclosureRequestFilter(
        request.GET,
        queryset=DisclosureRequest.objects.visible_to(request.user)
        .active()
        .prefetch_related("countries"),
    )
    with_uswds_classes(found.form)
    page, page_range = page_of(request, found.qs)
    return render(
        request,
        "controls/disclosure_list.html",
        {
            "filter": found,
            "page": page,
            "page_range": page_range,
            "may_add": permissions.can(request.user, "add", DisclosureRequest()),
        },
    )


@login_required
def disclosure_new(request):
    require_controls_writer(request.user)
    form = DisclosureRequestForm(
        request.POST or None, initial={"submitted_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = services.DisclosureData(
            **{
                name: value
                for name, value in form.cleaned_data.items()
                if name not in ("countries", "releasable_to")
            },
            countries=list(form.cleaned_data["countries"]),
            releasable_to=list(form.cleaned_data["releasable_to"]),
            requested_by=getattr(request.user, "person", None),
        )
        try:
            disclosure = services.submit_disclosure_request(user=request.user, data=data)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, f"The disclosure request “{disclosure}” was submitted.")
            return redirect(disclosure)
    return render(
        request,
        "controls/form_page.html",
        {
            "form": form,
            "title": "Submit a disclosure request",
            "submit": "Submit the request",
            "cancel": "../",
            "list_url": "controls:disclosure-list",
            "list_label": "Disclosure requests",
            "intro": "Give one purpose: a case, a program, an agreement, or a foreign visit "
            "(an engagement, or a description). In the lists, hold Ctrl (or Command) to choose "
            "several.",
        },
    )


def _disclosure(user, pk) -> DisclosureRequest:
    return visible_or_404(
        user,
        DisclosureRequest.objects.select_related(
            "case", "program", "agreement", "visit", "requested_by", "delegation"
        ),
        pk=pk,
    )


@login_required
def disclosure_detail(request, pk, *, transition_form=None, release_form=None, status=200):
    user = request.user
    disclosure = _disclosure(user, pk)
    countries = list(disclosure.countries.all())
    reviews = list(disclosure.reviews.active().select_related("reviewer"))
    available = services.DISCLOSURE_WORKFLOW.available(user, disclosure)
    today = timezone.localdate()
    separated = disclosure_policy.separation_refusal(user, disclosure, "review or decide it")
    if separated:
        # Whoever submitted the request sees it, and may start its review, but not decide it.
        available = [t for t in available if t.name not in services.DEFAULT_OUTCOME]
    conflicts = disclosure_policy.policy_conflicts(disclosure, countries)
    exceptions = list(
        disclosure.policy_exceptions.active().prefetch_related("countries").order_by("-pk")
    )
    context = {
        "separated": separated,
        "conflicts": [line for country in countries for line in conflicts.get(country.pk, [])],
        "exceptions": exceptions,
        "criteria": list(disclosure.criteria.active()),
        "may_prepare_exception": not disclosure.is_decided
        and permissions.can(user, "add", PolicyException(request=disclosure)),
        "record": disclosure,
        "disclosure": disclosure,
        "marking": marking_line(disclosure),
        "metadata_only": metadata_only_notice(
            disclosure.information_level, disclosure.get_information_level_display()
        ),
        "countries": countries,
        "reviews": reviews,
        "decisions": list(disclosure.country_decisions.active().select_related("country")),
        "releases": list(disclosure.releases.active().select_related("country", "released_by")),
        "log": list(services.DISCLOSURE_WORKFLOW.log(disclosure)),
        "transitions": available,
        "transition_form": transition_form
        or TransitionForm(countries=countries, initial={"version": disclosure.version}),
        "review_forms": {
            review.pk: CompleteReviewForm(
                initial={"completed_on": today}, prefix=f"review-{review.pk}"
            )
            for review in reviews
            if review.outcome == ReviewOutcome.PENDING
            and not disclosure.is_decided
            and not separated
            and permissions.can(user, "change", review)
        },
        "add_review_form": AddReviewForm(),
        "may_release": permissions.can(user, "add", Release(request=disclosure)),
        "release_form": release_form or _release_form(countries, today),
        **record_context(user, disclosure, "disclosure", countries),
    }
    return render(request, "controls/disclosure_detail.html", context, status=status)


def _release_form(countries, today, data=None):
    form = ReleaseForm(data, initial={"released_on": today})
    # Every country of the request is offered: a refused release says why.
    form.fields["country"].queryset = form.fields["country"].queryset.filter(
        pk__in=[country.pk for country in countries]
    )
    return form


@login_required
@require_POST
def disclosure_move(request, pk):
    user = request.user
    disclosure = _disclosure(user, pk)
    permissions.require(user, "change", disclosure)
    countries = list(disclosure.countries.all())
    form = TransitionForm(request.POST, countries=countries)
    name = request.POST.get("transition", "")
    if form.is_valid():
        try:
            services.move_disclosure_request(
                user=user,
                request=disclosure,
                name=name,
                note=form.cleaned_data["note"],
                reasons=form.cleaned_data["reasons"],
                conditions=form.cleaned_data["conditions"],
                countries=form.lines(),
                criteria=form.criteria_lines(),
                expected_version=form.cleaned_data["version"],
            )
        except ConcurrentEditError as exc:
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"The request is now “{disclosure.get_state_display()}”.")
            return redirect(disclosure)
    return disclosure_detail(request, pk, transition_form=form, status=400)


@login_required
@require_POST
def review_add(request, pk):
    disclosure = _disclosure(request.user, pk)
    permissions.require(request.user, "change", disclosure)
    form = AddReviewForm(request.POST)
    if form.is_valid():
        try:
            services.add_review(user=request.user, request=disclosure, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
    if form.errors:
        flash_errors(request, form)
    else:
        messages.success(request, "The review was added.")
    return redirect(disclosure)


@login_required
@require_POST
def review_complete(request, pk):
    review = visible_or_404(request.user, DisclosureReview.objects.select_related("request"), pk=pk)
    permissions.require(request.user, "change", review)
    form = CompleteReviewForm(request.POST, prefix=f"review-{review.pk}")
    if form.is_valid():
        try:
            services.complete_review(user=request.user, review=review, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
    if form.errors:
        flash_errors(request, form)
    else:
        messages.success(request, f"The {review.get_kind_display().lower()} review was recorded.")
    return redirect("controls:disclosure-detail", review.request_id)


@login_required
@require_POST
def release_new(request, pk):
    disclosure = _disclosure(request.user, pk)
    permissions.require(request.user, "add", Release(request=disclosure))
    form = _release_form(list(disclosure.countries.all()), timezone.localdate(), request.POST)
    if form.is_valid():
        try:
            services.record_release(
                user=request.user,
                request=disclosure,
                released_by=getattr(request.user, "person", None),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, "The release was recorded.")
            return redirect(disclosure)
    return disclosure_detail(request, pk, release_form=form, status=400)


# --- delegation of disclosure authority letters -----------------------------------


@login_required
def delegation_list(request):
    require_controls_reader(request.user)
    found = DelegationFilter(
        request.GET,
        queryset=DelegationOfDisclosureAuthority.objects.visible_to(request.user)
        .active()
        .select_related("program", "agreement")
        .prefetch_related("countries"),
    )
    with_uswds_classes(found.form)
    page, page_range = page_of(request, found.qs)
    return render(
        request,
        "controls/delegation_list.html",
        {
            "filter": found,
            "page": page,
            "page_range": page_range,
            "may_add": permissions.can(request.user, "add", DelegationOfDisclosureAuthority()),
        },
    )


@login_required
def delegation_new(request):
    require_controls_writer(request.user)
    initial = {"effective_on": timezone.localdate(), "program": request.GET.get("program")}
    form = DelegationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        countries = list(data.pop("countries"))
        try:
            letter = services.issue_delegation(user=request.user, data=data, countries=countries)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, f"Version {letter.version_number} of the letter was issued.")
            return redirect(letter)
    return render(
        request,
        "controls/form_page.html",
        {
            "form": form,
            "title": "Issue a delegation of disclosure authority letter",
            "submit": "Issue the letter",
            "cancel": "../",
            "list_url": "controls:delegation-list",
            "list_label": "Delegation letters",
            "intro": "A letter in the format of DoDD 5230.11, enclosure 4, for a program, an "
            "international agreement, foreign liaison officers, exchange personnel or an "
            "organization. A new letter becomes the next version of its subject's letter; once "
            "the designated disclosure authority approves it, it supersedes the current "
            "version, which is kept. Nothing is released under a letter before its approval.",
        },
    )


@login_required
def delegation_detail(request, pk):
    user = request.user
    letter = visible_or_404(
        user,
        DelegationOfDisclosureAuthority.objects.select_related(
            "program", "agreement", "approved_by"
        ),
        pk=pk,
    )
    countries = list(letter.countries.all())
    versions = list(
        DelegationOfDisclosureAuthority.objects.visible_to(user)
        .filter(letter_key=letter.letter_key)
        .order_by("-version_number")
    )
    return render(
        request,
        "controls/delegation_detail.html",
        {
            "record": letter,
            "letter": letter,
            "countries": countries,
            "versions": versions,
            "approve_form": ApproveDelegationForm(
                initial={"version": letter.version, "approved_on": timezone.localdate()}
            ),
            **record_context(user, letter, "delegation", countries),
        },
    )


urlpatterns = [
    path("disclosure/", disclosure_list, name="disclosure-list"),
    path("disclosure/new/", disclosure_new, name="disclosure-new"),
    path("disclosure/<int:pk>/", disclosure_detail, name="disclosure-detail"),
    path("disclosure/<int:pk>/move/", disclosure_move, name="disclosure-move"),
    path("disclosure/<int:pk>/reviews/", review_add, name="review-add"),
    path("disclosure/<int:pk>/releases/", release_new, name="release-new"),
    path("reviews/<int:pk>/complete/", review_complete, name="review-complete"),
    path("delegations/", delegation_list, name="delegation-list"),
    path("delegations/new/", delegation_new, name="delegation-new"),
    path("delegations/<int:pk>/", delegation_detail, name="delegation-detail"),
]
