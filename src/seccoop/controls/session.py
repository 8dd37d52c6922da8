"""Whether the navigation offers the controls pages, asked once at sign-in.

The controls pages refuse anyone who sees no controls record at all
(`views.common.require_controls_reader`); the navigation offers them only to
those it lets in, as it does staffing. The pages themselves check again.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

READS_CONTROLS_KEY = "seccoop_reads_controls"


@receiver(user_logged_in, dispatch_uid="seccoop-controls-reader")
def remember_whether_the_user_reads_controls(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        from seccoop.controls.views.common import assigned_anywhere, sees_all_controls

        request.session[READS_CONTROLS_KEY] = sees_all_controls(user) or assigned_anywhere(user)
