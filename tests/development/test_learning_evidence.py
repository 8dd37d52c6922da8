"""Training is not practice: a completed course is evidence of learning, kept apart.

Sam (Tina's supervisor) records Tina's completion of Orientation, which builds
1.A and 1.D; the evidence is confirmed because Sam vouches for his team.
"""

import datetime

import pytest
from django.urls import reverse

from seccoop.development import services
from seccoop.partners.models import EvidenceKind, PracticeEvidence
from seccoop.workforce.staffing import Requirement, rank_people
from tests.development.conftest import code_of

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def orientation_done(directorate, catalog):
    d = directorate
    activity = services.add_course(
        user=d.teammate.user, person=d.teammate, course=catalog.orientation, due_on=DAY
    )
    services.complete_activity(user=d.alpha_lead.user, activity=activity, completed_on=DAY)
    return activity


def test_a_completed_course_is_evidence_of_learning_not_of_practice(directorate, orientation_done):
    kinds = set(
        PracticeEvidence.objects.filter(person=directorate.teammate).values_list("kind", flat=True)
    )
    assert kinds == {EvidenceKind.LEARNING}


def test_a_completed_on_the_job_assignment_is_evidence_of_practice(directorate):
    d = directorate
    activity = services.add_assignment(
        user=d.alpha_lead.user,
        person=d.teammate,
        title="Lead the next staff talks",
        competencies=[code_of(d.framework, "1.D")],
        due_on=DAY,
    )
    services.complete_activity(user=d.teammate.user, activity=activity, completed_on=DAY)
    evidence = PracticeEvidence.objects.get(person=d.teammate)
    assert evidence.kind == EvidenceKind.PRACTICE


def test_a_completed_course_does_not_count_as_practice_in_staffing(directorate, orientation_done):
    d = directorate
    assert PracticeEvidence.objects.confirmed().filter(person=d.teammate).count() == 2
    ranking = rank_people(
        d.alpha_lead.user, d.framework, [Requirement(d.framework.competencies.get(code="1.D"), 3)]
    )
    tina = next(row for row in ranking if row.person == d.teammate)
    assert tina.lines[0].practised == 0
    assert "practised" not in tina.explanation


def test_the_person_page_lists_completed_training_under_learning_not_practice(
    client, directorate, orientation_done
):
    client.force_login(directorate.alpha_lead.user)
    html = client.get(reverse("partners:person-work", args=[directorate.teammate.pk])).content
    page = html.decode()
    practice = page[page.index('id="evidence-heading"') : page.index('id="learning-heading"')]
    learning = page[page.index('id="learning-heading"') :]
    learning = learning[: learning.index("</section>")]
    assert "No confirmed evidence of practice yet." in practice
    assert "1.D" in learning and "1.A" in learning
