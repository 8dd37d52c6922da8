"""Smart card (client certificate) sign-in through the reverse proxy.

The proxy in front of the app servers verifies the user's certificate
(CAC/PIV) against the DoD PKI and passes its subject distinguished name in
a request header. The header is trusted only when SECCOOP_CLIENT_CERT_HEADER
names it and the request comes straight from one of the addresses in
SECCOOP_CLIENT_CERT_PROXIES: anyone else can send any header. Off by default.

The sign-in page (core/certificate_views.py) shows the notice and consent
banner like the password sign-in; an administrator maps a subject to an
account in the admin (`ClientCertificate`, core/models.py); the middleware
(core/middleware.py) ends the session when the card stops coming.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured

from seccoop.core.models import ClientCertificate

# The session key holding the subject a session was opened with.
SESSION_KEY = "seccoop_client_certificate"
BACKEND = "seccoop.core.backends.ClientCertificateBackend"


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


def trusted_networks():
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
    if not any(address in network for network in trusted_networks()):
        return None
    return subject
