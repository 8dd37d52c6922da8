"""My e-mail digest: how often "My work" comes by e-mail, and a preview of today's."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from seccoop.core import digest
from seccoop.core.models import DigestFrequency, Weekday
from seccoop.core.pages import with_uswds_classes


class DigestForm(forms.Form):
    frequency = forms.ChoiceField(
        label="Send me my work by e-mail",
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
    )
    weekday = forms.TypedChoiceField(
        label="Day of the weekly digest",
        choices=Weekday.choices,
        coerce=int,
        help_text="Used only for a weekly digest.",
    )


@login_required
def preferences(request):
    preference = digest.preference_of(request.user)
    if request.method == "POST":
        form = with_uswds_classes(DigestForm(request.POST))
        if form.is_valid():
            digest.save_preference(user=request.user, **form.cleaned_data)
            messages.success(request, "Your e-mail digest choice is saved.")
            return redirect("digest-preferences")
    else:
        form = with_uswds_classes(
            DigestForm(initial={"frequency": preference.frequency, "weekday": preference.weekday})
        )
    preview = digest.compose(request.user, base_url=request.build_absolute_uri("/")[:-1])
    return render(
        request,
        "core/digest/preferences.html",
        {"form": form, "preference": preference, "preview": preview},
    )
