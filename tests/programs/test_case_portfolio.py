"""The case portfolio of a partner nation and of a cooperation program, pages and API.

Each case the user may see, with its stage and days there against the
standard, its clocks, closure due and what blocks it, linked to the programs
and agreements it depends on and to the disclosure requests of its country or
program.
"""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seccoop.controls import services as controls
from seccoop.core.history import change_history
from seccoop.programs.models import Case, CaseState
from seccoop.programs.services import case_versions
from seccoop.programs.services import cases as services
from tests.clients import token_client
from tests.controls.builders import disclosure_specialist
from tests.programs.cases_fixtures import *  # noqa: F403 (the case fixtures)

pytestmark = pytest.mark.django_db


def client_of(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


@pytest.fixture
def tina(staff):
    return client_of(staff.desk_officer)


@pytest.fixture
def api(staff):
    return token_client(staff.desk_officer)


def country_page(country):
    return reverse("programs:case-portfolio-country", args=[country.pk])


def program_page(program):
    return reverse("programs:case-portfolio-program", args=[program.pk])


def in_stage_since(case, days: int) -> None:
    Case.objects.filter(pk=case.pk).update(
        state_changed_at=timezone.now() - datetime.timedelta(days=days, hours=1)
    )


def link(case, *, programs=(), agreements=(), user) -> None:
    case.refresh_from_db()
    services.update_case(
        user=user,
        case=case,
        changes={"programs": list(programs), "agreements": list(agreements)},
        expected_version=case.version,
    )


# --- linking a case to its programs and agreements ---------------------------------------


def test_the_case_form_links_the_programs_and_agreements_and_keeps_it_in_history(
    tina, new_case, make_program, make_agreement
):
    case, program, agreement = new_case(), make_program(), make_agreement()
    data = {f"case-{name}": value for name, value in {
        "identifier": case.identifier, "title": case.title, "country": case.country.pk,
        "kind": "fms", "description": case.description, "offer_period": "standard",
        "programs": [program.pk], "agreements": [agreement.pk], "version": case.version,
    }.items()}  # fmt: skip

    response = tina.post(reverse("programs:case-edit", args=[case.pk]), data)

    assert response.status_code == 302, response.content
    assert list(case.programs.all()) == [program]
    assert list(case.agreements.all()) == [agreement]
    links = [c for entry in change_history(case) for c in entry.changes if c.is_link]
    assert {(c.name, tuple(c.added)) for c in links} == {
        ("programs", (str(program),)),
        ("agreements", (str(agreement),)),
    }


def test_a_case_cannot_be_linked_to_a_program_its_editor_cannot_see(new_case, make_program, staff):
    from django.core.exceptions import ValidationError

    case = new_case()
    hidden = make_program(name="Japanese radar study", countries=[staff.japan])

    with pytest.raises(ValidationError) as caught:
        link(case, programs=[hidden], user=staff.desk_officer.user)

    assert "programs" in caught.value.message_dict
    assert not case.programs.exists()


# --- the country portfolio ---------------------------------------------------------------


def test_the_country_portfolio_shows_each_case_with_its_stage_and_what_blocks_it(
    tina, new_case, staff
):
    case = new_case(description="")

    response = tina.get(country_page(staff.france))

    assert response.status_code == 200
    assert case.identifier in response.text
    assert "Request received" in response.text
    assert "The case has no description." in response.text


def test_days_in_stage_are_measured_against_the_standard_of_the_setting(
    tina, new_case, staff, settings
):
    settings.SECCOOP_CASE_STAGE_STANDARD_DAYS = {"request-received": 10}
    case = new_case()
    in_stage_since(case, 14)

    response = tina.get(country_page(staff.france))

    assert "14 of 10 <strong>(4 over)</strong>" in response.text


def test_an_offered_case_is_measured_against_its_offer_period_and_shows_its_offer_clock(
    tina, case_in, staff
):
    today = timezone.localdate()
    case = case_in(
        CaseState.OFFERED,
        approved_on=today - datetime.timedelta(days=20),
        offer_expires_on=today + datetime.timedelta(days=65),
    )
    in_stage_since(case, 90)

    response = tina.get(country_page(staff.france))

    assert "90 of 85 <strong>(5 over)</strong>" in response.text
    assert "offer expiry" in response.text.lower()
    assert "in 65 days" in response.text


def test_a_case_in_closure_shows_when_closure_is_due(tina, case_in, staff):
    case = case_in(
        CaseState.SUPPLY_COMPLETE,
        supply_complete_on=datetime.date(2026, 1, 15),
        closure_due_on=datetime.date(2027, 1, 15),
    )

    response = tina.get(country_page(staff.france))

    assert case.identifier in response.text
    assert '<time datetime="2027-01-15">15 Jan 2027</time>' in response.text


def amended(case_in, staff):
    """An implemented case with a modification issued and an amendment written."""
    case = case_in(
        CaseState.IMPLEMENTED,
        approved_on=datetime.date(2026, 3, 1),
        offered_on=datetime.date(2026, 3, 10),
        offer_expires_on=datetime.date(2026, 5, 25),
        accepted_on=datetime.date(2026, 4, 20),
        signed_by="Gen. Martin, Director, DGA",
        implemented_on=datetime.date(2026, 5, 1),
    )
    user = staff.desk_officer.user
    modification = case_versions.write_version(
        user=user, case=case, kind="modification", value=Decimal("3000000"), grounds="price",
        description="Restates the price after the contract award.",
    )  # fmt: skip
    case_versions.move_version(user=user, version=modification, name="issue")
    case_versions.write_version(
        user=user, case=case, kind="amendment", value=Decimal("3600000"),
        description="Adds two spare engines the purchaser asked for.",
    )  # fmt: skip
    return case


def test_the_country_portfolio_shows_each_case_s_amendments_and_modifications(tina, case_in, staff):
    amended(case_in, staff)

    response = tina.get(country_page(staff.france))

    assert "<div>M01: issued</div><div>A01: written</div>" in response.text


def test_the_country_portfolio_lists_only_the_cases_the_user_may_see(new_case, staff, make_program):
    seen = new_case()
    japanese = new_case(staff.japan_desk_officer, country=staff.japan)

    response = client_of(staff.japan_desk_officer).get(country_page(staff.france))

    assert seen.identifier not in response.text
    assert "No case you may see." in response.text
    assert japanese.identifier not in response.text


def test_the_country_page_links_to_its_case_portfolio(tina, new_case, staff):
    new_case()

    response = tina.get(staff.france.get_absolute_url())

    assert country_page(staff.france) in response.text


def test_the_country_portfolio_lists_the_disclosure_requests_of_the_country_and_its_cases(
    new_case, staff
):
    case = new_case()
    request = controls.submit_disclosure_request(
        user=disclosure_specialist(),
        data=controls.DisclosureData(
            title="Sensor performance data",
            category="3",
            submitted_on=datetime.date(2026, 5, 20),
            countries=[staff.france],
            case=case,
        ),
    )

    response = client_of(staff.leadership).get(country_page(staff.france))

    assert "Disclosure requests" in response.text
    assert request.get_absolute_url() in response.text
    assert "Sensor performance data" in response.text


def test_the_country_portfolio_reads_a_fixed_number_of_queries(
    tina, new_case, case_in, staff, django_assert_max_num_queries
):
    new_case()
    case_in(CaseState.OFFERED)
    url = country_page(staff.france)
    tina.get(url)
    with django_assert_max_num_queries(30) as few:
        tina.get(url)
    for state in (CaseState.WRITTEN, CaseState.IMPLEMENTED, CaseState.SUPPLY_COMPLETE):
        case_in(state)

    with django_assert_max_num_queries(len(few.captured_queries)):
        tina.get(url)


# --- the program portfolio ---------------------------------------------------------------


def test_the_program_portfolio_lists_the_cases_linked_to_the_program_and_its_agreements(
    tina, new_case, make_program, make_agreement, staff
):
    program = make_program()
    agreement = make_agreement(program=program)
    linked, other = new_case(), new_case()
    link(linked, programs=[program], user=staff.desk_officer.user)

    response = tina.get(program_page(program))

    assert linked.identifier in response.text
    assert other.identifier not in response.text
    assert agreement.get_absolute_url() in response.text


def test_the_program_page_links_to_its_case_portfolio(tina, make_program):
    program = make_program()

    response = tina.get(program.get_absolute_url())

    assert program_page(program) in response.text


def test_a_program_the_user_cannot_see_has_no_portfolio_for_them(staff, make_program):
    program = make_program(countries=[staff.japan])

    response = client_of(staff.desk_officer).get(program_page(program))

    assert response.status_code == 404


# --- the API -----------------------------------------------------------------------------


def test_the_country_portfolio_api_gives_each_case_its_stage_clocks_and_blockers(
    api, new_case, staff, settings
):
    settings.SECCOOP_CASE_STAGE_STANDARD_DAYS = {"request-received": 10}
    case = new_case(description="")
    in_stage_since(case, 12)

    body = api.get(f"/api/v1/cases/portfolio/country/{staff.france.pk}").json()

    (row,) = body["cases"]
    assert (body["kind"], body["subject"]) == ("country", staff.france.name)
    assert (row["identifier"], row["state"], row["days_in_stage"], row["standard_days"]) == (
        case.identifier,
        "request-received",
        12,
        10,
    )
    assert row["over_standard"] is True
    assert "The case has no description." in row["blockers"]


def test_the_portfolio_api_gives_each_case_its_amendments_and_modifications(api, case_in, staff):
    amended(case_in, staff)

    body = api.get(f"/api/v1/cases/portfolio/country/{staff.france.pk}").json()

    assert [(c["code"], c["state"]) for c in body["cases"][0]["changes"]] == [
        ("M01", "issued"),
        ("A01", "written"),
    ]


def test_the_program_portfolio_api_lists_the_linked_cases_the_user_may_see(
    api, new_case, make_program, staff
):
    program = make_program(countries=[staff.france, staff.japan])
    french = new_case()
    japanese = new_case(staff.japan_desk_officer, country=staff.japan)
    link(french, programs=[program], user=staff.administrator.user)
    link(japanese, programs=[program], user=staff.administrator.user)

    body = api.get(f"/api/v1/cases/portfolio/program/{program.pk}").json()

    assert [row["identifier"] for row in body["cases"]] == [french.identifier]
    assert body["cases"][0]["program_ids"] == [program.pk]


def test_the_portfolio_api_reads_a_fixed_number_of_queries(
    api, new_case, case_in, staff, django_assert_max_num_queries
):
    new_case()
    url = f"/api/v1/cases/portfolio/country/{staff.france.pk}"
    api.get(url)
    with django_assert_max_num_queries(30) as few:
        api.get(url)
    for state in (CaseState.OFFERED, CaseState.IMPLEMENTED, CaseState.SUPPLY_COMPLETE):
        case_in(state)

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get(url).json()["cases"]) == 4
