"""Large imports and exports run as background jobs with a page that follows them.

These tests run each job inside the request (the immediate task backend);
tests/workforce/test_transfer_workers.py runs them on real workers.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from seccoop.core.models import TransferJob
from seccoop.core.tasks import start_import
from seccoop.workforce.models import OrgUnit

UNITS = b"external_id,name,kind\nD-ACD,Armaments Cooperation Division,division\n"


@pytest.fixture
def jobs_in_the_request(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Every upload counts as large, so every import goes to the background.
    settings.SECCOOP_BACKGROUND_IMPORT_BYTES = 0


@pytest.fixture
def jobs_waiting(settings):
    # Queued in the database with no worker running: the job stays waiting.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SECCOOP_BACKGROUND_IMPORT_BYTES = 0


def upload(client, content, *, kind="orgunits", name="units.csv"):
    return client.post(
        reverse("workforce:import"), {"kind": kind, "file": SimpleUploadedFile(name, content)}
    )


def test_a_large_upload_redirects_to_its_job_page(directorate, client, jobs_in_the_request):
    client.force_login(directorate.workforce_manager.user)
    response = upload(client, UNITS)
    job = TransferJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("job", args=[job.pk])


def test_the_job_page_shows_the_result_of_a_finished_import(
    directorate, client, jobs_in_the_request
):
    client.force_login(directorate.workforce_manager.user)
    page = client.get(upload(client, UNITS)["Location"]).content.decode()
    assert "orgunits: 1 created, 0 updated, 0 unchanged." in page
    assert 'class="usa-alert usa-alert--success"' in page
    unit = OrgUnit.objects.get(external_id="D-ACD")
    assert unit.history.get().history_user == directorate.workforce_manager.user


def test_the_job_page_lists_every_problem_and_nothing_is_written(
    directorate, client, jobs_in_the_request
):
    client.force_login(directorate.workforce_manager.user)
    content = b"external_id,name,kind\nA,,team\nB,Bravo,platoon\n"
    page = client.get(upload(client, content)["Location"]).content.decode()
    assert 'class="usa-alert usa-alert--error"' in page
    assert "row 2, column name: a value is required." in page
    assert "row 3, column kind: Value &#x27;platoon&#x27; is not a valid choice." in page
    assert not OrgUnit.objects.filter(external_id__in=["A", "B"]).exists()


def test_the_uploaded_file_is_not_kept_once_imported(directorate, client, jobs_in_the_request):
    client.force_login(directorate.workforce_manager.user)
    upload(client, UNITS)
    assert bytes(TransferJob.objects.get().content) == b""


def test_a_small_upload_is_still_imported_at_once(directorate, client, settings):
    settings.SECCOOP_BACKGROUND_IMPORT_BYTES = 1024 * 1024
    client.force_login(directorate.workforce_manager.user)
    response = upload(client, UNITS)
    assert response.status_code == 200
    assert "orgunits: 1 created" in response.content.decode()
    assert not TransferJob.objects.exists()


def test_a_waiting_job_polls_for_its_progress_every_second(directorate, client, jobs_waiting):
    client.force_login(directorate.workforce_manager.user)
    page = client.get(upload(client, UNITS)["Location"]).content.decode()
    assert "Waiting for a background worker to take the job." in page
    assert 'hx-trigger="every 1s"' in page
    assert "<progress" in page
    assert not OrgUnit.objects.filter(external_id="D-ACD").exists()


def test_polling_returns_the_status_alone(directorate, client, jobs_waiting):
    client.force_login(directorate.workforce_manager.user)
    location = upload(client, UNITS)["Location"]
    fragment = client.get(location, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="job-status"')
    assert "<h1>" not in fragment


def test_a_finished_job_stops_polling(directorate, client, jobs_in_the_request):
    client.force_login(directorate.workforce_manager.user)
    location = upload(client, UNITS)["Location"]
    fragment = client.get(location, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment


def test_someone_else_cannot_see_a_job(directorate, client, jobs_waiting):
    client.force_login(directorate.workforce_manager.user)
    location = upload(client, UNITS)["Location"]
    client.force_login(directorate.teammate.user)
    assert client.get(location).status_code == 404


def test_someone_without_a_role_cannot_start_an_import(directorate, jobs_in_the_request):
    upload = SimpleUploadedFile("units.csv", UNITS)
    with pytest.raises(PermissionDenied, match="Only workforce managers and administrators"):
        start_import(user=directorate.outsider.user, kind="orgunits", upload=upload)
    assert not TransferJob.objects.exists()


def test_a_background_export_offers_its_file_for_download(directorate, client, jobs_in_the_request):
    client.force_login(directorate.workforce_manager.user)
    response = client.post(reverse("workforce:export"), {"kind": "orgunits", "format": "csv"})
    job = TransferJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "3 rows exported." in page
    download = client.get(reverse("job-download", args=[job.pk]))
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("external_id,name")
    assert len(lines) == 4


def test_the_command_line_import_shows_its_progress_on_stderr(directorate, tmp_path, capsys):
    rows = "\n".join(f"U-{n},Unit {n},team" for n in range(1200))
    path = tmp_path / "units.csv"
    path.write_text(f"external_id,name,kind\n{rows}\n")
    call_command("import-data", "orgunits", str(path))
    err = capsys.readouterr().err
    assert "checked 500 of 1,200 rows" in err
    assert "Checked all 1,200 rows; writing them." in err
