"""Import and export of disclosure requests and end-use items: all or nothing, by row and column,
and only the rows the user may see."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from seccoop.controls.exports import export_table
from seccoop.controls.models import DisclosureRequest, EndUseItem
from seccoop.core import exports as sheets

REQUESTS = (
    "external_id,title,category,countries,submitted_on,case,visit_description\n"
    "DR-A,Radar interface data,3,FR;JP,2026-05-01,FR-D-QAA,\n"
    "DR-B,Briefing at the lab,1,JP,2026-05-02,,Japanese delegation visit\n"
)


def upload(client, kind, text, name="file.csv"):
    return client.post(
        reverse("controls:import"),
        {"kind": kind, "file": SimpleUploadedFile(name, text.encode())},
    )


def test_a_specialist_imports_disclosure_requests(client, controls, dana):
    client.force_login(dana)
    response = upload(client, "disclosure-requests", REQUESTS)
    assert response.status_code == 200
    first = DisclosureRequest.objects.get(external_id="DR-A")
    assert sorted(first.countries.values_list("iso_code", flat=True)) == ["FR", "JP"]
    assert first.case == controls.case
    assert first.history.count() == 1


def test_a_file_with_one_bad_row_writes_nothing_and_names_row_and_column(client, controls, dana):
    client.force_login(dana)
    bad = REQUESTS + "DR-C,No purpose,9,XX,2026-13-01,,\n"
    response = upload(client, "disclosure-requests", bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "row 4, column category" in page
    assert "row 4, column countries: no country with the ISO code “XX” exists." in page
    assert "row 4, column submitted_on" in page
    assert not DisclosureRequest.objects.exists()


def test_importing_the_same_file_twice_changes_nothing(client, controls, dana):
    client.force_login(dana)
    upload(client, "disclosure-requests", REQUESTS)
    response = upload(client, "disclosure-requests", REQUESTS)
    assert "0 created, 0 updated, 2 unchanged" in response.content.decode()


def test_an_export_imports_back_unchanged(client, controls, dana):
    client.force_login(dana)
    upload(client, "disclosure-requests", REQUESTS)
    exported = sheets.render(export_table("disclosure-requests", user=dana), "csv")
    response = upload(client, "disclosure-requests", exported.decode("utf-8-sig"))
    assert "0 created, 0 updated, 2 unchanged" in response.content.decode()


def test_a_row_may_not_change_a_request_state(client, controls, dana):
    client.force_login(dana)
    text = REQUESTS.replace("visit_description\n", "visit_description,state\n", 1)
    text = text.replace("FR-D-QAA,\n", "FR-D-QAA,,approved\n")
    response = upload(client, "disclosure-requests", text)
    assert "column state: the state is “submitted”" in response.content.decode()


def test_a_specialist_imports_end_use_items_and_refuses_a_duplicate_serial(client, controls, dana):
    client.force_login(dana)
    text = (
        "external_id,case,case_line,article,description,monitoring,serial_number,arrived_on\n"
        "EU-1,FR-D-QAA,1,Night vision goggles,Night vision goggles,enhanced,NV-1,2026-01-10\n"
        "EU-2,FR-D-QAA,1,Night vision goggles,Night vision goggles,enhanced,NV-1,2026-01-10\n"
        "EU-3,FR-D-QAA,7,,Rifle scopes,routine,,\n"
    )
    response = upload(client, "end-use-items", text)
    page = response.content.decode()
    assert "row 3, column serial_number: serial number NV-1 is already recorded" in page
    assert "row 4, column case_line: case FR-D-QAA has no line 7." in page
    assert not EndUseItem.objects.exists()


def test_an_imported_item_typed_enhanced_without_a_designation_is_refused(client, controls, dana):
    client.force_login(dana)
    text = (
        "external_id,case,case_line,description,monitoring,serial_number\n"
        "EU-9,FR-D-QAA,1,Rifle scopes,enhanced,RS-1\n"
    )
    page = upload(client, "end-use-items", text).content.decode()
    assert "row 2, column monitoring: “enhanced” disagrees with the designations" in page
    assert not EndUseItem.objects.exists()


def test_a_desk_officer_may_neither_import_nor_export(client, controls, directorate):
    client.force_login(directorate.teammate.user)
    assert upload(client, "end-use-items", "external_id\n").status_code == 403
    url = reverse("controls:export") + "?kind=disclosure-requests&format=csv"
    assert client.get(url).status_code == 403


def test_an_export_holds_only_the_records_the_user_may_see(client, one_of_each, dana, directorate):
    from seccoop.partners.services import assign

    assign(user=dana, record=one_of_each["EndUseItem"], person=directorate.teammate, role="monitor")
    client.force_login(directorate.teammate.user)
    items = client.get(reverse("controls:export") + "?kind=end-use-items&format=xlsx")
    assert items.status_code == 200
    requests = client.get(reverse("controls:export") + "?kind=disclosure-requests&format=csv")
    rows = io.StringIO(requests.content.decode("utf-8-sig")).read().strip().splitlines()
    assert len(rows) == 1  # the header: the request is not hers to see
