"""The calendar feed page (create or revoke my feed address) and the feed itself.

The feed is fetched by calendar programs without a session: the secret in
its address is the only credential, so an unknown or revoked one is answered
404, as for any missing page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from seccoop.core import calendar_feed
from seccoop.core.models import CalendarToken


def _feed_url(request, raw: str) -> str:
    return request.build_absolute_uri(reverse("calendar-feed", args=[raw]))


@login_required
@never_cache
def feed_page(request):
    token = CalendarToken.objects.usable().filter(user=request.user).first()
    return render(request, "core/calendar/feed.html", {"token": token})


@login_required
@require_POST
@never_cache
def feed_create(request):
    token, raw = calendar_feed.issue(user=request.user)
    # Rendered, not redirected: the address holds the secret and appears only here.
    return render(
        request,
        "core/calendar/feed.html",
        {"token": token, "feed_url": _feed_url(request, raw)},
    )


@login_required
@require_POST
def feed_revoke(request):
    tokens = list(CalendarToken.objects.usable().filter(user=request.user))
    for token in tokens:
        calendar_feed.revoke(user=request.user, token=token)
    if tokens:
        messages.success(request, "Your calendar feed address is revoked and no longer works.")
    else:
        messages.info(request, "You had no calendar feed address to revoke.")
    return redirect("calendar-feed-page")


@require_GET
def feed(request, secret: str):
    user = calendar_feed.user_of(secret)
    if user is None:
        raise Http404("No such calendar feed.")
    body = calendar_feed.render(user, base_url=request.build_absolute_uri("/")[:-1])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="seccoop.ics"'
    # Each fetch reads the work as it is now; nothing along the way keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response
