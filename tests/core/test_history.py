"""Every change to a domain record is kept with who, when and what; records are archived."""

import pytest
from django.core.exceptions import PermissionDenied

from seccoop.core.services import archive
from seccoop.workforce.models import Person


def test_a_change_to_a_person_is_kept_with_the_old_value(directorate):
    tina = directorate.teammate
    tina.grade = "GS-14"
    tina.save()
    versions = list(tina.history.order_by("history_date"))
    assert [v.grade for v in versions][-2:] == ["", "GS-14"]
    assert versions[-1].diff_against(versions[-2]).changed_fields == ["grade"]


def test_a_workforce_manager_archives_a_person_and_the_record_stays(directorate):
    tina = directorate.teammate
    archive(user=directorate.workforce_manager.user, record=tina)
    assert Person.objects.active().filter(pk=tina.pk).count() == 0
    assert Person.objects.archived().filter(pk=tina.pk).count() == 1


def test_a_staff_member_without_a_role_cannot_archive_anyone(directorate):
    with pytest.raises(PermissionDenied):
        archive(user=directorate.outsider.user, record=directorate.teammate)
    directorate.teammate.refresh_from_db()
    assert directorate.teammate.archived_at is None
