"""Editing directory records through the services: history, permission, stale versions."""

import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection

from seccoop.core.history import change_history
from seccoop.core.services import (
    ConcurrentEditError,
    archive,
    create_record,
    restore,
    update_record,
)
from seccoop.workforce.models import OrgUnit, Person, Position, RoleRequirement
from seccoop.workforce.services import set_template_requirements


def test_walters_edit_of_a_person_is_in_the_history_with_walter_as_the_author(directorate):
    d = directorate
    tina = d.teammate
    update_record(
        user=d.workforce_manager.user,
        record=tina,
        changes={"grade": "GS-13"},
        expected_version=tina.version,
    )
    [latest, *_] = change_history(Person.objects.get(pk=tina.pk))
    assert latest.who == "Walter Manager"
    assert ("Grade", "—", "GS-13") in [(c.name.capitalize(), c.old, c.new) for c in latest.changes]


def test_an_edit_raises_the_version_by_one(directorate):
    d = directorate
    tina = d.teammate
    before = tina.version
    update_record(
        user=d.workforce_manager.user,
        record=tina,
        changes={"grade": "GS-13"},
        expected_version=before,
    )
    assert tina.version == before + 1
    assert Person.objects.get(pk=tina.pk).version == before + 1


def test_nora_may_not_edit_a_person(directorate):
    d = directorate
    with pytest.raises(PermissionDenied):
        update_record(
            user=d.outsider.user,
            record=d.teammate,
            changes={"grade": "GS-15"},
            expected_version=d.teammate.version,
        )
    assert Person.objects.get(pk=d.teammate.pk).grade == ""


def test_a_save_against_an_older_version_is_refused_naming_who_saved_since(directorate):
    d = directorate
    position = Position.objects.get(pk=d.teammate.position.pk)
    opened_at = position.version
    update_record(
        user=d.workforce_manager.user,
        record=position,
        changes={"title": "Senior Desk Officer"},
        expected_version=opened_at,
    )
    with pytest.raises(ConcurrentEditError) as refused:
        update_record(
            user=d.administrator.user,
            record=Position.objects.get(pk=position.pk),
            changes={"title": "Junior Desk Officer"},
            expected_version=opened_at,
        )
    assert "Someone else (Walter Manager) changed this position" in refused.value.messages[0]
    assert "Review their change and try again." in refused.value.messages[0]
    assert Position.objects.get(pk=position.pk).title == "Senior Desk Officer"


def test_a_position_cannot_report_to_one_of_its_own_reports(directorate):
    d = directorate
    lead = d.alpha_lead.position
    with pytest.raises(ValidationError) as refused:
        update_record(
            user=d.workforce_manager.user,
            record=lead,
            changes={"reports_to": d.teammate.position},
            expected_version=lead.version,
        )
    assert "reports_to" in refused.value.message_dict
    assert Position.objects.get(pk=lead.pk).reports_to_id == d.leader.position.pk


def test_an_edit_may_not_set_the_version_itself(directorate):
    d = directorate
    with pytest.raises(ValidationError) as refused:
        update_record(
            user=d.workforce_manager.user,
            record=d.teammate,
            changes={"version": 99},
            expected_version=d.teammate.version,
        )
    assert "version" in refused.value.message_dict


def test_walter_creates_an_org_unit_and_the_history_names_him(directorate):
    d = directorate
    unit = create_record(
        user=d.workforce_manager.user,
        model=OrgUnit,
        data={"name": "Charlie Team", "kind": "team", "parent": d.division},
    )
    assert unit.path == f"{d.division.path}{unit.pk}/"
    assert change_history(unit)[0].who == "Walter Manager"


def test_archiving_and_restoring_each_raise_the_version(directorate):
    d = directorate
    tina = d.teammate
    before = tina.version
    archive(user=d.workforce_manager.user, record=tina)
    restore(user=d.workforce_manager.user, record=tina)
    assert Person.objects.get(pk=tina.pk).version == before + 2
    assert [entry.kind for entry in change_history(tina)[:2]] == ["Restored", "Archived"]


def test_a_template_refuses_a_level_off_the_scale_naming_the_sub_competency(directorate):
    d = directorate
    template = d.role_type.templates.get()
    with pytest.raises(ValidationError) as refused:
        set_template_requirements(
            user=d.workforce_manager.user,
            template=template,
            levels={"1.A": 5, "2.B": 3, "4.C": 9},
            expected_version=template.version,
        )
    assert any(message.startswith("4.C:") for message in refused.value.messages)
    # All or nothing: 1.A kept its old level and 2.B was not added.
    assert dict(
        RoleRequirement.objects.filter(template=template).values_list("competency__code", "level")
    ) == {"1.A": 3, "1.D": 4, "4.C": 2}


def test_a_template_sets_changes_and_drops_levels_together(directorate):
    d = directorate
    template = d.role_type.templates.get()
    set_template_requirements(
        user=d.workforce_manager.user,
        template=template,
        levels={"1.A": 5, "2.B": 3, "1.D": None},
        expected_version=template.version,
    )
    assert dict(
        RoleRequirement.objects.filter(template=template).values_list("competency__code", "level")
    ) == {"1.A": 5, "2.B": 3}


# --- two saves at the same moment -------------------------------------------------


def _waiting_for_the_other_writer(call):
    """Run `call`, waiting while another connection writes, as a database file makes it wait.

    On a database file a second writer waits for the first (the busy timeout).
    The in-memory SQLite test database shares one cache between connections,
    where the second writer is told "table is locked" at once instead; trying
    again stands in for that wait. PostgreSQL waits on the row lock itself.
    """
    deadline = time.monotonic() + 30
    while True:
        try:
            return call()
        except OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_saves_of_the_same_version_cannot_both_succeed(directorate):
    d = directorate
    position = Position.objects.get(pk=d.teammate.position.pk)
    opened_at = position.version
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(person, title):
        try:
            start.wait()
            _waiting_for_the_other_writer(
                lambda: update_record(
                    user=person.user,
                    record=Position.objects.get(pk=position.pk),
                    changes={"title": title},
                    expected_version=opened_at,
                )
            )
            outcomes[title] = "saved"
        except ConcurrentEditError as exc:
            outcomes[title] = exc.messages[0]
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(d.workforce_manager, "Title by Walter")),
        threading.Thread(target=save, args=(d.administrator, "Title by Ada")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == 2
    [winner] = [title for title, outcome in outcomes.items() if outcome == "saved"]
    [refusal] = [outcome for outcome in outcomes.values() if outcome != "saved"]
    winner_name = "Walter Manager" if winner == "Title by Walter" else "Ada Administrator"
    assert f"Someone else ({winner_name}) changed this position" in refusal
    saved = Position.objects.get(pk=position.pk)
    assert (saved.title, saved.version) == (winner, opened_at + 1)
    assert saved.history.filter(title__startswith="Title by").count() == 1
