"""The objectives, plans and evaluations of the demo directorate, added by `seccoop load-demo`.

A national defense strategy and two theater campaign plans with their
objectives for Europe and the Indo-Pacific and for a few partner nations;
sequenced institution-building and military-to-military activities along
the doctrine-to-facilities lines, with resources by fiscal year; an
assessment framework; two initiatives with an initial assessment,
indicators measured quarter by quarter (one falling behind), an evaluation
with recommendations at different stages, a return on investment and
lessons learned. Dates are placed relative to today; the same seed builds
the same records.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from seccoop.evaluation import services
from seccoop.evaluation.models import (
    Activity,
    ActivityKind,
    AssessmentFramework,
    Criterion,
    Dimension,
    DocumentKind,
    DocumentVersion,
    Evaluation,
    GuidanceDocument,
    Indicator,
    IndicatorKind,
    InitialAssessment,
    Initiative,
    InvestmentReturn,
    Lesson,
    LessonKind,
    LineOfEffort,
    Measurement,
    Objective,
    ObjectiveLevel,
    Recommendation,
    ResourceAllocation,
)
from seccoop.partners.models import Country, Engagement, Region
from seccoop.workforce.models import Position

MARKER = "NDS-1"  # the code of the first demo objective

# code | level | priority | region | country | supports | title
OBJECTIVES = """
NDS-1 | national | 1 |  |  |  | Strengthen allies' and partners' capacity to deter aggression
NDS-2 | national | 2 |  |  |  | Build interoperable coalitions that share the burden of defense
TCP-EU-1 | theater | 1 | eucom |  | NDS-1 | Partners on the eastern flank defend their territory and airspace
TCP-EU-2 | theater | 2 | eucom |  | NDS-2 | NATO partners field interoperable command and control
TCP-IP-1 | theater | 1 | indopacom |  | NDS-1 | Partners secure their maritime approaches
PL-1 | country | 1 |  | PL | TCP-EU-1 | Poland sustains an integrated air and missile defense
EE-1 | country | 2 |  | EE | TCP-EU-1 | Estonia's defense ministry plans and budgets on a multiyear basis
JP-1 | country | 2 |  | JP | TCP-IP-1 | Japan and the U.S. share a common maritime picture
KE-1 | country | 3 |  | KE | NDS-1 | Kenya's forces professionalize their noncommissioned officers
"""  # noqa: E501

# title | country | kind | line | months from now (start) | length in days | priority | cost
# | objectives | depends on (titles)
ACTIVITIES = """
Defense planning seminar | EE | institution-building | doctrine | -10 | 5 | 1 | 120000 | EE-1 |
Resource management advisory visit | EE | institution-building | organization | -6 | 10 | 1 | 180000 | EE-1 | Defense planning seminar
Multiyear budget workshop | EE | institution-building | leadership-education | 2 | 4 | 2 | 90000 | EE-1 | Resource management advisory visit
Air defense staff exchange | PL | mil-to-mil | training | -4 | 14 | 1 | 250000 | PL-1 TCP-EU-1 |
Air defense doctrine review | PL | institution-building | doctrine | 1 | 20 | 2 | 150000 | PL-1 | Air defense staff exchange
Maritime domain awareness course | JP | mil-to-mil | training | -2 | 10 | 1 | 300000 | JP-1 TCP-IP-1 |
NCO academy curriculum design | KE | institution-building | leadership-education | -8 | 30 | 1 | 220000 | KE-1 |
NCO academy instructor exchange | KE | mil-to-mil | personnel | 3 | 21 | 2 | 160000 | KE-1 | NCO academy curriculum design
NCO academy classroom refurbishment | KE | institution-building | facilities | 6 | 60 | 3 | 400000 | KE-1 | NCO academy curriculum design
"""  # noqa: E501


def _table(text: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("|")] for line in text.strip().splitlines()]


def _months(today: datetime.date, months: int) -> datetime.date:
    month = today.month - 1 + months
    year = today.year + month // 12
    return datetime.date(year, month % 12 + 1, 1)


def build_evaluation_demo(*, seed: int, today: datetime.date | None = None) -> str:
    """Build the demo's objectives, plans and evaluations; say what was done (or why not)."""
    if Objective.objects.filter(code=MARKER).exists():
        return "The demo objectives and evaluations are already loaded; nothing was changed."
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return "No demo administrator exists, so no objectives were loaded."
    regions = {region.code: region for region in Region.objects.all()}
    if "eucom" not in regions or "indopacom" not in regions:
        return "The demo partner nations are not loaded, so no objectives were loaded."
    today = today or timezone.localdate()
    rng = random.Random(seed)
    countries = {
        c.iso_code: c for c in Country.objects.filter(iso_code__in=["PL", "EE", "JP", "KE"])
    }
    people = [
        position.incumbent
        for position in Position.objects.filter(incumbent__isnull=False)
        .select_related("incumbent")
        .order_by("pk")
    ]

    def save(model, links=None, **data):
        return services.save_record(user=admin, model=model, data=data, links=links or {})

    with transaction.atomic():
        strategy = save(
            GuidanceDocument,
            external_id="DOC-NDS",
            title="National Defense Strategy",
            kind=DocumentKind.NATIONAL_STRATEGY,
            issuer="Secretary of Defense",
            summary="The defense aspects of the national security strategy.",
        )
        plans = {
            "eucom": save(
                GuidanceDocument,
                external_id="DOC-TCP-EU",
                title="European theater campaign plan",
                kind=DocumentKind.CAMPAIGN_PLAN,
                issuer="U.S. European Command",
                region=regions["eucom"],
            ),
            "indopacom": save(
                GuidanceDocument,
                external_id="DOC-TCP-IP",
                title="Indo-Pacific theater campaign plan",
                kind=DocumentKind.CAMPAIGN_PLAN,
                issuer="U.S. Indo-Pacific Command",
                region=regions["indopacom"],
            ),
        }
        policy = save(
            GuidanceDocument,
            external_id="DOC-SC-POLICY",
            title="Security cooperation assessment, monitoring and evaluation policy",
            kind=DocumentKind.POLICY,
            issuer="Directorate",
            summary="How the directorate assesses, monitors and evaluates its initiatives.",
        )
        for document, numbers in ((strategy, ["1.0", "1.1"]), (policy, ["1.0", "2.0"])):
            for age, number in zip((720, 200), numbers, strict=True):
                save(
                    DocumentVersion,
                    document=document,
                    number=number,
                    issued_on=today - datetime.timedelta(days=age),
                    changes="First issue." if number.endswith(".0") and age == 720 else "Revised.",
                )

        objectives: dict[str, Objective] = {}
        for code, level, priority, region, iso, supports, title in _table(OBJECTIVES):
            document = strategy if level == ObjectiveLevel.NATIONAL else None
            if region:
                document = plans[region]
            if iso:
                document = plans["indopacom" if iso == "JP" else "eucom"] if iso != "KE" else None
            objectives[code] = save(
                Objective,
                code=code,
                title=title,
                level=level,
                priority=int(priority),
                region=regions.get(region) if region else None,
                country=countries.get(iso) if iso else None,
                supports=objectives.get(supports) if supports else None,
                document=document,
                starts_on=_months(today, -12),
                ends_on=_months(today, 36),
            )
        # Engagements with the countries now serve their objectives.
        for code in ("PL-1", "EE-1", "JP-1", "KE-1"):
            objective = objectives[code]
            engagements = list(
                Engagement.objects.filter(countries=objective.country).order_by("starts_on")[:2]
            )
            objective.engagements.set(engagements)

        activities: dict[str, Activity] = {}
        for row in _table(ACTIVITIES):
            title, iso, kind, line, start, length, priority, cost, codes, after = row
            starts_on = _months(today, int(start))
            activity = save(
                Activity,
                links={
                    "objectives": [objectives[c] for c in codes.split()],
                    "depends_on": [activities[t] for t in after.split(";") if t.strip()],
                },
                title=title,
                country=countries[iso],
                kind=ActivityKind(kind),
                line_of_effort=LineOfEffort(line),
                starts_on=starts_on,
                ends_on=starts_on + datetime.timedelta(days=int(length)),
                priority=int(priority),
                estimated_cost=Decimal(cost),
                status="done" if int(start) < -3 else "planned",
            )
            activities[title] = activity
        for year_offset in (0, 1):
            year = today.year + year_offset
            for code, amount in (("PL-1", 900000), ("EE-1", 450000), ("JP-1", 600000),
                                 ("KE-1", 750000)):  # fmt: skip
                objective = objectives[code]
                save(
                    ResourceAllocation,
                    objective=objective,
                    country=objective.country,
                    fiscal_year=year,
                    amount=Decimal(amount + rng.randrange(0, 100000, 5000)),
                    source="Section 333" if code != "JP-1" else "Operation and maintenance",
                    rank=1,
                )

        framework = save(
            AssessmentFramework,
            name="Directorate assessment framework",
            organization="International Cooperation Directorate",
            description="The criteria the directorate judges its initiatives by.",
            methodology="Ratings from 1 to 5 per dimension, from indicator data, partner "
            "interviews and site visits.",
        )
        for dimension, name, definition in (
            (Dimension.RELEVANCE, "Objective fit", "Serves a priority campaign plan objective."),
            (Dimension.EFFECTIVENESS, "Indicator progress", "Indicators on their planned course."),
            (Dimension.SUPPORTABILITY, "Partner absorption", "The partner can staff and fund it."),
            (Dimension.SUSTAINABILITY, "Partner ownership", "The partner continues it unaided."),
        ):
            save(Criterion, framework=framework, dimension=dimension, name=name,
                 definition=definition)  # fmt: skip

        estonia = save(
            Initiative,
            links={
                "activities": [
                    activities["Defense planning seminar"],
                    activities["Resource management advisory visit"],
                    activities["Multiyear budget workshop"],
                ],
                "objectives": [objectives["EE-1"]],
            },
            external_id="INI-EE-DIB",
            title="Estonian defense resource management",
            description="Institution building with Estonia's defense ministry.",
            country=countries["EE"],
            framework=framework,
            starts_on=_months(today, -12),
        )
        kenya = save(
            Initiative,
            links={
                "activities": [
                    activities["NCO academy curriculum design"],
                    activities["NCO academy instructor exchange"],
                ],
                "objectives": [objectives["KE-1"]],
            },
            external_id="INI-KE-NCO",
            title="Kenyan NCO academy",
            country=countries["KE"],
            framework=framework,
            starts_on=_months(today, -9),
        )
        for initiative, baseline in (
            (estonia, "The ministry budgets one year at a time; no multiyear plan exists."),
            (kenya, "NCOs are trained on the job; no academy curriculum exists."),
        ):
            save(
                InitialAssessment,
                initiative=initiative,
                assessed_on=initiative.starts_on,
                findings="Interviews and a review of the partner's documents.",
                baseline=baseline,
                assessed_by=people[0] if people else None,
            )
        indicators = [
            save(
                Indicator,
                initiative=estonia,
                external_id="IND-EE-PLAN",
                name="Budget lines planned over three years",
                kind=IndicatorKind.PERFORMANCE,
                unit="%",
                baseline_value=Decimal(10),
                baseline_on=estonia.starts_on,
                target_value=Decimal(80),
                target_on=_months(today, 12),
            ),  # fmt: skip
            save(
                Indicator,
                initiative=estonia,
                external_id="IND-EE-COST",
                name="Spent",
                kind=IndicatorKind.COST,
                unit="kUSD",
                baseline_value=Decimal(0),
                baseline_on=estonia.starts_on,
                target_value=Decimal(390),
                target_on=_months(today, 6),
            ),  # fmt: skip
            save(
                Indicator,
                initiative=kenya,
                external_id="IND-KE-GRAD",
                name="NCOs graduated",
                kind=IndicatorKind.PERFORMANCE,
                unit="people",
                baseline_value=Decimal(0),
                baseline_on=kenya.starts_on,
                target_value=Decimal(400),
                target_on=_months(today, 15),
            ),  # fmt: skip
        ]
        pace = {"IND-EE-PLAN": 1.1, "IND-EE-COST": 1.0, "IND-KE-GRAD": 0.55}
        for indicator in indicators:
            day = indicator.baseline_on
            while True:
                day = _months(day, 3)
                if day > today:
                    break
                expected = services.expected_value(indicator, day)
                rise = (expected - indicator.baseline_value) * Decimal(pace[indicator.external_id])
                save(
                    Measurement,
                    indicator=indicator,
                    measured_on=day,
                    value=(indicator.baseline_value + rise).quantize(Decimal("0.1")),
                )

        evaluation = save(
            Evaluation,
            initiative=kenya,
            evaluated_on=today - datetime.timedelta(days=30),
            evaluator=people[1] if len(people) > 1 else None,
            relevance=5,
            effectiveness=2,
            supportability=3,
            sustainability=3,
            findings="The curriculum is sound, but too few instructors are trained to run it.",
        )
        first = save(
            Recommendation,
            evaluation=evaluation,
            text="Bring the instructor exchange forward by a quarter.",
        )
        second = save(
            Recommendation,
            evaluation=evaluation,
            text="Fund two more instructor courses from the next fiscal year's resources.",
        )
        save(
            Recommendation,
            evaluation=evaluation,
            text="Replace the academy's classroom furniture before the first course.",
        )
        services.move_recommendation(user=admin, recommendation=first, name="accept")
        services.move_recommendation(
            user=admin,
            recommendation=first,
            name="implement",
            values={"action_taken": "The exchange now starts a quarter earlier."},
        )
        services.move_recommendation(
            user=admin,
            recommendation=second,
            name="reject",
            note="No funds are left in the authority this year; carried to next year's plan.",
        )
        save(
            InvestmentReturn,
            initiative=estonia,
            assessed_on=today - datetime.timedelta(days=20),
            investment=Decimal(300000),
            benefit=Decimal(450000),
            benefits_described="Estonia now funds its own planning cell.",
        )
        save(
            Lesson,
            title="Start institution building with the partner's own planning calendar",
            kind=LessonKind.PRACTICE,
            observation="Seminars timed to Estonia's budget cycle were taken up at once.",
            recommendation="Ask for the partner's planning calendar at the first meeting.",
            initiative=estonia,
            activity=activities["Defense planning seminar"],
            recorded_on=today - datetime.timedelta(days=60),
        )
        save(
            Lesson,
            title="Train instructors before writing the curriculum into courses",
            kind=LessonKind.LESSON,
            observation="The curriculum was ready months before anyone could teach it.",
            initiative=kenya,
            evaluation=evaluation,
            recorded_on=today - datetime.timedelta(days=25),
        )
        for record, person in zip((estonia, kenya, framework), people[2:5], strict=False):
            services.assign(user=admin, record=record, person=person, role="Evaluation lead")
    return (
        f"Loaded {len(objectives)} objectives, {len(activities)} activities, 2 initiatives "
        f"with {len(indicators)} indicators, an evaluation with 3 recommendations, and lessons."
    )
