"""Org units and the supervisor chain are trees whose subtrees are one query away."""

import pytest
from django.core.exceptions import ValidationError

from seccoop.workforce.models import OrgUnit, Position
from tests.factories import OrgUnitFactory, PositionFactory


@pytest.fixture
def tree(db):
    directorate = OrgUnitFactory(name="Directorate", kind="directorate")
    division = OrgUnitFactory(name="Division", parent=directorate)
    team = OrgUnitFactory(name="Team", parent=division)
    other = OrgUnitFactory(name="Other division", parent=directorate)
    return directorate, division, team, other


def test_a_unit_lists_everything_below_it(tree):
    directorate, division, team, other = tree
    assert set(division.descendants()) == {division, team}
    assert set(directorate.descendants(include_self=False)) == {division, team, other}


def test_moving_a_unit_moves_its_whole_subtree(tree):
    directorate, division, team, other = tree
    division.parent = other
    division.save()
    team.refresh_from_db()
    assert team.path == f"/{directorate.pk}/{other.pk}/{division.pk}/{team.pk}/"
    assert set(other.descendants()) == {other, division, team}


def test_a_unit_cannot_be_placed_under_its_own_descendant(tree):
    directorate, division, team, other = tree
    division.parent = team
    with pytest.raises(ValidationError, match="its own ancestor"):
        division.full_clean()


def test_rebuilding_paths_after_a_bulk_insert_restores_every_subtree(tree):
    directorate, division, team, other = tree
    OrgUnit.objects.update(path="")
    OrgUnit.rebuild_paths()
    assert set(directorate.descendants()) == {directorate, division, team, other}


def test_rebuilding_paths_names_a_cycle(tree):
    directorate, division, team, other = tree
    OrgUnit.objects.filter(pk=directorate.pk).update(parent=team)
    with pytest.raises(ValidationError, match="its own ancestor"):
        OrgUnit.rebuild_paths()


def test_the_supervisor_chain_follows_reports_to(db):
    chief = PositionFactory(title="Chief")
    lead = PositionFactory(title="Lead", reports_to=chief)
    officer = PositionFactory(title="Officer", reports_to=lead)
    assert set(Position.objects.filter(path__startswith=chief.path)) == {chief, lead, officer}
    assert officer.ancestor_ids() == [chief.pk, lead.pk]
