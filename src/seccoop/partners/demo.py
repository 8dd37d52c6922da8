"""The partner nations of the demo directorate, added by `seccoop load-demo`.

Nineteen partner nations in the combatant command regions, with desk
officers taken from the demo's country desk positions (the Mexico desk is
vacant, so coverage has something to show), country profiles, capability
gap assessments, ministries, embassies and firms with counterparts, and a
year of engagements with follow-up actions, some of them overdue. Dates are
placed relative to today so the demo never goes stale; the same seed builds
the same partners.
"""

from __future__ import annotations

import datetime
import random
import unicodedata

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from seccoop.partners.models import (
    CapabilityArea,
    CapabilityGapAssessment,
    Counterpart,
    Country,
    CountryGrouping,
    EngagementType,
    LanguageProficiency,
    OrganizationKind,
    PartnerOrganization,
    ProfileSection,
    ProfileSectionKind,
    Region,
)
from seccoop.partners.services import ActionData, EngagementData, record_engagement
from seccoop.workforce.models import Position

MARKER = "ICD-ORG-GB-MOD"  # the external id of the first demo organization

REGIONS = [
    ("eucom", "U.S. European Command"),
    ("indopacom", "U.S. Indo-Pacific Command"),
    ("centcom", "U.S. Central Command"),
    ("africom", "U.S. Africa Command"),
    ("southcom", "U.S. Southern Command"),
    ("northcom", "U.S. Northern Command"),
]
GROUPINGS = [
    ("nato", "NATO"),
    ("five-eyes", "Five Eyes"),
    ("aukus", "AUKUS"),
    ("quad", "Quad"),
]

# ISO code | region | groupings | the desk position's title | ministry | languages spoken
NATIONS_TABLE = """
GB | eucom | nato five-eyes aukus | United Kingdom | Ministry of Defence | English
FR | eucom | nato | France and Benelux | Ministère des Armées | French
BE | eucom | nato | France and Benelux | Ministry of Defence | French, Dutch
NL | eucom | nato | France and Benelux | Ministerie van Defensie | Dutch
DE | eucom | nato | Germany and Central Europe | Bundesministerium der Verteidigung | German
PL | eucom | nato | Germany and Central Europe | Ministry of National Defence | Polish
NO | eucom | nato | Nordic and Baltic States | Ministry of Defence | Norwegian
EE | eucom | nato | Nordic and Baltic States | Ministry of Defence | Estonian
JP | indopacom | quad | Japan and Republic of Korea | Ministry of Defense | Japanese
KR | indopacom |  | Japan and Republic of Korea | Ministry of National Defense | Korean
AU | indopacom | five-eyes aukus quad | Australia and New Zealand | Department of Defence | English
NZ | indopacom | five-eyes | Australia and New Zealand | Ministry of Defence | English
IN | indopacom | quad | India and South Asia | Ministry of Defence | Hindi, English
CA | northcom | nato five-eyes | Canada | Department of National Defence | English, French
MX | northcom |  | Mexico and Central America | Secretaría de la Defensa Nacional | Spanish
BR | southcom |  | Brazil and Southern Cone | Ministério da Defesa | Portuguese
IL | centcom |  | Israel and the Gulf States | Ministry of Defense | Hebrew, English
AE | centcom |  | Israel and the Gulf States | Ministry of Defence | Arabic, English
KE | africom |  | Africa | Ministry of Defence | Swahili, English
"""
NATIONS = [
    (iso, region, tags.split(), desk, ministry, languages)
    for iso, region, tags, desk, ministry, languages in (
        [cell.strip() for cell in line.split("|")] for line in NATIONS_TABLE.strip().splitlines()
    )
]

# Nations whose backup desk officer is still to be named, for the coverage page.
NO_BACKUP = {"KE", "NZ"}
LEADS = {
    "eucom": "Lead Country Desk Officer, Europe and NATO",
    "indopacom": "Lead Country Desk Officer, Indo-Pacific",
    "northcom": "Lead Country Desk Officer, Americas",
    "southcom": "Lead Country Desk Officer, Americas",
    "centcom": "Lead Country Desk Officer, Middle East and Africa",
    "africom": "Lead Country Desk Officer, Middle East and Africa",
}

FIRMS = [
    ("ICD-ORG-US-NORTHWIND", "Northwind Aerospace", OrganizationKind.US_INDUSTRY, "US"),
    ("ICD-ORG-US-CASCADE", "Cascade Maritime Systems", OrganizationKind.US_INDUSTRY, "US"),
    ("ICD-ORG-US-LIBERTY", "Liberty Sensors", OrganizationKind.US_INDUSTRY, "US"),
    ("ICD-ORG-FR-AVEYRON", "Aveyron Défense", OrganizationKind.FOREIGN_INDUSTRY, "FR"),
    ("ICD-ORG-JP-KAIYO", "Kaiyo Heavy Industries", OrganizationKind.FOREIGN_INDUSTRY, "JP"),
    ("ICD-ORG-AU-SOUTHERN", "Southern Cross Shipbuilding", OrganizationKind.FOREIGN_INDUSTRY, "AU"),
]

