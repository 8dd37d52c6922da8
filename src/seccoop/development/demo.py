"""The training catalog, development plans and certifications of the demo directorate.

Added by `seccoop load-demo` after the workforce and partners: a catalog of
courses mapped to the sub-competencies they build (one left unmapped, so the
course page has suggestions to accept or reject), the certification each
demo position requires, certification records, and development plans for a
few people, some with completed courses. Dates are placed relative to today.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from seccoop.competencies.models import Framework
from seccoop.development import services
from seccoop.development.models import (
    AREA_LEVELS,
    AreaOfConcentration,
    CertificationLevel,
    CertificationRecord,
    CertificationRequirement,
    Course,
    CourseCompetency,
    Delivery,
    ExperiencePeriod,
)
from seccoop.workforce.models import Person, Position

MARKER = "DEMO-SC-101"

BASIC, MIDDLE, ADVANCED = (
    CertificationLevel.BASIC,
    CertificationLevel.INTERMEDIATE,
    CertificationLevel.ADVANCED,
)
ONLINE, VIRTUAL = Delivery.ONLINE, Delivery.VIRTUAL
RESIDENT, BLENDED = Delivery.IN_RESIDENCE, Delivery.BLENDED

# external id | title | level | hours | delivery | required | builds | description
COURSES = [
    (
        "DEMO-SC-101",
        "Security Cooperation Familiarization",
        BASIC,
        8,
        ONLINE,
        True,
        "1.A:2 2.A:1 6.D:2",
        "The authorities, organizations and processes of security cooperation, for anyone "
        "joining the workforce.",
    ),
    (
        "DEMO-SC-102",
        "Security Cooperation Fundamentals",
        BASIC,
        24,
        ONLINE,
        True,
        "4.C:2 4.F:2 6.D:2 9.A:1",
        "How a partner's request becomes a sale or a transfer, who does what, and which rules "
        "govern each step.",
    ),
    (
        "DEMO-SC-201",
        "Foreign Military Sales Case Development",
        MIDDLE,
        40,
        RESIDENT,
        True,
        "4.C:3 4.F:3 4.D:2",
        "Writing letters of request with the partner, pricing and availability estimates, and "
        "drafting letters of offer and acceptance.",
    ),
    (
        "DEMO-SC-202",
        "Case Execution and Financial Management",
        MIDDLE,
        32,
        BLENDED,
        False,
        "4.B:3 4.H:3 4.L:3 4.I:2",
        "Running program and financial management reviews, keeping case data current and "
        "closing cases.",
    ),
    (
        "DEMO-SC-203",
        "International Armaments Cooperation",
        MIDDLE,
        40,
        RESIDENT,
        False,
        "3.A:3 3.C:3 3.D:3 3.F:2",
        "Cooperative research, development and production programs with allies, from exploratory "
        "talks to agreements.",
    ),
    (
        "DEMO-SC-204",
        "Technology Security and Foreign Disclosure",
        MIDDLE,
        24,
        VIRTUAL,
        True,
        "9.A:3 9.C:3 9.D:2 5.D:2",
        "Release decisions for controlled information, delegation of disclosure authority "
        "letters and critical program information.",
    ),
    (
        "DEMO-SC-205",
        "Assessment, Monitoring and Evaluation Practitioner",
        MIDDLE,
        32,
        VIRTUAL,
        False,
        "7.A:3 7.B:3 7.C:3 7.F:3",
        "Baselines, indicators, monitoring plans and evaluations of security cooperation "
        "initiatives.",
    ),
    (
        "DEMO-SC-206",
        "Regional Security Studies",
        MIDDLE,
        40,
        RESIDENT,
        False,
        "1.A:3 1.B:3 1.C:3 8.C:2",
        "The security outlook, institutions and capabilities of partner nations, region by region.",
    ),
    (
        "DEMO-SC-207",
        "Cross-Cultural Engagement",
        BASIC,
        16,
        VIRTUAL,
        False,
        "1.D:3 1.E:2",
        "Building working relationships with foreign counterparts and keeping communication "
        "flowing across the relationship.",
    ),
    (
        "DEMO-SC-301",
        "Security Cooperation Planning",
        ADVANCED,
        40,
        RESIDENT,
        True,
        "6.A:4 6.B:3 6.C:3 4.A:3 2.C:3",
        "Campaign-plan analysis of partners, significant security cooperation initiatives and "
        "resourcing the plan.",
    ),
    (
        "DEMO-SC-302",
        "International Acquisition and Exportability",
        ADVANCED,
        32,
        BLENDED,
        False,
        "5.A:4 5.B:4 5.C:3 5.E:3",
        "Designing exportability into acquisition programs and assessing international "
        "acquisition opportunities.",
    ),
    (
        "DEMO-SC-303",
        "Defense Institution Building",
        ADVANCED,
        24,
        VIRTUAL,
        False,
        "6.G:3 8.A:3 8.C:3 8.D:3",
        "Working with partner ministries on defense governance, policy and the institutions "
        "behind their forces.",
    ),
    (
        "DEMO-SC-304",
        "Security Cooperation Resource Management",
        ADVANCED,
        24,
        ONLINE,
        False,
        "2.B:3 2.C:3 4.L:3",
        "Planning, programming, budgeting and execution of security cooperation funds.",
    ),
    # Left unmapped: its page offers the suggestions to accept or reject.
    (
        "DEMO-SC-305",
        "End-Use Monitoring Program Management",
        MIDDLE,
        16,
        ONLINE,
        False,
        "",
        "Planning and carrying out end-use checks of defense articles transferred to partner "
        "nations, keeping the inventory records, and reporting possible violations of the "
        "conditions of transfer.",
    ),
]

# Role type name -> the certification its positions require.
LEVEL_OF_ROLE = {
    "leadership": ADVANCED,
    "country desk officer": MIDDLE,
    "case manager": MIDDLE,
    "program": MIDDLE,
}


def demo_is_loaded() -> bool:
    return Course.objects.filter(external_id=MARKER).exists()


def _level_for(position: Position) -> str:
    name = position.role_type.name.lower()
    for key, level in LEVEL_OF_ROLE.items():
        if key in name:
            return level
    return BASIC


def build_development_demo(*, seed: int, today: datetime.date | None = None) -> str:
    """Build the demo's training catalog, plans and certifications; say what was done."""
    if demo_is_loaded():
        return "The demo training catalog is already loaded; nothing was changed."
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return "No demo administrator exists, so no training catalog was loaded."
    today = today or timezone.localdate()
    rng = random.Random(seed)
    framework = Framework.objects.default()
    codes = dict(framework.competencies.values_list("code", "pk"))
    with transaction.atomic():
        courses = {}
        for external_id, title, level, hours, delivery, required, builds, text in COURSES:
            course = Course(
                external_id=external_id,
                title=title,
                provider="Defense Security Cooperation University (demo)",
                level=level,
                hours=hours,
                delivery=delivery,
                description=text,
                required_for_certification=required,
            )
            course.full_clean()
            course._history_user = admin
            course.save()
            courses[external_id] = course
            for pair in builds.split():
                code, built = pair.split(":")
                line = CourseCompetency(course=course, competency_id=codes[code], level=int(built))
                line._history_user = admin
                line.save()
        positions = list(
            Position.objects.active()
            .filter(incumbent__isnull=False)
            .select_related("role_type", "incumbent")
            .order_by("path")
        )
        # The area the migration seeds; billets at Intermediate and Advanced name it.
        area = AreaOfConcentration.objects.active().order_by("pk").first()
        levels = {}
        for position in positions:
            level = _level_for(position)
            levels[position.incumbent_id] = level
            requirement = CertificationRequirement(
                position=position,
                level=level,
                area=area if level in AREA_LEVELS else None,
                key=level == ADVANCED,
            )
            requirement._history_user = admin
            requirement.save()
        people = [position.incumbent for position in positions]
        records = 0
        for index, person in enumerate(people):
            if index % 7 == 6:
                continue  # some without a record: "no start date recorded"
            entered = today - datetime.timedelta(days=rng.randint(60, 1600))
            started = entered - datetime.timedelta(days=rng.choice([0, 180, 700, 2000]))
            record = CertificationRecord(person=person, entered_position_on=entered)
            record._history_user = admin
            record.save()
            period = ExperiencePeriod(
                person=person, area=area, level=levels[person.pk], started_on=started
            )
            period._history_user = admin
            period.save()
            records += 1
        plans = _plans(people[:8], courses, today, rng, admin)
    return (
        f"Loaded {len(courses)} courses, certification levels for {len(positions)} positions, "
        f"{records} certification records and {plans} development plans."
    )


def _plans(people: list[Person], courses: dict, today, rng, admin) -> int:
    basic = [courses["DEMO-SC-101"], courses["DEMO-SC-102"]]
    count = 0
    for index, person in enumerate(people):
        recommended = services.recommend_for_person(person, top=2)
        chosen = basic + [item.course for item in recommended.courses]
        for number, course in enumerate(dict.fromkeys(chosen)):
            activity = services.add_course(
                user=admin,
                person=person,
                course=course,
                due_on=today + datetime.timedelta(days=30 * (number + 1) - 45 * (index % 2)),
            )
            if course in basic and (index + number) % 3 != 2:
                services.complete_activity(
                    user=admin,
                    activity=activity,
                    completed_on=today - datetime.timedelta(days=rng.randint(10, 300)),
                )
        services.set_objectives(
            user=admin,
            person=person,
            objectives="Close the gaps against the position's template before the next "
            "assessment cycle, and complete the training the certification level requires.",
        )
        count += 1
    return count
