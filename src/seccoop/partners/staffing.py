"""Who could take a work record: the staffing ranking every record page shows.

A record's requirements are the sub-competencies it exercises, each at the
framework's proficient level, and, when the record concerns countries,
holding the desk (primary or backup) of one of them. The ranking and its
explanation come from `seccoop.workforce.staffing.rank_people`, so the
people listed are those whose ratings the viewer may see.
"""

from __future__ import annotations

from collections.abc import Iterable

from seccoop.competencies.exercises import competencies_of
from seccoop.competencies.models import Framework
from seccoop.partners.models import Country
from seccoop.workforce.staffing import Qualification, Ranking, Requirement, rank_people


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


def rank_for_record(
    user, record, *, countries: Iterable[Country] = (), limit: int | None = 10
) -> Ranking:
    """The people best placed to take `record`, best first, each with the reasons."""
    framework = Framework.objects.select_related("scale").default()
    level = framework.scale.proficient_value
    requirements = [Requirement(c, level) for c in competencies_of(record, framework)]
    qualification = desk_qualification(countries)
    ranked = rank_people(
        user,
        framework,
        requirements,
        qualifications=[qualification] if qualification else [],
        limit=limit,
    )
    return ranked
