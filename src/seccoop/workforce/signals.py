"""Workforce facts remembered for a session, and the gap figures' change counter."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from seccoop.competencies.models import Competency, Framework, ProficiencyScale
from seccoop.core.imports import records_written
from seccoop.workforce.gap_figures import figures_changed
from seccoop.workforce.models import (
    CurrentLevel,
    OrgUnit,
    Person,
    Position,
    Rating,
    RoleRequirement,
    RoleTemplate,
)

SUPERVISES_KEY = "seccoop_supervises"
MAY_STAFF_KEY = "seccoop_may_staff"


@receiver(user_logged_in)
def remember_whether_the_user_supervises(sender, request, user, **kwargs):
    # The navigation offers team rating only to supervisors; asking once at
    # sign-in keeps that question off every page. The page itself re-checks.
    if request is not None and hasattr(request, "session"):
        request.session[SUPERVISES_KEY] = Position.objects.filter(
            reports_to__incumbent__user=user
        ).exists()
        # Staffing and coverage likewise: offered to whoever may see others' ratings.
        from seccoop.workforce.staffing import may_staff

        request.session[MAY_STAFF_KEY] = may_staff(user)


# --- the gap figures' change counter (see workforce.gap_figures) ---------------

# Saves and deletes of these change what a gap figure counts. Current levels
# are written in bulk by two services, which raise the counter themselves; a
# rating deleted on its own takes its current level with it.
CHANGES_FIGURES = {
    post_save: [OrgUnit, Person, Position, RoleTemplate, RoleRequirement],
    post_delete: [OrgUnit, Person, Position, RoleTemplate, RoleRequirement, Rating],
}
for _signal, _models in CHANGES_FIGURES.items():
    for _model in _models:
        _signal.connect(
            figures_changed, sender=_model, dispatch_uid=f"gap-figures-{_model.__name__}"
        )
for _model in (Framework, Competency, ProficiencyScale):
    post_save.connect(figures_changed, sender=_model, dispatch_uid=f"gap-figures-{_model.__name__}")


# Written in bulk by imports, which send no save signals but `records_written`.
# Ratings count: an import of ratings moves current levels (it used to be left
# out here, which kept figures from before a ratings import on the heatmap).
WRITTEN_IN_BULK = {*CHANGES_FIGURES[post_save], *CHANGES_FIGURES[post_delete], CurrentLevel}


@receiver(records_written)
def figures_changed_by_import(sender, **kwargs):
    if sender in WRITTEN_IN_BULK:
        figures_changed()
