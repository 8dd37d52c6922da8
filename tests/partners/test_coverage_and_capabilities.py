"""Desk coverage and the partner-capability heatmap."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from seccoop.partners.models import CapabilityArea
from seccoop.partners.services import country_coverage, coverage_summary, record_gap_assessment
from seccoop.workforce.services import refresh_current_levels
from tests.factories import RatingFactory


def coverage_of(country):
    return next(line for line in country_coverage() if line.country == country)


def rate(person, framework, codes, level):
    for code in codes:
        RatingFactory(person=person, competency=framework.competencies.get(code=code), level=level)
    refresh_current_levels([person.pk])


def test_a_country_without_a_backup_desk_officer_shows_in_coverage(partners):
    assert coverage_of(partners.japan).lacks_backup
    assert not coverage_of(partners.france).lacks_backup


def test_a_country_in_a_region_without_a_desk_officer_lacks_one(partners):
    from seccoop.partners.models import Country

    germany = Country.objects.get(iso_code="DE")
    germany.region = partners.eucom
    germany.save()
    line = coverage_of(germany)
    assert line.lacks_primary and line.missing_codes == ["1.A", "1.B", "1.C", "1.D", "1.E"]


def test_proficiency_of_either_desk_officer_covers_a_sub_competency(directorate, partners):
    d = directorate
    rate(d.teammate, d.framework, ["1.A", "1.B"], 3)
    rate(d.underling, d.framework, ["1.C", "1.D"], 4)
    rate(d.underling, d.framework, ["1.E"], 2)  # below proficient (3)
    assert coverage_of(partners.france).missing_codes == ["1.E"]


def test_the_dashboard_summary_counts_the_gaps(partners):
    summary = coverage_summary()
    assert summary.countries == 2
    assert summary.without_backup == 1
    assert summary.without_proficiency == 2


def test_the_coverage_page_is_for_leadership(client, directorate, partners):
    client.force_login(directorate.leader.user)
    page = client.get(reverse("partners:coverage"))
    assert "Japan" in page.text


@pytest.mark.parametrize("persona", ["outsider", "teammate"])
def test_the_coverage_page_is_refused_to_others(client, directorate, partners, persona):
    client.force_login(getattr(directorate, persona).user)
    assert client.get(reverse("partners:coverage")).status_code == 403


def test_the_heatmap_shows_the_latest_assessment_of_each_area(client, directorate, partners):
    d = directorate
    for day, severity in [(datetime.date(2025, 1, 1), 5), (datetime.date(2026, 1, 1), 2)]:
        record_gap_assessment(
            user=d.teammate.user, country=partners.france, area=CapabilityArea.LOGISTICS,
            severity=severity, assessed_on=day,
        )  # fmt: skip
    client.force_login(d.outsider.user)
    heatmap = client.get(reverse("partners:capability-heatmap")).context["heatmap"]
    [(country, cells)] = heatmap.rows
    logistics = cells[heatmap.areas.index(CapabilityArea.LOGISTICS)]
    assert country == partners.france and logistics.severity == 2


def test_only_the_desk_and_its_chain_assess_a_countrys_gaps(directorate, partners):
    with pytest.raises(PermissionDenied):
        record_gap_assessment(
            user=directorate.bravo_member.user, country=partners.france,
            area=CapabilityArea.PME, severity=3, assessed_on=datetime.date(2026, 1, 1),
        )  # fmt: skip
    record_gap_assessment(
        user=directorate.alpha_lead.user, country=partners.france,
        area=CapabilityArea.PME, severity=3, assessed_on=datetime.date(2026, 1, 1),
    )  # fmt: skip


def test_a_severity_off_the_scale_is_refused(directorate, partners):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        record_gap_assessment(
            user=directorate.teammate.user, country=partners.france,
            area=CapabilityArea.PME, severity=6, assessed_on=datetime.date(2026, 1, 1),
        )  # fmt: skip
    assert "severity" in refused.value.message_dict
