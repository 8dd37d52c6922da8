"""Reading the audit log: administrators and auditors only, on the page, in exports and the API."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from seccoop.core.models import AuditAction, AuditEntry
from seccoop.core.permissions import Role
from tests.clients import token_client as api_client
from tests.factories import UserFactory


@pytest.fixture
def auditor(directorate):
    return UserFactory(
        username="audrey", first_name="Audrey", last_name="Auditor", roles=[Role.AUDITOR]
    )


@pytest.fixture
def log(directorate):
    """A few entries besides those the directorate's creation wrote."""
    for username, action in [("tina", AuditAction.SIGN_IN), ("bob", AuditAction.SIGN_IN_FAILED)]:
        AuditEntry.objects.create(action=action, actor_username=username, ip_address="10.0.0.5")
    AuditEntry.objects.create(
        action=AuditAction.EXPORT,
        actor_username="walter",
        kind="people",
        file_format="csv",
        row_count=12,
        file_name="people.csv",
    )
    AuditEntry.objects.create(action=AuditAction.SIGN_IN, actor_username="lee")
    # Entries cannot be edited, so an old one is created with its date.
    AuditEntry.objects.create(
        action=AuditAction.SIGN_OUT,
        actor_username="sue",
        at=timezone.now() - datetime.timedelta(days=30),
    )


def page_as(client, user, **params):
    client.force_login(user)
    return client.get(reverse("audit-list"), params)


@pytest.mark.parametrize("persona", ["outsider", "alpha_lead"])
def test_nora_and_sam_are_refused_the_audit_page(client, directorate, persona):
    assert page_as(client, getattr(directorate, persona).user).status_code == 403


@pytest.mark.parametrize("persona", ["outsider", "alpha_lead"])
def test_nora_and_sam_are_refused_the_audit_export(client, directorate, persona):
    client.force_login(getattr(directorate, persona).user)
    assert client.get(reverse("audit-export"), {"format": "csv"}).status_code == 403


@pytest.mark.parametrize("persona", ["outsider", "alpha_lead"])
def test_nora_and_sam_are_refused_the_audit_api(directorate, persona):
    response = api_client(getattr(directorate, persona).user).get("/api/v1/audit")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only administrators and auditors may read the audit log."


def test_ada_reads_the_audit_log(client, directorate, log):
    response = page_as(client, directorate.administrator.user)
    assert response.status_code == 200
    assert "people.csv" in response.content.decode()


def test_an_auditor_filters_by_action(client, auditor, log):
    response = page_as(client, auditor, action=AuditAction.SIGN_IN_FAILED)
    page = response.context["page"]
    assert [entry.actor_username for entry in page] == ["bob"]


def test_an_auditor_filters_by_user_and_date_range(client, auditor, log):
    month_ago = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    response = page_as(client, auditor, actor="SUE", since=month_ago, until=month_ago)
    assert [entry.action for entry in response.context["page"]] == [AuditAction.SIGN_OUT]
    today = timezone.localdate().isoformat()
    response = page_as(client, auditor, actor="sue", since=today)
    assert list(response.context["page"]) == []


def test_an_auditor_filters_by_kind_of_record_and_text(client, auditor, directorate, log):
    response = page_as(client, auditor, model="workforce.person", q="Tina")
    entries = list(response.context["page"])
    assert entries
    assert {(entry.model, entry.object_label) for entry in entries} == {
        ("workforce.person", "Tina Teammate")
    }


def test_the_audit_page_shows_newest_first_and_the_count(client, auditor, log):
    response = page_as(client, auditor)
    ats = [entry.at for entry in response.context["page"]]
    assert ats == sorted(ats, reverse=True)
    count = AuditEntry.objects.count()
    assert f"{count} entries, newest first" in response.content.decode()


@pytest.mark.parametrize("extra", [0, 120])
def test_the_audit_page_makes_a_fixed_number_of_queries(
    client, auditor, log, django_assert_max_num_queries, extra
):
    AuditEntry.objects.bulk_create(
        AuditEntry(action=AuditAction.SIGN_IN, actor_username=f"user{n}") for n in range(extra)
    )
    client.force_login(auditor)
    # The session, the user and roles, the count, the page; then the idle timer is saved.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("audit-list"), {"page": 2})
    assert response.status_code == 200


