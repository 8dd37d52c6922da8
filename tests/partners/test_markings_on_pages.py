"""Engagements and country profile sections carry their markings, and their pages show them."""

import datetime

from django.urls import reverse

from seccoop.partners.models import ProfileSection, ProfileSectionKind


def test_an_engagement_page_shows_the_engagements_marking(
    client, directorate, partners, log_engagement
):
    engagement = log_engagement(directorate.teammate.user)
    engagement.classification, engagement.cui_categories = "CUI", "PRVCY"
    engagement.save()
    engagement.releasable_to.set([partners.france])
    client.force_login(directorate.administrator.user)
    page = client.get(reverse("partners:engagement-detail", args=[engagement.pk]))
    assert "CUI//PRVCY//REL TO USA, FRA" in page.content.decode()


def test_an_engagement_without_a_marking_is_shown_as_unclassified(
    client, directorate, log_engagement
):
    engagement = log_engagement(directorate.teammate.user)
    client.force_login(directorate.administrator.user)
    page = client.get(reverse("partners:engagement-detail", args=[engagement.pk]))
    assert 'aria-label="Marking of this record">UNCLASSIFIED<' in page.content.decode()


def test_the_country_page_shows_the_highest_marking_of_its_profile_sections(
    client, directorate, partners
):
    ProfileSection.objects.create(
        country=partners.france,
        kind=ProfileSectionKind.POLITICAL,
        text="Coalition government since the spring.",
        as_of=datetime.date(2026, 5, 1),
    )
    ProfileSection.objects.create(
        country=partners.france,
        kind=ProfileSectionKind.DEFENSE_CAPABILITIES,
        text="Air defense modernisation under way.",
        as_of=datetime.date(2026, 5, 1),
        classification="CUI",
        cui_categories="EXPT",
    )
    client.force_login(directorate.administrator.user)
    text = client.get(reverse("partners:country-detail", args=[partners.france.pk])).content
    text = text.decode()
    assert 'aria-label="Marking of the records on this page">CUI//EXPT<' in text
    assert ">UNCLASSIFIED</span>" in text
