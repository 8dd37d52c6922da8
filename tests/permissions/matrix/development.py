"""Permission entries of the development routes.

The course catalog and positions' certification levels are read by all staff
and kept by workforce managers and administrators. A development plan follows
the rule of ratings: Tina's is seen and changed by herself, Sam and Lee above
her, workforce managers and administrators; anyone else is told it does not
exist. Tina and her chain may ask for her certification; only workforce
managers and administrators, the certification authority, approve it.
"""

import datetime

from seccoop.development import services
from seccoop.development.models import (
    AreaOfConcentration,
    CertificationLevel,
    CertificationRequest,
    Course,
    CourseCompetency,
)
from tests.permissions.expect import SIGNED_IN, WORKFORCE_STEWARDS, Entry, Filtered, Ref

DAY = datetime.date(2026, 2, 2)
TINAS_CHAIN = {"administrator", "leadership", "workforce_manager", "supervisor", "desk_officer"}
HIDDEN_FROM = SIGNED_IN - TINAS_CHAIN
TINA = {"pk": "tina"}
COURSE = {"pk": "dev_course"}
# Who may read a whole unit's gaps (Alpha): its supervisor chain and the stewards.
ALPHA_READERS = {"administrator", "leadership", "workforce_manager", "supervisor"}
SEES_BOTH = Filtered(shows=["tina_assignment", "bob_assignment"])
SEES_TINA = Filtered(shows=["tina_assignment"], hides=["bob_assignment"])
SEES_NONE = Filtered(hides=["tina_assignment", "bob_assignment"])


def records(world):
    walter = world.users["workforce_manager"]
    framework = world.records["framework"]
    course = world.add(
        "dev_course",
        Course.objects.create(title="Matrix Regional Studies", provider="DSCU", hours=16),
    )
    CourseCompetency.objects.create(
        course=course, competency=framework.competencies.get(code="1.A"), level=3
    )
    world.add(
        "dev_other_course",
        Course.objects.create(title="Matrix Engagement", provider="DSCU", hours=8),
    )
    for name, title in (("tina", "Shadow the Paris desk"), ("bob", "Shadow the Tokyo desk")):
        person = world.records[name]
        activity = services.add_assignment(
            user=walter,
            person=person,
            title=title,
            competencies=[framework.competencies.get(code="1.D")],
            due_on=DAY,
        )
        world.add(f"{name}_activity", activity, title)
        world.mark(f"{name}_assignment", title)
    services.set_requirement(
        user=walter,
        position=world.records["tina_position"],
        level=CertificationLevel.BASIC,
    )
    world.add("sco_area", AreaOfConcentration.objects.get(code="SCO"))
    world.add(
        "tina_request",
        CertificationRequest.objects.create(
            person=world.records["tina"],
            level=CertificationLevel.BASIC,
            requested_by=walter,
            requested_on=DAY,
        ),
    )


def _plan_write(name: str, **kwargs) -> Entry:
    return Entry(method="POST", allowed=TINAS_CHAIN, not_found=HIDDEN_FROM, **kwargs)


ACTIVITIES = {
    **dict.fromkeys(["administrator", "leadership", "workforce_manager"], SEES_BOTH),
    **dict.fromkeys(["supervisor", "desk_officer"], SEES_TINA),
    **dict.fromkeys(["program_team", "disclosure_specialist", "auditor", "staff"], SEES_NONE),
}

