"""Fixtures for the API tests: a client that authenticates as a persona with a token."""

import datetime

import pytest
from django.test import Client

from seccoop.core.api_auth import issue_token
from seccoop.workforce.models import RatingSource
from seccoop.workforce.services import refresh_current_levels
from tests.factories import RatingFactory


@pytest.fixture
def api_as():
    """`api_as(person)`: a client sending a fresh bearer token of that person's user."""

    def client_for(person) -> Client:
        _, secret = issue_token(user=person.user, name="tests", lifetime_days=30)
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return client_for


@pytest.fixture
def rated(directorate):
    """Supervisor ratings for Tina (alpha) and Bob (bravo) on 1.A, and Sam's self rating."""
    d = directorate
    one_a = d.framework.competencies.get(code="1.A")
    today = datetime.date.today()
    ratings = {
        "tina": RatingFactory(person=d.teammate, competency=one_a, level=2, rated_on=today),
        "bob": RatingFactory(person=d.bravo_member, competency=one_a, level=4, rated_on=today),
        "sam": RatingFactory(
            person=d.alpha_lead, competency=one_a, level=3, source=RatingSource.SELF
        ),
    }
    refresh_current_levels(rating.person_id for rating in ratings.values())
    return ratings
