"""Partner fixtures: two desks on the directorate's personas.

France: Tina (alpha) is the desk officer and Uma (alpha) the backup, so Sam
and Lee are above them in the chain. Japan: Bob (bravo) is the desk officer,
with no backup, so Sue and Lee are above him. Claire Dubois of the French
ministry of defense has contact details; only France's desk and its chain
(and administrators) may see them.
"""

import datetime
from dataclasses import dataclass

import pytest

from seccoop.partners.models import (
    Counterpart,
    Country,
    CountryGrouping,
    EngagementType,
    OrganizationKind,
    PartnerOrganization,
    Region,
)
from seccoop.partners.services import EngagementData, record_engagement

CLAIRE_EMAIL = "claire.dubois@defense.gouv.example"
CLAIRE_PHONE = "+33 1 00 00 00 00"


@dataclass
class Partners:
    france: Country
    japan: Country
    eucom: Region
    indopacom: Region
    nato: CountryGrouping
    french_ministry: PartnerOrganization
    japanese_ministry: PartnerOrganization
    firm: PartnerOrganization
    claire: Counterpart
    kenji: Counterpart


@pytest.fixture
def partners(directorate):
    d = directorate
    eucom = Region.objects.create(code="eucom", name="U.S. European Command")
    indopacom = Region.objects.create(code="indopacom", name="U.S. Indo-Pacific Command")
    nato = CountryGrouping.objects.create(code="nato", name="NATO")
    france = Country.objects.get(iso_code="FR")
    france.region = eucom
    france.primary_desk_officer = d.teammate
    france.backup_desk_officer = d.underling
    france.save()
    france.groupings.add(nato)
    japan = Country.objects.get(iso_code="JP")
    japan.region = indopacom
    japan.primary_desk_officer = d.bravo_member
    japan.save()
    french_ministry = PartnerOrganization.objects.create(
        external_id="ORG-FR-MOD", name="Ministère des Armées", kind=OrganizationKind.MINISTRY,
        country=france,
    )  # fmt: skip
    japanese_ministry = PartnerOrganization.objects.create(
        external_id="ORG-JP-MOD", name="Ministry of Defense of Japan",
        kind=OrganizationKind.MINISTRY, country=japan,
    )  # fmt: skip
    firm = PartnerOrganization.objects.create(
        external_id="ORG-US-ACME", name="Acme Defense Systems", kind=OrganizationKind.US_INDUSTRY,
        country=Country.objects.get(iso_code="US"),
    )  # fmt: skip
    claire = Counterpart.objects.create(
        external_id="CP-CLAIRE", organization=french_ministry, first_name="Claire",
        last_name="Dubois", role="Director of International Relations", languages="French, English",
        email=CLAIRE_EMAIL, phone=CLAIRE_PHONE, address="60 boulevard du Général Martial Valin",
    )  # fmt: skip
    kenji = Counterpart.objects.create(
        external_id="CP-KENJI", organization=japanese_ministry, first_name="Kenji",
        last_name="Sato", role="Deputy Director", email="kenji.sato@mod.example",
    )  # fmt: skip
    return Partners(
        france=france, japan=japan, eucom=eucom, indopacom=indopacom, nato=nato,
        french_ministry=french_ministry, japanese_ministry=japanese_ministry, firm=firm,
        claire=claire, kenji=kenji,
    )  # fmt: skip


@pytest.fixture
def log_engagement(partners):
    """`log_engagement(user, **changes)`: log staff talks with France through the service."""

    def log(user, *, actions=(), **changes):
        values = {
            "title": "Franco-American staff talks",
            "engagement_type": EngagementType.objects.get(slug="staff-talks"),
            "starts_on": datetime.date(2026, 3, 2),
            "ends_on": datetime.date(2026, 3, 4),
            "place": "Paris",
            "countries": [partners.france],
            "participants": [user.person],
            "counterparts": [partners.claire],
        }
        values.update(changes)
        return record_engagement(user=user, data=EngagementData(**values), actions=actions)

    return log
