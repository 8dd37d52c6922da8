"""Export licences of direct commercial sales: no case, no offer, DDTC's workflow and
the AECA 36(c)/36(d) certification.

Tina (France's desk officer) records and works French licences; Bob holds
Japan's desk; Nora sees none. France and Japan are NATO+5 purchasers; India
is not.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from seccoop.partners.models import Country
from seccoop.programs.models import ExportLicence, LicenceProviso
from seccoop.programs.services import cases as case_services
from seccoop.programs.services import licences as services
from tests.clients import token_client
from tests.programs.cases_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 1)


@pytest.fixture
def india(staff):
    country = Country.objects.get(iso_code="IN")
    country.primary_desk_officer = staff.desk_officer
    country.save()
    return country


@pytest.fixture
def new_licence(staff):
    """`new_licence(user=Tina, **fields)`: a drafted DSP-5 for France, complete to submit."""

    def make(user=None, **fields):
        data = {
            "kind": "dsp-5",
            "commodity": "AN/APG-81 radar spares",
            "applicant": "Northwind Avionics Inc.",
            "country": staff.france,
            "end_user": "French Air and Space Force",
            "usml_category": "XI",
            "value": Decimal("2000000"),
        }
        data.update(fields)
        return services.create_licence(user=(user or staff.desk_officer).user, data=data)

    return make


def move(licence, name, user, **values):
    return services.move_licence(
        user=user.user,
        licence=licence,
        name=name,
        values=values,
        expected_version=licence.version,
        note=values.pop("note", "") if "note" in values else "",
    )


def submitted(licence, staff, **values):
    move(licence, "submit", staff.desk_officer, reference="050123456", submitted_on=DAY, **values)
    return licence


# --- a licence is not a case ----------------------------------------------------------


def test_a_dcs_licence_has_no_offer(new_licence, staff):
    licence = submitted(new_licence(), staff)

    with pytest.raises(ValidationError) as refused:
        services.move_licence(
            user=staff.desk_officer.user, licence=licence, name="offer", expected_version=2
        )

    assert "There is no transition named “offer”." in refused.value.messages
    assert not any(t.name in ("offer", "accept") for t in services.WORKFLOW.transitions)


def test_a_dcs_licence_has_no_loa_and_no_payments(new_licence):
    licence = new_licence()

    names = {field.name for field in ExportLicence._meta.get_fields()}
    assert not names & {"payments", "request", "lines", "offer_expires_on", "accepted_on"}
    assert not hasattr(licence, "payments")


def test_opening_a_new_direct_commercial_sale_case_is_refused_pointing_to_licences(new_case):
    with pytest.raises(ValidationError) as refused:
        new_case(kind="dcs")

    assert "record the DDTC licence or agreement under Export licences" in str(
        refused.value.message_dict["kind"]
    )


def test_a_direct_commercial_sale_case_kept_from_before_can_still_be_edited(new_case, staff):
    case = new_case(kind="fms")
    type(case).objects.filter(pk=case.pk).update(kind="dcs")
    case.refresh_from_db()

    case_services.update_case(
        user=staff.desk_officer.user,
        case=case,
        changes={"title": "Satellite ground terminals"},
        expected_version=case.version,
    )

    case.refresh_from_db()
    assert (case.kind, case.title) == ("dcs", "Satellite ground terminals")


def test_a_hybrid_case_can_still_be_opened(new_case):
    assert new_case(kind="hybrid").kind == "hybrid"


# --- recording and editing ------------------------------------------------------------


def test_a_licence_starts_drafted_with_its_history(new_licence):
    licence = new_licence()

    assert licence.state == "drafted"
    assert licence.history.count() == 1


def test_a_desk_officer_cannot_record_a_licence_for_a_country_not_on_their_desk(new_licence, staff):
    with pytest.raises(PermissionDenied):
        new_licence(country=staff.japan)


def test_an_edit_may_not_set_a_workflow_date(new_licence, staff):
    licence = new_licence()

    with pytest.raises(ValidationError) as refused:
        services.update_licence(
            user=staff.desk_officer.user,
            licence=licence,
            changes={"approved_on": DAY},
            expected_version=licence.version,
        )

    assert "approved_on" in refused.value.message_dict


def test_major_defense_equipment_cannot_be_worth_more_than_the_licence(new_licence):
    with pytest.raises(ValidationError) as refused:
        new_licence(value=Decimal("10"), mde_value=Decimal("20"))

    assert "mde_value" in refused.value.message_dict


def test_only_an_agreement_licenses_manufacture_abroad(new_licence):
    with pytest.raises(ValidationError) as refused:
        new_licence(manufacture_abroad=True)

    assert "manufacture_abroad" in refused.value.message_dict


def test_a_licence_links_the_programs_it_supports(new_licence, staff, make_program):
    program = make_program()
    licence = new_licence()

    services.update_licence(
        user=staff.administrator.user,
        licence=licence,
        changes={},
        expected_version=licence.version,
        programs=[program],
    )

    assert list(licence.programs.all()) == [program]


# --- the workflow -----------------------------------------------------------------------


def test_a_licence_is_submitted_only_when_its_application_is_complete(new_licence, staff):
    licence = new_licence(end_user="", usml_category="")

    with pytest.raises(ValidationError) as refused:
        submitted(licence, staff)

    assert "The application needs the end user, the USML category." in refused.value.messages


def test_a_licence_referred_to_dod_cannot_be_approved_before_the_recommendation_returns(
    new_licence, staff
):
    licence = submitted(new_licence(), staff)
    move(licence, "refer_to_dod", staff.desk_officer, dod_office="DTSA")

    with pytest.raises(ValidationError) as refused:
        move(licence, "approve", staff.desk_officer)

    assert "has not returned its recommendation" in " ".join(refused.value.messages)


def test_an_approved_licence_expires_four_years_after_approval(new_licence, staff):
    licence = submitted(new_licence(), staff)
    move(licence, "refer_to_dod", staff.desk_officer, dod_office="DTSA")
    move(licence, "record_dod_recommendation", staff.desk_officer, dod_recommendation="approve")

    move(licence, "approve", staff.desk_officer, approved_on=datetime.date(2026, 7, 1))

    licence.refresh_from_db()
    assert (licence.state, licence.expires_on) == ("approved", datetime.date(2030, 7, 1))


def test_a_licence_with_provisos_is_approved_with_provisos_only(new_licence, staff):
    licence = submitted(new_licence(), staff)
    services.add_proviso(
        user=staff.desk_officer.user,
        licence=licence,
        text="No transfer of source code.",
        party="applicant",
    )

    with pytest.raises(ValidationError):
        move(licence, "approve", staff.desk_officer)
    move(licence, "approve_with_provisos", staff.desk_officer)

    licence.refresh_from_db()
    assert licence.state == "approved-with-provisos"


def test_a_proviso_is_acknowledged_by_the_party_who_must_act(new_licence, staff):
    licence = submitted(new_licence(), staff)
    proviso = services.add_proviso(
        user=staff.desk_officer.user, licence=licence, text="Retransfer needs consent.",
        party="end-user",
    )  # fmt: skip

    services.acknowledge_proviso(user=staff.desk_officer.user, proviso=proviso, acknowledged_on=DAY)

    assert LicenceProviso.objects.get(pk=proviso.pk).acknowledged_on == DAY


def test_a_denial_needs_a_reason(new_licence, staff):
    licence = submitted(new_licence(), staff)

    with pytest.raises(ValidationError) as refused:
        move(licence, "deny", staff.desk_officer)

    assert "note" in refused.value.message_dict


def test_a_licence_is_marked_expired_only_after_its_expiry(new_licence, staff):
    licence = submitted(new_licence(), staff)
    move(licence, "approve", staff.desk_officer, approved_on=DAY)

    with pytest.raises(ValidationError) as refused:
        move(licence, "expire", staff.desk_officer)

    assert "only once its expiry date has passed" in " ".join(refused.value.messages)


def test_an_agreement_is_approved_with_the_term_it_states(new_licence, staff):
    licence = submitted(new_licence(kind="taa", usml_category="VIII"), staff)

    with pytest.raises(ValidationError):
        move(licence, "approve", staff.desk_officer)
    move(licence, "approve", staff.desk_officer, expires_on=datetime.date(2036, 12, 31))

    licence.refresh_from_db()
    assert licence.expires_on == datetime.date(2036, 12, 31)


def test_a_user_who_does_not_work_the_licence_cannot_move_it(new_licence, staff):
    licence = new_licence()

    with pytest.raises(PermissionDenied):
        move(licence, "submit", staff.japan_desk_officer, reference="1")


def test_every_move_is_recorded_in_the_log(new_licence, staff):
    licence = submitted(new_licence(), staff)

    log = list(services.WORKFLOW.log(licence))
    assert [(c.source, c.target) for c in log] == [("drafted", "submitted")]


# --- AECA 36(c) and 36(d) ----------------------------------------------------------------


def test_major_defense_equipment_of_fourteen_million_to_a_non_nato_purchaser_is_certified(
    new_licence, india
):
    licence = new_licence(country=india, value=Decimal("20000000"), mde_value=Decimal("14000000"))

    notice = services.certification_for(licence)
    assert (notice.required, notice.section, notice.review_days) == (True, "36(c)", 30)


def test_the_same_value_to_a_nato_ally_is_not_certified(new_licence):
    licence = new_licence(value=Decimal("20000000"), mde_value=Decimal("14000000"))

    assert services.certification_for(licence).required is False


def test_a_nato_ally_is_certified_from_one_hundred_million_with_a_fifteen_day_review(new_licence):
    licence = new_licence(value=Decimal("100000000"))

    notice = services.certification_for(licence)
    assert (notice.required, notice.review_days) == (True, 15)


def test_category_one_firearms_of_a_million_dollars_are_certified_to_any_purchaser(new_licence):
    licence = new_licence(usml_category="I", value=Decimal("1000000"))

    assert services.certification_for(licence).required is True


def test_design_and_construction_services_count_in_the_total_and_have_no_threshold_of_their_own(
    new_licence, india
):
    # 22 CFR 123.15(a) sets no design and construction figure for licences (36(b) does).
    below = new_licence(
        country=india, value=Decimal("49000000"), design_construction_value=Decimal("45000000")
    )
    at = new_licence(
        country=india, value=Decimal("50000000"), design_construction_value=Decimal("45000000")
    )

    assert (
        services.certification_for(below).required,
        services.certification_for(at).required,
    ) == (False, True)


def test_an_agreement_to_manufacture_significant_military_equipment_abroad_is_certified_whatever_its_value(  # noqa: E501
    new_licence,
):
    licence = new_licence(kind="mla", value=Decimal("1000"), manufacture_abroad=True)

    notice = services.certification_for(licence)
    assert (notice.required, notice.section) == (True, "36(d)")


def test_a_temporary_import_is_not_certified(new_licence, india):
    licence = new_licence(kind="dsp-61", country=india, value=Decimal("90000000"))

    assert services.certification_for(licence).required is False


def test_a_licence_needing_certification_cannot_be_approved_before_the_review_ends(
    new_licence, staff, india
):
    licence = submitted(new_licence(country=india, value=Decimal("60000000")), staff)
    move(licence, "certify_to_congress", staff.desk_officer, congress_notified_on=DAY)

    with pytest.raises(ValidationError) as refused:
        move(licence, "approve", staff.desk_officer, approved_on=DAY + datetime.timedelta(days=29))

    assert "30-day congressional review runs until 01 Jul 2026" in " ".join(refused.value.messages)


def test_a_licence_needing_certification_is_approved_once_the_review_has_run(
    new_licence, staff, india
):
    licence = submitted(new_licence(country=india, value=Decimal("60000000")), staff)
    move(licence, "certify_to_congress", staff.desk_officer, congress_notified_on=DAY)

    move(licence, "approve", staff.desk_officer, approved_on=DAY + datetime.timedelta(days=30))

    licence.refresh_from_db()
    assert licence.state == "approved"


def test_a_licence_needing_certification_cannot_be_approved_without_it(new_licence, staff, india):
    licence = submitted(new_licence(country=india, value=Decimal("60000000")), staff)

    with pytest.raises(ValidationError) as refused:
        move(licence, "approve", staff.desk_officer)

    assert "Congress must be certified" in " ".join(refused.value.messages)


# --- the pages ----------------------------------------------------------------------------


@pytest.fixture
def tina(staff):
    client = Client()
    client.force_login(staff.desk_officer.user)
    return client


def test_the_licence_list_shows_the_licences_of_the_users_desks_only(
    tina, new_licence, staff, django_assert_max_num_queries
):
    for number in range(4):
        new_licence(commodity=f"French radar spares {number}")
    new_licence(user=staff.japan_desk_officer, country=staff.japan, commodity="Japanese sonar")

    with django_assert_max_num_queries(12):
        response = tina.get(reverse("programs:licence-list"), {"kind": "dsp-5"})

    assert response.status_code == 200
    assert "French radar spares 3" in response.text
    assert "Japanese sonar" not in response.text


def test_a_licence_recorded_on_its_page_starts_drafted(tina, staff):
    response = tina.post(
        reverse("programs:licence-new"),
        {
            "kind": "dsp-73",
            "commodity": "Demonstration radar for a trade show",
            "applicant": "Northwind Avionics Inc.",
            "country": staff.france.pk,
            "usml_category": "XI",
            "value": "250000",
        },
    )

    licence = ExportLicence.objects.get(commodity="Demonstration radar for a trade show")
    assert response.status_code == 302
    assert (licence.kind, licence.state) == ("dsp-73", "drafted")


def test_the_licence_form_names_the_field_in_error_and_saves_nothing(tina, staff):
    response = tina.post(
        reverse("programs:licence-new"),
        {"kind": "dsp-5", "commodity": "Radar", "applicant": "Northwind",
         "country": staff.france.pk, "value": "10", "mde_value": "20"},
    )  # fmt: skip

    assert response.status_code == 400
    assert "cannot be worth more than the whole" in response.text
    assert not ExportLicence.objects.exists()


def test_the_licence_page_shows_the_certification_and_the_workflow_buttons(
    tina, new_licence, india
):
    licence = new_licence(country=india, value=Decimal("60000000"))

    response = tina.get(licence.get_absolute_url())

    assert "Required under AECA 36(c), 30-day review" in response.text
    assert "Submit to DDTC" in response.text
    assert "Offer" not in response.text


def test_a_transition_posted_from_the_page_moves_the_licence(tina, new_licence):
    licence = new_licence()

    tina.post(
        reverse("programs:licence-move", args=[licence.pk, "submit"]),
        {"version": licence.version, "submit-reference": "050999999"},
    )

    licence.refresh_from_db()
    assert (licence.state, licence.reference) == ("submitted", "050999999")


def test_a_proviso_added_on_the_page_is_listed_with_who_must_act(tina, new_licence, staff):
    licence = submitted(new_licence(), staff)

    tina.post(
        reverse("programs:licence-proviso-new", args=[licence.pk]),
        {"proviso-text": "Brief the end user on retransfer limits.", "proviso-party": "end-user"},
    )

    response = tina.get(licence.get_absolute_url())
    assert "Brief the end user on retransfer limits." in response.text
    assert "The end user" in response.text


def test_a_licence_of_another_desk_is_not_found(tina, new_licence, staff):
    licence = new_licence(user=staff.japan_desk_officer, country=staff.japan)

    assert tina.get(licence.get_absolute_url()).status_code == 404


def test_the_case_navigation_leads_to_the_licences(tina):
    response = tina.get(reverse("programs:case-list"))

    assert reverse("programs:licence-list") in response.text


# --- the API --------------------------------------------------------------------------------


@pytest.fixture
def api(staff):
    """A client of Tina, France's desk officer."""
    return token_client(staff.desk_officer)


