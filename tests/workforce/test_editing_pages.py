"""Editing the directory from the pages: who may, what is kept, and two people at once."""

from django.urls import reverse

from seccoop.workforce.models import Person, Position, RoleRequirement
from tests.factories import RoleTypeFactory


def edit_url(route, record):
    return reverse(f"workforce:{route}-edit", args=[record.pk])


def position_entries(position, **changes):
    entries = {
        "title": position.title,
        "role_type": position.role_type_id,
        "org_unit": position.org_unit_id,
        "incumbent": position.incumbent_id or "",
        "reports_to": position.reports_to_id or "",
        "version": position.version,
    }
    return {**entries, **changes}


def test_walter_edits_a_person_and_the_history_names_him(client, directorate):
    d = directorate
    tina = d.teammate
    client.force_login(d.workforce_manager.user)
    response = client.post(
        edit_url("person", tina),
        {
            "first_name": "Tina",
            "last_name": "Teammate",
            "email": "tina@example.mil",
            "grade": "GS-13",
            "org_unit": "",
            "version": tina.version,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("workforce:person-detail", args=[tina.pk])).text
    history = page[page.index("Change history") :]
    assert "Walter Manager" in history
    assert "Grade: from — to GS-13" in history


def test_nora_may_not_open_or_post_an_edit_form(client, directorate):
    d = directorate
    client.force_login(d.outsider.user)
    url = edit_url("person", d.teammate)
    assert client.get(url).status_code == 403
    assert client.post(url, {"first_name": "X", "version": 1}).status_code == 403
    assert Person.objects.get(pk=d.teammate.pk).first_name == "Tina"


def test_only_editors_see_the_edit_and_archive_buttons(client, directorate):
    d = directorate
    url = reverse("workforce:position-detail", args=[d.teammate.position.pk])
    client.force_login(d.outsider.user)
    assert ">Edit</a>" not in client.get(url).text
    client.force_login(d.workforce_manager.user)
    page = client.get(url).text
    assert ">Edit</a>" in page and ">Archive</button>" in page


def test_the_second_of_two_managers_saving_the_same_position_is_refused(client, directorate):
    d = directorate
    position = d.teammate.position
    url = edit_url("position", position)
    # Both open the form and read the same version.
    client.force_login(d.workforce_manager.user)
    assert f'name="version" value="{position.version}"' in client.get(url).text
    client.force_login(d.administrator.user)
    assert f'name="version" value="{position.version}"' in client.get(url).text
    # Walter saves first.
    client.force_login(d.workforce_manager.user)
    first = client.post(url, position_entries(position, title="Senior Desk Officer (Tina)"))
    assert first.status_code == 302
    # Ada saves from the form she opened before.
    client.force_login(d.administrator.user)
    second = client.post(url, position_entries(position, title="Lead Desk Officer (Tina)"))
    assert second.status_code == 200
    page = second.text
    assert 'class="usa-alert usa-alert--error"' in page
    assert "Someone else (Walter Manager) changed this position" in page
    assert "Senior Desk Officer (Tina) <strong>(differs from your entry)</strong>" in page
    # Her entry is kept in the form, and nothing of it was written.
    assert 'value="Lead Desk Officer (Tina)"' in page
    assert Position.objects.get(pk=position.pk).title == "Senior Desk Officer (Tina)"


def test_after_reviewing_the_other_change_a_second_save_goes_through(client, directorate):
    d = directorate
    position = d.teammate.position
    url = edit_url("position", position)
    stale = position_entries(position, title="Lead Desk Officer (Tina)")
    client.force_login(d.workforce_manager.user)
    client.post(url, position_entries(position, title="Senior Desk Officer (Tina)"))
    client.force_login(d.administrator.user)
    page = client.post(url, stale).text
    assert f'name="version" value="{position.version + 1}"' in page
    again = client.post(url, {**stale, "version": position.version + 1})
    assert again.status_code == 302
    assert Position.objects.get(pk=position.pk).title == "Lead Desk Officer (Tina)"


def test_a_position_reporting_to_its_own_report_is_refused_on_that_field(client, directorate):
    d = directorate
    lead = d.alpha_lead.position
    client.force_login(d.workforce_manager.user)
    response = client.post(
        edit_url("position", lead), position_entries(lead, reports_to=d.teammate.position.pk)
    )
    assert response.status_code == 200
    page = response.text
    assert "Reports to (the supervisor&#x27;s position): This would make the record its own" in page
    assert "usa-form-group--error" in page
    assert Position.objects.get(pk=lead.pk).reports_to_id == d.leader.position.pk


def test_walter_creates_a_position_from_the_page(client, directorate):
    d = directorate
    client.force_login(d.workforce_manager.user)
    response = client.post(
        reverse("workforce:position-create"),
        {
            "title": "Program Analyst",
            "role_type": d.role_type.pk,
            "org_unit": d.bravo.pk,
            "incumbent": "",
            "reports_to": d.bravo_lead.position.pk,
        },
    )
    created = Position.objects.get(title="Program Analyst")
    assert response.headers["Location"] == reverse("workforce:position-detail", args=[created.pk])
    assert created.path.startswith(d.bravo_lead.position.path)


def test_an_archived_person_leaves_the_directory_but_keeps_their_page(client, directorate):
    d = directorate
    tina = d.teammate
    client.force_login(d.workforce_manager.user)
    client.post(reverse("workforce:person-archive", args=[tina.pk]), {"version": tina.version})
    assert "Teammate, Tina" not in client.get(reverse("workforce:person-list")).text
    page = client.get(reverse("workforce:person-detail", args=[tina.pk]))
    assert page.status_code == 200
    assert "Archived" in page.text and ">Restore</button>" in page.text


def test_restoring_a_person_brings_them_back_to_the_directory(client, directorate):
    d = directorate
    tina = d.teammate
    client.force_login(d.workforce_manager.user)
    client.post(reverse("workforce:person-archive", args=[tina.pk]))
    client.post(reverse("workforce:person-restore", args=[tina.pk]))
    assert "Teammate, Tina" in client.get(reverse("workforce:person-list")).text


def test_nora_may_not_archive_anyone(client, directorate):
    d = directorate
    client.force_login(d.outsider.user)
    response = client.post(reverse("workforce:person-archive", args=[d.teammate.pk]))
    assert response.status_code == 403
    assert Person.objects.get(pk=d.teammate.pk).archived_at is None


def test_archiving_with_a_stale_version_is_refused(client, directorate):
    d = directorate
    tina = d.teammate
    client.force_login(d.workforce_manager.user)
    client.post(
        edit_url("person", tina),
        {"first_name": "Tina", "last_name": "Teammate", "version": tina.version},
    )
    response = client.post(
        reverse("workforce:person-archive", args=[tina.pk]), {"version": tina.version}, follow=True
    )
    assert "You changed this person" in response.text
    assert Person.objects.get(pk=tina.pk).archived_at is None


def requirement_levels(template):
    return dict(
        RoleRequirement.objects.filter(template=template).values_list("competency__code", "level")
    )


def test_the_template_form_lists_every_sub_competency(client, directorate):
    d = directorate
    template = d.role_type.templates.get()
    client.force_login(d.workforce_manager.user)
    page = client.get(reverse("workforce:template-requirements", args=[template.pk])).text
    assert page.count('<select name="level_') == 58


def test_the_template_form_saves_every_level_together(client, directorate):
    d = directorate
    template = d.role_type.templates.get()
    client.force_login(d.workforce_manager.user)
    response = client.post(
        reverse("workforce:template-requirements", args=[template.pk]),
        {"version": template.version, "level_1_A": "4", "level_2_B": "2", "level_4_C": "2"},
    )
    assert response.status_code == 302
    assert requirement_levels(template) == {"1.A": 4, "2.B": 2, "4.C": 2}


def test_the_template_form_refuses_a_level_off_the_scale_and_saves_nothing(client, directorate):
    d = directorate
    template = d.role_type.templates.get()
    client.force_login(d.workforce_manager.user)
    response = client.post(
        reverse("workforce:template-requirements", args=[template.pk]),
        {"version": template.version, "level_1_A": "5", "level_3_B": "8"},
    )
    assert response.status_code == 200
    assert "3.B: Level 8 is not on the scale" in response.text
    assert requirement_levels(template) == {"1.A": 3, "1.D": 4, "4.C": 2}


def test_nora_may_not_open_a_templates_levels(client, directorate):
    d = directorate
    template = d.role_type.templates.get()
    client.force_login(d.outsider.user)
    url = reverse("workforce:template-requirements", args=[template.pk])
    assert client.get(url).status_code == 403


def test_the_role_type_list_takes_a_fixed_number_of_queries(
    client, directorate, django_assert_max_num_queries
):
    d = directorate
    client.force_login(d.workforce_manager.user)
    client.get(reverse("workforce:roletype-list"))  # warm the session and the user
    RoleTypeFactory.create_batch(10)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("workforce:roletype-list")).text
    assert "Country desk officer" in page
