"""Permission entries of the competency frameworks: read by all staff, imported by stewards."""

from tests.permissions.expect import SIGNED_IN, WORKFORCE_STEWARDS, Entry

FRAMEWORK = {"slug": "framework.slug"}

ROUTES = {
    "competencies:framework-list": Entry(allowed=SIGNED_IN),
    "competencies:framework-detail": Entry(allowed=SIGNED_IN, params=FRAMEWORK),
    "competencies:work-mapping": Entry(allowed=SIGNED_IN, params=FRAMEWORK),
    "competencies:competency-detail": Entry(
        allowed=SIGNED_IN, params={**FRAMEWORK, "code": "competency.code"}
    ),
    "competencies:framework-export": Entry(
        allowed=SIGNED_IN, params=FRAMEWORK, query="format=moodle-csv"
    ),
    "competencies:framework-import": Entry(method="POST", allowed=WORKFORCE_STEWARDS),
    "competencies:mapping": Entry(allowed=SIGNED_IN),
    "GET /api/v1/frameworks": Entry(allowed=SIGNED_IN),
    "GET /api/v1/frameworks/{slug}": Entry(allowed=SIGNED_IN, params=FRAMEWORK),
    "GET /api/v1/frameworks/{slug}/competencies": Entry(allowed=SIGNED_IN, params=FRAMEWORK),
    "GET /api/v1/frameworks/{slug}/competencies/{code}": Entry(
        allowed=SIGNED_IN, params={**FRAMEWORK, "code": "competency.code"}
    ),
    # Open to all staff and writes nothing; sent empty (422), so no model is loaded here.
    "POST /api/v1/mapping/suggest": Entry(allowed=SIGNED_IN),
}
