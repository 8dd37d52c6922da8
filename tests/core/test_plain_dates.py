"""Dates on pages read as people write them: "4 Dec 2026", and "4 Dec 2026, 14:37" with the time."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from seccoop.core.api_auth import issue_token
from seccoop.core.models import ApiToken

pytestmark = pytest.mark.django_db

MOMENT = timezone.make_aware(datetime.datetime(2026, 12, 4, 14, 37))


def test_a_day_is_written_day_month_year():
    rendered = Template("{{ day|date }}").render(Context({"day": datetime.date(2026, 12, 4)}))
    assert rendered == "4 Dec 2026"


def test_a_moment_is_written_with_its_time_after_a_comma():
    rendered = Template('{{ moment|date:"DATETIME_FORMAT" }}').render(Context({"moment": MOMENT}))
    assert rendered == "4 Dec 2026, 14:37"


def test_the_api_token_list_shows_when_a_token_was_created_as_a_plain_date(client, directorate):
    user = directorate.alpha_lead.user
    token, _ = issue_token(user=user, name="Reporting", lifetime_days=30)
    ApiToken.objects.filter(pk=token.pk).update(created_at=MOMENT)
    client.force_login(user)
    assert "4 Dec 2026, 14:37" in client.get(reverse("api-token-list")).content.decode()
