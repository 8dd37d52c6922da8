"""Development fixtures: a small catalog against the directorate's desk officer template.

The desk officer template requires 1.A at 3, 1.D at 4 and 4.C at 2. Tina,
Uma and Bob hold desk officer positions and have no ratings, so each is 3,
4 and 2 levels short (the weights). The catalog:

- Regional Studies builds 1.A to 3: closes 3 x 3 = 9 for Tina;
- Engagement Skills builds 1.D to 3: closes 3 x 4 = 12;
- Sales Basics builds 4.C to 2: closes 2 x 2 = 4 (required for basic certification);
- Orientation builds 1.A and 1.D to 2: closes 2 x 3 + 2 x 4 = 14, the best alone,
  but not part of the best pair (Regional Studies and Engagement Skills, 21).
"""

from dataclasses import dataclass

import pytest

from seccoop.development.models import CertificationLevel, Course, CourseCompetency


@dataclass
class Catalog:
    regional: Course
    engagement: Course
    sales: Course
    orientation: Course


def make_course(framework, title, builds, *, level=CertificationLevel.BASIC, hours=8, **kwargs):
    course = Course.objects.create(title=title, provider="DSCU", level=level, hours=hours, **kwargs)
    for code, built in builds.items():
        CourseCompetency.objects.create(
            course=course, competency=framework.competencies.get(code=code), level=built
        )
    return course


@pytest.fixture
def catalog(directorate):
    framework = directorate.framework
    return Catalog(
        regional=make_course(framework, "Regional Studies", {"1.A": 3}, hours=40),
        engagement=make_course(framework, "Engagement Skills", {"1.D": 3}, hours=16),
        sales=make_course(
            framework, "Sales Basics", {"4.C": 2}, hours=24, required_for_certification=True
        ),
        orientation=make_course(framework, "Orientation", {"1.A": 2, "1.D": 2}, hours=8),
    )


def code_of(framework, code):
    return framework.competencies.get(code=code)
