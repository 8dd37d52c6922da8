"""An engagement's countries, changed on its page, are kept in its history and the audit log."""

from django.urls import reverse

from seccoop.core.history import change_history
from seccoop.core.models import AuditAction, AuditEntry
from seccoop.partners.models import Country


def edit_form(engagement, *, countries) -> dict:
    return {
        "title": engagement.title,
        "engagement_type": engagement.engagement_type_id,
        "starts_on": engagement.starts_on.isoformat(),
        "ends_on": engagement.ends_on.isoformat(),
        "place": engagement.place,
        "countries": [country.pk for country in countries],
        "participants": [p.pk for p in engagement.participants.all()],
        "counterparts": [c.pk for c in engagement.counterparts.all()],
        "objectives": "",
        "outcome": "",
        "version": engagement.version,
    }


def link_entries(engagement) -> list[dict]:
    return [
        {"who": entry.actor_username, **entry.changes}
        for entry in AuditEntry.objects.filter(
            action=AuditAction.UPDATE, model="partners.engagement", object_id=str(engagement.pk)
        ).order_by("pk")
        if "countries" in entry.changes
    ]


def test_a_desk_officer_swapping_a_country_on_the_page_sees_both_in_the_history(
    client, directorate, partners, log_engagement
):
    tina = directorate.teammate.user
    engagement = log_engagement(tina)
    client.force_login(tina)
    url = reverse("partners:engagement-edit", args=[engagement.pk])
    response = client.post(url, edit_form(engagement, countries=[partners.japan]))
    assert response.status_code == 302
    [latest, *_] = change_history(engagement)
    assert latest.who == tina.get_full_name()
    assert [(c.name, c.sentence) for c in latest.changes] == [
        ("countries", "added Japan; removed France")
    ]
    page = client.get(reverse("partners:engagement-detail", args=[engagement.pk]))
    assert "Countries: added Japan; removed France" in page.content.decode()


def test_a_desk_officer_swapping_a_country_on_the_page_leaves_audit_entries_naming_her(
    client, directorate, partners, log_engagement
):
    tina = directorate.teammate.user
    engagement = log_engagement(tina)
    before = len(link_entries(engagement))
    client.force_login(tina)
    url = reverse("partners:engagement-edit", args=[engagement.pk])
    client.post(url, edit_form(engagement, countries=[partners.japan]))
    assert link_entries(engagement)[before:] == [
        {"who": "tina", "countries": {"removed": ["France"]}},
        {"who": "tina", "countries": {"added": ["Japan"]}},
    ]


def test_saving_the_page_with_the_same_countries_records_no_change_of_links(
    client, directorate, partners, log_engagement
):
    tina = directorate.teammate.user
    engagement = log_engagement(tina)
    before = len(link_entries(engagement))
    client.force_login(tina)
    url = reverse("partners:engagement-edit", args=[engagement.pk])
    client.post(url, edit_form(engagement, countries=[partners.france]))
    assert len(link_entries(engagement)) == before
    assert change_history(engagement)[0].changes == []


def test_a_link_made_from_the_country_side_goes_into_the_engagements_history(
    directorate, partners, log_engagement
):
    engagement = log_engagement(directorate.teammate.user)
    estonia = Country.objects.get(iso_code="EE")
    estonia.engagements.add(engagement)
    assert [c.sentence for c in change_history(engagement)[0].changes] == ["added Estonia"]
    [entry] = [e for e in link_entries(engagement) if "added" in e["countries"]][-1:]
    assert entry["countries"] == {"added": ["Estonia"]}


def test_a_country_cleared_from_the_country_side_is_removed_from_the_engagements_history(
    directorate, partners, log_engagement
):
    engagement = log_engagement(directorate.teammate.user)
    partners.france.engagements.clear()
    assert [c.sentence for c in change_history(engagement)[0].changes] == ["removed France"]
    assert link_entries(engagement)[-1]["countries"] == {"removed": ["France"]}


def test_removing_a_country_the_engagement_does_not_have_records_nothing(
    directorate, partners, log_engagement
):
    engagement = log_engagement(directorate.teammate.user)
    rows_before = engagement.history.count()
    entries_before = AuditEntry.objects.count()
    engagement.countries.remove(partners.japan)
    assert engagement.history.count() == rows_before
    assert AuditEntry.objects.count() == entries_before
