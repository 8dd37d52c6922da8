"""A case hidden from a user answers 404 on its page and in the API, and the probe is audited.

The answer is the same as for a case that does not exist, so it does not
tell the user the case exists; the audit log still records who asked for
which case.
"""

import pytest
from django.test import Client
from django.urls import reverse

from seccoop.core.models import AuditAction, AuditEntry
from tests.clients import token_client as api_client
from tests.programs.cases_fixtures import *  # noqa: F403 (the case fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def japanese_case(new_case, staff):
    return new_case(staff.japan_desk_officer, country=staff.japan, identifier="JA-D-HID")


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def probes():
    return AuditEntry.objects.filter(action=AuditAction.REFUSED)


def test_a_desk_officer_asking_for_another_desks_case_page_gets_404_and_is_audited(
    japanese_case, staff
):
    url = reverse("programs:case-detail", args=[japanese_case.pk])

    response = signed_in(staff.desk_officer).get(url)

    assert response.status_code == 404
    entry = probes().get()
    assert (entry.actor, entry.model, entry.object_id, entry.path) == (
        staff.desk_officer.user,
        "programs.case",
        str(japanese_case.pk),
        url,
    )


def test_a_desk_officer_asking_the_api_for_another_desks_case_gets_404_and_is_audited(
    japanese_case, staff
):
    response = api_client(staff.desk_officer).get(f"/api/v1/cases/{japanese_case.pk}")

    assert response.status_code == 404
    entry = probes().get()
    assert (entry.actor, entry.model, entry.object_id) == (
        staff.desk_officer.user,
        "programs.case",
        str(japanese_case.pk),
    )


def test_a_hidden_case_and_a_missing_one_get_the_same_answer(japanese_case, staff):
    client = api_client(staff.desk_officer)

    hidden = client.get(f"/api/v1/cases/{japanese_case.pk}")
    missing = client.get(f"/api/v1/cases/{japanese_case.pk + 1000}")

    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())


def test_asking_for_a_case_that_does_not_exist_is_not_audited_as_a_probe(japanese_case, staff):
    response = signed_in(staff.desk_officer).get(
        reverse("programs:case-detail", args=[japanese_case.pk + 1000])
    )

    assert response.status_code == 404
    assert not probes().exists()


def test_an_edit_of_a_hidden_case_answers_404_and_writes_nothing(japanese_case, staff):
    response = api_client(staff.desk_officer).patch(
        f"/api/v1/cases/{japanese_case.pk}",
        {"version": japanese_case.version, "title": "Taken over"},
        content_type="application/json",
    )

    assert response.status_code == 404
    japanese_case.refresh_from_db()
    assert (japanese_case.title, japanese_case.version) == (
        "Maritime patrol aircraft sustainment",
        1,
    )
    assert probes().get().object_id == str(japanese_case.pk)
