"""What every controls page shares: the gate, record lookup, staffing and assignments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_POST

from seccoop.controls import models
from seccoop.controls.forms import AssignForm
from seccoop.controls.policies import may_change_controls, sees_all_controls
from seccoop.core import permissions
from seccoop.core.history import change_history
from seccoop.core.lookups import visible_or_404
from seccoop.core.pages import flash_errors, put_errors
from seccoop.partners.services import assign
from seccoop.partners.staffing import rank_for_record
from seccoop.workforce.models import Assignment
from seccoop.workforce.staffing import may_staff

REFUSED = (
    "Foreign disclosure and end-use records are open to foreign disclosure specialists, "
    "leadership, administrators and the people assigned to them."
)

# The records people are assigned to, by the name used in their page addresses.
ASSIGNABLE = {
    "disclosure": (models.DisclosureRequest, "controls:disclosure-detail"),
    "delegation": (models.DelegationOfDisclosureAuthority, "controls:delegation-detail"),
    "agreement": (models.SecurityAgreement, "controls:agreement-detail"),
    "item": (models.EndUseItem, "controls:item-detail"),
    "nominee": (models.Nominee, "controls:nominee-detail"),
    "constraint": (models.ExecutionConstraint, "controls:constraint-detail"),
    "visit": (models.VisitRequest, "controls:visit-detail"),
    "representative": (models.ForeignRepresentative, "controls:representative-detail"),
    "compliance-visit": (models.ComplianceVisit, "controls:compliance-detail"),
    "violation": (models.PotentialViolation, "controls:violation-detail"),
    "consent": (models.EndUseRequest, "controls:consent-detail"),
}


def assigned_anywhere(user) -> bool:
    person = getattr(user, "person", None)
    if person is None:
        return False
    types = ContentType.objects.get_for_models(*[model for model, _ in ASSIGNABLE.values()])
    return (
        Assignment.objects.active()
        .filter(person=person, source_type__in=list(types.values()))
        .exists()
        # A visit's host and escort read it (policies.VisitPolicy).
        or models.VisitRequest.objects.filter(Q(host=person) | Q(escort=person)).exists()
    )


def require_controls_reader(user) -> None:
    """Refuse (403) anyone who sees no controls record at all."""
    if not (sees_all_controls(user) or assigned_anywhere(user)):
        raise PermissionDenied(REFUSED)


def require_controls_writer(user) -> None:
    if not may_change_controls(user):
        raise PermissionDenied("Only foreign disclosure specialists and administrators do this.")


def record_context(user, record, kind: str, countries=()) -> dict:
    """The history, assignments and staffing ranking every record page shows."""
    context = {
        "history": change_history(record),
        "assignments": list(
            Assignment.objects.active().of(record).select_related("person").order_by("pk")
        ),
        "assign_kind": kind,
        "may_change": permissions.can(user, "change", record),
        "ranking": None,
    }
    if may_staff(user):
        context["ranking"] = rank_for_record(user, record, countries=countries)
    if context["may_change"]:
        context["assign_form"] = AssignForm()
    return context


@login_required
@require_POST
def assign_person(request, kind, pk):
    if kind not in ASSIGNABLE:
        from django.http import Http404

        raise Http404("No such record.")
    model, detail = ASSIGNABLE[kind]
    record = visible_or_404(request.user, model.objects.all(), pk=pk)
    permissions.require(request.user, "change", record)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            assign(user=request.user, record=record, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
    if form.errors:
        flash_errors(request, form)
    else:
        messages.success(request, f"{form.cleaned_data['person']} was assigned.")
    return redirect(detail, record.pk)


urlpatterns = [path("assign/<str:kind>/<int:pk>/", assign_person, name="assign")]
