"""Controls records are seen only by disclosure specialists, leadership, administrators and
the people assigned to them; everyone else is refused."""

import pytest

from seccoop.controls import models
from seccoop.core import permissions
from seccoop.partners.services import assign

ALL_TYPES = [
    "DisclosureRequest",
    "DisclosureReview",
    "CountryDecision",
    "Release",
    "DelegationOfDisclosureAuthority",
    "SecurityAgreement",
    "EndUseItem",
    "Inventory",
    "UseIncident",
    "Nominee",
    "Vetting",
    "Assistance",
    "ExecutionConstraint",
    "PolicyException",
    "CriterionAssessment",
]
# The office's reference data: nobody is assigned to it.
REFERENCE_TYPES = ["DisclosureCeiling", "PolicyRestriction"]


def visible(user, name):
    return getattr(models, name).objects.visible_to(user)


@pytest.mark.parametrize("name", ALL_TYPES + REFERENCE_TYPES)
def test_a_disclosure_specialist_sees_every_record(one_of_each, dana, name):
    assert visible(dana, name).filter(pk=one_of_each[name].pk).exists()


@pytest.mark.parametrize("name", ALL_TYPES + REFERENCE_TYPES)
def test_leadership_and_administrators_see_every_record(one_of_each, directorate, name):
    for person in (directorate.leader, directorate.administrator):
        assert visible(person.user, name).filter(pk=one_of_each[name].pk).exists()


@pytest.mark.parametrize("name", ALL_TYPES + REFERENCE_TYPES)
def test_a_desk_officer_and_someone_without_a_role_see_none(one_of_each, directorate, name):
    for person in (directorate.teammate, directorate.outsider, directorate.workforce_manager):
        assert not visible(person.user, name).exists()
        assert not permissions.can(person.user, "view", one_of_each[name])


PARENT_OF = {
    "DisclosureRequest": "DisclosureRequest",
    "DisclosureReview": "DisclosureRequest",
    "CountryDecision": "DisclosureRequest",
    "Release": "DisclosureRequest",
    "DelegationOfDisclosureAuthority": "DelegationOfDisclosureAuthority",
    "SecurityAgreement": "SecurityAgreement",
    "EndUseItem": "EndUseItem",
    "Inventory": "EndUseItem",
    "UseIncident": "EndUseItem",
    "Nominee": "Nominee",
    "Vetting": "Nominee",
    "Assistance": "Nominee",
    "ExecutionConstraint": "ExecutionConstraint",
    "PolicyException": "DisclosureRequest",
    "CriterionAssessment": "DisclosureRequest",
}


@pytest.mark.parametrize("name", ALL_TYPES)
def test_someone_assigned_sees_the_record_and_its_parts_but_not_others(
    one_of_each, dana, directorate, name
):
    tina = directorate.teammate.user
    assign(
        user=dana, record=one_of_each[PARENT_OF[name]], person=directorate.teammate, role="reviewer"
    )
    assert visible(tina, name).filter(pk=one_of_each[name].pk).exists()
    assert permissions.can(tina, "view", one_of_each[name])
    others = [n for n, parent in PARENT_OF.items() if parent != PARENT_OF[name]]
    for other in others:
        assert not visible(tina, other).exists(), other


def test_someone_assigned_may_not_change_the_record(one_of_each, dana, directorate):
    request = one_of_each["DisclosureRequest"]
    assign(user=dana, record=request, person=directorate.teammate, role="reviewer")
    assert not permissions.can(directorate.teammate.user, "change", request)


def test_leadership_reads_but_does_not_change(one_of_each, directorate):
    assert not permissions.can(directorate.leader.user, "change", one_of_each["EndUseItem"])
