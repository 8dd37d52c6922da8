"""The site's own pages for a refused request (403) and a missing page (404).

A person who follows a link they may not use sees why, in the words the view
gave when it refused, and where to go next, in the site's own layout: never a
bare "403 Forbidden", nor, on a server run with DEBUG, Django's list of every
URL the site knows.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import Resolver404, resolve

# What a refusal says when the view that refused gave no reason of its own.
DEFAULT_REASON = "Your roles and assignments do not give you access to this page."


def _reason(exception) -> str:
    # Django's own refusals carry no message, and a 404's message may name internals
    # (a model, a URL pattern), so only a refusal's own sentence is shown.
    text = str(exception or "").strip()
    return text or DEFAULT_REASON


def refused(request, exception=None):
    """handler403: the page the user may not open, why, and where to go instead."""
    return render(request, "403.html", {"reason": _reason(exception)}, status=403)


def not_found(request, exception=None):
    """handler404: nothing at this address, or nothing this user may see there."""
    return render(request, "404.html", {"path": request.path}, status=404)


class StyledNotFoundMiddleware:
    """With DEBUG on, Django answers a 404 with its technical page, bypassing handler404.

    That page lists every URL pattern of the site; the demo server runs with
    DEBUG, so this middleware answers with the site's own page there too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG:
            try:
                resolve(request.path_info)
            except Resolver404 as exc:
                return not_found(request, exc)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return not_found(request, exception)
        return None
