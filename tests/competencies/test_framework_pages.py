"""The framework browser: list, framework, competency, search, export and import."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from seccoop.competencies.models import Framework
from seccoop.competencies.services import import_framework
from tests.competencies.packages import ITEM_TYPE_TEST, generated_package

pytestmark = pytest.mark.django_db

LIST = reverse("competencies:framework-list")
IMPORT = reverse("competencies:framework-import")
SEED = reverse("competencies:framework-detail", args=["dod-security-cooperation"])
EXPORT = reverse("competencies:framework-export", args=["dod-security-cooperation"])


@pytest.fixture
def staff(client, directorate):
    client.force_login(directorate.teammate.user)
    return client


def upload(client, content: bytes, name: str = "framework.json"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    "url",
    [
        LIST,
        SEED,
        reverse("competencies:competency-detail", args=["dod-security-cooperation", "1.A"]),
        EXPORT + "?format=case",
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, seed_framework, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_see_the_frameworks_with_their_item_counts(staff):
    response = staff.get(LIST)
    assert response.status_code == 200
    assert b"DoD Security Cooperation Competency Model" in response.content
    assert b'<td data-label="Items">67</td>' in response.content


def test_staff_do_not_see_the_import_form(staff):
    assert b"Import a framework" not in staff.get(LIST).content


def test_workforce_managers_see_the_import_form(client, directorate):
    client.force_login(directorate.workforce_manager.user)
    assert b"Import a framework" in client.get(LIST).content


def test_the_framework_page_shows_the_scale_with_descriptors(staff):
    content = staff.get(SEED).content.decode()
    assert "OPM proficiency levels" in content
    assert "Applies the competency independently in difficult situations" in content


def test_the_framework_page_shows_competencies_with_their_sub_competencies(staff, seed_framework):
    content = staff.get(SEED).content.decode()
    assert "4.0 Sales and Transfers" in content
    statement = seed_framework.competencies.get(code="4.C").description
    assert statement in content
    assert content.index("4.0 Sales and Transfers") < content.index(statement)


def test_a_search_shows_only_matching_items(staff):
    response = staff.get(SEED, {"q": "end-use"})
    content = response.content.decode()
    assert "match your search" in content
    assert "Sales and Transfers</a>" not in content
    assert "End-Use" in content or "end-use" in content


def test_a_search_from_htmx_returns_only_the_results(staff):
    response = staff.get(SEED, {"q": "4.C"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "<h1>" not in content
    assert "1 item matches your search" in content
    assert ">4.C</a>" in content


def test_a_search_without_htmx_returns_the_whole_page(staff):
    content = staff.get(SEED, {"q": "4.C"}).content.decode()
    assert "<h1>DoD Security Cooperation Competency Model</h1>" in content
    assert "1 item matches your search" in content


def test_the_competency_page_shows_the_statement_and_children(staff, seed_framework):
    url = reverse("competencies:competency-detail", args=["dod-security-cooperation", "4.0"])
    content = staff.get(url).content.decode()
    assert "<h1>4.0 Sales and Transfers</h1>" in content
    assert seed_framework.competencies.get(code="4.0").description in content
    assert seed_framework.competencies.get(code="4.C").description in content


def test_an_unknown_competency_is_not_found(staff):
    url = reverse("competencies:competency-detail", args=["dod-security-cooperation", "99.Z"])
    assert staff.get(url).status_code == 404


def test_staff_download_the_case_export(staff):
    response = staff.get(EXPORT, {"format": "case"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert 'filename="dod-security-cooperation.case.json"' in response["Content-Disposition"]
    assert len(json.loads(response.content)["CFItems"]) == 67


def test_staff_download_the_moodle_export(staff):
    response = staff.get(EXPORT, {"format": "moodle-csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"Parent ID number,ID number")


def test_an_unknown_export_format_is_refused(staff):
    response = staff.get(EXPORT, {"format": "xml"})
    assert response.status_code == 400
    assert b"case, moodle-csv" in response.content


def test_staff_cannot_import(staff):
    assert upload(staff, ITEM_TYPE_TEST.read_bytes()).status_code == 403
    assert Framework.objects.count() == 1


@pytest.mark.parametrize("persona", ["workforce_manager", "administrator"])
def test_administrators_and_workforce_managers_import_a_framework(client, directorate, persona):
    client.force_login(getattr(directorate, persona).user)
    response = upload(client, ITEM_TYPE_TEST.read_bytes())
    assert response.status_code == 302
    assert response["Location"] == reverse("competencies:framework-detail", args=["item-type-test"])
    page = client.get(response["Location"]).content.decode()
    assert "Imported Item Type Test as item-type-test." in page


def test_an_import_error_lists_every_message(client, directorate):
    client.force_login(directorate.administrator.user)
    response = upload(client, b'{"CFDocument": {"title": "No identifier"}}')
    content = response.content.decode()
    assert response.status_code == 400
    assert "The file was not imported" in content
    assert "$.CFDocument: &#x27;identifier&#x27; is a required property" in content
    assert "$.CFDocument: &#x27;creator&#x27; is a required property" in content
    assert Framework.objects.count() == 1


def test_importing_needs_a_post(client, directorate):
    client.force_login(directorate.administrator.user)
    assert client.get(IMPORT).status_code == 405


def test_the_list_page_makes_a_fixed_number_of_queries(staff, django_assert_max_num_queries):
    import_framework(content=generated_package(300, title="Another"))
    with django_assert_max_num_queries(7):
        staff.get(LIST)


def test_the_framework_page_makes_a_fixed_number_of_queries(staff, django_assert_max_num_queries):
    framework = import_framework(content=generated_package(500, title="Big")).framework
    url = reverse("competencies:framework-detail", args=[framework.slug])
    with django_assert_max_num_queries(9):
        assert staff.get(url).status_code == 200


def test_a_search_makes_a_fixed_number_of_queries(staff, django_assert_max_num_queries):
    framework = import_framework(content=generated_package(500, title="Big")).framework
    url = reverse("competencies:framework-detail", args=[framework.slug])
    with django_assert_max_num_queries(9):
        response = staff.get(url, {"q": "Statement"})
    assert b"500 items match your search" in response.content


def test_the_competency_page_makes_a_fixed_number_of_queries(staff, django_assert_max_num_queries):
    url = reverse("competencies:competency-detail", args=["dod-security-cooperation", "4.0"])
    with django_assert_max_num_queries(8):
        staff.get(url)
