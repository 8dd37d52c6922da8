"""Export of the partner tables, with the import's columns.

A user exporting from the pages gets the rows the policy lets them see, and
a counterpart's contact details only where they may see them (blank
otherwise); the operator at the command line (user=None) gets everything.
Each table costs a fixed number of queries, whatever its size.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import BooleanField, Value

from seccoop.core import permissions
from seccoop.core.exports import Sheet
from seccoop.core.imports import export_key
from seccoop.partners import imports
from seccoop.partners.models import (
    Counterpart,
    Country,
    Engagement,
    PartnerOrganization,
    Region,
)
from seccoop.partners.policies import with_contact_permission
from seccoop.workforce.models import Person

KINDS = tuple(imports.IMPORTERS)


def _visible(user, queryset):
    queryset = queryset.active()
    return queryset if user is None else permissions.visible_to(user, queryset)


def _links(relation, owner_ids, key: str) -> dict[int, str]:
    """{owner id: "key; key"} for a many-to-many relation, in one query."""
    through = relation.through
    field = relation.field
    own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
    joined: dict[int, list[str]] = defaultdict(list)
    links = through.objects.filter(**{f"{own}_id__in": owner_ids})
    if key == "external_id":
        # A record without an external id is named by its generated key.
        target = field.related_model
        rows = (
            links.order_by(f"{other}__{key}", f"{other}_id")
            .values_list(f"{own}_id", f"{other}__{key}", f"{other}_id")
            .iterator(chunk_size=2000)
        )
        for owner_id, value, number in rows:
            joined[owner_id].append(export_key(target, value, number))
        return {owner_id: "; ".join(values) for owner_id, values in joined.items()}
    rows = (
        links.exclude(**{f"{other}__{key}": None})
        .order_by(f"{other}__{key}")
        .values_list(f"{own}_id", f"{other}__{key}")
    )
    for owner_id, value in rows:
        joined[owner_id].append(value)
    return {owner_id: "; ".join(values) for owner_id, values in joined.items()}


def _regions(user):
    return (
        _visible(user, Region.objects.all())
        .order_by("code")
        .values_list("code", "name", "description")
    )


def _countries(user):
    countries = list(
        _visible(user, Country.objects.all())
        .order_by("iso_code")
        .values_list(
            "pk",
            "iso_code",
            "name",
            "region__code",
            "primary_desk_officer__external_id",
            "backup_desk_officer__external_id",
            "primary_desk_officer_id",
            "backup_desk_officer_id",
        )
    )
    groupings = _links(Country.groupings, Country.objects.values("pk"), "code")
    return [
        (
            iso, name, region, groupings.get(pk, ""),
            export_key(Person, primary, primary_id), export_key(Person, backup, backup_id),
        )
        for pk, iso, name, region, primary, backup, primary_id, backup_id in countries
    ]  # fmt: skip


def _organizations(user):
    rows = (
        _visible(user, PartnerOrganization.objects.all())
        .order_by("name", "pk")
        .values_list("pk", "external_id", "name", "kind", "country__iso_code", "description")
    )
    for pk, external_id, *values in rows.iterator(chunk_size=2000):
        yield (export_key(PartnerOrganization, external_id, pk), *values)


def _counterparts(user):
    found = _visible(user, Counterpart.objects.all())
    if user is None:
        found = found.annotate(contact_visible=Value(True, output_field=BooleanField()))
    else:
        found = with_contact_permission(user, found)
    rows = found.order_by("last_name", "first_name", "pk").values_list(
        "pk",
        "organization_id",
        "external_id",
        "organization__external_id",
        "first_name",
        "last_name",
        "role",
        "languages",
        "email",
        "phone",
        "address",
        "contact_visible",
    )
    for pk, organization_id, external_id, organization, *values, contact_visible in rows.iterator(
        chunk_size=2000
    ):
        values = [
            export_key(Counterpart, external_id, pk),
            export_key(PartnerOrganization, organization, organization_id),
            *values,
        ]
        # The contact details stay out of the file for anyone who may not see them.
        yield tuple(values[:6]) + (tuple(values[6:]) if contact_visible else ("", "", ""))


def _engagements(user):
    engagements = list(
        _visible(user, Engagement.objects.all())
        .order_by("starts_on", "pk")
        .values_list(
            "pk",
            "external_id",
            "title",
            "engagement_type__slug",
            "starts_on",
            "ends_on",
            "place",
            "objectives",
            "outcome",
        )
    )
    ids = [row[0] for row in engagements]
    countries = _links(Engagement.countries, ids, "iso_code")
    participants = _links(Engagement.participants, ids, "external_id")
    counterparts = _links(Engagement.counterparts, ids, "external_id")
    organizations = _links(Engagement.organizations, ids, "external_id")
    return [
        (
            export_key(Engagement, external_id, pk),
            title,
            kind,
            starts_on,
            ends_on,
            place,
            countries.get(pk, ""),
            participants.get(pk, ""),
            counterparts.get(pk, ""),
            organizations.get(pk, ""),
            objectives,
            outcome,
        )
        for pk, external_id, title, kind, starts_on, ends_on, place, objectives, outcome in (
            engagements
        )
    ]


TABLES = {
    "regions": _regions,
    "countries": _countries,
    "organizations": _organizations,
    "counterparts": _counterparts,
    "engagements": _engagements,
}


def export_table(kind: str, *, user=None) -> Sheet:
    """One partner table, as the rows this user may see (everything for user=None)."""
    if kind not in TABLES:
        raise ValueError(f"Unknown table {kind!r}; choose one of {', '.join(TABLES)}.")
    headers = [column.name for column in imports.IMPORTERS[kind].columns]
    return Sheet(name=kind, headers=headers, rows=TABLES[kind](user))
