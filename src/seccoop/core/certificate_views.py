"""The smart card sign-in page (how the proxy vouches for a card: core/backends.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from seccoop.core.audit import record
from seccoop.core.backends import (
    BACKEND,
    SESSION_KEY,
    ClientCertificateBackend,
    certificate_subject,
)
from seccoop.core.forms import ConsentForm, consent_banner
from seccoop.core.models import AuditAction


def _refuse(request, subject: str) -> None:
    record(
        AuditAction.SIGN_IN_FAILED,
        request=request,
        actor_username=subject[:150],
        detail=f"No active account holds this client certificate: {subject}"[:500],
    )


def certificate_sign_in(request):
    """The notice and consent banner, then sign-in with the certificate the proxy vouches for."""
    if not getattr(settings, "SECCOOP_CLIENT_CERT_HEADER", ""):
        raise Http404("Smart card sign-in is not enabled.")
    subject = certificate_subject(request)
    form = ConsentForm(
        request.POST if request.method == "POST" else None,
        initial={"next": request.GET.get("next", "")},
    )
    status, refused = 200, False
    if request.method == "POST" and subject is not None and form.is_valid():
        user = ClientCertificateBackend().authenticate(request, client_certificate_subject=subject)
        if user is not None:
            auth.login(request, user, backend=BACKEND)  # the audit log records the sign-in
            request.session[SESSION_KEY] = subject
            target = form.cleaned_data["next"]
            if not url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                target = resolve_url(settings.LOGIN_REDIRECT_URL)
            return redirect(target)
        _refuse(request, subject)
        status, refused = 403, True
    context = {"form": form, "subject": subject, "refused": refused,
               "consent_banner": consent_banner}  # fmt: skip
    return render(request, "registration/certificate_sign_in.html", context, status=status)
