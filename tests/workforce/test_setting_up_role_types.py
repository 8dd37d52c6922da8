"""A directorate without the demo sets up its role types and templates: pages, files, commands."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from seccoop.core.exports import render
from seccoop.core.history import change_history
from seccoop.core.imports import ImportErrors
from seccoop.core.models import AuditEntry
from seccoop.core.permissions import Role
from seccoop.workforce.exports import export_table
from seccoop.workforce.imports import import_table
from seccoop.workforce.models import RoleRequirement, RoleTemplate, RoleType
from seccoop.workforce.reference import read_role_types
from tests.factories import UserFactory

FRAMEWORK = "dod-security-cooperation"


def run(kind, text, *, user=None, name="data.csv"):
    return import_table(kind, io.BytesIO(text.encode()), name, user=user)


def refused(kind, text, **kwargs):
    with pytest.raises(ImportErrors) as caught:
        run(kind, text, **kwargs)
    return [str(error) for error in caught.value.errors]


def levels(template):
    return dict(
        RoleRequirement.objects.filter(template=template).values_list("competency__code", "level")
    )


# --- the starting set ----------------------------------------------------------------


def test_a_fresh_install_has_no_role_types_until_someone_sets_them_up(seed_framework):
    assert not RoleType.objects.exists()


def test_the_role_types_page_labels_the_starting_set_as_unofficial(client, directorate):
    client.force_login(directorate.workforce_manager.user)
    page = client.get(reverse("workforce:roletype-list")).text
    assert "The directorate's unofficial starting set" in page
    assert "not an official standard" in page


def test_staff_without_a_workforce_role_are_not_offered_the_starting_set(client, directorate):
    client.force_login(directorate.outsider.user)
    page = client.get(reverse("workforce:roletype-list")).text
    assert "Load the starting set" not in page


def test_an_administrator_loads_the_starting_set_from_the_page(client, seed_framework):
    client.force_login(UserFactory(username="ada", roles=[Role.ADMINISTRATOR]))
    response = client.post(reverse("workforce:roletype-starting-set"), follow=True)
    assert "Loaded the starting set: 8 role types and 8 templates created" in response.text
    assert set(RoleType.objects.values_list("slug", flat=True)) == {
        entry["slug"] for entry in read_role_types()
    }
    assert RoleTemplate.objects.filter(framework=seed_framework).count() == 8


def test_the_starting_set_names_who_loaded_it_in_the_history_and_the_audit_log(client, directorate):
    walter = directorate.workforce_manager.user
    client.force_login(walter)
    client.post(reverse("workforce:roletype-starting-set"))
    negotiator = RoleType.objects.get(slug="international-agreements-negotiator")
    assert negotiator.history.get().history_user == walter
    assert AuditEntry.objects.filter(kind="workforce.starting-set", actor=walter).exists()


def test_loading_the_starting_set_again_keeps_what_the_directorate_changed(client, directorate):
    client.force_login(directorate.workforce_manager.user)
    client.post(reverse("workforce:roletype-starting-set"))
    logistician = RoleType.objects.get(slug="multinational-logistician")
    RoleType.objects.filter(pk=logistician.pk).update(name="Logistics cooperation officer")
    client.post(reverse("workforce:roletype-starting-set"))
    assert RoleType.objects.get(pk=logistician.pk).name == "Logistics cooperation officer"


def test_someone_without_a_workforce_role_cannot_load_the_starting_set(client, directorate):
    client.force_login(directorate.outsider.user)
    response = client.post(reverse("workforce:roletype-starting-set"))
    assert response.status_code == 403
    assert RoleType.objects.count() == 2


def test_the_operator_loads_the_starting_set_with_a_command(seed_framework):
    out = io.StringIO()
    call_command("load-starting-set", stdout=out)
    assert "8 role types and 8 templates created" in out.getvalue()
    assert RoleTemplate.objects.count() == 8


# --- templates on the pages ----------------------------------------------------------


def test_walter_creates_a_template_for_a_role_type_from_the_page(client, directorate):
    d = directorate
    client.force_login(d.workforce_manager.user)
    response = client.post(
        reverse("workforce:roletemplate-create"),
        {
            "role_type": d.lead_type.pk,
            "framework": d.framework.pk,
            "name": "Leadership (DoD SC)",
            "rationale": "Leaders steer the directorate's strategy.",
        },
    )
    assert response.status_code == 302
    template = RoleTemplate.objects.get(role_type=d.lead_type)
    assert template.history.get().history_user == d.workforce_manager.user


def test_the_new_template_link_of_a_role_type_preselects_it(client, directorate):
    d = directorate
    client.force_login(d.workforce_manager.user)
    url = reverse("workforce:roletemplate-create") + f"?role_type={d.lead_type.pk}"
    page = client.get(url).text
    assert f'<option value="{d.lead_type.pk}" selected>' in page


def test_a_second_template_for_the_same_role_type_and_framework_is_refused(client, directorate):
    d = directorate
    client.force_login(d.workforce_manager.user)
    response = client.post(
        reverse("workforce:roletemplate-create"),
        {"role_type": d.role_type.pk, "framework": d.framework.pk, "name": "Again"},
    )
    assert response.status_code == 200
    assert "A role type has one template per framework." in response.text
    assert RoleTemplate.objects.filter(role_type=d.role_type).count() == 1


def test_editing_a_template_keeps_its_role_type_and_framework(client, directorate):
    d = directorate
    template = d.role_type.templates.get()
    client.force_login(d.workforce_manager.user)
    client.post(
        reverse("workforce:roletemplate-edit", args=[template.pk]),
        {
            "role_type": d.lead_type.pk,
            "framework": d.framework.pk,
            "name": "Desk officer levels",
            "rationale": "",
            "version": template.version,
        },
    )
    template.refresh_from_db()
    assert (template.name, template.role_type_id) == ("Desk officer levels", d.role_type.pk)


def test_an_archived_template_is_marked_on_the_role_types_page(client, directorate):
    d = directorate
    template = d.role_type.templates.get()
    client.force_login(d.workforce_manager.user)
    client.post(
        reverse("workforce:roletemplate-archive", args=[template.pk]),
        {"version": template.version},
    )
    page = client.get(reverse("workforce:roletype-list")).text
    assert RoleTemplate.objects.get(pk=template.pk).is_archived
    assert 'Restore<span class="usa-sr-only"> ' + template.name in page


def test_nora_may_not_create_a_template(client, directorate):
    d = directorate
    client.force_login(d.outsider.user)
    response = client.post(
        reverse("workforce:roletemplate-create"),
        {"role_type": d.lead_type.pk, "framework": d.framework.pk, "name": "Mine"},
    )
    assert response.status_code == 403
    assert not RoleTemplate.objects.filter(role_type=d.lead_type).exists()


# --- import and export -----------------------------------------------------------------


ROLE_TYPES = (
    "slug,name,description\n"
    "end-use-monitor,End-use monitor,Checks that defense articles are used as agreed.\n"
)


def test_role_types_import_from_a_file_with_their_history(directorate):
    walter = directorate.workforce_manager.user
    result = run("role-types", ROLE_TYPES, user=walter)
    assert (result.created, result.updated) == (1, 0)
    monitor = RoleType.objects.get(slug="end-use-monitor")
    assert monitor.history.get().history_user == walter


def test_a_role_type_named_like_another_is_refused_naming_the_row(directorate):
    errors = refused("role-types", "slug,name\nnew-desk,Country desk officer\n")
    assert errors == [
        "row 2, column name: “Country desk officer” is already the name of the role type "
        "“country-desk-officer”."
    ]
    assert not RoleType.objects.filter(slug="new-desk").exists()


def test_a_template_and_its_levels_import_from_files(directorate):
    run("role-templates", "role_type,framework,name\nleadership-and-support,,Leaders\n")
    run(
        "role-requirements",
        f"role_type,framework,code,level\nleadership-and-support,{FRAMEWORK},2.A,4\n"
        "leadership-and-support,,2.C,3\n",
    )
    template = RoleTemplate.objects.get(role_type=directorate.lead_type)
    assert levels(template) == {"2.A": 4, "2.C": 3}


def test_level_zero_in_a_file_removes_the_requirement(directorate):
    template = directorate.role_type.templates.get()
    result = run("role-requirements", "role_type,code,level\ncountry-desk-officer,1.D,0\n")
    assert result.updated == 1
    assert levels(template) == {"1.A": 3, "4.C": 2}


def test_a_level_off_the_scale_refuses_the_whole_file(directorate):
    template = directorate.role_type.templates.get()
    errors = refused(
        "role-requirements",
        "role_type,code,level\ncountry-desk-officer,1.A,4\ncountry-desk-officer,1.D,9\n",
    )
    assert len(errors) == 1
    assert errors[0].startswith("row 3, column level: “9” is not a level of the")
    assert levels(template) == {"1.A": 3, "1.D": 4, "4.C": 2}


def test_a_level_for_a_role_type_without_a_template_is_refused_naming_the_row(directorate):
    errors = refused("role-requirements", "role_type,code,level\nleadership-and-support,1.A,2\n")
    assert errors == [
        f"row 2, column role_type: “leadership-and-support” has no template for “{FRAMEWORK}”; "
        "create it first (role templates table or the role types page)."
    ]


def test_an_unknown_sub_competency_is_refused_naming_the_row(directorate):
    errors = refused("role-requirements", "role_type,code,level\ncountry-desk-officer,99.Z,2\n")
    assert errors == [f"row 2, column code: “{FRAMEWORK}” has no sub-competency “99.Z”."]


def test_imported_levels_name_the_importer_in_the_templates_history(directorate):
    walter = directorate.workforce_manager.user
    template = directorate.role_type.templates.get()
    run("role-requirements", "role_type,code,level\ncountry-desk-officer,1.A,4\n", user=walter)
    assert change_history(template)[0].who == "Walter Manager"
    assert RoleRequirement.objects.get(template=template, competency__code="1.A").level == 4


def test_someone_without_a_workforce_role_may_not_import_role_types(client, directorate):
    client.force_login(directorate.outsider.user)
    response = client.post(
        reverse("workforce:import"),
        {"kind": "role-types", "file": SimpleUploadedFile("types.csv", ROLE_TYPES.encode())},
    )
    assert response.status_code == 403
    assert not RoleType.objects.filter(slug="end-use-monitor").exists()


def test_the_levels_export_one_row_per_sub_competency(directorate):
    sheet = export_table("role-requirements")
    assert sheet.headers == ["role_type", "framework", "code", "level"]
    assert list(sheet.rows) == [
        ["country-desk-officer", FRAMEWORK, "1.A", 3],
        ["country-desk-officer", FRAMEWORK, "1.D", 4],
        ["country-desk-officer", FRAMEWORK, "4.C", 2],
    ]


def test_an_xlsx_export_of_the_levels_changed_and_imported_back_changes_only_that_level(
    directorate,
):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(render(export_table("role-requirements"), "xlsx")))
    sheet = workbook.active
    for row in sheet.iter_rows(min_row=2):
        if row[2].value == "1.D":
            row[3].value = 5
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_table("role-requirements", io.BytesIO(buffer.getvalue()), "levels.xlsx")
    assert (result.updated, result.unchanged) == (1, 2)
    assert levels(directorate.role_type.templates.get()) == {"1.A": 3, "1.D": 5, "4.C": 2}
