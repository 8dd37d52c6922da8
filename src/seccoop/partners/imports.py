"""Bulk import of the partner tables: regions, countries' regions and desks, organizations,
counterparts and engagements.

The same rules as the workforce imports (core/imports.py): every row is
validated before anything is written, errors name the row and column, and
records are matched by their key (a region's code, a country's ISO code,
everything else's external id), so importing the same file again changes
nothing. Lists in a cell (groupings, countries, participants) are separated
by semicolons. A column left out of the header leaves that field as it is;
a blank cell in a present column clears it.
"""

from __future__ import annotations

from typing import IO

from django.db.models import Q
from simple_history.utils import get_history_manager_for_model

from seccoop.core.history import copy_links_onto_latest_rows, link_copies
from seccoop.core.imports import (
    BATCH_SIZE,
    Column,
    ImportResult,
    RecordImporter,
    Row,
    lookup,
)
from seccoop.partners.models import (
    Counterpart,
    Country,
    CountryGrouping,
    Engagement,
    EngagementType,
    PartnerOrganization,
    Region,
)
from seccoop.partners.services import sync_practice_evidence
from seccoop.workforce.models import Person


def split_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


class PartnerImport:
    """What every partner importer shares: the refusal and list-valued columns.

    Who may import is the policy's (partners.policies): administrators.
    """

    refusal = "Only administrators may import partner data."

    def set_text(self, record, row: Row, column: str, field_name: str | None = None) -> None:
        if column in row.values:
            # The quote an export puts before "+33 1 ..." was taken off as the file was read.
            setattr(record, field_name or column, row[column])

    def resolve_list(self, row: Row, column: str, known: dict, noun: str) -> list | None:
        """The records a list column names, or None when the column is absent."""
        if column not in row.values:
            return None
        found = []
        for key in split_list(row[column]):
            record = known.get(key) or known.get(key.upper()) or known.get(key.lower())
            if record is None:
                self.error(row, column, f"no {noun} “{key}” exists.")
            else:
                found.append(record)
        return found

    def write_lists(self, pending: dict[str, dict[str, list]]) -> None:
        """Replace the many-to-many links of the imported records, in bulk, with their history.

        `pending` maps a many-to-many field name to {record key: records}.
        """
        for field_name, by_key in pending.items():
            relation = self.model._meta.get_field(field_name)
            through = relation.remote_field.through
            own = relation.m2m_field_name()
            other = relation.m2m_reverse_field_name()
            owners = [self.records[key].pk for key in by_key]
            through.objects.filter(**{f"{own}__in": owners}).delete()
            through.objects.bulk_create(
                [
                    through(**{f"{own}_id": self.records[key].pk, f"{other}_id": target.pk})
                    for key, targets in by_key.items()
                    for target in {target.pk: target for target in targets}.values()
                ],
                batch_size=BATCH_SIZE,
            )
            # The bulk writes bypass the signals that keep history: the history
            # rows this import wrote get the links as they now stand.
            copy_links_onto_latest_rows(
                get_history_manager_for_model(self.model).model,
                relation,
                link_copies(relation),
                owner_ids=[record.pk for record in (*self.created, *self.changed)],
            )


class RegionImporter(PartnerImport, RecordImporter):
    kind = "regions"
    model = Region
    key_column = "code"
    columns = (Column("code", required=True), Column("name", required=True), Column("description"))
    fields = ("name", "description")

    def fill(self, record, row):
        self.set_text(record, row, "name")
        self.set_text(record, row, "description")

    def check_records(self):
        names: dict[str, str] = dict(
            Region.objects.exclude(code__in=self.records.keys()).values_list("name", "code")
        )
        for key, record in self.records.items():
            if record.name in names:
                self.error(
                    self.row_of[key], "name", f"“{record.name}” is the name of another region."
                )
            names[record.name] = key


