"""An agreement's draft text in numbered versions, compared version to version; the term an
amendment sets; and what a classified agreement needs before signature."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from seccoop.controls.disclosure_policy import approve_delegation
from seccoop.controls.services import issue_delegation
from seccoop.partners.models import Classification, Country
from seccoop.programs.models import (
    Agreement,
    AgreementDraft,
    AgreementState,
    Instrument,
)
from seccoop.programs.services.agreements import compare_drafts, create_agreement, upload_draft
from seccoop.programs.services.cooperation import create_program
from tests.programs.test_agreements_coordination import (
    TODAY,
    _all_concur,
    _api,
    _circulated,
    _move,
    _sign,
)

FIRST = "Article 1\nScope\nThe Participants will conduct joint sensor research.\nArticle 2\n"
SECOND = "Article 1\nScope\nThe Participants will conduct joint radar research.\nArticle 3\n"


def _file(text=FIRST, name="draft.txt"):
    return SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text)


def _upload(staff, agreement, text=FIRST, name="draft.txt", **marking):
    return upload_draft(
        user=staff.desk_officer.user, agreement=agreement, upload=_file(text, name), **marking
    )


@pytest.fixture
def agreement(make_agreement):
    return make_agreement()


@pytest.fixture
def two_drafts(staff, agreement):
    return _upload(staff, agreement), _upload(staff, agreement, SECOND, note="Round 2")


# --- uploading ------------------------------------------------------------------------


def test_a_negotiator_s_first_upload_is_draft_one_with_its_text_and_uploader(staff, agreement):
    draft = _upload(staff, agreement)
    assert (draft.number, draft.text, draft.uploaded_by) == (1, FIRST, staff.desk_officer.user)


def test_each_upload_takes_the_next_version_number(staff, two_drafts):
    assert [draft.number for draft in two_drafts] == [1, 2]


def test_a_pdf_draft_is_refused_with_a_message_naming_the_file(staff, agreement):
    with pytest.raises(ValidationError) as refused:
        _upload(staff, agreement, b"%PDF-1.7", name="mou-v3.pdf")
    assert "“mou-v3.pdf” is a PDF, which is not accepted" in refused.value.message_dict["file"][0]
    assert not AgreementDraft.objects.exists()


def test_a_word_file_is_refused_since_only_plain_text_is_compared(staff, agreement):
    with pytest.raises(ValidationError, match="upload the draft as .txt"):
        _upload(staff, agreement, b"PK\x03\x04", name="mou-v3.docx")
    assert not AgreementDraft.objects.exists()


def test_a_draft_that_is_not_utf8_text_is_refused_naming_the_line(staff, agreement):
    with pytest.raises(ValidationError, match=r"not UTF-8 text \(line 2\)"):
        _upload(staff, agreement, b"Article 1\nPr\xe9ambule\n", name="mou.txt")
    assert not AgreementDraft.objects.exists()


def test_an_empty_draft_is_refused(staff, agreement):
    with pytest.raises(ValidationError, match="“blank.txt” is empty"):
        _upload(staff, agreement, b"\n  \n", name="blank.txt")


def test_a_draft_not_releasable_to_a_party_is_refused_and_nothing_is_written(staff, agreement):
    with pytest.raises(ValidationError) as refused:
        _upload(
            staff,
            agreement,
            classification=Classification.CUI,
            releasable_to=Country.objects.filter(iso_code="GB"),
        )
    assert "not releasable to France" in refused.value.message_dict["releasable_to"][0]
    assert not AgreementDraft.objects.exists()


def test_the_upload_is_kept_in_the_history_with_who_uploaded_it(staff, agreement):
    draft = _upload(staff, agreement)
    (entry,) = draft.history.all()
    assert (entry.history_type, entry.history_user) == ("+", staff.desk_officer.user)


def test_someone_who_may_only_see_the_agreement_cannot_upload_a_draft(staff, agreement):
    with pytest.raises(PermissionDenied):
        upload_draft(user=staff.leadership.user, agreement=agreement, upload=_file())
    assert not AgreementDraft.objects.exists()


def test_no_draft_is_uploaded_to_a_terminated_agreement(staff, agreement):
    _move(staff, agreement, "terminate", note="Dropped.")
    with pytest.raises(ValidationError, match="is terminated"):
        _upload(staff, agreement)


# --- comparing ------------------------------------------------------------------------


def test_the_comparison_marks_changed_added_and_removed_lines(two_drafts):
    comparison = compare_drafts(*two_drafts)
    kinds = [(row["kind"], row["old_line"], row["new_line"]) for row in comparison["rows"]]
    assert kinds == [
        ("same", 1, 1),
        ("same", 2, 2),
        ("changed", 3, 3),
        ("changed", 4, 4),
        ("same", 5, 5),
    ]


def test_a_changed_line_shows_the_words_removed_and_added(two_drafts):
    changed = compare_drafts(*two_drafts)["rows"][2]
    assert [p for p in changed["parts"] if p["kind"] != "same"] == [
        {"kind": "removed", "text": "sensor"},
        {"kind": "added", "text": "radar"},
    ]


def test_a_line_only_in_the_later_version_is_added(staff, agreement):
    older = _upload(staff, agreement, "Article 1\n")
    newer = _upload(staff, agreement, "Article 1\nArticle 2 Security\n")
    assert compare_drafts(older, newer)["counts"] == {"added": 1, "removed": 0, "changed": 0}


def test_the_comparison_page_marks_changes_in_words_not_only_by_colour(
    staff, agreement, two_drafts, client
):
    client.force_login(staff.leadership.user)
    page = client.get(
        reverse("programs:agreement-draft-compare", args=[agreement.pk]),
        {"older": 1, "newer": 2},
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "± Changed" in text
    assert "[removed: </span>sensor" in text
    assert "[added: </span>radar" in text


def test_the_comparison_page_shows_the_most_restrictive_marking_of_the_two_versions(
    staff, agreement, client
):
    _upload(staff, agreement)
    _upload(staff, agreement, SECOND, classification=Classification.CUI, cui_categories="expt")
    client.force_login(staff.desk_officer.user)
    page = client.get(reverse("programs:agreement-draft-compare", args=[agreement.pk]))
    assert ">CUI//EXPT</div>" in page.content.decode()


def test_comparing_a_version_the_agreement_does_not_have_says_so(
    staff, agreement, two_drafts, client
):
    client.force_login(staff.desk_officer.user)
    page = client.get(
        reverse("programs:agreement-draft-compare", args=[agreement.pk]),
        {"older": 1, "newer": 9},
    )
    assert page.status_code == 400
    assert "Choose two draft versions of this agreement" in page.content.decode()


# --- pages ----------------------------------------------------------------------------


def test_a_negotiator_uploads_a_draft_from_the_page(staff, agreement, client):
    client.force_login(staff.desk_officer.user)
    response = client.post(
        reverse("programs:agreement-draft-new", args=[agreement.pk]),
        {"file": _file(), "note": "First text", "classification": "U"},
    )
    assert response.status_code == 302
    assert AgreementDraft.objects.get().note == "First text"


def test_the_upload_page_names_a_refused_pdf_next_to_the_file_field(staff, agreement, client):
    client.force_login(staff.desk_officer.user)
    page = client.post(
        reverse("programs:agreement-draft-new", args=[agreement.pk]),
        {"file": _file(b"%PDF-1.7", "mou.pdf"), "classification": "U"},
    )
    assert page.status_code == 200
    assert "“mou.pdf” is a PDF, which is not accepted" in page.content.decode()
    assert not AgreementDraft.objects.exists()


def test_a_draft_page_shows_its_text_and_its_marking(staff, agreement, client):
    draft = _upload(staff, agreement, classification=Classification.CUI, cui_categories="prvcy")
    client.force_login(staff.leadership.user)
    text = client.get(reverse("programs:agreement-draft-detail", args=[draft.pk])).content.decode()
    assert ">CUI//PRVCY</div>" in text
    assert "joint sensor research" in text


def test_the_agreement_page_lists_its_draft_versions(
    staff, agreement, two_drafts, client, django_assert_max_num_queries
):
    client.force_login(staff.desk_officer.user)
    with django_assert_max_num_queries(60):
        page = client.get(reverse("programs:agreement-detail", args=[agreement.pk]))
    text = page.content.decode()
    assert "Draft 2" in text
    assert "Round 2" in text


# --- the API ----------------------------------------------------------------------------


def test_the_api_lists_draft_versions_oldest_first_with_their_marking(staff, agreement, two_drafts):
    body = _api(staff.desk_officer).get(f"/api/v1/agreements/{agreement.pk}/drafts").json()
    assert [(d["number"], d["marking"], d["uploaded_by"]) for d in body] == [
        (1, "UNCLASSIFIED", staff.desk_officer.user.username),
        (2, "UNCLASSIFIED", staff.desk_officer.user.username),
    ]


def test_the_api_compares_two_versions_line_by_line(staff, agreement, two_drafts):
    body = (
        _api(staff.desk_officer)
        .get(f"/api/v1/agreements/{agreement.pk}/drafts/compare?older=1&newer=2")
        .json()
    )
    assert (body["changed"], body["added"], body["removed"]) == (2, 0, 0)
    assert body["lines"][2]["parts"][1] == {"kind": "removed", "text": "sensor"}


def test_the_api_answers_404_for_a_version_the_agreement_does_not_have(
    staff, agreement, two_drafts
):
    response = _api(staff.desk_officer).get(
        f"/api/v1/agreements/{agreement.pk}/drafts/compare?older=1&newer=7"
    )
    assert response.status_code == 404


# --- the term an amendment sets -----------------------------------------------------------


@pytest.fixture
def in_force(staff, make_agreement):
    agreement = _circulated(staff, make_agreement())
    _all_concur(staff, agreement)
    _move(staff, agreement, "request-final-approval")
    _sign(staff, agreement, TODAY - datetime.timedelta(days=400))
    _move(
        staff,
        agreement,
        "enter-into-force",
        in_force_on=TODAY - datetime.timedelta(days=390),
        expires_on=TODAY + datetime.timedelta(days=100),
    )
    return agreement


def _amendment(staff, parent, **data):
    return create_agreement(
        user=staff.administrator.user,
        data={
            "title": "Amendment 1: five-year extension",
            "instrument": Instrument.AMENDMENT,
            "parent": parent,
            "authority": parent.authority,
            **data,
        },
    )


def _into_force(staff, amendment):
    _circulated(staff, amendment)
    _all_concur(staff, amendment)
    _move(staff, amendment, "request-final-approval")
    _sign(staff, amendment)
    _move(staff, amendment, "enter-into-force", in_force_on=TODAY)


NEW_EXPIRY = TODAY + datetime.timedelta(days=5 * 365)


def test_an_amendment_under_negotiation_keeps_its_parent_in_force_and_its_expiry(staff, in_force):
    amendment = _circulated(staff, _amendment(staff, in_force, new_expires_on=NEW_EXPIRY))
    in_force.refresh_from_db()
    assert amendment.state == AgreementState.COORDINATION
    assert (in_force.state, in_force.expires_on) == (
        AgreementState.IN_FORCE,
        TODAY + datetime.timedelta(days=100),
    )


def test_an_amendment_entering_into_force_moves_its_agreement_s_expiry(staff, in_force):
    _into_force(staff, _amendment(staff, in_force, new_expires_on=NEW_EXPIRY))
    in_force.refresh_from_db()
    assert (in_force.state, in_force.expires_on) == (AgreementState.IN_FORCE, NEW_EXPIRY)


def test_the_agreement_s_history_shows_who_moved_its_expiry(staff, in_force):
    _into_force(staff, _amendment(staff, in_force, new_expires_on=NEW_EXPIRY))
    latest = in_force.history.order_by("-history_date").first()
    assert (latest.expires_on, latest.history_user) == (NEW_EXPIRY, staff.administrator.user)


def test_an_amendment_that_does_not_change_the_term_leaves_the_expiry_as_it_was(staff, in_force):
    _into_force(staff, _amendment(staff, in_force))
    in_force.refresh_from_db()
    assert in_force.expires_on == TODAY + datetime.timedelta(days=100)


def test_only_an_amendment_sets_a_new_expiry(staff, in_force):
    with pytest.raises(ValidationError, match="Only an amendment changes the term"):
        create_agreement(
            user=staff.administrator.user,
            data={
                "title": "Annex A",
                "instrument": Instrument.ANNEX,
                "parent": in_force,
                "new_expires_on": NEW_EXPIRY,
            },
        )
    assert Agreement.objects.count() == 1


def test_a_new_expiry_before_the_agreement_was_signed_is_refused(staff, in_force):
    with pytest.raises(ValidationError, match="falls after the day the amended agreement"):
        _amendment(staff, in_force, new_expires_on=in_force.signed_on)


# --- a classified agreement before signature ------------------------------------------------


def _classified_ready_to_sign(staff, make_agreement):
    program = create_program(
        user=staff.administrator.user,
        data={"name": "Coalition radar"},
        countries=[staff.france],
    )
    agreement = _circulated(staff, make_agreement(involves_classified=True, program=program))
    _all_concur(staff, agreement)
    _move(staff, agreement, "request-final-approval")
    letter = issue_delegation(
        user=staff.administrator.user,
        program=program,
        data={
            "title": "Coalition radar DDL",
            "classification_ceiling": "C",
            "disclosure_methods": ["oral", "visual"],
            "categories": ["3"],
            "may_disclose": "Interface data.",
            "may_not_disclose": "Signal processing.",
            "effective_on": TODAY,
        },
        countries=[staff.france],
    )
    return agreement, letter


def test_signature_is_refused_while_the_delegation_letter_awaits_approval(staff, make_agreement):
    agreement, _ = _classified_ready_to_sign(staff, make_agreement)
    with pytest.raises(ValidationError, match="delegation of disclosure authority letter"):
        _sign(staff, agreement)
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.FINAL_APPROVAL_REQUESTED


def test_an_approved_delegation_letter_of_its_program_lets_a_classified_agreement_be_signed(
    staff, make_agreement
):
    agreement, letter = _classified_ready_to_sign(staff, make_agreement)
    approve_delegation(
        user=staff.administrator.user,
        letter=letter,
        approving_authority="Director, International Programs",
    )
    _sign(staff, agreement)
    assert agreement.state == AgreementState.SIGNED


# --- authorities ------------------------------------------------------------------------------


def test_cooperative_research_stays_cited_as_10_usc_2350a_which_was_not_renumbered(db):
    from seccoop.programs.models import AgreementAuthority

    authority = AgreementAuthority.objects.get(slug="usc10-2350a")
    assert authority.citation == "10 U.S.C. 2350a"
    assert authority.numbering_note.startswith("Not renumbered")
