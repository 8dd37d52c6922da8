"""The API tokens page: a member of staff lists, creates and revokes their own tokens.

A token's secret appears exactly once, in the response to the request that
created it; only its digest is stored, so it cannot be shown again.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from seccoop.core.api_auth import MAX_LIFETIME_DAYS, issue_token, revoke_token
from seccoop.core.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What the token is for, such as “nightly export to the training system”.",
    )
    lifetime_days = forms.IntegerField(
        label="Lifetime in days",
        min_value=1,
        max_value=MAX_LIFETIME_DAYS,
        initial=90,
        help_text=f"The token stops working after this many days (at most {MAX_LIFETIME_DAYS}).",
    )


def token_status(token: ApiToken, now) -> str:
    if token.revoked_at is not None:
        return "Revoked"
    if token.expires_at <= now:
        return "Expired"
    return "Active"


@login_required
def token_list(request):
    now = timezone.now()
    tokens = [
        (token, token_status(token, now)) for token in ApiToken.objects.filter(user=request.user)
    ]
    return render(request, "core/tokens/list.html", {"tokens": tokens})


@login_required
@never_cache
def token_create(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = issue_token(
                user=request.user,
                name=form.cleaned_data["name"],
                lifetime_days=form.cleaned_data["lifetime_days"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # Rendered, not redirected: the secret must not travel through the
            # session or a URL, and this response is the only place it appears.
            return render(request, "core/tokens/created.html", {"token": token, "secret": secret})
    return render(request, "core/tokens/create.html", {"form": form})


@login_required
@require_POST
def token_revoke(request, pk: int):
    # Someone else's token is reported as missing, not as forbidden.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_token(user=request.user, token=token)
    messages.success(request, f"The token “{token.name}” is revoked and no longer works.")
    return redirect("api-token-list")
