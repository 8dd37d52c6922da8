"""Editing engagements and engagement types in the admin keeps evidence of practice in step."""

from django.urls import reverse

from seccoop.competencies.models import Competency
from seccoop.partners.models import EngagementType, PracticeEvidence


def evidence_codes(person) -> set[str]:
    return set(
        PracticeEvidence.objects.filter(person=person).values_list("competency__code", flat=True)
    )


def engagement_admin_form(engagement, *, participants) -> dict:
    return {
        "title": engagement.title,
        "engagement_type": engagement.engagement_type_id,
        "starts_on": engagement.starts_on.isoformat(),
        "ends_on": engagement.ends_on.isoformat(),
        "place": engagement.place,
        "countries": [c.pk for c in engagement.countries.all()],
        "participants": [p.pk for p in participants],
        "counterparts": [c.pk for c in engagement.counterparts.all()],
        "objectives": "",
        "outcome": "",
        # The engagement's marking, as the admin's form carries it.
        "classification": engagement.classification,
        "cui_categories": engagement.cui_categories,
        "releasable_to": [c.pk for c in engagement.releasable_to.all()],
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
    }


def test_adding_a_participant_in_the_admin_gives_them_evidence(
    directorate, log_engagement, admin_client
):
    d = directorate
    engagement = log_engagement(d.teammate.user)
    url = reverse("admin:partners_engagement_change", args=[engagement.pk])
    response = admin_client.post(
        url, engagement_admin_form(engagement, participants=[d.teammate, d.underling])
    )
    assert response.status_code == 302
    assert evidence_codes(d.underling) == {"1.D", "1.E", "6.A"}


def test_a_type_exercising_one_more_sub_competency_in_the_admin_adds_that_evidence(
    directorate, log_engagement, admin_client
):
    d = directorate
    log_engagement(d.teammate.user)
    talks = EngagementType.objects.get(slug="staff-talks")
    codes = ["1.D", "1.E", "6.A", "2.D"]
    competencies = Competency.objects.filter(framework=d.framework, code__in=codes)
    response = admin_client.post(
        reverse("admin:partners_engagementtype_change", args=[talks.pk]),
        {"slug": talks.slug, "name": talks.name, "competencies": [c.pk for c in competencies]},
    )
    assert response.status_code == 302
    assert evidence_codes(d.teammate) == set(codes)
