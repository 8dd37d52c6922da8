"""Reads for the workforce pages: each a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, capfirst

from seccoop.competencies.models import Competency, CompetencyKind, Framework
from seccoop.core import permissions
from seccoop.core.pages import elided_range
from seccoop.workforce.gaps import PersonGap
from seccoop.workforce.models import (
    CurrentLevel,
    OrgUnit,
    Person,
    Position,
    Rating,
    RatingSource,
    RoleTemplate,
)
from seccoop.workforce.policies import may_withdraw

# --- the proficiency scale ---------------------------------------------------


def level_names(framework: Framework) -> dict[int, str]:
    """Each level of the framework's scale as people say it: {3: "3 Intermediate"}."""
    return {level.value: str(level) for level in framework.scale.levels.all()}


def level_choices(framework: Framework) -> list[tuple[int, str]]:
    return list(level_names(framework).items())


# --- the framework, grouped for forms and tables -----------------------------


@dataclass
class CompetencyGroup:
    """A competency (such as 4.0) with the lines that belong to its sub-competencies."""

    competency: Competency
    lines: list = field(default_factory=list)


def competencies_by_id(framework: Framework) -> dict[int, Competency]:
    return {
        competency.pk: competency
        for competency in framework.competencies.filter(kind=CompetencyKind.COMPETENCY)
    }


def group_by_competency(
    framework: Framework, items: list, competency_of=lambda item: item
) -> list[CompetencyGroup]:
    """Group items that each belong to a sub-competency under its competency, in order."""
    parents = competencies_by_id(framework)
    groups: dict[int | None, CompetencyGroup] = {}
    for item in items:
        sub = competency_of(item)
        if sub.parent_id not in groups:
            parent = parents.get(sub.parent_id) or Competency(code="", title="Other")
            groups[sub.parent_id] = CompetencyGroup(parent)
        groups[sub.parent_id].lines.append(item)
    return list(groups.values())


def sub_competency_choices(framework: Framework) -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices for a select of sub-competencies, one <optgroup> per competency."""
    subs = framework.competencies.filter(kind=CompetencyKind.SUB_COMPETENCY).order_by(
        "sort_order", "code"
    )
    return [
        (
            f"{group.competency.code} {group.competency.label}",
            [(sub.code, _short_label(sub)) for sub in group.lines],
        )
        for group in group_by_competency(framework, list(subs))
    ]


def _short_label(competency: Competency, length: int = 90) -> str:
    label = competency.label
    if len(label) > length:
        label = label[: length - 1].rstrip() + "…"
    return f"{competency.code} {label}"


# --- people ------------------------------------------------------------------


def directory(user) -> QuerySet[Person]:
    """The people directory as this user may see it, with what each row shows."""
    return (
        Person.objects.visible_to(user)
        .active()
        .select_related("position", "position__org_unit", "org_unit")
    )


def person_for_page(user, pk: int) -> Person:
    """One person with their position, unit and supervisor's position, or Person.DoesNotExist."""
    return (
        Person.objects.visible_to(user)
        .select_related(
            "org_unit",
            "position",
            "position__org_unit",
            "position__role_type",
            "position__reports_to",
            "position__reports_to__incumbent",
        )
        .get(pk=pk)
    )


def supervisor_of(person: Person) -> Person | None:
    """The incumbent of the position this person's position reports to."""
    position = getattr(person, "position", None)
    if position is None or position.reports_to is None:
        return None
    return position.reports_to.incumbent


def direct_reports_of(person: Person) -> QuerySet[Person]:
    position = getattr(person, "position", None)
    if position is None:
        return Person.objects.none()
    return (
        Person.objects.active()
        .filter(position__reports_to=position)
        .select_related("position", "position__org_unit")
    )


def shown_date(day: datetime.date | None) -> str:
    """A date as the pages print it ("3 Oct 2025"), without a trip through the template filters."""
    return f"{day.day} {day:%b %Y}" if day else ""