GIVEN = ["Anne", "Marc", "Hiro", "Min-jun", "Olivia", "Lars", "Kadri", "Priya", "Tomás", "Noa",
         "Fatima", "Daniel", "Sophie", "Jakub", "Amara", "Lucas", "Yuki", "Grace", "Ravi",
         "Elena"]  # fmt: skip
FAMILY = ["Martin", "Janssen", "Tanaka", "Kim", "Walker", "Hansen", "Tamm", "Sharma", "Silva",
          "Levi", "Al Mansouri", "Schmidt", "Nowak", "Odhiambo", "Moreau", "Brown", "Sato",
          "Clarke", "Gupta", "Rossi"]  # fmt: skip
ROLES = [
    "Director of International Cooperation",
    "Head of Armaments Cooperation",
    "Defense Attaché",
    "Deputy Director for Policy",
    "Chief of Staff Talks Secretariat",
]

PROFILE_TEXT = {
    ProfileSectionKind.POLITICAL: "{name} is a stable partner whose government sets defense policy "
    "through its ministry of defense and parliament; the next national election is expected "
    "within two years.",
    ProfileSectionKind.SECURITY_OUTLOOK: "{name} sees regional deterrence, maritime security and "
    "cyber defense as its priorities for the coming decade.",
    ProfileSectionKind.STRATEGIC_RELATIONS: "{name} works closely with the United States and its "
    "neighbors; defense-industrial cooperation is growing.",
    ProfileSectionKind.DEFENSE_ORGANIZATIONS: "Defense is led by the {ministry}, with the general "
    "staff commanding the services and a procurement agency buying equipment.",
    ProfileSectionKind.US_GUIDANCE: "The theater campaign plan names {name} a priority partner for "
    "interoperability and institutional capacity building.",
}

ENGAGEMENTS_PER_NATION = 4
LANGUAGES = {"FR": "fra", "DE": "deu", "JP": "jpn", "KR": "kor", "BR": "por", "MX": "spa"}


def _phone(rng) -> str:
    return f"+{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def demo_is_loaded() -> bool:
    return PartnerOrganization.objects.filter(external_id=MARKER).exists()


def build_partner_demo(*, seed: int, today: datetime.date | None = None) -> str:
    """Build the partner nations of the demo; say what was done (or why nothing was)."""
    if demo_is_loaded():
        return "The demo partner nations are already loaded; nothing was changed."
    positions = {
        position.title: position.incumbent
        for position in Position.objects.filter(title__contains="Desk Officer").select_related(
            "incumbent__user"
        )
    }
    if not positions:
        return "No demo desk officers exist, so no partner nations were loaded."
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return "No demo administrator exists, so no partner nations were loaded."
    today = today or timezone.localdate()
    rng = random.Random(seed)
    with transaction.atomic():
        regions = {code: Region.objects.create(code=code, name=name) for code, name in REGIONS}
        groupings = {
            code: CountryGrouping.objects.create(code=code, name=name) for code, name in GROUPINGS
        }
        countries = {country.iso_code: country for country in Country.objects.all()}
        nations = []
        for iso, region, tags, desk, ministry_name, languages in NATIONS:
            country = countries[iso]
            country.region = regions[region]
            country.primary_desk_officer = positions.get(f"Country Desk Officer, {desk}")
            if iso not in NO_BACKUP:
                country.backup_desk_officer = positions.get(LEADS[region])
            country.full_clean()
            country.save()
            country.groupings.set([groupings[tag] for tag in tags])
            nations.append((country, ministry_name, languages))
        counterparts = _organizations_and_counterparts(nations, countries, rng)
        _profiles_and_gaps(nations, today, rng, admin)
        engagements, actions = _engagements(nations, counterparts, today, rng, admin)
        _languages(nations, positions, today)
    return (
        f"Loaded {len(nations)} partner nations in {len(regions)} regions, "
        f"{PartnerOrganization.objects.count()} organizations, {Counterpart.objects.count()} "
        f"counterparts and {engagements} engagements with {actions} follow-up actions."
    )


