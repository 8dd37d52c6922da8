"""The upload page: for workforce managers and administrators, showing every problem found."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from seccoop.workforce.models import OrgUnit

UNITS = b"external_id,name,kind\nD-ACD,Armaments Cooperation Division,division\n"


def upload(client, content, *, kind="orgunits", name="units.csv"):
    return client.post(
        reverse("workforce:import"), {"kind": kind, "file": SimpleUploadedFile(name, content)}
    )


def test_someone_without_a_role_is_refused_the_upload_page(directorate, client):
    client.force_login(directorate.outsider.user)
    assert client.get(reverse("workforce:import")).status_code == 403


def test_someone_without_a_role_cannot_post_a_file(directorate, client):
    client.force_login(directorate.outsider.user)
    assert upload(client, UNITS).status_code == 403
    assert not OrgUnit.objects.filter(external_id="D-ACD").exists()


def test_a_supervisor_is_refused_the_upload_page(directorate, client):
    client.force_login(directorate.alpha_lead.user)
    assert client.get(reverse("workforce:import")).status_code == 403


def test_a_workforce_manager_imports_a_file(directorate, client):
    client.force_login(directorate.workforce_manager.user)
    response = upload(client, UNITS)
    assert response.status_code == 200
    assert "orgunits: 1 created, 0 updated, 0 unchanged." in response.content.decode()
    unit = OrgUnit.objects.get(external_id="D-ACD")
    assert unit.history.get().history_user == directorate.workforce_manager.user


def test_an_administrator_sees_the_upload_form(directorate, client):
    client.force_login(directorate.administrator.user)
    response = client.get(reverse("workforce:import"))
    assert response.status_code == 200
    assert b'<label class="usa-label" for="id_file">' in response.content


def test_every_problem_is_listed_in_an_alert_and_nothing_is_written(directorate, client):
    client.force_login(directorate.workforce_manager.user)
    content = b"external_id,name,kind\nA,,team\nB,Bravo,platoon\n"
    response = upload(client, content)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="usa-alert usa-alert--error"' in page
    assert "row 2, column name: a value is required." in page
    assert "row 3, column kind: Value &#x27;platoon&#x27; is not a valid choice." in page
    assert not OrgUnit.objects.filter(external_id__in=["A", "B"]).exists()


def test_a_latin1_upload_is_refused_with_the_reason(directorate, client):
    client.force_login(directorate.workforce_manager.user)
    response = upload(client, "external_id,name\nX,Défense\n".encode("latin-1"))
    assert "the file is not UTF-8 text" in response.content.decode()
