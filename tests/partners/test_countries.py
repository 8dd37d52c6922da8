"""Countries: loaded from ISO 3166, listed with the desk officer's own first, and their page."""

import pytest
from django.urls import reverse

from seccoop.partners.models import Country, ProfileSectionKind
from seccoop.partners.services import revise_profile_section


def test_every_iso_country_exists_after_migrate(db):
    assert Country.objects.count() >= 249
    assert Country.objects.get(iso_code="GB").name == "United Kingdom"


def test_the_page_of_a_country_nobody_has_edited_since_it_was_loaded_opens(client, directorate):
    never_edited = Country.objects.get(iso_code="NP")
    assert not never_edited.history.exists()
    client.force_login(directorate.outsider.user)
    assert client.get(reverse("partners:country-detail", args=[never_edited.pk])).status_code == 200


def test_a_desk_officer_sees_their_countries_first(client, directorate, partners):
    client.force_login(directorate.bravo_member.user)
    page = client.get(reverse("partners:country-list"))
    assert page.context["page"][0] == partners.japan


def test_someone_without_a_desk_sees_countries_by_name(client, directorate, partners):
    client.force_login(directorate.outsider.user)
    page = client.get(reverse("partners:country-list"))
    assert page.context["page"][0].name == "Afghanistan"


def test_the_country_list_filters_by_region(client, directorate, partners):
    client.force_login(directorate.outsider.user)
    page = client.get(reverse("partners:country-list"), {"region": "eucom"})
    assert list(page.context["page"]) == [partners.france]


def test_the_country_list_costs_the_same_queries_for_many_countries(
    client, directorate, partners, django_assert_max_num_queries
):
    client.force_login(directorate.teammate.user)
    # Session, user, person, roles, count, filter choices, the page, its groupings, session save.
    with django_assert_max_num_queries(12):
        client.get(reverse("partners:country-list"))


def test_the_country_page_costs_a_fixed_number_of_queries(
    client, directorate, partners, log_engagement, django_assert_max_num_queries
):
    for number in range(5):
        log_engagement(directorate.teammate.user, title=f"Talks {number}")
    client.force_login(directorate.teammate.user)
    # 19 for the partner sections, one each for the evaluation app's objectives panel
    # and the controls app's check of who may see security agreements, and two more
    # since this round's changes to the page (the country's SAMM fields and the lookup
    # that tells a hidden record from a missing one), the logistics app's two reads (the
    # country's cross-servicing agreements, then their open orders only when there is one)
    # and one for the controls app's upcoming foreign visits, and one for the programs
    # app's count of the country's cases (its case portfolio link). Five engagements are
    # logged, so a query per engagement would still break the bound.
    with django_assert_max_num_queries(26):
        client.get(reverse("partners:country-detail", args=[partners.france.pk]))


def test_revising_a_profile_section_keeps_the_earlier_text_in_its_history(directorate, partners):
    import datetime

    user = directorate.teammate.user
    for text in ("A stable parliamentary republic.", "Elections are due in the spring."):
        section = revise_profile_section(
            user=user, country=partners.france, kind=ProfileSectionKind.POLITICAL, text=text,
            as_of=datetime.date(2026, 1, 1),
        )  # fmt: skip
    assert section.text == "Elections are due in the spring."
    assert [h.text for h in section.history.order_by("history_id")] == [
        "A stable parliamentary republic.",
        "Elections are due in the spring.",
    ]


def test_someone_off_the_desk_cannot_edit_the_profile(client, directorate, partners):
    client.force_login(directorate.bravo_member.user)
    assert (
        client.get(reverse("partners:profile-edit", args=[partners.france.pk])).status_code == 403
    )


def test_only_an_administrator_assigns_desk_officers(client, directorate, partners):
    d = directorate
    client.force_login(d.teammate.user)
    assert client.get(reverse("partners:desk-edit", args=[partners.japan.pk])).status_code == 403
    client.force_login(d.administrator.user)
    response = client.post(
        reverse("partners:desk-edit", args=[partners.japan.pk]),
        {
            "primary": d.bravo_member.pk,
            "backup": d.bravo_member.pk,
            "version": partners.japan.version,
        },
    )
    assert response.status_code == 200
    assert "someone other than" in response.text
    assert Country.objects.get(pk=partners.japan.pk).backup_desk_officer is None


@pytest.mark.parametrize("name", ["partners:country-list", "partners:engagement-list"])
def test_signed_out_visitors_are_sent_to_sign_in(client, db, name):
    assert client.get(reverse(name)).status_code == 302
