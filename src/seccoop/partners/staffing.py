"""Who could take a work record: the staffing ranking every record page shows.

A record's requirements are the sub-competencies it exercises, each at the
framework's proficient level, and, when the record concerns countries,
holding the desk (primary or backup) of one of them. The ranking and its
explanation come from `seccoop.workforce.staffing.rank_people`, so the
people listed are those whose ratings the viewer may see.

Each kind of record whose page shows the ranking is registered here by its
app (`register`, from the app's `ready`), with the countries whose desk it
wants and how many people its page ranks, so the API ranks a record exactly as
its page does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import EllipsisType

from seccoop.competencies.exercises import competencies_of
from seccoop.competencies.models import Framework
from seccoop.partners.models import Country
from seccoop.workforce.staffing import (
    Opening,
    Qualification,
    Ranking,
    Requirement,
    rank_people,
)


@dataclass(frozen=True)
class StaffableKind:
    """A kind of work record whose page ranks who could take it."""

    slug: str  # names the kind in the API (/staffing/records/{slug}/{id}), such as cases
    model: type
    countries: Callable[[object], list[Country]]  # whose desk the record wants
    shown: int  # how many people the record's page ranks


_kinds: dict[str, StaffableKind] = {}


def register(slug: str, model: type, *, countries: Callable, shown: int) -> None:
    """Make a kind of record staffable: its page and the API rank people for it."""
    _kinds[slug] = StaffableKind(slug, model, countries, shown)


def staffable_kinds() -> dict[str, StaffableKind]:
    """Every registered kind, by slug, in the order registered."""
    return dict(_kinds)


def kind_of(record) -> StaffableKind:
    for kind in _kinds.values():
        if isinstance(record, kind.model):
            return kind
    raise LookupError(f"No staffing is registered for {type(record).__name__}.")


def country_of(record) -> list[Country]:
    """The record's one country, if it has one: the usual `countries` of a registration."""
    return [record.country] if getattr(record, "country_id", None) else []


def countries_listed(record) -> list[Country]:
    """The countries a record lists (a many-to-many `countries`)."""
    return list(record.countries.all())


def desk_qualification(countries: Iterable[Country]) -> Qualification | None:
    countries = list(countries)
    if not countries:
        return None
    holders = set()
    for primary, backup in Country.objects.filter(pk__in=[c.pk for c in countries]).values_list(
        "primary_desk_officer_id", "backup_desk_officer_id"
    ):
        holders.update(pk for pk in (primary, backup) if pk)
    names = ", ".join(sorted(str(country) for country in countries))
    return Qualification(label=f"desk officer for {names}", holders=frozenset(holders))


def record_framework():
    return Framework.objects.select_related("scale").default()


def opening_for(
    record, *, framework: Framework | None = None, countries: Iterable[Country] | None = None
) -> Opening:
    """What a record needs of whoever takes it: its sub-competencies at the proficient level,
    and the desk of one of its countries (the registered ones unless `countries` is given)."""
    framework = framework or record_framework()
    level = framework.scale.proficient_value
    requirements = [Requirement(c, level) for c in competencies_of(record, framework)]
    if countries is None:
        countries = kind_of(record).countries(record)
    qualification = desk_qualification(countries)
    return Opening(str(record), requirements, [qualification] if qualification else [])


def rank_for_record(
    user,
    record,
    *,
    countries: Iterable[Country] | None = None,
    limit: int | None | EllipsisType = ...,
) -> Ranking:
    """The people best placed to take `record`, best first, each with the reasons.

    `countries` are the record's, when the caller has read them already;
    `limit` is, unless given, the number the record's page ranks.
    """
    framework = record_framework()
    opening = opening_for(record, framework=framework, countries=countries)
    return rank_people(
        user,
        framework,
        opening.requirements,
        qualifications=opening.qualifications,
        limit=kind_of(record).shown if limit is ... else limit,
    )
