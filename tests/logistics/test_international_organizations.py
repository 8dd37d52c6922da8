"""ACSAs with international organizations: 10 U.S.C. 2341(1) and 2342(a) let the
Secretary of Defense acquire from, and conclude cross-servicing agreements with,
NATO subsidiary bodies and the United Nations or a regional international
organization of which the United States is a member, not only nations."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from seccoop.core.services import create_record
from seccoop.logistics import services
from seccoop.logistics.models import Acsa, AcsaOrder
from seccoop.partners.models import OrganizationKind, PartnerOrganization
from tests.logistics.conftest import TODAY, order_data


@pytest.fixture
def agency(db):
    """A NATO subsidiary body (fictitious name)."""
    return PartnerOrganization.objects.create(
        name="NATO Logistics Support Agency", kind=OrganizationKind.INTERNATIONAL
    )


@pytest.fixture
def agency_acsa(directorate, logistics, agency):
    return create_record(user=directorate.administrator.user, model=Acsa, data={
        "organization": agency, "identifier": "ACSA-NLSA-01",
        "title": "U.S.–NATO Logistics Support Agency ACSA", "status": "in-force",
        "signed_on": datetime.date(2019, 5, 1), "org_unit": logistics.team})  # fmt: skip


def _acsa(directorate, **data):
    values = {"identifier": "ACSA-X-01", "title": "Agreement", "status": "proposed", **data}
    return create_record(user=directorate.administrator.user, model=Acsa, data=values)


def test_an_acsa_with_an_international_organization_names_it_instead_of_a_country(
    agency_acsa, agency
):
    assert (agency_acsa.country, agency_acsa.partner) == (None, agency)


def test_an_acsa_naming_both_a_country_and_an_organization_is_refused(
    directorate, logistics, agency
):
    with pytest.raises(ValidationError) as refused:
        _acsa(directorate, country=logistics.france, organization=agency)
    assert refused.value.message_dict["organization"] == [
        "Name a country or an international organization, not both: an agreement with an "
        "organization names no country."
    ]
    assert not Acsa.objects.filter(identifier="ACSA-X-01").exists()


def test_an_acsa_naming_no_partner_is_refused(directorate, logistics):
    with pytest.raises(ValidationError) as refused:
        _acsa(directorate)
    assert refused.value.message_dict["country"] == [
        "Name the partner: a country or an international organization."
    ]


def test_an_acsa_with_an_organization_that_is_not_international_is_refused(directorate, logistics):
    ministry = PartnerOrganization.objects.create(
        name="Ministry of Armed Forces", kind=OrganizationKind.MINISTRY, country=logistics.france
    )
    with pytest.raises(ValidationError) as refused:
        _acsa(directorate, organization=ministry)
    assert refused.value.message_dict["organization"] == [
        "“Ministry of Armed Forces” is not an international organization; an agreement with a "
        "nation names its country."
    ]


def test_an_order_under_an_organizations_acsa_keeps_its_open_balance(directorate, agency_acsa):
    admin = directorate.administrator.user
    order = create_record(user=admin, model=AcsaOrder, data=order_data(agency_acsa, "NL-26-0001"))
    services.settle_order(user=admin, order=order, data={
        "settled_on": TODAY, "method": "payment", "amount": Decimal("4000.00")})  # fmt: skip
    annotated = services.with_balances(AcsaOrder.objects.filter(pk=order.pk)).get()
    assert annotated.open_balance == Decimal("6000.00")


def test_an_order_under_an_organizations_acsa_past_its_reconciliation_date_is_flagged(
    directorate, agency_acsa
):
    order = create_record(user=directorate.administrator.user, model=AcsaOrder, data=order_data(
        agency_acsa, "NL-26-0002", reconcile_by=TODAY - datetime.timedelta(days=1)))  # fmt: skip
    assert services.with_balances(AcsaOrder.objects.filter(pk=order.pk)).get().past_due


def test_the_acsa_page_names_the_organization_to_the_team_that_keeps_it(
    client, logistics, agency_acsa
):
    client.force_login(logistics.lena.user)
    html = client.get(reverse("logistics:acsa-detail", args=[agency_acsa.pk])).content.decode()
    assert "International organization" in html
    assert "NATO Logistics Support Agency" in html


def test_the_order_list_names_the_organization_as_the_partner(
    client, directorate, logistics, agency_acsa
):
    create_record(user=directorate.administrator.user, model=AcsaOrder,
                  data=order_data(agency_acsa, "NL-26-0003"))  # fmt: skip
    client.force_login(logistics.lena.user)
    html = client.get(reverse("logistics:order-list")).content.decode()
    assert "NL-26-0003" in html
    assert "NATO Logistics Support Agency" in html


def test_the_api_records_an_acsa_with_an_international_organization(api_as, logistics, agency):
    response = api_as(logistics.lena).post(
        "/api/v1/acsas",
        data=json.dumps(
            {
                "organization": agency.pk,
                "identifier": "ACSA-NLSA-02",
                "title": "U.S.–NATO Logistics Support Agency ACSA",
                "status": "proposed",
                "org_unit": logistics.team.pk,
            }
        ),  # fmt: skip
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["country"], body["organization"]) == (None, "NATO Logistics Support Agency")
