"""Nobody changes or removes an audit entry: not the model, the queryset, the admin or the API."""

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from seccoop.core.api_auth import issue_token
from seccoop.core.models import AuditAction, AuditEntry, AuditLogIsAppendOnly
from tests.factories import PASSWORD


@pytest.fixture
def entry(db):
    return AuditEntry.objects.create(
        action=AuditAction.SIGN_IN, actor_username="tina", ip_address="10.0.0.5"
    )


def stored(entry) -> tuple:
    return AuditEntry.objects.filter(pk=entry.pk).values_list("actor_username", "action").get()


def test_an_entry_cannot_be_changed_through_the_model(entry):
    entry.actor_username = "someone-else"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    assert stored(entry) == ("tina", AuditAction.SIGN_IN)


def test_an_entry_cannot_be_deleted_through_the_model(entry):
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_entries_cannot_be_changed_through_the_queryset(entry):
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(actor_username="someone-else")
    entry.actor_username = "someone-else"
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.bulk_update([entry], ["actor_username"])
    assert stored(entry) == ("tina", AuditAction.SIGN_IN)


def test_entries_cannot_be_deleted_through_the_queryset(entry):
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_deleting_an_account_leaves_its_entries_whole(client, directorate):
    nora = directorate.outsider.user
    client.force_login(nora)
    nora.delete()
    assert AuditEntry.objects.filter(actor_username="nora", action=AuditAction.SIGN_IN).exists()


@pytest.fixture
def operator(db):
    user = get_user_model().objects.create_superuser("operator", "op@example.mil", PASSWORD)
    client = Client()
    client.force_login(user)
    return client


def admin_url(view, *args):
    return reverse(f"admin:core_auditentry_{view}", args=args)


def test_the_admin_lists_and_shows_entries(operator, entry):
    assert operator.get(admin_url("changelist")).status_code == 200
    response = operator.get(admin_url("change", entry.pk))
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()


def test_the_admin_cannot_change_an_entry(operator, entry):
    response = operator.post(
        admin_url("change", entry.pk), {"actor_username": "someone-else", "action": "sign-out"}
    )
    assert response.status_code == 403
    assert stored(entry) == ("tina", AuditAction.SIGN_IN)


def test_the_admin_cannot_delete_an_entry(operator, entry):
    assert operator.post(admin_url("delete", entry.pk), {"post": "yes"}).status_code == 403
    response = operator.post(
        admin_url("changelist"), {"action": "delete_selected", "_selected_action": [entry.pk]}
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert response.status_code in (200, 302)


def test_the_admin_cannot_add_an_entry(operator):
    assert operator.get(admin_url("add")).status_code == 403


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_offers_no_way_to_write_the_log(directorate, entry, method):
    _, secret = issue_token(user=directorate.administrator.user, name="tests", lifetime_days=1)
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    for url in ("/api/v1/audit", f"/api/v1/audit/{entry.pk}"):
        response = getattr(api, method)(url, {}, content_type="application/json")
        assert response.status_code in (404, 405), (method, url)
    assert stored(entry) == ("tina", AuditAction.SIGN_IN)


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The append-only trigger is created on PostgreSQL only; SQLite has no such functions.",
)


@postgresql_only
def test_raw_sql_cannot_change_an_entry_on_postgresql(entry):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE core_auditentry SET actor_username = 'someone-else' WHERE id = %s", [entry.pk]
        )
    assert stored(entry) == ("tina", AuditAction.SIGN_IN)


@postgresql_only
def test_raw_sql_cannot_delete_an_entry_on_postgresql(entry):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