def test_a_licence_recorded_through_the_api_says_whether_congress_is_certified(api, india):
    response = api.post(
        "/api/v1/licences",
        {"kind": "dsp-5", "commodity": "Howitzer tubes", "applicant": "Iron Works Inc.",
         "country": "in", "value": "60000000", "usml_category": "II"},
        content_type="application/json",
    )  # fmt: skip

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["state"], body["certification_required"], body["certification_review_days"]) == (
        "drafted",
        True,
        30,
    )


def test_the_api_refuses_an_offer_on_a_licence(api, new_licence):
    licence = new_licence()

    response = api.post(
        f"/api/v1/licences/{licence.pk}/transitions/offer",
        {"version": licence.version},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "There is no transition named “offer”." in response.json()["detail"]


def test_the_api_moves_a_licence_and_logs_it(api, new_licence):
    licence = new_licence()

    response = api.post(
        f"/api/v1/licences/{licence.pk}/transitions/submit",
        {"version": licence.version, "reference": "050777777"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["licence"]["state"] == "submitted"
    log = api.get(f"/api/v1/licences/{licence.pk}/log").json()
    assert [entry["target"] for entry in log] == ["submitted"]


def test_the_api_list_reads_a_fixed_number_of_queries(
    api, new_licence, django_assert_max_num_queries
):
    for _ in range(4):
        new_licence()

    with django_assert_max_num_queries(10):
        response = api.get("/api/v1/licences")

    assert response.status_code == 200
    assert len(response.json()["items"]) == 4
