"""Two people editing one partner record: a save made against an older copy is refused."""

import datetime

from django.urls import reverse

from seccoop.partners.models import Country, Engagement, ProfileSection, ProfileSectionKind


def engagement_form(engagement, *, title: str, version: int) -> dict:
    return {
        "title": title,
        "engagement_type": engagement.engagement_type_id,
        "starts_on": engagement.starts_on.isoformat(),
        "ends_on": engagement.ends_on.isoformat(),
        "place": engagement.place,
        "countries": [c.pk for c in engagement.countries.all()],
        "participants": [p.pk for p in engagement.participants.all()],
        "objectives": "",
        "outcome": "",
        "version": version,
    }


def test_an_engagement_saved_against_an_older_version_is_refused_and_the_newer_title_kept(
    client, directorate, log_engagement
):
    d = directorate
    engagement = log_engagement(d.teammate.user)
    opened_at = engagement.version
    url = reverse("partners:engagement-edit", args=[engagement.pk])
    client.force_login(d.teammate.user)
    first = client.post(url, engagement_form(engagement, title="Agenda agreed", version=opened_at))
    assert first.status_code == 302
    second = client.post(url, engagement_form(engagement, title="Stale title", version=opened_at))
    assert second.status_code == 200
    assert "changed this engagement" in second.content.decode()
    assert Engagement.objects.get(pk=engagement.pk).title == "Agenda agreed"


def test_the_engagement_edit_page_carries_the_version_it_was_opened_at(
    client, directorate, log_engagement
):
    d = directorate
    engagement = log_engagement(d.teammate.user)
    client.force_login(d.teammate.user)
    page = client.get(reverse("partners:engagement-edit", args=[engagement.pk])).content.decode()
    assert f'name="version" value="{engagement.version}"' in page


def test_desk_officers_saved_against_an_older_version_are_refused(client, directorate, partners):
    d = directorate
    japan = partners.japan
    opened_at = Country.objects.get(pk=japan.pk).version
    url = reverse("partners:desk-edit", args=[japan.pk])
    client.force_login(d.administrator.user)
    assert client.post(url, {"primary": d.bravo_member.pk, "version": opened_at}).status_code == 302
    stale = client.post(
        url, {"primary": d.bravo_member.pk, "backup": d.teammate.pk, "version": opened_at}
    )
    assert stale.status_code == 200
    assert Country.objects.get(pk=japan.pk).backup_desk_officer is None


def test_a_profile_section_revised_against_an_older_text_is_refused(client, directorate, partners):
    d = directorate
    url = reverse("partners:profile-edit", args=[partners.france.pk])
    client.force_login(d.teammate.user)
    values = {"kind": ProfileSectionKind.POLITICAL, "as_of": datetime.date.today().isoformat()}
    assert client.post(url, {**values, "text": "First text."}).status_code == 302
    opened_at = ProfileSection.objects.get(country=partners.france).version
    assert client.post(url, {**values, "text": "Second.", "version": opened_at}).status_code == 302
    stale = client.post(url, {**values, "text": "Stale text.", "version": opened_at})
    assert stale.status_code == 200
    assert ProfileSection.objects.get(country=partners.france).text == "Second."
