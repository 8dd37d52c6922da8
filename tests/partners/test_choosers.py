"""Choosers that scale: people in combo boxes, counterparts named with their organization."""

import html
import re

from django.urls import reverse

from seccoop.partners.models import Counterpart


def select_in_combo_box(page: str, name: str) -> bool:
    """Whether the select named `name` sits directly in a USWDS combo box."""
    return re.search(rf'<div class="usa-combo-box"[^>]*>\s*<select name="{name}"', page) is not None


def test_counterparts_are_named_with_their_organization_and_country(client, directorate, partners):
    # A namesake in another ministry: the list tells the two apart.
    Counterpart.objects.create(
        organization=partners.japanese_ministry, first_name="Claire", last_name="Dubois"
    )
    client.force_login(directorate.teammate.user)
    page = html.unescape(client.get(reverse("partners:engagement-new")).text)
    assert "Claire Dubois, Ministère des Armées (France)" in page
    assert "Claire Dubois, Ministry of Defense of Japan (Japan)" in page


def test_the_action_owner_is_chosen_in_a_combo_box(client, directorate, partners):
    client.force_login(directorate.teammate.user)
    page = client.get(reverse("partners:engagement-new")).text
    assert select_in_combo_box(page, "action_owner")


def test_the_desk_officers_are_chosen_in_combo_boxes(client, directorate, partners):
    client.force_login(directorate.administrator.user)
    page = client.get(reverse("partners:desk-edit", args=[partners.france.pk])).text
    assert select_in_combo_box(page, "primary")
    assert select_in_combo_box(page, "backup")


def test_the_action_owner_combo_box_starts_on_the_person_logging_the_engagement(
    client, directorate, partners
):
    # A USWDS combo box shows its data-default-value, not the select's selected option.
    client.force_login(directorate.teammate.user)
    page = client.get(reverse("partners:engagement-new")).text
    owner = directorate.teammate.pk
    assert re.search(rf'data-default-value="{owner}">\s*<select name="action_owner"', page)
