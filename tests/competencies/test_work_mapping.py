"""The complete mapping of work to the 58 sub-competencies, and the page that shows it.

Every kind of work record declares the sub-competencies it exercises. These
tests fail naming each sub-competency that no kind of work exercises, and
each declared code that is not a sub-competency of the seed framework.
"""

from django.urls import reverse

from seccoop.competencies.exercises import declarations, mapping, unexercised, unknown_codes
from seccoop.competencies.models import CompetencyKind
from tests.factories import SubCompetencyFactory


def test_the_seed_framework_has_58_sub_competencies(seed_framework):
    assert len(mapping(seed_framework)) == 58


def test_every_sub_competency_is_exercised_by_some_kind_of_work(seed_framework):
    left_out = [f"{c.code} {c.label}" for c in unexercised(seed_framework)]
    assert not left_out, "No kind of work record exercises:\n" + "\n".join(left_out)


def test_every_declared_code_is_a_sub_competency_of_the_seed_framework(seed_framework):
    unknown = unknown_codes(seed_framework)
    lines = [f"{label} declares {', '.join(codes)}" for label, codes in sorted(unknown.items())]
    assert not unknown, "Codes that are not sub-competencies:\n" + "\n".join(lines)


def test_competencies_2_6_7_and_8_are_exercised_by_the_evaluation_records(seed_framework):
    """The evaluation app covers strategy, planning, assessment and POLMIL work by itself."""
    covered = {code for d in declarations() if d.app_label == "evaluation" for code in d.codes}
    wanted = {"2.A", "2.B", "2.C", "2.D", "2.E", "6.A", "6.B", "6.E", "6.G"}
    wanted |= {"7.A", "7.B", "7.C", "7.D", "7.E", "7.F", "7.G", "8.A", "8.B"}
    assert wanted - covered == set()


def test_the_work_mapping_page_lists_every_sub_competency_with_its_kinds_of_work(
    client, directorate, django_assert_max_num_queries
):
    client.force_login(directorate.outsider.user)
    url = reverse("competencies:work-mapping", args=[directorate.framework.slug])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    for competency in directorate.framework.competencies.filter(kind=CompetencyKind.SUB_COMPETENCY):
        assert f'id="work-{competency.code.replace(".", "").lower()}"' in response.text
    assert 'Recommendation <span class="text-base">(evaluation)</span>' in response.text


def test_the_page_highlights_a_sub_competency_that_nothing_exercises(client, directorate):
    framework = directorate.framework
    parent = framework.competencies.get(code="9.0")
    SubCompetencyFactory(framework=framework, parent=parent, code="9.Z", title="Unheard of work")
    client.force_login(directorate.outsider.user)
    response = client.get(reverse("competencies:work-mapping", args=[framework.slug]))
    assert "1 of 59 sub-competencies are exercised by no kind of work" in response.text
    assert "9.Z Unheard of work" in response.text
