"""Each kind of event leaves exactly one audit entry naming who, what, when and from where."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from seccoop.core.api_auth import issue_token
from seccoop.core.models import AuditAction, AuditEntry
from seccoop.workforce.models import OrgUnit, Person
from tests.factories import PASSWORD

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"
UNITS = (
    b"external_id,name,kind\nD-ACD,Armaments Cooperation Division,division\nD-T1,Team One,team\n"
)


def only(action) -> AuditEntry:
    [entry] = AuditEntry.objects.filter(action=action)
    return entry


def sign_in(client, username, password):
    return client.post(
        reverse("login"),
        {"username": username, "password": password, "consent": "on"},
        HTTP_USER_AGENT=BROWSER,
    )


def test_a_sign_in_is_recorded_with_the_address_and_browser(client, directorate):
    sign_in(client, "tina", PASSWORD)
    entry = only(AuditAction.SIGN_IN)
    assert entry.actor == directorate.teammate.user
    assert entry.actor_username == "tina"
    assert entry.ip_address == "127.0.0.1"
    assert entry.user_agent == BROWSER


def test_a_failed_sign_in_is_recorded_once_with_the_name_typed(client, directorate, settings):
    # With the lockout on, django-axes sees the failure too: it must still count once.
    settings.AXES_ENABLED = True
    sign_in(client, "tina", "not her password")
    entry = only(AuditAction.SIGN_IN_FAILED)
    assert entry.actor is None
    assert entry.actor_username == "tina"
    assert entry.ip_address == "127.0.0.1"
    assert entry.detail == "Wrong user name or password."
    assert not AuditEntry.objects.filter(action=AuditAction.SIGN_IN).exists()


def test_a_sign_out_is_recorded(client, directorate):
    client.force_login(directorate.teammate.user)
    client.post(reverse("logout"))
    assert only(AuditAction.SIGN_OUT).actor == directorate.teammate.user


def test_the_client_address_comes_from_the_proxy_header_only_when_it_is_trusted(
    client, directorate, settings
):
    forwarded = {"HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.9"}
    client.post(reverse("login"), {"username": "tina", "password": "x"}, **forwarded)
    settings.SECCOOP_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    client.post(reverse("login"), {"username": "uma", "password": "x"}, **forwarded)
    addresses = dict(
        AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED).values_list(
            "actor_username", "ip_address"
        )
    )
    # Untrusted, the header is ignored; trusted, its last hop (the proxy's own view) counts.
    assert addresses == {"tina": "127.0.0.1", "uma": "203.0.113.9"}


def test_a_refused_page_is_recorded_with_the_reason(client, directorate):
    client.force_login(directorate.outsider.user)
    assert client.get(reverse("workforce:import"), HTTP_USER_AGENT=BROWSER).status_code == 403
    entry = only(AuditAction.REFUSED)
    assert entry.actor == directorate.outsider.user
    assert (entry.method, entry.path) == ("GET", reverse("workforce:import"))
    assert entry.detail == "Only workforce managers and administrators may import workforce data."
    assert entry.ip_address == "127.0.0.1"
    assert entry.user_agent == BROWSER


def test_a_refused_api_call_is_recorded_with_the_reason(directorate):
    d = directorate
    _, secret = issue_token(user=d.alpha_lead.user, name="tests", lifetime_days=1)
    response = Client(headers={"Authorization": f"Bearer {secret}"}).post(
        "/api/v1/ratings",
        {"person": d.bravo_member.pk, "code": "1.A", "level": 3, "source": "supervisor"},
        content_type="application/json",
    )
    assert response.status_code == 403
    entry = only(AuditAction.REFUSED)
    assert entry.actor == d.alpha_lead.user
    assert (entry.method, entry.path) == ("POST", "/api/v1/ratings")
    assert entry.detail == response.json()["detail"]
    assert entry.ip_address == "127.0.0.1"


def test_an_ordinary_page_writes_nothing_to_the_log(client, directorate):
    client.force_login(directorate.teammate.user)
    before = AuditEntry.objects.count()
    assert client.get(reverse("workforce:person-list")).status_code == 200
    assert AuditEntry.objects.count() == before


def test_an_import_is_recorded_with_its_file_and_row_count(client, directorate):
    walter = directorate.workforce_manager.user
    client.force_login(walter)
    client.post(
        reverse("workforce:import"),
        {"kind": "orgunits", "file": SimpleUploadedFile("units.csv", UNITS)},
    )
    entry = only(AuditAction.IMPORT)
    assert entry.actor == walter
    assert entry.ip_address == "127.0.0.1"
    assert (entry.kind, entry.file_format, entry.row_count, entry.file_name) == (
        "orgunits",
        "csv",
        2,
        "units.csv",
    )
    assert entry.detail == "orgunits: 2 created, 0 updated, 0 unchanged."


def test_a_refused_import_file_leaves_no_import_entry(client, directorate):
    client.force_login(directorate.workforce_manager.user)
    bad = b"external_id,name,kind\nD-ACD,,division\n"
    client.post(
        reverse("workforce:import"),
        {"kind": "orgunits", "file": SimpleUploadedFile("units.csv", bad)},
    )
    assert not AuditEntry.objects.filter(action=AuditAction.IMPORT).exists()


def test_an_export_is_recorded_with_its_file_and_row_count(client, directorate):
    ada = directorate.administrator.user
    client.force_login(ada)
    response = client.get(reverse("workforce:export"), {"kind": "people", "format": "xlsx"})
    assert response.status_code == 200
    entry = only(AuditAction.EXPORT)
    assert entry.actor == ada
    assert entry.ip_address == "127.0.0.1"
    assert (entry.kind, entry.file_format, entry.row_count, entry.file_name) == (
        "people",
        "xlsx",
        Person.objects.active().count(),
        "people.xlsx",
    )


def test_an_export_at_the_command_line_is_recorded_as_the_system(directorate):
    call_command("export-data", "orgunits", stdout=io.StringIO())
    entry = only(AuditAction.EXPORT)
    assert (entry.actor, entry.actor_username, entry.ip_address) == (None, "", None)
    assert (entry.kind, entry.row_count) == ("orgunits", OrgUnit.objects.active().count())


def test_a_framework_export_is_recorded(client, directorate):
    client.force_login(directorate.teammate.user)
    response = client.get(
        reverse("competencies:framework-export", args=["dod-security-cooperation"]),
        {"format": "moodle-csv"},
    )
    assert response.status_code == 200
    entry = only(AuditAction.EXPORT)
    assert entry.actor == directorate.teammate.user
    assert (entry.model, entry.kind, entry.file_format, entry.row_count) == (
        "competencies.framework",
        "framework",
        "moodle-csv",
        9 + 58,
    )


@pytest.fixture
def operator(client, directorate):
    get_user_model().objects.create_superuser("operator", "operator@example.mil", PASSWORD)
    client.login(username="operator", password=PASSWORD)
    return client


def person_form(person, **changes):
    return {
        "external_id": person.external_id or "",
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "grade": person.grade,
        "org_unit": person.org_unit_id or "",
        "user": person.user_id or "",
        **changes,
    }


def test_a_person_edit_is_recorded_with_the_old_and_new_values(operator, directorate):
    tina = directorate.teammate
    url = reverse("admin:workforce_person_change", args=[tina.pk])
    response = operator.post(url, person_form(tina, grade="GS-13"), HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    entry = only(AuditAction.UPDATE)
    assert entry.actor_username == "operator"
    assert entry.ip_address == "127.0.0.1"
    assert entry.user_agent == BROWSER
    assert (entry.model, entry.object_id, entry.object_label) == (
        "workforce.person",
        str(tina.pk),
        "Tina Teammate",
    )
    assert entry.changes == {"grade": {"old": tina.grade, "new": "GS-13"}}


def test_a_new_record_is_recorded_as_created_with_its_values(operator, directorate):
    OrgUnit.objects.create(name="Charlie Team", parent=directorate.division)
    entry = AuditEntry.objects.filter(action=AuditAction.CREATE).first()
    assert (entry.model, entry.object_label) == ("workforce.orgunit", "Charlie Team")
    assert entry.changes["name"] == {"old": None, "new": "Charlie Team"}
    assert entry.changes["parent"] == {"old": None, "new": directorate.division.pk}


def test_archiving_and_restoring_are_recorded_as_such(operator, directorate):
    tina = directorate.teammate
    archive = reverse("admin:workforce_person_changelist")
    for action in ("archive_selected", "restore_selected"):
        operator.post(archive, {"action": action, "_selected_action": [tina.pk]})
    assert list(
        AuditEntry.objects.filter(object_id=str(tina.pk), model="workforce.person")
        .order_by("at", "pk")
        .values_list("action", "actor_username")
    )[-2:] == [(AuditAction.ARCHIVE, "operator"), (AuditAction.RESTORE, "operator")]


def test_a_change_that_is_rolled_back_leaves_no_entry(directorate):
    from django.db import transaction

    tina = directorate.teammate
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        tina.grade = "GS-15"
        tina.save()
        raise RuntimeError("the rest of the operation failed")
    assert AuditEntry.objects.count() == before
