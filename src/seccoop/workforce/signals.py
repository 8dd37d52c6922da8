"""Workforce facts remembered for the length of a session."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from seccoop.workforce.models import Position

SUPERVISES_KEY = "seccoop_supervises"


@receiver(user_logged_in)
def remember_whether_the_user_supervises(sender, request, user, **kwargs):
    # The navigation offers team rating only to supervisors; asking once at
    # sign-in keeps that question off every page. The page itself re-checks.
    if request is not None and hasattr(request, "session"):
        request.session[SUPERVISES_KEY] = Position.objects.filter(
            reports_to__incumbent__user=user
        ).exists()