class CountryImporter(PartnerImport, RecordImporter):
    """Countries' regions, groupings and desk officers; the countries themselves come from ISO."""

    kind = "countries"
    model = Country
    key_column = "iso_code"
    columns = (
        Column("iso_code", required=True),
        Column("name"),
        Column("region"),
        Column("groupings"),
        Column("primary_desk_officer_external_id"),
        Column("backup_desk_officer_external_id"),
    )
    fields = ("region", "primary_desk_officer", "backup_desk_officer")
    column_of_field = {
        "region": "region",
        "primary_desk_officer": "primary_desk_officer_external_id",
        "backup_desk_officer": "backup_desk_officer_external_id",
    }
    reference_fields = ("region", "primary_desk_officer", "backup_desk_officer")

    def read(self, file, filename):
        rows = super().read(file, filename)
        for row in rows:
            row.values["iso_code"] = row["iso_code"].upper()
        return rows

    def prepare(self, rows):
        self.regions = {region.code.lower(): region for region in Region.objects.all()}
        self.groupings = {
            grouping.code.lower(): grouping for grouping in CountryGrouping.objects.all()
        }
        wanted = set()
        for row in rows:
            wanted.update(
                (row["primary_desk_officer_external_id"], row["backup_desk_officer_external_id"])
            )
        self.people = lookup(Person.objects.all(), "external_id", wanted)
        # Desk officers an export cannot name, for whom a blank cell is no instruction.
        self.unnameable = set(
            Person.objects.filter(external_id__isnull=True)
            .filter(Q(primary_desks__isnull=False) | Q(backup_desks__isnull=False))
            .values_list("pk", flat=True)
        )
        self.pending = {"groupings": {}}

    def fill(self, record, row):
        if record.pk is None:
            self.error(row, "iso_code", f"no country has the ISO 3166 code “{row['iso_code']}”.")
            return
        if "region" in row.values:
            code = row["region"]
            record.region = self.regions.get(code.lower()) if code else None
            if code and record.region is None:
                self.error(row, "region", f"no region “{code}” exists.")
        for role in ("primary_desk_officer", "backup_desk_officer"):
            column = f"{role}_external_id"
            if column in row.values:
                key = row[column]
                if not key and getattr(record, f"{role}_id") in self.unnameable:
                    # The export leaves the cell blank for a desk officer who has
                    # no external id; a blank cannot mean "remove" for them, so
                    # re-importing an export never clears a desk. Clearing such a
                    # desk is done on the country's page.
                    continue
                setattr(record, role, self.people.get(key) if key else None)
                if key and getattr(record, role) is None:
                    self.error(row, column, f"no person “{key}” exists.")
        groupings = self.resolve_list(row, "groupings", self.groupings, "grouping")
        if groupings is not None:
            self.pending["groupings"][row["iso_code"]] = groupings
        if (
            record.primary_desk_officer_id
            and record.primary_desk_officer_id == record.backup_desk_officer_id
        ):
            self.error(
                row,
                "backup_desk_officer_external_id",
                "the backup desk officer must be someone other than the primary.",
            )

    def full_clean(self, record, row):
        # An unknown ISO code was reported; its blank record has nothing more to say.
        if record.pk is not None:
            super().full_clean(record, row)

    def write(self):
        super().write()
        self.write_lists(self.pending)


class OrganizationImporter(PartnerImport, RecordImporter):
    kind = "organizations"
    model = PartnerOrganization
    columns = (
        Column("external_id", required=True),
        Column("name", required=True),
        Column("kind", required=True),
        Column("country"),
        Column("description"),
    )
    fields = ("name", "kind", "country", "description")
    column_of_field = {"country": "country"}
    reference_fields = ("country",)

    def prepare(self, rows):
        self.countries = lookup(
            Country.objects.all(), "iso_code", (row["country"].upper() for row in rows)
        )

    def fill(self, record, row):
        self.set_text(record, row, "name")
        self.set_text(record, row, "description")
        if row["kind"]:
            record.kind = row["kind"].lower()
        if "country" in row.values:
            code = row["country"].upper()
            record.country = self.countries.get(code) if code else None
            if code and record.country is None:
                self.error(row, "country", f"no country has the ISO 3166 code “{code}”.")


