"""Armaments cooperation programs, international agreements, sales and transfer cases,
and the export licences of direct commercial sales.

One module per area; every model is importable from `seccoop.programs.models`.
"""

from seccoop.programs.models.agreements import *  # noqa: F403
from seccoop.programs.models.case_status import *  # noqa: F403
from seccoop.programs.models.case_versions import *  # noqa: F403
from seccoop.programs.models.cases import *  # noqa: F403
from seccoop.programs.models.cooperation import *  # noqa: F403
from seccoop.programs.models.licences import *  # noqa: F403
