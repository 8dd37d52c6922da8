"""What the National Disclosure Policy Committee grants bounds what rests on it.

The committee may grant an exception for fewer countries, or at a lower
level, than was requested, with conditions (DoDD 5230.11, section 5;
International Programs Security Handbook, chapter 3): the decision on the
request and every release under it stay within the grant.
"""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from seccoop.controls import disclosure_policy, services
from seccoop.controls.models import DisclosureState, ExceptionState, Release
from tests.controls.conftest import ALL_MET, TODAY


@pytest.fixture
def top_secret_request(make_request, controls, dana):
    """TOP SECRET radar data for France (ceiling SECRET) and Japan (ceiling CONFIDENTIAL),
    its review done: both countries need an exception (fictitious ceilings)."""
    for country, level in ((controls.france, "S"), (controls.japan, "C")):
        disclosure_policy.record_ceiling(
            user=dana,
            country=country,
            category="3",
            level=level,
            effective_on=datetime.date(2026, 1, 1),
            source_note="Entered for the tests.",
        )
    request = make_request(information_level="TS")
    services.move_disclosure_request(user=dana, request=request, name="start-review")
    services.complete_review(
        user=dana, review=request.reviews.get(), outcome="concur", completed_on=TODAY
    )
    request.refresh_from_db()
    return request


@pytest.fixture
def submitted_exception(top_secret_request, controls, dana):
    exception = disclosure_policy.prepare_exception(
        user=dana,
        request=top_secret_request,
        information="Radar waveform library at TOP SECRET.",
        justification="Both partners co-develop the radar's signal processor.",
        countries=[controls.france, controls.japan],
        criteria=ALL_MET,
    )
    disclosure_policy.move_exception(user=dana, exception=exception, name="submit")
    return exception


def _grant(exception, dana, *, countries=None, level="", conditions=""):
    values = {"decided_on": TODAY, "decision_reference": "NDPC 26-031", "granted_level": level}
    name = "approve"
    if conditions:
        values["decision_conditions"] = conditions
        name = "approve-with-conditions"
    disclosure_policy.move_exception(
        user=dana, exception=exception, name=name, values=values, granted_countries=countries
    )
    exception.refresh_from_db()
    return exception


def _limited(request, dana, **extra):
    return services.move_disclosure_request(
        user=dana,
        request=request,
        name="approve-with-limitations",
        reasons="Within the exception.",
        conditions="As the committee granted.",
        criteria=ALL_MET,
        **extra,
    )


def test_the_committee_may_grant_fewer_countries_than_were_requested(
    submitted_exception, controls, dana
):
    exception = _grant(submitted_exception, dana, countries=[controls.france])
    assert exception.state == ExceptionState.APPROVED
    assert exception.countries_granted() == [controls.france]
    assert exception.is_narrowed


def test_a_grant_naming_no_country_grants_every_country_requested(
    submitted_exception, controls, dana
):
    exception = _grant(submitted_exception, dana)
    assert sorted(c.name for c in exception.granted_countries.all()) == ["France", "Japan"]
    assert not exception.is_narrowed


def test_the_committee_cannot_grant_a_country_that_was_not_requested(
    top_secret_request, controls, dana
):
    exception = disclosure_policy.prepare_exception(
        user=dana,
        request=top_secret_request,
        information="Radar waveform library.",
        justification="Co-development.",
        countries=[controls.japan],
        criteria=ALL_MET,
    )
    disclosure_policy.move_exception(user=dana, exception=exception, name="submit")
    with pytest.raises(ValidationError) as refused:
        _grant(exception, dana, countries=[controls.france])
    assert refused.value.message_dict["granted_countries"] == [
        "The committee grants among the countries requested; not requested: France."
    ]
    exception.refresh_from_db()
    assert exception.state == ExceptionState.SUBMITTED


def test_the_committee_cannot_grant_a_level_above_the_one_requested(
    top_secret_request, controls, dana
):
    exception = disclosure_policy.prepare_exception(
        user=dana,
        request=top_secret_request,
        information="Radar waveform library.",
        justification="Co-development.",
        countries=[controls.japan],
        criteria=ALL_MET,
        level="S",
    )
    disclosure_policy.move_exception(user=dana, exception=exception, name="submit")
    with pytest.raises(ValidationError) as refused:
        _grant(exception, dana, level="TS")
    assert refused.value.message_dict["granted_level"] == [
        "The committee grants at most the level requested (SECRET)."
    ]
    exception.refresh_from_db()
    assert exception.state == ExceptionState.SUBMITTED


