"""What the controls app adds to the home page (core.panels.HOME): disclosure work waiting.

A foreign disclosure specialist sees the requests awaiting a decision, oldest
first; anyone named as a reviewer sees the reviews still open on them. Both
read the disclosure requests the controls policy lets the user see.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from seccoop.controls.models import DisclosureRequest, DisclosureReview, DisclosureState
from seccoop.controls.policies import may_change_controls
from seccoop.core import panels

SHOWN = 5
AWAITING_DECISION = (DisclosureState.SUBMITTED, DisclosureState.IN_REVIEW)


def disclosure_waiting(user, record=None) -> dict | None:
    person = getattr(user, "person", None) if user.is_authenticated else None
    specialist = may_change_controls(user)
    if person is None and not specialist:
        return None
    open_review = DisclosureReview.objects.filter(
        request=OuterRef("pk"), completed_on__isnull=True, archived_at__isnull=True
    )
    # One expression filters, counts and marks the requests with a review open on me.
    mine = Exists(open_review.filter(reviewer=person) if person is not None else open_review.none())
    visible = DisclosureRequest.objects.visible_to(user).active()
    waiting_rule = mine | Q(state__in=AWAITING_DECISION) if specialist else mine
    waiting = visible.filter(waiting_rule)
    counts = waiting.aggregate(
        submitted=Count("pk", filter=Q(state=DisclosureState.SUBMITTED)),
        in_review=Count("pk", filter=Q(state=DisclosureState.IN_REVIEW)),
        reviewing=Count("pk", filter=mine),
    )
    if not specialist and not counts["reviewing"]:
        return None
    listed = reverse("controls:disclosure-list")
    figures = []
    if specialist:
        figures += [
            panels.figure(
                counts["submitted"],
                "request submitted, not yet in review",
                "requests submitted, not yet in review",
                f"{listed}?state={DisclosureState.SUBMITTED}",
            ),
            panels.figure(
                counts["in_review"],
                "request in review, awaiting a decision",
                "requests in review, awaiting a decision",
                f"{listed}?state={DisclosureState.IN_REVIEW}",
            ),
        ]
    if person is not None:
        figures.append(
            panels.figure(
                counts["reviewing"],
                "request with a review waiting on me",
                "requests with a review waiting on me",
                f"{listed}?reviewer={person.pk}",
            )
        )
    items = [
        {
            "title": request.title,
            "url": request.get_absolute_url(),
            "detail": ("A review of yours is open. " if request.reviewing else "")
            + ", ".join(country.name for country in request.countries.all()),
            "date": request.submitted_on,
            "date_label": "submitted",
            "tag": request.get_state_display(),
        }
        for request in waiting.annotate(reviewing=mine)
        .prefetch_related("countries")
        .order_by("submitted_on", "pk")[:SHOWN]
    ]
    return panels.home_panel(
        "Disclosure requests waiting",
        figures=figures,
        items=items,
        empty="No disclosure request is waiting on you.",
        more=("All disclosure requests", listed) if specialist else None,
    )


panels.register(panels.HOME, panels.HOME_TEMPLATE, disclosure_waiting, order=40)


def portfolio_disclosures(user, portfolio) -> dict | None:
    """The case portfolio's panel: the disclosure requests its cases depend on.

    Those of the portfolio's country (or program) and those made for one of
    its cases, as the controls policy lets the user see them, in two queries.
    """
    subject = portfolio.subject
    rule = Q(case__in=portfolio.case_ids)
    if portfolio.kind == "country":
        rule |= Q(countries=subject)
    else:
        rule |= Q(program=subject)
    requests = list(
        DisclosureRequest.objects.visible_to(user)
        .active()
        .filter(rule)
        .distinct()
        .select_related("case")
        .order_by("-submitted_on", "pk")
    )
    if not requests and not may_change_controls(user):
        return None
    return {"requests": requests, "portfolio": portfolio}


PORTFOLIO_TEMPLATE = "controls/includes/portfolio_disclosures.html"
panels.register(panels.COUNTRY_PORTFOLIO, PORTFOLIO_TEMPLATE, portfolio_disclosures)
panels.register(panels.PROGRAM_PORTFOLIO, PORTFOLIO_TEMPLATE, portfolio_disclosures)


def program_disclosures(user, program) -> dict | None:
    """The program page's panel: the disclosure decisions made for the program.

    A Defense Exportability Features project designs in the protection (such
    as anti-tamper) an export version needs, and the disclosure decisions say
    what may go to whom; the panel links them from the program (programs may
    not import controls, so controls adds it). Hidden when there is nothing to
    show and the user could not record a request.
    """
    requests = list(
        DisclosureRequest.objects.visible_to(user)
        .active()
        .filter(program=program)
        .order_by("-submitted_on", "pk")
    )
    if not requests and not may_change_controls(user):
        return None
    return {"requests": requests}


panels.register(
    panels.PROGRAM, "controls/includes/program_disclosures.html", program_disclosures, order=20
)
