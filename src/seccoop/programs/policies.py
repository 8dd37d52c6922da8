"""Who may see and change the records of the programs app (see seccoop.core.permissions).

One module per area registers its policies.
"""

from seccoop.programs import policies_cases, policies_cooperation, policies_licences  # noqa: F401
