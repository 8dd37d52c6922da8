"""Every partner page answers a signed-in member of staff."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "name",
    [
        "partners:country-list",
        "partners:organization-list",
        "partners:counterpart-list",
        "partners:capability-heatmap",
        "partners:engagement-list",
        "partners:engagement-calendar",
        "partners:engagement-new",
        "partners:action-list",
        "partners:export",
    ],
)
def test_every_partner_list_page_opens_for_a_desk_officer(client, directorate, partners, name):
    client.force_login(directorate.teammate.user)
    assert client.get(reverse(name)).status_code == 200


def test_every_partner_detail_page_opens_for_a_desk_officer(
    client, directorate, partners, log_engagement
):
    d = directorate
    engagement = log_engagement(d.teammate.user)
    client.force_login(d.teammate.user)
    for name, pk in [
        ("partners:country-detail", partners.france.pk),
        ("partners:profile-edit", partners.france.pk),
        ("partners:gap-new", partners.france.pk),
        ("partners:organization-detail", partners.french_ministry.pk),
        ("partners:counterpart-detail", partners.claire.pk),
        ("partners:engagement-detail", engagement.pk),
        ("partners:engagement-edit", engagement.pk),
        ("partners:person-work", d.teammate.pk),
        ("partners:language-new", d.teammate.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 200, name
