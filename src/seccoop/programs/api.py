"""Programs, agreements and cases through the API: one router per area."""

from ninja import Router

from seccoop.programs.api_case_status import router as case_status_router
from seccoop.programs.api_cases import router as cases_router
from seccoop.programs.api_cooperation import router as cooperation_router
from seccoop.programs.api_licences import router as licences_router

router = Router()
router.add_router("", cooperation_router)
# The extracts first: their literal paths would otherwise be read as /cases/{case_id}.
router.add_router("", case_status_router)
router.add_router("", cases_router)
router.add_router("", licences_router)
