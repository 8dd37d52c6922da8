"""Import and export of programs and agreements, and the demo."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from seccoop.core.imports import ImportErrors
from seccoop.programs.demo_cooperation import build_demo
from seccoop.programs.models import Agreement, AgreementState, Program, ProgramState
from seccoop.programs.transfer_cooperation import export_table, import_table

PROGRAMS = (
    "external_id,name,kind,countries,team,fiscal_year\n"
    "PRG-1,Coalition C2 demo,cwp,FR;JP,Alpha Team,2027\n"
    "PRG-2,Seeker test,fct,FR,,\n"
)


def _import(kind, text, user):
    return import_table(kind, io.BytesIO(text.encode()), f"{kind}.csv", user=user)


def test_programs_are_imported_in_their_first_state(staff):
    result = _import("programs", PROGRAMS, staff.desk_officer.user)
    assert (result.created, result.updated) == (2, 0)
    cwp = Program.objects.get(external_id="PRG-1")
    assert cwp.state == ProgramState.CALL_FOR_NOMINATIONS
    assert {c.iso_code for c in cwp.countries.all()} == {"FR", "JP"}
    assert cwp.org_unit == staff.directorate.alpha


def test_importing_the_same_file_again_changes_nothing(staff):
    _import("programs", PROGRAMS, staff.desk_officer.user)
    result = _import("programs", PROGRAMS, staff.desk_officer.user)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)


def test_import_errors_name_the_row_and_column_and_write_nothing(staff):
    bad = (
        "external_id,name,kind,countries,fiscal_year\n"
        "PRG-1,Coalition C2 demo,warp,FR,2027\n"
        "PRG-2,Seeker test,fct,XX,next year\n"
    )
    with pytest.raises(ImportErrors) as refused:
        _import("programs", bad, staff.desk_officer.user)
    messages = [str(error) for error in refused.value.errors]
    assert any("row 2" in m and "kind" in m and "warp" in m for m in messages)
    assert any("row 3" in m and "countries" in m and "XX" in m for m in messages)
    assert any("row 3" in m and "fiscal_year" in m for m in messages)
    assert not Program.objects.exists()


def test_a_formula_in_a_cell_is_refused(staff):
    with pytest.raises(ImportErrors, match="formula"):
        _import(
            "programs",
            "external_id,name,kind\nPRG-1,=HYPERLINK(1),cwp\n",
            staff.desk_officer.user,
        )


def test_someone_without_the_role_may_not_import(staff):
    with pytest.raises(PermissionDenied):
        _import("programs", PROGRAMS, staff.outsider.user)


def test_an_import_may_not_change_a_program_the_user_may_not_change(staff, make_program):
    make_program(external_id="PRG-1", countries=[staff.japan])
    with pytest.raises(ImportErrors, match="you may not change “PRG-1”"):
        _import("programs", PROGRAMS, staff.desk_officer.user)


def test_agreements_are_imported_with_their_type_and_program(staff, make_program):
    make_program(external_id="PRG-1")
    text = (
        "external_id,title,type,countries,program,expires_on\n"
        "AGR-1,Research MOU,mou,FR,PRG-1,2030-01-01\n"
    )
    _import("agreements", text, staff.desk_officer.user)
    agreement = Agreement.objects.get()
    assert (agreement.agreement_type.slug, agreement.program.external_id, agreement.state) == (
        "mou",
        "PRG-1",
        AgreementState.OPPORTUNITY,
    )


def test_an_agreement_s_authority_is_imported_by_its_citation(staff):
    text = (
        "external_id,title,type,countries,legal_authority\n"
        "AGR-1,Loan,loan-agreement,FR,22 USC 2796d\n"
    )
    _import("agreements", text, staff.desk_officer.user)
    assert Agreement.objects.get().authority.slug == "aeca-65"


def test_an_authority_cited_by_its_former_number_is_found(staff):
    text = "external_id,title,type,countries,legal_authority\nAGR-1,IEA,mou,FR,10 U.S.C. 2358\n"
    _import("agreements", text, staff.desk_officer.user)
    assert Agreement.objects.get().authority.citation == "10 U.S.C. 4001"


def test_an_unknown_authority_is_named_with_its_row_and_nothing_is_written(staff):
    text = "external_id,title,type,countries,legal_authority\nAGR-1,OT,mou,FR,10 U.S.C. 4022\n"
    with pytest.raises(ImportErrors, match="no legal authority “10 U.S.C. 4022”"):
        _import("agreements", text, staff.desk_officer.user)
    assert not Agreement.objects.exists()


def test_an_unknown_agreement_type_is_named(staff):
    with pytest.raises(ImportErrors, match="no agreement type “treaty”"):
        _import("agreements", "external_id,title,type\nAGR-1,X,treaty\n", staff.desk_officer.user)


def test_an_exported_file_imports_again_unchanged(staff, make_program):
    _import("programs", PROGRAMS, staff.administrator.user)
    sheet = export_table("programs", user=staff.administrator.user)
    buffer = io.StringIO()
    buffer.write(",".join(sheet.headers) + "\n")
    for row in sheet.rows:
        buffer.write(",".join("" if v is None else str(v) for v in row) + "\n")
    result = _import("programs", buffer.getvalue(), staff.administrator.user)
    assert result.unchanged == 2


def test_the_export_page_answers_a_csv(staff, make_program, client):
    make_program(name="French project")
    client.force_login(staff.desk_officer.user)
    response = client.get(reverse("programs:cooperation-export"), {"kind": "programs"})
    assert response["Content-Type"].startswith("text/csv")
    assert b"French project" in response.content


def test_the_import_page_lists_the_errors(staff, client):
    client.force_login(staff.desk_officer.user)
    upload = io.BytesIO(b"external_id,name,kind\nPRG-1,,cwp\n")
    upload.name = "programs.csv"
    response = client.post(
        reverse("programs:cooperation-import"), {"kind": "programs", "file": upload}
    )
    assert response.status_code == 400
    assert "row 2" in response.text


def test_the_demo_holds_programs_and_agreements_in_several_states(seed_framework):
    from seccoop.partners.demo import build_partner_demo
    from seccoop.workforce.demo import build_demo as build_workforce_demo

    build_workforce_demo(seed=7)
    build_partner_demo(seed=7)
    assert "Loaded 5 cooperation programs and 9 international agreements" in build_demo(seed=7)
    assert set(Program.objects.values_list("kind", flat=True)) == {"cwp", "def", "fct", "rdte"}
    states = set(Agreement.objects.values_list("state", flat=True))
    assert {"in-force", "signed", "negotiation", "coordination", "opportunity"} <= states


def test_the_demo_s_agreements_cite_agreement_authorities_only(seed_framework):
    from seccoop.partners.demo import build_partner_demo
    from seccoop.workforce.demo import build_demo as build_workforce_demo

    build_workforce_demo(seed=7)
    build_partner_demo(seed=7)
    build_demo(seed=7)
    assert not Agreement.objects.filter(authority__isnull=True).exists()
    assert set(Agreement.objects.values_list("authority__citation", flat=True)) <= {
        "22 U.S.C. 2767",
        "10 U.S.C. 2350a",
        "10 U.S.C. 2350l",
        "10 U.S.C. 4001",
        "22 U.S.C. 2796d",
    }


def test_the_demo_amends_an_agreement_that_stays_in_force(seed_framework):
    from seccoop.partners.demo import build_partner_demo
    from seccoop.workforce.demo import build_demo as build_workforce_demo

    build_workforce_demo(seed=7)
    build_partner_demo(seed=7)
    build_demo(seed=7)
    amendment = Agreement.objects.get(instrument="amendment")
    assert (amendment.state, amendment.parent.state) == ("coordination", "in-force")
    assert "already loaded" in build_demo(seed=7)


def test_the_demo_s_amendment_has_two_draft_versions_and_the_term_it_sets(seed_framework):
    from seccoop.partners.demo import build_partner_demo
    from seccoop.programs.services.agreements import compare_drafts
    from seccoop.workforce.demo import build_demo as build_workforce_demo

    build_workforce_demo(seed=7)
    build_partner_demo(seed=7)
    build_demo(seed=7)
    amendment = Agreement.objects.get(instrument="amendment")
    older, newer = amendment.drafts.order_by("number")
    assert compare_drafts(older, newer)["counts"]["changed"] >= 1
    assert amendment.new_expires_on > amendment.parent.expires_on