@dataclass(frozen=True)
class GapLine:
    """One line of a person's gap table, with its levels named on the framework's scale."""

    gap: PersonGap
    required_name: str
    current_name: str
    description: str  # the sub-competency's statement, cut to fourteen words
    rated_on: str  # as the page prints it

    @property
    def competency(self) -> Competency:
        return self.gap.competency

    @property
    def html(self) -> SafeString:
        """The line's table row. Built in Python: a page holds 58 of them (see `table_row`)."""
        gap = self.gap
        if gap.shortfall:
            shortfall = f"<strong>{gap.shortfall} below</strong>"
        else:
            shortfall = "Meets" if gap.required else "—"
        rated_on = (
            f'<time datetime="{gap.rated_on.isoformat()}">{escape(self.rated_on)}</time>'
            if self.rated_on
            else "—"
        )
        statement = escape(self.description)
        heading = (
            f"{escape(gap.competency.code)} "
            f'<span class="display-block text-normal font-body-3xs">{statement}</span>'
        )
        return table_row(
            heading,
            escape(self.required_name or "Not required"),
            escape(self.current_name or "Not rated"),
            shortfall,
            escape(capfirst(gap.source)) if gap.source else "—",
            rated_on,
        )


def table_row(heading: str, *cells: str) -> SafeString:
    """A table row of a row heading and cells, each already escaped HTML.

    The person page's tables hold a hundred rows or more, and as template tags
    their cells cost more than the rest of the page; a row built here is one
    string format. Every caller escapes what it did not write itself.
    """
    return mark_safe(  # noqa: S308
        f'<tr><th scope="row">{heading}</th>{"".join(f"<td>{cell}</td>" for cell in cells)}</tr>'
    )


@lru_cache(maxsize=512)
def short_statement(description: str) -> str:
    """A sub-competency's statement cut to fourteen words (the same 58 on every gap table)."""
    return Truncator(description).words(14)


def gap_table(gaps: list[PersonGap], framework: Framework) -> list[CompetencyGroup]:
    names = level_names(framework)
    lines = [
        GapLine(
            gap=gap,
            required_name=names.get(gap.required, str(gap.required)) if gap.required else "",
            current_name=names.get(gap.current, str(gap.current)) if gap.source else "",
            description=short_statement(gap.competency.description),
            rated_on=shown_date(gap.rated_on),
        )
        for gap in gaps
    ]
    return group_by_competency(framework, lines, lambda line: line.gap.competency)


# A person's page shows the newest ratings; older ones are a page away.
RATINGS_PER_PAGE = 60


def rating_history(user, person: Person) -> QuerySet[Rating]:
    """All of a person's ratings this user may see, newest first, with rater and code."""
    return (
        permissions.visible_to(user, Rating.objects.all())
        .filter(person=person)
        .order_by("-rated_on", "-created_at", "-id")
    )


@dataclass(frozen=True)
class RatingLine:
    """One rating of a person's history, as its line on the page shows it."""

    rated_on: datetime.date
    rated_on_shown: str
    code: str
    level_name: str
    source: str
    rater: str  # "" where the rating was imported
    evidence: str
    # Set once the rating is withdrawn: when (shown), by whom, and why.
    withdrawn_shown: str = ""
    withdrawn_by: str = ""
    withdrawal_reason: str = ""
    # The withdraw page of this rating, for whoever may withdraw it.
    withdraw_url: str = ""
    # A validator's answer to a supervisor rating held back by a validated one.
    review_outcome: str = ""
    review_note: str = ""

    @property
    def status(self) -> str:
        """The last cell: whether the rating counts, and the way to withdraw it."""
        if self.withdrawn_shown:
            by = f" by {escape(self.withdrawn_by)}" if self.withdrawn_by else ""
            return (
                f'<span class="usa-tag bg-secondary-dark">Withdrawn</span> '
                f"{escape(self.withdrawn_shown)}{by}: {escape(self.withdrawal_reason)}"
            )
        review = ""
        if self.review_outcome == "returned":
            review = (
                f'<span class="usa-tag">Returned</span> by a validator: {escape(self.review_note)}'
            )
        elif self.review_outcome == "confirmed":
            review = '<span class="usa-tag">Confirmed</span> by a validated rating'
        if self.withdraw_url:
            link = (
                f'<a class="usa-link" href="{escape(self.withdraw_url)}">Withdraw'
                f'<span class="usa-sr-only"> the {escape(self.code)} rating of '
                f"{escape(self.rated_on_shown)}</span></a>"
            )
            return f"{review}<div>{link}</div>" if review else link
        return review or "Counts"

    @property
    def html(self) -> SafeString:
        return table_row(
            f'<time datetime="{self.rated_on.isoformat()}">{escape(self.rated_on_shown)}</time>',
            escape(self.code),
            escape(self.level_name),
            escape(self.source),
            escape(self.rater or "Imported"),
            escape(self.evidence or "—"),
            self.status,
        )


