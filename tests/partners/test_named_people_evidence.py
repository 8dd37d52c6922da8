"""The people a record already names as doing its work gain evidence of practice.

Tina holds France's desk. She assesses France's capability gaps and writes its
profile; Dana, a disclosure specialist, completes the technology security
review of a request to release radar data. Each gains evidence on what the
record exercises, confirmed because each recorded their own work.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from seccoop.controls import services as controls_services
from seccoop.controls.models import DisclosureReview, Inventory
from seccoop.partners.models import CapabilityArea, EvidenceStatus, PracticeEvidence
from seccoop.partners.services import record_gap_assessment, revise_profile_section
from tests.controls import conftest as controls_fixtures

pytestmark = pytest.mark.django_db

controls = controls_fixtures.controls
dana = controls_fixtures.dana
make_request = controls_fixtures.make_request
make_item = controls_fixtures.make_item

DAY = datetime.date(2026, 5, 4)


def evidence_of(person) -> dict[str, str]:
    return dict(
        PracticeEvidence.objects.filter(person=person).values_list("competency__code", "status")
    )


def test_the_assessor_of_a_capability_gap_gains_evidence_on_assessing_partner_capability(
    directorate, partners
):
    record_gap_assessment(
        user=directorate.teammate.user,
        country=partners.france,
        area=next(iter(CapabilityArea)).value,
        severity=3,
        assessed_on=DAY,
    )
    assert evidence_of(directorate.teammate) == dict.fromkeys(
        ["8.C", "8.D"], EvidenceStatus.CONFIRMED
    )


def test_the_author_of_a_country_profile_section_gains_evidence_on_country_orientation(
    directorate, partners
):
    revise_profile_section(
        user=directorate.teammate.user,
        country=partners.france,
        kind="political",
        text="A stable parliamentary democracy.",
        as_of=DAY,
    )
    assert set(evidence_of(directorate.teammate)) == {"1.A", "1.B", "1.C", "6.A"}
    assert (
        PracticeEvidence.objects.get(
            person=directorate.teammate, competency__code="1.B"
        ).practiced_on
        == DAY
    )


def test_a_reviewer_gains_evidence_only_once_the_review_is_complete(controls, dana, make_request):
    request = make_request()
    controls_services.move_disclosure_request(user=dana, request=request, name="start-review")
    review = request.reviews.get()
    from_review = PracticeEvidence.objects.filter(
        person=controls.specialist,
        source_type=ContentType.objects.get_for_model(DisclosureReview),
        source_id=review.pk,
    )
    assert not from_review.exists()
    controls_services.complete_review(user=dana, review=review, outcome="concur", completed_on=DAY)
    assert sorted(from_review.values_list("competency__code", flat=True)) == ["5.D", "9.A"]


def test_whoever_performs_an_inventory_gains_evidence_on_end_use_monitoring(
    controls, dana, make_item
):
    item = make_item()
    inventory = controls_services.record_inventory(
        user=dana, item=item, inventoried_on=DAY, result="accounted-for"
    )
    from_inventory = PracticeEvidence.objects.filter(
        person=controls.specialist,
        source_type=ContentType.objects.get_for_model(Inventory),
        source_id=inventory.pk,
    )
    assert list(from_inventory.values_list("competency__code", "practiced_on")) == [("6.F", DAY)]
