"""The evaluator an evaluation names gains evidence on what evaluating exercises (7.C, 6.G)."""

import datetime

import pytest

from seccoop.evaluation.models import Evaluation
from seccoop.partners.models import EvidenceStatus, PracticeEvidence

pytestmark = pytest.mark.django_db


def test_the_evaluator_named_on_an_evaluation_gains_evidence_dated_the_evaluation(
    directorate, world, save
):
    save(
        Evaluation,
        user=directorate.teammate.user,
        initiative=world.initiative,
        evaluated_on=datetime.date(2026, 8, 3),
        evaluator=directorate.teammate,
        relevance=4,
        effectiveness=3,
        supportability=3,
        sustainability=4,
        findings="Instructors now suffice.",
    )
    evidence = PracticeEvidence.objects.filter(
        person=directorate.teammate, practiced_on=datetime.date(2026, 8, 3)
    )
    assert sorted(evidence.values_list("competency__code", flat=True)) == ["6.G", "7.C"]
    assert set(evidence.values_list("status", flat=True)) == {EvidenceStatus.CONFIRMED}


def test_an_evaluation_naming_no_evaluator_gives_nobody_evidence(directorate, world):
    assert world.evaluation.evaluator is None
    assert not PracticeEvidence.objects.filter(
        competency__code="7.C", practiced_on=world.evaluation.evaluated_on
    ).exists()
