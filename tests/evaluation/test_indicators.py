"""Indicators: measurements over time against the straight course from baseline to target."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from seccoop.evaluation import services
from seccoop.evaluation.models import Indicator, Measurement
from seccoop.evaluation.services import Standing
from tests.evaluation.conftest import BASELINE_ON, TARGET_ON


def test_the_planned_course_runs_straight_from_the_baseline_to_the_target(world):
    indicator = world.indicator
    assert services.expected_value(indicator, BASELINE_ON) == 0
    assert services.expected_value(indicator, TARGET_ON) == 100
    halfway = BASELINE_ON + (TARGET_ON - BASELINE_ON) / 2
    assert services.expected_value(indicator, halfway) == Decimal("50.00")


def test_a_measurement_at_or_above_the_course_is_on_track_and_one_below_is_behind(world):
    trend = services.trend(world.indicator)
    # 30 crews on 1 April (24.73 planned), 40 on 1 July (49.73 planned).
    assert [point.standing for point in trend.points] == [Standing.ON_TRACK, Standing.BEHIND]
    assert trend.standing == Standing.BEHIND
    assert trend.percent_of_target == 40


def test_reaching_the_target_early_counts_as_target_met(world, save):
    save(Measurement, indicator=world.indicator, measured_on=datetime.date(2026, 9, 1), value=100)
    assert services.trend(world.indicator).standing == Standing.TARGET_MET


def test_when_lower_is_better_a_value_under_the_course_is_on_track(world, save):
    days = save(
        Indicator,
        initiative=world.initiative,
        name="Days to certify a crew",
        kind="schedule",
        unit="days",
        direction="decrease",
        baseline_value=Decimal(90),
        baseline_on=BASELINE_ON,
        target_value=Decimal(30),
        target_on=TARGET_ON,
    )
    save(Measurement, indicator=days, measured_on=datetime.date(2026, 7, 1), value=55)
    save(Measurement, indicator=days, measured_on=datetime.date(2026, 10, 1), value=58)
    assert [p.standing for p in services.trend(days).points] == [
        Standing.ON_TRACK,
        Standing.BEHIND,
    ]


def test_an_indicator_without_measurements_is_not_measured_yet(world, save):
    fresh = save(
        Indicator,
        initiative=world.initiative,
        name="Spent",
        kind="cost",
        unit="USD",
        baseline_value=0,
        baseline_on=BASELINE_ON,
        target_value=250000,
        target_on=TARGET_ON,
    )
    assert services.trend(fresh).standing == Standing.NOT_MEASURED


def test_a_target_on_the_wrong_side_of_the_baseline_is_refused_naming_the_field(world, save):
    with pytest.raises(ValidationError) as refused:
        save(
            Indicator,
            initiative=world.initiative,
            name="Spent",
            kind="cost",
            unit="USD",
            baseline_value=100,
            baseline_on=BASELINE_ON,
            target_value=50,
            target_on=TARGET_ON,
        )
    assert "target_value" in refused.value.message_dict
    assert not Indicator.objects.filter(name="Spent").exists()


def test_a_target_day_before_the_baseline_day_is_refused(world, save):
    with pytest.raises(ValidationError) as refused:
        save(
            Indicator,
            initiative=world.initiative,
            name="Spent",
            kind="cost",
            unit="USD",
            baseline_value=0,
            baseline_on=TARGET_ON,
            target_value=50,
            target_on=BASELINE_ON,
        )
    assert "target_on" in refused.value.message_dict


def test_an_indicator_is_measured_once_a_day(world, save):
    with pytest.raises(ValidationError, match="already has a measurement on that day"):
        save(Measurement, indicator=world.indicator, measured_on=datetime.date(2026, 4, 1), value=1)


def test_the_trends_of_many_indicators_cost_two_queries(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        found = services.trends(Indicator.objects.all())
    assert len(found[0].points) == 2
