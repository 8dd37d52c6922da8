"""The e-mail digest: "My work" by mail, on the schedule each person chooses.

Tina, France's desk officer, has a follow-up action two days overdue. She
chooses a digest on her preferences page; `seccoop send-digests`, run daily by
the scheduler, sends it on the days she chose, once a day at most, and never
to someone who did not ask or has nothing waiting.
"""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from seccoop.core import digest
from seccoop.core.models import AuditEntry, DigestFrequency, DigestPreference
from seccoop.partners.models import Country, EngagementType
from seccoop.partners.services import ActionData, EngagementData, record_engagement

PAGE = reverse("digest-preferences")
# A Wednesday, and the Saturday after it.
WEDNESDAY = datetime.date(2026, 12, 2)
SATURDAY = datetime.date(2026, 12, 5)


@pytest.fixture
def tina(directorate):
    """Tina, with France on her desk and a follow-up action due two days ago."""
    person = directorate.teammate
    person.user.email = "tina@example.mil"
    person.user.save()
    france = Country.objects.get(iso_code="FR")
    france.primary_desk_officer = person
    france.save()
    today = timezone.localdate()
    record_engagement(
        user=person.user,
        data=EngagementData(
            title="Staff talks in Paris",
            engagement_type=EngagementType.objects.get(slug="staff-talks"),
            starts_on=today - datetime.timedelta(days=10),
            ends_on=today - datetime.timedelta(days=9),
            countries=[france],
            participants=[person],
        ),
        actions=[ActionData("Send the meeting minutes", person, today - datetime.timedelta(2))],
    )
    return person.user


def choose(user, frequency, weekday=0):
    return digest.save_preference(user=user, frequency=frequency, weekday=weekday)


def send(day):
    call_command("send-digests", "--date", day.isoformat())


def test_a_desk_officer_with_a_daily_digest_receives_her_overdue_action_by_email(tina):
    choose(tina, DigestFrequency.WORKING_DAYS)
    send(WEDNESDAY)
    assert [m.to for m in mail.outbox] == [["tina@example.mil"]]
    assert "Send the meeting minutes" in mail.outbox[0].body


def test_each_item_of_a_digest_links_to_its_page_on_the_site(tina, settings):
    settings.SECCOOP_SITE_URL = "https://seccoop.example.mil"
    choose(tina, DigestFrequency.WORKING_DAYS)
    send(WEDNESDAY)
    actions = "https://seccoop.example.mil" + reverse("partners:action-list")
    assert actions in mail.outbox[0].body


def test_a_digest_is_sent_once_a_day_however_often_the_command_runs(tina):
    choose(tina, DigestFrequency.WORKING_DAYS)
    send(WEDNESDAY)
    send(WEDNESDAY)
    assert len(mail.outbox) == 1


def test_a_daily_digest_is_sent_again_the_next_working_day(tina):
    choose(tina, DigestFrequency.WORKING_DAYS)
    send(WEDNESDAY)
    send(WEDNESDAY + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_a_daily_digest_is_not_sent_at_the_weekend(tina):
    choose(tina, DigestFrequency.WORKING_DAYS)
    send(SATURDAY)
    assert mail.outbox == []


def test_a_weekly_digest_is_sent_only_on_its_chosen_day(tina):
    choose(tina, DigestFrequency.WEEKLY, weekday=WEDNESDAY.weekday())
    send(WEDNESDAY - datetime.timedelta(days=1))
    assert mail.outbox == []
    send(WEDNESDAY)
    assert len(mail.outbox) == 1


def test_nobody_receives_a_digest_without_choosing_one(tina):
    send(WEDNESDAY)
    assert mail.outbox == []


def test_a_person_with_nothing_waiting_receives_no_digest(directorate):
    quiet = directorate.bravo_member.user
    quiet.email = "quiet@example.mil"
    quiet.save()
    choose(quiet, DigestFrequency.WORKING_DAYS)
    send(WEDNESDAY)
    assert mail.outbox == []


def test_a_deactivated_account_receives_no_digest(tina):
    choose(tina, DigestFrequency.WORKING_DAYS)
    tina.is_active = False
    tina.save()
    send(WEDNESDAY)
    assert mail.outbox == []


def test_the_command_names_the_people_it_could_not_write_to(tina, capsys):
    choose(tina, DigestFrequency.WORKING_DAYS)
    tina.email = ""
    tina.save()
    send(WEDNESDAY)
    assert f"No e-mail address recorded for: {tina.username}." in capsys.readouterr().out


def test_the_command_refuses_a_date_that_is_not_a_date(db):
    with pytest.raises(CommandError, match="--date must be a date as YYYY-MM-DD"):
        call_command("send-digests", "--date", "2026-02-30")


def test_a_person_chooses_a_weekly_digest_on_the_preferences_page(client, tina):
    client.force_login(tina)
    response = client.post(PAGE, {"frequency": "weekly", "weekday": "4"}, follow=True)
    assert "Your e-mail digest choice is saved." in response.content.decode()
    preference = DigestPreference.objects.get(user=tina)
    assert (preference.frequency, preference.weekday) == ("weekly", 4)


def test_a_change_of_digest_choice_is_in_the_audit_log(client, tina):
    client.force_login(tina)
    client.post(PAGE, {"frequency": "weekly", "weekday": "4"})
    entry = AuditEntry.objects.get(model="core.digestpreference")
    assert entry.changes["frequency"] == ["never", "weekly"]


def test_a_frequency_that_is_not_offered_is_refused_and_nothing_is_saved(client, tina):
    client.force_login(tina)
    response = client.post(PAGE, {"frequency": "hourly", "weekday": "0"})
    assert "Select a valid choice" in response.content.decode()
    assert not DigestPreference.objects.exists()


def test_the_preferences_page_previews_today_s_digest(client, tina):
    client.force_login(tina)
    page = client.get(PAGE).content.decode()
    assert "Send the meeting minutes" in page
