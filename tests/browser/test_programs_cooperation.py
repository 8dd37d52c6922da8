"""The program and agreement pages pass axe-core's WCAG 2.1 AA, and a desk officer moves a
Coalition Warfare Program nomination forward from its page with the keyboard and mouse."""

import datetime

import pytest
from playwright.sync_api import expect

from seccoop.partners.models import Country
from seccoop.programs.models import Agreement, AgreementType, FundingLine, Program, Risk
from seccoop.programs.services.agreements import create_agreement, move_agreement
from seccoop.programs.services.cooperation import assign_staff, attach_document, create_program

pytestmark = pytest.mark.browser


@pytest.fixture
def cooperation_records(directorate):
    d = directorate
    admin = d.administrator.user
    today = datetime.date.today()
    france = Country.objects.get(iso_code="FR")
    france.primary_desk_officer = d.teammate
    france.save()
    program = create_program(
        user=admin,
        data={"name": "Coalition Combat Identification", "kind": "cwp", "fiscal_year": 2027},
        countries=[france],
    )
    FundingLine.objects.create(program=program, fiscal_year=2027, amount=1000)
    Risk.objects.create(program=program, title="Late radios")
    attach_document(
        user=admin,
        data={"program": program, "kind": "scg", "title": "Security classification guide"},
        releasable_to=[france],
        first_version={"summary": "First issue"},
    )
    assign_staff(user=admin, record=program, person=d.underling, role="Project officer")
    agreement = create_agreement(
        user=admin,
        data={
            "title": "Research MOU",
            "agreement_type": AgreementType.objects.get(slug="mou"),
            "statement_of_intent": "Joint research.",
            "authority_to_develop_on": today - datetime.timedelta(days=100),
        },
        countries=[france],
    )
    move_agreement(user=admin, agreement=agreement, name="request-authority")
    move_agreement(user=admin, agreement=agreement, name="start-negotiation")
    Agreement.objects.filter(pk=agreement.pk).update(state="final-approval-requested")
    agreement.refresh_from_db()
    move_agreement(
        user=admin,
        agreement=agreement,
        name="sign",
        values={
            "final_approval_on": today - datetime.timedelta(days=12),
            "signed_on": today - datetime.timedelta(days=10),
            "expires_on": today + datetime.timedelta(days=60),
        },
    )
    return program, agreement


def test_the_program_and_agreement_pages_pass_axe(
    sign_in, url, axe, directorate, cooperation_records
):
    program, agreement = cooperation_records
    page = sign_in(directorate.administrator)
    for address in (
        url("programs:index"),
        url("programs:program-list"),
        url("programs:program-new"),
        url("programs:program-detail", program.pk),
        url("programs:program-edit", program.pk),
        url("programs:program-record-new", program.pk, "risk"),
        url("programs:program-document-new", program.pk),
        url("programs:cooperation-import"),
        url("programs:cooperation-export"),
        url("programs:agreement-list"),
        url("programs:agreement-pipeline"),
        url("programs:agreement-expiring"),
        url("programs:agreement-new"),
        url("programs:agreement-detail", agreement.pk),
        url("programs:agreement-interaction-new", agreement.pk),
    ):
        page.goto(address)
        expect(page.get_by_role("heading", level=1), address).to_have_count(1)
        axe(page)


def test_a_desk_officer_submits_the_quad_chart_from_the_program_page(
    sign_in, url, directorate, cooperation_records
):
    program, _ = cooperation_records
    page = sign_in(directorate.teammate)
    page.goto(url("programs:program-detail", program.pk))
    form = page.locator("form", has=page.get_by_role("group", name="Submit the quad chart"))
    form.get_by_label("Quad chart").fill("Need: coalition combat identification.")
    form.get_by_label("Note (why, what)").fill("Sent to the CWP office.")
    form.get_by_role("button", name="Submit the quad chart").click()
    page.get_by_role("heading", name="State: Quad chart submitted").wait_for()
    expect(page.get_by_text("Sent to the CWP office.")).to_be_visible()
    program.refresh_from_db()
    assert program.state == "quad-chart"
    assert Program.objects.get(pk=program.pk).quad_chart.startswith("Need:")
