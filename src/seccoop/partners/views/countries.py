"""Country pages: the list, the country page with its profile and gaps, the heatmap, coverage,
partner organizations and counterparts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone

from seccoop.core import permissions
from seccoop.core.history import change_history
from seccoop.core.lookups import visible_or_404
from seccoop.core.pages import page_of, put_errors, with_uswds_classes
from seccoop.core.panels import panels_for
from seccoop.partners import policies, selectors, services
from seccoop.partners.filters import CounterpartFilter, CountryFilter, OrganizationFilter
from seccoop.partners.forms import DeskForm, GapAssessmentForm, ProfileSectionForm
from seccoop.partners.models import (
    CapabilityGapAssessment,
    Country,
    Engagement,
    PartnerOrganization,
    ProfileSection,
    ProfileSectionKind,
    Region,
)

RECENT = 10


# --- countries -------------------------------------------------------------------


@login_required
def country_list(request):
    found = CountryFilter(request.GET, queryset=selectors.countries(request.user))
    with_uswds_classes(found.form)
    page, page_range = page_of(request, found.qs)
    return render(
        request,
        "partners/country_list.html",
        {"filter": found, "page": page, "page_range": page_range},
    )


def _country(user, pk) -> Country:
    return visible_or_404(
        user,
        Country.objects.visible_to(user).select_related(
            "region",
            "primary_desk_officer__position",
            "backup_desk_officer__position",
        ),
        pk=pk,
    )


@login_required
def country_detail(request, pk):
    user = request.user
    country = _country(user, pk)
    today = timezone.localdate()
    sections = {
        section.kind: section
        for section in ProfileSection.objects.active()
        .filter(country=country)
        .prefetch_related("releasable_to")
    }
    engagements = (
        Engagement.objects.visible_to(user)
        .active()
        .filter(countries=country)
        .select_related("engagement_type")
    )
    country_actions = (
        services.open_actions(selectors.actions(user))
        .filter(engagement__countries=country)
        .distinct()
    )
    counterparts = selectors.counterparts(user).filter(organization__country=country)
    return render(
        request,
        "partners/country_detail.html",
        {
            "country": country,
            "groupings": list(country.groupings.all()),
            "profile": [sections[kind] for kind in ProfileSectionKind if kind in sections],
            "gaps": list(services.latest_gap_assessments(Country.objects.filter(pk=country.pk))),
            "organizations": list(
                PartnerOrganization.objects.visible_to(user).active().filter(country=country)
            ),
            "counterparts": list(counterparts[:100]),
            "upcoming": list(engagements.filter(ends_on__gte=today).order_by("starts_on")[:RECENT]),
            "recent": list(engagements.filter(ends_on__lt=today).order_by("-starts_on")[:RECENT]),
            "open_actions": list(country_actions[:50]),
            "today": today,
            "may_change": permissions.can(user, "change_profile", country),
            "may_assign": permissions.can(user, "change", country),
            "history": change_history(country),
            # Other apps' panels: security agreements, objectives for the country.
            "panels": panels_for("country", user, country),
        },
    )


@login_required
def profile_edit(request, pk):
    country = _country(request.user, pk)
    if not permissions.can(request.user, "change_profile", country):
        raise PermissionDenied(
            "Only this country's desk officers and their chain edit its profile."
        )
    kind = request.GET.get("kind") or request.POST.get("kind") or ProfileSectionKind.POLITICAL
    section = ProfileSection.objects.filter(country=country, kind=kind).first()
    initial = {"kind": kind, "as_of": timezone.localdate()}
    if section is not None:
        initial["text"] = section.text
        initial["version"] = section.version
    form = ProfileSectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            values = dict(form.cleaned_data)
            services.revise_profile_section(
                user=request.user,
                country=country,
                expected_version=values.pop("version"),
                **values,
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, "The profile section was saved.")
            return redirect(country)
    return render(
        request,
        "partners/form_page.html",
        {
            "form": form,
            "title": f"Edit the profile of {country}",
            "parent": country,
            "parent_url": "partners:country-detail",
            "submit": "Save the section",
            "history": change_history(section) if section else None,
        },
    )


@login_required
def gap_new(request, pk):
    country = _country(request.user, pk)
    if not permissions.can(request.user, "assess_gaps", country):
        raise PermissionDenied("Only this country's desk officers and their chain assess its gaps.")
    form = GapAssessmentForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_gap_assessment(user=request.user, country=country, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, "The capability gap assessment was recorded.")
            return redirect(country)
    history = (
        CapabilityGapAssessment.objects.active()
        .filter(country=country)
        .order_by("area", "-assessed_on")
    )
    return render(
        request,
        "partners/gap_form.html",
        {"form": form, "country": country, "assessments": history},
    )


@login_required
def desk_edit(request, pk):
    country = _country(request.user, pk)
    permissions.require(request.user, "change", country)
    form = DeskForm(
        request.POST or None,
        initial={
            "primary": country.primary_desk_officer_id,
            "backup": country.backup_desk_officer_id,
            "version": country.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_desk_officers(
                user=request.user,
                country=country,
                primary=form.cleaned_data["primary"],
                backup=form.cleaned_data["backup"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, f"The desk officers of {country} were saved.")
            return redirect(country)
    return render(
        request,
        "partners/form_page.html",
        {
            "form": form,
            "title": f"Desk officers of {country}",
            "parent": country,
            "parent_url": "partners:country-detail",
            "submit": "Save the desk officers",
        },
    )


# --- heatmap and coverage ----------------------------------------------------------


@login_required
def capability_heatmap(request):
    region = request.GET.get("region")
    countries = selectors.countries(request.user)
    if region:
        countries = countries.filter(region__code=region)
    return render(
        request,
        "partners/capability_heatmap.html",
        {
            "heatmap": services.capability_heatmap(countries),
            "regions": Region.objects.active(),
            "region": region,
        },
    )


@login_required
def coverage(request):
    if not policies.may_see_coverage(request.user):
        raise PermissionDenied(
            "Desk coverage shows desk officers' proficiency: leadership, workforce managers "
            "and administrators see it."
        )
    lines = services.country_coverage()
    show_all = request.GET.get("show") == "all"
    shown = lines if show_all else [line for line in lines if not line.covered]
    return render(
        request,
        "partners/coverage.html",
        {
            "lines": shown,
            "show_all": show_all,
            "codes": services.ORIENTATION_CODES,
            "total": len(lines),
            "uncovered": sum(not line.covered for line in lines),
        },
    )


# --- organizations and counterparts ------------------------------------------------


@login_required
def organization_list(request):
    found = OrganizationFilter(request.GET, queryset=selectors.organizations(request.user))
    with_uswds_classes(found.form)
    page, page_range = page_of(request, found.qs)
    return render(
        request,
        "partners/organization_list.html",
        {"filter": found, "page": page, "page_range": page_range},
    )


@login_required
def organization_detail(request, pk):
    organization = get_object_or_404(
        PartnerOrganization.objects.visible_to(request.user).select_related("country"), pk=pk
    )
    return render(
        request,
        "partners/organization_detail.html",
        {
            "organization": organization,
            "counterparts": list(
                selectors.counterparts(request.user).filter(organization=organization)
            ),
            "engagements": list(
                Engagement.objects.visible_to(request.user)
                .active()
                .filter(organizations=organization)
                .select_related("engagement_type")
                .order_by("-starts_on")[:RECENT]
            ),
            "history": change_history(organization),
        },
    )


@login_required
def counterpart_list(request):
    found = CounterpartFilter(request.GET, queryset=selectors.counterparts(request.user))
    with_uswds_classes(found.form)
    page, page_range = page_of(request, found.qs)
    return render(
        request,
        "partners/counterpart_list.html",
        {"filter": found, "page": page, "page_range": page_range},
    )


@login_required
def counterpart_detail(request, pk):
    counterpart = get_object_or_404(selectors.counterparts(request.user), pk=pk)
    contacts = (
        Engagement.objects.visible_to(request.user)
        .active()
        .filter(counterparts=counterpart)
        .select_related("engagement_type")
        .prefetch_related(Prefetch("participants"))
        .order_by("-starts_on")
    )
    return render(
        request,
        "partners/counterpart_detail.html",
        {
            "counterpart": counterpart,
            "contact_visible": counterpart.contact_visible,
            "contacts": list(contacts[:50]),
            # The history would show the contact fields' old values, so it is shown
            # only to those who may see them.
            "history": change_history(counterpart) if counterpart.contact_visible else None,
        },
    )


urlpatterns = [
    path("countries/", country_list, name="country-list"),
    path("countries/<int:pk>/", country_detail, name="country-detail"),
    path("countries/<int:pk>/profile/", profile_edit, name="profile-edit"),
    path("countries/<int:pk>/gaps/", gap_new, name="gap-new"),
    path("countries/<int:pk>/desk/", desk_edit, name="desk-edit"),
    path("capabilities/", capability_heatmap, name="capability-heatmap"),
    path("coverage/", coverage, name="coverage"),
    path("organizations/", organization_list, name="organization-list"),
    path("organizations/<int:pk>/", organization_detail, name="organization-detail"),
    path("counterparts/", counterpart_list, name="counterpart-list"),
    path("counterparts/<int:pk>/", counterpart_detail, name="counterpart-detail"),
]
