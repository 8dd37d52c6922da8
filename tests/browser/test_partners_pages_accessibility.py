"""The partner lists, heatmap, coverage, calendar and record pages pass axe-core's WCAG 2.1 AA."""

import datetime

import pytest
from playwright.sync_api import expect

from seccoop.partners.models import (
    CapabilityArea,
    Counterpart,
    Country,
    EngagementType,
    OrganizationKind,
    PartnerOrganization,
    ProfileSectionKind,
)
from seccoop.partners.services import (
    ActionData,
    EngagementData,
    record_engagement,
    record_gap_assessment,
    revise_profile_section,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def partner_records(directorate):
    d = directorate
    today = datetime.date.today()
    france = Country.objects.get(iso_code="FR")
    france.primary_desk_officer = d.teammate
    france.save()
    ministry = PartnerOrganization.objects.create(
        name="Ministère des Armées", kind=OrganizationKind.MINISTRY, country=france
    )
    claire = Counterpart.objects.create(
        organization=ministry, first_name="Claire", last_name="Dubois", email="c@example.fr"
    )
    user = d.teammate.user
    revise_profile_section(
        user=user, country=france, kind=ProfileSectionKind.POLITICAL, text="Stable.", as_of=today
    )
    record_gap_assessment(
        user=user, country=france, area=CapabilityArea.LOGISTICS, severity=4, assessed_on=today
    )
    engagement = record_engagement(
        user=user,
        data=EngagementData(
            title="Staff talks",
            engagement_type=EngagementType.objects.get(slug="staff-talks"),
            starts_on=today,
            ends_on=today,
            countries=[france],
            participants=[d.teammate],
            counterparts=[claire],
        ),
        actions=[ActionData("Minutes", d.teammate, today - datetime.timedelta(days=3))],
    )
    return france, ministry, claire, engagement


def test_the_partner_pages_pass_axe(sign_in, url, axe, directorate, partner_records):
    france, ministry, claire, engagement = partner_records
    page = sign_in(directorate.leader)
    for address in (
        url("partners:country-list"),
        url("partners:organization-list"),
        url("partners:organization-detail", ministry.pk),
        url("partners:counterpart-list"),
        url("partners:counterpart-detail", claire.pk),
        url("partners:capability-heatmap"),
        url("partners:coverage"),
        url("partners:engagement-list"),
        url("partners:engagement-calendar"),
        url("partners:engagement-edit", engagement.pk),
        url("partners:action-list", scope="all"),
        url("partners:profile-edit", france.pk),
        url("partners:gap-new", france.pk),
        url("partners:export"),
    ):
        page.goto(address)
        expect(page.get_by_role("heading", level=1), address).to_have_count(1)
        axe(page)
