"""The mapping page: paste a description of work, see the sub-competencies it exercises."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from seccoop.competencies import mapping
from seccoop.competencies.models import Framework

MAX_TEXT = 4000


class MappingForm(forms.Form):
    text = forms.CharField(
        label="Description of the work",
        max_length=MAX_TEXT,
        strip=True,
        widget=forms.Textarea(
            attrs={"class": "usa-textarea", "rows": 4, "aria-describedby": "id_text_hint"}
        ),
    )
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.none(),
        to_field_name="slug",
        empty_label=None,
        widget=forms.Select(attrs={"class": "usa-select"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        frameworks = Framework.objects.visible_to(user).active()
        self.fields["framework"].queryset = frameworks
        self.fields["framework"].initial = settings.SECCOOP_DEFAULT_FRAMEWORK


@login_required
def mapping_page(request):
    # POST keeps what people write about their work out of URLs and server logs.
    form = MappingForm(request.POST or None, user=request.user)
    suggestions, unavailable, status, framework = None, None, 200, None
    if request.method == "POST":
        if form.is_valid():
            framework = form.cleaned_data["framework"]
            try:
                suggestions = mapping.suggest(framework, form.cleaned_data["text"])
            except mapping.MappingUnavailable as exc:
                unavailable, status = str(exc), 503
        else:
            status = 400
    return render(
        request,
        "competencies/mapping.html",
        {
            "form": form,
            "framework": framework,
            "suggestions": suggestions,
            "unavailable": unavailable,
            "model_state": mapping.model_state(),
        },
        status=status,
    )