def test_a_request_cannot_be_approved_for_a_country_the_committee_left_out_naming_it(
    submitted_exception, top_secret_request, controls, dana
):
    _grant(submitted_exception, dana, countries=[controls.france])
    with pytest.raises(ValidationError) as refused:
        services.move_disclosure_request(
            user=dana,
            request=top_secret_request,
            name="approve",
            reasons="Within policy.",
            criteria=ALL_MET,
        )
    (message,) = refused.value.message_dict["state"]
    assert message.startswith("Japan needs an approved exception")
    assert message.endswith(
        "“NDPC 26-031” granted France only; Japan is not among the countries the committee granted."
    )
    top_secret_request.refresh_from_db()
    assert top_secret_request.state == DisclosureState.IN_REVIEW


def test_a_request_is_approved_for_the_countries_granted_and_denied_the_others(
    submitted_exception, top_secret_request, controls, dana
):
    _grant(submitted_exception, dana, countries=[controls.france])
    _limited(
        top_secret_request,
        dana,
        countries=[services.CountryLine(controls.japan, "denied", "Not granted by the NDPC.")],
    )
    outcomes = dict(top_secret_request.country_decisions.values_list("country__name", "outcome"))
    assert outcomes == {"France": "approved-with-limitations", "Japan": "denied"}


def test_a_request_granted_a_lower_level_cannot_be_approved_outright_naming_the_level(
    submitted_exception, top_secret_request, dana
):
    _grant(submitted_exception, dana, level="S")
    with pytest.raises(ValidationError) as refused:
        services.move_disclosure_request(
            user=dana,
            request=top_secret_request,
            name="approve",
            reasons="Within policy.",
            criteria=ALL_MET,
        )
    messages = refused.value.message_dict["state"]
    assert (
        "“NDPC 26-031” granted Japan up to SECRET; TOP SECRET is above what the committee "
        "granted. Approve it with limitations to the level granted."
    ) in messages[1]


def test_a_request_granted_a_lower_level_is_approved_with_that_level_as_its_limitation(
    submitted_exception, top_secret_request, dana
):
    _grant(submitted_exception, dana, level="S", conditions="Documentary disclosure only.")
    _limited(top_secret_request, dana)
    conditions = top_secret_request.country_decisions.get(country__name="Japan").conditions
    assert conditions.splitlines() == [
        "As the committee granted.",
        "Exception conditions: Documentary disclosure only.",
        "Releases up to SECRET only, the level the committee granted.",
    ]


def test_a_release_above_the_level_granted_is_refused_naming_the_level(
    submitted_exception, top_secret_request, controls, dana
):
    _grant(submitted_exception, dana, level="S")
    _limited(top_secret_request, dana)
    with pytest.raises(ValidationError) as refused:
        services.record_release(
            user=dana, request=top_secret_request, country=controls.japan, released_on=TODAY
        )
    assert refused.value.message_dict["level"] == [
        "“NDPC 26-031” granted Japan up to SECRET; TOP SECRET is above what the committee "
        "granted. The release is refused."
    ]
    assert not Release.objects.exists()


def test_a_release_within_the_level_granted_is_recorded(
    submitted_exception, top_secret_request, controls, dana
):
    _grant(submitted_exception, dana, level="S")
    _limited(top_secret_request, dana)
    release = services.record_release(
        user=dana,
        request=top_secret_request,
        country=controls.japan,
        released_on=TODAY,
        level="S",
    )
    assert release.level_released == "S"


def test_a_release_above_the_requests_own_level_is_refused(reviewed_request, controls, dana):
    services.move_disclosure_request(
        user=dana, request=reviewed_request, name="approve", reasons="Within policy.",
        criteria=ALL_MET,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.record_release(
            user=dana, request=reviewed_request, country=controls.france, released_on=TODAY,
            level="C",
        )  # fmt: skip
    assert refused.value.message_dict["level"] == [
        "CONFIDENTIAL is above the level of “Radar performance data” (UNCLASSIFIED); the "
        "release is refused."
    ]


def test_the_committees_grant_is_recorded_through_the_api(client, submitted_exception, dana):
    client.force_login(dana)
    response = client.post(
        f"/api/v1/disclosure-exceptions/{submitted_exception.pk}/transitions",
        json.dumps(
            {
                "transition": "approve",
                "decided_on": "2026-06-10",
                "granted_countries": ["FR"],
                "granted_level": "S",
                "version": type(submitted_exception).objects.get(pk=submitted_exception.pk).version,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["granted_countries"], response.json()["granted_level"]) == (["FR"], "S")


def test_the_exception_page_says_the_committee_granted_less_than_requested(
    client, submitted_exception, controls, dana
):
    _grant(submitted_exception, dana, countries=[controls.japan], level="S")
    client.force_login(dana)
    page = client.get(reverse("controls:exception-detail", args=[submitted_exception.pk]))
    text = page.content.decode()
    assert "Japan, up to SECRET" in text
    assert "Less than requested" in text
