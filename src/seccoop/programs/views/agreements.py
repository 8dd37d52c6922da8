"""International agreement pages: the list, the pipeline, the agreements expiring soon,
creating and editing, and the page of an agreement with its workflow, negotiation rounds,
documents, post-agreement interactions, staff and staffing ranking.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Min
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from seccoop.core import permissions
from seccoop.core.lookups import visible_or_404
from seccoop.core.pages import page_of, with_uswds_classes
from seccoop.core.services import ConcurrentEditError
from seccoop.partners.models import Engagement
from seccoop.programs.filters_cooperation import AgreementFilter
from seccoop.programs.forms_cooperation import (
    AgreementForm,
    ConcurrenceForm,
    DraftUploadForm,
    NegotiationRoundForm,
    NoticeForm,
    ObligationForm,
    interaction_form,
)
from seccoop.programs.models import (
    Agreement,
    AgreementDraft,
    AgreementObligation,
    AgreementState,
    ConcurrenceOffice,
    Instrument,
    PartnerContribution,
    Program,
)
from seccoop.programs.policies_cooperation import may_create
from seccoop.programs.services import agreements as services
from seccoop.programs.views.cooperation import (
    _edit_form,
    add_assignment,
    attach_document_view,
    record_context,
    take_transition,
    with_markings,
)


def _agreements(user):
    return Agreement.objects.visible_to(user).active()


def _agreement(user, pk) -> Agreement:
    return visible_or_404(
        user,
        _agreements(user).select_related(
            "agreement_type", "program", "org_unit", "authority", "parent"
        ),
        pk=pk,
    )


def _parents(user):
    """The agreements an instrument may fall under."""
    return _agreements(user).filter(instrument=Instrument.AGREEMENT)


def _programs(user):
    return Program.objects.visible_to(user).active()


def _engagements(user):
    return Engagement.objects.visible_to(user).active().order_by("-starts_on")[:200]


def _with_clock(agreements, today):
    for agreement in agreements:
        agreement.expiry = agreement.expiry_status(today)
        agreement.days_left = agreement.days_to_expiry(today)
    return agreements


@login_required
def agreement_list(request):
    found = AgreementFilter(request.GET, queryset=_agreements(request.user))
    with_uswds_classes(found.form)
    page, page_range = page_of(
        request, found.qs.select_related("agreement_type").prefetch_related("countries")
    )
    _with_clock(page.object_list, timezone.localdate())
    return render(
        request,
        "programs/agreements/agreement_list.html",
        {
            "filter": found,
            "page": page,
            "page_range": page_range,
            "may_create": may_create(request.user),
        },
    )


@login_required
def agreement_expiring(request):
    today = timezone.localdate()
    expiring = _with_clock(services.expiring(_agreements(request.user), today=today), today)
    return render(
        request,
        "programs/agreements/expiring.html",
        {
            "expired": [a for a in expiring if a.expiry == "expired"],
            "expiring": [a for a in expiring if a.expiry == "expiring"],
            "today": today,
        },
    )


@login_required
def agreement_pipeline(request):
    """Agreements by state: how many, the oldest time in state, and the expiry clocks."""
    today = timezone.localdate()
    now = timezone.now()
    visible = _agreements(request.user)
    rows = {
        row["state"]: row
        for row in visible.order_by()
        .values("state")
        .annotate(count=Count("pk"), oldest=Min("state_changed_at"), created=Min("created_at"))
    }
    largest = max((row["count"] for row in rows.values()), default=0)
    stages = []
    for value, label in AgreementState.choices:
        row = rows.get(value)
        count = row["count"] if row else 0
        since = (row["oldest"] or row["created"]) if row else None
        stages.append(
            {
                "state": value,
                "label": label,
                "count": count,
                "percent": round(100 * count / largest) if largest else 0,
                "oldest_days": (now - since).days if since else None,
            }
        )
    expiring = services.expiring(visible, today=today)
    return render(
        request,
        "programs/agreements/pipeline.html",
        {
            "stages": stages,
            "expired_count": sum(1 for a in expiring if a.expiry_status(today) == "expired"),
            "expiring_count": sum(1 for a in expiring if a.expiry_status(today) == "expiring"),
            "total": sum(stage["count"] for stage in stages),
        },
    )


@login_required
def agreement_new(request):
    if not may_create(request.user):
        raise PermissionDenied(
            "Program-team members, desk officers and administrators add agreements."
        )
    initial = {}
    if request.GET.get("program", "").isdigit():
        initial["program"] = request.GET["program"]
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = request.GET["parent"]
    if request.GET.get("instrument") in Instrument.values:
        initial["instrument"] = request.GET["instrument"]
    form = AgreementForm(
        request.POST or None,
        initial=initial,
        programs=_programs(request.user),
        parents=_parents(request.user),
    )

    def save():
        agreement = services.create_agreement(
            user=request.user, data=form.changes(), countries=form.cleaned_data["countries"]
        )
        messages.success(request, f"The agreement “{agreement}” was added.")
        return redirect(agreement)

    return _edit_form(request, form, save, "Add an international agreement", cancel=None)


@login_required
def agreement_edit(request, pk):
    agreement = _agreement(request.user, pk)
    permissions.require(request.user, "change", agreement)
    form = AgreementForm(
        request.POST or None,
        instance=Agreement.objects.get(pk=pk),
        programs=_programs(request.user),
    )

    def save():
        services.update_agreement(
            user=request.user,
            agreement=agreement,
            changes=form.changes(),
            expected_version=form.cleaned_data["version"],
            countries=form.cleaned_data["countries"],
        )
        messages.success(request, "The agreement was saved.")
        return redirect(agreement)

    return _edit_form(request, form, save, f"Edit “{agreement}”", cancel=agreement)


@login_required
def agreement_detail(request, pk):
    user = request.user
    agreement = _agreement(user, pk)
    today = timezone.localdate()
    countries = list(agreement.countries.all())
    context = {
        "agreement": agreement,
        "countries": countries,
        "expiry": agreement.expiry_status(today),
        "days_left": agreement.days_to_expiry(today),
        "warns_from": agreement.warns_from(),
        "rounds": list(
            agreement.negotiation_rounds.visible_to(user).select_related("engagement_type")
        ),
        "documents": with_markings(
            list(agreement.documents.active().prefetch_related("releasable_to", "versions"))
        ),
        "interactions": list(agreement.interactions.active().select_related("engagement")),
        "drafts": _drafts(user, agreement),
        "concurrences": _concurrences(agreement),
        "obligations": [
            (obligation, obligation.standing(today))
            for obligation in agreement.obligations.active().select_related(
                "owner", "contribution__country"
            )
        ],
        "clocks": services.reporting_clocks(agreement, today=today),
        "instruments": list(
            _agreements(user).filter(parent=agreement).order_by("signed_on", "title")
        ),
        "parent_visible": agreement.parent_id
        and _agreements(user).filter(pk=agreement.parent_id).exists(),
        "program_visible": agreement.program_id
        and _programs(user).filter(pk=agreement.program_id).exists(),
        **record_context(user, agreement, services.AGREEMENT_WORKFLOW, countries=countries),
    }
    if context["may_change"] and agreement.state in (
        AgreementState.AUTHORITY_REQUESTED,
        AgreementState.NEGOTIATION,
    ):
        context["round_form"] = NegotiationRoundForm(engagements=_engagements(user))
    if context["may_change"] and agreement.state == AgreementState.COORDINATION:
        context["concurrence_form"] = ConcurrenceForm(
            offices=agreement.required_offices(), initial={"answered_on": today}
        )
    unsent = [clock["kind"] for clock in context["clocks"] if clock["sent"] is None]
    if context["may_change"] and unsent:
        context["notice_form"] = NoticeForm(kinds=unsent, initial={"sent_on": today})
    return render(request, "programs/agreements/agreement_detail.html", context)


def _concurrences(agreement) -> list[dict]:
    """Each required office with its answer (or none yet), then answers no longer required."""
    answers = {c.office: c for c in agreement.concurrences.active()}
    required = agreement.required_offices()
    offices = [*required, *(office for office in answers if office not in required)]
    return [
        {
            "office": ConcurrenceOffice(office).label,
            "required": office in required,
            "answer": answers.get(office),
        }
        for office in offices
    ]


@login_required
@require_POST
def agreement_concurrence(request, pk):
    agreement = _agreement(request.user, pk)
    permissions.require(request.user, "change", agreement)
    form = ConcurrenceForm(request.POST, offices=agreement.required_offices())
    if form.is_valid():
        try:
            services.record_concurrence(
                user=request.user, agreement=agreement, data=form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "The answer was recorded.")
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}")
    return redirect(agreement.get_absolute_url())


@login_required
def agreement_add_obligation(request, pk):
    agreement = _agreement(request.user, pk)
    permissions.require(request.user, "change", agreement)
    contributions = (
        agreement.program.contributions.active().select_related("country")
        if agreement.program_id
        else PartnerContribution.objects.none()
    )
    form = ObligationForm(request.POST or None, contributions=contributions)

    def save():
        services.add_obligation(user=request.user, agreement=agreement, data=form.cleaned_data)
        messages.success(request, "The obligation is now tracked.")
        return redirect(agreement.get_absolute_url())

    return _edit_form(request, form, save, f"An obligation under “{agreement}”", cancel=agreement)


@login_required
@require_POST
def obligation_met(request, pk):
    obligation = visible_or_404(
        request.user,
        AgreementObligation.objects.visible_to(request.user).active().select_related("agreement"),
        pk=pk,
    )
    permissions.require(request.user, "change", obligation)
    try:
        met_on = datetime.date.fromisoformat(request.POST.get("met_on", ""))
        version = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(request, "Met on: give the date it was met.")
        return redirect(obligation.agreement.get_absolute_url())
    try:
        services.meet_obligation(
            user=request.user, obligation=obligation, met_on=met_on, expected_version=version
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ConcurrentEditError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{obligation.description}” is recorded as met.")
    return redirect(obligation.agreement.get_absolute_url())


@login_required
@require_POST
def agreement_notice(request, pk):
    agreement = _agreement(request.user, pk)
    permissions.require(request.user, "change", agreement)
    form = NoticeForm(request.POST)
    if form.is_valid():
        try:
            services.record_notice(user=request.user, agreement=agreement, data=form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "The report or notice was recorded as sent.")
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}")
    return redirect(agreement.get_absolute_url())


@login_required
@require_POST
def agreement_move(request, pk):
    agreement = _agreement(request.user, pk)
    return take_transition(
        request, agreement, services.AGREEMENT_WORKFLOW, redirect_to=agreement.get_absolute_url()
    )


@login_required
@require_POST
def agreement_assign(request, pk):
    agreement = _agreement(request.user, pk)
    permissions.require(request.user, "change", agreement)
    return add_assignment(request, agreement, agreement.get_absolute_url())


@login_required
@require_POST
def agreement_round(request, pk):
    agreement = _agreement(request.user, pk)
    permissions.require(request.user, "change", agreement)
    form = NegotiationRoundForm(
        request.POST, engagements=Engagement.objects.visible_to(request.user).active()
    )
    if form.is_valid():
        try:
            services.record_negotiation_round(
                user=request.user, agreement=agreement, engagement=form.cleaned_data["engagement"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "The negotiation round was recorded.")
    else:
        messages.error(request, "Engagement: choose an engagement you can see.")
    return redirect(agreement.get_absolute_url())


@login_required
def agreement_add_document(request, pk):
    return attach_document_view(request, _agreement(request.user, pk), "agreement")


@login_required
def agreement_add_interaction(request, pk):
    agreement = _agreement(request.user, pk)
    permissions.require(request.user, "change", agreement)
    form = interaction_form(
        request.POST or None,
        engagements=Engagement.objects.visible_to(request.user).active().order_by("-starts_on"),
        initial={"occurred_on": datetime.date.today()},
    )

    def save():
        services.add_interaction(
            user=request.user, data={**form.cleaned_data, "agreement": agreement}
        )
        messages.success(request, "The post-agreement interaction was recorded.")
        return redirect(agreement.get_absolute_url())

    return _edit_form(
        request, form, save, f"Post-agreement interaction under “{agreement}”", cancel=agreement
    )


# --- draft text and its versions ---------------------------------------------------


def _drafts(user, agreement) -> list[AgreementDraft]:
    return list(
        AgreementDraft.objects.visible_to(user)
        .active()
        .filter(agreement=agreement)
        .select_related("uploaded_by")
        .prefetch_related("releasable_to")
        .order_by("-number")
    )


@login_required
def agreement_draft_new(request, pk):
    agreement = _agreement(request.user, pk)
    permissions.require(request.user, "change", agreement)
    form = DraftUploadForm(request.POST or None, request.FILES or None)

    def save():
        draft = services.upload_draft(
            user=request.user,
            agreement=agreement,
            upload=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
            classification=form.cleaned_data["classification"],
            cui_categories=form.cleaned_data["cui_categories"],
            releasable_to=form.cleaned_data["releasable_to"],
        )
        messages.success(request, f"Draft {draft.number} of “{agreement}” was uploaded.")
        return redirect(agreement.get_absolute_url() + "#drafts")

    return _edit_form(request, form, save, f"Upload a draft of “{agreement}”", cancel=agreement)


@login_required
def agreement_draft_detail(request, pk):
    draft = visible_or_404(
        request.user,
        AgreementDraft.objects.visible_to(request.user)
        .active()
        .select_related("agreement", "uploaded_by"),
        pk=pk,
    )
    return render(
        request,
        "programs/agreements/draft_detail.html",
        {"draft": draft, "agreement": draft.agreement},
    )


@login_required
def agreement_draft_compare(request, pk):
    """Two versions of the draft compared; by default the latest against the one before."""
    agreement = _agreement(request.user, pk)
    drafts = _drafts(request.user, agreement)
    by_number = {draft.number: draft for draft in drafts}
    context = {"agreement": agreement, "drafts": drafts, "error": ""}
    older_number, newer_number = request.GET.get("older"), request.GET.get("newer")
    if older_number is None and newer_number is None and len(drafts) >= 2:
        older_number, newer_number = str(drafts[1].number), str(drafts[0].number)
    if older_number is not None or newer_number is not None:
        older = by_number.get(int(older_number)) if (older_number or "").isdigit() else None
        newer = by_number.get(int(newer_number)) if (newer_number or "").isdigit() else None
        if older is None or newer is None:
            context["error"] = "Choose two draft versions of this agreement to compare."
        elif older.number == newer.number:
            context["error"] = "Choose two different draft versions to compare."
        else:
            context["comparison"] = services.compare_drafts(older, newer)
            context["compared"] = [older, newer]
    if len(drafts) < 2 and not context["error"]:
        context["error"] = "The agreement has fewer than two draft versions to compare."
    status = 400 if context["error"] and request.GET else 200
    return render(request, "programs/agreements/draft_compare.html", context, status=status)


urlpatterns = [
    path("agreements/", agreement_list, name="agreement-list"),
    path("agreements/pipeline/", agreement_pipeline, name="agreement-pipeline"),
    path("agreements/expiring/", agreement_expiring, name="agreement-expiring"),
    path("agreements/new/", agreement_new, name="agreement-new"),
    path("agreements/<int:pk>/", agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/edit/", agreement_edit, name="agreement-edit"),
    path("agreements/<int:pk>/move/", agreement_move, name="agreement-move"),
    path("agreements/<int:pk>/assign/", agreement_assign, name="agreement-assign"),
    path("agreements/<int:pk>/rounds/", agreement_round, name="agreement-round"),
    path(
        "agreements/<int:pk>/concurrences/",
        agreement_concurrence,
        name="agreement-concurrence",
    ),
    path("agreements/<int:pk>/notices/", agreement_notice, name="agreement-notice"),
    path(
        "agreements/<int:pk>/obligations/new/",
        agreement_add_obligation,
        name="agreement-obligation-new",
    ),
    path(
        "agreements/obligations/<int:pk>/met/",
        obligation_met,
        name="agreement-obligation-met",
    ),
    path(
        "agreements/<int:pk>/documents/new/",
        agreement_add_document,
        name="agreement-document-new",
    ),
    path("agreements/<int:pk>/drafts/new/", agreement_draft_new, name="agreement-draft-new"),
    path(
        "agreements/<int:pk>/drafts/compare/",
        agreement_draft_compare,
        name="agreement-draft-compare",
    ),
    path("agreements/drafts/<int:pk>/", agreement_draft_detail, name="agreement-draft-detail"),
    path(
        "agreements/<int:pk>/interactions/new/",
        agreement_add_interaction,
        name="agreement-interaction-new",
    ),
]
