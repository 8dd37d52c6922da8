"""Disclosure records and visits carry their markings; a record about information above CUI
says it describes the information by metadata only."""

import datetime

from django.urls import reverse
from django.utils import timezone

from seccoop.controls.models import VisitRequest
from seccoop.core.services import create_record

METADATA_ONLY = "this record describes it by metadata only and holds none of it"


def _visit(controls, dana, **changes):
    start = timezone.localdate() + datetime.timedelta(days=10)
    values = {
        "country": controls.france, "kind": "one-time", "visitors": "Lt Col A. Marchand",
        "host_organization": "Radar integration laboratory", "purpose": "Interface review.",
        "starts_on": start, "ends_on": start + datetime.timedelta(days=2),
        "information": "Interface control document.", **changes,
    }  # fmt: skip
    return create_record(user=dana, model=VisitRequest, data=values)


def test_a_visit_page_shows_the_visits_marking(client, controls, dana):
    visit = _visit(controls, dana, classification="CUI", cui_categories="EXPT")
    visit.releasable_to.set([controls.france])
    client.force_login(dana)
    page = client.get(reverse("controls:visit-detail", args=[visit.pk]))
    assert "CUI//EXPT//REL TO USA, FRA" in page.content.decode()


def test_a_disclosure_page_about_secret_information_says_it_holds_metadata_only(
    client, make_request, dana
):
    request = make_request(information_level="S", classification="CUI")
    client.force_login(dana)
    text = client.get(reverse("controls:disclosure-detail", args=[request.pk])).content.decode()
    assert f"The information is SECRET, above CUI: {METADATA_ONLY}." in text
    assert 'aria-label="Marking of this record">CUI<' in text


def test_a_disclosure_page_about_cui_information_shows_no_metadata_notice(
    client, make_request, dana
):
    request = make_request(information_level="CUI")
    client.force_login(dana)
    text = client.get(reverse("controls:disclosure-detail", args=[request.pk])).content.decode()
    assert METADATA_ONLY not in text


def test_a_visit_resting_on_a_secret_disclosure_says_it_holds_metadata_only(
    client, make_request, controls, dana
):
    visit = _visit(controls, dana, disclosure_request=make_request(information_level="S"))
    client.force_login(dana)
    text = client.get(reverse("controls:visit-detail", args=[visit.pk])).content.decode()
    assert f"The information is SECRET, above CUI: {METADATA_ONLY}." in text


def test_a_visit_recorded_on_its_page_keeps_the_marking_given(client, controls, dana):
    start = timezone.localdate() + datetime.timedelta(days=10)
    client.force_login(dana)
    response = client.post(reverse("controls:visit-new"), {
        "country": controls.france.pk, "kind": "one-time", "visitors": "Maj B. Laurent",
        "host_organization": "Test range", "purpose": "Range survey.",
        "starts_on": start.isoformat(), "ends_on": start.isoformat(),
        "information": "Range layout.", "classification": "CUI", "cui_categories": "EXPT",
        "releasable_to": [controls.france.pk],
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    visit = VisitRequest.objects.get(visitors="Maj B. Laurent")
    assert (visit.classification, list(visit.releasable_to.all())) == ("CUI", [controls.france])
