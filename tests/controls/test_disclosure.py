"""Disclosure requests: reviews, decisions per country, and releases only where approved."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from seccoop.controls import services
from seccoop.controls.disclosure_policy import approve_delegation
from seccoop.controls.models import (
    CountryOutcome,
    DelegationOfDisclosureAuthority,
    DisclosureState,
    Release,
)
from seccoop.core.models import StateChange
from seccoop.partners.models import Country
from seccoop.partners.services import assign
from tests.controls.conftest import ALL_MET, TODAY


def test_a_request_names_one_purpose(make_request, controls):
    with pytest.raises(ValidationError) as refused:
        make_request(case=controls.case)
    assert "Give one purpose" in str(refused.value)


def test_a_request_for_a_foreign_visit_may_describe_the_visit(make_request):
    request = make_request(program=None, visit_description="Japanese delegation at the lab")
    assert request.purpose == "Japanese delegation at the lab"


def test_a_request_without_any_purpose_is_refused(make_request):
    with pytest.raises(ValidationError) as refused:
        make_request(program=None)
    assert "visit_description" in refused.value.message_dict


def test_a_request_marked_releasable_to_france_only_cannot_be_asked_for_japan(
    make_request, controls
):
    with pytest.raises(ValidationError) as refused:
        make_request(releasable_to=[controls.france])
    assert "not releasable to Japan" in str(refused.value)


def test_a_desk_officer_cannot_submit_a_request(make_request, directorate):
    with pytest.raises(PermissionDenied):
        make_request(user=directorate.teammate.user)


def test_the_review_cannot_start_without_naming_the_reviews_needed(make_request, dana):
    request = make_request(reviews=[])
    with pytest.raises(ValidationError) as refused:
        services.move_disclosure_request(user=dana, request=request, name="start-review")
    assert "Name the reviews" in str(refused.value)


def test_a_request_cannot_be_approved_while_a_review_is_pending(make_request, dana):
    request = make_request()
    services.move_disclosure_request(user=dana, request=request, name="start-review")
    with pytest.raises(ValidationError) as refused:
        services.move_disclosure_request(
            user=dana, request=request, name="approve", reasons="Fine."
        )
    assert "Technology security" in str(refused.value)
    request.refresh_from_db()
    assert request.state == DisclosureState.IN_REVIEW


def test_an_illegal_transition_names_the_state_and_changes_nothing(make_request, dana):
    request = make_request()
    with pytest.raises(ValidationError) as refused:
        services.move_disclosure_request(
            user=dana, request=request, name="approve", reasons="Fine."
        )
    assert "cannot be taken from “Submitted”" in str(refused.value)
    request.refresh_from_db()
    assert request.state == DisclosureState.SUBMITTED
    assert not request.country_decisions.exists()


def test_approving_records_the_decision_for_every_country(reviewed_request, dana):
    services.move_disclosure_request(
        user=dana,
        request=reviewed_request,
        name="approve",
        reasons="Within the DDL.",
        criteria=ALL_MET,
    )
    decisions = {d.country.iso_code: d for d in reviewed_request.country_decisions.all()}
    assert set(decisions) == {"FR", "JP"}
    assert all(d.outcome == CountryOutcome.APPROVED for d in decisions.values())
    assert decisions["FR"].reasons == "Within the DDL."
    assert StateChange.objects.filter(object_id=reviewed_request.pk, target="approved").exists()


def test_an_approval_with_limitations_may_deny_one_country(reviewed_request, dana, controls):
    services.move_disclosure_request(
        user=dana,
        request=reviewed_request,
        name="approve-with-limitations",
        reasons="France is a co-developer.",
        conditions="No source code.",
        criteria=ALL_MET,
        countries=[
            services.CountryLine(controls.japan, CountryOutcome.DENIED, reasons="No GSOMIA annex.")
        ],
    )
    outcomes = dict(reviewed_request.country_decisions.values_list("country__iso_code", "outcome"))
    assert outcomes == {"FR": CountryOutcome.LIMITED, "JP": CountryOutcome.DENIED}


def test_an_approval_with_limitations_states_the_limitations(reviewed_request, dana):
    with pytest.raises(ValidationError) as refused:
        services.move_disclosure_request(
            user=dana, request=reviewed_request, name="approve-with-limitations", reasons="Fine."
        )
    assert "states the limitations" in str(refused.value)


def test_a_denial_gives_its_reasons(reviewed_request, dana):
    with pytest.raises(ValidationError):
        services.move_disclosure_request(user=dana, request=reviewed_request, name="deny")
    reviewed_request.refresh_from_db()
    assert reviewed_request.state == DisclosureState.IN_REVIEW


def test_a_referred_request_is_decided_afterwards(reviewed_request, dana):
    services.move_disclosure_request(
        user=dana, request=reviewed_request, name="refer", note="Exception needed for Japan."
    )
    assert reviewed_request.state == DisclosureState.REFERRED
    services.move_disclosure_request(
        user=dana,
        request=reviewed_request,
        name="deny",
        reasons="Exception refused.",
        criteria=ALL_MET,
    )
    assert reviewed_request.state == DisclosureState.DENIED


def _approve_france_only(request, dana, controls):
    services.move_disclosure_request(
        user=dana,
        request=request,
        name="approve-with-limitations",
        reasons="Co-developer.",
        conditions="Releases to France only.",
        criteria=ALL_MET,
        countries=[services.CountryLine(controls.japan, CountryOutcome.DENIED, reasons="No.")],
    )


def test_a_release_to_an_approved_country_is_recorded(reviewed_request, dana, controls):
    _approve_france_only(reviewed_request, dana, controls)
    release = services.record_release(
        user=dana, request=reviewed_request, country=controls.france, released_on=TODAY
    )
    assert release.pk is not None


def test_a_release_to_a_country_the_decision_denied_is_refused(reviewed_request, dana, controls):
    _approve_france_only(reviewed_request, dana, controls)
    with pytest.raises(ValidationError) as refused:
        services.record_release(
            user=dana, request=reviewed_request, country=controls.japan, released_on=TODAY
        )
    assert refused.value.message_dict["country"] == [
        "The decision on “Radar performance data” did not approve a release to Japan (denied); "
        "the release is refused."
    ]
    assert not Release.objects.exists()


def test_a_release_before_any_decision_is_refused(make_request, dana, controls):
    request = make_request()
    with pytest.raises(ValidationError) as refused:
        services.record_release(
            user=dana, request=request, country=controls.france, released_on=TODAY
        )
    assert "not approved" in str(refused.value)


def test_a_release_to_a_country_outside_the_request_is_refused(reviewed_request, dana, controls):
    services.move_disclosure_request(
        user=dana, request=reviewed_request, name="approve", reasons="Fine.", criteria=ALL_MET
    )
    germany = Country.objects.get(iso_code="DE")
    with pytest.raises(ValidationError) as refused:
        services.record_release(
            user=dana, request=reviewed_request, country=germany, released_on=TODAY
        )
    assert "Germany is not among the countries" in str(refused.value)


def test_someone_assigned_records_a_review_but_cannot_decide(make_request, dana, directorate):
    request = make_request()
    assign(user=dana, record=request, person=directorate.teammate, role="reviewer")
    tina = directorate.teammate.user
    services.move_disclosure_request(user=dana, request=request, name="start-review")
    review = services.complete_review(
        user=tina, review=request.reviews.get(), outcome="concur", completed_on=TODAY
    )
    assert review.reviewer == directorate.teammate
    with pytest.raises(PermissionDenied):
        services.move_disclosure_request(
            user=tina, request=request, name="approve", reasons="Fine."
        )


def test_the_disclosure_officer_on_a_request_gains_evidence_of_all_its_practice(
    make_request, dana, directorate
):
    request = make_request()
    assign(
        user=dana, record=request, person=directorate.teammate, role="foreign disclosure officer"
    )
    codes = set(directorate.teammate.practice_evidence.values_list("competency__code", flat=True))
    assert codes == {"9.A", "5.D", "5.E"}


def test_a_reviewer_on_a_request_gains_evidence_on_the_release_decision_alone(
    make_request, dana, directorate
):
    request = make_request()
    assign(user=dana, record=request, person=directorate.teammate, role="reviewer")
    codes = set(directorate.teammate.practice_evidence.values_list("competency__code", flat=True))
    assert codes == {"9.A"}


# --- delegation of disclosure authority letters ------------------------------------


def _letter(dana, controls, effective_on, title="Coalition radar DDL"):
    return services.issue_delegation(
        user=dana,
        program=controls.program,
        data={
            "title": title,
            "classification_ceiling": "C",
            "disclosure_methods": ["oral", "visual"],
            "categories": ["3"],
            "may_disclose": "Interface data.",
            "may_not_disclose": "Signal processing.",
            "effective_on": effective_on,
        },
        countries=[controls.france],
    )


def _approved(letter, dana):
    return approve_delegation(
        user=dana, letter=letter, approving_authority="Director, International Programs"
    )


def test_an_approved_new_letter_version_supersedes_the_current_one_which_is_kept(dana, controls):
    first = _approved(_letter(dana, controls, datetime.date(2025, 1, 1)), dana)
    second = _letter(dana, controls, datetime.date(2026, 1, 1), title="Coalition radar DDL rev 1")
    first.refresh_from_db()
    assert first.superseded_on is None
    _approved(second, dana)
    first.refresh_from_db()
    assert (first.version_number, second.version_number) == (1, 2)
    assert first.superseded_on == datetime.date(2026, 1, 1)
    assert second.is_current
    assert DelegationOfDisclosureAuthority.objects.filter(program=controls.program).count() == 2


def test_a_new_version_cannot_take_effect_before_the_current_one(dana, controls):
    _approved(_letter(dana, controls, datetime.date(2026, 1, 1)), dana)
    with pytest.raises(ValidationError) as refused:
        _letter(dana, controls, datetime.date(2025, 1, 1))
    assert "effective_on" in refused.value.message_dict
