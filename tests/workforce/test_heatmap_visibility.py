"""Heatmaps aggregate only the ratings their viewer may see."""

from django.utils import timezone

from seccoop.core.permissions import can
from seccoop.workforce.heatmaps import people_whose_ratings_are_visible, unit_heatmap_for
from seccoop.workforce.models import Person


def personas(d):
    return [
        d.leader,
        d.alpha_lead,
        d.bravo_lead,
        d.teammate,
        d.underling,
        d.bravo_member,
        d.workforce_manager,
        d.administrator,
        d.outsider,
    ]


def test_the_people_a_heatmap_counts_are_exactly_those_whose_ratings_the_viewer_may_see(
    directorate,
):
    everyone = list(Person.objects.all())
    for viewer in personas(directorate):
        counted = set(people_whose_ratings_are_visible(viewer.user))
        allowed = {p for p in everyone if can(viewer.user, "view_ratings", p)}
        assert counted == allowed, viewer


def test_a_team_member_sees_only_their_own_figures_in_their_team_row(directorate):
    d = directorate
    heatmap = unit_heatmap_for(d.teammate.user, d.framework, d.division)
    [row] = heatmap.rows
    assert (row.unit, row.people) == (d.alpha, 1)


def test_an_archived_person_is_not_counted(directorate):
    d = directorate
    Person.objects.filter(pk=d.underling.pk).update(archived_at=timezone.now())
    heatmap = unit_heatmap_for(d.alpha_lead.user, d.framework, d.division)
    assert [row.people for row in heatmap.rows] == [2]
