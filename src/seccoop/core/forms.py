from functools import cache
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm


@cache
def consent_banner() -> list[str]:
    """The notice and consent banner as paragraphs and list items, read once per process."""
    return Path(settings.SECCOOP_CONSENT_BANNER_FILE).read_text(encoding="utf-8").splitlines()


class SignInForm(AuthenticationForm):
    """Sign-in that requires acknowledging the notice and consent banner first."""

    consent = forms.BooleanField(
        required=True,
        label="I have read the notice above and consent to its conditions.",
        error_messages={"required": "You must accept the notice and consent banner to sign in."},
    )


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        required=True,
        label="I have read the notice above and consent to its conditions.",
        error_messages={"required": "You must accept the notice and consent banner to sign in."},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