def test_the_nav_offers_the_audit_log_to_auditors_only(client, directorate, auditor):
    client.force_login(auditor)
    assert 'href="/audit/"' in client.get(reverse("api-token-list")).content.decode()
    client.force_login(directorate.teammate.user)
    assert 'href="/audit/"' not in client.get(reverse("api-token-list")).content.decode()


def test_an_auditor_exports_the_filtered_log_as_csv(client, auditor, log):
    client.force_login(auditor)
    response = client.get(
        reverse("audit-export"), {"format": "csv", "action": AuditAction.SIGN_IN_FAILED}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="audit-log.csv"'
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("at,action,user,ip_address")
    assert len(lines) == 2
    assert ",sign-in-failed,bob,10.0.0.5," in lines[1]


def test_an_administrator_exports_the_log_as_a_workbook(client, directorate, log):
    client.force_login(directorate.administrator.user)
    response = client.get(reverse("audit-export"), {"format": "xlsx", "actor": "walter"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1:3] == ("export", "walter")


def test_exporting_the_audit_log_is_itself_audited(client, auditor, log):
    client.force_login(auditor)
    sign_ins = AuditEntry.objects.filter(action=AuditAction.SIGN_IN).count()
    client.get(reverse("audit-export"), {"format": "csv", "action": AuditAction.SIGN_IN})
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT, kind="audit-log").get()
    assert entry.actor == auditor
    assert (entry.file_format, entry.row_count, entry.file_name) == (
        "csv",
        sign_ins,
        "audit-log.csv",
    )
    assert entry.ip_address == "127.0.0.1"


def test_an_auditor_reads_the_log_through_the_api_with_the_same_filters(auditor, log):
    response = api_client(auditor).get("/api/v1/audit", {"action": "export", "actor": "walter"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [entry] = body["items"]
    assert entry["actor"] == "walter"
    assert (entry["kind"], entry["row_count"], entry["file_name"]) == ("people", 12, "people.csv")


def test_ada_reads_the_log_through_the_api(directorate, log):
    response = api_client(directorate.administrator.user).get("/api/v1/audit")
    assert response.status_code == 200
    assert response.json()["count"] == AuditEntry.objects.count()


def test_a_bad_filter_value_in_the_api_is_a_422_naming_it(auditor):
    response = api_client(auditor).get("/api/v1/audit", {"action": "shredded"})
    assert response.status_code == 422
    assert "action" in response.json()["errors"]


def test_an_auditor_reads_the_entries_of_one_record(client, auditor, directorate, log):
    tina = directorate.teammate
    response = page_as(client, auditor, model="workforce.person", object_id=str(tina.pk))
    entries = list(response.context["page"])
    assert entries
    assert {(entry.model, entry.object_id) for entry in entries} == {
        ("workforce.person", str(tina.pk))
    }


def test_a_date_range_that_ends_before_it_starts_is_named_and_not_applied(client, auditor, log):
    response = page_as(client, auditor, since="2026-03-10", until="2026-03-01")
    text = response.content.decode()
    assert "Some filters were not applied: To (date): 01 Mar 2026 is before the start" in text
    assert response.context["page"].paginator.count == AuditEntry.objects.count()


def test_a_date_range_that_ends_before_it_starts_is_a_422_in_the_api(auditor):
    response = api_client(auditor).get(
        "/api/v1/audit", {"since": "2026-03-10", "until": "2026-03-01"}
    )
    assert response.status_code == 422
    assert "until" in response.content.decode()


@pytest.mark.parametrize("extra", [0, 120])
def test_the_filtered_audit_page_makes_a_fixed_number_of_queries(
    client, auditor, log, django_assert_max_num_queries, extra
):
    AuditEntry.objects.bulk_create(
        AuditEntry(action=AuditAction.SIGN_IN, actor_username="tina") for _ in range(extra)
    )
    client.force_login(auditor)
    today = timezone.localdate()
    filters = {
        "actor": "tina",
        "action": AuditAction.SIGN_IN,
        "since": (today - datetime.timedelta(days=7)).isoformat(),
        "until": today.isoformat(),
        "page": 2,
    }
    with django_assert_max_num_queries(8):
        response = client.get(reverse("audit-list"), filters)
    assert response.status_code == 200