def rating_history_page(user, person: Person, framework: Framework, number) -> tuple[Page, list]:
    """One page of the person's ratings, newest first, and the page numbers to offer.

    The page reads the few columns its lines show, not whole ratings,
    sub-competencies and accounts.
    """
    names = level_names(framework)
    sources = dict(RatingSource.choices)
    lines = rating_history(user, person).values_list(
        "pk",
        "rated_on",
        "competency__code",
        "level",
        "source",
        "rater_id",
        "rater__first_name",
        "rater__last_name",
        "rater__username",
        "evidence",
        "withdrawn_at",
        "withdrawn_by__first_name",
        "withdrawn_by__last_name",
        "withdrawn_by__username",
        "withdrawal_reason",
        "review__outcome",
        "review__note",
    )
    page = Paginator(lines, RATINGS_PER_PAGE).get_page(number)
    page.object_list = [
        RatingLine(
            rated_on=rated_on,
            rated_on_shown=shown_date(rated_on),
            code=code,
            level_name=names.get(level, str(level)),
            source=sources.get(source, source),
            rater=f"{first} {last}".strip() or username or "",
            evidence=evidence,
            withdrawn_shown=shown_date(timezone.localdate(withdrawn_at)) if withdrawn_at else "",
            withdrawn_by=f"{w_first or ''} {w_last or ''}".strip() or w_username or "",
            withdrawal_reason=reason,
            withdraw_url=""
            if withdrawn_at or not may_withdraw(user, rater_id)
            else reverse("workforce:rating-withdraw", args=[pk]),
            review_outcome=review_outcome or "",
            review_note=review_note or "",
        )
        for (
            pk,
            rated_on,
            code,
            level,
            source,
            rater_id,
            first,
            last,
            username,
            evidence,
            withdrawn_at,
            w_first,
            w_last,
            w_username,
            reason,
            review_outcome,
            review_note,
        ) in page.object_list
    ]
    return page, elided_range(page)


def current_levels(people: QuerySet[Person] | list[Person], competency: Competency) -> dict:
    """{person id: CurrentLevel} for these people on one sub-competency."""
    return {
        row.person_id: row
        for row in CurrentLevel.objects.filter(person__in=people, competency=competency)
    }


def current_levels_of(person: Person, framework: Framework) -> dict:
    """{sub-competency id: CurrentLevel} for one person on a framework."""
    return {
        row.competency_id: row
        for row in CurrentLevel.objects.filter(person=person, competency__framework=framework)
    }


# --- positions and org units -------------------------------------------------


def positions(user) -> QuerySet[Position]:
    return (
        Position.objects.visible_to(user)
        .active()
        .select_related("role_type", "org_unit", "incumbent")
    )


def position_for_page(user, pk: int) -> Position:
    return (
        Position.objects.visible_to(user)
        .select_related("role_type", "org_unit", "incumbent", "reports_to", "reports_to__incumbent")
        .get(pk=pk)
    )


def role_template_of(position: Position, framework: Framework) -> RoleTemplate | None:
    """The requirement template of the position's role type, with its lines, or None."""
    return (
        RoleTemplate.objects.filter(role_type_id=position.role_type_id, framework=framework)
        .prefetch_related("requirements__competency")
        .first()
    )


def requirement_lines(template: RoleTemplate | None, framework: Framework) -> list[CompetencyGroup]:
    """A template's requirements as (requirement, level name), grouped by competency."""
    if template is None:
        return []
    names = level_names(framework)
    lines = [
        (requirement, names.get(requirement.level, str(requirement.level)))
        for requirement in sorted(
            template.requirements.all(),
            key=lambda requirement: (
                requirement.competency.sort_order,
                requirement.competency.code,
            ),
        )
    ]
    return group_by_competency(framework, lines, lambda line: line[0].competency)


@dataclass
class TreeNode:
    unit: OrgUnit
    children: list[TreeNode] = field(default_factory=list)


def org_unit_tree(user) -> list[TreeNode]:
    """The active org units as a forest, read in one query ordered by path."""
    nodes: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    for unit in OrgUnit.objects.visible_to(user).active().order_by("path"):
        node = nodes[unit.pk] = TreeNode(unit)
        parent = nodes.get(unit.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def ancestors_of(unit: OrgUnit) -> list[OrgUnit]:
    ids = unit.ancestor_ids()
    by_id = OrgUnit.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def people_in_unit(unit: OrgUnit) -> QuerySet[Person]:
    """People placed in the unit itself, by their position or, without one, directly."""
    return (
        Person.objects.active()
        .filter(Q(position__org_unit=unit) | Q(position__isnull=True, org_unit=unit))
        .select_related("position", "position__org_unit", "org_unit")
    )
