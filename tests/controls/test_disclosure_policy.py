"""Disclosure decisions held to policy: ceilings, restrictions, exceptions to National
Disclosure Policy, the disclosure criteria, delegation letters and separation of duties."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from seccoop.controls import disclosure_policy, services
from seccoop.controls.disclosure_policy import CriterionLine
from seccoop.controls.models import (
    CriterionFinding,
    DisclosureCeiling,
    DisclosureCriterion,
    DisclosureState,
    PolicyRestriction,
    Release,
)
from seccoop.core.services import create_record
from tests.controls.conftest import ALL_MET, TODAY


@pytest.fixture
def ceilings(controls, dana):
    """France may receive category 3 up to SECRET, Japan up to CONFIDENTIAL (fictitious values)."""
    for country, level in ((controls.france, "S"), (controls.japan, "C")):
        disclosure_policy.record_ceiling(
            user=dana,
            country=country,
            category="3",
            level=level,
            effective_on=datetime.date(2026, 1, 1),
            source_note="Entered for the tests.",
        )


def _in_review(request, dana):
    services.move_disclosure_request(user=dana, request=request, name="start-review")
    services.complete_review(
        user=dana, review=request.reviews.get(), outcome="concur", completed_on=TODAY
    )
    request.refresh_from_db()
    return request


@pytest.fixture
def secret_request(make_request, dana, ceilings):
    """SECRET radar data for France and Japan, in review with its review done."""
    return _in_review(make_request(information_level="S"), dana)


def _approve(request, dana, **extra):
    values = {"reasons": "Within policy.", "criteria": ALL_MET, **extra}
    return services.move_disclosure_request(user=dana, request=request, name="approve", **values)


def _exception(request, dana, controls):
    return disclosure_policy.prepare_exception(
        user=dana,
        request=request,
        information="Radar cross-section data at SECRET.",
        justification="Japan co-develops the radar's signal processor.",
        countries=[controls.japan],
        criteria=ALL_MET,
    )


def _granted(exception, dana, **values):
    disclosure_policy.move_exception(user=dana, exception=exception, name="submit")
    decision = {"decided_on": TODAY, "decision_reference": "NDPC 26-014", **values}
    name = "approve-with-conditions" if values.get("decision_conditions") else "approve"
    disclosure_policy.move_exception(user=dana, exception=exception, name=name, values=decision)
    return exception


# --- ceilings and restrictions -------------------------------------------------------------


def test_a_request_above_a_countrys_ceiling_cannot_be_approved_without_an_approved_exception(
    secret_request, dana
):
    with pytest.raises(ValidationError) as refused:
        _approve(secret_request, dana)
    (message,) = refused.value.message_dict["state"]
    assert message.startswith("Japan needs an approved exception to National Disclosure Policy")
    assert "SECRET exceeds the category 3 ceiling of CONFIDENTIAL" in message
    secret_request.refresh_from_db()
    assert secret_request.state == DisclosureState.IN_REVIEW
    assert not secret_request.country_decisions.exists()


def test_a_request_above_the_ceiling_is_approved_once_its_exception_is_approved(
    secret_request, dana, controls
):
    _granted(_exception(secret_request, dana, controls), dana)
    _approve(secret_request, dana)
    assert secret_request.state == DisclosureState.APPROVED


def test_the_committees_conditions_join_the_decision_for_the_country_they_cover(
    secret_request, dana, controls
):
    _granted(
        _exception(secret_request, dana, controls),
        dana,
        decision_conditions="Visual and oral disclosure only.",
    )
    _approve(secret_request, dana)
    conditions = dict(secret_request.country_decisions.values_list("country__name", "conditions"))
    assert conditions == {
        "France": "",
        "Japan": "Exception conditions: Visual and oral disclosure only.",
    }


def test_a_denied_exception_leaves_the_request_unapprovable(secret_request, dana, controls):
    exception = _exception(secret_request, dana, controls)
    disclosure_policy.move_exception(user=dana, exception=exception, name="submit")
    disclosure_policy.move_exception(
        user=dana,
        exception=exception,
        name="deny",
        note="No benefit shown.",
        values={"decided_on": TODAY},
    )
    with pytest.raises(ValidationError) as refused:
        _approve(secret_request, dana)
    assert "Japan needs an approved exception" in str(refused.value)


def test_a_country_without_a_recorded_ceiling_needs_an_exception_for_classified_information(
    make_request, dana, controls
):
    request = _in_review(make_request(information_level="C"), dana)
    conflicts = disclosure_policy.policy_conflicts(request)
    assert conflicts[controls.france.pk] == [
        "France: no ceiling is recorded in category 3, so CONFIDENTIAL exceeds it."
    ]


def test_unclassified_information_is_not_held_to_the_ceilings(make_request, dana):
    request = _in_review(make_request(information_level="U"), dana)
    _approve(request, dana)
    assert request.state == DisclosureState.APPROVED


def test_a_request_conflicting_with_a_policy_restriction_needs_an_exception(
    make_request, dana, controls, ceilings
):
    create_record(
        user=dana,
        model=PolicyRestriction,
        data={
            "country": controls.france,
            "category": "3",
            "title": "No low-observable signature data",
            "authority": "Committee record 25-101",
            "effective_on": datetime.date(2025, 1, 1),
        },
    )
    request = _in_review(make_request(information_level="C"), dana)
    with pytest.raises(ValidationError) as refused:
        _approve(request, dana)
    assert "conflicts with the restriction “No low-observable signature data”" in str(refused.value)


def test_a_new_ceiling_version_supersedes_the_current_one_which_is_kept(ceilings, dana, controls):
    disclosure_policy.record_ceiling(
        user=dana,
        country=controls.japan,
        category="3",
        level="S",
        effective_on=datetime.date(2026, 3, 1),
        source_note="Chart revision entered for the tests.",
    )
    versions = list(
        DisclosureCeiling.objects.filter(country=controls.japan, category="3").values_list(
            "version_number", "level", "superseded_on"
        )
    )
    assert versions == [(2, "S", None), (1, "C", datetime.date(2026, 3, 1))]


def test_a_ceiling_version_cannot_take_effect_before_the_current_one(ceilings, dana, controls):
    with pytest.raises(ValidationError) as refused:
        disclosure_policy.record_ceiling(
            user=dana,
            country=controls.japan,
            category="3",
            level="S",
            effective_on=datetime.date(2025, 12, 1),
            source_note="Back-dated.",
        )
    assert "a new version takes effect after it" in str(refused.value)
    assert DisclosureCeiling.objects.filter(country=controls.japan).count() == 1


# --- exceptions and criteria ---------------------------------------------------------------------


def test_an_exception_request_assesses_every_disclosure_criterion(secret_request, dana, controls):
    with pytest.raises(ValidationError) as refused:
        disclosure_policy.prepare_exception(
            user=dana,
            request=secret_request,
            information="Radar cross-section data.",
            justification="Co-development.",
            countries=[controls.japan],
            criteria=ALL_MET[:4],
        )
    assert refused.value.message_dict["criteria"] == [
        "Limited to the information the purpose needs: give the finding."
    ]
    assert not secret_request.policy_exceptions.exists()


def test_an_exception_approved_with_conditions_states_the_conditions(
    secret_request, dana, controls
):
    exception = _exception(secret_request, dana, controls)
    disclosure_policy.move_exception(user=dana, exception=exception, name="submit")
    with pytest.raises(ValidationError) as refused:
        disclosure_policy.move_exception(
            user=dana,
            exception=exception,
            name="approve-with-conditions",
            values={"decided_on": TODAY},
        )
    assert "states the conditions" in str(refused.value)


def test_a_decision_records_its_finding_on_every_disclosure_criterion(reviewed_request, dana):
    _approve(reviewed_request, dana)
    findings = dict(reviewed_request.criteria.values_list("criterion", "finding"))
    assert findings == dict.fromkeys(DisclosureCriterion.values, CriterionFinding.MET)


def test_a_decision_missing_a_criterion_is_refused_naming_it(reviewed_request, dana):
    with pytest.raises(ValidationError) as refused:
        _approve(reviewed_request, dana, criteria=ALL_MET[1:])
    assert refused.value.message_dict["criteria"] == [
        "Consistent with U.S. foreign policy and national security: give the finding."
    ]
    reviewed_request.refresh_from_db()
    assert reviewed_request.state == DisclosureState.IN_REVIEW


def test_an_outright_approval_cannot_rest_on_a_criterion_not_met(reviewed_request, dana):
    criteria = [
        *ALL_MET[:2],
        CriterionLine("protection", "not-met", "No security agreement."),
        *ALL_MET[3:],
    ]
    with pytest.raises(ValidationError) as refused:
        _approve(reviewed_request, dana, criteria=criteria)
    assert "“Not met” does not support this decision" in str(refused.value)


# --- delegation letters ---------------------------------------------------------------------


def _letter_request(make_request, dana, controls, *, approved=True):
    letter = services.issue_delegation(
        user=dana,
        program=controls.program,
        data={
            "title": "Coalition radar DDL",
            "classification_ceiling": "C",
            "disclosure_methods": ["oral", "visual"],
            "categories": ["3"],
            "may_disclose": "Interface data.",
            "may_not_disclose": "Signal processing.",
            "effective_on": datetime.date(2026, 1, 1),
        },
        countries=[controls.france],
    )
    if approved:
        disclosure_policy.approve_delegation(
            user=dana, letter=letter, approving_authority="Director, International Programs"
        )
    request = _in_review(make_request(delegation=letter, countries=[controls.france]), dana)
    _approve(request, dana)
    return request


def test_a_release_outside_the_delegation_letters_methods_is_refused_naming_the_method(
    make_request, dana, controls
):
    request = _letter_request(make_request, dana, controls)
    with pytest.raises(ValidationError) as refused:
        services.record_release(
            user=dana,
            request=request,
            country=controls.france,
            released_on=TODAY,
            method="documentary",
        )
    assert refused.value.message_dict["method"] == [
        "Documentary disclosure is outside the methods of “Coalition radar DDL (version 1)”: "
        "Oral, Visual."
    ]
    assert not Release.objects.exists()


def test_a_release_within_the_delegation_letters_bounds_is_recorded(make_request, dana, controls):
    request = _letter_request(make_request, dana, controls)
    release = services.record_release(
        user=dana, request=request, country=controls.france, released_on=TODAY, method="oral"
    )
    assert release.method == "oral"


def test_a_release_under_a_letter_not_yet_approved_is_refused(make_request, dana, controls):
    request = _letter_request(make_request, dana, controls, approved=False)
    with pytest.raises(ValidationError) as refused:
        services.record_release(
            user=dana, request=request, country=controls.france, released_on=TODAY, method="oral"
        )
    assert "is not approved by the designated disclosure authority" in str(refused.value)


def test_a_release_after_the_exception_lapses_is_refused(secret_request, dana, controls):
    _granted(
        _exception(secret_request, dana, controls),
        dana,
        valid_until=TODAY + datetime.timedelta(days=30),
    )
    _approve(secret_request, dana)
    with pytest.raises(ValidationError) as refused:
        services.record_release(
            user=dana,
            request=secret_request,
            country=controls.japan,
            released_on=TODAY + datetime.timedelta(days=31),
        )
    assert refused.value.message_dict["released_on"] == [
        "No approved exception to National Disclosure Policy covers a release to Japan on "
        "02 Jul 2026; the release is refused."
    ]


# --- separation of duties ---------------------------------------------------------------------


def test_whoever_submitted_a_request_cannot_record_its_reviews(make_request, dana):
    request = make_request(user=dana)
    services.move_disclosure_request(user=dana, request=request, name="start-review")
    with pytest.raises(ValidationError) as refused:
        services.complete_review(user=dana, review=request.reviews.get(), outcome="concur")
    assert "separation of duties leaves it to someone else to record its reviews" in str(
        refused.value
    )


def test_whoever_submitted_a_request_cannot_decide_it(make_request, dana, controls):
    request = make_request(user=dana)
    services.move_disclosure_request(user=dana, request=request, name="start-review")
    services.complete_review(
        user=controls.submitter, review=request.reviews.get(), outcome="concur"
    )
    with pytest.raises(ValidationError) as refused:
        _approve(request, dana)
    assert "separation of duties leaves it to someone else to decide it" in str(refused.value)


@override_settings(SECCOOP_DISCLOSURE_SUBMITTER_MAY_DECIDE=True)
def test_a_small_office_may_let_the_submitter_review_and_decide(make_request, dana):
    request = _in_review(make_request(user=dana), dana)
    _approve(request, dana)
    assert request.state == DisclosureState.APPROVED