def _organizations_and_counterparts(nations, countries, rng) -> dict[str, list[Counterpart]]:
    by_country: dict[str, list[Counterpart]] = {}
    people = list(zip(GIVEN, FAMILY, strict=True))
    for number, (country, ministry_name, languages) in enumerate(nations):
        iso = country.iso_code
        ministry = PartnerOrganization.objects.create(
            external_id=f"ICD-ORG-{iso}-MOD", name=f"{ministry_name} ({country.name})",
            kind=OrganizationKind.MINISTRY, country=country,
        )  # fmt: skip
        embassy = PartnerOrganization.objects.create(
            external_id=f"ICD-ORG-{iso}-EMB", name=f"Embassy of {country.name} in Washington",
            kind=OrganizationKind.EMBASSY, country=country,
        )  # fmt: skip
        found = []
        for index, organization in enumerate((ministry, ministry, embassy)):
            first, last = people[(number * 3 + index) % len(people)]
            found.append(
                Counterpart.objects.create(
                    external_id=f"ICD-CP-{iso}-{index + 1}",
                    organization=organization,
                    first_name=first,
                    last_name=last,
                    role=rng.choice(ROLES),
                    languages=languages,
                    email=_email(first, last, iso),
                    phone=_phone(rng),
                )  # fmt: skip
            )
        by_country[iso] = found
    for external_id, name, kind, iso in FIRMS:
        PartnerOrganization.objects.create(
            external_id=external_id, name=name, kind=kind, country=countries[iso]
        )
    return by_country


def _email(first: str, last: str, iso: str) -> str:
    """An address the model's validation accepts: accents dropped, as mail systems do."""
    local = unicodedata.normalize("NFKD", f"{first}.{last}".lower().replace(" ", ""))
    return f"{local.encode('ascii', 'ignore').decode()}@{iso.lower()}.example"


def _profiles_and_gaps(nations, today, rng, admin) -> None:
    sections, assessments = [], []
    for country, ministry_name, _ in nations:
        for kind, text in PROFILE_TEXT.items():
            sections.append(
                ProfileSection(
                    country=country,
                    kind=kind,
                    text=text.format(name=country.name, ministry=ministry_name),
                    as_of=today - datetime.timedelta(days=rng.randint(20, 300)),
                )  # fmt: skip
            )
        for area in rng.sample(list(CapabilityArea), 6):
            severity = rng.randint(2, 5)
            for months_ago in (12, 3):
                assessments.append(
                    CapabilityGapAssessment(
                        country=country,
                        area=area,
                        severity=severity,
                        assessed_on=today - datetime.timedelta(days=30 * months_ago),
                        assessed_by=country.primary_desk_officer,
                    )  # fmt: skip
                )
                # Gaps close over time, some faster than others.
                severity = max(1, severity - rng.randint(0, 2))
    ProfileSection.objects.bulk_create(sections)
    CapabilityGapAssessment.objects.bulk_create(assessments)


def _engagements(nations, counterparts, today, rng, admin) -> tuple[int, int]:
    kinds = list(EngagementType.objects.all())
    firms = list(PartnerOrganization.objects.filter(kind=OrganizationKind.US_INDUSTRY))
    engagements = actions = 0
    for country, _, _ in nations:
        desk = [p for p in (country.primary_desk_officer, country.backup_desk_officer) if p]
        if not desk:
            continue
        for _ in range(ENGAGEMENTS_PER_NATION):
            kind = rng.choice(kinds)
            # A year back, and a month ahead for what is planned.
            start = today + datetime.timedelta(days=rng.randint(-360, 30))
            end = start + datetime.timedelta(days=rng.randint(0, 3))
            owner = desk[0]
            due = end + datetime.timedelta(days=rng.randint(7, 30))
            planned = [ActionData(f"Send the record of the {kind.name.lower()}", owner, due)]
            engagement = record_engagement(
                user=admin,
                data=EngagementData(
                    title=f"{kind.name} with {country.name}",
                    engagement_type=kind,
                    starts_on=start,
                    ends_on=end,
                    place=rng.choice([country.name, "Washington, D.C.", "The Pentagon"]),
                    objectives=f"Advance the cooperation agenda with {country.name}.",
                    outcome="Both sides agreed on next steps." if end < today else "",
                    countries=[country],
                    participants=desk,
                    counterparts=rng.sample(counterparts[country.iso_code], 2),
                    organizations=[rng.choice(firms)] if kind.slug == "trade-show" else [],
                ),  # fmt: skip
                actions=planned,
            )
            engagements += 1
            actions += 1
            action = engagement.actions.get()
            # Most past actions were done on time; the rest are the overdue list.
            if due < today and rng.random() < 0.7:
                action.done_on = due - datetime.timedelta(days=rng.randint(0, 5))
                action.save(update_fields=["done_on", "updated_at"])
    return engagements, actions


def _languages(nations, positions, today) -> None:
    seen = set()
    for country, _, _ in nations:
        code = LANGUAGES.get(country.iso_code)
        person = country.primary_desk_officer
        if code and person and (person.pk, code) not in seen:
            seen.add((person.pk, code))
            LanguageProficiency.objects.create(
                person=person, language=code, listening="2+", reading="3", speaking="2",
                tested_on=today - datetime.timedelta(days=200),
            )  # fmt: skip
