"""Assessment cycles follow the federal fiscal year and are managed on a page.

The fiscal year begins on 1 October (31 U.S.C. 1102): FY2027 began on
1 October 2026. Ada (an administrator) and Walter (a workforce manager)
manage the cycles; Sam (a supervisor) may not.
"""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from seccoop.workforce import cycles, services
from seccoop.workforce.models import AssessmentCycle, RatingSource

CYCLES = reverse("workforce:cycle-list")


def rate_tina(directorate, **kwargs):
    return services.record_rating(
        user=directorate.alpha_lead.user,
        person=directorate.teammate,
        competency=directorate.framework.competencies.get(code="1.A"),
        level=3,
        source=RatingSource.SUPERVISOR,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2026, 9, 30), 2026),
        (datetime.date(2026, 10, 1), 2027),
        (datetime.date(2027, 9, 30), 2027),
    ],
)
def test_the_fiscal_year_begins_on_the_first_of_october(day, year):
    assert cycles.fiscal_year(day) == year


def test_the_first_day_of_fy2027_opens_its_cycle_dated_to_the_fiscal_year(directorate):
    cycle = cycles.open_fiscal_year_cycle(directorate.framework, datetime.date(2026, 10, 1))
    assert (cycle.name, cycle.opens_on, cycle.closes_on) == (
        "FY2027",
        datetime.date(2026, 10, 1),
        datetime.date(2027, 9, 30),
    )


def test_opening_the_fiscal_years_cycle_twice_keeps_one(directorate):
    day = datetime.date(2026, 12, 5)
    first = cycles.open_fiscal_year_cycle(directorate.framework, day)
    assert cycles.open_fiscal_year_cycle(directorate.framework, day) == first
    assert AssessmentCycle.objects.count() == 1


def test_a_rating_recorded_today_is_filed_under_the_fiscal_years_cycle(directorate):
    rating = rate_tina(directorate)
    assert rating.cycle.name == f"FY{cycles.fiscal_year(timezone.localdate())}"


def test_a_closed_cycle_takes_no_more_ratings(directorate):
    cycle = cycles.open_fiscal_year_cycle(directorate.framework)
    cycles.close_cycle(user=directorate.administrator.user, cycle=cycle, expected_version=1)
    with pytest.raises(ValidationError, match=f"The cycle {cycle.name} was closed on"):
        rate_tina(directorate, cycle=cycle)
    assert rate_tina(directorate).cycle is None


def test_closing_a_cycle_twice_is_refused(directorate):
    cycle = cycles.open_fiscal_year_cycle(directorate.framework)
    cycles.close_cycle(user=directorate.administrator.user, cycle=cycle, expected_version=1)
    with pytest.raises(ValidationError, match="was already closed on"):
        cycles.close_cycle(user=directorate.administrator.user, cycle=cycle, expected_version=2)


def test_the_cycles_page_lists_the_fiscal_years_cycle_as_open(client, directorate):
    client.force_login(directorate.workforce_manager.user)
    page = client.get(CYCLES).text
    year = cycles.fiscal_year(timezone.localdate())
    assert f'<th scope="row" data-label="Cycle">FY{year}' in page
    assert ">Open" in page


def test_an_administrator_creates_a_cycle_on_the_page(client, directorate):
    client.force_login(directorate.administrator.user)
    response = client.post(
        reverse("workforce:cycle-create"),
        {
            "name": "FY2028",
            "framework": directorate.framework.pk,
            "opens_on": "2027-10-01",
            "closes_on": "2028-09-30",
        },
        follow=True,
    )
    assert "Created the assessment cycle FY2028." in response.text
    assert AssessmentCycle.objects.get(name="FY2028").opens_on == datetime.date(2027, 10, 1)


def test_a_cycle_that_closes_before_it_opens_is_refused_and_nothing_is_written(client, directorate):
    client.force_login(directorate.administrator.user)
    response = client.post(
        reverse("workforce:cycle-create"),
        {
            "name": "FY2028",
            "framework": directorate.framework.pk,
            "opens_on": "2028-10-01",
            "closes_on": "2027-09-30",
        },
    )
    assert response.status_code == 200
    assert "A cycle closes on or after the day it opens." in response.text
    assert not AssessmentCycle.objects.filter(name="FY2028").exists()


def test_an_administrator_edits_a_cycle_and_its_history_keeps_the_change(client, directorate):
    cycle = cycles.open_fiscal_year_cycle(directorate.framework)
    client.force_login(directorate.administrator.user)
    client.post(
        reverse("workforce:cycle-edit", args=[cycle.pk]),
        {
            "name": f"{cycle.name} annual assessment",
            "framework": directorate.framework.pk,
            "opens_on": cycle.opens_on.isoformat(),
            "closes_on": cycle.closes_on.isoformat(),
            "version": cycle.version,
        },
    )
    cycle.refresh_from_db()
    assert cycle.name.endswith(" annual assessment")
    assert cycle.history.first().history_user == directorate.administrator.user


def test_an_administrator_closes_a_cycle_on_the_page(client, directorate):
    cycle = cycles.open_fiscal_year_cycle(directorate.framework)
    client.force_login(directorate.administrator.user)
    response = client.post(
        reverse("workforce:cycle-close", args=[cycle.pk]), {"version": cycle.version}, follow=True
    )
    assert f"Closed the cycle {cycle.name}: it takes no more ratings." in response.text
    cycle.refresh_from_db()
    assert cycle.is_closed


def test_closing_a_cycle_someone_has_since_edited_is_refused(client, directorate):
    cycle = cycles.open_fiscal_year_cycle(directorate.framework)
    client.force_login(directorate.administrator.user)
    client.post(
        reverse("workforce:cycle-close", args=[cycle.pk]), {"version": cycle.version - 1 or 99}
    )
    cycle.refresh_from_db()
    assert not cycle.is_closed


def test_a_supervisor_is_refused_the_cycles_page(client, directorate):
    client.force_login(directorate.alpha_lead.user)
    assert client.get(CYCLES).status_code == 403


@pytest.mark.parametrize("extra", [0, 10])
def test_the_cycles_page_makes_the_same_number_of_queries_however_many_cycles(
    client, directorate, django_assert_max_num_queries, extra
):
    for year in range(2000, 2000 + extra):
        AssessmentCycle.objects.create(
            framework=directorate.framework,
            name=f"FY{year}",
            opens_on=datetime.date(year - 1, 10, 1),
            closes_on=datetime.date(year, 9, 30),
        )
    # The year's cycle is already open: the page only reads.
    cycles.open_fiscal_year_cycle(directorate.framework)
    client.force_login(directorate.administrator.user)
    with django_assert_max_num_queries(14):
        response = client.get(CYCLES)
    assert response.status_code == 200


def test_the_open_cycle_command_opens_the_fiscal_years_cycle_once(directorate):
    out = io.StringIO()
    call_command("open-cycle", stdout=out)
    call_command("open-cycle", stdout=io.StringIO())
    year = cycles.fiscal_year(timezone.localdate())
    assert out.getvalue().startswith(f"FY{year} (")
    assert AssessmentCycle.objects.filter(name=f"FY{year}").count() == 1
