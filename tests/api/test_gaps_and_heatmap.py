"""A person's gaps and the unit heatmap through the API, under the ratings policy."""

from django.test import Client

from seccoop.workforce.models import Person
from seccoop.workforce.services import refresh_current_levels
from tests.factories import OrgUnitFactory, PersonFactory, PositionFactory, RatingFactory


def test_anonymous_callers_get_401_for_gaps_and_heatmap(directorate):
    d = directorate
    assert Client().get(f"/api/v1/people/{d.teammate.pk}/gaps").status_code == 401
    assert Client().get("/api/v1/heatmap").status_code == 401


def test_tina_sees_her_own_gaps(directorate, rated, api_as):
    d = directorate
    body = api_as(d.teammate).get(f"/api/v1/people/{d.teammate.pk}/gaps").json()
    one_a = next(gap for gap in body["gaps"] if gap["code"] == "1.A")
    assert (one_a["required"], one_a["current"], one_a["shortfall"]) == (3, 2, 1)
    assert len(body["gaps"]) == 58


def test_sam_sees_the_gaps_of_his_team(directorate, api_as):
    d = directorate
    assert api_as(d.alpha_lead).get(f"/api/v1/people/{d.teammate.pk}/gaps").status_code == 200


def test_sam_may_not_see_bobs_gaps(directorate, api_as):
    d = directorate
    response = api_as(d.alpha_lead).get(f"/api/v1/people/{d.bravo_member.pk}/gaps")
    assert response.status_code == 403


def test_nora_may_not_see_anyones_gaps(directorate, api_as):
    d = directorate
    assert api_as(d.outsider).get(f"/api/v1/people/{d.teammate.pk}/gaps").status_code == 403


def test_walter_sees_bobs_gaps(directorate, api_as):
    d = directorate
    response = api_as(d.workforce_manager).get(f"/api/v1/people/{d.bravo_member.pk}/gaps")
    assert response.status_code == 200


def test_gaps_of_an_unknown_framework_are_a_404(directorate, api_as):
    d = directorate
    response = api_as(d.teammate).get(f"/api/v1/people/{d.teammate.pk}/gaps?framework=nope")
    assert response.status_code == 404


def _row(body, name):
    return next(row for row in body["rows"] if row["unit"]["name"] == name)


def test_walter_sees_every_team_in_the_division_heatmap(directorate, rated, api_as):
    d = directorate
    body = api_as(d.workforce_manager).get(f"/api/v1/heatmap?unit={d.division.pk}").json()
    assert {row["unit"]["name"] for row in body["rows"]} >= {"Alpha Team", "Bravo Team"}
    alpha = _row(body, "Alpha Team")
    col = body["codes"].index("1.A")
    # Tina (2) and Uma (unrated) are both required at 3 on 1.A: nobody meets it.
    assert alpha["required"][col] == 2
    assert alpha["share_meeting"][col] == 0.0
    assert alpha["mean_shortfall"][col] == 2.0


def test_a_sub_competency_nobody_requires_has_no_share(directorate, api_as):
    d = directorate
    body = api_as(d.workforce_manager).get(f"/api/v1/heatmap?unit={d.division.pk}").json()
    col = body["codes"].index("9.D")
    assert _row(body, "Alpha Team")["share_meeting"][col] is None


def test_sam_sees_only_his_own_team_in_the_heatmap(directorate, rated, api_as):
    d = directorate
    body = api_as(d.alpha_lead).get(f"/api/v1/heatmap?unit={d.division.pk}").json()
    assert [row["unit"]["name"] for row in body["rows"]] == ["Alpha Team"]


def test_nora_sees_an_empty_heatmap(directorate, rated, api_as):
    d = directorate
    body = api_as(d.outsider).get(f"/api/v1/heatmap?unit={d.division.pk}").json()
    assert body["rows"] == []


def test_a_heatmap_of_an_unknown_unit_is_a_404(directorate, api_as):
    response = api_as(directorate.workforce_manager).get("/api/v1/heatmap?unit=999999")
    assert response.status_code == 404


def test_the_heatmap_takes_a_fixed_number_of_queries(
    directorate, client, django_assert_max_num_queries
):
    d = directorate
    for i in range(10):
        team = OrgUnitFactory(name=f"Extra Team {i}", parent=d.division)
        person = PersonFactory()
        PositionFactory(incumbent=person, role_type=d.role_type, org_unit=team)
        for code in ["1.A", "1.D", "4.C"]:
            RatingFactory(person=person, competency=d.framework.competencies.get(code=code))
    refresh_current_levels(Person.objects.values_list("pk", flat=True))
    client.force_login(d.workforce_manager.user)
    # The figures have changed since they were last summed: one query finds
    # that out, and the live aggregate answers.
    with django_assert_max_num_queries(16):
        response = client.get(f"/api/v1/heatmap?unit={d.division.pk}")
    # The division's own row (Lee), Alpha, Bravo and the ten extra teams.
    assert len(response.json()["rows"]) == 13
