"""The Django admin, for operators: every page loads, history is kept, ratings stay as given."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from seccoop.core import calendar_feed, digest
from seccoop.core.admin import DomainAdmin
from seccoop.core.models import ApiToken, ClientCertificate, StateChange, TransferJob
from seccoop.workforce.demo import build_demo
from seccoop.workforce.models import (
    Assignment,
    GapFigureChange,
    OrgUnit,
    Person,
    Rating,
    RatingReview,
    RatingSource,
)
from tests.factories import RatingFactory

APPS = {"core", "competencies", "workforce"}
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in APPS),
    key=lambda model: model._meta.label,
)


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def demo(seed_framework):
    build_demo()
    # A token too, so its pages have a record to show.
    ApiToken.issue(user=Person.objects.exclude(user=None).first().user, name="Spreadsheet sync")
    calendar_feed.issue(user=Person.objects.exclude(user=None).first().user)
    # An e-mail digest choice, which nobody in the demo has made.
    digest.save_preference(
        user=Person.objects.exclude(user=None).first().user, frequency="weekly", weekday=0
    )
    # A validator's answer to a rating, which the demo's queue has not had yet.
    RatingReview.objects.create(
        rating=Rating.objects.first(),
        outcome=RatingReview.Outcome.RETURNED,
        reviewed_by=Person.objects.exclude(user=None).first().user,
        note="No evidence of the second review.",
    )
    # A change to the data behind the gap figures, which the demo has summed.
    GapFigureChange.objects.create()
    # And a background import, which the demo does not start.
    TransferJob.objects.create(
        direction="import",
        kind="people",
        filename="people.csv",
        requested_by=Person.objects.exclude(user=None).first().user,
    )
    # A smart card mapping, an assignment and a workflow move, which the workforce demo has not.
    someone = Person.objects.exclude(user=None).first()
    ClientCertificate.objects.create(user=someone.user, subject="CN=DEMO.USER.1")
    unit = OrgUnit.objects.first()
    Assignment.objects.create(
        person=someone,
        source_type=ContentType.objects.get_for_model(OrgUnit),
        source_id=unit.pk,
        role="Reviewer",
        assigned_on=datetime.date(2026, 1, 5),
    )
    StateChange.objects.create(
        content_type=ContentType.objects.get_for_model(OrgUnit),
        object_id=unit.pk,
        transition="open",
        source="draft",
        target="open",
        actor=someone.user,
    )


@pytest.fixture
def token(directorate):
    token, _secret = ApiToken.issue(user=directorate.teammate.user, name="Spreadsheet sync")
    return token


def test_every_model_of_the_three_apps_is_in_the_admin():
    models = {
        model
        for label in APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    }
    assert models == set(REGISTERED)


def test_every_admin_list_page_loads_for_a_superuser(demo, admin_client):
    for model in REGISTERED:
        assert admin_client.get(url(model, "changelist")).status_code == 200, model
        assert admin_client.get(url(model, "changelist"), {"q": "a"}).status_code == 200, model


def test_every_admin_record_page_and_history_loads_for_a_superuser(demo, admin_client):
    for model in REGISTERED:
        record = model._default_manager.first()
        assert admin_client.get(url(model, "change", record.pk)).status_code == 200, model
        if isinstance(admin.site._registry[model], DomainAdmin):
            assert admin_client.get(url(model, "history", record.pk)).status_code == 200, model


def test_the_rating_list_reads_a_fixed_number_of_queries(
    demo, admin_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(13):
        response = admin_client.get(url(Rating, "changelist"))
    assert response.status_code == 200


def test_a_rating_cannot_be_changed_in_the_admin(directorate, admin_client):
    rating = RatingFactory(
        person=directorate.teammate,
        competency=directorate.framework.competencies.get(code="1.A"),
        level=2,
        source=RatingSource.SUPERVISOR,
    )
    response = admin_client.post(url(Rating, "change", rating.pk), {"level": 5})
    assert response.status_code == 403
    rating.refresh_from_db()
    assert rating.level == 2


def test_an_operator_revokes_someones_token_in_the_admin(token, admin_client):
    response = admin_client.post(
        url(ApiToken, "changelist"),
        {"action": "revoke_selected", admin.helpers.ACTION_CHECKBOX_NAME: [token.pk]},
        follow=True,
    )
    assert "1 token(s) revoked." in response.content.decode()
    token.refresh_from_db()
    assert not token.is_usable


def test_an_org_unit_is_archived_in_the_admin_rather_than_deleted(directorate, admin_client):
    page = admin_client.get(url(OrgUnit, "changelist")).content.decode()
    assert "delete_selected" not in page
    admin_client.post(
        url(OrgUnit, "changelist"),
        {"action": "archive_selected", admin.helpers.ACTION_CHECKBOX_NAME: [directorate.bravo.pk]},
    )
    directorate.bravo.refresh_from_db()
    assert directorate.bravo.is_archived
