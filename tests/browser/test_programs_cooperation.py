"""The program and agreement pages pass axe-core's WCAG 2.1 AA, a desk officer moves a
Coalition Warfare Program nomination forward from its page with the keyboard and mouse, and
a negotiator takes an agreement from intent to signature through coordination."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from seccoop.partners.models import Country, EngagementType
from seccoop.partners.services import EngagementData, record_engagement
from seccoop.programs.models import (
    Agreement,
    AgreementAuthority,
    AgreementType,
    FundingLine,
    Program,
    Risk,
)
from seccoop.programs.services.agreements import (
    add_obligation,
    create_agreement,
    move_agreement,
    record_concurrence,
    upload_draft,
)
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
            "authority": AgreementAuthority.objects.get(slug="usc10-4001"),
            "statement_of_intent": "Joint research.",
            "authority_to_develop_on": today - datetime.timedelta(days=100),
        },
        countries=[france],
    )
    move_agreement(user=admin, agreement=agreement, name="request-authority")
    move_agreement(user=admin, agreement=agreement, name="start-negotiation")
    Agreement.objects.filter(pk=agreement.pk).update(state="coordination")
    agreement.refresh_from_db()
    for office in agreement.required_offices():
        record_concurrence(
            user=admin,
            agreement=agreement,
            data={"office": office, "answer": "concur", "answered_on": today},
        )
    move_agreement(user=admin, agreement=agreement, name="request-final-approval")
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
    add_obligation(
        user=admin,
        agreement=agreement,
        data={"kind": "report", "description": "Annual report", "due_on": today},
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
        url("programs:agreement-obligation-new", agreement.pk),
        url("programs:agreement-new", parent=agreement.pk, instrument="amendment"),
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


@pytest.fixture
def negotiation(directorate):
    """An agreement with France at its opportunity, and the engagement that will be its round."""
    d = directorate
    france = Country.objects.get(iso_code="FR")
    france.primary_desk_officer = d.teammate
    france.save()
    agreement = create_agreement(
        user=d.administrator.user,
        data={
            "title": "Information exchange MOU",
            "agreement_type": AgreementType.objects.get(slug="mou"),
            "authority": AgreementAuthority.objects.get(slug="usc10-4001"),
        },
        countries=[france],
    )
    record_engagement(
        user=d.teammate.user,
        data=EngagementData(
            title="Paris negotiation round",
            engagement_type=EngagementType.objects.get(slug="negotiation-round"),
            starts_on=datetime.date.today(),
            ends_on=datetime.date.today(),
            countries=[france],
            participants=[d.teammate],
        ),
    )
    return agreement


def _take(page, label, **fields):
    form = page.locator("form", has=page.get_by_role("group", name=label))
    for name, value in fields.items():
        form.get_by_label(name).fill(value)
    form.get_by_role("button", name=label).click()


def test_a_negotiator_takes_an_agreement_from_intent_to_signature_through_coordination(
    sign_in, url, directorate, negotiation
):
    today = datetime.date.today().isoformat()
    page = sign_in(directorate.teammate)
    page.goto(url("programs:agreement-detail", negotiation.pk))
    _take(page, "Request authority to develop", **{"Statement of intent": "Exchange data."})
    page.get_by_role("heading", name="State: Request for authority to develop").wait_for()
    _take(page, "Start negotiation", **{"Authority to develop on": today})
    page.get_by_role("heading", name="State: In negotiation").wait_for()
    page.get_by_label("Engagement held as a negotiation round").select_option(
        label="Paris negotiation round"
    )
    page.get_by_role("button", name="Record the round").click()
    page.get_by_text("The negotiation round was recorded.").wait_for()
    _take(page, "Circulate the draft for concurrence")
    page.get_by_role("heading", name="State: Draft in coordination").wait_for()
    offices = page.get_by_label("Office", exact=True)
    for label in offices.locator("option").all_inner_texts():
        page.get_by_label("Office", exact=True).select_option(label=label)
        page.get_by_label("Answer", exact=True).select_option(label="Concur")
        page.get_by_label("Date of the answer").fill(today)
        page.get_by_role("button", name="Record the answer").click()
        page.get_by_text("The answer was recorded.").wait_for()
    _take(page, "Request final approval")
    page.get_by_role("heading", name="State: Request for final approval").wait_for()
    page.context.clear_cookies()  # Tina leaves; Lee, who signs for leadership, signs in.
    sign_in(directorate.leader)
    page.goto(url("programs:agreement-detail", negotiation.pk))
    _take(
        page,
        "Record the signature",
        **{"Final approval on": today, "Signed on": today},
    )
    page.get_by_role("heading", name="State: Signed").wait_for()
    assert Agreement.objects.get(pk=negotiation.pk).state == "signed"
    assert page.get_by_text("Text sent to the State Department's treaty office").is_visible()


def test_a_negotiator_uploads_a_revised_draft_and_compares_it_with_the_one_before(
    sign_in, url, axe, directorate, negotiation
):
    upload_draft(
        user=directorate.administrator.user,
        agreement=negotiation,
        upload=SimpleUploadedFile("mou-v1.txt", b"Article 1\nThe Participants exchange data.\n"),
    )
    page = sign_in(directorate.teammate)
    page.goto(url("programs:agreement-draft-new", negotiation.pk))
    axe(page)
    page.locator("#id_file").set_input_files(
        files=[
            {
                "name": "mou-v2.txt",
                "mimeType": "text/plain",
                "buffer": b"Article 1\nThe Participants exchange research data.\n",
            }
        ]
    )
    page.get_by_label("What changed").fill("Round 2: research data only")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Draft 2 of “Information exchange MOU” was uploaded.").wait_for()
    page.get_by_role("link", name="Compare versions").click()
    page.get_by_role("heading", name="Draft 1 compared with draft 2").wait_for()
    axe(page)
    expect(page.get_by_role("cell", name="± Changed")).to_have_count(1)
    expect(page.locator("ins", has_text="research")).to_have_count(1)
    page.goto(url("programs:agreement-draft-detail", negotiation.drafts.get(number=2).pk))
    axe(page)
    expect(page.get_by_text("Round 2: research data only")).to_be_visible()
