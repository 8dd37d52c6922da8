"""Evaluation fixtures on the directorate's personas.

Poland sits in EUCOM with Tina as its desk officer. Lee (leadership) set a
theater objective for EUCOM and a country objective for Poland, an
activity serving the latter, and an initiative with an indicator measured
twice. Tina is assigned to the initiative as its evaluation lead; Bob is
assigned to nothing; Nora holds no role at all.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from seccoop.evaluation import services
from seccoop.evaluation.models import (
    Activity,
    Evaluation,
    Indicator,
    Initiative,
    Measurement,
    Objective,
)
from seccoop.partners.models import Country, Region

BASELINE_ON = datetime.date(2026, 1, 1)
TARGET_ON = datetime.date(2026, 12, 31)


@dataclass
class World:
    poland: Country
    eucom: Region
    theater: Objective
    objective: Objective
    activity: Activity
    initiative: Initiative
    indicator: Indicator
    evaluation: Evaluation


@pytest.fixture
def save(directorate):
    """`save(model, user=None, links=None, **data)`: create a record through the service."""

    def create(model, *, user=None, links=None, **data):
        user = user or directorate.leader.user
        return services.save_record(user=user, model=model, data=data, links=links or {})

    return create


@pytest.fixture
def world(directorate, save):
    d = directorate
    lee = d.leader.user
    eucom = Region.objects.create(code="eucom", name="U.S. European Command")
    poland = Country.objects.get(iso_code="PL")
    poland.region = eucom
    poland.primary_desk_officer = d.teammate
    poland.save()
    theater = save(
        Objective,
        code="TCP-EU-1",
        title="Partners defend their airspace",
        level="theater",
        priority=1,
        region=eucom,
    )
    objective = save(
        Objective,
        code="PL-1",
        title="Poland sustains an integrated air defense",
        level="country",
        priority=2,
        country=poland,
        supports=theater,
    )
    activity = save(
        Activity,
        links={"objectives": [objective]},
        title="Air defense staff exchange",
        country=poland,
        kind="mil-to-mil",
        line_of_effort="training",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 14),
        estimated_cost=Decimal("250000"),
    )
    initiative = save(
        Initiative,
        links={"activities": [activity], "objectives": [objective]},
        external_id="INI-PL",
        title="Polish air defense training",
        country=poland,
        starts_on=BASELINE_ON,
    )
    services.assign(user=lee, record=initiative, person=d.teammate, role="Evaluation lead")
    indicator = save(
        Indicator,
        external_id="IND-PL-CREWS",
        initiative=initiative,
        name="Crews certified",
        kind="performance",
        unit="crews",
        baseline_value=Decimal(0),
        baseline_on=BASELINE_ON,
        target_value=Decimal(100),
        target_on=TARGET_ON,
    )
    for day, value in ((datetime.date(2026, 4, 1), Decimal(30)), (datetime.date(2026, 7, 1), 40)):
        save(Measurement, indicator=indicator, measured_on=day, value=Decimal(value))
    evaluation = save(
        Evaluation,
        initiative=initiative,
        evaluated_on=datetime.date(2026, 7, 15),
        relevance=5,
        effectiveness=2,
        supportability=3,
        sustainability=3,
        findings="Too few instructors.",
    )
    return World(
        poland=poland,
        eucom=eucom,
        theater=theater,
        objective=objective,
        activity=activity,
        initiative=initiative,
        indicator=indicator,
        evaluation=evaluation,
    )
