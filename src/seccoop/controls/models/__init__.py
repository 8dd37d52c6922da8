"""Foreign disclosure, security agreements, end-use monitoring, vetting and constraints.

One module per area; every model is importable from `seccoop.controls.models`.
"""

from seccoop.controls.models.ceilings import *  # noqa: F403, E402
from seccoop.controls.models.constraints import *  # noqa: F403
from seccoop.controls.models.disclosure import *  # noqa: F403
from seccoop.controls.models.enduse import *  # noqa: F403
from seccoop.controls.models.exceptions import *  # noqa: F403, E402
from seccoop.controls.models.oversight import *  # noqa: F403
from seccoop.controls.models.security import *  # noqa: F403
from seccoop.controls.models.vetting import *  # noqa: F403
from seccoop.controls.models.visits import *  # noqa: F403
