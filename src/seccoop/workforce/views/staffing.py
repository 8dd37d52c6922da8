"""Staffing and coverage pages: who fits a set of requirements, and who we cannot lose.

The figures and who may see them are decided in `workforce.staffing`; these
views read the request, check it, and render.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path

from seccoop.competencies.models import Framework
from seccoop.workforce import staffing
from seccoop.workforce.gaps import sub_competencies
from seccoop.workforce.heatmaps import people_whose_ratings_are_visible
from seccoop.workforce.models import OrgUnit

REQUIREMENT_ROWS = 8


class RequirementForm(forms.Form):
    """One row of a requirement set: a sub-competency and the lowest level wanted."""

    competency = forms.ChoiceField(
        required=False, label="Sub-competency", widget=forms.Select(attrs={"class": "usa-select"})
    )
    level = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="Lowest level wanted",
        widget=forms.Select(attrs={"class": "usa-select"}),
    )

    def __init__(self, *args, competencies, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [("", "—")] + [
            (c.code, f"{c.code} {c.label[:90]}") for c in competencies
        ]
        self.fields["level"].choices = [("", "—")] + [
            (level.value, f"{level.value} {level.name}") for level in levels if level.value > 0
        ]

    def clean(self):
        data = super().clean()
        if bool(data.get("competency")) != bool(data.get("level")):
            raise forms.ValidationError("Choose both a sub-competency and a level, or neither.")
        return data


class BaseRequirementFormSet(forms.BaseFormSet):
    """The rows together, checked by `staffing.requirements_from` as the API checks them."""

    catalog: staffing.RequirementCatalog
    requirements: list[staffing.Requirement] = []

    def clean(self):
        if any(self.errors):
            return
        rows = [
            (form.cleaned_data["competency"], form.cleaned_data["level"])
            for form in self.forms
            if form.cleaned_data.get("competency")
        ]
        try:
            self.requirements = staffing.requirements_from(self.catalog, rows)
        except ValidationError as exc:
            raise forms.ValidationError(
                [message for messages in exc.message_dict.values() for message in messages]
            ) from exc


RequirementFormSet = forms.formset_factory(
    RequirementForm,
    formset=BaseRequirementFormSet,
    extra=REQUIREMENT_ROWS,
    max_num=REQUIREMENT_ROWS,
    validate_max=True,
)


def _framework(request) -> Framework:
    slug = request.GET.get("framework") or settings.SECCOOP_DEFAULT_FRAMEWORK
    return get_object_or_404(
        Framework.objects.active().select_related("scale").prefetch_related("scale__levels"),
        slug=slug,
    )


def _within(request) -> OrgUnit | None:
    """The org unit the ranking keeps to (`?unit=`), as the heatmap's onward links ask."""
    value = request.GET.get("unit", "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404("No such org unit.")
    return get_object_or_404(OrgUnit.objects.active(), pk=int(value))


def _require_staffing(user):
    if not staffing.may_staff(user):
        raise PermissionDenied(staffing.STAFFING_REFUSED)


@login_required
def staffing_page(request):
    _require_staffing(request.user)
    framework = _framework(request)
    within = _within(request)
    competencies = sub_competencies(framework)
    levels = list(framework.scale.levels.all())
    kwargs = {"competencies": competencies, "levels": levels}
    submitted = "form-TOTAL_FORMS" in request.GET
    formset = RequirementFormSet(
        request.GET if submitted else None, form_kwargs=kwargs, prefix="form"
    )
    formset.catalog = staffing.RequirementCatalog(
        framework,
        {competency.code: competency for competency in competencies},
        [level.value for level in levels if level.value > 0],
    )
    ranked = None
    requirements = []
    if submitted and formset.is_valid():
        requirements = formset.requirements
        ranked = staffing.rank_people(
            request.user, framework, requirements, limit=staffing.RANKING_SHOWN, within=within
        )
    return render(
        request,
        "workforce/staffing/staffing.html",
        {
            "framework": framework,
            "within": within,
            "formset": formset,
            "requirements": requirements,
            "ranked": ranked,
        },
        status=400 if submitted and not formset.is_valid() else 200,
    )


@login_required
def coverage_page(request):
    _require_staffing(request.user)
    framework = _framework(request)
    candidates = list(people_whose_ratings_are_visible(request.user).order_by("last_name", "pk"))
    without = None
    chosen = request.GET.get("without", "")
    if chosen:
        without = next((p for p in candidates if str(p.pk) == chosen), None)
        if without is None:
            raise PermissionDenied(staffing.CHOOSE_VISIBLE)
    view = staffing.coverage_for(request.user, framework, without=without)
    return render(
        request,
        "workforce/staffing/coverage.html",
        {"framework": framework, "coverage": view, "candidates": candidates, "without": without},
    )


urlpatterns = [
    path("staffing/", staffing_page, name="staffing"),
    path("coverage/", coverage_page, name="coverage"),
]
