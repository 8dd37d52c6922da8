"""Who sees, adds and changes programs and agreements, on pages, exports and the API alike."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from seccoop.core import permissions
from seccoop.core.api_auth import issue_token
from seccoop.programs.models import Agreement, Program, Risk
from seccoop.programs.services.cooperation import add_record, assign_staff, create_program
from seccoop.programs.transfer_cooperation import export_table


@pytest.fixture
def two_programs(staff):
    """Pat's program (alpha team, no country) and Quinn's (bravo team, no country)."""
    admin = staff.administrator.user
    mine = create_program(
        user=admin, data={"name": "Alpha sensor study", "org_unit": staff.directorate.alpha}
    )
    theirs = create_program(
        user=admin, data={"name": "Bravo radar study", "org_unit": staff.directorate.bravo}
    )
    return mine, theirs


def _visible(person):
    return set(Program.objects.visible_to(person.user).values_list("name", flat=True))


def test_a_program_team_member_sees_the_programs_of_their_own_unit(staff, two_programs):
    assert _visible(staff.program_member) == {"Alpha sensor study"}


def test_a_program_team_member_cannot_open_another_teams_program_by_id(staff, two_programs, client):
    _, theirs = two_programs
    client.force_login(staff.program_member.user)
    response = client.get(reverse("programs:program-detail", args=[theirs.pk]))
    assert response.status_code == 404


def test_another_teams_program_is_not_in_the_list(staff, two_programs, client):
    client.force_login(staff.program_member.user)
    response = client.get(reverse("programs:program-list"))
    assert "Alpha sensor study" in response.text
    assert "Bravo radar study" not in response.text


def test_another_teams_program_is_not_in_the_export(staff, two_programs):
    sheet = export_table("programs", user=staff.program_member.user)
    assert [row[1] for row in sheet.rows] == ["Alpha sensor study"]


def test_another_teams_program_is_a_404_in_the_api(staff, two_programs, client):
    _, theirs = two_programs
    _, secret = issue_token(user=staff.program_member.user, name="t", lifetime_days=1)
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get(f"/api/v1/programs/{theirs.pk}", headers=headers).status_code == 404
    listed = client.get("/api/v1/programs", headers=headers).json()
    assert [item["name"] for item in listed["items"]] == ["Alpha sensor study"]


def test_another_teams_risks_are_hidden_too(staff, two_programs):
    _, theirs = two_programs
    add_record(
        user=staff.administrator.user,
        model=Risk,
        data={"program": theirs, "title": "Schedule slip"},
    )
    assert not Risk.objects.visible_to(staff.program_member.user).exists()
    assert Risk.objects.visible_to(staff.other_program_member.user).count() == 1


def test_someone_assigned_to_a_program_sees_it(staff, two_programs):
    _, theirs = two_programs
    assign_staff(
        user=staff.administrator.user, record=theirs, person=staff.outsider, role="Analyst"
    )
    assert _visible(staff.outsider) == {"Bravo radar study"}


def test_the_desk_officers_of_its_country_see_it(staff, make_program):
    make_program(name="French project")
    assert _visible(staff.desk_officer) == {"French project"}
    assert _visible(staff.backup_desk_officer) == {"French project"}
    assert _visible(staff.japan_desk_officer) == set()


def test_the_supervisor_chain_above_the_desk_sees_it(staff, make_program):
    make_program(name="French project")
    assert _visible(staff.alpha_lead) == {"French project"}
    assert _visible(staff.bravo_lead) == set()


def test_leadership_sees_every_program(staff, two_programs):
    assert _visible(staff.leadership) == {"Alpha sensor study", "Bravo radar study"}


def test_someone_without_a_role_sees_nothing(staff, two_programs):
    assert _visible(staff.outsider) == set()


def test_a_program_with_two_countries_of_one_desk_is_listed_once(staff, make_program):
    make_program(name="Shared", countries=[staff.france, staff.japan])
    staff.japan.backup_desk_officer = staff.desk_officer
    staff.japan.save()
    assert Program.objects.visible_to(staff.desk_officer.user).count() == 1


@pytest.mark.parametrize(
    "who, may", [("program_member", True), ("desk_officer", True), ("outsider", False)]
)
def test_who_may_add_a_program(staff, who, may):
    user = getattr(staff, who).user
    assert permissions.can(user, "add", Program(name="New")) is may


def test_someone_without_the_role_cannot_add_a_program(staff):
    with pytest.raises(PermissionDenied):
        create_program(user=staff.outsider.user, data={"name": "Mine"})
    assert not Program.objects.exists()


def test_a_supervisor_sees_but_does_not_change_a_program_of_their_desk(staff, make_program):
    program = make_program()
    assert permissions.can(staff.alpha_lead.user, "view", program)
    assert not permissions.can(staff.alpha_lead.user, "change", program)


def test_agreements_follow_the_same_rule(staff, make_agreement):
    make_agreement(title="French MOU")
    make_agreement(title="Japanese MOU", countries=[staff.japan])
    visible = set(
        Agreement.objects.visible_to(staff.desk_officer.user).values_list("title", flat=True)
    )
    assert visible == {"French MOU"}


def test_another_teams_agreement_is_a_404_on_its_page(staff, make_agreement, client):
    agreement = make_agreement(countries=[staff.japan])
    client.force_login(staff.program_member.user)
    response = client.get(reverse("programs:agreement-detail", args=[agreement.pk]))
    assert response.status_code == 404


def test_leadership_reads_a_program_page_but_may_not_change_the_program(
    staff, make_program, client
):
    program = make_program()
    client.force_login(staff.leadership.user)
    response = client.get(reverse("programs:program-detail", args=[program.pk]))
    assert response.status_code == 200
    assert "Edit the program" not in response.text
    assert not permissions.can(staff.leadership.user, "change", program)


def test_leadership_assigned_to_a_program_changes_it(staff, make_program):
    program = make_program()
    assign_staff(
        user=staff.administrator.user, record=program, person=staff.leadership, role="Sponsor"
    )
    assert permissions.can(staff.leadership.user, "change", program)
