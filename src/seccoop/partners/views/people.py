"""A person's partner work: desk portfolio, languages, engagements and evidence of practice.

Evidence someone else recorded for a person waits on this page, with buttons
to confirm or decline it, for the person and their supervisor chain; the
evidence page lists everything waiting for the signed-in user to decide.

The workforce app does not know the partner records (apps depend downward
only), so this page lives here, at /partners/people/<pk>/, and the partner
pages link people to it.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from seccoop.core import permissions
from seccoop.core.pages import put_errors
from seccoop.partners import selectors, services
from seccoop.partners.forms import LanguageForm
from seccoop.partners.models import (
    Country,
    Engagement,
    EvidenceKind,
    LanguageProficiency,
    PracticeEvidence,
)
from seccoop.workforce.models import Person


def _person(user, pk) -> Person:
    return get_object_or_404(
        Person.objects.visible_to(user).select_related("position", "position__org_unit"), pk=pk
    )


def _link(record) -> str | None:
    get_url = getattr(record, "get_absolute_url", None)
    return get_url() if get_url is not None else None


def _sources(evidence) -> dict:
    """(record, its page or None) of each source of the evidence, one query per kind of record."""
    wanted = defaultdict(set)
    for row in evidence:
        wanted[row.source_type_id].add(row.source_id)
    sources = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        for pk, record in model._default_manager.in_bulk(ids).items():
            sources[(type_id, pk)] = (record, _link(record))
    return sources


@login_required
def person_work(request, pk):
    user = request.user
    person = _person(user, pk)
    languages = LanguageProficiency.objects.visible_to(user).active().filter(person=person)
    may_see_languages = permissions.can(user, "view_ratings", person)
    # Only confirmed evidence counts; what waits is listed apart, for those who decide.
    evidence = list(
        PracticeEvidence.objects.visible_to(user)
        .confirmed()
        .filter(person=person)
        .select_related("competency")
        .order_by("-practiced_on", "competency__sort_order")[:200]
    )
    pending = list(selectors.evidence_to_decide(user).filter(person=person)[:200])
    sources = _sources(evidence + pending)
    return render(
        request,
        "partners/person_work.html",
        {
            "person": person,
            "desks": list(
                Country.objects.active()
                .filter(Q(primary_desk_officer=person) | Q(backup_desk_officer=person))
                .order_by("name")
            ),
            "may_see_languages": may_see_languages,
            "languages": list(languages) if may_see_languages else [],
            "may_add_language": permissions.can(user, "change", LanguageProficiency(person=person)),
            "engagements": list(
                Engagement.objects.visible_to(user)
                .active()
                .filter(participants=person)
                .select_related("engagement_type")
                .order_by("-starts_on")[:50]
            ),
            "evidence": [
                (row, *sources.get((row.source_type_id, row.source_id), (None, None)))
                for row in evidence
                if row.kind == EvidenceKind.PRACTICE
            ],
            "learning": [
                (row, *sources.get((row.source_type_id, row.source_id), (None, None)))
                for row in evidence
                if row.kind == EvidenceKind.LEARNING
            ],
            "pending": [
                (row, *sources.get((row.source_type_id, row.source_id), (None, None)))
                for row in pending
            ],
            "open_actions": list(
                services.open_actions(selectors.actions(user)).filter(owner=person)
            ),
        },
    )


@login_required
def language_new(request, pk):
    person = _person(request.user, pk)
    permissions.require(request.user, "change", LanguageProficiency(person=person))
    form = LanguageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_language(user=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, "The language proficiency was recorded.")
            return redirect("partners:person-work", person.pk)
    return render(
        request,
        "partners/form_page.html",
        {
            "form": form,
            "title": f"Record a language of {person}",
            "parent": person,
            "parent_url": "partners:person-work",
            "submit": "Record the language",
        },
    )


@login_required
def evidence_pending(request):
    """Evidence of practice waiting for the user: their own, and their reports' down the chain."""
    pending = list(selectors.evidence_to_decide(request.user)[:500])
    sources = _sources(pending)
    return render(
        request,
        "partners/evidence_pending.html",
        {
            "pending": [
                (row, *sources.get((row.source_type_id, row.source_id), (None, None)))
                for row in pending
            ],
        },
    )


def _decide(request, pk, decide, done: str):
    evidence = get_object_or_404(
        PracticeEvidence.objects.visible_to(request.user).select_related("person", "competency"),
        pk=pk,
    )
    try:
        decide(user=request.user, evidence=evidence)
    except ValidationError as exc:
        messages.error(request, f"{evidence}: {' '.join(exc.messages)}")
    else:
        messages.success(request, f"{done}: {evidence}.")
    if request.POST.get("next") == "pending":
        return redirect("partners:evidence-pending")
    return redirect("partners:person-work", evidence.person_id)


@login_required
@require_POST
def evidence_confirm(request, pk):
    return _decide(request, pk, services.confirm_evidence, "Confirmed, it now counts")


@login_required
@require_POST
def evidence_decline(request, pk):
    return _decide(request, pk, services.decline_evidence, "Declined, it will not count")


urlpatterns = [
    path("people/<int:pk>/", person_work, name="person-work"),
    path("evidence/pending/", evidence_pending, name="evidence-pending"),
    path("evidence/<int:pk>/confirm/", evidence_confirm, name="evidence-confirm"),
    path("evidence/<int:pk>/decline/", evidence_decline, name="evidence-decline"),
    path("people/<int:pk>/languages/", language_new, name="language-new"),
]