class CounterpartImporter(PartnerImport, RecordImporter):
    kind = "counterparts"
    model = Counterpart
    columns = (
        Column("external_id", required=True),
        Column("organization_external_id", required=True),
        Column("first_name", required=True),
        Column("last_name", required=True),
        Column("role"),
        Column("languages"),
        Column("email"),
        Column("phone"),
        Column("address"),
    )
    fields = (
        "organization",
        "first_name",
        "last_name",
        "role",
        "languages",
        "email",
        "phone",
        "address",
    )
    column_of_field = {"organization": "organization_external_id"}
    reference_fields = ("organization",)

    def prepare(self, rows):
        self.organizations = lookup(
            PartnerOrganization.objects.all(),
            "external_id",
            (row["organization_external_id"] for row in rows),
        )

    def fill(self, record, row):
        for column in self.fields[1:]:
            self.set_text(record, row, column)
        key = row["organization_external_id"]
        if key in self.organizations:
            record.organization = self.organizations[key]
        elif key:
            self.error(row, "organization_external_id", f"no organization “{key}” exists.")


class EngagementImporter(PartnerImport, RecordImporter):
    """Engagements with their countries and participants; evidence of practice follows."""

    kind = "engagements"
    model = Engagement
    columns = (
        Column("external_id", required=True),
        Column("title", required=True),
        Column("type", required=True),
        Column("starts_on", required=True),
        Column("ends_on", required=True),
        Column("place"),
        Column("countries"),
        Column("participants"),
        Column("counterparts"),
        Column("organizations"),
        Column("objectives"),
        Column("outcome"),
    )
    fields = ("title", "engagement_type", "starts_on", "ends_on", "place", "objectives", "outcome")
    column_of_field = {"engagement_type": "type"}
    reference_fields = ("engagement_type",)
    list_sources = {
        # column: (many-to-many field, model, key field, noun)
        "countries": ("countries", Country, "iso_code", "country"),
        "participants": ("participants", Person, "external_id", "person"),
        "counterparts": ("counterparts", Counterpart, "external_id", "counterpart"),
        "organizations": ("organizations", PartnerOrganization, "external_id", "organization"),
    }

    def prepare(self, rows):
        self.types = {}
        for kind in EngagementType.objects.all():
            self.types[kind.slug.lower()] = kind
            self.types[kind.name.lower()] = kind
        self.known: dict[str, dict] = {}
        for column, (_, model, key_field, _) in self.list_sources.items():
            keys = {key for row in rows for key in split_list(row[column])}
            if key_field == "iso_code":
                keys = {key.upper() for key in keys}
            self.known[column] = lookup(model._default_manager.all(), key_field, keys)
        self.pending: dict[str, dict] = {field: {} for field, *_ in self.list_sources.values()}

    def fill(self, record, row):
        for column in ("title", "place", "objectives", "outcome"):
            self.set_text(record, row, column)
        kind = self.types.get(row["type"].lower())
        if kind is None:
            self.error(row, "type", f"no engagement type “{row['type']}” exists.")
        else:
            record.engagement_type = kind
        for column in ("starts_on", "ends_on"):
            day = self.parse_date(row, column)
            if day is not None:
                setattr(record, column, day)
        for column, (field_name, _, _, noun) in self.list_sources.items():
            found = self.resolve_list(row, column, self.known[column], noun)
            if found is not None:
                self.pending[field_name][row["external_id"]] = found

    def write(self):
        super().write()
        self.write_lists(self.pending)
        sync_practice_evidence(self.records.values(), recorded_by=self.user)


IMPORTERS: dict[str, type[RecordImporter]] = {
    importer.kind: importer
    for importer in (
        RegionImporter,
        CountryImporter,
        OrganizationImporter,
        CounterpartImporter,
        EngagementImporter,
    )
}


def import_table(kind: str, file: IO[bytes], filename: str, *, user=None) -> ImportResult:
    """Import one partner table from a CSV or XLSX file: every row, or none, in one transaction."""
    if kind not in IMPORTERS:
        raise ValueError(f"Unknown table {kind!r}; choose one of {', '.join(IMPORTERS)}.")
    return IMPORTERS[kind](user=user).run(file, filename)
