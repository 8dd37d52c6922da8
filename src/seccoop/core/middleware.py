import time

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import logout
from django.core.exceptions import ImproperlyConfigured
from django.utils.cache import add_never_cache_headers

from seccoop.core.backends import SESSION_KEY, certificate_subject, trusted_networks


class SessionIdleTimeoutMiddleware:
    """Sign a user out after SESSION_IDLE_TIMEOUT seconds without a request."""

    KEY = "seccoop_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(self.KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                request.session["seccoop_timed_out"] = True
            else:
                request.session[self.KEY] = now
        return self.get_response(request)


class NoStoreWhenSignedInMiddleware:
    """Send `Cache-Control: no-store` on every response to a signed-in user (or an API token).

    Pages and API answers carry the directorate's records, which must not stay
    in a browser's or a shared proxy's cache once the session ends. Placed after
    AuthenticationMiddleware; the static files are served before it, and stay
    cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        # The API signs a token's user in during the request; a sign-out ends one.
        if signed_in or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


class ClientCertificateMiddleware:
    """Sign out a certificate session when its certificate no longer comes with the requests.

    Placed after AuthenticationMiddleware. A session opened with a smart card
    lasts while the proxy passes the same certificate: a removed card, or
    another one, ends it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        if getattr(settings, "SECCOOP_CLIENT_CERT_HEADER", "") and not trusted_networks():
            raise ImproperlyConfigured(
                "SECCOOP_CLIENT_CERT_HEADER is set but SECCOOP_CLIENT_CERT_PROXIES is empty: "
                "name the proxy addresses the header may come from."
            )

    def __call__(self, request):
        opened_with = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if opened_with is not None and certificate_subject(request) != opened_with:
            auth.logout(request)
        return self.get_response(request)
