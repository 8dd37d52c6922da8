"""Smart card (client certificate) sign-in through the reverse proxy.

The proxy in front of the app servers verifies the user's certificate
(CAC/PIV) against the DoD PKI and passes its subject distinguished name in
a request header. The header is trusted only when SECCOOP_CLIENT_CERT_HEADER
names it and the request comes straight from one of the addresses in
SECCOOP_CLIENT_CERT_PROXIES: anyone else can send any header. Off by default.

The sign-in page for smart cards (/sign-in/certificate/) shows the notice
and consent banner like the password sign-in; once the user consents, the
certificate's holder is signed in. An administrator maps a subject to an
account in the admin (`ClientCertificate`); an unknown subject signs no one
in, and the refusal goes to the audit log.
"""

from __future__ import annotations

import ipaddress

from django import forms
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from seccoop.core.forms import consent_banner

SESSION_KEY = "seccoop_client_certificate"
BACKEND = "seccoop.core.client_cert.ClientCertificateBackend"


class ClientCertificate(models.Model):
    """A smart card certificate, by its subject, that signs a member of staff in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_certificates"
    )
    subject = models.CharField(
        max_length=500,
        unique=True,
        help_text="The subject distinguished name the proxy passes, such as "
        "“CN=DOE.JANE.A.1234567890,OU=USA,OU=PKI,OU=DoD,O=U.S. Government,C=US”.",
    )
    active = models.BooleanField(default=True, help_text="Untick to stop the card signing in.")
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        app_label = "core"
        ordering = ["user__username", "subject"]
        verbose_name = "client certificate"

    def __str__(self) -> str:
        return f"{self.subject} → {self.user}"


class ClientCertificateBackend(ModelBackend):
    """Loads the user of a session opened with a certificate (passwords stay with ModelBackend)."""

    def authenticate(self, request, client_certificate_subject=None, **kwargs):
        if not client_certificate_subject:
            return None
        mapping = (
            ClientCertificate.objects.select_related("user")
            .filter(subject=client_certificate_subject, active=True)
            .first()
        )
        if mapping is None or not self.user_can_authenticate(mapping.user):
            return None
        return mapping.user


def _trusted_networks():
    networks = []
    for item in getattr(settings, "SECCOOP_CLIENT_CERT_PROXIES", []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"SECCOOP_CLIENT_CERT_PROXIES: {item!r} is not an address or network."
            ) from exc
    return networks


def certificate_subject(request) -> str | None:
    """The subject the trusted proxy passed, or None (off, absent, or not from the proxy)."""
    header = getattr(settings, "SECCOOP_CLIENT_CERT_HEADER", "")
    if not header:
        return None
    subject = request.META.get("HTTP_" + header.upper().replace("-", "_"), "").strip()
    if not subject:
        return None
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return None
    if not any(address in network for network in _trusted_networks()):
        return None
    return subject


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        required=True,
        label="I have read the notice above and consent to its conditions.",
        error_messages={"required": "You must accept the notice and consent banner to sign in."},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


def _refuse(request, subject: str) -> None:
    from seccoop.core.audit import record
    from seccoop.core.models import AuditAction

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


class ClientCertificateMiddleware:
    """Sign out a certificate session when its certificate no longer comes with the requests.

    Placed after AuthenticationMiddleware. A session opened with a smart card
    lasts while the proxy passes the same certificate: a removed card, or
    another one, ends it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        if getattr(settings, "SECCOOP_CLIENT_CERT_HEADER", "") and not _trusted_networks():
            raise ImproperlyConfigured(
                "SECCOOP_CLIENT_CERT_HEADER is set but SECCOOP_CLIENT_CERT_PROXIES is empty: "
                "name the proxy addresses the header may come from."
            )

    def __call__(self, request):
        opened_with = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if opened_with is not None and certificate_subject(request) != opened_with:
            auth.logout(request)
        return self.get_response(request)