ROUTES = {
    "development:index": Entry(allowed=SIGNED_IN),
    "development:course-list": Entry(allowed=SIGNED_IN),
    "development:course-new": Entry(allowed=WORKFORCE_STEWARDS),
    "development:course-import": Entry(allowed=WORKFORCE_STEWARDS),
    "development:course-export": Entry(allowed=SIGNED_IN),
    "development:course-detail": Entry(params=COURSE, allowed=SIGNED_IN),
    "development:course-edit": Entry(params=COURSE, allowed=WORKFORCE_STEWARDS),
    "development:mapping-add": Entry(
        method="POST",
        params=COURSE,
        allowed=WORKFORCE_STEWARDS,
        data={"competency": Ref("competency"), "level": 2},
    ),
    "development:mapping-remove": Entry(
        method="POST",
        params={"pk": "dev_course", "code": "competency.code"},
        allowed=WORKFORCE_STEWARDS,
    ),
    "development:suggestion-decide": Entry(
        method="POST",
        params={"pk": "dev_other_course"},
        allowed=WORKFORCE_STEWARDS,
        data={"code": "1.E", "score": "0.5", "rank": "1", "decision": "accept"},
    ),
    "development:my-plan": Entry(allowed=SIGNED_IN, success=(302,)),
    "development:plan": Entry(
        params=TINA,
        allowed=TINAS_CHAIN,
        not_found=HIDDEN_FROM,
        filtered={name: Filtered(shows=["tina_assignment"]) for name in TINAS_CHAIN},
    ),
    "development:plan-add-course": _plan_write(
        "course", params=TINA, data={"course": Ref("dev_other_course"), "due_on": "2026-05-01"}
    ),
    "development:plan-add-recommended": _plan_write(
        "recommended", params={"pk": "tina", "course_pk": "dev_other_course"}
    ),
    "development:plan-add-assignment": _plan_write(
        "assignment",
        params=TINA,
        data={
            "title": "Brief the ambassador",
            "competencies": [Ref("competency")],
            "due_on": "2026-05-01",
        },  # fmt: skip
    ),
    "development:plan-objectives": _plan_write(
        "objectives", params=TINA, data={"objectives": "Grow into the desk"}
    ),
    "development:activity-complete": _plan_write(
        "complete", params={"pk": "tina_activity"}, data={"completed_on": "2026-02-10"}
    ),
    "development:activity-remove": _plan_write("remove", params={"pk": "tina_activity"}),
    # Assignment dates and experience are the workforce stewards' to record; the
    # rest of Tina's chain sees her plan but is refused; everyone else is told it is not there.
    "development:certification-dates": Entry(
        method="POST",
        params=TINA,
        allowed=WORKFORCE_STEWARDS,
        not_found=HIDDEN_FROM,
        data={"entered_position_on": "2025-06-01"},
    ),
    "development:certification-experience": Entry(
        method="POST",
        params=TINA,
        allowed=WORKFORCE_STEWARDS,
        not_found=HIDDEN_FROM,
        data={
            "experience-area": Ref("sco_area"),
            "experience-level": "basic",
            "experience-started_on": "2024-01-01",
        },
    ),
    # Tina and her chain may ask for her certification; only the authority decides.
    "development:certification-request": _plan_write(
        "request", params=TINA, data={"request-level": "basic"}
    ),
    "development:certification-decide": Entry(
        method="POST",
        params={"pk": "tina_request"},
        allowed=WORKFORCE_STEWARDS,
        not_found=HIDDEN_FROM,
        data={"decision-decision": "approve"},
    ),
    "development:unit-recommendations": Entry(allowed=ALPHA_READERS, query="unit={alpha}"),
    "development:standing": Entry(allowed=SIGNED_IN),
    "development:requirement-set": Entry(
        method="POST",
        allowed=WORKFORCE_STEWARDS,
        data={"position": Ref("uma_position"), "level": "basic"},
    ),
    # The API.
    "GET /api/v1/courses": Entry(allowed=SIGNED_IN),
    "POST /api/v1/courses": Entry(
        allowed=WORKFORCE_STEWARDS, data={"title": "Matrix course", "provider": "DSCU", "hours": 4}
    ),
    "GET /api/v1/courses/{course_id}": Entry(params={"course_id": "dev_course"}, allowed=SIGNED_IN),
    "PUT /api/v1/courses/{course_id}/mapping": Entry(
        params={"course_id": "dev_course"},
        allowed=WORKFORCE_STEWARDS,
        data={"levels": {"1.A": 2}, "version": Ref("dev_course.version")},
    ),
    "POST /api/v1/courses/{course_id}/decisions": Entry(
        params={"course_id": "dev_other_course"},
        allowed=WORKFORCE_STEWARDS,
        data={"code": "1.E", "accept": True, "score": 0.5, "rank": 1},
    ),
    "GET /api/v1/mapping-decisions": Entry(allowed=SIGNED_IN),
    "GET /api/v1/mapping-decisions/precision": Entry(allowed=SIGNED_IN),
    "GET /api/v1/development-plans/{person_id}": Entry(
        params={"person_id": "tina"}, allowed=TINAS_CHAIN, not_found=HIDDEN_FROM
    ),
    "GET /api/v1/development-plans/{person_id}/recommendations": Entry(
        params={"person_id": "tina"}, allowed=TINAS_CHAIN, not_found=HIDDEN_FROM
    ),
    "POST /api/v1/development-plans/{person_id}/activities": Entry(
        params={"person_id": "tina"},
        allowed=TINAS_CHAIN,
        not_found=HIDDEN_FROM,
        data={"kind": "on-the-job", "title": "Brief", "codes": ["1.D"], "due_on": "2026-05-01"},
    ),
    "GET /api/v1/development-activities": Entry(filtered=ACTIVITIES),
    "POST /api/v1/development-activities/{activity_id}/complete": Entry(
        params={"activity_id": "tina_activity"},
        allowed=TINAS_CHAIN,
        not_found=HIDDEN_FROM,
        data={"completed_on": "2026-02-10"},
    ),
    "GET /api/v1/training-seats": Entry(allowed=ALPHA_READERS, query="unit={alpha}"),
    "GET /api/v1/certification-requirements": Entry(allowed=SIGNED_IN),
    "PUT /api/v1/certification-requirements/{position_id}": Entry(
        params={"position_id": "uma_position"}, allowed=WORKFORCE_STEWARDS, data={"level": "basic"}
    ),
    "DELETE /api/v1/certification-requirements/{position_id}": Entry(
        params={"position_id": "tina_position"}, allowed=WORKFORCE_STEWARDS
    ),
    "GET /api/v1/certification-records": Entry(allowed=SIGNED_IN),
    "GET /api/v1/certification-standing": Entry(allowed=SIGNED_IN),
}
